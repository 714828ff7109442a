"""Reads of the cluster's structure for pages: plain rows, a fixed number of queries."""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils.functional import Promise

from klynge.core.charter import Charter, MeetingRules, Seat
from klynge.core.cluster import OrganisationKind
from klynge.core.danish import sort_key
from klynge.governance.models import (
    BODY_KIND_LABELS,
    ORGANISATION_KIND_LABELS,
    Appointment,
    Body,
    CharterVersion,
    Cluster,
    Organisation,
    Person,
    Role,
)

if TYPE_CHECKING:
    from klynge.core.compliance import Finding


@dataclass
class OrganisationRow:
    key: str
    name: str
    kind: str
    municipality_code: str
    former_names: list[str]

    @property
    def kind_label(self) -> str | Promise:
        # Looked up on use, in the user's language, so the rows themselves can be cached.
        return ORGANISATION_KIND_LABELS.get(self.kind, self.kind)


@dataclass
class BodyRow:
    key: str
    name: str
    short_name: str
    kind: str
    reports_to: str | None
    closed_on: datetime.date | None = None
    # Set by the structure page on its copy, not part of the cached rows: whether the reader
    # may open the body's page, and today's compliance at a glance.
    readable: bool = False
    status: dict[str, object] | None = None

    @property
    def kind_label(self) -> str | Promise:
        return BODY_KIND_LABELS.get(self.kind, self.kind)


@dataclass
class ClusterStructure:
    key: str
    name: str
    former_names: list[str]
    organisations: list[OrganisationRow] = field(default_factory=list)
    bodies: list[BodyRow] = field(default_factory=list)

    @property
    def municipalities(self) -> list[OrganisationRow]:
        found = [o for o in self.organisations if o.kind == OrganisationKind.MUNICIPALITY]
        return sorted(found, key=lambda o: sort_key(o.name))

    @property
    def partners(self) -> list[OrganisationRow]:
        return [o for o in self.organisations if o.kind != OrganisationKind.MUNICIPALITY]


def cluster_structures() -> list[ClusterStructure]:
    """Every cluster with its organisations and bodies, in three queries whatever their number."""
    clusters = {
        c["id"]: ClusterStructure(c["key"], c["name"], c["former_names"])
        for c in Cluster.objects.order_by("name").values("id", "key", "name", "former_names")
    }
    organisations = Organisation.objects.values_list(
        "cluster_id", "key", "name", "kind", "municipality_code", "former_names"
    )
    for cluster_id, key, name, kind, code, former in organisations.order_by(
        "cluster_id", "position"
    ):
        clusters[cluster_id].organisations.append(OrganisationRow(key, name, kind, code, former))
    bodies = Body.objects.values_list(
        "cluster_id", "key", "name", "short_name", "kind", "reports_to__name", "closed_on"
    )
    for cluster_id, key, name, short_name, kind, parent, closed_on in bodies.order_by(
        "cluster_id", "position"
    ):
        clusters[cluster_id].bodies.append(BodyRow(key, name, short_name, kind, parent, closed_on))
    return list(clusters.values())


def charter_versions(body: Body) -> list[CharterVersion]:
    return list(CharterVersion.objects.filter(body=body).order_by("-version"))


def charter_in_force(body: Body, on: datetime.date) -> CharterVersion | None:
    """The version in force on a date: the one that started last on or before it."""
    return (
        CharterVersion.objects.filter(body=body, in_force_from__lte=on)
        .filter(Q(in_force_until__isnull=True) | Q(in_force_until__gte=on))
        .order_by("-in_force_from")
        .first()
    )


def meeting_rules(body: Body, *days: datetime.date) -> MeetingRules | None:
    """The meeting rules of the charter in force on the first of `days` that has one."""
    for day in days:
        row = charter_in_force(body, day)
        if row is not None:
            return charter_of(row).meetings
    return None


def minutes_publish_days(body: Body, day: datetime.date) -> int:
    """How many days after a meeting on `day` its minutes must be published: the charter's
    limit, or the default where it sets none (the seeds set none)."""
    from klynge.core.compliance import DEFAULT_MINUTES_DAYS

    rules = meeting_rules(body, day)
    return (rules.minutes_publish_days if rules else None) or DEFAULT_MINUTES_DAYS


def charter_tasks(body: Body, day: datetime.date) -> list[tuple[str, str]]:
    """The tasks of the charter in force on `day`, as (key, "clause: text") for an item to link
    to; a body whose charter lists none also serves the body it reports to (the operative groups
    work on FSG's tasks, seed 000 § 5)."""
    for each in (body, body.reports_to):
        row = charter_in_force(each, day) if each is not None else None
        tasks = charter_of(row).tasks if row is not None else ()
        if tasks:
            return [(t.key, f"{t.clause}: {t.text}") for t in tasks]
    return []


def agenda_lead_days(body: Body, day: datetime.date) -> int | None:
    """How many days before a meeting on `day` its agenda is sent, as the charter says."""
    rules = meeting_rules(body, day)
    return rules.agenda_lead_days if rules else None


def charter_of(row: CharterVersion) -> Charter:
    """The charter as data, with the end date the database holds (a later version may have set it)."""
    return Charter.model_validate(row.data).model_copy(
        update={"in_force_until": row.in_force_until}
    )


def name_seats(
    appointments: Iterable[Appointment], charter: Charter | None = None
) -> list[Appointment]:
    """The appointments with their seats' names (Appointment.seat_name): from `charter` where the
    page has it, otherwise from every version of the bodies' charters, the newest naming a seat
    last, in one query."""
    appointments = list(appointments)
    titles: dict[tuple[int, str], str] = {}
    if charter is not None:
        titles = {(a.body_id, s.key): s.title for a in appointments for s in charter.seats}
    else:
        bodies = {a.body_id for a in appointments if a.seat}
        rows = CharterVersion.objects.filter(body_id__in=bodies).order_by("in_force_from")
        for body_id, data in rows.values_list("body_id", "data"):
            for seat in data.get("seats", []):
                titles[(body_id, seat["key"])] = Seat.model_validate(seat).title
    for a in appointments:
        a.seat_title = titles.get((a.body_id, a.seat), "")
    return appointments


def members_on(body: Body, on: datetime.date) -> list[Appointment]:
    """Who sat in the body on a date: every appointment and role whose period holds it."""
    found = (
        Appointment.objects.filter(body=body)
        .valid_on(on)
        .select_related("person", "organisation", "substitute_for", "body__cluster")
    )
    return sorted(found, key=lambda a: (a.seat, sort_key(a.person.name)))


def substitutable(body: Body, on: datetime.date) -> list[tuple[str, str]]:
    """Whom a substitute may stand in for: each person holding a seat of the body on `on` or
    later (not as a substitute), as (e-mail, "name (organisation)"), in Danish order."""
    seated = Appointment.objects.filter(body=body, substitute_for__isnull=True).from_on(on)
    people = Person.objects.filter(pk__in=seated.exclude(seat="").values("person")).select_related(
        "organisation"
    )
    return [
        (p.email, f"{p.name} ({p.organisation.name})" if p.organisation else p.name)
        for p in sorted(people, key=lambda p: sort_key(p.name))
    ]


def member_rows(appointments: list[Appointment], on: datetime.date) -> list[dict[str, str]]:
    """Appointments as member-file rows: the contract's English columns, ISO dates."""
    rows = []
    for a in appointments:
        rows.append(
            {
                "body": a.body.key,
                "seat": a.seat,
                "organisation": a.organisation.key if a.organisation else "",
                "name": a.person.name,
                "email": a.person.email,
                "start": a.start.isoformat(),
                "end": a.end.isoformat() if a.end else "",
                "continuing": "ja" if a.continuing else "nej",
                "appointed_by": a.appointed_by,
                "substitute_for": a.substitute_for.email if a.substitute_for else "",
                "role": a.role,
            }
        )
    return rows


@dataclass
class BodyPage:
    """What a body's page shows on a date (`context`), and the compliance findings with the
    appointments they are about, for the page to link each finding to the form that fixes it."""

    context: dict[str, object]
    appointments: list[Appointment] = field(default_factory=list)
    findings: "list[Finding]" = field(default_factory=list)


def body_page(body: Body, on: datetime.date) -> BodyPage:
    """A body on a date: its charter in force, who sits in each seat and role, whose term ends
    within 60 days, and the compliance findings; the glossary where no charter is in force."""
    from klynge.core.charter import read_glossary
    from klynge.governance.compliance import body_findings
    from klynge.governance.documents import charter_context

    row = charter_in_force(body, on)
    related = list(
        Body.objects.filter(Q(reports_to=body) | Q(succeeded_by=body)).order_by("position")
    )
    context: dict[str, object] = {
        "body": body,
        "on": on,
        "row": row,
        "versions_count": CharterVersion.objects.filter(body=body).count(),
        "sub_bodies": [b for b in related if b.reports_to_id == body.pk],
        "predecessors": [b for b in related if b.succeeded_by_id == body.pk],
    }
    if row is None:
        return BodyPage(context | {"glossary": read_glossary().terms})
    charter = charter_of(row)
    context |= charter_context(row, charter)
    # Who sits on the day, and in the same query the observers appointed for a coming meeting.
    held = (
        Appointment.objects.filter(body=body)
        .from_on(on)
        .filter(Q(start__lte=on) | Q(role=Role.OBSERVER))
        .select_related("person", "organisation", "substitute_for", "body__cluster")
    )
    everyone = name_seats(sorted(held, key=lambda a: (a.seat, sort_key(a.person.name))), charter)
    appointments = [a for a in everyone if a.start <= on]
    soon = on + datetime.timedelta(days=60)
    context["seats"] = [
        {
            "seat": seat,
            "members": [a for a in appointments if a.seat == seat.key and a.substitute_for is None],
            "substitutes": [
                a for a in appointments if a.seat == seat.key and a.substitute_for is not None
            ],
        }
        for seat in charter.seats
    ]
    context["chairs"] = [a for a in appointments if a.role == Role.CHAIR]
    context["contacts"] = [a for a in appointments if a.role == Role.CONTACT]
    context["sets_up_groups"] = charter.ad_hoc_groups is not None
    context["secretariat"] = [a for a in appointments if a.role == Role.SECRETARIAT]
    # Observers hold no seat; those appointed for a coming meeting are shown before their day.
    context["observers"] = sorted(
        (a for a in everyone if a.role == Role.OBSERVER),
        key=lambda a: (a.start, sort_key(a.person.name)),
    )
    served_by = charter.secretariat.served_by_body if charter.secretariat else None
    if served_by and body.reports_to and body.reports_to.key == served_by:
        # FSG's secretariat serves its operative groups (seed 000 § 5).
        context["secretariat"] = [
            a for a in members_on(body.reports_to, on) if a.role == Role.SECRETARIAT
        ]
    context["ending_soon"] = sorted(
        (
            a
            for a in appointments
            if a.end is not None and a.end <= soon and a.role != Role.OBSERVER
        ),
        key=lambda a: a.end or on,
    )
    return BodyPage(context, appointments, body_findings(body, on))


def data_version() -> str:
    """The newest audit row, by id and time: it changes with every write, as each write
    function adds an audit row in its own transaction. The time guards against an id that a rolled-back insert handed out twice."""
    from klynge.accounts.models import AuditEntry

    newest = AuditEntry.objects.order_by("-id").values_list("id", "at").first()
    return f"{newest[0]}-{newest[1].timestamp()}" if newest else "0"


def cached_by_version[T](name: str, version: str, compute: Callable[[], T]) -> T:
    """`compute()` cached under the data version: a key that changes with any write is never
    stale, whichever process filled it, so several app servers can share nothing."""
    from django.core.cache import cache

    key = f"klynge:{name}:{version}"
    value: T | None = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=24 * 3600)
    return value
