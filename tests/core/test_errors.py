"""The one error base: every kind has one HTTP status, an error raised anywhere in an endpoint
answers problem+json under /api (with the field it concerns) and the error page on the pages, and
every domain's refusal is a `DomainError`."""

from __future__ import annotations

import typing

import pytest
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.testclient import TestClient

from dondoc.core import problems
from dondoc.core.errors import KINDS, DomainError, ErrorKind
from dondoc.ingest.errors import DocumentTooLargeError, ExtractionError, ScannedPdfError
from dondoc.plans.service import ImportRefused, PlanError
from dondoc.plans.service_review import CorrectionError
from dondoc.reporting.errors import ReportError
from dondoc.users.service import UserError


def test_every_kind_has_one_status_and_the_lists_agree() -> None:
    assert set(KINDS) == set(typing.get_args(ErrorKind)) == set(problems.STATUS_OF_KIND)
    assert len(KINDS) == len(set(KINDS))


def test_an_unknown_kind_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown error kind"):
        DomainError("oops", "sai", "wrong")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (ReportError("conflict", "đã sửa", "changed"), "conflict"),
        (PlanError("không có", "none", kind="not_found"), "not_found"),
        (UserError("sai", "wrong", field="email"), "invalid"),
        (ImportRefused("missing", "chọn tệp", "choose a file"), "missing"),
        (ScannedPdfError("bản quét", "a scan"), "unreadable"),
        (DocumentTooLargeError("quá lớn", "too large"), "too_large"),
        (CorrectionError({"deadline": "Ngày không hợp lệ"}), "invalid"),
    ],
)
def test_each_domains_refusal_is_a_domain_error_of_its_kind(error: DomainError, kind: str) -> None:
    assert isinstance(error, DomainError)
    assert error.kind == kind
    assert error.message_vi and error.message_en


def test_an_extraction_error_still_reads_in_both_languages_on_one_line() -> None:
    assert str(ExtractionError("Tệp rỗng", "The file is empty")) == "Tệp rỗng / The file is empty"


def _app(refusals: list[str]) -> FastAPI:
    app = FastAPI()

    def page_error(_request, status: int, vi: str, _en: str) -> HTMLResponse:
        return HTMLResponse(f"<p role=alert>{vi}</p>", status_code=status)

    problems.install(app, page_error=page_error, on_refusal=lambda _r, exc: refusals.append(exc.message_en))

    @app.get("/api/thing/{kind}")
    def api_thing(kind: ErrorKind) -> None:
        raise DomainError(kind, "Giá trị sai", "Wrong value", field="progress")

    @app.get("/thing/{kind}")
    def page_thing(kind: ErrorKind) -> None:
        raise DomainError(kind, "Giá trị sai", "Wrong value")

    return app


@pytest.mark.parametrize("kind", KINDS)
def test_the_api_answers_each_kind_with_its_status_as_problem_json(kind: ErrorKind) -> None:
    refusals: list[str] = []
    with TestClient(_app(refusals)) as client:
        answer = client.get(f"/api/thing/{kind}")
    assert answer.status_code == problems.STATUS_OF_KIND[kind]
    assert answer.headers["content-type"] == problems.PROBLEM
    body = answer.json()
    assert (body["detail"], body["detail_en"], body["field"]) == ("Giá trị sai", "Wrong value", "progress")
    assert body["errors"] == [{"field": "progress", "message": "Giá trị sai", "message_en": "Wrong value"}]
    # only a refusal of the kind "forbidden" is handed to the audit hook
    assert refusals == (["Wrong value"] if kind == "forbidden" else [])


def test_a_page_answers_with_the_error_page_not_json() -> None:
    with TestClient(_app([])) as client:
        answer = client.get("/thing/conflict")
    assert answer.status_code == 409
    assert answer.headers["content-type"].startswith("text/html")
    assert "Giá trị sai" in answer.text
