"""HTTP endpoints of publishing (HTTP only): the consolidated report (DOCX) and its annex (XLSX),
the spreadsheet template of a report and its upload, and the open export of the registry."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request, UploadFile
from fastapi.responses import Response

from dondoc.core.config import get_settings
from dondoc.core.problems import Problem
from dondoc.deps import CurrentUser, SessionDep, require_roles
from dondoc.exports import (
    consolidated,
    docx_report,
    open_export,
    spreadsheet_import,
    spreadsheet_template,
    xlsx_annex,
)
from dondoc.plans.service import plan_for_user
from dondoc.reporting.models import Report
from dondoc.reporting.service import report_for_user
from dondoc.users.models import User

router = APIRouter(prefix="/api", tags=["exports"])
Reader = Annotated[User, Depends(require_roles("admin", "coordinator", "viewer"))]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file(data: bytes, media_type: str, filename: str) -> Response:
    # RFC 6266: an ASCII fallback name and the UTF-8 one, so Vietnamese names survive
    ascii_name = filename.encode("ascii", "ignore").decode() or "dondoc"
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return Response(data, media_type=media_type, headers={"Content-Disposition": disposition})


def consolidated_files(
    session: SessionDep, plan_id: int, period_id: int | None, user: User
) -> tuple[bytes, bytes, str]:
    """The DOCX and the XLSX of a plan's consolidated report, and a file stem for both."""
    plan_for_user(session, plan_id, user)  # a plan of another province is not there
    report = consolidated.build_report(session, plan_id, period_id)
    stem = f"bao-cao-{(report.plan.number or str(report.plan.id)).replace('/', '-')}"
    if report.period is not None:
        stem += f"-{report.period.key}"
    with tempfile.TemporaryDirectory() as folder:
        docx = docx_report.write_docx(report, Path(folder) / f"{stem}.docx").read_bytes()
        xlsx = xlsx_annex.write_xlsx(report, Path(folder) / f"{stem}-phu-luc.xlsx").read_bytes()
    return docx, xlsx, stem


@router.get("/plans/{plan_id}/report.docx")
def consolidated_docx(plan_id: int, session: SessionDep, user: Reader, period: int | None = None) -> Response:
    """Báo cáo tổng hợp (Word, thể thức Nghị định 30/2020/NĐ-CP) / the consolidated report."""
    docx, _xlsx, stem = consolidated_files(session, plan_id, period, user)
    return _file(docx, DOCX, f"{stem}.docx")


@router.get("/plans/{plan_id}/annex.xlsx")
def consolidated_xlsx(plan_id: int, session: SessionDep, user: Reader, period: int | None = None) -> Response:
    """Phụ lục số liệu (Excel) / the annex workbook."""
    _docx, xlsx, stem = consolidated_files(session, plan_id, period, user)
    return _file(xlsx, XLSX, f"{stem}-phu-luc.xlsx")


@router.get("/reports/{report_id}/template.{fmt}")
def report_template(
    report_id: int, fmt: str, session: SessionDep, user: CurrentUser, request: Request
) -> Response:
    """Mẫu nhập số liệu của báo cáo (xlsx hoặc csv) / the report's spreadsheet template."""
    if fmt not in ("xlsx", "csv"):
        raise Problem(404, "Chỉ có mẫu .xlsx và .csv", "Only .xlsx and .csv templates exist")
    report = report_for_user(session, report_id, user)
    name = f"mau-bao-cao-{report.id}-{report.period.key}.{fmt}"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        if fmt == "xlsx":
            spreadsheet_template.write_template_xlsx(session, report, path)
            return _file(path.read_bytes(), XLSX, name)
        spreadsheet_template.write_template_csv(session, report, path)
        return _file(path.read_bytes(), "text/csv; charset=utf-8", name)


@router.post("/reports/{report_id}/import")
async def import_figures(
    report_id: int,
    file: UploadFile,
    version: Annotated[int, Form()],
    session: SessionDep,
    user: CurrentUser,
    request: Request,
):
    """Nạp số liệu từ tệp CSV/XLSX: đúng hết thì ghi, sai một dòng thì không ghi gì / load figures
    from a CSV or XLSX file: all rows or none; every bad row is reported with its line number."""
    report = report_for_user(session, report_id, user, write=True)
    limit = get_settings().max_upload_mb * 1024 * 1024
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise Problem(
            413,
            f"Tệp lớn hơn giới hạn {get_settings().max_upload_mb} MB",
            f"The file is larger than {get_settings().max_upload_mb} MB",
            field="file",
        )
    outcome = import_from_bytes(
        session, report, data, file.filename or "so-lieu.xlsx", version, user.username
    )
    if not outcome.applied:
        errors = [
            {"line": e.line, "column": e.column, "message": e.message_vi, "message_en": e.message_en}
            for e in outcome.errors
        ]
        raise Problem(
            422,
            f"Tệp có {len(errors)} lỗi; chưa ghi số liệu nào",
            f"The file has {len(errors)} errors; nothing was written",
            errors=errors,
        )
    return {"applied": True, "items": outcome.items, "values": outcome.values, "version": report.version}


def import_from_bytes(
    session: SessionDep, report: Report, data: bytes, filename: str, version: int, actor: str
):
    return spreadsheet_import.import_file(session, report, data, filename, version=version, actor=actor)


@router.get("/export/registry.json")
def export_registry_json(session: SessionDep, _user: Reader):
    """Toàn bộ dữ liệu kế hoạch, cơ quan, báo cáo (JSON) / the whole registry as JSON."""
    return open_export.export_json(session)


@router.get("/export/registry-csv.zip")
def export_registry_csv(session: SessionDep, _user: Reader) -> Response:
    with tempfile.TemporaryDirectory() as folder:
        path = open_export.write_csv_zip(session, Path(folder) / "dondoc-csv.zip")
        return _file(path.read_bytes(), "application/zip", "dondoc-csv.zip")


@router.get("/export/indicators.csv")
def export_indicators(session: SessionDep, _user: Reader, plan: int | None = None) -> Response:
    """Giá trị chỉ tiêu dạng SDMX-CSV (docs/open-data.md) / indicator values as SDMX-CSV."""
    with tempfile.TemporaryDirectory() as folder:
        path = open_export.write_sdmx_csv(session, Path(folder) / "chi-tieu.csv", plan_id=plan)
        return _file(path.read_bytes(), "text/csv; charset=utf-8", "chi-tieu-sdmx.csv")
