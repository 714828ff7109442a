"""Terms: an appointment that follows the council period ends with it."""

from klynge.core.cluster import Role
from klynge.core.compliance.facts import BodyOnDate
from klynge.core.compliance.findings import message
from klynge.core.elections import council_period
from klynge.core.i18n import gettext_noop


def check_terms(facts: BodyOnDate) -> None:
    term = facts.charter.term
    if term.rule != "election-period":
        return
    for h in facts.holdings:
        # An observer represents no one: their period is the secretariat's to set.
        if not h.valid_on(facts.on) or h.end_from_term or h.role == Role.OBSERVER:
            continue
        period_end = council_period(h.start)[1]
        if h.end is None or h.end > period_end:
            facts.add(
                "term.election-period", term.clause or "", "error",
                message(gettext_noop("The appointment of {person} runs beyond the council period, which ends on {day}."),
                        person=h.who, day=period_end),
                person=h.person, seat=h.seat or None,
            )  # fmt: skip
