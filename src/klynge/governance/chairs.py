"""Chair periods of a body: planned by the rotation, or chosen and recorded (docs/charters.md, "Chair
periods")."""

import datetime
from dataclasses import dataclass

from django.db import transaction

from klynge.accounts import audit
from klynge.accounts.audit import Actor
from klynge.core.chairs import ChairPeriod, add_months, periods, rotation
from klynge.core.cluster import OrganisationKind
from klynge.core.elections import council_period
from klynge.governance.models import Appointment, Body, Role
from klynge.governance.reads import charter_in_force, charter_of


def _recorded(
    body: Body, start: datetime.date, end: datetime.date
) -> tuple[str | None, str | None]:
    """The organisations of the co-chairs recorded for a period: regional side, municipality."""
    chairs = (
        Appointment.objects.filter(body=body, role=Role.CHAIR)
        .overlapping(start, end)
        .select_related("organisation")
        .order_by("start")
    )
    region = municipal = None
    for a in chairs:
        if a.organisation is None:
            continue
        if a.organisation.kind == OrganisationKind.MUNICIPALITY:
            municipal = municipal or a.organisation.key
        else:
            region = region or a.organisation.key
    return region, municipal


def chosen_periods(body: Body) -> tuple[datetime.date, int]:
    """Where a body's chosen chair periods start and how long they last: as the secretariat set
    them on the chairs page, else as the charter says (from its first day)."""
    plan = body.chair_plan or {}
    first_row = body.charter_versions.order_by("in_force_from").first()
    rule = charter_of(first_row).chair if first_row else None
    first = (
        datetime.date.fromisoformat(plan["first_start"])
        if plan.get("first_start")
        else (first_row.in_force_from if first_row else datetime.date(2022, 1, 1))
    )
    years = int(plan.get("period_years") or (rule.period_years if rule else None) or 2)
    return first, years


def schedule(
    body: Body, window_start: datetime.date, window_end: datetime.date
) -> list[ChairPeriod]:
    row = charter_in_force(body, window_start) or body.charter_versions.order_by("-version").first()
    rule = charter_of(row).chair if row else None
    plan = body.chair_plan or {}
    if rule is not None and rule.mode == "rotation":
        order = list(
            plan.get("rotation_order")
            or body.cluster.organisations.filter(kind=OrganisationKind.MUNICIPALITY)
            .order_by("position")
            .values_list("key", flat=True)
        )
        assert row is not None
        first = (
            council_period(charter_of(row).in_force_from)[0]
            if rule.aligned_with
            else charter_of(row).in_force_from
        )
        return rotation(
            order=order,
            first_start=first,
            years=rule.period_years or 4,
            window_start=window_start,
            window_end=window_end,
            region_chair=rule.regional_organisation,
        )
    if rule is not None and rule.mode == "chosen" and rule.offset_to_body:
        anchor = Body.objects.filter(cluster=body.cluster, key=rule.offset_to_body).first()
        anchor_start, _years = chosen_periods(anchor) if anchor else (window_start, 2)
        first = add_months(anchor_start, rule.offset_months or 0)
        years = int(plan.get("period_years") or rule.period_years or 2)
    elif rule is not None and rule.mode == "chosen":
        first, years = chosen_periods(body)
    elif plan.get("first_start"):
        first = datetime.date.fromisoformat(plan["first_start"])
        years = int(plan.get("period_years", 2))
    else:
        return []
    found = []
    for start, end in periods(first, years, window_start, window_end):
        region, municipal = _recorded(body, start, end)
        found.append(ChairPeriod(start, end, region, municipal, chosen=True))
    return found


@dataclass
class PeriodRow:
    period: ChairPeriod
    status: str  # "past", "current", "planned"
    chairs: list[Appointment]
    municipality: str  # the name of the period's municipality, "" where none is planned


@dataclass
class Handover:
    """The chair moves to another municipality: the secretariat follows it (seed 000 § 3)."""

    on: datetime.date
    from_organisation: str
    to_organisation: str
    to_key: str
    leaving: list[Appointment]


def chair_overview(body: Body, today: datetime.date) -> tuple[list[PeriodRow], Handover | None]:
    """The body's chair periods from its first charter to two periods ahead, with the co-chairs
    recorded in each, and what the secretariat should do when the chair next moves."""
    first = body.charter_versions.order_by("in_force_from").first()
    start = first.in_force_from if first else today.replace(month=1, day=1)
    found = schedule(body, start, today.replace(year=today.year + 8, month=12, day=31))
    chairs = list(
        Appointment.objects.filter(body=body, role=Role.CHAIR)
        .select_related("person", "organisation")
        .order_by("start")
    )
    names = dict(body.cluster.organisations.values_list("key", "name"))
    rows = []
    for period in found:
        status = (
            "past" if period.end < today else ("planned" if period.start > today else "current")
        )
        held = [
            a for a in chairs if a.start <= period.end and (a.end is None or a.end >= period.start)
        ]
        municipal = period.municipal_chair
        rows.append(PeriodRow(period, status, held, names.get(municipal or "", municipal or "")))
    return rows, _handover(body, rows, today, names)


def _handover(
    body: Body, rows: list[PeriodRow], today: datetime.date, names: dict[str, str]
) -> Handover | None:
    row = charter_in_force(body, today)
    rule = charter_of(row).secretariat if row else None
    if rule is None or not rule.from_chair_municipality:
        return None
    current = next((r for r in rows if r.status == "current"), None)
    following = next((r for r in rows if r.status == "planned"), None)
    if current is None or following is None:
        return None
    old, new = current.period.municipal_chair, following.period.municipal_chair
    if old is None or new is None or old == new:
        return None
    leaving = list(
        Appointment.objects.filter(body=body, role=Role.SECRETARIAT, organisation__key=old)
        .valid_on(following.period.start - datetime.timedelta(days=1))
        .select_related("person")
    )
    return Handover(following.period.start, names.get(old, old), names.get(new, new), new, leaving)


class ChairPlanChanged(Exception):
    """Someone saved the chair plan after this form was opened."""


def plan_version(body: Body) -> str:
    import hashlib
    import json

    return hashlib.sha256(json.dumps(body.chair_plan, sort_keys=True).encode()).hexdigest()[:16]


@transaction.atomic
def set_chair_plan(
    body: Body, changes: dict[str, object], *, based_on: str, acting_user: Actor
) -> Body:
    """Change the rotation order or the chair periods. A cluster load keeps what is set here."""
    locked = Body.objects.select_for_update().get(pk=body.pk)
    if plan_version(locked) != based_on:
        raise ChairPlanChanged
    audit.update(
        locked,
        acting_user=acting_user,
        action="body.chair_plan",
        chair_plan={**locked.chair_plan, **changes, "set_in_web": True},
    )
    return locked
