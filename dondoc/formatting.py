"""Vietnamese display formats: dates as dd/mm/yyyy, numbers with "." for thousands and ","
for decimals, deadlines in words."""

from __future__ import annotations

import re
from datetime import date

FREQ_VI = {
    "monthly": "Hằng tháng",
    "quarterly": "Hằng quý",
    "half-yearly": "6 tháng",
    "yearly": "Hằng năm",
    "periodic": "Định kỳ",
}


def format_date(value: str | date | None) -> str | None:
    if value is None:
        return None
    d = date.fromisoformat(value) if isinstance(value, str) else value
    return d.strftime("%d/%m/%Y")


def format_number(value: float | int | None, decimals: int = 2) -> str:
    if value is None:
        return "—"
    if float(value).is_integer():
        text = f"{int(value):,}"
    else:
        text = f"{value:,.{decimals}f}".rstrip("0").rstrip(".")
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def file_size(size: int) -> str:
    """A file's size as an officer reads it: 812 B, 34,5 kB, 1,2 MB (units of 1.024)."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{format_number(round(size / 1024, 1))} kB"
    return f"{format_number(round(size / (1024 * 1024), 1))} MB"


def format_deadline(task: dict) -> str:
    d = task.get("deadline")
    if not d:
        return task.get("deadline_text") or "—"
    kind = d.get("kind")
    if kind == "date":
        return format_date(d["date"]) or "—"
    if kind == "range":
        return f"{format_date(d['start'])} – {format_date(d['end'])}"
    if kind == "recurring":
        base = FREQ_VI.get(d.get("freq", ""), "Định kỳ")
        return f"{base} từ {format_date(d['start'])}" if d.get("start") else base
    if kind == "ongoing":
        return "Thường xuyên"
    if kind == "event":
        return d.get("text") or "Theo sự kiện"
    return "—"


def input_number(value: float | int | None) -> str:
    """A number as an officer types it back into a form: exact (no rounding), decimal comma, no
    thousands mark — so that saving an untouched form never changes the figure."""
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value)).replace(".", ",")


def parse_number(text: str) -> float | None:
    """A figure typed the Vietnamese way ("12,5", "1.234,5", "1.234" = 1234) or the English way
    ("12.5"); empty gives None; anything else raises ValueError."""
    raw = text.strip().removesuffix("%").strip().replace("\u00a0", "").replace(" ", "")
    if not raw:
        return None
    if "," in raw:
        raw = raw.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+", raw):
        raw = raw.replace(".", "")
    number = float(raw)
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(text)
    return number
