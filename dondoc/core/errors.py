"""The one error base of the domains: a refusal of one `kind`, said in Vietnamese and in English,
about one field when it is about one. The services raise it (or a subclass named after their
domain); the edges never map it by hand: `core/problems.py` answers each kind with one HTTP status,
as problem+json under /api and as the error page elsewhere, and a page that re-draws its form with
the message beside the field catches it itself.

Pure Python on purpose: `ingest` (no database, no web) raises it too."""

from __future__ import annotations

from typing import Literal

# What went wrong, from the point of view of who asked. The HTTP status of each kind is written
# once, in core/problems.py (STATUS_OF_KIND); a consistency test checks both lists agree.
ErrorKind = Literal[
    "invalid",  # a value breaks a rule (422)
    "missing",  # something required was not sent at all, e.g. no file (400)
    "unreadable",  # a document that cannot be read: its format, empty, corrupt, a scan (400)
    "conflict",  # the state changed under the caller: a stale version, a duplicate (409)
    "not_found",  # 404
    "forbidden",  # the caller may not do this; the application audits the refusal (403)
    "too_large",  # 413
    "unsupported",  # a file type that is not accepted (415)
]
KINDS: tuple[ErrorKind, ...] = (
    "invalid",
    "missing",
    "unreadable",
    "conflict",
    "not_found",
    "forbidden",
    "too_large",
    "unsupported",
)


class DomainError(Exception):
    """A refused request: its `kind`, the message in both languages, and the `field` it concerns
    (a form's or a body's field name, "items[0].progress" for nested ones). `fields` holds the
    Vietnamese and English message of each field refused (several when a form is refused at once)."""

    kind: ErrorKind = "invalid"

    def __init__(
        self,
        kind: ErrorKind,
        message_vi: str,
        message_en: str,
        field: str | None = None,
        fields: dict[str, tuple[str, str]] | None = None,
    ) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown error kind {kind!r}")
        self.kind, self.message_vi, self.message_en = kind, message_vi, message_en
        self.field = field
        self.fields = fields or ({field: (message_vi, message_en)} if field else {})
        super().__init__(f"{message_vi} / {message_en}")
