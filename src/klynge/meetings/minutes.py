"""Every write to a meeting's decision minutes (beslutningsreferat): attendance, the decision under
each item, who was disqualified, the action items; then approval by a co-chair and publication to
the members (seed 000 § 9, seed 004: decisions are carried back to the organisations)."""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.accounts import audit
from klynge.accounts.audit import Actor, record
from klynge.core.danish import sort_key
from klynge.core.problems import InvalidInput, Problem
from klynge.core.workflow import may_move
from klynge.governance.access import is_co_chair_on
from klynge.governance.models import Appointment, Organisation, Person
from klynge.meetings.models import (
    MINUTES_STEPS,
    THERE,
    ActionItem,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Disqualification,
    Guest,
    Meeting,
    MeetingStatus,
    MinutesStatus,
)
from klynge.meetings.services import record_approval


class MinutesChanged(Exception):
    """Someone saved the minutes after this form was opened."""


@dataclass(frozen=True)
class Present:
    """One line of the attendance: a member or a substitute, and how they were there."""

    person: Person
    organisation: Organisation | None
    # An AttendanceStatus; "" for a substitute who was not called in.
    status: str
    in_place_of: Person | None = None


# The longest texts the minutes take: a decision is a few paragraphs, a guest one line.
DECISION_LIMIT = 20_000
NAME_LIMIT = 200
GUESTS_LIMIT = 100


@dataclass(frozen=True)
class MinutesInput:
    """What the minutes form gives: attendance per person id, a decision per item id, the ids
    of those disqualified on each item, who took the minutes, and the guests as typed (one a
    line: name, organisation or role)."""

    attendance: dict[int, str] = field(default_factory=dict)
    decisions: dict[int, str] = field(default_factory=dict)
    disqualified: dict[int, set[int]] = field(default_factory=dict)
    minutes_taker: str = ""
    guests: str = ""


@dataclass(frozen=True)
class GuestLine:
    name: str
    role: str


def guest_lines(typed: str) -> list[GuestLine]:
    """The guests from the form's lines: the name, and after the first comma the organisation
    or role."""
    lines = []
    for line in typed.splitlines():
        name, _comma, role = line.partition(",")
        if name.strip() or role.strip():
            lines.append(GuestLine(name.strip(), role.strip()))
    return lines


def guests_text(guests: list[Guest]) -> str:
    """The guests as the form shows them, one a line."""
    return "\n".join(f"{g.name}, {g.role}" if g.role else g.name for g in guests)


def people_of(meeting: Meeting) -> tuple[list[Appointment], list[Appointment]]:
    """The body's members on the meeting's day, and their substitutes, each once."""
    valid = (
        Appointment.objects.filter(body_id=meeting.body_id)
        .exclude(seat="")
        .valid_on(meeting.date)
        .select_related("person", "organisation", "substitute_for")
        .order_by("person__name", "pk")
    )
    members: dict[int, Appointment] = {}
    substitutes: dict[int, Appointment] = {}
    for a in valid:
        chosen = substitutes if a.substitute_for_id else members
        chosen.setdefault(a.person_id, a)
    return list(members.values()), [s for p, s in substitutes.items() if p not in members]


def attendance_of(meeting: Meeting) -> list[Present]:
    """The attendance as recorded, or as it follows from the apologies until it is: members who
    sent apologies have "afbud", the others are present, and a substitute is there for a member
    away who has one."""
    members, substitutes = people_of(meeting)
    recorded = {a.person_id: a for a in meeting.attendance.select_related("person", "in_place_of")}
    apologised = set(meeting.apologies.values_list("person_id", flat=True))
    lines = []
    for a in members:
        if a.person_id in recorded:
            status = recorded[a.person_id].status
        else:
            status = (
                AttendanceStatus.APOLOGISED
                if a.person_id in apologised
                else AttendanceStatus.PRESENT
            )
        lines.append(Present(a.person, a.organisation, status))
    away = {line.person.pk for line in lines if line.status not in THERE}
    for s in substitutes:
        if s.person_id in recorded:
            status = recorded[s.person_id].status
        else:
            status = AttendanceStatus.SUBSTITUTE if s.substitute_for_id in away else ""
        lines.append(Present(s.person, s.organisation, status, s.substitute_for))
    # Someone recorded whose appointment has since been corrected away still attended.
    listed = {line.person.pk for line in lines}
    lines += [
        Present(row.person, None, row.status, row.in_place_of)
        for row in recorded.values()
        if row.person_id not in listed
    ]
    return sorted(
        lines, key=lambda line: (line.in_place_of is not None, sort_key(line.person.name))
    )


def attendance_choices(line: Present) -> list[tuple[str, str]]:
    """What a line of the attendance may say: a member is present, has sent apologies or is
    absent; a substitute is there for their member, or not called in."""
    if line.in_place_of is None:
        return [
            (AttendanceStatus.PRESENT, str(AttendanceStatus.PRESENT.label)),
            (AttendanceStatus.APOLOGISED, str(AttendanceStatus.APOLOGISED.label)),
            (AttendanceStatus.ABSENT, str(AttendanceStatus.ABSENT.label)),
        ]
    return [
        ("", _("Not called in")),
        (AttendanceStatus.SUBSTITUTE, attendance_label(line, AttendanceStatus.SUBSTITUTE)),
        (AttendanceStatus.APOLOGISED, str(AttendanceStatus.APOLOGISED.label)),
        (AttendanceStatus.ABSENT, str(AttendanceStatus.ABSENT.label)),
    ]


def attendance_label(line: Present, status: str) -> str:
    """How a status reads beside a person: "Stedfortræder for Sofie Struer"."""
    if status == AttendanceStatus.SUBSTITUTE and line.in_place_of is not None:
        return _("Substitute for %(name)s") % {"name": line.in_place_of.name}
    if status in AttendanceStatus.values:
        return str(AttendanceStatus(status).label)
    return _("Not called in")


def too_long(location: str, text: str, limit: int) -> list[Problem]:
    if len(text) <= limit:
        return []
    return [Problem(location, "too_long", {"length": danish_number(len(text)),
                                           "limit": danish_number(limit)})]  # fmt: skip


def danish_number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _check(values: MinutesInput, known: dict[int, Appointment]) -> list[GuestLine]:
    """Every problem in what was typed, at once; the guests when there are none."""
    problems = []
    for person_id, status in values.attendance.items():
        appointment = known.get(person_id)
        if appointment is None:
            continue
        allowed = {c for c, _label in attendance_choices(
            Present(appointment.person, None, "", appointment.substitute_for))}  # fmt: skip
        if status not in allowed:
            problems.append(Problem(f"attendance-{person_id}", "unknown_attendance"))
    for item_id, text in values.decisions.items():
        problems += too_long(f"decision-{item_id}", text, DECISION_LIMIT)
    problems += too_long("minutes_taker", values.minutes_taker, NAME_LIMIT)
    guests = guest_lines(values.guests)
    for number, guest in enumerate(guests, start=1):
        problems += too_long(f"guests:{number}", guest.name, NAME_LIMIT)
        problems += too_long(f"guests:{number}", guest.role, NAME_LIMIT)
        if not guest.name:
            problems.append(Problem(f"guests:{number}", "guest_needs_name"))
    if len(guests) > GUESTS_LIMIT:
        problems.append(Problem("guests", "too_many_guests", {"limit": GUESTS_LIMIT}))
    if problems:
        raise InvalidInput("", problems)
    return guests


def _refuse_when_published(meeting: Meeting) -> None:
    if meeting.minutes_status == MinutesStatus.PUBLISHED:
        raise InvalidInput("", [Problem("", "minutes_published")])


def _minutes_changed(meeting: Meeting) -> None:
    """A new version of the minutes: approved minutes need a new approval, and a minutes PDF
    made before is made again."""
    if may_move(MINUTES_STEPS, meeting.minutes_status, MinutesStatus.DRAFT):
        meeting.minutes_status, meeting.minutes_approved_by = MinutesStatus.DRAFT, None
    meeting.minutes_version += 1
    meeting.save(update_fields=["minutes_version", "minutes_status", "minutes_approved_by"])


@transaction.atomic
def save_minutes(
    *, acting_user: Actor, meeting: Meeting, based_on: int, values: MinutesInput
) -> Meeting:
    """Save the attendance, decisions, disqualifications, who took the minutes and the guests at
    once; refused when someone saved the minutes since `based_on`, so nothing either of them
    typed is silently lost, and refused whole when anything typed is wrong."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _refuse_when_published(locked)
    if locked.minutes_version != based_on:
        raise MinutesChanged
    members, substitutes = people_of(locked)
    known = {a.person_id: a for a in [*members, *substitutes]}
    guests = _check(values, known)
    before = _minutes_snapshot(locked)
    for person_id, status in values.attendance.items():
        appointment = known.get(person_id)
        if appointment is None:
            continue
        if not status:
            Attendance.objects.filter(meeting=locked, person_id=person_id).delete()
            continue
        Attendance.objects.update_or_create(
            meeting=locked,
            person_id=person_id,
            defaults={"status": status, "in_place_of_id": appointment.substitute_for_id},
        )
    items = {i.pk: i for i in locked.items.all()}
    for item_id, text in values.decisions.items():
        item = items.get(item_id)
        if item is not None and item.decision != text:
            item.decision = text
            item.save(update_fields=["decision"])
    for item_id, people in values.disqualified.items():
        if item_id not in items:
            continue
        people = {p for p in people if p in known}
        Disqualification.objects.filter(item_id=item_id).exclude(person_id__in=people).delete()
        have = set(
            Disqualification.objects.filter(item_id=item_id).values_list("person_id", flat=True)
        )
        Disqualification.objects.bulk_create(
            Disqualification(item_id=item_id, person_id=p) for p in people - have
        )
    if locked.minutes_taker != values.minutes_taker:
        locked.minutes_taker = values.minutes_taker
        locked.save(update_fields=["minutes_taker"])
    if [(g.name, g.role) for g in locked.guests.all()] != [(g.name, g.role) for g in guests]:
        locked.guests.all().delete()
        Guest.objects.bulk_create(
            Guest(meeting=locked, position=n, name=g.name, role=g.role)
            for n, g in enumerate(guests, start=1)
        )
    after = _minutes_snapshot(locked)
    if after == before:
        return locked
    _minutes_changed(locked)
    record(
        acting_user=acting_user,
        action="meeting.minutes",
        instance=locked,
        before=before,
        after=after,
    )
    return locked


def _minutes_snapshot(meeting: Meeting) -> dict[str, object]:
    """The minutes as plain values, for the audit and to know whether anything changed."""
    return {
        # As it reads, not as rows: recording the attendance that followed from the apologies
        # changes nothing.
        "attendance": sorted(
            (line.person.pk, line.status, line.in_place_of.pk if line.in_place_of else None)
            for line in attendance_of(meeting)
        ),
        "decisions": dict(
            AgendaItem.objects.filter(meeting=meeting)
            .exclude(decision="")
            .values_list("pk", "decision")
        ),
        "disqualified": sorted(
            Disqualification.objects.filter(item__meeting=meeting).values_list(
                "item_id", "person_id"
            )
        ),
        "minutes_taker": meeting.minutes_taker,
        "guests": list(meeting.guests.values_list("name", "role")),
    }


ACTION_FIELDS = ["meeting", "item", "title", "owner", "organisation", "due", "done_on"]


@transaction.atomic
def add_action(
    *,
    acting_user: Actor,
    meeting: Meeting,
    title: str,
    item: AgendaItem | None = None,
    owner: Person | None = None,
    organisation: Organisation | None = None,
    due: datetime.date | None = None,
) -> ActionItem:
    """An action item in the minutes: what is to be done, by whom (a person, an organisation or
    both) and by when."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _refuse_when_published(locked)
    problems = []
    if not title.strip():
        problems.append(Problem("title", "required"))
    if owner is None and organisation is None:
        problems.append(Problem("owner", "action_needs_owner"))
    if due is not None and due < meeting.date:
        problems.append(Problem("due", "action_due_before_meeting", {"day": meeting.date}))
    if problems:
        raise InvalidInput("", problems)
    if organisation is None and owner is not None:
        organisation = _organisation_of(owner, locked)
    action = ActionItem.objects.create(
        meeting=locked, item=item, title=title.strip(), owner=owner, organisation=organisation,
        due=due,
    )  # fmt: skip
    _minutes_changed(locked)
    audit.created(action, acting_user=acting_user, action="action.create", audited=ACTION_FIELDS)
    return action


def _organisation_of(person: Person, meeting: Meeting) -> Organisation | None:
    found = (
        Appointment.objects.filter(body_id=meeting.body_id, person=person)
        .valid_on(meeting.date)
        .exclude(organisation=None)
        .select_related("organisation")
        .first()
    )
    return found.organisation if found else None


@transaction.atomic
def remove_action(*, acting_user: Actor, action: ActionItem) -> None:
    meeting = Meeting.objects.select_for_update().get(pk=action.meeting_id)
    _refuse_when_published(meeting)
    _minutes_changed(meeting)
    audit.delete(action, acting_user=acting_user, action="action.delete", audited=ACTION_FIELDS)


@transaction.atomic
def set_action_done(
    *, acting_user: Actor, action: ActionItem, done_on: datetime.date | None
) -> ActionItem:
    """Mark an action done (or open again). This is follow-up, not the minutes' text, so it is
    allowed after publication."""
    audit.update(
        action,
        acting_user=acting_user,
        action="action.done" if done_on else "action.reopen",
        done_on=done_on,
    )
    # The coming agendas follow up the open actions: a meeting pack made before is out of date.
    Meeting.objects.filter(
        body_id=action.meeting.body_id, date__gt=action.meeting.date, status=MeetingStatus.PLANNED
    ).update(agenda_revision=F("agenda_revision") + 1)
    return action


def open_actions_before(meeting: Meeting) -> list[ActionItem]:
    """The body's open action items from its earlier meetings' published minutes: what the
    next agenda follows up under "Opfølgning på referat"."""
    return list(
        ActionItem.objects.filter(
            meeting__body_id=meeting.body_id,
            meeting__date__lt=meeting.date,
            meeting__minutes_status=MinutesStatus.PUBLISHED,
        )
        .filter(Q(done_on=None) | Q(done_on__gte=meeting.date))
        .select_related("meeting", "owner", "organisation", "item")
        .order_by("due", "meeting__date", "pk")
    )


@transaction.atomic
def approve_minutes(
    *, acting_user: Actor, meeting: Meeting, person: Person, based_on: int | None = None
) -> Meeting:
    """A co-chair approves the minutes before they are published: the version they read
    (`based_on`), so that nothing saved since is approved unseen."""
    locked = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    if not is_co_chair_on(person, locked):
        raise InvalidInput("", [Problem("", "not_a_co_chair_minutes", {"name": person.name})])
    if based_on is not None and locked.minutes_version != based_on:
        raise MinutesChanged
    if not may_move(MINUTES_STEPS, locked.minutes_status, MinutesStatus.APPROVED):
        return locked
    if locked.date > timezone.localdate():
        raise InvalidInput("", [Problem("", "meeting_not_held", {"day": locked.date})])
    return record_approval(acting_user=acting_user, meeting=locked, of="minutes", person=person)


@transaction.atomic
def publish_minutes(
    *, acting_user: Actor, meeting: Meeting, unchanged_since: str | None = None
) -> Meeting:
    """Publish approved minutes: every member and substitute is e-mailed a link.
    `unchanged_since`: the status the publisher saw; approved minutes they changed before
    pressing publish went back to draft, and are refused saying so."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not may_move(MINUTES_STEPS, locked.minutes_status, MinutesStatus.PUBLISHED):
        changed = unchanged_since == MinutesStatus.APPROVED
        raise InvalidInput("", [Problem("", "changed_since_approval" if changed
                                        else "minutes_not_approved")])  # fmt: skip
    audit.update(
        locked,
        acting_user=acting_user,
        action="meeting.minutes-publish",
        minutes_status=MinutesStatus.PUBLISHED,
        minutes_published_at=timezone.now(),
        minutes_published_by=audit.user_of(acting_user),
    )
    from klynge.meetings.tasks import send_minutes_notice

    # Enqueued inside the write's transaction: the task row commits with the publication.
    send_minutes_notice.enqueue(locked.pk)
    return locked
