"""The publishing commands of the `dondoc` CLI, added to it explicitly by dondoc/cli.py: the
consolidated report with its annex, the open export, and spreadsheet templates and uploads."""

from __future__ import annotations

from pathlib import Path

import typer

export_app = typer.Typer(help="Xuất dữ liệu mở / open export", no_args_is_help=True)
figures_app = typer.Typer(
    help="Nhập số liệu báo cáo từ bảng tính / report figures from spreadsheets", no_args_is_help=True
)


def fail(message: str, code: int = 1) -> None:
    typer.echo(f"Lỗi / Error: {message}", err=True)
    raise typer.Exit(code)


def consolidated_report(
    plan: int = typer.Option(..., "--plan", help="số hiệu kế hoạch trong dondoc / the plan's id"),
    period: str | None = typer.Option(None, "--period", help="id hoặc mã kỳ (2025-06, 2025-Q2, 2025)"),
    out: Path = typer.Option(Path("."), "--out", help="thư mục ghi tệp / output folder"),
) -> None:
    """Báo cáo tổng hợp (DOCX) và phụ lục (XLSX) của một kỳ / the consolidated report and its annex."""
    from dondoc.exports import consolidated, docx_report, xlsx_annex
    from dondoc.models import session_scope
    from dondoc.reporting import repository

    with session_scope() as session:
        period_id = None
        if period:
            found = next(
                (p for p in repository.periods_of(session, plan) if str(p.id) == period or p.key == period),
                None,
            )
            if found is None:
                fail(
                    f"Kế hoạch {plan} không có kỳ báo cáo {period} / plan {plan} has no reporting period {period}"
                )
                return
            period_id = found.id
        try:
            report = consolidated.build_report(session, plan, period_id)
        except consolidated.ReportBuildError as exc:
            fail(f"{exc.message_vi} / {exc.message_en}")
            return
        out.mkdir(parents=True, exist_ok=True)
        stem = f"bao-cao-{(report.plan.number or str(report.plan.id)).replace('/', '-')}"
        if report.period is not None:
            stem += f"-{report.period.key}"
        docx = docx_report.write_docx(report, out / f"{stem}.docx")
        xlsx = xlsx_annex.write_xlsx(report, out / f"{stem}-phu-luc.xlsx")
        label = report.period.label if report.period else "chưa có kỳ báo cáo"
        typer.echo(f"Đã ghi báo cáo {label}: {docx} và {xlsx}")


@export_app.command("json")
def export_json(out: Path = typer.Argument(..., help="tệp .json")) -> None:
    """Toàn bộ dữ liệu (không gồm tài khoản, nhật ký) dạng JSON / the whole registry as JSON."""
    from dondoc.exports import open_export
    from dondoc.models import session_scope

    with session_scope() as session:
        typer.echo(f"Đã ghi {open_export.write_json(session, out)}")


@export_app.command("csv")
def export_csv(out: Path = typer.Argument(..., help="tệp .zip chứa một CSV mỗi bảng")) -> None:
    """Mỗi bảng một tệp CSV, gói trong một tệp zip / one CSV per table in a zip."""
    from dondoc.exports import open_export
    from dondoc.models import session_scope

    with session_scope() as session:
        typer.echo(f"Đã ghi {open_export.write_csv_zip(session, out)}")


@export_app.command("sdmx")
def export_sdmx(
    out: Path = typer.Argument(..., help="tệp .csv"),
    plan: int | None = typer.Option(None, "--plan", help="chỉ một kế hoạch / one plan only"),
) -> None:
    """Giá trị chỉ tiêu dạng SDMX-CSV (docs/open-data.md) / indicator values as SDMX-CSV."""
    from dondoc.exports import open_export
    from dondoc.models import session_scope

    with session_scope() as session:
        typer.echo(f"Đã ghi {open_export.write_sdmx_csv(session, out, plan_id=plan)}")


@figures_app.command("template")
def figures_template(report: int, out: Path = typer.Argument(..., help="tệp .xlsx hoặc .csv")) -> None:
    """Mẫu bảng tính của một báo cáo, điền sẵn số liệu hiện có / a report's spreadsheet template."""
    from dondoc.exports import repository as exports_repository
    from dondoc.exports import spreadsheet_template
    from dondoc.models import session_scope

    with session_scope() as session:
        found = exports_repository.report_by_id(session, report)
        if found is None:
            fail(f"Không có báo cáo {report} / no report {report}")
            return
        write = (
            spreadsheet_template.write_template_csv
            if out.suffix.lower() == ".csv"
            else spreadsheet_template.write_template_xlsx
        )
        typer.echo(f"Đã ghi {write(session, found, out)}")


@figures_app.command("load")
def figures_load(report: int, file: Path, version: int = typer.Option(..., "--version")) -> None:
    """Nạp số liệu từ CSV/XLSX: đúng hết mới ghi / load figures: all rows or none."""
    from dondoc.exports import repository as exports_repository
    from dondoc.exports import spreadsheet_import
    from dondoc.models import session_scope

    if not file.is_file():
        fail(f"Không có tệp {file} / no file {file}")
    with session_scope() as session:
        found = exports_repository.report_by_id(session, report)
        if found is None:
            fail(f"Không có báo cáo {report} / no report {report}")
            return
        outcome = spreadsheet_import.import_file(
            session, found, file.read_bytes(), file.name, version=version, actor="cli"
        )
        if not outcome.applied:
            for e in outcome.errors:
                typer.echo(
                    f"Dòng {e.line}{f' ({e.column})' if e.column else ''}: {e.message_vi} / {e.message_en}",
                    err=True,
                )
            fail(f"{len(outcome.errors)} lỗi; chưa ghi gì / {len(outcome.errors)} errors; nothing written")
        typer.echo(f"Đã nạp {outcome.items} nhiệm vụ và {outcome.values} chỉ tiêu; phiên bản {found.version}")
