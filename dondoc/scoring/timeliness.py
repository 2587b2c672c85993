"""Task timeliness in the categories of the government's task-tracking reports (Quyết định
42/2014/QĐ-TTg, amended by Quyết định 23/2018/QĐ-TTg), and report completeness and
timeliness as DHIS2 computes them.

Pure functions: no database, no I/O, standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

TASK_STATUSES = (
    "completed_on_time",
    "completed_late",
    "in_progress",
    "overdue",
    "waiting_event",
    "no_deadline",
)

LABELS_VI: dict[str, str] = {
    "completed_on_time": "Hoàn thành đúng hạn",
    "completed_late": "Hoàn thành quá hạn",
    "in_progress": "Chưa hoàn thành, trong hạn",
    "overdue": "Quá hạn",
    "waiting_event": "Chờ sự kiện",
    "no_deadline": "Không có thời hạn",
}

LABELS_EN: dict[str, str] = {
    "completed_on_time": "Completed on time",
    "completed_late": "Completed late",
    "in_progress": "In progress, within deadline",
    "overdue": "Overdue",
    "waiting_event": "Waiting for an event",
    "no_deadline": "No deadline",
}

DEFAULT_SOON_DAYS = 14

RATES_FORMULA_VI = (
    "Theo cách tính của DHIS2: tỷ lệ báo cáo = số báo cáo đã nhận ÷ số báo cáo phải nộp × 100; "
    "tỷ lệ báo cáo đúng hạn = số báo cáo nộp đến hết ngày hạn ÷ số báo cáo phải nộp × 100 "
    "(cùng mẫu số là số báo cáo phải nộp). Số báo cáo phải nộp = số cơ quan có trách nhiệm báo "
    "cáo × số kỳ báo cáo. Không tính tỷ lệ khi không có báo cáo phải nộp."
)

RATES_FORMULA_EN = (
    "As DHIS2 computes them: reporting rate = reports received ÷ reports expected × 100; "
    "on-time reporting rate = reports submitted by the due date ÷ reports expected × 100 (the "
    "same denominator, reports expected). Reports expected = agencies with a reporting duty × "
    "periods. No rate is given when no report is expected."
)


@dataclass(frozen=True)
class TaskTimeliness:
    """Where a task stands against its deadline on a given day."""

    status: str
    due_soon: bool
    days_left: int | None
    label_vi: str
    label_en: str


def task_timeliness(
    *,
    deadline: date | None,
    completed_on: date | None,
    today: date,
    waiting_event: bool = False,
    soon_days: int = DEFAULT_SOON_DAYS,
) -> TaskTimeliness:
    """Classify a task as Quyết định 42/2014/QĐ-TTg counts it.

    A task finished on its deadline day is on time; finished after it, late. A task with no
    deadline that is finished counts as on time (nothing was missed). An unfinished task with no
    deadline is "no_deadline", or "waiting_event" when its deadline hangs on an event that has
    not happened yet; once the event fixes a date the caller passes it as ``deadline`` and the
    task is judged by it. ``days_left`` (deadline − today, negative when overdue) and
    ``due_soon`` (0 ≤ days_left ≤ soon_days) are given only for unfinished tasks with a deadline.
    """
    if soon_days < 0:
        raise ValueError("soon_days must not be negative")
    if completed_on is not None:
        late = deadline is not None and completed_on > deadline
        status = "completed_late" if late else "completed_on_time"
        return _timeliness(status, due_soon=False, days_left=None)
    if deadline is None:
        return _timeliness(
            "waiting_event" if waiting_event else "no_deadline", due_soon=False, days_left=None
        )
    days_left = (deadline - today).days
    status = "overdue" if days_left < 0 else "in_progress"
    return _timeliness(status, due_soon=0 <= days_left <= soon_days, days_left=days_left)


def _timeliness(status: str, *, due_soon: bool, days_left: int | None) -> TaskTimeliness:
    return TaskTimeliness(
        status=status,
        due_soon=due_soon,
        days_left=days_left,
        label_vi=LABELS_VI[status],
        label_en=LABELS_EN[status],
    )


@dataclass(frozen=True)
class ReportRates:
    """Report completeness and timeliness; rates are percentages 0–100 (None when nothing is
    expected). A rate can pass 100 when more reports arrive than were expected, as in DHIS2."""

    expected: int
    received: int
    on_time: int
    reporting_rate: float | None
    on_time_rate: float | None


def report_rates(*, expected: int, received: int, on_time: int) -> ReportRates:
    """Reporting rate and on-time reporting rate as DHIS2 computes them.

    DHIS2's "reporting rate" is actual reports ÷ expected reports × 100, and its "reporting
    rate on time" divides the reports submitted on time by the same expected reports (not by
    the reports received). DHIS2 does not cap either rate at 100, so neither do we. Where DHIS2
    shows 0 for zero expected reports we give None: no duty is not the same as no reports.
    """
    if expected < 0 or received < 0 or on_time < 0:
        raise ValueError("report counts must not be negative")
    if on_time > received:
        raise ValueError("reports on time cannot outnumber reports received")
    if expected == 0:
        return ReportRates(expected, received, on_time, None, None)
    # Multiply before dividing so 3 of 4 gives exactly 75.0.
    return ReportRates(
        expected=expected,
        received=received,
        on_time=on_time,
        reporting_rate=received * 100 / expected,
        on_time_rate=on_time * 100 / expected,
    )
