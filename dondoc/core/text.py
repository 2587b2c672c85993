"""Search keys: Vietnamese text without diacritics, lower case, so that "chuyen doi so" finds
"chuyển đổi số" with a plain LIKE on SQLite and PostgreSQL alike."""

from __future__ import annotations

import unicodedata


def search_key(text: str | None) -> str:
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())
