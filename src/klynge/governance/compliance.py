"""The compliance engine fed from the database: the charter in force and who sat where on a date."""

import datetime

from klynge.core import compliance as core
from klynge.core.chairs import chair_in_rotation
from klynge.core.charter import Charter
from klynge.core.elections import council_period
from klynge.governance.membership import members_on
from klynge.governance.models import Appointment, Body
from klynge.governance.reads import charter_in_force, charter_of


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
    )


def chair_municipality(
    body: Body, charter: Charter, appointments: list[Appointment], on: datetime.date
) -> str | None:
    """The municipality that holds the co-chair on a date: by the rotation where the charter sets
    one (in the cluster's order of municipalities until the secretariat sets another), otherwise
    the municipality of the municipal co-chair recorded."""
    rule = charter.chair
    if rule is not None and rule.mode == "rotation" and rule.rotation_among == "municipalities":
        order = list(
            body.cluster.organisations.filter(kind="municipality")
            .order_by("position")
            .values_list("key", flat=True)
        )
        first_start = (
            council_period(charter.in_force_from)[0] if rule.aligned_with else charter.in_force_from
        )
        return chair_in_rotation(order, first_start, rule.period_years or 4, on)
    for a in appointments:
        if a.role == "chair" and a.organisation and a.organisation.kind == "municipality":
            return a.organisation.key
    return None


def body_findings(
    body: Body, on: datetime.date, appointments: list[Appointment] | None = None
) -> list[core.Finding]:
    row = charter_in_force(body, on)
    if row is None:
        return []
    charter = charter_of(row)
    if appointments is None:
        appointments = members_on(body, on)
    organisations = [
        core.Organisation(o.key, o.kind, o.name) for o in body.cluster.organisations.all()
    ]
    return core.check_body(
        body=body.key,
        charter=charter,
        holdings=[_holding(a) for a in appointments],
        organisations=organisations,
        on=on,
        chair_municipality=chair_municipality(body, charter, appointments, on),
    )
