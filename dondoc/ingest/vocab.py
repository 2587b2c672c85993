"""Word lists of the extraction grammars, read once from ``dondoc/ingest/data/*.yaml``.

The grammars (deadlines.py, targets.py) keep their words in data files, like dateparser's
language data, so a new spelling is a one-line data change. This module loads a file once
(cached), and offers the two helpers every grammar needs: `fold` (the matching form of a
text, with a map back to the original positions) and `alternation` (a regex union of
phrases, longest first, on word boundaries).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any

from dondoc.yamlload import load_yaml

_DATA_PACKAGE = "dondoc.ingest"
_SPACES = re.compile(r"\s+")


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed yaml file ``data/<name>.yaml`` with every string NFC-normalised."""
    path = resources.files(_DATA_PACKAGE).joinpath("data", f"{name}.yaml")
    with path.open("r", encoding="utf-8") as fh:
        data = load_yaml(fh)
    if not isinstance(data, dict):
        raise ValueError(f"data/{name}.yaml must hold a mapping")
    out = _nfc(data)
    assert isinstance(out, dict)
    return out


def _nfc(value: Any) -> Any:
    # Editors save NFC or NFD at will; matching compares code points, so fix one form here.
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    if isinstance(value, dict):
        return {_nfc(k): _nfc(v) for k, v in value.items()}
    return value


def clean(text: str) -> str:
    """NFC, whitespace runs (line breaks of a flattened table cell) to one space, stripped."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def alternation(words: Iterable[str]) -> str:
    """A regex group matching any of `words` as whole words, the longest first.

    Longest first so "ngay sau khi" wins over "sau khi". A phrase gets a boundary only at an
    end that is a letter or digit, so symbols ("≥", "%", "-") match next to anything.
    """
    uniq = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    return "(?:" + "|".join(_phrase(w) for w in uniq) + ")"


def _phrase(word: str) -> str:
    body = r"\s+".join(re.escape(part) for part in word.split())
    # A boundary only where the phrase ends in a letter or digit: "≥30" must match "≥".
    # The head boundary sits after the first letter ("k(?<!\w.)hi"), not before it: a
    # pattern whose branches open with a literal lets the regex engine skip ahead by first
    # character, about ten times faster on long texts than branches opening with a lookbehind.
    if word[0].isalnum():
        body = body[0] + r"(?<!\w.)" + body[1:]
    tail = r"(?!\w)" if word[-1].isalnum() else ""
    return body + tail


class Folder:
    """Turns a text into its matching form and maps matched positions back to the text.

    The matching form is lower case with the vocabulary's folds applied (spelling variants
    such as "hàng năm" → "hằng năm", font artefacts such as "ƣ" → "ư"). Folds may change
    the length, so `fold` also returns, for each character of the folded text, the index of
    the character of the input it came from.
    """

    def __init__(self, folds: Iterable[Iterable[str]], char_folds: Iterable[Iterable[str]] = ()) -> None:
        self._folds: dict[str, str] = {}
        for pair in folds:
            src, dst = list(pair)
            self._folds[src] = dst
        # Single letters only, so the translation keeps every position.
        table: dict[int, str] = {}
        for pair in char_folds:
            src, dst = list(pair)
            if len(src) != 1 or len(dst) != 1:
                raise ValueError(f"char fold {src!r} → {dst!r} must map one letter to one letter")
            table[ord(src)] = dst
        self._table = table
        # The same repairs in both cases, for text that is output as printed.
        self._repair = {**table, **{ord(chr(k).upper()): v.upper() for k, v in table.items()}}
        self._pattern = re.compile(alternation(self._folds)) if self._folds else None

    def repair(self, text: str) -> str:
        """`text` with the single-letter repairs applied, case kept ("ngƣời" → "người")."""
        return text.translate(self._repair) if self._repair else text

    def fold(self, text: str) -> tuple[str, list[int]]:
        """(folded text, index map); `text` should already be `clean`ed."""
        folded = text.lower()
        if len(folded) != len(text):
            # lower() of a few non-Vietnamese letters yields two characters; keep the length.
            folded = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        if self._table:
            folded = folded.translate(self._table)
        index = list(range(len(folded)))
        if self._pattern is None or not self._pattern.search(folded):
            return folded, index
        out: list[str] = []
        out_index: list[int] = []
        pos = 0
        for m in self._pattern.finditer(folded):
            out.append(folded[pos : m.start()])
            out_index.extend(index[pos : m.start()])
            repl = self._folds[_SPACES.sub(" ", m.group(0))]
            out.append(repl)
            # Every character of the replacement maps into the matched span, start to end.
            span = index[m.start() : m.end()]
            out_index.extend(span[min(k, len(span) - 1)] for k in range(len(repl)))
            pos = m.end()
        out.append(folded[pos:])
        out_index.extend(index[pos:])
        return "".join(out), out_index
