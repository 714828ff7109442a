"""What the checks read: organisations, who holds what, meetings; and one body on one date."""

import datetime
from dataclasses import dataclass, field

from klynge.core.charter import Charter
from klynge.core.cluster import OrganisationKind
from klynge.core.compliance.findings import Finding, Message, Named, Severity, subject_of

# The organisations on the region's side of a shared chair.
REGIONAL = {OrganisationKind.REGION, OrganisationKind.HOSPITAL, OrganisationKind.PSYCHIATRY}


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
    role: str = ""  # a Role
    organisation: str | None = None
    continuing: bool = False
    appointing_body: str | None = None
    substitute_for: str | None = None
    end_from_term: bool = False
    person_name: str = ""

    @property
    def who(self) -> Named:
        return Named(self.person, self.person_name)

    def valid_on(self, day: datetime.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class MeetingFact:
    day: datetime.date
    kind: str  # a MeetingKind
    cancelled: bool = False
    agenda_sent: datetime.date | None = None
    minutes_published: datetime.date | None = None
    leader: str | None = None  # e-mail of who leads it, by turn or as the secretariat chose
    leader_name: str = ""
    leader_chosen: bool = False  # by the secretariat rather than by turn


@dataclass
class BodyOnDate:
    """One body's charter and holdings on a date, as every rule family reads them, and the
    findings they add."""

    body: str
    charter: Charter
    holdings: list[Holding]
    organisations: dict[str, Organisation]
    on: datetime.date
    chair_municipality: str | None
    next_chair: tuple[datetime.date, str] | None = None
    findings: list[Finding] = field(default_factory=list)

    def add(
        self, rule: str, clause: str, severity: Severity, text: Message, **subject: str | None
    ) -> None:
        self.findings.append(
            Finding(self.body, rule, clause, severity, text, subject_of(**subject))
        )

    def of_kind(self, kind: str) -> list[str]:
        return sorted(o.key for o in self.organisations.values() if o.kind == kind)

    def role_holders(self, role: str) -> list[Holding]:
        return [h for h in self.holdings if h.role == role and h.valid_on(self.on)]

    def is_regional(self, org: str | None) -> bool:
        kind = self.organisations[org].kind if org in self.organisations else ""
        return kind in REGIONAL

    def is_municipal(self, org: str | None) -> bool:
        return (
            org in self.organisations
            and self.organisations[org].kind == OrganisationKind.MUNICIPALITY
        )

    def name(self, org: str | None) -> str:
        """An organisation by its name, as every message shows it (the command line too)."""
        known = self.organisations.get(org or "")
        return known.name if known and known.name else str(org)
