"""Task timeliness in the categories of Quyết định 42/2014/QĐ-TTg and report rates as DHIS2
computes them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dondoc.scoring.timeliness import (
    LABELS_EN,
    LABELS_VI,
    RATES_FORMULA_EN,
    RATES_FORMULA_VI,
    TASK_STATUSES,
    report_rates,
    task_timeliness,
)

TODAY = date(2025, 6, 10)
DEADLINE = date(2025, 6, 30)


def test_completed_on_the_deadline_day_is_on_time() -> None:
    result = task_timeliness(deadline=DEADLINE, completed_on=DEADLINE, today=TODAY)
    assert result.status == "completed_on_time"
    assert (result.due_soon, result.days_left) == (False, None)
    assert (result.label_vi, result.label_en) == ("Hoàn thành đúng hạn", "Completed on time")


def test_completed_after_the_deadline_is_late() -> None:
    result = task_timeliness(deadline=DEADLINE, completed_on=date(2025, 7, 1), today=date(2025, 7, 5))
    assert result.status == "completed_late"
    assert result.label_vi == "Hoàn thành quá hạn"


def test_completed_without_a_deadline_is_on_time() -> None:
    result = task_timeliness(deadline=None, completed_on=date(2025, 3, 1), today=TODAY)
    assert result.status == "completed_on_time"


def test_in_progress_far_from_the_deadline() -> None:
    # 30 Jun − 10 Jun = 20 days left > 14
    result = task_timeliness(deadline=DEADLINE, completed_on=None, today=TODAY)
    assert result.status == "in_progress"
    assert result.days_left == 20
    assert result.due_soon is False
    assert result.label_vi == "Chưa hoàn thành, trong hạn"


@pytest.mark.parametrize(
    ("today", "days_left", "due_soon"),
    [
        (date(2025, 6, 15), 15, False),  # 30 − 15 = 15 > 14
        (date(2025, 6, 16), 14, True),  # 30 − 16 = 14, the edge counts
        (date(2025, 6, 30), 0, True),  # the deadline day itself is still in time
    ],
)
def test_due_soon_window(today: date, days_left: int, due_soon: bool) -> None:
    result = task_timeliness(deadline=DEADLINE, completed_on=None, today=today)
    assert result.status == "in_progress"
    assert (result.days_left, result.due_soon) == (days_left, due_soon)


def test_custom_soon_window() -> None:
    # 20 days left is within a 30-day window
    result = task_timeliness(deadline=DEADLINE, completed_on=None, today=TODAY, soon_days=30)
    assert result.due_soon is True


def test_overdue_the_day_after_the_deadline() -> None:
    result = task_timeliness(deadline=DEADLINE, completed_on=None, today=date(2025, 7, 1))
    assert result.status == "overdue"
    assert result.days_left == -1
    assert result.due_soon is False
    assert (result.label_vi, result.label_en) == ("Quá hạn", "Overdue")


def test_no_deadline_and_waiting_event() -> None:
    no_deadline = task_timeliness(deadline=None, completed_on=None, today=TODAY)
    assert no_deadline.status == "no_deadline"
    assert no_deadline.label_vi == "Không có thời hạn"
    waiting = task_timeliness(deadline=None, completed_on=None, today=TODAY, waiting_event=True)
    assert waiting.status == "waiting_event"
    assert waiting.label_vi == "Chờ sự kiện"
    assert (waiting.due_soon, waiting.days_left) == (False, None)


def test_an_event_that_fixed_a_date_is_judged_by_it() -> None:
    result = task_timeliness(deadline=date(2025, 6, 1), completed_on=None, today=TODAY, waiting_event=True)
    assert result.status == "overdue"


def test_negative_soon_window_is_refused() -> None:
    with pytest.raises(ValueError):
        task_timeliness(deadline=DEADLINE, completed_on=None, today=TODAY, soon_days=-1)


def test_labels_cover_every_status() -> None:
    assert set(LABELS_VI) == set(LABELS_EN) == set(TASK_STATUSES)


@given(
    st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    st.integers(min_value=-400, max_value=400),
)
def test_unfinished_task_is_overdue_exactly_when_the_deadline_has_passed(today: date, offset: int) -> None:
    deadline = today + timedelta(days=offset)
    result = task_timeliness(deadline=deadline, completed_on=None, today=today)
    assert result.days_left == offset
    assert (result.status == "overdue") == (offset < 0)
    assert result.due_soon == (0 <= offset <= 14)


def test_report_rates_as_dhis2() -> None:
    # reporting rate 8 / 10 × 100 = 80; on-time rate 6 / 10 × 100 = 60 (denominator: expected)
    result = report_rates(expected=10, received=8, on_time=6)
    assert result.reporting_rate == pytest.approx(80.0)
    assert result.on_time_rate == pytest.approx(60.0)
    assert (result.expected, result.received, result.on_time) == (10, 8, 6)


def test_report_rates_are_exact_for_simple_fractions() -> None:
    # 3 / 4 × 100 = 75 exactly; 1 / 3 × 100 = 33.33…
    result = report_rates(expected=4, received=3, on_time=3)
    assert result.reporting_rate == 75.0
    assert report_rates(expected=3, received=1, on_time=0).reporting_rate == pytest.approx(33.333333)


def test_report_rates_with_nothing_expected_are_none() -> None:
    result = report_rates(expected=0, received=0, on_time=0)
    assert (result.reporting_rate, result.on_time_rate) == (None, None)


def test_report_rates_are_not_capped_like_dhis2() -> None:
    # 5 received of 4 expected: 5 / 4 × 100 = 125
    assert report_rates(expected=4, received=5, on_time=2).reporting_rate == pytest.approx(125.0)


def test_report_rates_refuse_impossible_counts() -> None:
    with pytest.raises(ValueError):
        report_rates(expected=4, received=2, on_time=3)
    with pytest.raises(ValueError):
        report_rates(expected=-1, received=0, on_time=0)


def test_rates_formulas_name_the_denominator() -> None:
    assert "phải nộp" in RATES_FORMULA_VI and "DHIS2" in RATES_FORMULA_VI
    assert "reports expected" in RATES_FORMULA_EN
