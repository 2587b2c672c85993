"""The `dondoc` command line. Messages are in Vietnamese first, English after."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from dondoc import cli_exports
from dondoc.ingest.errors import ExtractionError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from dondoc.plans.models import Plan

app = typer.Typer(
    help="dondoc — theo dõi, đôn đốc thực hiện kế hoạch / follow up on signed plans.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)


@app.callback()
def main() -> None:
    """dondoc: đọc kế hoạch, theo dõi nhiệm vụ, chỉ tiêu và báo cáo / read plans, track tasks."""


def fail(message: str, code: int = 1) -> None:
    typer.echo(f"Lỗi / Error: {message}", err=True)
    raise typer.Exit(code)


@app.command()
def extract(
    file: Path = typer.Argument(..., help="Tệp kế hoạch (.txt, .md, .docx, .pdf) / plan file"),
    as_json: bool = typer.Option(
        False, "--json", help="In JSON theo hợp đồng trích xuất / print contract JSON"
    ),
) -> None:
    """Đọc một kế hoạch và trích xuất nhiệm vụ, chỉ tiêu, chế độ báo cáo / extract a plan."""
    from dondoc.ingest.extract import extract_file

    try:
        result = extract_file(file)
    except ExtractionError as exc:
        fail(str(exc))
        return
    except Exception as exc:  # noqa: BLE001 — the promise is one clear line, never a traceback
        fail(
            f"không trích xuất được tệp {file.name} ({type(exc).__name__}) / "
            f"could not extract {file.name} ({type(exc).__name__}: {exc})"
        )
        return
    if as_json:
        sys.stdout.buffer.write(json.dumps(result, ensure_ascii=False, indent=1).encode("utf-8"))
        sys.stdout.buffer.write(b"\n")
        return
    print_summary(result)


def print_summary(result: dict) -> None:
    # rich is imported here, not at the top: `extract --json` never draws a table
    from rich.console import Console
    from rich.table import Table as RichTable

    from dondoc.formatting import format_date, format_deadline

    console = Console()
    doc = result["document"]
    console.print(f"[bold]{result['file']}[/bold]")
    facts = [
        ("Loại văn bản", doc.get("kind")),
        ("Số, ký hiệu", doc.get("number")),
        ("Cơ quan ban hành", doc.get("issuer")),
        ("Ngày ký", format_date(doc.get("signed_date"))),
        ("Người ký", doc.get("signer")),
        ("Thực hiện", ", ".join(doc.get("implements") or []) or None),
        ("Thay thế", ", ".join(doc.get("replaces") or []) or None),
    ]
    for label, value in facts:
        console.print(f"  {label}: {value or '—'}")
    console.print(
        f"  Nhiệm vụ: {len(result['tasks'])} · Chỉ tiêu: {len(result['indicators'])} · "
        f"Chế độ báo cáo: {len(result['reporting'])} · Cảnh báo: {len(result.get('warnings') or [])}"
    )
    table = RichTable(title="Nhiệm vụ / Tasks", show_lines=False)
    table.add_column("Mã")
    table.add_column("Nhiệm vụ", max_width=70)
    table.add_column("Chủ trì", max_width=30)
    table.add_column("Thời hạn", max_width=22)
    for t in result["tasks"]:
        title = t["title"] if len(t["title"]) <= 140 else t["title"][:137] + "…"
        table.add_row(t["code"], title, "; ".join(t["lead"]) or "—", format_deadline(t))
    console.print(table)
    for r in result["reporting"]:
        console.print(
            f"  Báo cáo: {r['from']} → {r['to']} ({', '.join(r['frequency'])}) {r.get('due') or ''}"
        )
    for w in result.get("warnings") or []:
        console.print(f"  [yellow]Cảnh báo:[/yellow] {w['message_vi']}")


db_app = typer.Typer(help="Cơ sở dữ liệu / database", no_args_is_help=True)
plan_app = typer.Typer(help="Kế hoạch đã lưu / stored plans", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(plan_app, name="plan")


@db_app.command("upgrade")
def db_upgrade(revision: str = typer.Argument("head")) -> None:
    """Nâng cấp lược đồ cơ sở dữ liệu / apply migrations (default: the latest)."""
    from dondoc.core.migrate import upgrade

    upgrade(revision)
    typer.echo(f"Đã nâng cấp cơ sở dữ liệu tới {revision} / database upgraded to {revision}")


@db_app.command("downgrade")
def db_downgrade(revision: str) -> None:
    """Hạ cấp lược đồ cơ sở dữ liệu / revert migrations down to REVISION ("base": empty)."""
    from dondoc.core.migrate import downgrade

    downgrade(revision)
    typer.echo(f"Đã hạ cấp cơ sở dữ liệu về {revision} / database downgraded to {revision}")


@db_app.command("seed-agencies")
def db_seed_agencies() -> None:
    """Nạp danh mục cơ quan từ dữ liệu tham chiếu / load the agency reference data."""
    from dondoc.agencies.service import seed_reference
    from dondoc.models import session_scope

    with session_scope() as session:
        changed = seed_reference(session, actor="cli")
    typer.echo(f"Danh mục cơ quan: {changed} thay đổi / agency registry: {changed} changes")


@app.command("import")
def import_plans(
    files: list[Path] = typer.Argument(..., help="Tệp kế hoạch / plan files"),
    activate: bool = typer.Option(False, "--activate", help="Kích hoạt ngay / make live at once"),
) -> None:
    """Lưu kế hoạch dưới dạng bản nháp / store plans as drafts (re-importing a file does nothing)."""
    from dondoc.agencies.service import seed_reference
    from dondoc.models import session_scope
    from dondoc.plans.flows import activate_plan
    from dondoc.plans.service import PlanError, import_draft

    for path in files:
        try:
            with session_scope() as session:
                seed_reference(session, actor="cli")
                result = import_draft(session, path.read_bytes(), path.name, actor="cli")
                if activate and result.plan.status == "draft":
                    activate_plan(session, result.plan.id, actor="cli")
                plan = result.plan
                status = "đã nhập" if result.created else "đã có (không nhập lại)"
                typer.echo(
                    f"{path.name}: {status} — kế hoạch #{plan.id} {plan.number or ''} "
                    f"({len(plan.tasks)} nhiệm vụ, {len(plan.indicators)} chỉ tiêu), trạng thái {plan.status}"
                )
                for name in result.unmapped:
                    typer.echo(f"  Chưa có trong danh mục / not in the registry: {name}")
                _print_replacement_diff(session, plan)
        except (ExtractionError, PlanError) as exc:
            fail(f"{path.name}: {exc}")
        except Exception as exc:  # noqa: BLE001 — one clear line, never a traceback; nothing was committed
            fail(
                f"{path.name}: không nhập được ({type(exc).__name__}); cơ sở dữ liệu không thay đổi / "
                f"could not import ({type(exc).__name__}: {exc}); the database is unchanged"
            )


def _print_replacement_diff(session: Session, plan: Plan) -> None:
    """A new version of a plan: show what changes before it replaces the old one."""
    from dondoc.plans import repository as plans_repository
    from dondoc.plans.diff import diff_plans

    for ref in plan.references:
        if ref.relation != "replaces":
            continue
        for old in plans_repository.by_number(session, ref.document_number):
            if old.id == plan.id:
                continue
            s = diff_plans(old, plan).summary()
            t, i = s["tasks"], s["indicators"]
            typer.echo(
                f"  So với kế hoạch #{old.id} {old.number} (sẽ bị thay thế): nhiệm vụ +{t['added']} "
                f"-{t['removed']} ~{t['changed']}; chỉ tiêu +{i['added']} -{i['removed']} ~{i['changed']} "
                f"/ against plan #{old.id}, which it replaces"
            )


@plan_app.command("activate")
def plan_activate(plan_id: int) -> None:
    """Kích hoạt một kế hoạch nháp / make a draft plan live."""
    from dondoc.models import session_scope
    from dondoc.plans.flows import activate_plan
    from dondoc.plans.service import PlanError

    try:
        with session_scope() as session:
            plan = activate_plan(session, plan_id, actor="cli")
            typer.echo(f"Kế hoạch #{plan.id} đã kích hoạt / plan #{plan.id} is active")
    except PlanError as exc:
        fail(str(exc))


user_app = typer.Typer(help="Người dùng / users", no_args_is_help=True)
app.add_typer(user_app, name="user")


@user_app.command("add")
def user_add(
    name: str,
    role: str = typer.Option(..., "--role", help="admin | coordinator | reporter | viewer"),
    password: str = typer.Option(..., "--password", help="ít nhất 8 ký tự / at least 8 characters"),
    agency: str | None = typer.Option(
        None, "--agency", help="cơ quan của cán bộ báo cáo / a reporter's agency"
    ),
    email: str | None = typer.Option(None, "--email", help="địa chỉ nhận nhắc việc / for reminders"),
    province: str | None = typer.Option(
        None,
        "--province",
        help="tỉnh của người dùng; bỏ trống: toàn quốc / the user's province (none: national)",
    ),
) -> None:
    """Thêm người dùng / add a user."""
    from dondoc.agencies.service import seed_reference
    from dondoc.models import session_scope
    from dondoc.users.service import UserError, create_user

    try:
        with session_scope() as session:
            seed_reference(session, actor="cli")
            user = create_user(
                session,
                name,
                role=role,
                password=password,
                agency=agency,
                email=email,
                province=province,
                actor="cli",
            )
            typer.echo(f"Đã thêm người dùng {user.username} ({user.role}) / user added")
    except UserError as exc:
        fail(str(exc))


@app.command()
def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = typer.Option(
        1, "--workers", min=1, help="số tiến trình (PostgreSQL) / app processes (PostgreSQL only)"
    ),
) -> None:
    """Chạy máy chủ API và các tác vụ định kỳ / serve the API (OpenAPI at /api/docs) and run the
    scheduled jobs every DONDOC_JOBS_INTERVAL_MINUTES (0 turns them off).

    With --workers N, uvicorn runs N app processes on the port; the scheduled jobs run in this
    supervising process (and each job once per interval across every `dondoc serve` of the
    deployment, by the job slot it claims)."""
    import logging

    import uvicorn

    from dondoc.app import create_app
    from dondoc.core.config import get_settings
    from dondoc.jobs import start_scheduler

    # the scheduled jobs say in the server's log what they did (uvicorn configures only its own)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    settings = get_settings()
    if workers > 1 and settings.database_url.startswith("sqlite"):
        # SQLite takes one writer at a time in one file: processes would only queue on its lock.
        fail(
            "Nhiều tiến trình cần PostgreSQL (đặt DONDOC_DATABASE_URL); SQLite chạy một tiến trình"
            " / --workers needs PostgreSQL (set DONDOC_DATABASE_URL); SQLite serves from one process"
        )
    interval = settings.jobs_interval_minutes
    on = interval > 0 or settings.figures_refresh_seconds > 0
    stop = start_scheduler(interval) if on else None
    try:
        if workers > 1:
            # the workers are spawned and build the app themselves, from its import path
            uvicorn.run("dondoc.app:create_app", factory=True, host=host, port=port, workers=workers)
        else:
            uvicorn.run(create_app(), host=host, port=port)
    finally:
        if stop is not None:
            stop(30)  # a job already running finishes (its slot is claimed: no one else runs it)


@app.command()
def remind(
    day: str = typer.Option(None, "--day", help="dd/mm/yyyy; mặc định hôm nay / default today"),
) -> None:
    """Gửi nhắc việc một lần (dùng cho cron) / decide and send reminders once (for cron)."""
    from datetime import datetime

    from dondoc.notify.delivery import SmtpUrlError
    from dondoc.notify.jobs import run_reminders

    when = None
    if day:
        try:
            when = datetime.strptime(day, "%d/%m/%Y").date()
        except ValueError:
            fail(f"Ngày không hợp lệ: {day} (dd/mm/yyyy) / invalid date: {day} (dd/mm/yyyy)")
    try:
        run = run_reminders(when)
    except (SmtpUrlError, OSError) as exc:
        fail(f"Không gửi được thư: {exc} / could not send mail: {exc}")
        return
    typer.echo(f"Nhắc việc mới: {run.decided} · đã gửi: {run.sent} · lỗi gửi: {run.failed}")
    if run.without_recipient:
        typer.echo(f"Lượt nhắc không có người nhận (cơ quan chưa có địa chỉ thư): {run.without_recipient}")
    if not run.smtp_configured:
        typer.echo(
            "Chưa đặt DONDOC_SMTP_URL: thư nằm trong hộp thư đi / DONDOC_SMTP_URL unset: mail kept in the outbox"
        )


@app.command("refresh-figures")
def refresh_figures_command() -> None:
    """Tính lại số liệu tổng hợp đã lưu của các kế hoạch / compute again the stored dashboard and
    ranking figures that are missing, stale or of another day (what `dondoc serve` does every
    DONDOC_FIGURES_REFRESH_SECONDS), until none is left."""
    import time

    from dondoc.scoring.jobs import refresh_figures

    start, total = time.perf_counter(), 0
    while done := refresh_figures(budget_seconds=60):
        total += done
    seconds = time.perf_counter() - start
    typer.echo(
        f"Đã tính lại số liệu của {total} kế hoạch trong {seconds:.1f} giây / {total} plans in {seconds:.1f} s"
    )


# The publishing commands live beside this module (which would pass 600 lines otherwise).
app.command("report")(cli_exports.consolidated_report)
app.add_typer(cli_exports.export_app, name="export")
app.add_typer(cli_exports.figures_app, name="figures")

if __name__ == "__main__":  # pragma: no cover
    app()
