"""Asking the co-chairs to approve: the secretariat sends both co-chairs of the meeting's day one
e-mail each with the link to the agenda or the minutes that await them. Either may approve."""

import datetime
from typing import Literal, Protocol

from django.db import transaction
from django.utils import timezone

from klynge.accounts.audit import Actor, record
from klynge.core.problems import InvalidInput, Problem
from klynge.governance.models import Appointment
from klynge.meetings.leadership import chairs_on, co_chairs
from klynge.meetings.models import AgendaStatus, Meeting, MeetingStatus, MinutesStatus

Document = Literal["agenda", "minutes"]


def co_chairs_of(meeting: Meeting) -> list[Appointment]:
    """The co-chairs of the meeting's body on its day, the regional side first: either of them
    approves its agenda and its minutes."""
    return chairs_on(co_chairs(meeting.body), meeting.date)


class ApprovalState(Protocol):
    """What decides whether a meeting's agenda or minutes await approval: a Meeting, or the home
    page's row of one."""

    @property
    def status(self) -> str: ...
    @property
    def date(self) -> datetime.date: ...
    @property
    def agenda_status(self) -> str: ...
    @property
    def minutes_status(self) -> str: ...
    @property
    def minutes_version(self) -> int: ...


def awaits_approval(
    meeting: ApprovalState, of: Document, today: datetime.date | None = None
) -> bool:
    """The agenda is a draft, or the minutes of a held meeting are, with something written in
    them: a co-chair's turn."""
    if meeting.status == MeetingStatus.CANCELLED:
        return False
    if of == "agenda":
        return meeting.agenda_status == AgendaStatus.DRAFT
    return (
        meeting.minutes_status == MinutesStatus.DRAFT
        and meeting.minutes_version > 0
        and meeting.date <= (today or timezone.localdate())
    )


@transaction.atomic
def ask_co_chairs(*, acting_user: Actor, meeting: Meeting, of: Document) -> list[Appointment]:
    """E-mail each co-chair of the meeting's day the link to the agenda or the minutes (`of`)
    that await their approval; returns the co-chairs asked."""
    locked = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    if not awaits_approval(locked, of):
        raise InvalidInput("", [Problem("", f"{of}_not_awaiting_approval")])
    chairs = co_chairs_of(locked)
    if not chairs:
        raise InvalidInput("", [Problem("", "no_co_chairs", {"body": locked.body.name})])
    field = f"{of}_approval_asked_at"
    setattr(locked, field, timezone.now())
    locked.save(update_fields=[field])
    record(
        acting_user=acting_user,
        action=f"meeting.{of}-approval-asked",
        instance=locked,
        before=None,
        after={"asked": [a.person.pk for a in chairs]},  # people by id, never by address
    )
    from klynge.meetings.notices import send_approval_request

    # Enqueued inside the write's transaction: the e-mails go only if the asking is recorded.
    for chair in chairs:
        send_approval_request.enqueue(locked.pk, of, chair.person.pk)
    return chairs
