"""The home page's reads: who the reader is on the day, the meetings of their bodies, the
charters' deadlines (cached under the data version), and the lines, groups and sections the page
shows. See home.py for what goes in each section."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.formats import date_format

from klynge.accounts.models import User
from klynge.core.compliance import DEFAULT_MINUTES_DAYS, minutes_deadline
from klynge.core.meetings import agenda_deadline
from klynge.governance.access import readable_bodies, run_body_ids
from klynge.governance.models import Appointment, CharterVersion, Person, Role
from klynge.governance.reads import cached_by_version, charter_of
from klynge.meetings.models import Meeting, MeetingKind, MeetingStatus

# How far the home looks back (minutes still to publish) and ahead (meetings to prepare).
LOOK_BACK = datetime.timedelta(days=365)
LOOK_AHEAD = datetime.timedelta(days=120)


@dataclass(frozen=True)
class Line:
    """One thing to do: what (`title`, the link to where it is done), in which body, by when,
    and a note (status, clause, who)."""

    title: str
    url: str | None
    body: str = ""
    when: datetime.date | None = None
    when_label: str = ""
    note: str = ""
    status: str = ""  # what the reader has already done, or what became of it
    urgent: bool = False
    links: tuple[tuple[str, str], ...] = ()


@dataclass
class Group:
    key: str
    title: str
    lines: list[Line] = field(default_factory=list)


@dataclass
class Section:
    role: str
    title: str
    groups: list[Group]
    nothing: str

    @property
    def shown(self) -> list[Group]:
        return [g for g in self.groups if g.lines]


@dataclass(frozen=True)
class MeetingRow:
    pk: int
    body_id: int
    shared_with: frozenset[int]
    date: datetime.date
    starts: datetime.time
    ends: datetime.time
    title: str
    kind: str
    place: str
    status: str
    agenda_status: str
    minutes_status: str
    minutes_version: int
    agenda_approval_asked_at: datetime.datetime | None = None

    @property
    def held(self) -> bool:
        return self.status == MeetingStatus.PLANNED and self.kind != MeetingKind.THEME_DAY


def day(value: datetime.date) -> str:
    return date_format(value, "DATE_FORMAT")


# ---- what is read once per version ----------------------------------------------------------


Deadlines = dict[int, list[tuple[datetime.date, datetime.date | None, int | None, int | None]]]


def deadline_rules(version: str) -> Deadlines:
    """Per body, its charter versions' periods with their agenda lead days and minutes limit."""

    def compute() -> Deadlines:
        found: Deadlines = defaultdict(list)
        for row in CharterVersion.objects.order_by("body_id", "-in_force_from"):
            rules = charter_of(row).meetings
            found[row.body_id].append((
                row.in_force_from, row.in_force_until,
                rules.agenda_lead_days if rules else None,
                rules.minutes_publish_days if rules else None,
            ))  # fmt: skip
        return dict(found)

    return cached_by_version("deadline-rules", version, compute)


def _rules_on(rules: Deadlines, body_id: int, on: datetime.date) -> tuple[int | None, int | None]:
    for start, until, lead, publish in rules.get(body_id, []):
        if start <= on and (until is None or until >= on):
            return lead, publish
    return None, None


def send_by(rules: Deadlines, m: MeetingRow) -> datetime.date:
    """The agenda's send-by date; the meeting day itself where no charter sets lead days."""
    lead, _publish = _rules_on(rules, m.body_id, m.date)
    return agenda_deadline(m.date, lead) if lead else m.date


def publish_by(rules: Deadlines, m: MeetingRow) -> datetime.date:
    _lead, publish = _rules_on(rules, m.body_id, m.date)
    return minutes_deadline(m.date, publish or DEFAULT_MINUTES_DAYS)


# ---- the reads --------------------------------------------------------------------------------


@dataclass
class Reader:
    """Who the reader is on the day: the person, their appointments and the bodies per role."""

    user: User
    person: Person | None
    appointments: list[Appointment]
    runs: set[int]
    readable: set[int] | None

    def may_read(self, body_id: int) -> bool:
        return self.readable is None or body_id in self.readable

    def chairs(self, body_id: int, on: datetime.date) -> bool:
        return any(
            a.body_id == body_id and a.role == Role.CHAIR and _valid(a, on)
            for a in self.appointments
        )

    def sits(self, body_ids: set[int], on: datetime.date, *, seat: bool = False) -> bool:
        """In one of the bodies on the day, other than as its secretariat (`seat`: in a seat)."""
        return any(
            a.body_id in body_ids
            and a.role != Role.SECRETARIAT
            and (a.seat if seat else True)
            and _valid(a, on)
            for a in self.appointments
        )


def _valid(a: Appointment, on: datetime.date) -> bool:
    return a.start <= on and (a.end is None or a.end >= on)


def reader_of(user: User, today: datetime.date) -> Reader:
    person = Person.objects.filter(email=user.email).first()
    appointments = (
        list(
            Appointment.objects.filter(person=person)
            .filter(Q(end__isnull=True) | Q(end__gte=today - LOOK_BACK))
            .select_related("organisation")
        )
        if person
        else []
    )
    # Only someone in a secretariat runs bodies: the others are spared the query.
    in_secretariat = any(
        a.role == Role.SECRETARIAT and (a.end is None or a.end >= today) for a in appointments
    )
    runs = run_body_ids(user, today) if in_secretariat else set()
    return Reader(user, person, appointments, runs, readable_bodies(user, today))


def meetings_of(body_ids: set[int] | None, today: datetime.date) -> list[MeetingRow]:
    """The meetings of the bodies (None: all) from a year back to four months ahead, in one
    query: a row per body a theme day is shared with, folded here."""
    rows = Meeting.objects.filter(date__gte=today - LOOK_BACK, date__lte=today + LOOK_AHEAD)
    if body_ids is not None:
        rows = rows.filter(Q(body_id__in=body_ids) | Q(also_for__in=body_ids))
    shared: dict[int, set[int]] = defaultdict(set)
    first: dict[int, dict[str, Any]] = {}
    for row in rows.order_by("date", "starts", "pk").values(
        "pk", "body_id", "date", "starts", "ends", "title", "kind", "place", "status",
        "agenda_status", "minutes_status", "minutes_version", "agenda_approval_asked_at",
        "also_for",
    ):  # fmt: skip
        first.setdefault(row["pk"], dict(row))
        if row["also_for"] is not None:
            shared[row["pk"]].add(row["also_for"])
    return [
        MeetingRow(**{k: v for k, v in row.items() if k != "also_for"},
                   shared_with=frozenset(shared[pk]))
        for pk, row in first.items()
    ]  # fmt: skip


# ---- the sections -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Names:
    """The bodies' names and keys by id, from one query."""

    bodies: dict[int, tuple[str, str, int]]  # id: (key, name, position)

    def name(self, body_id: int) -> str:
        return self.bodies[body_id][1] if body_id in self.bodies else ""

    def key(self, body_id: int) -> str:
        return self.bodies[body_id][0]


def share_request_group(runs: set[int], names: "Names") -> Group:
    """The theme days other bodies ask to share with the bodies the reader runs: one query."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from klynge.meetings.models import MeetingShareRequest, ShareStatus

    asked = MeetingShareRequest.objects.filter(
        body_id__in=runs, status=ShareStatus.OPEN
    ).select_related("meeting")
    lines = [
        Line(_("%(body)s asks to share a theme day") % {"body": names.name(r.meeting.body_id)},
             reverse("share_requests") + f"#share-{r.pk}", names.name(r.body_id), r.meeting.date,
             _("Meeting day"), r.meeting.title)
        for r in asked
    ]  # fmt: skip
    return Group("share_requests", _("Theme days to share"), sorted(lines, key=_soonest))


def person_change_group() -> Group:
    """The changes to people that secretariats propose, for an administrator: one query."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from klynge.governance.models import ChangeStatus, PersonChangeProposal

    proposed = PersonChangeProposal.objects.filter(status=ChangeStatus.OPEN).select_related(
        "person", "body"
    )
    lines = [
        Line(_("Change to %(name)s") % {"name": p.person.name},
             reverse("person_changes") + f"#change-{p.pk}", p.body.name if p.body else "",
             p.proposed_at.date(), _("Proposed"))
        for p in proposed
    ]  # fmt: skip
    return Group("person_changes", _("Proposed changes to people"), lines)


def _soonest(line: Line) -> tuple[datetime.date, str]:
    return (line.when or datetime.date.max, line.body)
