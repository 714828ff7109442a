"""The charter's meeting rules: meetings and theme days a year, the leadership taking turns, and
the deadlines of agendas and minutes (deadlines.py)."""

import datetime
import itertools
from collections.abc import Iterable

from klynge.core.charter import Charter
from klynge.core.compliance.deadlines import DEFAULT_MINUTES_DAYS, late_agendas, late_minutes
from klynge.core.compliance.facts import MeetingFact
from klynge.core.compliance.findings import Finding, Named, Severity, message
from klynge.core.i18n import gettext_noop
from klynge.core.meetings import MeetingKind

# The texts of a shortfall, per rule: (for the year before, held; for this year, planned), each
# for one and for any other number (Danish and English both use the singular for one only).
SHORTFALL = {
    "meetings.min-per-year": (
        (gettext_noop("{year}: {count} ordinary meeting held; the charter requires at least {wanted}."),
         gettext_noop("{year}: {count} ordinary meetings held; the charter requires at least {wanted}.")),
        (gettext_noop("{year}: {count} ordinary meeting planned; the charter requires at least {wanted}."),
         gettext_noop("{year}: {count} ordinary meetings planned; the charter requires at least {wanted}.")),
    ),
    "meetings.theme-days": (
        (gettext_noop("{year}: {count} theme day held; the charter requires at least {wanted}."),
         gettext_noop("{year}: {count} theme days held; the charter requires at least {wanted}.")),
        (gettext_noop("{year}: {count} theme day planned; the charter requires at least {wanted}."),
         gettext_noop("{year}: {count} theme days planned; the charter requires at least {wanted}.")),
    ),
}  # fmt: skip


def check_meetings(
    *,
    body: str,
    charter: Charter,
    meetings: Iterable[MeetingFact],
    on: datetime.date,
    rules_since: datetime.date,
) -> list[Finding]:
    """The charter's meetings a year (seed 000 § 7: at least four; seed 004: four, read as a
    minimum, and two theme days). While a year runs, the meetings planned for it are counted and a
    shortfall is a warning; for the year before, held meetings are counted and a shortfall is an
    error, where the rules were in force all that year (`rules_since`)."""
    rules = charter.meetings
    if rules is None:
        return []
    meetings = [m for m in meetings if not m.cancelled]
    findings: list[Finding] = []
    checks = [
        ("meetings.min-per-year", rules.min_per_year, rules.clause, (MeetingKind.ORDINARY,)),
        ("meetings.theme-days", rules.theme_days_per_year, rules.theme_days_clause or rules.clause,
         (MeetingKind.THEME_DAY,)),
    ]  # fmt: skip
    years: list[tuple[int, Severity]] = [(on.year, "warning")]
    if rules_since <= datetime.date(on.year - 1, 1, 1):
        years.insert(0, (on.year - 1, "error"))
    for rule, wanted, clause, kinds in checks:
        if not wanted:
            continue
        held, planned = SHORTFALL[rule]
        for year, severity in years:
            n = sum(m.kind in kinds and m.day.year == year for m in meetings)
            if n >= wanted:
                continue
            one, other = held if severity == "error" else planned
            text = message(one if n == 1 else other, year=year, count=n, wanted=wanted)
            findings.append(Finding(body, rule, clause, severity, text))
    if rules.agenda_lead_days:
        findings += late_agendas(body, rules.lead_days_clause or rules.clause,
                                 rules.agenda_lead_days, meetings, on)  # fmt: skip
    findings += late_minutes(
        body, rules.minutes_clause or rules.clause,
        rules.minutes_publish_days or DEFAULT_MINUTES_DAYS, meetings, on,
    )  # fmt: skip
    if rules.leadership == "alternating-co-chairs":
        findings += same_leader_twice(body, rules.leadership_clause or rules.clause, meetings, on)
    return findings


def same_leader_twice(
    body: str, clause: str, meetings: list[MeetingFact], on: datetime.date
) -> list[Finding]:
    """Seed 000 § 8: the leadership alternates between the co-chairs. A meeting this year led by
    the one who led the meeting before it, as the secretariat chose, is an error once held and a
    warning while it is planned."""
    findings = []
    ordered = sorted(
        (
            m
            for m in meetings
            if m.kind != MeetingKind.THEME_DAY and m.day.year in (on.year - 1, on.year)
        ),
        key=lambda m: m.day,
    )
    for before, m in itertools.pairwise(ordered):
        if m.day.year != on.year or m.leader is None or m.leader != before.leader:
            continue
        if not (m.leader_chosen or before.leader_chosen):
            # By turn the leadership passes to the other co-chair; it repeats only where there
            # is one co-chair, which chair.composition already reports.
            continue
        severity: Severity = "error" if m.day < on else "warning"
        findings.append(Finding(body, "meetings.leadership", clause, severity,
            message(gettext_noop("The meeting on {day} is led by {leader}, who also led the meeting on {before}; the leadership alternates."),
                    day=m.day, leader=Named(m.leader, m.leader_name), before=before.day),
            (("meeting", m.day.isoformat()), ("person", m.leader))))  # fmt: skip
    return findings
