"""Every rule of one body's charter checked on one date, in a stable order."""

import datetime
from collections.abc import Iterable

from klynge.core.charter import Charter
from klynge.core.compliance.chairs import check_chairs, check_secretariat
from klynge.core.compliance.facts import BodyOnDate, Holding, Organisation
from klynge.core.compliance.findings import Finding
from klynge.core.compliance.seats import check_seats
from klynge.core.compliance.terms import check_terms


def check_body(
    *,
    body: str,
    charter: Charter,
    holdings: Iterable[Holding],
    organisations: Iterable[Organisation],
    on: datetime.date,
    chair_municipality: str | None = None,
    next_chair: tuple[datetime.date, str] | None = None,
) -> list[Finding]:
    """Every finding for one body on one date, in a stable order. `next_chair`: when the co-chair
    moves to another municipality next, and where to."""
    valid = sorted(
        (h for h in holdings if h.valid_on(on)), key=lambda h: (h.seat, h.role, h.person, h.start)
    )
    facts = BodyOnDate(
        body, charter, valid, {o.key: o for o in organisations}, on, chair_municipality, next_chair
    )
    check_seats(facts)
    check_chairs(facts)
    check_secretariat(facts)
    check_terms(facts)
    return sorted(facts.findings, key=lambda f: (f.clause, f.rule, f.subject, f.message_da))
