"""Meetings as iCalendar (RFC 5545), in Europe/Copenhagen with its time zone definition, so that
calendar clients show the members' own wall-clock time, and updates replace the same event."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from klynge.meetings.models import Meeting, MeetingKind, MeetingStatus

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def _event(meeting: Meeting, url: str) -> Event:
    event = Event()
    event.add("uid", meeting.uid)
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("dtstart", datetime.datetime.combine(meeting.date, meeting.starts, COPENHAGEN))
    event.add("dtend", datetime.datetime.combine(meeting.date, meeting.ends, COPENHAGEN))
    event.add("summary", meeting_title(meeting))
    event.add("sequence", meeting.sequence)
    event.add("status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED")
    if meeting.place:
        event.add("location", meeting.place)
    description = [url]
    if meeting.video_link:
        description.append(meeting.video_link)
    event.add("description", "\n".join(description))
    event.add("url", url)
    return event


def copenhagen_timezone() -> Timezone:
    """Europe/Copenhagen as the EU rule (summer time from the last Sunday of March to the last
    Sunday of October), as Outlook and Google write it. The generated alternative, a list of
    transition dates up to 2038, is misread by some parsers (vobject puts summer meetings an hour
    out), so the rule is written out."""
    zone = Timezone()
    zone.add("tzid", "Europe/Copenhagen")
    for part, start, month, offsets, name in (
        (TimezoneDaylight(), datetime.datetime(1970, 3, 29, 2), 3, ("+0100", "+0200"), "CEST"),  # noqa: DTZ001
        (TimezoneStandard(), datetime.datetime(1970, 10, 25, 3), 10, ("+0200", "+0100"), "CET"),  # noqa: DTZ001
    ):
        part.add("dtstart", start)  # a VTIMEZONE's onsets are local times, without a zone
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        part["tzoffsetfrom"], part["tzoffsetto"] = offsets
        part.add("tzname", name)
        zone.add_component(part)
    return zone


def meeting_title(meeting: Meeting) -> str:
    name = meeting.body.short_name or meeting.body.name
    if meeting.title:
        return f"{name}: {meeting.title}"
    labels: dict[str, str] = {
        MeetingKind.THEME_DAY: "temadag",
        MeetingKind.EXTRAORDINARY: "ekstraordinært møde",
    }
    label = labels.get(meeting.kind)
    return f"{name}: {label}" if label else f"Møde i {name}"


def calendar_of(meetings: list[Meeting], *, method: str | None, name: str, base_url: str) -> bytes:
    """One calendar with the meetings; `method` REQUEST or CANCEL for an e-mail, None for a feed."""
    calendar = Calendar()
    calendar.add("prodid", "-//Klynge//klynge//DA")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Copenhagen")
    calendar.add_component(copenhagen_timezone())
    base = base_url.rstrip("/")
    for meeting in meetings:
        calendar.add_component(_event(meeting, f"{base}/meetings/{meeting.pk}/"))
    return bytes(calendar.to_ical())


def default_base_url() -> str:
    return str(settings.KLYNGE_BASE_URL)
