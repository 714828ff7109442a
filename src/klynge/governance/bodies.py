"""Bodies over time: ad hoc groups set up by a body (seed 004), and a body closed and succeeded by
another (the 2027 reform). Every write goes through these functions and is audited."""

import datetime
import re

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from klynge.accounts import audit
from klynge.accounts.audit import Actor
from klynge.core.cluster import BodyKind
from klynge.core.member_file import MemberRow
from klynge.core.problems import InvalidInput, Problem
from klynge.core.short_charter import ad_hoc_charter
from klynge.governance.access import editable_body_ids
from klynge.governance.appointing import end_appointment
from klynge.governance.membership import import_members
from klynge.governance.models import Appointment, Body, CharterVersion, Role
from klynge.governance.reads import charter_in_force, charter_of
from klynge.governance.services import import_charter

BODY_FIELDS = ["key", "name", "kind", "reports_to", "description", "closed_on", "succeeded_by"]
DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u"})


def key_for(name: str, taken: set[str]) -> str:
    """A body key from its name, unique in the cluster: «Udviklingsgruppe Æblehaven» gives
    `udviklingsgruppe-aeblehaven`, then `…-2` if that is taken."""
    base = re.sub(r"[^a-z0-9]+", "-", name.lower().translate(DANISH_LETTERS)).strip("-")[:40]
    base = base.strip("-") or "gruppe"
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}-{n}"
    return key


@transaction.atomic
def create_ad_hoc_group(
    *,
    acting_user: Actor,
    parent: Body,
    name: str,
    kind: str,
    purpose: str,
    contact: Appointment,
    start: datetime.date,
) -> Body:
    """Set up a development or implementation group under `parent`, with its charter and the
    contact person, who must sit in the parent body on the day the group starts."""
    row = charter_in_force(parent, start)
    rule = charter_of(row).ad_hoc_groups if row else None
    problems = []
    if row is None or rule is None:
        problems.append(Problem("kind", "no_ad_hoc_groups", {"body": parent.name}))
    elif kind not in rule.kinds:
        problems.append(Problem("kind", "not_an_ad_hoc_kind", {"kind": kind}))
    if not name.strip():
        problems.append(Problem("name", "missing"))
    if (
        contact.body_id != parent.pk
        or not contact.seat
        or contact.start > start
        or (contact.end is not None and contact.end < start)
    ):
        problems.append(Problem("contact", "contact_not_a_member", {"name": contact.person.name}))
    if problems:
        raise InvalidInput("", problems)
    assert row is not None
    body = _new_body(
        parent, name, kind, reports_to=parent, description=purpose, acting_user=acting_user
    )
    charter = ad_hoc_charter(
        charter_of(row),
        parent_name=parent.name,
        key=body.key,
        name=body.name,
        kind=BodyKind(kind),
        purpose=purpose.strip() or f"{body.name} er nedsat af {parent.name}.",
        start=start,
    )
    import_charter(charter, acting_user=acting_user)
    import_members(
        [
            MemberRow(
                row=0,
                body=f"{parent.cluster.key}/{body.key}",
                seat="",
                organisation=contact.organisation.key if contact.organisation else "",
                name=contact.person.name,
                email=contact.person.email,
                start=start,
                role=Role.CONTACT,
            )
        ],
        source="",
        acting_user=acting_user,
    )
    return body


def _new_body(
    near: Body,
    name: str,
    kind: str,
    *,
    reports_to: Body | None = None,
    description: str = "",
    acting_user: Actor,
) -> Body:
    """A new body in the same cluster as `near`, listed after the others."""
    taken = set(Body.objects.filter(cluster=near.cluster).values_list("key", flat=True))
    position = Body.objects.filter(cluster=near.cluster).aggregate(Max("position"))
    body = Body.objects.create(
        cluster=near.cluster,
        key=key_for(name, taken),
        name=name.strip(),
        kind=kind,
        reports_to=reports_to,
        description=description.strip(),
        position=(position["position__max"] or 0) + 1,
    )
    audit.created(body, acting_user=acting_user, action="body.create", audited=BODY_FIELDS)
    return body


@transaction.atomic
def close_body(
    *,
    acting_user: Actor,
    body: Body,
    last_day: datetime.date,
    successor: Body | None,
    hand_over: list[Appointment],
    new_successor: tuple[str, str] | None = None,
) -> list[Appointment]:
    """Close a body after `last_day`: its charter and every appointment still open then end that
    day, and the chosen appointments continue in the successor from the day after (same seat where
    the successor's charter has it). `new_successor` (name, kind) sets up the successor first.
    Nothing is deleted; the history stays readable."""
    if new_successor is not None:
        successor = _new_body(body, *new_successor, acting_user=acting_user)
    locked = Body.objects.select_for_update().get(pk=body.pk)
    problems = []
    if locked.closed_on is not None:
        problems.append(Problem("last_day", "already_closed", {"day": locked.closed_on}))
    if successor is not None and (successor.pk == body.pk or successor.closed_on is not None):
        problems.append(Problem("successor", "not_a_successor", {"name": successor.name}))
    if hand_over and successor is None:
        problems.append(Problem("successor", "hand_over_needs_successor"))
    elif hand_over and successor is not None and new_successor is None:
        # Handing over appoints people to the successor: only its own secretariat does that.
        runs = editable_body_ids(acting_user, timezone.localdate())
        if runs is not None and successor.pk not in runs:
            problems.append(Problem("successor", "not_your_body", {"body": successor.name}))
    first = body.charter_versions.order_by("in_force_from").first()
    if first is not None and last_day < first.in_force_from:
        problems.append(Problem("last_day", "before_first_charter"))
    if problems:
        raise InvalidInput("", problems)
    audit.update(
        locked,
        acting_user=acting_user,
        action="body.close",
        audited=BODY_FIELDS,
        closed_on=last_day,
        succeeded_by=successor,
    )
    for version in CharterVersion.objects.filter(body=body, in_force_from__lte=last_day):
        if version.in_force_until is None or version.in_force_until > last_day:
            audit.update(
                version,
                acting_user=acting_user,
                action="charterversion.close",
                in_force_until=last_day,
            )
    open_ones = list(
        Appointment.objects.filter(body=body)
        .valid_on(last_day)
        .select_related("person", "organisation", "substitute_for")
    )
    for appointment in open_ones:
        if appointment.end is None or appointment.end > last_day:
            end_appointment(acting_user=acting_user, appointment=appointment, end=last_day)
    if successor is None or not hand_over:
        return []
    first_day = last_day + datetime.timedelta(days=1)
    row = charter_in_force(successor, first_day)
    seats = {s.key for s in charter_of(row).seats} if row else set()
    wanted = {a.pk for a in hand_over}
    rows = [
        MemberRow(
            row=0,
            body=f"{successor.cluster.key}/{successor.key}",
            seat=a.seat if a.seat in seats else "",
            organisation=a.organisation.key if a.organisation else "",
            name=a.person.name,
            email=a.person.email,
            start=first_day,
            continuing=a.continuing,
            appointed_by=a.appointed_by,
            substitute_for=a.substitute_for.email if a.substitute_for else "",
            role=a.role,
        )
        for a in open_ones
        if a.pk in wanted and (a.seat or a.role)
    ]
    import_members(rows, source="", acting_user=acting_user)
    emails = {r.email for r in rows}
    return list(
        Appointment.objects.filter(body=successor, start=first_day, person__email__in=emails)
    )
