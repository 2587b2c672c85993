"""Roman numerals as plans print them (parts "I." … "XV.", quarters "Quý IV"): read and written
in one place for the extractor, the consolidated report and the reporting periods."""

from __future__ import annotations

VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_DIGITS = ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman_value(text: str) -> int | None:
    """The number a Roman numeral writes ("XIV" → 14, "iv" → 4), None when it is not one."""
    letters = text.strip().upper()
    if not letters or any(ch not in VALUES for ch in letters):
        return None
    total = 0
    for a, b in zip(letters, letters[1:] + " ", strict=True):
        va, vb = VALUES[a], VALUES.get(b, 0)
        total += -va if va < vb else va
    return total


def to_roman(n: int) -> str:
    """14 → "XIV" (1 to 399)."""
    out = ""
    for value, symbol in _DIGITS:
        while n >= value:
            out, n = out + symbol, n - value
    return out
