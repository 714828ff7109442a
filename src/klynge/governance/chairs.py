"""Chair periods of a body: planned by the rotation, or chosen and recorded (contracts.md)."""

import datetime

from klynge.core.chairs import ChairPeriod, periods, rotation
from klynge.core.elections import council_period
from klynge.governance.models import Appointment, Body
from klynge.governance.reads import charter_in_force, charter_of


def _recorded(
    body: Body, start: datetime.date, end: datetime.date
) -> tuple[str | None, str | None]:
    """The organisations of the co-chairs recorded for a period: regional side, municipality."""
    chairs = (
        Appointment.objects.filter(body=body, role="chair")
        .overlapping(start, end)
        .select_related("organisation")
        .order_by("start")
    )
    region = municipal = None
    for a in chairs:
        if a.organisation is None:
            continue
        if a.organisation.kind == "municipality":
            municipal = municipal or a.organisation.key
        else:
            region = region or a.organisation.key
    return region, municipal


def schedule(
    body: Body, window_start: datetime.date, window_end: datetime.date
) -> list[ChairPeriod]:
    row = charter_in_force(body, window_start) or body.charter_versions.order_by("-version").first()
    rule = charter_of(row).chair if row else None
    plan = body.chair_plan or {}
    if rule is not None and rule.mode == "rotation":
        order = list(
            plan.get("rotation_order")
            or body.cluster.organisations.filter(kind="municipality")
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
        anchor_plan = anchor.chair_plan if anchor else {}
        first = datetime.date.fromisoformat(anchor_plan.get("first_start", "2022-01-01"))
        month = first.month - 1 + (rule.offset_months or 0)
        first = first.replace(year=first.year + month // 12, month=month % 12 + 1)
        years = rule.period_years or 2
    elif rule is not None and rule.mode == "chosen":
        first = charter_of(row).in_force_from if row else window_start
        years = rule.period_years or 2
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
