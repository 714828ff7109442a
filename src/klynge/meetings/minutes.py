"""Every write to a meeting's decision minutes (beslutningsreferat): attendance, the decision under
each item, who was disqualified, the action items; then approval by a co-chair and publication to
the members (seed 000 § 9, seed 004: decisions are carried back to the organisations)."""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from klynge.accounts import audit
from klynge.accounts.audit import Actor, record
from klynge.accounts.models import User
from klynge.core.danish import sort_key
from klynge.core.problems import InvalidInput, Problem
from klynge.core.workflow import may_move
from klynge.governance.access import is_co_chair_on
from klynge.governance.models import Appointment, Organisation, Person
from klynge.meetings.models import (
    MINUTES_STEPS,
    ActionItem,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Disqualification,
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
    status: str  # present, absent, substitute (only for substitutes), "" for a substitute not there
    in_place_of: Person | None = None


@dataclass(frozen=True)
class MinutesInput:
    """What the minutes form gives: attendance per person id, a decision per item id, and the
    ids of those disqualified on each item."""

    attendance: dict[int, str] = field(default_factory=dict)
    decisions: dict[int, str] = field(default_factory=dict)
    disqualified: dict[int, set[int]] = field(default_factory=dict)


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
    sent apologies are absent, the others present, and a substitute is there for an absent member
    who has one."""
    members, substitutes = people_of(meeting)
    recorded = {a.person_id: a for a in meeting.attendance.select_related("person", "in_place_of")}
    apologised = set(meeting.apologies.values_list("person_id", flat=True))
    lines = []
    for a in members:
        if a.person_id in recorded:
            status = recorded[a.person_id].status
        else:
            status = (
                AttendanceStatus.ABSENT if a.person_id in apologised else AttendanceStatus.PRESENT
            )
        lines.append(Present(a.person, a.organisation, status))
    absent = {line.person.pk for line in lines if line.status == AttendanceStatus.ABSENT}
    for s in substitutes:
        if s.person_id in recorded:
            status = recorded[s.person_id].status
        else:
            status = AttendanceStatus.SUBSTITUTE if s.substitute_for_id in absent else ""
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
    """Save the attendance, decisions and disqualifications at once; refused when someone saved
    the minutes since `based_on`, so nothing either of them typed is silently lost."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _refuse_when_published(locked)
    if locked.minutes_version != based_on:
        raise MinutesChanged
    members, substitutes = people_of(locked)
    known = {a.person_id: a for a in [*members, *substitutes]}
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
        "attendance": sorted(
            meeting.attendance.values_list("person_id", "status", "in_place_of_id")
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
def publish_minutes(*, acting_user: Actor, meeting: Meeting) -> Meeting:
    """Publish approved minutes: every member and substitute is e-mailed a link."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not may_move(MINUTES_STEPS, locked.minutes_status, MinutesStatus.PUBLISHED):
        raise InvalidInput("", [Problem("", "minutes_not_approved")])
    audit.update(
        locked,
        acting_user=acting_user,
        action="meeting.minutes-publish",
        minutes_status=MinutesStatus.PUBLISHED,
        minutes_published_at=timezone.now(),
        minutes_published_by=acting_user if isinstance(acting_user, User) else None,
    )
    from klynge.meetings.tasks import send_minutes_notice

    # Enqueued inside the write's transaction: the task row commits with the publication.
    send_minutes_notice.enqueue(locked.pk)
    return locked
