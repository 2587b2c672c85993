"""Detect and convert Vietnamese text typed in the legacy TCVN3 (ABC) and VNI-Windows encodings.

Before Unicode, Vietnamese offices typed with .VnTime (TCVN3/ABC) or VNI-Times (VNI) fonts: the
file holds ordinary 8-bit bytes and only the font draws them as Vietnamese letters. Opened without
that font (a .txt read as cp1252, a Word run whose font we ignore, a PDF without a ToUnicode map)
the text reads "Céng hoµ x· héi chñ nghÜa ViÖt Nam" (TCVN3) or "Coäng hoøa xaõ hoäi chuû nghóa
Vieät Nam" (VNI). This module recognises both and maps them back to Unicode NFC with the tables in
``data/legacy_encodings.yaml`` (sources stated there).

Detection counts characters that only the legacy encodings produce, weighs them against the
characters that only genuine Unicode Vietnamese has (ơ, ư, đ, ạ…), and needs both a minimum count
and a minimum share of the letters, so normal Vietnamese or English text is never converted.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources
from typing import Literal

from dondoc.ingest.errors import LegacyEncodingError
from dondoc.yamlload import load_yaml

LegacyEncoding = Literal["tcvn3", "vni"]

# A confident detection needs at least this many signature characters …
_MIN_SIGNATURES = 5
# … and at least this share of the letters (measured on the seeds encoded to TCVN3: ~12 %, to VNI: ~16 %;
# English text with « » ® · stays under 1.5 %).
_MIN_SHARE = 0.03
# After conversion, leftovers beyond this share of the converted characters mean the table did not
# fit the text (another legacy encoding, or damaged text): refuse instead of guessing.
_MAX_LEFTOVER_SHARE = 0.02

# Precomposed letters that exist only in Unicode Vietnamese (never in cp1252-decoded legacy text).
_UNICODE_VI = re.compile("[ăđơưĂĐƠƯĩĨũŨ\u1ea0-\u1ef9]")


def _byte_char(b: int) -> str:
    """The character a byte becomes when legacy text is decoded as cp1252 (latin-1 where undefined)."""
    try:
        return bytes([b]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(b)


@lru_cache(maxsize=1)
def _raw_tables() -> tuple[dict[int, str], dict[int, str], dict[str, str]]:
    """(TCVN3 ABC table, VN1 uppercase extras — both keyed by code point —, VNI sequence → letter)."""
    text = resources.files("dondoc.ingest").joinpath("data/legacy_encodings.yaml").read_text("utf-8")
    raw = load_yaml(text)
    abc = {ord(_byte_char(int(b))): letter for b, letter in raw["tcvn3"]["abc"].items()}
    vn1 = {ord(_byte_char(int(b))): letter for b, letter in raw["tcvn3"]["vn1_uppercase"].items()}
    vni = dict(raw["vni"])
    vni.update(raw["vni_alternates"])
    return abc, vn1, vni


def _tables() -> tuple[dict[int, str], dict[str, str]]:
    """(TCVN3 translate table keyed by code point, VNI sequence → letter)."""
    abc, vn1, vni = _raw_tables()
    return {**abc, **vn1}, vni


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Regexes: TCVN3 signatures, VNI signatures, VNI conversion, VNI leftovers."""
    tcvn, vni = _tables()
    legit = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
    vni_chars = {c for seq in vni for c in seq if ord(c) > 0x7F}
    # TCVN3 signatures: bytes TCVN3 uses for letters that are neither Unicode Vietnamese letters
    # nor VNI marks (¸ µ ¶ · ¹ © ª « ¬ ® …), counted only right after an ASCII letter ("c¸c",
    # "vµ", "th«ng"): as letters inside words they are on nearly every line of TCVN3 text, while
    # the same characters as symbols ("© 2024", "a · b") stand apart.
    tcvn_sig = sorted(chr(cp) for cp in tcvn if chr(cp) not in legit and chr(cp) not in vni_chars)
    # VNI signatures: a vowel followed by a VNI mark that no Vietnamese letter looks like, and the
    # single-byte letters ö (ư) / ñ (đ), which Unicode Vietnamese never has, outside such a pair.
    # (ô is ơ in VNI but also a real Vietnamese letter, so it counts only with a mark: "ôù" = ớ.)
    marks = "ùøûõïåäëüÙØÛÕÏÅÄËÜ"
    vni_sig = rf"([aeiouyAEIOUYôöÔÖ][{marks}])|(?<![aeiouyAEIOUY])[öÖñÑ]"
    seqs = sorted(vni, key=len, reverse=True)
    vni_conv = "|".join(re.escape(s) for s in seqs)
    return (
        re.compile("(?<=[A-Za-z])[" + re.escape("".join(tcvn_sig)) + "]"),
        re.compile(vni_sig),
        re.compile(vni_conv),
        re.compile(f"[{marks}]"),
    )


def _signatures(text: str) -> tuple[int, int]:
    """(TCVN3 score, VNI score). A single ö/ñ counts for VNI only as far as vowel+mark pairs
    outnumber them: VNI text is mostly pairs ("aø", "eä"), German or Spanish words only have ö/ñ."""
    tcvn_sig, vni_sig, _, _ = _patterns()
    vni = vni_sig.findall(text)
    pairs = sum(1 for m in vni if m)
    return len(tcvn_sig.findall(text)), pairs + min(len(vni) - pairs, pairs)


_HIGH = re.compile("[\u0080-\u00ff]")


def detect_legacy_encoding(text: str) -> LegacyEncoding | None:
    """Return "tcvn3" or "vni" when `text` is confidently legacy-encoded Vietnamese, else None."""
    if not _HIGH.search(text):  # fast path: pure ASCII or Unicode beyond Latin-1
        return None
    t, v = _signatures(text)
    best: LegacyEncoding
    best, score, other = ("tcvn3", t, v) if t >= v else ("vni", v, t)
    if score < _MIN_SIGNATURES:  # the usual case (Unicode text): decided without counting letters
        return None
    if score < _MIN_SHARE * sum(map(str.isalpha, text)):
        return None
    if len(_UNICODE_VI.findall(text)) * 2 > score:  # genuine Unicode Vietnamese, a few stray symbols
        return None
    if other * 2 > score:  # both patterns about equally strong: not a clean legacy text
        return None
    return best


_WORD = re.compile(r"[^\W\d_]+")


def _restore_uppercase(text: str) -> str:
    """TCVN3 headings set in .VnTimeH fonts use lowercase bytes: "CéNG HßA" → "CỘNG HÒA".

    A word is uppercased when its ASCII letters are all capitals and one stands after the first
    position ("HòA"); a word whose only ASCII letter is its capital initial ("Kế", "Số") is
    uppercased only next to an uppercased Vietnamese word (an ASCII acronym such as "KH" or "UBND"
    is no evidence), so title-case words ("Cộng hòa", "Sở KH&CN") stay as they are.
    """
    words = list(_WORD.finditer(text))
    if not words:
        return text
    state: list[str] = []  # "upper" | "maybe" | "keep"
    for m in words:
        w = m.group(0)
        ascii_letters = [c for c in w if c.isascii()]
        if w.isupper() or not ascii_letters or any(c.islower() for c in ascii_letters):
            state.append("upper" if w.isupper() and len(w) > 1 and not w.isascii() else "keep")
        elif any(c.isascii() and c.isupper() for c in w[1:]):
            state.append("upper")
        else:
            state.append("maybe")
    resolved = [
        st == "upper"
        or (
            st == "maybe"
            and ((i > 0 and state[i - 1] == "upper") or (i + 1 < len(state) and state[i + 1] == "upper"))
        )
        for i, st in enumerate(state)
    ]
    out: list[str] = []
    pos = 0
    for m, up in zip(words, resolved, strict=True):
        out.append(text[pos : m.start()])
        out.append(m.group(0).upper() if up else m.group(0))
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def convert_legacy(text: str, encoding: str, *, strict: bool = True) -> str:
    """Convert cp1252-decoded TCVN3 or VNI text to Unicode NFC.

    With `strict`, raise LegacyEncodingError when characters that the table should have consumed
    are left over (the text is not cleanly in `encoding`).
    """
    tcvn, vni = _tables()
    _, _, vni_conv, vni_left = _patterns()
    if encoding == "tcvn3":
        out = _restore_uppercase(text.translate(tcvn))
        leftovers = out.count("\ufffd") + sum(1 for c in out if "\u0080" <= c <= "\u009f")
    elif encoding == "vni":
        out = vni_conv.sub(lambda m: vni[m.group(0)], text)
        leftovers = out.count("\ufffd") + len(vni_left.findall(out))
    else:
        raise ValueError(f"unknown legacy encoding {encoding!r}")
    if strict and leftovers and leftovers > _MAX_LEFTOVER_SHARE * max(1, sum(map(str.isalpha, out))):
        raise LegacyEncodingError(
            "Văn bản dùng bảng mã cũ (TCVN3/VNI) không chuyển đổi được; hãy lưu lại với Unicode",
            "The text uses a legacy Vietnamese encoding (TCVN3/VNI) that could not be converted; "
            "save it again as Unicode",
        )
    return unicodedata.normalize("NFC", out)


def looks_unicode(text: str) -> bool:
    """True when `text` has more genuine Unicode Vietnamese letters than legacy signatures.

    Used to leave alone the Unicode parts of a document that is mostly legacy-encoded.
    """
    u = len(_UNICODE_VI.findall(text))
    return u > 0 and u >= max(_signatures(text))


def encode_legacy(text: str, encoding: str) -> str:
    """Unicode → cp1252-decoded legacy text (the inverse tables), for tests and fixtures."""
    abc, _, vni = _raw_tables()
    nfc = unicodedata.normalize("NFC", text)
    if encoding == "tcvn3":
        # ABC bytes only, as a .VnTime document has them
        inverse = {letter: chr(cp) for cp, letter in abc.items()}
        # uppercase accented letters have no TCVN3 (ABC) byte: write them lowercase, as .VnTimeH does
        return "".join(inverse.get(c) or inverse.get(c.lower()) or c for c in nfc)
    if encoding == "vni":
        inv: dict[str, str] = {}
        for seq, letter in vni.items():
            inv.setdefault(letter, seq)
        return "".join(inv.get(c, c) for c in nfc)
    raise ValueError(f"unknown legacy encoding {encoding!r}")
