"""The agenda's items: the standard items, adding, changing, reordering, and moving an item to a
later meeting. Every change to a sent agenda is marked for the members (agenda_changed)."""

import datetime
from typing import Any

from django.db import transaction
from django.db.models import F

from klynge.accounts import audit
from klynge.accounts.audit import Actor, record
from klynge.core.problems import InvalidInput, Problem
from klynge.core.workflow import may_move
from klynge.meetings.models import (
    AGENDA_STEPS,
    STANDARD_ITEMS,
    AgendaItem,
    AgendaStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
    MinutesStatus,
)
from klynge.meetings.rich_text import clean_input


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
               "recommendation", "case_text", "charter_tasks", "closed",
               "public_title"]  # fmt: skip


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


def renumber(meeting: Meeting) -> None:
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
    renumber(meeting)
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
    renumber(item.meeting)
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
    renumber(source)
    renumber(target)
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


def agenda_changed(meeting: Meeting, item: AgendaItem | None = None) -> None:
    """An item changed: an approved agenda goes back to draft for a new approval; after sending,
    the item is marked as changed for the members. A meeting pack built before is out of date."""
    Meeting.objects.filter(pk=meeting.pk).update(agenda_revision=F("agenda_revision") + 1)
    meeting.agenda_revision += 1
    if may_move(AGENDA_STEPS, meeting.agenda_status, AgendaStatus.DRAFT):
        meeting.agenda_status, meeting.agenda_approved_by = AgendaStatus.DRAFT, None
        meeting.agenda_approved_at = None
        meeting.save(update_fields=["agenda_status", "agenda_approved_by", "agenda_approved_at"])
    elif (
        meeting.agenda_status == AgendaStatus.SENT
        and item is not None
        and not item.changed_after_sending
    ):
        item.changed_after_sending = True
        item.save(update_fields=["changed_after_sending"])
