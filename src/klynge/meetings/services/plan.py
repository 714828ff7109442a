"""Planning meetings: a year's meetings made at once, a meeting moved or cancelled. Members are
told of each change by e-mail with an iCalendar attachment, off the request (see tasks.py)."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from klynge.accounts import audit
from klynge.accounts.audit import Actor
from klynge.core.problems import InvalidInput, Problem
from klynge.core.workflow import may_move
from klynge.governance.models import Body
from klynge.meetings.models import (
    MEETING_STEPS,
    Meeting,
    MeetingKind,
    MeetingStatus,
)
from klynge.meetings.services.agenda import add_standard_items

FIELDS = ["body", "kind", "title", "date", "starts", "ends", "place", "video_link", "status",
          "cancelled_reason", "sequence"]  # fmt: skip


@dataclass(frozen=True)
class MeetingRow:
    """One meeting as a form or the planner gives it."""

    date: datetime.date
    starts: datetime.time
    ends: datetime.time
    kind: str = MeetingKind.ORDINARY
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
    shared_with: Sequence[Body] = (),
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
        if row.kind == MeetingKind.THEME_DAY and shared_with:
            meeting.also_for.set([b for b in shared_with if b.pk != body.pk])
        add_standard_items(meeting, acting_user=acting_user)
        audit.created(
            meeting,
            acting_user=acting_user,
            action="meeting.create",
            audited=[*FIELDS, "also_for"] if meeting.kind == MeetingKind.THEME_DAY else FIELDS,
        )
        created.append(meeting)
    if notify:
        tell_members(created, "planned")
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
    changes: dict[str, Any] = {
        "kind": row.kind, "title": row.title.strip(), "date": row.date, "starts": row.starts,
        "ends": row.ends, "place": row.place.strip(), "video_link": row.video_link.strip(),
    }  # fmt: skip
    if all(getattr(locked, name) == value for name, value in changes.items()):
        return locked
    return _announce(locked, "changed", acting_user=acting_user, **changes)


@transaction.atomic
def cancel_meeting(*, acting_user: Actor, meeting: Meeting, based_on: int, reason: str) -> Meeting:
    """Cancel a meeting; it stays in the plan, marked cancelled, and leaves members' calendars."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.sequence != based_on:
        raise MeetingChanged
    if not may_move(MEETING_STEPS, locked.status, MeetingStatus.CANCELLED):
        return locked
    if locked.date < timezone.localdate():
        raise InvalidInput("", [Problem("", "meeting_already_held")])
    return _announce(
        locked,
        "cancelled",
        acting_user=acting_user,
        status=MeetingStatus.CANCELLED,
        cancelled_reason=reason.strip(),
    )


def _announce(meeting: Meeting, what: str, *, acting_user: Actor, **changes: Any) -> Meeting:
    """Save a change members must hear of: one more in the iCalendar sequence, an audit row, and
    the notice to every member."""
    audit.update(
        meeting,
        acting_user=acting_user,
        action=f"meeting.{'cancel' if what == 'cancelled' else 'change'}",
        audited=FIELDS,
        sequence=meeting.sequence + 1,
        **changes,
    )
    tell_members([meeting], what)
    return meeting


def tell_members(meetings: list[Meeting], what: str) -> None:
    from klynge.meetings.tasks import send_meeting_notice

    # Enqueued inside the write's transaction: the task row commits with the meetings or not at all.
    if meetings:
        send_meeting_notice.enqueue([m.pk for m in meetings], what)
