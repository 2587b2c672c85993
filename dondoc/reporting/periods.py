"""Reporting periods of a plan: which reports are expected, the data each one covers and its due date.

The data cut-off windows follow Nghị định 09/2019/NĐ-CP (chế độ báo cáo của cơ quan hành chính
nhà nước), Điều 12: a monthly report covers the 15th of the previous month to the 14th of the
month; a quarterly report the 15th of the month before the quarter to the 14th of its last month;
a half-yearly report 15 Dec to 14 Jun (first half) or 15 Jun to 14 Dec (second half); a yearly
report 15 Dec of the previous year to 14 Dec.

A plan's own due day ("trước ngày 15 của tháng") sets the due date. Without one, dondoc uses the
day after the cut-off ends; that default is dondoc's own, not the decree's (see ``_due_date``).

Everything here is a pure function of its arguments: no database, no clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

MONTHLY = "monthly"
QUARTERLY = "quarterly"
HALF_YEARLY = "half-yearly"
YEARLY = "yearly"
PERIODIC = "periodic"

# How many calendar months one period spans; the frequencies that generate periods.
_MONTHS_PER_PERIOD: dict[str, int] = {MONTHLY: 1, QUARTERLY: 3, HALF_YEARLY: 6, YEARLY: 12}

# Spellings seen in older code and in Python identifiers mean the same frequency.
_ALIASES: dict[str, str] = {"half_yearly": HALF_YEARLY}

_LABELS: dict[str, tuple[str, str]] = {
    MONTHLY: ("Hằng tháng", "Monthly"),
    QUARTERLY: ("Hằng quý", "Quarterly"),
    HALF_YEARLY: ("6 tháng", "Half-yearly"),
    YEARLY: ("Hằng năm", "Yearly"),
    PERIODIC: ("Định kỳ", "Periodic"),
}

_ROMAN = ("I", "II", "III", "IV")
_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# The decree's cut-off days: windows open on the 15th and close on the 14th.
_CUTOFF_OPEN_DAY = 15
_CUTOFF_CLOSE_DAY = 14


@dataclass(frozen=True)
class PeriodSpec:
    """One expected report: the period it is named after, the data it covers and its due date."""

    frequency: str  # monthly | quarterly | half-yearly | yearly
    key: str  # stable id: "2025-03", "2025-Q1", "2025-H1", "2025"
    label_vi: str  # "Tháng 3/2025", "Quý I/2025", "6 tháng đầu năm 2025", "Năm 2025"
    label_en: str  # "March 2025", "Q1 2025", "H1 2025", "Year 2025"
    cutoff_start: date  # data cut-off window (Nghị định 09/2019/NĐ-CP, Điều 12)
    cutoff_end: date
    due: date  # the report is on time if submitted on or before this day


def canonical_frequency(frequency: str) -> str:
    """The canonical spelling of a frequency word ("half_yearly" → "half-yearly").

    Unknown words are returned lower-cased and stripped, so callers can still show them.
    """
    word = frequency.strip().lower()
    return _ALIASES.get(word, word)


def frequency_label(frequency: str) -> tuple[str, str]:
    """The (Vietnamese, English) name of a frequency, e.g. ("Hằng quý", "Quarterly").

    Raises ValueError for a word that is not one of the reporting frequencies.
    """
    freq = canonical_frequency(frequency)
    try:
        return _LABELS[freq]
    except KeyError:
        raise ValueError(f"Tần suất báo cáo không hợp lệ: {frequency!r}") from None


def default_cutoff(frequency: str, key_date: date) -> tuple[date, date]:
    """The decree's data cut-off window of the period named after the calendar period holding
    ``key_date`` (any day of March 2025 gives the window of "Tháng 3/2025": 15/02–14/03/2025).

    Raises ValueError for "periodic" and unknown words: they name no interval.
    """
    months = _months_per_period(frequency)
    index = (key_date.month - 1) // months
    return _default_window(key_date.year, index, months)


def period_specs(
    frequency: str,
    *,
    start: date,
    end: date,
    due_day: int | None = None,
    due_month: int | None = None,
) -> list[PeriodSpec]:
    """Every reporting period of one frequency whose cut-off window meets the plan's active span
    [start, end], in order.

    ``due_day`` is the plan's "trước ngày N": day N of the period's last month (the month itself,
    the quarter's third month, June or December, or for yearly reports ``due_month``, default
    December). A day past the month's end is moved to its last day (31 → 30 in April, 28/29 in
    February). ``due_month`` only matters for yearly reports; given alone, the report is due by the
    last day of that month ("trong tháng 11").

    When the due date comes before the decree's cut-off end (a yearly report due 01/12 while the
    window closes 14/12), the window closes the day before the due date: a report cannot cover
    data from after it was due.

    A bare "định kỳ" (``periodic``) and unknown words return [] — they name no interval, so the
    coordinator sets the frequency of those duties by hand before any period is expected.
    """
    freq = canonical_frequency(frequency)
    if freq not in _MONTHS_PER_PERIOD:
        return []
    if due_day is not None and not 1 <= due_day <= 31:
        raise ValueError(f"Ngày hạn báo cáo không hợp lệ: {due_day}")
    if due_month is not None and not 1 <= due_month <= 12:
        raise ValueError(f"Tháng hạn báo cáo không hợp lệ: {due_month}")
    if start > end:
        return []

    months = _MONTHS_PER_PERIOD[freq]
    per_year = 12 // months
    # The first window that can reach `start` belongs to the calendar period holding it: the
    # window of the period before closes on the 14th of that period's last month, before `start`.
    ordinal = start.year * per_year + (start.month - 1) // months
    specs: list[PeriodSpec] = []
    while True:
        year, index = divmod(ordinal, per_year)
        cutoff_start, default_end = _default_window(year, index, months)
        if cutoff_start > end:
            break
        last_month = (index + 1) * months
        due = _due_date(freq, year, last_month, default_end, due_day, due_month)
        cutoff_end = due - timedelta(days=1) if due < default_end else default_end
        # A window shortened by an early due date may no longer reach `start`; skip it.
        if cutoff_end >= start:
            key, label_vi, label_en = _names(freq, year, index)
            specs.append(
                PeriodSpec(
                    frequency=freq,
                    key=key,
                    label_vi=label_vi,
                    label_en=label_en,
                    cutoff_start=cutoff_start,
                    cutoff_end=cutoff_end,
                    due=due,
                )
            )
        ordinal += 1
    return specs


def _months_per_period(frequency: str) -> int:
    freq = canonical_frequency(frequency)
    try:
        return _MONTHS_PER_PERIOD[freq]
    except KeyError:
        raise ValueError(f"Tần suất báo cáo không có kỳ xác định: {frequency!r}") from None


def _default_window(year: int, index: int, months: int) -> tuple[date, date]:
    """The decree's window of period `index` (0-based) of `year`: from the 15th of the month
    before the period's first month to the 14th of its last month."""
    first_month = index * months + 1
    last_month = first_month + months - 1
    # January's previous month is December of the previous year (Q1, H1 and the year itself).
    open_year, open_month = (year - 1, 12) if first_month == 1 else (year, first_month - 1)
    return date(open_year, open_month, _CUTOFF_OPEN_DAY), date(year, last_month, _CUTOFF_CLOSE_DAY)


def _due_date(
    freq: str,
    year: int,
    last_month: int,
    default_end: date,
    due_day: int | None,
    due_month: int | None,
) -> date:
    month = (due_month or 12) if freq == YEARLY else last_month
    if due_day is not None:
        return date(year, month, min(due_day, _month_length(year, month)))
    if freq == YEARLY and due_month is not None:
        return date(year, month, _month_length(year, month))
    # dondoc's default, not the decree's: Nghị định 09/2019 leaves the deadline to each regime,
    # so without a plan due day the report is due the day after its cut-off closes (the 15th).
    # The coordinator can set another due day on the reporting duty.
    return default_end + timedelta(days=1)


def _month_length(year: int, month: int) -> int:
    next_first = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return (next_first - timedelta(days=1)).day


def _names(freq: str, year: int, index: int) -> tuple[str, str, str]:
    """Key, Vietnamese label and English label of period `index` (0-based) of `year`."""
    if freq == MONTHLY:
        month = index + 1
        return f"{year}-{month:02d}", f"Tháng {month}/{year}", f"{_MONTHS_EN[index]} {year}"
    if freq == QUARTERLY:
        return f"{year}-Q{index + 1}", f"Quý {_ROMAN[index]}/{year}", f"Q{index + 1} {year}"
    if freq == HALF_YEARLY:
        half_vi = "đầu" if index == 0 else "cuối"
        return f"{year}-H{index + 1}", f"6 tháng {half_vi} năm {year}", f"H{index + 1} {year}"
    return f"{year}", f"Năm {year}", f"Year {year}"
