"""The refusal of the reporting rules, which the edges map to their own answer."""

from __future__ import annotations

REFUSALS = ("invalid", "conflict", "not_found", "forbidden", "too_large", "unsupported")


class ReportError(Exception):
    """A refused change: what kind of refusal (`REFUSALS`; the edges map it to their own answer,
    e.g. HTTP 422/409/404/403/413/415) and the field it is about."""

    def __init__(self, kind: str, message_vi: str, message_en: str, field: str | None = None) -> None:
        assert kind in REFUSALS, kind
        super().__init__(message_en)
        self.kind, self.message_vi, self.message_en, self.field = kind, message_vi, message_en, field
