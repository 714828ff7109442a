"""Apologies (afbud): a member who cannot come, and their substitutes, who are invited instead."""

from django.db import transaction

from klynge.accounts import audit
from klynge.accounts.audit import Actor
from klynge.core.problems import InvalidInput, Problem
from klynge.governance.access import sits_on
from klynge.governance.models import Appointment, Person
from klynge.meetings.models import (
    Apology,
    Meeting,
    MeetingStatus,
)


def _audited(apology: Apology) -> dict[str, object]:
    # Whether a reason was given, not the reason: it is free text about the person, which
    # anonymisation clears, and the audit trail is never rewritten.
    return audit.snapshot(apology, ["meeting", "person"]) | {"reason_given": bool(apology.reason)}


def substitutes_for(person: Person, meeting: Meeting) -> list[Person]:
    """The person's substitutes in the meeting's body on its day."""
    found = (
        Appointment.objects.filter(body=meeting.body, substitute_for=person)
        .valid_on(meeting.date)
        .select_related("person__user")
    )
    return [a.person for a in found]


@transaction.atomic
def send_apology(
    *, acting_user: Actor, meeting: Meeting, person: Person, reason: str = ""
) -> Apology:
    """A member cannot come: the apology is recorded with the reason they give (for the
    secretariat), their substitutes are invited, and the secretariat is told."""
    if not sits_on(person, meeting) or meeting.status == MeetingStatus.CANCELLED:
        raise InvalidInput("", [Problem("", "not_a_member_then", {"name": person.name})])
    apology, created = Apology.objects.get_or_create(
        meeting=meeting, person=person, defaults={"reason": reason.strip()}
    )
    if created:
        audit.record(
            acting_user=acting_user,
            action="meeting.apology",
            instance=apology,
            before=None,
            after=_audited(apology),
        )
        from klynge.meetings.notices import send_apology_notice
        from klynge.meetings.tasks import send_substitute_invitation

        substitutes = substitutes_for(person, meeting)
        for substitute in substitutes:
            send_substitute_invitation.enqueue(meeting.pk, person.pk, substitute.pk)
        send_apology_notice.enqueue(apology.pk, [s.pk for s in substitutes])
    return apology


@transaction.atomic
def withdraw_apology(*, acting_user: Actor, apology: Apology) -> None:
    audit.record(
        acting_user=acting_user,
        action="meeting.apology-withdrawn",
        instance=apology,
        before=_audited(apology),
        after=None,
    )
    apology.delete()
