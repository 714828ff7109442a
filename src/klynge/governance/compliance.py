"""The compliance engine fed from the database: the charters in force and who sat where on a date.

`findings_on` reads everything for any number of bodies in a fixed number of queries, so the
overview's dashboard does not slow down as bodies are added.
"""

import datetime
from collections import defaultdict
from dataclasses import replace

from django.db.models import Q
from django.utils import timezone

from klynge.core import compliance as core
from klynge.core.chairs import chair_in_rotation, periods
from klynge.core.charter import Charter
from klynge.core.cluster import OrganisationKind
from klynge.core.elections import council_period
from klynge.governance.models import Appointment, Body, CharterVersion, Organisation, Role
from klynge.governance.reads import cached_by_version, charter_of


def _holding(a: Appointment) -> core.Holding:
    return core.Holding(
        person=a.person.email,
        start=a.start,
        end=a.end,
        seat=a.seat,
        role=a.role,
        organisation=a.organisation.key if a.organisation else None,
        continuing=a.continuing,
        appointing_body=a.appointing_body.key if a.appointing_body else None,
        substitute_for=a.substitute_for.email if a.substitute_for else None,
        end_from_term=a.end_from_term,
        person_name=a.person.name,
    )


def chair_municipality(
    body: Body,
    charter: Charter,
    appointments: list[Appointment],
    municipalities: list[str],
    on: datetime.date,
) -> str | None:
    """The municipality that holds the co-chair on a date: by the rotation where the charter sets
    one (in the order of the body's chair plan, else the cluster's order of municipalities),
    otherwise the municipality of the municipal co-chair recorded."""
    rule = charter.chair
    if rule is not None and rule.mode == "rotation" and rule.rotation_among == "municipalities":
        order = list(body.chair_plan.get("rotation_order") or municipalities)
        first_start = (
            council_period(charter.in_force_from)[0] if rule.aligned_with else charter.in_force_from
        )
        return chair_in_rotation(order, first_start, rule.period_years or 4, on)
    for a in appointments:
        if (
            a.role == Role.CHAIR
            and a.organisation
            and a.organisation.kind == OrganisationKind.MUNICIPALITY
        ):
            return a.organisation.key
    return None


def next_chair(
    body: Body, charter: Charter, municipalities: list[str], on: datetime.date
) -> tuple[datetime.date, str] | None:
    """Where a rotating co-chair goes next, and from when (seed 000 § 2)."""
    rule = charter.chair
    if rule is None or rule.mode != "rotation" or rule.rotation_among != "municipalities":
        return None
    order = list(body.chair_plan.get("rotation_order") or municipalities)
    first_start = (
        council_period(charter.in_force_from)[0] if rule.aligned_with else charter.in_force_from
    )
    [(_start, end)] = periods(first_start, rule.period_years or 4, on, on)
    following = end + datetime.timedelta(days=1)
    municipality = chair_in_rotation(order, first_start, rule.period_years or 4, following)
    return (following, municipality) if municipality else None


def _meeting_facts(body_ids: list[int], on: datetime.date) -> dict[int, list[core.MeetingFact]]:
    """Each body's meetings in the year of `on` and the year before, theme days it shares
    included, with who leads each (by turn between the co-chairs, or as the secretariat chose), in
    two queries."""
    from klynge.meetings.leadership import by_turn
    from klynge.meetings.models import Meeting, MeetingKind, MeetingStatus

    rows = (
        Meeting.objects.filter(Q(body_id__in=body_ids) | Q(also_for__in=body_ids))
        .filter(
            date__gte=datetime.date(on.year - 1, 1, 1), date__lte=datetime.date(on.year, 12, 31)
        )
        .values_list("pk", "body_id", "also_for", "date", "kind", "status", "agenda_sent_at",
                     "minutes_published_at", "led_by__email", "led_by__name")
    )  # fmt: skip
    chairs: dict[int, list[Appointment]] = defaultdict(list)
    for a in Appointment.objects.filter(body_id__in=body_ids, role=Role.CHAIR).select_related(
        "person", "organisation"
    ):
        chairs[a.body_id].append(a)
    names = {a.person.email: a.person.name for each in chairs.values() for a in each}
    seen: set[tuple[int, int]] = set()
    own: dict[int, list[tuple[int, datetime.date, str | None]]] = defaultdict(list)
    facts: dict[int, list[tuple[int, core.MeetingFact]]] = defaultdict(list)
    for pk, body_id, shared, day, kind, status, sent_at, published_at, led_by, name in rows:
        if led_by:
            names[led_by] = name
        sent = timezone.localtime(sent_at).date() if sent_at else None
        published = timezone.localtime(published_at).date() if published_at else None
        if (
            (body_id, pk) not in seen
            and status != MeetingStatus.CANCELLED
            and kind != MeetingKind.THEME_DAY
        ):
            own[body_id].append((pk, day, led_by))
        for owner in (body_id, shared):
            if owner is not None and (owner, pk) not in seen:
                seen.add((owner, pk))
                # Only the organising body sends the agenda and the minutes; a shared theme day
                # counts for the others as a day held.
                organiser = owner == body_id
                facts[owner].append((pk, core.MeetingFact(
                    day, kind, status == MeetingStatus.CANCELLED, sent if organiser else None,
                    published if organiser else day,
                )))  # fmt: skip
    found: dict[int, list[core.MeetingFact]] = {}
    for body_id, pairs in facts.items():
        leaders = {lead.meeting: lead for lead in by_turn(own[body_id], chairs[body_id])}
        found[body_id] = [
            replace(
                fact,
                leader=lead.leader,
                leader_name=names.get(lead.leader or "", ""),
                leader_chosen=lead.chosen,
            )
            if (lead := leaders.get(pk))
            else fact
            for pk, fact in pairs
        ]
    return defaultdict(list, found)


class Findings(dict[str, list[core.Finding]]):
    """Findings per body key; `checked` holds the bodies some charter's rules apply to on the date
    (their own charter, or a parent's rules for its sub-bodies, seed 000 § 5)."""

    def __init__(self, keys: list[str]) -> None:
        super().__init__({key: [] for key in keys})
        self.checked: set[str] = set()


def findings_on(bodies: list[Body], on: datetime.date) -> Findings:
    """Findings per body key for the given bodies (their parents are read too, for § 5-like rules)."""
    wanted = {b.pk: b for b in bodies}
    parents = [b.reports_to_id for b in bodies if b.reports_to_id and b.reports_to_id not in wanted]
    if parents:
        for parent in Body.objects.select_related("cluster").filter(pk__in=parents):
            wanted[parent.pk] = parent
    # Every version of the bodies, newest first: the one in force on the date, and since when the
    # body has had rules (for yearly checks), from one query.
    versions: dict[int, CharterVersion] = {}
    rules_since: dict[int, datetime.date] = {}
    for row in CharterVersion.objects.filter(body_id__in=wanted).order_by(
        "body_id", "-in_force_from"
    ):
        rules_since[row.body_id] = row.in_force_from
        in_force = row.in_force_from <= on and (
            row.in_force_until is None or row.in_force_until >= on
        )
        if in_force:
            versions.setdefault(row.body_id, row)
    appointments: dict[int, list[Appointment]] = defaultdict(list)
    valid = (
        Appointment.objects.filter(body_id__in=wanted)
        .valid_on(on)
        .select_related("person", "organisation", "appointing_body", "substitute_for")
    )
    for a in valid:
        appointments[a.body_id].append(a)
    meetings = _meeting_facts(list(wanted), on)
    clusters = {b.cluster_id for b in wanted.values()}
    organisations: dict[int, list[Organisation]] = defaultdict(list)
    for org in Organisation.objects.filter(cluster_id__in=clusters).order_by("position"):
        organisations[org.cluster_id].append(org)

    findings = Findings([b.key for b in bodies])
    by_key = {b.key: b for b in wanted.values()}
    for body in wanted.values():
        version_in_force = versions.get(body.pk)
        if version_in_force is None:
            continue
        charter = charter_of(version_in_force)
        orgs = organisations[body.cluster_id]
        municipalities = [o.key for o in orgs if o.kind == OrganisationKind.MUNICIPALITY]
        chair_org = chair_municipality(body, charter, appointments[body.pk], municipalities, on)
        own = core.check_body(
            body=body.key,
            charter=charter,
            holdings=[_holding(a) for a in appointments[body.pk]],
            organisations=[core.Organisation(o.key, o.kind, o.name) for o in orgs],
            on=on,
            chair_municipality=chair_org,
            next_chair=next_chair(body, charter, municipalities, on),
        )
        own += core.check_meetings(
            body=body.key,
            charter=charter,
            meetings=meetings[body.pk],
            on=on,
            rules_since=rules_since[body.pk],
        )
        if body.key in findings:
            findings[body.key] += own
            findings.checked.add(body.key)
        adhoc = charter.ad_hoc_groups
        if adhoc is not None:
            members = {a.person.email for a in appointments[body.pk] if a.seat}
            for group in wanted.values():
                if (
                    group.reports_to_id != body.pk
                    or group.kind not in adhoc.kinds
                    or group.key not in findings
                    or group.pk not in versions  # not set up yet on the date
                ):
                    continue
                findings.checked.add(group.key)
                findings[group.key] += core.check_ad_hoc_group(
                    body=group.key,
                    clause=adhoc.clause,
                    parent=body.key,
                    parent_name=body.name,
                    parent_members=members,
                    contacts=[
                        _holding(a) for a in appointments[group.pk] if a.role == Role.CONTACT
                    ],
                )
        rule = charter.sub_body_chairs
        if rule is None:
            continue
        members = {a.person.email for a in appointments[body.pk] if a.seat}
        for sub in charter.sub_bodies:
            sub_body = by_key.get(sub.key)
            if sub_body is None or sub.key not in findings:
                continue
            findings.checked.add(sub.key)
            chairs = [_holding(a) for a in appointments[sub_body.pk] if a.role == Role.CHAIR]
            findings[sub.key] += core.check_sub_body_chairs(
                body=sub.key,
                clause=rule.clause,
                parent=charter.body,
                parent_members=members,
                chairs=chairs,
                regional_organisation=rule.regional_organisation,
                chair_municipality=chair_org,
                names={o.key: o.name for o in orgs},
                parent_name=body.name,
            )
    return findings


def body_findings(body: Body, on: datetime.date) -> list[core.Finding]:
    return findings_on([body], on)[body.key]


def all_findings_on(on: datetime.date, version: str) -> Findings:
    """Every body's findings on a date, cached under the data version (see
    reads.cached_by_version): the home pages of the secretariat and the administrator and the
    overview's status all read the one computation."""

    def compute() -> Findings:
        return findings_on(list(Body.objects.select_related("cluster")), on)

    return cached_by_version(f"findings:{on.isoformat()}", version, compute)


def status_on(on: datetime.date, version: str) -> dict[str, dict[str, object]]:
    """Each body's compliance at a glance — checked?, errors, warnings — for the structure page."""
    found = all_findings_on(on, version)
    return {
        key: {
            "checked": key in found.checked,
            "errors": sum(f.severity == "error" for f in findings),
            "warnings": sum(f.severity == "warning" for f in findings),
        }
        for key, findings in found.items()
    }
