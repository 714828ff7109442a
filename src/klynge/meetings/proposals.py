"""Items members propose: needs, ideas and tasks from their own organisations reach the
secretariat (seed 004), which puts them on an agenda or answers them."""

from django.db import transaction
from django.utils import timezone

from klynge.accounts import audit
from klynge.accounts.audit import Actor
from klynge.core.problems import InvalidInput, Problem
from klynge.core.workflow import may_move
from klynge.governance.access import member_appointment
from klynge.governance.models import Body, Organisation, Person
from klynge.meetings.models import (
    PROPOSAL_STEPS,
    AgendaItem,
    ItemKind,
    ItemProposal,
    Meeting,
    MeetingStatus,
    ProposalStatus,
)
from klynge.meetings.services import add_item

FIELDS = ["body", "proposed_by", "organisation", "title", "description", "status", "answer", "item"]


@transaction.atomic
def propose(
    *,
    acting_user: Actor,
    body: Body,
    person: Person,
    title: str,
    description: str = "",
    organisation: Organisation | None = None,
) -> ItemProposal:
    """A member brings a need, idea or task; the secretariat is told."""
    seat = member_appointment(person, body, timezone.localdate())
    if seat is None:
        raise InvalidInput("", [Problem("", "not_a_member_now", {"name": person.name})])
    if not title.strip():
        raise InvalidInput("", [Problem("title", "required")])
    proposal = ItemProposal.objects.create(
        body=body, proposed_by=person, organisation=organisation or seat.organisation,
        title=title.strip(), description=description.strip(),
    )  # fmt: skip
    audit.created(proposal, acting_user=acting_user, action="proposal.create", audited=FIELDS)
    from klynge.meetings.tasks import send_proposal_notice

    send_proposal_notice.enqueue(proposal.pk, "new")
    return proposal


def _refuse_when_handled(proposal: ItemProposal, to: ProposalStatus) -> None:
    """A proposal is handled once: a second secretary (or a form sent twice) is told so."""
    if not may_move(PROPOSAL_STEPS, proposal.status, to):
        raise InvalidInput("", [Problem("", "proposal_handled", {"title": proposal.title})])


@transaction.atomic
def put_on_agenda(*, acting_user: Actor, proposal: ItemProposal, meeting: Meeting) -> AgendaItem:
    """The proposal becomes an item on one of the body's coming meetings; the member is told."""
    locked = ItemProposal.objects.select_for_update().get(pk=proposal.pk)
    _refuse_when_handled(locked, ProposalStatus.ON_AGENDA)
    if (
        meeting.body_id != locked.body_id
        or meeting.status == MeetingStatus.CANCELLED
        or meeting.date < timezone.localdate()
    ):
        raise InvalidInput("", [Problem("meeting", "not_on_a_later_meeting")])
    summary = locked.description
    if locked.organisation:
        summary = f"{summary}\n\n({locked.organisation.name})".strip()
    item = add_item(
        acting_user=acting_user,
        meeting=meeting,
        values={"title": locked.title, "kind": ItemKind.DISCUSSION, "presenter": locked.proposed_by.name,
                "summary": summary},
    )  # fmt: skip
    audit.update(locked, acting_user=acting_user, action="proposal.on-agenda", audited=FIELDS,
                 status=ProposalStatus.ON_AGENDA, item=item)  # fmt: skip
    from klynge.meetings.tasks import send_proposal_notice

    send_proposal_notice.enqueue(locked.pk, "on-agenda")
    return item


@transaction.atomic
def answer_proposal(*, acting_user: Actor, proposal: ItemProposal, answer: str) -> ItemProposal:
    """The secretariat answers instead of putting it on an agenda; the member is told."""
    if not answer.strip():
        raise InvalidInput("", [Problem("answer", "required")])
    locked = ItemProposal.objects.select_for_update().get(pk=proposal.pk)
    _refuse_when_handled(locked, ProposalStatus.ANSWERED)
    audit.update(locked, acting_user=acting_user, action="proposal.answer", audited=FIELDS,
                 status=ProposalStatus.ANSWERED, answer=answer.strip())  # fmt: skip
    from klynge.meetings.tasks import send_proposal_notice

    send_proposal_notice.enqueue(locked.pk, "answered")
    return locked
