"""The charter checked against reality: every rule of the charter in force on a date becomes checks.

Plain values in, findings out. A finding has a stable rule id (listed in docs/compliance.md), the
clause it cites, a severity — `error`: a breach on the date; `warning`: a breach coming within 60 days;
`info`: advice — a message in Danish and English, and its subject (seat, organisation, person).
Findings for a date depend only on the appointments valid on that date, whatever their order.
"""

import datetime
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from klynge.core.charter import Charter, Seat, SeatPart
from klynge.core.elections import council_period

Severity = Literal["error", "warning", "info"]
WARNING_DAYS = 60


@dataclass(frozen=True)
class Organisation:
    key: str
    kind: str
    name: str = ""


@dataclass(frozen=True)
class Holding:
    """One appointment or role, as the checks see it."""

    person: str  # e-mail
    start: datetime.date
    end: datetime.date | None
    seat: str = ""
    role: str = ""  # "", "chair", "secretariat"
    organisation: str | None = None
    continuing: bool = False
    appointing_body: str | None = None
    substitute_for: str | None = None
    end_from_term: bool = False

    def valid_on(self, day: datetime.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Finding:
    body: str
    rule: str
    clause: str
    severity: Severity
    message_da: str
    message_en: str
    subject: tuple[tuple[str, str], ...] = field(default=())

    def message(self, language: str = "da") -> str:
        return self.message_en if language == "en" else self.message_da

    def as_json(self, language: str = "da") -> dict[str, object]:
        return {
            "body": self.body,
            "rule": self.rule,
            "clause": self.clause,
            "severity": self.severity,
            "message": self.message(language),
            "subject": dict(self.subject),
        }


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _bounds_text(part: SeatPart, language: str) -> str:
    low, high = part.min, part.max
    if language == "da":
        if low is not None and high is not None:
            return f"{low}" if low == high else f"{low}–{high}"
        return f"mindst {low}" if low is not None else f"højst {high}"
    if low is not None and high is not None:
        return f"{low}" if low == high else f"{low}–{high}"
    return f"at least {low}" if low is not None else f"at most {high}"


@dataclass
class _Checker:
    body: str
    charter: Charter
    holdings: list[Holding]
    organisations: dict[str, Organisation]
    on: datetime.date
    chair_municipality: str | None
    next_chair: tuple[datetime.date, str] | None = None
    findings: list[Finding] = field(default_factory=list)

    def add(
        self, rule: str, clause: str, severity: Severity, da: str, en: str, **subject: str | None
    ) -> None:
        items = tuple(sorted((k, v) for k, v in subject.items() if v))
        self.findings.append(Finding(self.body, rule, clause, severity, da, en, items))

    # ---- seats ---------------------------------------------------------------------------

    def seat_holders(self, seat: Seat, day: datetime.date) -> list[Holding]:
        """Who counts toward a seat on a day: seat appointments, not substitutes."""
        return [
            h
            for h in self.holdings
            if h.seat == seat.key and h.substitute_for is None and h.valid_on(day)
        ]

    def of_kind(self, kind: str) -> list[str]:
        return sorted(o.key for o in self.organisations.values() if o.kind == kind)

    def part_groups(
        self, part: SeatPart, holders: list[Holding]
    ) -> list[tuple[str | None, list[Holding]]]:
        """The groups a part's bounds apply to: (organisation, its holders)."""
        if part.organisation is not None:
            return [
                (
                    part.organisation,
                    [h for h in holders if h.organisation in (part.organisation, None)],
                )
            ]
        if part.each_of_kind is not None:
            return [
                (org, [h for h in holders if h.organisation == org])
                for org in self.of_kind(part.each_of_kind)
            ]
        if part.one_of_kind is not None:
            kind_orgs = set(self.of_kind(part.one_of_kind))
            return [(None, [h for h in holders if h.organisation in kind_orgs])]
        if part.chair_side is None:
            return [(None, holders)]  # members from any organisation
        chair_org = self.chair_municipality
        return [
            (
                chair_org,
                [h for h in holders if chair_org is not None and h.organisation == chair_org],
            )
        ]

    def check_seats(self) -> None:
        soon = self.on + datetime.timedelta(days=WARNING_DAYS)
        for seat in self.charter.seats:
            holders = self.seat_holders(seat, self.on)
            staying = [h for h in holders if h.end is None or h.end >= soon]
            multi_part = len(seat.parts) > 1
            claimed: set[str] = set()
            for part in seat.parts:
                for org, group in self.part_groups(part, holders):
                    if multi_part:
                        group = [h for h in group if h.person not in claimed]
                    claimed |= {h.person for h in group}
                    self.check_bounds(seat, part, org, group, [h for h in group if h in staying])
                if part.one_of_kind is not None:
                    used = sorted({h.organisation for h in holders if h.organisation})
                    if len(used) > 1:
                        self.add(
                            "seat.one-organisation", seat.clause, "error",
                            f"Pladsen {seat.key} skal besættes fra én organisation, men har medlemmer fra {', '.join(used)}.",
                            f"The seat {seat.key} is filled from one organisation, but has members from {', '.join(used)}.",
                            seat=seat.key,
                        )  # fmt: skip
            if seat.continuing_min:
                self.check_continuing(seat, holders)
            if seat.appointed_by:
                for h in holders:
                    if h.appointing_body != seat.appointed_by:
                        self.add(
                            "seat.appointed-by", seat.clause, "error",
                            f"{h.person} i pladsen {seat.key} skal være udpeget af {seat.appointed_by.upper()}.",
                            f"{h.person} in the seat {seat.key} must be appointed by {seat.appointed_by.upper()}.",
                            seat=seat.key, person=h.person,
                        )  # fmt: skip

    def check_bounds(
        self,
        seat: Seat,
        part: SeatPart,
        org: str | None,
        group: list[Holding],
        staying: list[Holding],
    ) -> None:
        name = self.organisations[org].name if org in self.organisations else (org or "")
        where_da = f" fra {name}" if name else ""
        where_en = f" from {name}" if name else ""
        n = len({h.person for h in group})
        if part.min is not None and n < part.min:
            if part.chair_side and org is None:
                where_da, where_en = " fra formandskommunen", " from the chair municipality"
            self.add(
                "seat.min", seat.clause, "error",
                f"Pladsen {seat.key} mangler medlemmer{where_da}: {n} af {_bounds_text(part, 'da')}.",
                f"The seat {seat.key} lacks members{where_en}: {n} of {_bounds_text(part, 'en')}.",
                seat=seat.key, organisation=org,
            )  # fmt: skip
        elif part.min is not None and len({h.person for h in staying}) < part.min:
            ending = sorted({h.person for h in group if h not in staying})
            self.add(
                "seat.term-ends", seat.clause, "warning",
                f"Pladsen {seat.key}{where_da} mangler medlemmer inden for {WARNING_DAYS} dage, når {', '.join(ending)} stopper.",
                f"The seat {seat.key}{where_en} will lack members within {WARNING_DAYS} days, when {', '.join(ending)} leaves.",
                seat=seat.key, organisation=org, person=ending[0] if len(ending) == 1 else None,
            )  # fmt: skip
        if part.max is not None and n > part.max:
            self.add(
                "seat.max", seat.clause, "error",
                f"Pladsen {seat.key} har for mange medlemmer{where_da}: {n}, højst {part.max}.",
                f"The seat {seat.key} has too many members{where_en}: {n}, at most {part.max}.",
                seat=seat.key, organisation=org,
            )  # fmt: skip

    def check_continuing(self, seat: Seat, holders: list[Holding]) -> None:
        orgs = sorted({h.organisation for h in holders if h.organisation})
        for part in seat.parts:
            if part.each_of_kind is not None:
                orgs = self.of_kind(part.each_of_kind)
        for org in orgs:
            group = [h for h in holders if h.organisation == org]
            if not group:
                continue  # an empty seat is reported as seat.min
            continuing = sum(h.continuing for h in group)
            if continuing < seat.continuing_min:
                name = self.organisations[org].name if org in self.organisations else org
                self.add(
                    "seat.continuing", seat.clause, "error",
                    f"Pladsen {seat.key} skal have {_count(seat.continuing_min, 'gennemgående medlem', 'gennemgående medlemmer')} fra {name}; der er {continuing}.",
                    f"The seat {seat.key} needs {_count(seat.continuing_min, 'continuing member', 'continuing members')} from {name}; there are {continuing}.",
                    seat=seat.key, organisation=org,
                )  # fmt: skip

    # ---- chairs, secretariat, terms --------------------------------------------------------

    def role_holders(self, role: str) -> list[Holding]:
        return [h for h in self.holdings if h.role == role and h.valid_on(self.on)]

    def is_regional(self, org: str | None) -> bool:
        kind = self.organisations[org].kind if org in self.organisations else ""
        return kind in {"region", "hospital", "psychiatry"}

    def is_municipal(self, org: str | None) -> bool:
        return org in self.organisations and self.organisations[org].kind == "municipality"

    def check_chairs(self) -> None:
        rule = self.charter.chair
        if rule is None or rule.mode == "none":
            return
        chairs = self.role_holders("chair")
        regional = [h for h in chairs if self.is_regional(h.organisation)]
        municipal = [h for h in chairs if self.is_municipal(h.organisation)]
        if len(regional) != 1 or len(municipal) != 1 or len(chairs) != 2:
            self.add(
                "chair.composition", rule.clause, "error",
                f"Formandskabet skal være delt mellem én fra regionen og én fra en kommune; der er {len(regional)} fra regionen og {len(municipal)} fra kommunerne.",
                f"The chair is shared by one from the region and one from a municipality; there are {len(regional)} from the region and {len(municipal)} from the municipalities.",
            )  # fmt: skip
        if (
            rule.regional_organisation
            and regional
            and regional[0].organisation != rule.regional_organisation
        ):
            self.add(
                "chair.regional-organisation", rule.clause, "error",
                f"Den regionale formand skal komme fra {self.name(rule.regional_organisation)}.",
                f"The regional chair must come from {self.name(rule.regional_organisation)}.",
                person=regional[0].person, organisation=regional[0].organisation,
            )  # fmt: skip
        if (
            self.chair_municipality
            and municipal
            and municipal[0].organisation != self.chair_municipality
        ):
            self.add(
                "chair.rotation", rule.clause, "error",
                f"Det kommunale formandskab ligger i denne periode hos {self.name(self.chair_municipality)}, ikke {self.name(municipal[0].organisation)}.",
                f"The municipal chair belongs to {self.name(self.chair_municipality)} in this period, not {self.name(municipal[0].organisation)}.",
                person=municipal[0].person, organisation=municipal[0].organisation,
            )  # fmt: skip

    def name(self, org: str | None) -> str:
        return (
            self.organisations[org].name
            if org in self.organisations and self.organisations[org].name
            else str(org)
        )

    def check_secretariat(self) -> None:
        rule = self.charter.secretariat
        if rule is None or rule.served_by_body:
            return
        staff = self.role_holders("secretariat")
        orgs = [h.organisation for h in staff]
        if rule.from_organisation and rule.from_organisation not in orgs:
            self.add(
                "secretariat.composition", rule.clause, "error",
                f"Sekretariatet mangler en repræsentant fra {self.name(rule.from_organisation)}.",
                f"The secretariat lacks a representative from {self.name(rule.from_organisation)}.",
                organisation=rule.from_organisation,
            )  # fmt: skip
        if rule.from_chair_municipality:
            chair_org = self.chair_municipality or next(
                (
                    h.organisation
                    for h in self.role_holders("chair")
                    if self.is_municipal(h.organisation)
                ),
                None,
            )
            if chair_org is not None and chair_org not in orgs:
                self.add(
                    "secretariat.follows-chair", rule.clause, "error",
                    f"Sekretariatet mangler en repræsentant fra formandskommunen, {self.name(chair_org)}.",
                    f"The secretariat lacks a representative from the chair municipality, {self.name(chair_org)}.",
                    organisation=chair_org,
                )  # fmt: skip
            self.check_handover(rule.clause, chair_org, staff)

    def check_handover(self, clause: str, chair_org: str | None, staff: list[Holding]) -> None:
        """The chair moves to another municipality soon: the secretariat should follow it."""
        if self.next_chair is None:
            return
        start, next_org = self.next_chair
        if next_org == chair_org or start > self.on + datetime.timedelta(days=WARNING_DAYS):
            return
        if any(h.organisation == next_org and (h.end is None or h.end >= start) for h in staff):
            return
        leaving = sorted(h.person for h in staff if h.organisation == chair_org)
        by_da = f" {', '.join(leaving)} fra {self.name(chair_org)} overdrager." if leaving else ""
        by_en = f" {', '.join(leaving)} from {self.name(chair_org)} hands over." if leaving else ""
        self.add(
            "secretariat.handover", clause, "info",
            f"Formandskabet går til {self.name(next_org)} den {start.isoformat()}: {self.name(next_org)} bør overtage sekretariatet.{by_da}",
            f"The chair moves to {self.name(next_org)} on {start.isoformat()}: {self.name(next_org)} should take over the secretariat.{by_en}",
            organisation=next_org,
        )  # fmt: skip

    def check_terms(self) -> None:
        term = self.charter.term
        if term.rule != "election-period":
            return
        for h in self.holdings:
            if not h.valid_on(self.on) or h.end_from_term:
                continue
            period_end = council_period(h.start)[1]
            if h.end is None or h.end > period_end:
                self.add(
                    "term.election-period", term.clause or "", "error",
                    f"{h.person}s udpegning løber ud over valgperioden, der slutter {period_end.isoformat()}.",
                    f"{h.person}'s appointment runs beyond the council period, which ends {period_end.isoformat()}.",
                    person=h.person, seat=h.seat or None,
                )  # fmt: skip


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
    checker = _Checker(
        body, charter, valid, {o.key: o for o in organisations}, on, chair_municipality, next_chair
    )
    checker.check_seats()
    checker.check_chairs()
    checker.check_secretariat()
    checker.check_terms()
    return sorted(checker.findings, key=lambda f: (f.clause, f.rule, f.subject, f.message_da))


def check_sub_body_chairs(
    *,
    body: str,
    clause: str,
    parent: str,
    parent_members: set[str],
    chairs: Iterable[Holding],
    regional_organisation: str | None,
    chair_municipality: str | None,
    names: dict[str, str],
) -> list[Finding]:
    """Seed 000 § 5: a sub-group's chair is shared between the region (the hospital) and the chair
    municipality, held by members of the parent body."""
    findings: list[Finding] = []
    chairs = list(chairs)

    def name(org: str | None) -> str:
        return names.get(org or "", org or "")

    def add(rule: str, da: str, en: str, **subject: str | None) -> None:
        items = tuple(sorted((k, v) for k, v in subject.items() if v))
        findings.append(Finding(body, rule, clause, "error", da, en, items))

    sides = [
        (regional_organisation, "regionen", "the region"),
        (chair_municipality, "formandskommunen", "the chair municipality"),
    ]
    for org, side_da, side_en in sides:
        if org is not None and not any(c.organisation == org for c in chairs):
            add(
                "sub-body.chair", f"Formandskabet mangler en fra {side_da} ({name(org)}).",
                f"The chair lacks someone from {side_en} ({name(org)}).", organisation=org,
            )  # fmt: skip
    for c in chairs:
        if c.person not in parent_members:
            add(
                "sub-body.chair-member",
                f"{c.person} er formand, men ikke medlem af {parent.upper()}.",
                f"{c.person} chairs the group but is not a member of {parent.upper()}.",
                person=c.person,
            )  # fmt: skip
    return sorted(findings, key=lambda f: (f.rule, f.subject))


def check_ad_hoc_group(
    *,
    body: str,
    clause: str,
    parent: str,
    parent_name: str,
    parent_members: set[str],
    contacts: Iterable[Holding],
) -> list[Finding]:
    """Seed 004: a development or implementation group has a contact person, a member of the
    focus group that set it up, who is responsible for its work."""
    people = sorted({c.person for c in contacts})
    findings: list[Finding] = []
    if not people:
        findings.append(Finding(body, "ad-hoc.contact-person", clause, "error",
            f"Gruppen mangler en kontaktperson fra {parent_name}.",
            f"The group lacks a contact person from {parent_name}."))  # fmt: skip
    elif len(people) > 1:
        findings.append(Finding(body, "ad-hoc.contact-person", clause, "error",
            f"Gruppen har {len(people)} kontaktpersoner; kommissoriet giver den én.",
            f"The group has {len(people)} contact persons; the charter gives it one."))  # fmt: skip
    for person in people:
        if person not in parent_members:
            findings.append(Finding(body, "ad-hoc.contact-member", clause, "error",
                f"Kontaktpersonen {person} er ikke medlem af {parent_name}.",
                f"The contact person {person} is not a member of {parent_name}.",
                (("person", person),)))  # fmt: skip
    return findings


@dataclass(frozen=True)
class MeetingFact:
    day: datetime.date
    kind: str  # "ordinary", "extraordinary", "theme-day"
    cancelled: bool = False
    agenda_sent: datetime.date | None = None
    minutes_published: datetime.date | None = None
    leader: str | None = None  # e-mail of who leads it, by turn or as the secretariat chose
    leader_name: str = ""
    leader_chosen: bool = False  # by the secretariat rather than by turn


# The seeds set no limit for publishing minutes; this is the default a body's charter can change
# (MeetingRules.minutes_publish_days).
DEFAULT_MINUTES_DAYS = 14


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
        ("meetings.min-per-year", rules.min_per_year, rules.clause, ("ordinary",),
         "ordinære møder", "ordinary meetings"),
        ("meetings.theme-days", rules.theme_days_per_year, rules.theme_days_clause or rules.clause,
         ("theme-day",), "temadage", "theme days"),
    ]  # fmt: skip
    years = [(on.year, "warning")]
    if rules_since <= datetime.date(on.year - 1, 1, 1):
        years.insert(0, (on.year - 1, "error"))
    for rule, wanted, clause, kinds, what_da, what_en in checks:
        if not wanted:
            continue
        for year, severity in years:
            n = sum(m.kind in kinds and m.day.year == year for m in meetings)
            if n >= wanted:
                continue
            if severity == "error":
                da = f"{year}: {n} {what_da} af mindst {wanted}."
                en = f"{year}: {n} {what_en} of at least {wanted}."
            else:
                da = f"{year}: {n} {what_da} planlagt af mindst {wanted}."
                en = f"{year}: {n} {what_en} planned of at least {wanted}."
            findings.append(Finding(body, rule, clause, severity, da, en))  # type: ignore[arg-type]
    if rules.agenda_lead_days:
        findings += _late_agendas(body, rules.lead_days_clause or rules.clause,
                                  rules.agenda_lead_days, meetings, on)  # fmt: skip
    findings += _late_minutes(
        body, rules.minutes_clause or rules.clause,
        rules.minutes_publish_days or DEFAULT_MINUTES_DAYS, meetings, on,
    )  # fmt: skip
    if rules.leadership == "alternating-co-chairs":
        findings += _same_leader_twice(body, rules.leadership_clause or rules.clause, meetings, on)
    return findings


def minutes_deadline(day: datetime.date, days: int = DEFAULT_MINUTES_DAYS) -> datetime.date:
    """The last day to publish a meeting's minutes: `days` calendar days after the meeting."""
    return day + datetime.timedelta(days=days)


def _late_minutes(
    body: str, clause: str, days: int, meetings: list[MeetingFact], on: datetime.date
) -> list[Finding]:
    """This year's held meetings whose minutes were published after the limit, or not yet when it
    has passed (error); minutes not yet published for a meeting that has been held (warning)."""
    findings = []
    for m in sorted(meetings, key=lambda m: m.day):
        if m.kind == "theme-day" or m.day.year != on.year or m.day >= on:
            continue
        deadline = minutes_deadline(m.day, days)
        subject = (("meeting", m.day.isoformat()),)
        published = m.minutes_published
        if published is not None and published > deadline:
            findings.append(Finding(body, "minutes.late", clause, "error",
                f"Referatet af mødet {m.day.isoformat()} blev offentliggjort {published.isoformat()}, efter fristen {deadline.isoformat()}.",
                f"The minutes of the meeting on {m.day.isoformat()} were published on {published.isoformat()}, after the deadline {deadline.isoformat()}.",
                subject))  # fmt: skip
        elif published is None and deadline < on:
            findings.append(Finding(body, "minutes.late", clause, "error",
                f"Referatet af mødet {m.day.isoformat()} skulle være offentliggjort senest {deadline.isoformat()}.",
                f"The minutes of the meeting on {m.day.isoformat()} were due by {deadline.isoformat()}.",
                subject))  # fmt: skip
        elif published is None:
            findings.append(Finding(body, "minutes.due", clause, "warning",
                f"Referatet af mødet {m.day.isoformat()} skal offentliggøres senest {deadline.isoformat()}.",
                f"The minutes of the meeting on {m.day.isoformat()} are due by {deadline.isoformat()}.",
                subject))  # fmt: skip
    return findings


def _same_leader_twice(
    body: str, clause: str, meetings: list[MeetingFact], on: datetime.date
) -> list[Finding]:
    """Seed 000 § 8: the leadership alternates between the co-chairs. A meeting this year led by
    the one who led the meeting before it, as the secretariat chose, is an error once held and a
    warning while it is planned."""
    findings = []
    ordered = sorted(
        (m for m in meetings if m.kind != "theme-day" and m.day.year in (on.year - 1, on.year)),
        key=lambda m: m.day,
    )
    for before, m in itertools.pairwise(ordered):
        if m.day.year != on.year or m.leader is None or m.leader != before.leader:
            continue
        if not (m.leader_chosen or before.leader_chosen):
            # By turn the leadership passes to the other co-chair; it repeats only where there
            # is one co-chair, which chair.composition already reports.
            continue
        severity = "error" if m.day < on else "warning"
        findings.append(Finding(body, "meetings.leadership", clause, severity,  # type: ignore[arg-type]
            f"Mødet {m.day.isoformat()} ledes af {m.leader_name or m.leader}, som også ledte mødet {before.day.isoformat()}; mødeledelsen går på skift.",
            f"The meeting on {m.day.isoformat()} is led by {m.leader_name or m.leader}, who also led the meeting on {before.day.isoformat()}; the leadership alternates.",
            (("meeting", m.day.isoformat()), ("person", m.leader))))  # fmt: skip
    return findings


def _late_agendas(
    body: str, clause: str, lead_days: int, meetings: list[MeetingFact], on: datetime.date
) -> list[Finding]:
    """This year's agendas sent after their deadline, or not sent when it has passed (FSG § 7:
    10 days before; seed 004: 14). A deadline within the coming week is a warning."""
    from klynge.core.meetings import agenda_deadline

    findings = []
    for m in sorted(meetings, key=lambda m: m.day):
        if m.kind == "theme-day" or m.day.year != on.year:
            continue
        deadline = agenda_deadline(m.day, lead_days)
        subject = (("meeting", m.day.isoformat()),)
        if m.agenda_sent is not None and m.agenda_sent > deadline:
            findings.append(Finding(body, "agenda.late", clause, "error",
                f"Dagsordenen til mødet {m.day.isoformat()} blev udsendt {m.agenda_sent.isoformat()}, efter fristen {deadline.isoformat()}.",
                f"The agenda for the meeting on {m.day.isoformat()} was sent on {m.agenda_sent.isoformat()}, after the deadline {deadline.isoformat()}.",
                subject))  # fmt: skip
        elif m.agenda_sent is None and deadline < on:
            findings.append(Finding(body, "agenda.late", clause, "error",
                f"Dagsordenen til mødet {m.day.isoformat()} skulle være udsendt senest {deadline.isoformat()}.",
                f"The agenda for the meeting on {m.day.isoformat()} was due by {deadline.isoformat()}.",
                subject))  # fmt: skip
        elif m.agenda_sent is None and deadline <= on + datetime.timedelta(days=7):
            findings.append(Finding(body, "agenda.due", clause, "warning",
                f"Dagsordenen til mødet {m.day.isoformat()} skal udsendes senest {deadline.isoformat()}.",
                f"The agenda for the meeting on {m.day.isoformat()} is due by {deadline.isoformat()}.",
                subject))  # fmt: skip
    return findings


RULES: dict[str, tuple[str, str]] = {
    "seat.min": ("En plads har færre medlemmer end kommissoriet kræver.", "A seat has fewer members than the charter requires."),
    "seat.max": ("En plads har flere medlemmer end kommissoriet tillader.", "A seat has more members than the charter allows."),
    "seat.term-ends": ("En plads kommer under minimum inden for 60 dage, når udpegninger udløber.", "A seat will fall below its minimum within 60 days as appointments end."),
    "seat.one-organisation": ("En plads, der skal besættes fra én organisation, har medlemmer fra flere.", "A seat to be filled from one organisation has members from several."),
    "seat.continuing": ("For få gennemgående medlemmer fra en organisation.", "Too few continuing members from an organisation."),
    "seat.appointed-by": ("Et medlem er ikke udpeget af den instans, kommissoriet nævner.", "A member is not appointed by the body the charter names."),
    "chair.composition": ("Formandskabet er ikke delt mellem én fra regionen og én fra en kommune.", "The chair is not shared by one from the region and one from a municipality."),
    "chair.regional-organisation": ("Den regionale formand kommer ikke fra den organisation, kommissoriet nævner.", "The regional chair does not come from the organisation the charter names."),
    "chair.rotation": ("Den kommunale formand kommer ikke fra periodens formandskommune.", "The municipal chair does not come from the period's chair municipality."),
    "secretariat.composition": ("Sekretariatet mangler en repræsentant fra hospitalet.", "The secretariat lacks a representative from the hospital."),
    "secretariat.handover": ("Formandskabet skifter kommune inden for 60 dage, og sekretariatet har endnu ingen fra den nye formandskommune.", "The chair moves to another municipality within 60 days, and the secretariat has no one from it yet."),
    "secretariat.follows-chair": ("Sekretariatet mangler en repræsentant fra formandskommunen.", "The secretariat lacks a representative from the chair municipality."),
    "sub-body.chair": ("En fagligt operativ gruppes formandskab er ikke delt mellem regionen og formandskommunen.", "An operative group's chair is not shared by the region and the chair municipality."),
    "sub-body.chair-member": ("En fagligt operativ gruppes formand er ikke medlem af den overordnede gruppe.", "An operative group's chair is not a member of the parent body."),
    "ad-hoc.contact-person": ("En udviklings- eller implementeringsgruppe har ikke præcis én kontaktperson.", "A development or implementation group does not have exactly one contact person."),
    "ad-hoc.contact-member": ("En udviklings- eller implementeringsgruppes kontaktperson er ikke medlem af den gruppe, der nedsatte den.", "A development or implementation group's contact person is not a member of the body that set it up."),
    "meetings.min-per-year": ("Færre ordinære møder i et kalenderår end kommissoriets minimum: en advarsel, mens året løber (planlagte møder tæller), en fejl for året før.", "Fewer ordinary meetings in a calendar year than the charter's minimum: a warning while the year runs (planned meetings count), an error for the year before."),
    "meetings.theme-days": ("Færre temadage i et kalenderår end kommissoriet fastsætter (delte temadage tæller for hvert organ).", "Fewer theme days in a calendar year than the charter sets (a shared theme day counts for each body)."),
    "agenda.late": ("En dagsorden i år er udsendt efter fristen, eller fristen er gået, uden at den er udsendt.", "An agenda this year was sent after its deadline, or the deadline passed without it being sent."),
    "minutes.late": ("Et referat i år er offentliggjort efter fristen (kommissoriets eller 14 dage), eller fristen er gået, uden at det er offentliggjort.", "Minutes this year were published after the limit (the charter's, or 14 days), or the limit passed without them being published."),
    "minutes.due": ("Et møde er holdt, og referatet er ikke offentliggjort endnu.", "A meeting has been held and its minutes are not published yet."),
    "meetings.leadership": ("Den samme formand leder to møder i træk, hvor mødeledelsen skal gå på skift.", "The same co-chair leads two meetings in a row where the leadership is to alternate."),
    "agenda.due": ("En dagsorden skal udsendes inden for en uge og er ikke udsendt endnu.", "An agenda is due within a week and has not been sent yet."),
    "term.election-period": ("En udpegning løber ud over valgperioden.", "An appointment runs beyond the council period."),
}  # fmt: skip
