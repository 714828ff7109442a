"""Every write to meetings: plan a year, add, move and cancel. Members are told of each change by
e-mail with an iCalendar attachment, off the request (see tasks.py)."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F, Q

from klynge.accounts import audit
from klynge.accounts.audit import Actor, record
from klynge.core.problems import InvalidInput, Problem
from klynge.core.workflow import check_transition, may_move
from klynge.governance.access import is_co_chair_on, sits_on
from klynge.governance.models import Appointment, Body, Person
from klynge.meetings.models import (
    AGENDA_STEPS,
    MEETING_STEPS,
    MINUTES_STEPS,
    STANDARD_ITEMS,
    AgendaItem,
    AgendaStatus,
    Apology,
    CalendarFeed,
    Meeting,
    MeetingKind,
    MeetingStatus,
    MinutesStatus,
)
from klynge.meetings.rich_text import clean_input

FIELDS = ["body", "kind", "title", "date", "starts", "ends", "place", "video_link", "status",
          "cancelled_reason", "sequence"]  # fmt: skip


@dataclass(frozen=True)
class MeetingRow:
    """One meeting as a form or the planner gives it."""

    date: datetime.date
    starts: datetime.time
    ends: datetime.time
    kind: str = MeetingKind.ORDINARY
    place: str = ""
    video_link: str = ""
    title: str = ""


class MeetingChanged(Exception):
    """Someone saved the meeting after this form was opened."""


def _problems(rows: list[MeetingRow], body: Body) -> list[Problem]:
    problems = []
    for i, row in enumerate(rows, start=1):
        if row.ends <= row.starts:
            problems.append(Problem("ends", "meeting_ends_first", row=i))
        if body.closed_on is not None and row.date > body.closed_on:
            problems.append(
                Problem("date", "body_closed", {"body": body.name, "day": body.closed_on}, row=i)
            )
    return problems


@transaction.atomic
def create_meetings(
    *,
    acting_user: Actor,
    body: Body,
    rows: list[MeetingRow],
    shared_with: Sequence[Body] = (),
    notify: bool = True,
) -> list[Meeting]:
    """Add meetings to a body's plan: all of them or none. A theme day can be shared with other
    bodies (seed 004: with the steering group and the other focus groups)."""
    problems = _problems(rows, body)
    if problems:
        raise InvalidInput("", problems)
    created = []
    for row in rows:
        meeting = Meeting.objects.create(
            body=body,
            kind=row.kind,
            title=row.title.strip(),
            date=row.date,
            starts=row.starts,
            ends=row.ends,
            place=row.place.strip(),
            video_link=row.video_link.strip(),
        )
        if row.kind == MeetingKind.THEME_DAY and shared_with:
            meeting.also_for.set([b for b in shared_with if b.pk != body.pk])
        add_standard_items(meeting, acting_user=acting_user)
        audit.created(meeting, acting_user=acting_user, action="meeting.create", audited=FIELDS)
        created.append(meeting)
    if notify:
        _tell_members(created, "planned")
    return created


@transaction.atomic
def change_meeting(
    *, acting_user: Actor, meeting: Meeting, based_on: int, row: MeetingRow
) -> Meeting:
    """Move a meeting or change its place; members are sent the updated event."""
    locked = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    if locked.sequence != based_on:
        raise MeetingChanged
    problems = _problems([row], locked.body)
    if problems:
        raise InvalidInput("", [Problem(p.location, p.code, p.params) for p in problems])
    changes: dict[str, Any] = {
        "kind": row.kind, "title": row.title.strip(), "date": row.date, "starts": row.starts,
        "ends": row.ends, "place": row.place.strip(), "video_link": row.video_link.strip(),
    }  # fmt: skip
    if all(getattr(locked, name) == value for name, value in changes.items()):
        return locked
    return _announce(locked, "changed", acting_user=acting_user, **changes)


@transaction.atomic
def cancel_meeting(*, acting_user: Actor, meeting: Meeting, based_on: int, reason: str) -> Meeting:
    """Cancel a meeting; it stays in the plan, marked cancelled, and leaves members' calendars."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.sequence != based_on:
        raise MeetingChanged
    if not may_move(MEETING_STEPS, locked.status, MeetingStatus.CANCELLED):
        return locked
    return _announce(
        locked,
        "cancelled",
        acting_user=acting_user,
        status=MeetingStatus.CANCELLED,
        cancelled_reason=reason.strip(),
    )


def _announce(meeting: Meeting, what: str, *, acting_user: Actor, **changes: Any) -> Meeting:
    """Save a change members must hear of: one more in the iCalendar sequence, an audit row, and
    the notice to every member."""
    audit.update(
        meeting,
        acting_user=acting_user,
        action=f"meeting.{'cancel' if what == 'cancelled' else 'change'}",
        audited=FIELDS,
        sequence=meeting.sequence + 1,
        **changes,
    )
    _tell_members([meeting], what)
    return meeting


def _tell_members(meetings: list[Meeting], what: str) -> None:
    from klynge.meetings.tasks import send_meeting_notice

    # Enqueued inside the write's transaction: the task row commits with the meetings or not at all.
    if meetings:
        send_meeting_notice.enqueue([m.pk for m in meetings], what)


@transaction.atomic
def feed_for(
    *, acting_user: Actor, person: Person | None = None, body: Body | None = None
) -> CalendarFeed:
    """The person's or the body's calendar address, made the first time it is asked for."""
    feed, created = CalendarFeed.objects.get_or_create(person=person, body=body)
    if created:
        audit.created(
            feed, acting_user=acting_user, action="calendarfeed.create", audited=["person", "body"]
        )
    return feed


@transaction.atomic
def renew_feed(*, acting_user: Actor, feed: CalendarFeed) -> CalendarFeed:
    """A new secret address; the old one stops working at once."""
    from klynge.meetings.models import new_token

    feed.token = new_token()
    feed.save(update_fields=["token"])
    record(
        acting_user=acting_user, action="calendarfeed.renew", instance=feed, before=None, after=None
    )
    return feed


def feed_meetings(feed: CalendarFeed, today: datetime.date) -> list[Meeting]:
    """The meetings a feed carries, from a year back: a body's own and shared ones, or those of
    the bodies a person sits in on each meeting's day."""
    since = today - datetime.timedelta(days=365)
    if feed.body is not None:
        return list(
            Meeting.objects.of_body(feed.body).filter(date__gte=since).select_related("body")
        )
    appointments = list(
        Appointment.objects.filter(person=feed.person).filter(
            Q(end__isnull=True) | Q(end__gte=since)
        )
    )
    bodies = {a.body_id for a in appointments}
    found = (
        Meeting.objects.filter(Q(body_id__in=bodies) | Q(also_for__in=bodies), date__gte=since)
        .select_related("body")
        .prefetch_related("also_for")
        .distinct()
    )

    def sits(meeting: Meeting) -> bool:
        held = {meeting.body_id, *(b.pk for b in meeting.also_for.all())}
        return any(
            a.body_id in held
            and a.start <= meeting.date
            and (a.end is None or meeting.date <= a.end)
            for a in appointments
        )

    return [m for m in found if sits(m)]


# ---- the agenda ------------------------------------------------------------------------------


def time_slots(meeting: Meeting, items: list[AgendaItem]) -> list[tuple[AgendaItem, str]]:
    """Each item with its time slot, counted from the meeting's start."""
    start = datetime.datetime.combine(meeting.date, meeting.starts)
    found = []
    for item in items:
        end = start + datetime.timedelta(minutes=item.minutes)
        found.append((item, f"{start:%H.%M}–{end:%H.%M}"))
        start = end
    return found


ITEM_FIELDS = ["title", "kind", "presenter", "minutes", "case_number", "summary",
               "recommendation", "case_text", "charter_tasks"]  # fmt: skip


class ItemChanged(Exception):
    """Someone saved the item after this form was opened."""


def _item_values(values: dict[str, object]) -> dict[str, object]:
    """The case text is saved as sanitised HTML whoever calls (rich_text.py)."""
    if "case_text" not in values:
        return values
    return values | {"case_text": clean_input(str(values["case_text"] or ""))}


def add_standard_items(meeting: Meeting, *, acting_user: Actor) -> None:
    """Godkendelse af dagsorden, opfølgning på referat and eventuelt, on every ordinary and
    extraordinary meeting; a theme day has a programme instead."""
    if meeting.kind == MeetingKind.THEME_DAY or meeting.items.exists():
        return
    for position, (title, kind, minutes) in enumerate(STANDARD_ITEMS, start=1):
        item = AgendaItem.objects.create(
            meeting=meeting, position=position, title=title, kind=kind, minutes=minutes,
            standard=True,
        )  # fmt: skip
        audit.created(
            item,
            acting_user=acting_user,
            action="agendaitem.create",
            audited=["meeting", "position", *ITEM_FIELDS],
        )


def _renumber(meeting: Meeting) -> None:
    """Number the items 1, 2, 3 … in their order, with the standard closing item (eventuelt)
    kept last."""
    items = list(meeting.items.order_by("position", "pk"))
    closing = [i for i in items if i.standard and i.title == STANDARD_ITEMS[-1][0]]
    ordered = [i for i in items if i not in closing] + closing
    for number, item in enumerate(ordered, start=1):
        if item.position != number:
            item.position = number
            item.save(update_fields=["position"])


@transaction.atomic
def add_item(*, acting_user: Actor, meeting: Meeting, values: dict[str, object]) -> AgendaItem:
    Meeting.objects.select_for_update().get(pk=meeting.pk)
    last = meeting.items.order_by("-position").first()
    item = AgendaItem.objects.create(
        meeting=meeting, position=(last.position if last else 0) + 1, **_item_values(values)
    )
    audit.created(
        item, acting_user=acting_user, action="agendaitem.create", audited=["meeting", *ITEM_FIELDS]
    )
    _renumber(meeting)
    item.refresh_from_db()
    agenda_changed(Meeting.objects.get(pk=meeting.pk), item)
    return item


@transaction.atomic
def change_item(
    *, acting_user: Actor, item: AgendaItem, based_on: int, values: dict[str, object]
) -> AgendaItem:
    """Save an item's texts; refused when someone saved it since `based_on`, so nothing typed by
    either of them is silently lost."""
    locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if locked.version != based_on:
        raise ItemChanged
    changes: dict[str, Any] = _item_values(values)
    if all(getattr(locked, name) == value for name, value in changes.items()):
        return locked
    audit.update(
        locked,
        acting_user=acting_user,
        action="agendaitem.change",
        audited=ITEM_FIELDS,
        version=locked.version + 1,
        **changes,
    )
    agenda_changed(Meeting.objects.get(pk=locked.meeting_id), locked)
    return locked


@transaction.atomic
def move_item(*, acting_user: Actor, item: AgendaItem, up: bool) -> None:
    """Swap an item with its neighbour and renumber."""
    Meeting.objects.select_for_update().get(pk=item.meeting_id)
    items = list(AgendaItem.objects.filter(meeting_id=item.meeting_id).order_by("position"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(items):
        return
    items[index], items[other] = items[other], items[index]
    for number, each in enumerate(items, start=1):
        each.position = number
        each.save(update_fields=["position"])
    _renumber(item.meeting)
    agenda_changed(Meeting.objects.get(pk=item.meeting_id))
    record(
        acting_user=acting_user,
        action="agendaitem.move",
        instance=item,
        before={"position": index + 1},
        after={"position": AgendaItem.objects.get(pk=item.pk).position},
    )


def later_meetings(item: AgendaItem) -> list[Meeting]:
    """The body's planned meetings after the item's, that it can be moved to."""
    meeting = item.meeting
    return list(
        Meeting.objects.filter(
            body_id=meeting.body_id, date__gt=meeting.date, status=MeetingStatus.PLANNED
        )
        .exclude(kind=MeetingKind.THEME_DAY)
        .order_by("date")[:12]
    )


@transaction.atomic
def postpone_item(*, acting_user: Actor, item: AgendaItem, meeting: Meeting) -> AgendaItem:
    """Move an item, with its texts and attachments, to a later meeting of the same body; it goes
    last before eventuelt there, and both agendas count as changed."""
    source = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    target = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if (
        item.standard
        or target.body_id != source.body_id
        or target.date <= source.date
        or target.status != MeetingStatus.PLANNED
        or source.minutes_status == MinutesStatus.PUBLISHED
    ):
        raise InvalidInput("", [Problem("meeting", "not_on_a_later_meeting")])
    locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if locked.decision.strip() or locked.actions.exists() or locked.disqualified.exists():
        # It was dealt with at the meeting: the minutes keep it where it was.
        raise InvalidInput("", [Problem("meeting", "item_in_the_minutes")])
    last = target.items.order_by("-position").first()
    locked.meeting, locked.moved_from = target, source
    locked.position = (last.position if last else 0) + 1
    locked.changed_after_sending, locked.version = False, locked.version + 1
    locked.save()
    _renumber(source)
    _renumber(target)
    agenda_changed(source)
    agenda_changed(target, locked)
    record(
        acting_user=acting_user,
        action="agendaitem.postpone",
        instance=locked,
        before={"meeting": source.pk},
        after={"meeting": target.pk},
    )
    locked.refresh_from_db()
    return locked


@transaction.atomic
def set_leader(*, acting_user: Actor, meeting: Meeting, person: Person | None) -> Meeting:
    """Choose who leads a meeting; None gives it back to the turn between the co-chairs."""
    audit.update(meeting, acting_user=acting_user, action="meeting.leader", led_by=person)
    return meeting


# ---- approving and sending the agenda ---------------------------------------------------------


@transaction.atomic
def approve_agenda(*, acting_user: Actor, meeting: Meeting, person: Person) -> Meeting:
    """A co-chair approves the agenda: the co-chairs approve it before it is sent."""
    locked = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    if not is_co_chair_on(person, locked):
        raise InvalidInput("", [Problem("", "not_a_co_chair", {"name": person.name})])
    if not may_move(AGENDA_STEPS, locked.agenda_status, AgendaStatus.APPROVED):
        return locked
    return record_approval(acting_user=acting_user, meeting=locked, of="agenda", person=person)


def record_approval(*, acting_user: Actor, meeting: Meeting, of: str, person: Person) -> Meeting:
    """Mark the agenda or the minutes (`of`) approved by a co-chair, with its audit row."""
    fields = [f"{of}_status", f"{of}_approved_by"]
    approved = AgendaStatus.APPROVED if of == "agenda" else MinutesStatus.APPROVED
    check_transition(
        AGENDA_STEPS if of == "agenda" else MINUTES_STEPS, getattr(meeting, fields[0]), approved
    )
    changes: dict[str, Any] = {fields[0]: approved, fields[1]: person}
    audit.update(meeting, acting_user=acting_user, action=f"meeting.{of}-approve", **changes)
    return meeting


@transaction.atomic
def send_agenda(*, acting_user: Actor, meeting: Meeting) -> Meeting:
    """Send the approved agenda: every member and substitute gets the link and the invitation."""
    from django.utils import timezone

    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not may_move(AGENDA_STEPS, locked.agenda_status, AgendaStatus.SENT):
        raise InvalidInput("", [Problem("", "agenda_not_approved")])
    audit.update(
        locked,
        acting_user=acting_user,
        action="meeting.agenda-send",
        agenda_status=AgendaStatus.SENT,
        agenda_sent_at=timezone.now(),
    )
    _tell_members([locked], "agenda")
    return locked


@transaction.atomic
def announce_changes(*, acting_user: Actor, meeting: Meeting) -> list[AgendaItem]:
    """Tell every member which items changed after the agenda was sent, with the link to it."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    changed = list(locked.items.filter(changed_after_sending=True).order_by("position"))
    if locked.agenda_status != AgendaStatus.SENT or not changed:
        return []
    record(
        acting_user=acting_user,
        action="meeting.agenda-changes-announced",
        instance=locked,
        before=None,
        after={"items": [i.pk for i in changed]},
    )
    _tell_members([locked], "agenda-changed")
    return changed


def agenda_changed(meeting: Meeting, item: AgendaItem | None = None) -> None:
    """An item changed: an approved agenda goes back to draft for a new approval; after sending,
    the item is marked as changed for the members. A meeting pack built before is out of date."""
    Meeting.objects.filter(pk=meeting.pk).update(agenda_revision=F("agenda_revision") + 1)
    meeting.agenda_revision += 1
    if may_move(AGENDA_STEPS, meeting.agenda_status, AgendaStatus.DRAFT):
        meeting.agenda_status, meeting.agenda_approved_by = AgendaStatus.DRAFT, None
        meeting.save(update_fields=["agenda_status", "agenda_approved_by"])
    elif (
        meeting.agenda_status == AgendaStatus.SENT
        and item is not None
        and not item.changed_after_sending
    ):
        item.changed_after_sending = True
        item.save(update_fields=["changed_after_sending"])


# ---- apologies -------------------------------------------------------------------------------


def substitutes_for(person: Person, meeting: Meeting) -> list[Person]:
    """The person's substitutes in the meeting's body on its day."""
    found = (
        Appointment.objects.filter(body=meeting.body, substitute_for=person)
        .valid_on(meeting.date)
        .select_related("person__user")
    )
    return [a.person for a in found]


@transaction.atomic
def send_apology(*, acting_user: Actor, meeting: Meeting, person: Person) -> Apology:
    """A member cannot come: the apology is recorded, and their substitute is invited."""
    if not sits_on(person, meeting) or meeting.status == MeetingStatus.CANCELLED:
        raise InvalidInput("", [Problem("", "not_a_member_then", {"name": person.name})])
    apology, created = Apology.objects.get_or_create(meeting=meeting, person=person)
    if created:
        audit.created(
            apology,
            acting_user=acting_user,
            action="meeting.apology",
            audited=["meeting", "person"],
        )
        from klynge.meetings.tasks import send_substitute_invitation

        for substitute in substitutes_for(person, meeting):
            send_substitute_invitation.enqueue(meeting.pk, person.pk, substitute.pk)
    return apology


@transaction.atomic
def withdraw_apology(*, acting_user: Actor, apology: Apology) -> None:
    audit.delete(
        apology,
        acting_user=acting_user,
        action="meeting.apology-withdrawn",
        audited=["meeting", "person"],
    )
