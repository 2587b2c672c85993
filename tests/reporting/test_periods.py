"""Reporting periods: cut-off windows of Nghị định 09/2019/NĐ-CP (Điều 12) and due dates, checked
against dates worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dondoc.reporting.periods import (
    PeriodSpec,
    default_cutoff,
    frequency_label,
    period_specs,
)

FREQUENCIES = ["monthly", "quarterly", "half-yearly", "yearly"]


def test_monthly_2025_with_due_day_15() -> None:
    # The span runs to the last cut-off day of 2025; the window of January 2026 opens 15/12/2025.
    specs = period_specs("monthly", start=date(2025, 1, 1), end=date(2025, 12, 14), due_day=15)
    assert [s.key for s in specs] == [f"2025-{m:02d}" for m in range(1, 13)]
    march = specs[2]
    assert march == PeriodSpec(
        frequency="monthly",
        key="2025-03",
        label_vi="Tháng 3/2025",
        label_en="March 2025",
        cutoff_start=date(2025, 2, 15),
        cutoff_end=date(2025, 3, 14),
        due=date(2025, 3, 15),
    )
    january = specs[0]
    assert (january.cutoff_start, january.cutoff_end) == (date(2024, 12, 15), date(2025, 1, 14))
    assert specs[-1].due == date(2025, 12, 15)


def test_monthly_span_to_31_december_reaches_the_window_opening_15_december() -> None:
    # Data from 15/12 to 31/12 falls in the cut-off window of January of the next year.
    specs = period_specs("monthly", start=date(2025, 1, 1), end=date(2025, 12, 31))
    assert len(specs) == 13
    assert specs[-1].key == "2026-01"
    assert specs[-1].cutoff_start == date(2025, 12, 15)


def test_monthly_default_due_is_day_after_cutoff() -> None:
    specs = period_specs("monthly", start=date(2025, 3, 1), end=date(2025, 3, 10))
    assert [s.key for s in specs] == ["2025-03"]
    assert specs[0].due == date(2025, 3, 15)


def test_quarterly_q1_2025() -> None:
    specs = period_specs("quarterly", start=date(2025, 1, 1), end=date(2025, 12, 14))
    assert [s.key for s in specs] == ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]
    q1 = specs[0]
    assert q1.label_vi == "Quý I/2025"
    assert q1.label_en == "Q1 2025"
    assert (q1.cutoff_start, q1.cutoff_end) == (date(2024, 12, 15), date(2025, 3, 14))
    assert q1.due == date(2025, 3, 15)
    q3 = specs[2]
    assert q3.label_vi == "Quý III/2025"
    assert (q3.cutoff_start, q3.cutoff_end) == (date(2025, 6, 15), date(2025, 9, 14))


def test_quarterly_due_day_is_in_last_month_of_quarter() -> None:
    specs = period_specs("quarterly", start=date(2025, 4, 1), end=date(2025, 6, 1), due_day=20)
    assert [s.key for s in specs] == ["2025-Q2"]
    assert specs[0].due == date(2025, 6, 20)
    assert specs[0].cutoff_end == date(2025, 6, 14)


def test_half_yearly() -> None:
    specs = period_specs("half-yearly", start=date(2025, 1, 1), end=date(2025, 12, 14), due_day=18)
    assert [s.key for s in specs] == ["2025-H1", "2025-H2"]
    h1, h2 = specs
    assert h1.label_vi == "6 tháng đầu năm 2025"
    assert h1.label_en == "H1 2025"
    assert (h1.cutoff_start, h1.cutoff_end, h1.due) == (
        date(2024, 12, 15),
        date(2025, 6, 14),
        date(2025, 6, 18),
    )
    assert h2.label_vi == "6 tháng cuối năm 2025"
    assert h2.label_en == "H2 2025"
    assert (h2.cutoff_start, h2.cutoff_end, h2.due) == (
        date(2025, 6, 15),
        date(2025, 12, 14),
        date(2025, 12, 18),
    )


def test_half_yearly_underscore_alias() -> None:
    specs = period_specs("half_yearly", start=date(2025, 7, 1), end=date(2025, 7, 2))
    assert [(s.frequency, s.key) for s in specs] == [("half-yearly", "2025-H2")]


def test_yearly_due_1_december_ends_cutoff_on_30_november() -> None:
    specs = period_specs("yearly", start=date(2025, 1, 1), end=date(2025, 12, 1), due_day=1, due_month=12)
    assert len(specs) == 1
    year = specs[0]
    assert (year.key, year.label_vi, year.label_en) == ("2025", "Năm 2025", "Year 2025")
    assert year.cutoff_start == date(2024, 12, 15)
    assert year.cutoff_end == date(2025, 11, 30)
    assert year.due == date(2025, 12, 1)


def test_yearly_due_day_without_month_is_in_december() -> None:
    specs = period_specs("yearly", start=date(2025, 6, 1), end=date(2025, 6, 2), due_day=1)
    assert specs[0].due == date(2025, 12, 1)
    assert specs[0].cutoff_end == date(2025, 11, 30)


def test_yearly_due_15_november() -> None:
    specs = period_specs("yearly", start=date(2025, 1, 1), end=date(2025, 11, 1), due_day=15, due_month=11)
    assert len(specs) == 1
    assert specs[0].due == date(2025, 11, 15)
    assert specs[0].cutoff_start == date(2024, 12, 15)
    assert specs[0].cutoff_end == date(2025, 11, 14)


def test_yearly_default_due_15_december() -> None:
    specs = period_specs("yearly", start=date(2025, 1, 1), end=date(2025, 1, 1))
    assert (specs[0].cutoff_end, specs[0].due) == (date(2025, 12, 14), date(2025, 12, 15))


def test_yearly_due_month_alone_is_end_of_that_month() -> None:
    specs = period_specs("yearly", start=date(2025, 1, 1), end=date(2025, 1, 1), due_month=11)
    assert specs[0].due == date(2025, 11, 30)
    assert specs[0].cutoff_end == date(2025, 11, 29)


def test_due_day_31_is_clamped_to_month_length() -> None:
    specs = period_specs("monthly", start=date(2025, 2, 1), end=date(2025, 4, 10), due_day=31)
    assert [(s.key, s.due) for s in specs] == [
        ("2025-02", date(2025, 2, 28)),
        ("2025-03", date(2025, 3, 31)),
        ("2025-04", date(2025, 4, 30)),
    ]
    leap = period_specs("monthly", start=date(2024, 2, 1), end=date(2024, 2, 2), due_day=31)
    assert leap[0].due == date(2024, 2, 29)


def test_due_day_before_cutoff_end_shortens_the_window() -> None:
    specs = period_specs("monthly", start=date(2025, 3, 1), end=date(2025, 3, 5), due_day=10)
    assert [s.key for s in specs] == ["2025-03"]
    assert (specs[0].cutoff_start, specs[0].cutoff_end, specs[0].due) == (
        date(2025, 2, 15),
        date(2025, 3, 9),
        date(2025, 3, 10),
    )


def test_plan_active_from_10_may_starts_with_may() -> None:
    specs = period_specs("monthly", start=date(2025, 5, 10), end=date(2025, 12, 31), due_day=15)
    assert specs[0].key == "2025-05"
    assert (specs[0].cutoff_start, specs[0].cutoff_end) == (date(2025, 4, 15), date(2025, 5, 14))
    assert "2025-04" not in [s.key for s in specs]
    assert specs[-1].key == "2026-01"


def test_start_after_cutoff_end_skips_to_next_period() -> None:
    # 20/05 is after May's window (15/04–14/05): June's window 15/05–14/06 is the first one.
    specs = period_specs("monthly", start=date(2025, 5, 20), end=date(2025, 6, 1))
    assert [s.key for s in specs] == ["2025-06"]


def test_window_shortened_before_start_is_skipped() -> None:
    # Due 10/03 closes March's window on 09/03, before the plan starts on 12/03.
    specs = period_specs("monthly", start=date(2025, 3, 12), end=date(2025, 3, 20), due_day=10)
    assert [s.key for s in specs] == ["2025-04"]


def test_span_inside_the_gap_left_by_an_early_due_day_generates_nothing() -> None:
    # Due on the 1st: March's window is 15/02–28/02, April's opens 15/03; 05/03–10/03 meets neither.
    assert period_specs("monthly", start=date(2025, 3, 5), end=date(2025, 3, 10), due_day=1) == []


@pytest.mark.parametrize("word", ["periodic", "định kỳ", "weekly", ""])
def test_periodic_and_unknown_generate_nothing(word: str) -> None:
    assert period_specs(word, start=date(2025, 1, 1), end=date(2025, 12, 31)) == []


def test_empty_span_generates_nothing() -> None:
    assert period_specs("monthly", start=date(2025, 6, 1), end=date(2025, 5, 1)) == []


@pytest.mark.parametrize(("due_day", "due_month"), [(0, None), (32, None), (15, 0), (15, 13)])
def test_invalid_due_rule_is_rejected(due_day: int, due_month: int | None) -> None:
    with pytest.raises(ValueError):
        period_specs(
            "yearly", start=date(2025, 1, 1), end=date(2025, 12, 31), due_day=due_day, due_month=due_month
        )


def test_default_cutoff() -> None:
    assert default_cutoff("monthly", date(2025, 3, 31)) == (date(2025, 2, 15), date(2025, 3, 14))
    assert default_cutoff("monthly", date(2025, 1, 5)) == (date(2024, 12, 15), date(2025, 1, 14))
    assert default_cutoff("quarterly", date(2025, 2, 1)) == (date(2024, 12, 15), date(2025, 3, 14))
    assert default_cutoff("quarterly", date(2025, 11, 30)) == (date(2025, 9, 15), date(2025, 12, 14))
    assert default_cutoff("half-yearly", date(2025, 3, 1)) == (date(2024, 12, 15), date(2025, 6, 14))
    assert default_cutoff("half_yearly", date(2025, 8, 1)) == (date(2025, 6, 15), date(2025, 12, 14))
    assert default_cutoff("yearly", date(2025, 7, 1)) == (date(2024, 12, 15), date(2025, 12, 14))


def test_default_cutoff_rejects_periodic() -> None:
    with pytest.raises(ValueError):
        default_cutoff("periodic", date(2025, 1, 1))


def test_frequency_labels() -> None:
    assert frequency_label("monthly") == ("Hằng tháng", "Monthly")
    assert frequency_label("quarterly") == ("Hằng quý", "Quarterly")
    assert frequency_label("half-yearly") == ("6 tháng", "Half-yearly")
    assert frequency_label("half_yearly") == ("6 tháng", "Half-yearly")
    assert frequency_label("yearly") == ("Hằng năm", "Yearly")
    assert frequency_label("periodic") == ("Định kỳ", "Periodic")
    with pytest.raises(ValueError):
        frequency_label("weekly")


_dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))


@given(
    frequency=st.sampled_from(FREQUENCIES),
    a=_dates,
    b=_dates,
    due_day=st.none() | st.integers(min_value=1, max_value=31),
    due_month=st.none() | st.integers(min_value=1, max_value=12),
)
def test_periods_are_ordered_and_disjoint(
    frequency: str, a: date, b: date, due_day: int | None, due_month: int | None
) -> None:
    start, end = min(a, b), max(a, b)
    specs = period_specs(frequency, start=start, end=end, due_day=due_day, due_month=due_month)
    if due_day is None and due_month is None:
        # The decree's windows leave no gap between them, so any day falls in one of them.
        assert specs
    for spec in specs:
        assert spec.frequency == frequency
        assert spec.cutoff_start <= spec.cutoff_end
        assert spec.due >= spec.cutoff_start
        assert spec.due >= spec.cutoff_end
        # Every window meets the plan's span.
        assert spec.cutoff_start <= end and spec.cutoff_end >= start
    for earlier, later in zip(specs, specs[1:], strict=False):
        assert earlier.cutoff_end < later.cutoff_start
        assert earlier.due < later.due
    assert len({s.key for s in specs}) == len(specs)
