"""Errors a reader or the extractor raises for bad input, each with a Vietnamese and an English message."""

from __future__ import annotations


class ExtractionError(Exception):
    """A document that cannot be read. `str()` gives "Vietnamese / English" on one line."""

    def __init__(self, message_vi: str, message_en: str) -> None:
        self.message_vi = message_vi
        self.message_en = message_en
        super().__init__(f"{message_vi} / {message_en}")


class UnsupportedFormatError(ExtractionError):
    """The file's extension or content is not one of .txt, .md, .docx, .pdf."""


class EmptyDocumentError(ExtractionError):
    """The file holds no text at all."""


class CorruptDocumentError(ExtractionError):
    """The file claims a format but cannot be opened as that format."""


class ScannedPdfError(ExtractionError):
    """A PDF without a text layer (a scan): it needs OCR first."""


class LegacyEncodingError(ExtractionError):
    """Text in a legacy Vietnamese encoding (TCVN3, VNI) that could not be converted."""


class FileAccessError(ExtractionError):
    """The path cannot be opened: it does not exist, is a directory, or is not readable."""


class DocumentTooLargeError(ExtractionError):
    """The file is larger than the reader's limit (`max_bytes`)."""
