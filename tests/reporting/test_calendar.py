"""iCalendar feed of deadlines: the bytes parse back with `icalendar` and keep dates, UIDs,
reminders and Vietnamese text intact."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from icalendar import Calendar

from dondoc.reporting.calendar import Deadline, calendar_feed

NOW = datetime(2025, 3, 1, 9, 30, 15, 123456, tzinfo=timezone(timedelta(hours=7)))

LONG_VI = (
    "Báo cáo kết quả thực hiện Kế hoạch chuyển đổi số tỉnh Bình Định năm 2025, gửi Sở Khoa học "
    "và Công nghệ để tổng hợp, báo cáo Ủy ban nhân dân tỉnh; nội dung gồm: tiến độ, khó khăn, "
    "vướng mắc và đề xuất, kiến nghị."
)

DEADLINES = [
    Deadline(
        uid="report-7-2025-03",
        day=date(2025, 3, 15),
        summary="Hạn báo cáo Tháng 3/2025 — Sở Thông tin và Truyền thông",
        description=LONG_VI,
        url="https://dondoc.example.vn/bao-cao/7",
    ),
    Deadline(uid="task-12", day=date(2025, 12, 31), summary="Nhiệm vụ II.3: Xây dựng kho dữ liệu số"),
]


def _parse(data: bytes) -> Calendar:
    return Calendar.from_ical(data)


def test_calendar_properties() -> None:
    cal = _parse(calendar_feed("Lịch báo cáo — Sở Khoa học và Công nghệ", DEADLINES, now=NOW))
    assert str(cal["PRODID"]) == "-//dondoc//dondoc//VI"
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["X-WR-CALNAME"]) == "Lịch báo cáo — Sở Khoa học và Công nghệ"
    assert str(cal["X-WR-TIMEZONE"]) == "Asia/Ho_Chi_Minh"


def test_events_round_trip() -> None:
    cal = _parse(calendar_feed("Lịch", DEADLINES, now=NOW))
    events = cal.walk("VEVENT")
    assert len(events) == 2
    first, second = events

    assert str(first["UID"]) == "report-7-2025-03@dondoc"
    assert str(second["UID"]) == "task-12@dondoc"
    # All-day events: DTSTART is a date, DTEND the (exclusive) next day.
    assert first.decoded("DTSTART") == date(2025, 3, 15)
    assert not isinstance(first.decoded("DTSTART"), datetime)
    assert first.decoded("DTEND") == date(2025, 3, 16)
    assert second.decoded("DTSTART") == date(2025, 12, 31)
    assert second.decoded("DTEND") == date(2026, 1, 1)
    # DTSTAMP is `now` in UTC.
    assert first.decoded("DTSTAMP") == datetime(2025, 3, 1, 2, 30, 15, tzinfo=UTC)
    assert str(first["URL"]) == "https://dondoc.example.vn/bao-cao/7"
    assert "URL" not in second
    assert "DESCRIPTION" not in second


def test_vietnamese_text_survives() -> None:
    data = calendar_feed("Lịch", DEADLINES, now=NOW)
    # Long lines are folded at 75 octets without breaking the UTF-8 of Vietnamese letters.
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    data.decode("utf-8")
    first = _parse(data).walk("VEVENT")[0]
    assert str(first["SUMMARY"]) == "Hạn báo cáo Tháng 3/2025 — Sở Thông tin và Truyền thông"
    assert str(first["DESCRIPTION"]) == LONG_VI


def test_display_alarm_three_days_before() -> None:
    event = _parse(calendar_feed("Lịch", DEADLINES, now=NOW)).walk("VEVENT")[0]
    alarms = event.walk("VALARM")
    assert len(alarms) == 1
    alarm = alarms[0]
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm.decoded("TRIGGER") == timedelta(days=-3)
    assert "Hạn báo cáo Tháng 3/2025" in str(alarm["DESCRIPTION"])


def test_empty_feed_is_a_valid_calendar() -> None:
    cal = _parse(calendar_feed("Lịch trống", [], now=NOW))
    assert cal.walk("VEVENT") == []
    assert str(cal["X-WR-CALNAME"]) == "Lịch trống"


def test_naive_now_is_rejected() -> None:
    with pytest.raises(ValueError):
        calendar_feed("Lịch", DEADLINES, now=datetime(2025, 3, 1, 9, 30))


def test_duplicate_uid_is_rejected() -> None:
    twice = [DEADLINES[1], DEADLINES[1]]
    with pytest.raises(ValueError):
        calendar_feed("Lịch", twice, now=NOW)
