"""`make run`: the embedded SQLite database filled with the example plans, demo accounts and a
plausible year of reports, then the web application at http://127.0.0.1:8000.

The history is drawn from a fixed random seed, so every run tells the same story: most agencies
report on time, some late, some not at all; one report waits for review, one was returned."""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import uvicorn
from sqlalchemy.orm import Session

from dondoc.agencies.service import find_agency, seed_reference
from dondoc.app import create_app
from dondoc.core.config import get_settings
from dondoc.core.migrate import upgrade
from dondoc.ingest.errors import ExtractionError
from dondoc.models import session_scope
from dondoc.plans.flows import activate_plan
from dondoc.plans.models import Plan
from dondoc.plans.service import import_plan
from dondoc.reporting import repository
from dondoc.reporting.schemas import ItemIn, ReportUpdate, ValueIn
from dondoc.reporting.service import (
    open_report,
    reporting_agencies,
    review,
    submit,
    update_report,
)
from dondoc.scoring import repository as scoring_repository
from dondoc.scoring.service import one_off_deadline
from dondoc.users import repository as users_repository
from dondoc.users.service import create_user

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "plans"
DEMO_PASSWORD = "dondoc-demo-2025"
MAIN_PLAN = "103/KH-UBND"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    agency: str | None
    full_name: str


ACCOUNTS = (
    DemoAccount("quan-tri", "admin", None, "Quản trị hệ thống"),
    DemoAccount("dieu-phoi", "coordinator", None, "Phòng Quản lý chuyên ngành, Sở KH&CN"),
    DemoAccount("tai-chinh", "reporter", "Sở Tài chính", "Cán bộ báo cáo Sở Tài chính"),
    DemoAccount("khcn", "reporter", "Sở Khoa học và Công nghệ", "Cán bộ báo cáo Sở KH&CN"),
    DemoAccount("cong-an", "reporter", "Công an tỉnh", "Cán bộ báo cáo Công an tỉnh"),
    DemoAccount("lanh-dao", "viewer", None, "Lãnh đạo UBND tỉnh"),
)


def import_examples(session: Session, folder: Path = EXAMPLES) -> list[Plan]:
    plans = []
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in {".txt", ".md", ".docx", ".pdf"}):
        try:
            result = import_plan(session, path, actor="demo")
        except ExtractionError as exc:
            print(f"{path.name}: {exc}", file=sys.stderr)
            continue
        if result.plan.status == "draft":
            activate_plan(session, result.plan.id, actor="demo")
        plans.append(result.plan)
    return plans


def add_accounts(session: Session) -> None:
    for account in ACCOUNTS:
        if users_repository.by_username(session, account.username) is None:
            user = create_user(
                session,
                account.username,
                role=account.role,
                password=DEMO_PASSWORD,
                agency=account.agency,
                email=f"{account.username}@dondoc.example",
                actor="demo",
            )
            user.full_name = account.full_name


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=ZoneInfo(get_settings().timezone))


def add_history(session: Session, plan: Plan, today: date, rng: random.Random) -> int:
    """A year of reports on the main plan, up to `today`."""
    if scoring_repository.any_report(session) is not None:
        return 0  # already there: the history is written once
    agencies = reporting_agencies(session, plan, today)
    periods = [
        p for p in repository.periods_of(session, plan.id) if today - timedelta(days=370) < p.due <= today
    ]
    demo_agencies = {a.agency for a in ACCOUNTS if a.agency}
    targets = {i.code: t for i in plan.indicators for t in i.targets if t.comparator != "text"}
    written = 0
    for n, agency_id in enumerate(agencies):
        agency = scoring_repository.agency_by_id(session, agency_id)
        assert agency is not None
        habit = (
            ("on_time", "late", "sparse", "silent")[n % 4] if agency.name not in demo_agencies else "on_time"
        )
        if habit == "silent":
            continue
        completed: set[int] = set()
        for k, period in enumerate(sorted(periods, key=lambda p: (p.due, p.cutoff_end))):
            last = k == len(periods) - 1
            if habit == "sparse" and rng.random() < 0.5:
                continue
            report = open_report(session, period, agency, actor="demo")
            items = []
            for item in report.items:
                task = next(t for t in plan.tasks if t.id == item.task_id)
                deadline, _waiting = one_off_deadline(task)
                if task.id in completed:
                    continue
                if deadline is not None and deadline <= period.cutoff_end and rng.random() < 0.65:
                    done_on = min(
                        deadline + timedelta(days=rng.choice((-20, -5, 0, 10, 25))), period.cutoff_end
                    )
                    items.append(
                        ItemIn(
                            task_id=task.id,
                            status="completed",
                            completed_on=done_on,
                            narrative="Đã hoàn thành, có văn bản báo cáo kèm theo.",
                        )
                    )
                    completed.add(task.id)
                elif rng.random() < 0.3:
                    items.append(
                        ItemIn(
                            task_id=task.id,
                            status="in_progress",
                            progress=rng.choice((20, 40, 60, 80)),
                            narrative="Đang triển khai theo kế hoạch.",
                        )
                    )
            values = [
                ValueIn(
                    target_id=line.target_id,
                    value=_value(targets, line.target_id, k, rng),
                    source="Cục Thống kê tỉnh",
                )
                for line in report.values
                if k % 3 == 0
            ]
            update_report(
                session,
                report,
                ReportUpdate(
                    version=report.version, items=items, values=[v for v in values if v.value is not None]
                ),
                actor="demo",
            )
            if last and agency.name in demo_agencies:
                continue  # the demo reporters still have this period's report to finish
            delay = 0 if habit == "on_time" else rng.choice((0, 0, 3, 9))
            submit(
                session,
                report,
                report.version,
                actor="demo",
                now=at(period.due - timedelta(days=1) + timedelta(days=delay)),
            )
            if agency.name == "Sở Tài chính" and k == len(periods) - 3:
                review(
                    session,
                    report,
                    report.version,
                    "return",
                    "Đề nghị bổ sung số liệu giải ngân và văn bản minh chứng.",
                    actor="dieu-phoi",
                )
            elif not (last or k == len(periods) - 2):
                review(session, report, report.version, "accept", None, actor="dieu-phoi")
            written += 1
    return written


def _value(targets: dict, target_id: int, k: int, rng: random.Random) -> float | None:
    """A believable path towards the target: a start below it, a few per cent a period."""
    target = next((t for t in targets.values() if t.id == target_id), None)
    if target is None or target.value is None:
        return None
    unit = (target.unit or "").lower()
    if "thứ bậc" in unit or "hạng" in unit:
        return float(max(1, round(target.value * 2.2 - k * rng.uniform(0.3, 1.2))))
    start = target.value * 0.45
    value = start * (1 + 0.035 * k) * rng.uniform(0.97, 1.03)
    return round(min(value, 100.0) if "%" in unit else value, 2)


def load_demo(today: date | None = None) -> tuple[int, int]:
    """Migrate, then fill the database once. Returns (plans, reports written now)."""
    upgrade()
    day = today or get_settings().today()
    with session_scope() as session:
        seed_reference(session, actor="demo")
        plans = import_examples(session)
        add_accounts(session)
        main_plan = next((p for p in plans if p.number == MAIN_PLAN), None)
        written = add_history(session, main_plan, day, random.Random(2025)) if main_plan else 0
        assert find_agency(session, "Sở Tài chính") is not None
    return len(plans), written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dondoc.demo", description=__doc__)
    parser.add_argument("--no-serve", action="store_true", help="fill the database and stop")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    plans, written = load_demo()
    print(f"Cơ sở dữ liệu: {get_settings().database_url} · {plans} kế hoạch mẫu · {written} báo cáo mẫu mới")
    print(f"Tài khoản thử (mật khẩu chung: {DEMO_PASSWORD}):")
    for a in ACCOUNTS:
        print(f"  {a.username:<10} {a.role:<12} {a.agency or ''}")
    if args.no_serve:
        return 0
    print(f"Mở http://{args.host}:{args.port} trong trình duyệt (Ctrl+C để dừng).")
    uvicorn.run(create_app(), host=args.host, port=args.port, log_level="warning")
    return 0


if __name__ == "__main__":
    sys.exit(main())
