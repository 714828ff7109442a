"""Open actions from published minutes, for a reader: their own, their organisation's, and the
actions of the bodies they run as secretariat (the follow-up page and the home page). Minutes not
yet published are the secretariat's and the co-chairs' drafts, so their actions are left out."""

import datetime
from dataclasses import dataclass

from django.db.models import F, Q
from django.utils.translation import gettext as _

from klynge.accounts.models import User
from klynge.governance.access import closed_readable_bodies, readable_bodies, run_body_ids
from klynge.governance.models import Appointment, Person
from klynge.meetings.closed import shown_actions
from klynge.meetings.models import ActionItem, MinutesStatus

OWN, ORGANISATION, BODY = "own", "organisation", "body"


@dataclass(frozen=True)
class OpenAction:
    action: ActionItem
    why: str  # OWN, ORGANISATION or BODY: the first that applies


def actions_of(user: User, today: datetime.date) -> list[OpenAction]:
    """The follow-up page's actions for a user: the person's, the organisations they sit for or
    belong to, and the bodies they run as secretariat (administrators: every body)."""
    person = Person.objects.filter(email=user.email).first()
    organisations = set(
        Appointment.objects.filter(person=person)
        .from_on(today)
        .exclude(organisation=None)
        .values_list("organisation_id", flat=True)
    ) if person else set()  # fmt: skip
    if person and person.organisation_id:
        organisations.add(person.organisation_id)
    everything = user.is_active and user.is_staff
    return open_actions(
        person=person,
        organisation_ids=organisations,
        run_body_ids=None if everything else run_body_ids(user, today),
        readable=readable_bodies(user, today),
        closed_readable=closed_readable_bodies(user, today),
    )


def open_actions(
    *,
    person: Person | None,
    organisation_ids: set[int],
    run_body_ids: set[int] | None,
    readable: set[int] | None,
    closed_readable: set[int] | None,
) -> list[OpenAction]:
    """The open actions of published minutes in the bodies the reader reads (`readable`, None:
    all): the person's, their organisations', and all of `run_body_ids` (None: every body, for
    administrators); in one query, the soonest due first and those without a date last. One
    decided under a closed item reads "Action under a closed item" unless the reader reads the
    closed items of its body (`closed_readable`, None: all)."""
    found = ActionItem.objects.filter(
        meeting__minutes_status=MinutesStatus.PUBLISHED, done_on__isnull=True
    )
    if run_body_ids is not None:
        mine = Q(organisation_id__in=organisation_ids) | Q(meeting__body_id__in=run_body_ids)
        if person is not None:
            mine |= Q(owner=person)
        found = found.filter(mine)
    if readable is not None:
        found = found.filter(meeting__body_id__in=readable)
    rows = found.select_related("meeting__body", "owner", "organisation", "item").order_by(
        F("due").asc(nulls_last=True), "meeting__date", "pk"
    )
    return [
        OpenAction(shown, _why(a, person, organisation_ids))
        for a in rows
        for shown in shown_actions(
            [a], closed_readable is None or a.meeting.body_id in closed_readable
        )
    ]


def _why(action: ActionItem, person: Person | None, organisation_ids: set[int]) -> str:
    if person is not None and action.owner_id == person.pk:
        return OWN
    if action.organisation_id in organisation_ids:
        return ORGANISATION
    return BODY


def responsible(action: ActionItem) -> str:
    """Who is responsible, as people read it: the person, their organisation, or both."""
    if action.owner and action.organisation:
        return _("%(person)s (%(organisation)s)") % {
            "person": action.owner.name,
            "organisation": action.organisation.name,
        }
    if action.owner:
        return action.owner.name
    return action.organisation.name if action.organisation else ""
