"""The refusal of the reporting rules: the project's one error base (`DomainError`) under the
reporting domain's name; core/problems.py answers each kind with its HTTP status."""

from __future__ import annotations

from dondoc.core.errors import KINDS, DomainError

REFUSALS = KINDS


class ReportError(DomainError):
    """A refused change to a report, a period or an attachment: its kind, the message in both
    languages and the field it is about."""
