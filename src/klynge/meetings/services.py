"""Every write to meetings: plan a year, add, move and cancel. Members are told of each change by
e-mail with an iCalendar attachment, off the request (see tasks.py)."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from klynge.accounts.audit import Actor, record, snapshot
from klynge.core.problems import InvalidInput, Problem
from klynge.governance.models import Appointment, Body, Person
from klynge.meetings.models import CalendarFeed, Meeting

FIELDS = ["body", "kind", "title", "date", "starts", "ends", "place", "video_link", "status",
          "cancelled_reason", "sequence"]  # fmt: skip


@dataclass(frozen=True)
class MeetingRow:
    """One meeting as a form or the planner gives it."""

    date: datetime.date
    starts: datetime.time
    ends: datetime.time
    kind: str = "ordinary"
    place: str = ""
    video_link: str = ""
    title: str = ""


class MeetingChanged(Exception):
    """Someone saved the meeting after this form was opened."""


def _problems(rows: list[MeetingRow], body: Body) -> list[Problem]:
    problems = []
    for i, row in enumerate(rows, start=1):
        if row.ends <= row.starts:
            problems.append(Problem("ends", "meeting_ends_first", row=i))
        if body.closed_on is not None and row.date > body.closed_on:
            problems.append(
                Problem("date", "body_closed", {"body": body.name, "day": body.closed_on}, row=i)
            )
    return problems


@transaction.atomic
def create_meetings(
    *,
    acting_user: Actor,
    body: Body,
    rows: list[MeetingRow],
    shared_with: list[Body] = (),  # type: ignore[assignment]
    notify: bool = True,
) -> list[Meeting]:
    """Add meetings to a body's plan: all of them or none. A theme day can be shared with other
    bodies (seed 004: with the steering group and the other focus groups)."""
    problems = _problems(rows, body)
    if problems:
        raise InvalidInput("", problems)
    created = []
    for row in rows:
        meeting = Meeting.objects.create(
            body=body,
            kind=row.kind,
            title=row.title.strip(),
            date=row.date,
            starts=row.starts,
            ends=row.ends,
            place=row.place.strip(),
            video_link=row.video_link.strip(),
        )
        if row.kind == "theme-day" and shared_with:
            meeting.also_for.set([b for b in shared_with if b.pk != body.pk])
        record(
            acting_user=acting_user,
            action="meeting.create",
            instance=meeting,
            before=None,
            after=snapshot(meeting, FIELDS),
        )
        created.append(meeting)
    if notify:
        _tell_members(created, "planned")
    return created


@transaction.atomic
def change_meeting(
    *, acting_user: Actor, meeting: Meeting, based_on: int, row: MeetingRow
) -> Meeting:
    """Move a meeting or change its place; members are sent the updated event."""
    locked = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    if locked.sequence != based_on:
        raise MeetingChanged
    problems = _problems([row], locked.body)
    if problems:
        raise InvalidInput("", [Problem(p.location, p.code, p.params) for p in problems])
    before = snapshot(locked, FIELDS)
    locked.kind, locked.title = row.kind, row.title.strip()
    locked.date, locked.starts, locked.ends = row.date, row.starts, row.ends
    locked.place, locked.video_link = row.place.strip(), row.video_link.strip()
    if snapshot(locked, FIELDS) == before:
        return locked
    locked.sequence += 1
    locked.save()
    record(
        acting_user=acting_user,
        action="meeting.change",
        instance=locked,
        before=before,
        after=snapshot(locked, FIELDS),
    )
    _tell_members([locked], "changed")
    return locked


@transaction.atomic
def cancel_meeting(*, acting_user: Actor, meeting: Meeting, based_on: int, reason: str) -> Meeting:
    """Cancel a meeting; it stays in the plan, marked cancelled, and leaves members' calendars."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.sequence != based_on:
        raise MeetingChanged
    if locked.status == "cancelled":
        return locked
    before = snapshot(locked, FIELDS)
    locked.status, locked.cancelled_reason = "cancelled", reason.strip()
    locked.sequence += 1
    locked.save()
    record(
        acting_user=acting_user,
        action="meeting.cancel",
        instance=locked,
        before=before,
        after=snapshot(locked, FIELDS),
    )
    _tell_members([locked], "cancelled")
    return locked


def _tell_members(meetings: list[Meeting], what: str) -> None:
    from klynge.meetings.tasks import send_meeting_notice

    # Enqueued inside the write's transaction: the task row commits with the meetings or not at all.
    if meetings:
        send_meeting_notice.enqueue([m.pk for m in meetings], what)


@transaction.atomic
def feed_for(
    *, acting_user: Actor, person: Person | None = None, body: Body | None = None
) -> CalendarFeed:
    """The person's or the body's calendar address, made the first time it is asked for."""
    feed, created = CalendarFeed.objects.get_or_create(person=person, body=body)
    if created:
        record(
            acting_user=acting_user,
            action="calendarfeed.create",
            instance=feed,
            before=None,
            after=snapshot(feed, ["person", "body"]),
        )
    return feed


@transaction.atomic
def renew_feed(*, acting_user: Actor, feed: CalendarFeed) -> CalendarFeed:
    """A new secret address; the old one stops working at once."""
    from klynge.meetings.models import new_token

    feed.token = new_token()
    feed.save(update_fields=["token"])
    record(
        acting_user=acting_user, action="calendarfeed.renew", instance=feed, before=None, after=None
    )
    return feed


def feed_meetings(feed: CalendarFeed, today: datetime.date) -> list[Meeting]:
    """The meetings a feed carries, from a year back: a body's own and shared ones, or those of
    the bodies a person sits in on each meeting's day."""
    since = today - datetime.timedelta(days=365)
    if feed.body is not None:
        return list(
            Meeting.objects.of_body(feed.body).filter(date__gte=since).select_related("body")
        )
    appointments = list(
        Appointment.objects.filter(person=feed.person).filter(
            Q(end__isnull=True) | Q(end__gte=since)
        )
    )
    bodies = {a.body_id for a in appointments}
    found = (
        Meeting.objects.filter(Q(body_id__in=bodies) | Q(also_for__in=bodies), date__gte=since)
        .select_related("body")
        .prefetch_related("also_for")
        .distinct()
    )

    def sits(meeting: Meeting) -> bool:
        held = {meeting.body_id, *(b.pk for b in meeting.also_for.all())}
        return any(
            a.body_id in held
            and a.start <= meeting.date
            and (a.end is None or meeting.date <= a.end)
            for a in appointments
        )

    return [m for m in found if sits(m)]
