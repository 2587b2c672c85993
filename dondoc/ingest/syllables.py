"""Vietnamese syllables: is a string one syllable (onset, vowels, final consonant, one tone)?

Used to rejoin words that a narrow column or a page break cut ("Phò" + "ng", "tron" + "g"):
two pieces are one word when together they make a syllable and one of them alone does not.
"""

from __future__ import annotations

import re
import unicodedata

_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
SYLLABLE = re.compile(rf"^{_ONSET}(?:[aeiouy]{{1,3}})(?:ch|nh|ng|[cmnpt])?$")
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def is_syllable(word: str) -> bool:
    nfd = unicodedata.normalize("NFD", word.lower().replace("đ", "d"))
    if sum(1 for ch in nfd if ch in TONES) > 1:
        return False
    plain = "".join(ch for ch in nfd if not unicodedata.combining(ch))
    return bool(SYLLABLE.match(plain))


SPLIT = re.compile(r"[\s,.;:()/-]")
CODE_END = re.compile(r"(?:\d/|/)[A-ZĐ]{0,4}$")


def rejoin(a: str, b: str) -> str:
    """Text cut in two (a wrapped line, a page break) put back: with no space when the cut fell
    inside a word or inside a document number ("85/2020/T" + "T-BTC"), else with one."""
    if not (a and b):
        return a or b
    tail, head = SPLIT.split(a)[-1], SPLIT.split(b, maxsplit=1)[0]
    if joins_as_one_word(tail, head) or (CODE_END.search(a) and b[:1].isupper() and " " not in a[-6:]):
        return a + b
    return a + " " + b


def joins_as_one_word(tail: str, head: str) -> bool:
    """Do the pieces either side of a cut make one word? Yes when together they are a syllable
    and one of them alone is not ("tron" + "g", "địn" + "h")."""
    if not (tail and head and tail[-1].isalpha() and head[0].isalpha() and head[0].islower()):
        return False
    if len(head) == 1 and tail.isalpha() and not is_syllable(tail):
        return True  # a foreign word cut before its last letter ("camer" + "a")
    return is_syllable(tail + head) and not (is_syllable(tail) and is_syllable(head))
