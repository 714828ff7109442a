"""The public pages of a body (/offentlig/<key>/): what anyone may read without signing in, and
the secretariat's switch that turns them on.

Nothing here asks who reads: every function gives what the public may see, and nothing more.
The rules are strict and local on purpose, apart from the signed-in pages' redaction:
- a body is public only while `Body.public_pages` is on; otherwise it does not exist here;
- only the body's own meetings (a theme day shared with it belongs to its own body's pages);
- an agenda once it is sent (or its minutes published); decisions once the minutes are
  published;
- a closed item is its number and its public title (or "Closed item"), nothing else;
- an attachment only when it is public, not closed, on an open item of a sent agenda;
- members by seat and organisation, without e-mail; a patient or relative representative by
  name only with consent (Appointment.named_in_public); observers and the secretariat are not
  members and are not listed.
Each read takes a fixed number of queries, however many meetings, items or members.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils.translation import gettext as _

from klynge.accounts import audit
from klynge.accounts.audit import Actor
from klynge.core.charter import Charter, Seat
from klynge.core.cluster import OrganisationKind
from klynge.core.danish import sort_key
from klynge.governance.models import Appointment, Body, CharterVersion, Organisation, Role
from klynge.governance.reads import charter_of
from klynge.meetings.closed import closed_title
from klynge.meetings.models import (
    AgendaItem,
    AgendaStatus,
    Attachment,
    Meeting,
    MinutesStatus,
)

# ---- the switch ---------------------------------------------------------------------------------


def switch_public_pages(*, acting_user: Actor, body: Body, on: bool) -> bool:
    """Turn the body's public pages on or off; whether anything changed (audited when it did)."""
    with transaction.atomic():
        locked = Body.objects.select_for_update().get(pk=body.pk)
        changed = audit.update(
            locked, acting_user=acting_user, action="body.public_pages", public_pages=on
        )
    body.public_pages = locked.public_pages
    return changed


# ---- which bodies -------------------------------------------------------------------------------


def public_bodies() -> list[Body]:
    """Every body whose public pages are on, with its cluster, in the clusters' order: one query."""
    return list(
        Body.objects.filter(public_pages=True)
        .select_related("cluster")
        .order_by("cluster__name", "position")
    )


def public_body(key: str) -> Body:
    """The body with this key whose public pages are on; otherwise 404, exactly as for a key
    that names no body (a key shared by two clusters' public bodies is 404 too)."""
    found = list(
        Body.objects.filter(key=key, public_pages=True).select_related("cluster", "reports_to")[:2]
    )
    if len(found) != 1:
        raise Http404(key)
    return found[0]


# ---- the charter and the members ----------------------------------------------------------------


def public_charter(body: Body, on: datetime.date) -> tuple[CharterVersion, Charter] | None:
    """The charter in force on the day, as data, or None."""
    row = (
        CharterVersion.objects.filter(body=body, in_force_from__lte=on)
        .filter(Q(in_force_until__isnull=True) | Q(in_force_until__gte=on))
        .order_by("-in_force_from")
        .first()
    )
    return (row, charter_of(row)) if row is not None else None


@dataclass
class PublicMember:
    """A member as the public pages show them: a name (or "Patient representative" without
    consent), the organisation they represent, and whether they are a co-chair or substitute."""

    name: str
    organisation: str
    co_chair: bool = False
    substitute: bool = False


@dataclass
class PublicSeat:
    title: str
    members: list[PublicMember] = field(default_factory=list)


def _patient_seats(charter: Charter | None, patient_organisations: set[str]) -> set[str]:
    """The keys of the charter's seats that patients' and relatives' organisations fill."""
    if charter is None:
        return set()

    def of_patients(seat: Seat) -> bool:
        return any(
            part.organisation in patient_organisations
            or OrganisationKind.PATIENTS in (part.each_of_kind, part.one_of_kind)
            for part in seat.parts
        )

    return {seat.key for seat in charter.seats if of_patients(seat)}


def is_patient_representative(appointment: Appointment, patient_seats: set[str]) -> bool:
    """A patient or relative representative: in a seat patients' organisations fill, or
    representing (or belonging to) such an organisation. Any one of these is enough: a name is
    withheld rather than shown by mistake."""
    organisations = (appointment.organisation, appointment.person.organisation)
    return appointment.seat in patient_seats or any(
        o is not None and o.kind == OrganisationKind.PATIENTS for o in organisations
    )


def public_name(appointment: Appointment, patient_seats: set[str]) -> str:
    if is_patient_representative(appointment, patient_seats) and not appointment.named_in_public:
        return _("Patient representative")
    return appointment.person.name


def public_members(body: Body, charter: Charter | None, on: datetime.date) -> list[PublicSeat]:
    """Who sits in the body on the day, seat by seat in the charter's order (members without a
    seat of the charter last), in two queries. Co-chairs are marked; substitutes follow the
    seat's members without saying whom they stand in for, so that a withheld name cannot be
    learnt through them."""
    patient_organisations = set(
        Organisation.objects.filter(
            cluster_id=body.cluster_id, kind=OrganisationKind.PATIENTS
        ).values_list("key", flat=True)
    )
    patient_seats = _patient_seats(charter, patient_organisations)
    appointments = list(
        Appointment.objects.filter(body=body)
        .valid_on(on)
        .exclude(role__in=[Role.SECRETARIAT, Role.OBSERVER])
        .select_related("person__organisation", "organisation")
    )
    chairs = {a.person_id for a in appointments if a.role == Role.CHAIR}
    # A co-chair holds the role in a row of its own, often beside their seat's row: one line.
    seated = {a.person_id for a in appointments if a.seat}
    shown = [a for a in appointments if a.seat or a.person_id not in seated]
    titles = {s.key: s.title for s in charter.seats} if charter else {}
    seats = [PublicSeat(title) for title in titles.values()]
    by_key = dict(zip(titles, seats, strict=True))
    others = PublicSeat(_("Other members"))
    for a in shown:
        member = PublicMember(
            name=public_name(a, patient_seats),
            # Not "Patients and relatives (Patients and relatives)": the seat says it already.
            organisation=a.organisation.name
            if a.organisation and a.organisation.name != titles.get(a.seat)
            else "",
            co_chair=a.person_id in chairs,
            substitute=a.substitute_for_id is not None,
        )
        by_key.get(a.seat, others).members.append(member)
    for seat in [*seats, others]:
        # By the name shown, so that the order tells nothing of a name withheld.
        seat.members.sort(key=lambda m: (m.substitute, sort_key(m.name), sort_key(m.organisation)))
    return [s for s in [*seats, others] if s.members or s is not others]


# ---- meetings -----------------------------------------------------------------------------------


def public_meetings(body: Body, year: int) -> list[Meeting]:
    """The body's own meetings in a year, cancelled ones included (one query)."""
    return list(Meeting.objects.filter(body=body, date__year=year).order_by("date", "starts"))


def public_years(body: Body, today: datetime.date) -> list[int]:
    """The years with meetings of the body, and this year (one query)."""
    dates = Meeting.objects.filter(body=body).dates("date", "year")
    return sorted({d.year for d in dates} | {today.year})


def public_meeting(body: Body, pk: int) -> Meeting:
    """One of the body's own meetings, or 404."""
    meeting = Meeting.objects.filter(body=body, pk=pk).first()
    if meeting is None:
        raise Http404("no such meeting")
    return meeting


@dataclass
class PublicItem:
    """An agenda item as the public may read it. A closed item has only its number and title."""

    number: int
    title: str
    closed: bool
    kind: str = ""
    decision: str = ""
    attachments: list[Attachment] = field(default_factory=list)


def _public_attachments(item: AgendaItem) -> list[Attachment]:
    return [a for a in item.attachments.all() if a.public and not a.closed]


def shown_item(item: AgendaItem, minutes_published: bool) -> PublicItem:
    """The strict rule for the public: a closed item is its number and its public title, or
    "Closed item" — never its title, texts, decision or attachments."""
    if item.closed:
        return PublicItem(item.position, closed_title(item), closed=True)
    return PublicItem(
        item.position,
        item.title,
        closed=False,
        kind=item.get_kind_display(),
        decision=item.decision if minutes_published else "",
        attachments=_public_attachments(item),
    )


def agenda_is_public(meeting: Meeting) -> bool:
    """An agenda is public once sent to the members, or once the meeting's minutes are."""
    return (
        meeting.agenda_status == AgendaStatus.SENT
        or meeting.minutes_status == MinutesStatus.PUBLISHED
    )


def public_agenda(meeting: Meeting) -> list[PublicItem] | None:
    """The items of a public agenda (agenda_is_public), as the public reads them, in two
    queries; None before then."""
    if not agenda_is_public(meeting):
        return None
    items = AgendaItem.objects.filter(meeting=meeting).prefetch_related(
        Prefetch("attachments", queryset=Attachment.objects.filter(public=True, closed=False))
    )
    published = meeting.minutes_status == MinutesStatus.PUBLISHED
    return [shown_item(item, published) for item in items.order_by("position")]


def public_attachment(body: Body, pk: int) -> Attachment:
    """A public attachment of the (public) body: not closed, on an open item of one of its own
    meetings whose agenda is public (agenda_is_public); else 404."""
    found = (
        Attachment.objects.filter(
            Q(item__meeting__agenda_status=AgendaStatus.SENT)
            | Q(item__meeting__minutes_status=MinutesStatus.PUBLISHED),
            pk=pk,
            public=True,
            closed=False,
            item__closed=False,
            item__meeting__body=body,
        )
        .select_related("item")
        .first()
    )
    if found is None:
        raise Http404("no such attachment")
    return found
