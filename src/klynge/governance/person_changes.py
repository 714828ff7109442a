"""Changes to a person's own record (name, title, organisation). A person may sit in several
bodies, so a secretariat does not change the record of someone who also sits elsewhere: what
its member file or form says otherwise is shown to it as a difference, which it may propose to
an administrator; the administrator applies or dismisses it. Every change to a person goes
through `change_person`."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.accounts import audit
from klynge.accounts.audit import Actor
from klynge.core.problems import InvalidInput, Problem
from klynge.core.workflow import Transitions, may_move
from klynge.governance import person_history
from klynge.governance.models import (
    Body,
    ChangeStatus,
    Organisation,
    Person,
    PersonChangeProposal,
)

PERSON_FIELDS = ["email", "name", "title", "organisation"]
# The proposed name and title stay in the proposal, which anonymisation clears; the trail refers
# to people by id only.
PROPOSAL_FIELDS = ["person", "body", "organisation", "status"]
# An administrator decides a proposal once.
CHANGE_STEPS: Transitions = {ChangeStatus.OPEN: {ChangeStatus.APPLIED, ChangeStatus.DISMISSED}}


@dataclass(frozen=True)
class Difference:
    """A field of a person's record that a member file or form gives otherwise."""

    field: str  # "name" or "organisation"
    registered: str
    given: str
    organisation: Organisation | None = None  # the one given, for "organisation"

    def text(self, *, in_file: bool) -> str:
        """The difference as the secretariat reads it."""
        values = {"given": self.given, "registered": self.registered or _("none")}
        if self.field == "name":
            if in_file:
                return _("The name in the file (%(given)s) differs from the registered one "
                         "(%(registered)s).") % values  # fmt: skip
            return _("The name you typed (%(given)s) differs from the registered one "
                     "(%(registered)s).") % values  # fmt: skip
        if in_file:
            return _("The organisation in the file (%(given)s) differs from the registered one "
                     "(%(registered)s).") % values  # fmt: skip
        return _("The organisation you chose (%(given)s) differs from the registered one "
                 "(%(registered)s).") % values  # fmt: skip


def differences(person: Person, name: str, organisation: Organisation | None) -> list[Difference]:
    """How a name and an organisation (None: not given) differ from the person's record."""
    found = []
    if name and name != person.name:
        found.append(Difference("name", person.name, name))
    if organisation is not None and organisation.pk != person.organisation_id:
        registered = person.organisation.name if person.organisation else ""
        found.append(Difference("organisation", registered, organisation.name, organisation))
    return found


def change_person(
    person: Person,
    *,
    acting_user: Actor,
    name: str | None = None,
    title: str | None = None,
    organisation: Organisation | None = None,
) -> bool:
    """Change a person's record (None leaves a field as it is); whether anything changed. The
    caller holds the transaction and has decided that the acting user may."""
    values: dict[str, object] = {}
    if name:
        values["name"] = name
    if title is not None:
        values["title"] = title
    if organisation is not None:
        values["organisation"] = organisation
    return person_history.update(
        person, acting_user=acting_user, action="person.update", audited=PERSON_FIELDS, **values
    )


@transaction.atomic
def propose_person_change(
    *, acting_user: Actor, person: Person, body: Body | None, found: list[Difference]
) -> PersonChangeProposal | None:
    """Propose the differences to an administrator; an open proposal with the same values is
    not made twice. None when there is nothing to propose."""
    name = next((d.given for d in found if d.field == "name"), "")
    organisation = next((d.organisation for d in found if d.field == "organisation"), None)
    if not name and organisation is None:
        return None
    same = PersonChangeProposal.objects.filter(
        person=person, status=ChangeStatus.OPEN, name=name, organisation=organisation, title=""
    ).first()
    if same is not None:
        return same
    proposal = PersonChangeProposal.objects.create(
        person=person,
        body=body,
        name=name,
        organisation=organisation,
        proposed_by=audit.user_of(acting_user),
    )
    audit.created(
        proposal,
        acting_user=acting_user,
        action="personchangeproposal.create",
        audited=PROPOSAL_FIELDS,
    )
    return proposal


@transaction.atomic
def decide_person_change(
    *, acting_user: Actor, proposal: PersonChangeProposal, apply: bool
) -> PersonChangeProposal:
    """An administrator applies the proposed change to the person, or dismisses it."""
    locked = PersonChangeProposal.objects.select_for_update().get(pk=proposal.pk)
    status = ChangeStatus.APPLIED if apply else ChangeStatus.DISMISSED
    if not may_move(CHANGE_STEPS, locked.status, status):
        raise InvalidInput("", [Problem("", "proposal_decided")])
    if apply:
        person = Person.objects.select_for_update().get(pk=locked.person_id)
        change_person(
            person,
            acting_user=acting_user,
            name=locked.name or None,
            title=locked.title or None,
            organisation=locked.organisation,
        )
    audit.update(
        locked,
        acting_user=acting_user,
        action=f"personchangeproposal.{'apply' if apply else 'dismiss'}",
        audited=["status", "decided_by", "decided_at"],
        status=status,
        decided_by=audit.user_of(acting_user),
        decided_at=timezone.now(),
    )
    return locked
