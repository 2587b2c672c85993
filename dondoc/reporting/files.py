"""Evidence files: the type is checked from the bytes (the `filetype` library reads the magic
numbers), never from the name a browser sends; the bytes are stored once under their sha256."""

from __future__ import annotations

import hashlib
from pathlib import Path

import filetype

from dondoc.core.config import get_settings

# What an agency attaches as evidence: signed documents, scans, office files, photos.
ALLOWED = {
    "application/pdf": "PDF",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word (.docx)",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel (.xlsx)",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint (.pptx)",
    "application/vnd.oasis.opendocument.text": "OpenDocument (.odt)",
    "application/zip": "ZIP",
}


class FileRefused(Exception):
    def __init__(self, message_vi: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_vi, self.message_en = message_vi, message_en


def checked_type(data: bytes) -> str:
    kind = filetype.guess(data)
    if kind is None or kind.mime not in ALLOWED:
        found = kind.mime if kind else "không rõ / unknown"
        names = ", ".join(ALLOWED.values())
        raise FileRefused(
            f"Loại tệp không được chấp nhận ({found}); chỉ nhận: {names}",
            f"This file type is not accepted ({found}); accepted: {names}",
        )
    return kind.mime


def store(data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()
    path = path_of(digest)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".part")
        tmp.write_bytes(data)
        tmp.replace(path)  # atomic: a reader never sees half a file
    return digest


def path_of(digest: str) -> Path:
    return Path(get_settings().files_dir) / digest[:2] / digest
