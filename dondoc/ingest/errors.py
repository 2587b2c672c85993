"""Errors a reader or the extractor raises for bad input, each with a Vietnamese and an English
message: the project's one error base (`DomainError`), of the kind "unreadable" unless said."""

from __future__ import annotations

from dondoc.core.errors import DomainError, ErrorKind


class ExtractionError(DomainError):
    """A document that cannot be read. `str()` gives "Vietnamese / English" on one line."""

    kind: ErrorKind = "unreadable"

    def __init__(self, message_vi: str, message_en: str) -> None:
        super().__init__(type(self).kind, message_vi, message_en, field="file")


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

    kind: ErrorKind = "too_large"
