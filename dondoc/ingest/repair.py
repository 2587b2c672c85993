"""Repair the text readers extract, before it is stored in a `Line` or a `Table` cell.

Pure `str -> str` functions, fast enough for megabytes of text:

* legacy encodings (TCVN3/ABC, VNI) decoded as cp1252 are converted to Unicode
  (`legacy_encoding.py`);
* PDF font artefacts are fixed: `ƣ` → `ư`, and the lone `k` left where a font dropped `ỳ`
  ("định k " → "định kỳ"), driven by the word list in ``data/repair.yaml``;
* zero-width characters and soft hyphens are removed, no-break and other special spaces become
  plain spaces, the text is normalised to NFC and trailing spaces are stripped from every line.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Literal

from dondoc.ingest.legacy_encoding import (
    LegacyEncoding,
    convert_legacy,
    detect_legacy_encoding,
    looks_unicode,
)
from dondoc.yamlload import load_yaml

LegacyChoice = LegacyEncoding | Literal["auto"] | None

_TRAILING_SPACE = re.compile(r"[ \t]+(?=\n|\Z)")
_LONE_K = re.compile(r"\b[kK]\b")


@lru_cache(maxsize=1)
def _config() -> tuple[dict[str, str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(replacements, their pattern, "k" before-pattern, "k" after-pattern) from data/repair.yaml."""
    raw = load_yaml(resources.files("dondoc.ingest").joinpath("data/repair.yaml").read_text("utf-8"))
    table: dict[str, str] = dict(raw["font_artefacts"])
    table.update({c: "" for c in raw["remove"]})
    table.update({c: " " for c in raw["spaces"]})
    # a regex finds the few characters to replace much faster than str.translate walks them all
    chars = re.compile("[" + re.escape("".join(table)) + "]")
    before = "|".join(re.escape(w) for w in raw["dropped_ky"]["before"])
    after = "|".join(re.escape(w) for w in raw["dropped_ky"]["after"])
    # "định k" / "định k  và" (the lost glyph often leaves a second space: drop one)
    ky_before = re.compile(rf"(?<!\w)({before}) (k)(?!\w)(?: (?= ))?", re.IGNORECASE)
    # "k họp" / "k  báo cáo"
    ky_after = re.compile(rf"(?<!\w)(k)  ?({after})(?!\w)", re.IGNORECASE)
    return table, chars, ky_before, ky_after


def _ky(k: str, neighbour: str) -> str:
    if k == "K":
        return "KỲ" if neighbour.isupper() and len(neighbour) > 1 else "Kỳ"
    return "kỳ"


def _fix_dropped_ky(text: str) -> str:
    _, _, ky_before, ky_after = _config()
    text = ky_before.sub(lambda m: f"{m.group(1)} {_ky(m.group(2), m.group(1))}", text)
    return ky_after.sub(lambda m: f"{_ky(m.group(1), m.group(2))} {m.group(2)}", text)


def repair_text(text: str, *, legacy: LegacyChoice = "auto") -> str:
    """Repair one piece of text (a line, a cell, or a whole document).

    `legacy="auto"` detects TCVN3/VNI in `text` itself and raises LegacyEncodingError when it is
    clearly legacy-encoded but cannot be converted. Readers detect once per document
    (`document_legacy_encoding`) and pass the result, since one short line is too little evidence.
    """
    if legacy == "auto":
        detected = detect_legacy_encoding(text)
        if detected:
            text = convert_legacy(text, detected, strict=True)
    elif legacy and not looks_unicode(text):
        text = convert_legacy(text, legacy, strict=False)
    table, chars, _, _ = _config()
    text = chars.sub(lambda m: table[m.group(0)], text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if _LONE_K.search(text):
        text = _fix_dropped_ky(text)
    if " \n" in text or "\t\n" in text or text.endswith((" ", "\t")):
        text = _TRAILING_SPACE.sub("", text)
    return text


def document_legacy_encoding(texts: Iterable[str]) -> LegacyEncoding | None:
    """Detect a legacy encoding over a whole document; raise LegacyEncodingError if unconvertible."""
    joined = "\n".join(texts)
    encoding = detect_legacy_encoding(joined)
    if encoding:
        convert_legacy(joined, encoding, strict=True)
    return encoding


def repair_lines(lines: list[str]) -> list[str]:
    """Repair the lines of one document, detecting a legacy encoding once for all of them."""
    encoding = document_legacy_encoding(lines)
    return [repair_text(line, legacy=encoding) for line in lines]
