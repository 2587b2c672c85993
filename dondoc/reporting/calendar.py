"""iCalendar feeds (RFC 5545) of report and task deadlines, for Outlook, Google and phone calendars.

Each deadline is one all-day event with a display reminder three days ahead, so that agencies
see upcoming reports in the calendar they already use. The feed is built with the `icalendar`
library rather than by hand: it escapes commas and semicolons and folds long lines at 75 octets
without splitting a Vietnamese multi-byte character.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Calendar, Event

PRODID = "-//dondoc//dondoc//VI"
TIMEZONE = "Asia/Ho_Chi_Minh"
UID_DOMAIN = "dondoc"
REMINDER_BEFORE = timedelta(days=3)


@dataclass(frozen=True)
class Deadline:
    """One dated deadline to show in a calendar; `uid` must be stable across feed refreshes so
    calendar clients update the event instead of duplicating it."""

    uid: str
    day: date
    summary: str
    description: str = ""
    url: str | None = None


def calendar_feed(name: str, deadlines: Iterable[Deadline], *, now: datetime) -> bytes:
    """The iCalendar text (UTF-8 bytes) of a calendar called `name` with one event per deadline.

    `now` becomes every event's DTSTAMP; it must carry a time zone (it is written in UTC), since
    a naive time would be read differently by each client. Raises ValueError for a naive `now`
    or for two deadlines with the same uid (RFC 5545 requires UIDs to be unique).
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("Thời điểm tạo lịch phải có múi giờ (now must be timezone-aware)")
    stamp = now.astimezone(UTC).replace(microsecond=0)

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    # PUBLISH: a read-only feed subscribed to, not an invitation to answer.
    cal.add("method", "PUBLISH")
    # X-WR-* are de-facto extensions that Google, Apple and Outlook read for the calendar's
    # display name and zone; all-day events carry no zone themselves.
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", TIMEZONE)

    seen: set[str] = set()
    for deadline in deadlines:
        uid = f"{deadline.uid}@{UID_DOMAIN}"
        if uid in seen:
            raise ValueError(f"Trùng mã sự kiện trong lịch: {deadline.uid!r}")
        seen.add(uid)
        cal.add_component(_event(deadline, uid, stamp))
    return cal.to_ical()


def _event(deadline: Deadline, uid: str, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    # A `date` (not a datetime) makes DTSTART a VALUE=DATE all-day event; DTEND is exclusive,
    # so a one-day event ends on the following day.
    event.add("dtstart", deadline.day)
    event.add("dtend", deadline.day + timedelta(days=1))
    event.add("summary", deadline.summary)
    if deadline.description:
        event.add("description", deadline.description)
    if deadline.url:
        event.add("url", deadline.url)
    # Deadlines are not busy time: they should not block meetings in the agency's calendar.
    event.add("transp", "TRANSPARENT")

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    # A negative trigger is relative to DTSTART: the reminder shows three days before the day.
    alarm.add("trigger", -REMINDER_BEFORE)
    # RFC 5545 requires DESCRIPTION on a DISPLAY alarm; it is the text the reminder shows.
    alarm.add("description", f"Sắp đến hạn: {deadline.summary}")
    event.add_component(alarm)
    return event
