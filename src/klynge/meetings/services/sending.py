"""Approving and sending the agenda: who leads the meeting, a co-chair's approval, sending it to
the members, and announcing the items changed since."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from klynge.accounts import audit
from klynge.accounts.audit import Actor, record
from klynge.core.problems import InvalidInput, Problem
from klynge.core.workflow import check_transition, may_move
from klynge.governance.access import is_co_chair_on
from klynge.governance.models import Person
from klynge.meetings.models import (
    AGENDA_STEPS,
    MINUTES_STEPS,
    AgendaItem,
    AgendaStatus,
    Meeting,
    MinutesStatus,
)
from klynge.meetings.services.plan import tell_members


@transaction.atomic
def approve_agenda(*, acting_user: Actor, meeting: Meeting, person: Person) -> Meeting:
    """A co-chair approves the agenda: the co-chairs approve it before it is sent."""
    locked = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    if not is_co_chair_on(person, locked):
        raise InvalidInput("", [Problem("", "not_a_co_chair", {"name": person.name})])
    if not may_move(AGENDA_STEPS, locked.agenda_status, AgendaStatus.APPROVED):
        return locked
    return record_approval(acting_user=acting_user, meeting=locked, of="agenda", person=person)


@transaction.atomic
def set_leader(*, acting_user: Actor, meeting: Meeting, person: Person | None) -> Meeting:
    """Choose who leads a meeting; None gives it back to the turn between the co-chairs."""
    audit.update(meeting, acting_user=acting_user, action="meeting.leader", led_by=person)
    return meeting


def record_approval(*, acting_user: Actor, meeting: Meeting, of: str, person: Person) -> Meeting:
    """Mark the agenda or the minutes (`of`) approved by a co-chair, with its audit row."""
    fields = [f"{of}_status", f"{of}_approved_by"]
    approved = AgendaStatus.APPROVED if of == "agenda" else MinutesStatus.APPROVED
    check_transition(
        AGENDA_STEPS if of == "agenda" else MINUTES_STEPS, getattr(meeting, fields[0]), approved
    )
    changes: dict[str, Any] = {
        fields[0]: approved,
        fields[1]: person,
        f"{of}_approved_at": timezone.now(),
    }
    audit.update(meeting, acting_user=acting_user, action=f"meeting.{of}-approve", **changes)
    return meeting


@transaction.atomic
def send_agenda(*, acting_user: Actor, meeting: Meeting) -> Meeting:
    """Send the approved agenda: every member and substitute gets the link and the invitation.
    Who sent it is kept beside who approved it, for the status the page shows."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not may_move(AGENDA_STEPS, locked.agenda_status, AgendaStatus.SENT):
        raise InvalidInput("", [Problem("", "agenda_not_approved")])
    audit.update(
        locked,
        acting_user=acting_user,
        action="meeting.agenda-send",
        agenda_status=AgendaStatus.SENT,
        agenda_sent_at=timezone.now(),
        agenda_sent_by=audit.user_of(acting_user),
    )
    tell_members([locked], "agenda")
    return locked


@transaction.atomic
def announce_changes(*, acting_user: Actor, meeting: Meeting) -> list[AgendaItem]:
    """Tell every member which items changed after the agenda was sent, with the link to it."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    changed = list(locked.items.filter(changed_after_sending=True).order_by("position"))
    if locked.agenda_status != AgendaStatus.SENT or not changed:
        return []
    record(
        acting_user=acting_user,
        action="meeting.agenda-changes-announced",
        instance=locked,
        before=None,
        after={"items": [i.pk for i in changed]},
    )
    tell_members([locked], "agenda-changed")
    return changed
