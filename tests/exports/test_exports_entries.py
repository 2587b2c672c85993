"""The entries of publishing: the API (consolidated report and annex, spreadsheet template and
upload, open export) under the roles, the report page's upload, and the CLI commands on a fresh
SQLite database (`dondoc report`, `dondoc export`, `dondoc figures`)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from factories import agency_named, make_active_plan, make_user
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import select

from dondoc.app import create_app
from dondoc.audit.models import AuditEvent
from dondoc.deps import get_session
from dondoc.reporting.models import Period
from dondoc.reporting.service import generate_periods, open_report

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "mat-khau-8"


@pytest.fixture()
def site(session, tmp_path, monkeypatch) -> Iterator[dict]:
    monkeypatch.setenv("DONDOC_FILES_DIR", str(tmp_path))
    plan = make_active_plan(session)
    generate_periods(session, plan, actor="test")
    science = agency_named(session, "Sở Khoa học và Công nghệ")
    police = agency_named(session, "Công an tỉnh")
    june = session.scalar(select(Period).where(Period.key == "2025-06", Period.plan_id == plan.id))
    report = open_report(session, june, science, actor="test")
    make_user(session, username="khcn", role="reporter", agency_id=science.id, password=PASSWORD)
    make_user(session, username="cong-an", role="reporter", agency_id=police.id, password=PASSWORD)
    make_user(session, username="dieu-phoi", role="coordinator", password=PASSWORD)
    make_user(session, username="lanh-dao", role="viewer", password=PASSWORD)
    app = create_app()

    def _session():
        yield session

    app.dependency_overrides[get_session] = _session
    with TestClient(app) as client:
        yield {"client": client, "plan": plan, "report": report, "session": session}


def auth(client: TestClient, username: str) -> dict[str, str]:
    token = client.post("/api/auth/token", data={"username": username, "password": PASSWORD}).json()
    return {"Authorization": f"Bearer {token['access_token']}"}


def test_consolidated_report_and_annex_over_http(site) -> None:
    client, plan = site["client"], site["plan"]
    for who in ("dieu-phoi", "lanh-dao"):
        docx = client.get(f"/api/plans/{plan.id}/report.docx", headers=auth(client, who))
        assert docx.status_code == 200 and "attachment" in docx.headers["content-disposition"]
        text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
        assert "BÁO CÁO" in text and "103/KH-UBND" in text
    xlsx = client.get(f"/api/plans/{plan.id}/annex.xlsx", headers=auth(client, "dieu-phoi"))
    book = load_workbook(io.BytesIO(xlsx.content))
    assert {"Nhiệm vụ", "Chỉ tiêu"} <= set(book.sheetnames)
    refused = client.get(f"/api/plans/{plan.id}/report.docx", headers=auth(client, "khcn"))
    assert refused.status_code == 403
    missing = client.get("/api/plans/999999/report.docx", headers=auth(client, "dieu-phoi"))
    assert missing.status_code == 404 and missing.json()["detail_en"]


def test_template_and_upload_all_or_nothing(site) -> None:
    client, report, session = site["client"], site["report"], site["session"]
    own = auth(client, "khcn")
    template = client.get(f"/api/reports/{report.id}/template.csv", headers=own)
    assert template.status_code == 200
    lines = template.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Loại,Mã")
    other = client.get(f"/api/reports/{report.id}/template.xlsx", headers=auth(client, "cong-an"))
    assert other.status_code == 403
    assert session.scalar(
        select(AuditEvent).where(AuditEvent.action == "refused", AuditEvent.actor_name == "cong-an")
    )

    # a task row with an unknown code and a text in the progress cell: nothing is written
    header = lines[0]
    bad = "\n".join([header, "Nhiệm vụ,XX.99,,,Đang triển khai,abc,,,,,,,"]).encode("utf-8")
    before = (report.version, [(i.status, i.progress) for i in report.items])
    refused = client.post(
        f"/api/reports/{report.id}/import",
        headers=own,
        files={"file": ("so-lieu.csv", bad, "text/csv")},
        data={"version": str(report.version)},
    )
    assert refused.status_code == 422
    errors = refused.json()["errors"]
    assert errors and all(e["line"] == 2 for e in errors)
    session.refresh(report)
    assert (report.version, [(i.status, i.progress) for i in report.items]) == before

    good_rows = [row for row in lines[1:] if row.startswith("Nhiệm vụ")][:1]
    cells = good_rows[0].split(",")
    cells[4], cells[5] = "Đang triển khai", "40"
    good = "\n".join([header, ",".join(cells)]).encode("utf-8")
    applied = client.post(
        f"/api/reports/{report.id}/import",
        headers=own,
        files={"file": ("so-lieu.csv", good, "text/csv")},
        data={"version": str(report.version)},
    )
    assert applied.status_code == 200, applied.text
    assert applied.json()["applied"] is True and applied.json()["items"] >= 1


def test_open_export_over_http(site) -> None:
    client = site["client"]
    headers = auth(client, "lanh-dao")
    registry = client.get("/api/export/registry.json", headers=headers).json()
    assert "user_account" not in registry["tables"] and registry["tables"]["plan"]
    archive = zipfile.ZipFile(io.BytesIO(client.get("/api/export/registry-csv.zip", headers=headers).content))
    assert "task.csv" in archive.namelist()
    sdmx = client.get("/api/export/indicators.csv", headers=headers)
    assert sdmx.status_code == 200 and sdmx.text.startswith("STRUCTURE,STRUCTURE_ID,ACTION")


def test_the_report_page_lists_each_bad_row(site) -> None:
    client, report = site["client"], site["report"]
    page = TestClient(client.app)
    assert (
        page.post(
            "/login", data={"username": "khcn", "password": PASSWORD}, follow_redirects=False
        ).status_code
        == 303
    )
    assert "Nhập số liệu từ bảng tính" in page.get(f"/reports/{report.id}").text
    bad = "Loại,Mã\nNhiệm vụ,I.1\n".encode()
    shown = page.post(
        f"/reports/{report.id}/figures",
        data={"version": str(report.version)},
        files={"file": ("so-lieu.csv", bad, "text/csv")},
    )
    assert shown.status_code == 200 and "Chưa ghi số liệu nào" in shown.text and "Dòng 1" in shown.text


def _dondoc(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ROOT / ".venv" / "bin" / "dondoc"), *args], env=env, capture_output=True, text=True, timeout=300
    )


def test_cli_report_export_and_figures(tmp_path: Path) -> None:
    env = {**os.environ, "DONDOC_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    env.pop("DONDOC_TEST_DATABASE_URL", None)
    assert _dondoc(env, "db", "upgrade").returncode == 0
    assert (
        _dondoc(
            env, "import", "--activate", str(ROOT / "examples" / "plans" / "002_2f8b4d489cccd7d8.txt")
        ).returncode
        == 0
    )
    out = tmp_path / "bao-cao"
    made = _dondoc(env, "report", "--plan", "1", "--out", str(out))  # before any report was filed
    assert made.returncode == 0, made.stderr
    docx = next(out.glob("*.docx"))
    assert "BÁO CÁO" in "\n".join(p.text for p in Document(str(docx)).paragraphs)
    assert next(out.glob("*-phu-luc.xlsx")).exists()
    quarter = _dondoc(env, "report", "--plan", "1", "--period", "2025-Q3", "--out", str(out))
    assert quarter.returncode == 0 and "Quý III/2025" in quarter.stdout
    unknown = _dondoc(env, "report", "--plan", "1", "--period", "1999-Q9", "--out", str(out))
    assert unknown.returncode == 1 and unknown.stderr.startswith("Lỗi / Error:")
    assert _dondoc(env, "export", "json", str(tmp_path / "all.json")).returncode == 0
    assert json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))["tables"]["plan"]
    assert _dondoc(env, "export", "csv", str(tmp_path / "all.zip")).returncode == 0
    assert _dondoc(env, "export", "sdmx", str(tmp_path / "values.csv"), "--plan", "1").returncode == 0
    missing = _dondoc(env, "figures", "template", "1", str(tmp_path / "t.xlsx"))
    assert missing.returncode == 1 and "Không có báo cáo 1" in missing.stderr
