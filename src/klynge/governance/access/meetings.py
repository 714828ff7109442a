"""Meetings, their agendas, minutes, attachments, proposals, shared theme days and calendar addresses."""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from klynge.governance.access.bodies import (
    access_body,
    editable_body_ids,
    may_edit_body,
    may_read_body,
    may_read_closed,
)
from klynge.governance.access.people import (
    person_of,
)
from klynge.governance.access.users import (
    is_signed_in,
)
from klynge.governance.models import Appointment, Body, Person, Role
from klynge.meetings.models import (
    ActionItem,
    AgendaItem,
    Attachment,
    CalendarFeed,
    ItemProposal,
    Meeting,
    MeetingShareRequest,
    MeetingStatus,
    MinutesStatus,
)


def access_meeting(user: object, pk: int) -> tuple[Meeting, bool]:
    """The meeting, if the user reads one of its bodies (else 404), and whether they edit it."""

    # With who approved and who sent or published, which every meeting page's status names.
    meeting = (
        Meeting.objects.select_related(
            "body__cluster",
            "agenda_approved_by",
            "agenda_sent_by",
            "minutes_approved_by",
            "minutes_published_by",
        )
        .filter(pk=pk)
        .first()
    )
    today = timezone.localdate()
    if meeting is None:
        raise Http404("no such meeting")
    bodies = [meeting.body, *meeting.also_for.all()]
    if not any(may_read_body(user, b, today) for b in bodies):
        raise Http404("no such meeting")
    return meeting, may_edit_body(user, meeting.body, today)


def access_editable_meeting(user: object, pk: int) -> Meeting:
    """The meeting, if the user edits it; else 403, or 404 when they do not read it."""
    meeting, may_change = access_meeting(user, pk)
    if not may_change:
        raise PermissionDenied
    return meeting


def access_item(meeting: Meeting, item_pk: int) -> AgendaItem:
    """One item of the meeting's agenda, or 404."""

    item = AgendaItem.objects.filter(meeting=meeting, pk=item_pk).first()
    if item is None:
        raise Http404("no such item")
    return item


def is_co_chair_on(person: Person, meeting: Meeting) -> bool:
    """A co-chair of the meeting's body on its day: they approve its agenda and its minutes."""
    return (
        Appointment.objects.filter(body=meeting.body, role=Role.CHAIR, person=person)
        .valid_on(meeting.date)
        .exists()
    )


def sits_on(person: Person, meeting: Meeting) -> bool:
    """Holds a seat in the meeting's body on its day: a member, who may send an apology. An
    observer holds no seat."""
    return (
        Appointment.objects.filter(body=meeting.body, person=person)
        .exclude(seat="")
        .exclude(role=Role.OBSERVER)
        .valid_on(meeting.date)
        .exists()
    )


def may_apologise(person: Person | None, meeting: Meeting, today: datetime.date) -> bool:
    """A member sends an apology for a meeting that is to come and not cancelled."""
    return (
        person is not None
        and meeting.status != MeetingStatus.CANCELLED
        and meeting.date >= today
        and sits_on(person, meeting)
    )


def access_acting_person(user: object) -> Person:
    """The person the user is, for a write a person makes in their own name (an apology, an
    approval, a proposal); 403 for a user who is no person in the cluster."""
    person = person_of(user)
    if person is None:
        raise PermissionDenied
    return person


def may_read_draft_minutes(person: Person | None, meeting: Meeting, may_change: bool) -> bool:
    """Members read the minutes once published; until then the secretariat and the co-chairs."""
    return (
        may_change
        or meeting.minutes_status == MinutesStatus.PUBLISHED
        or (person is not None and is_co_chair_on(person, meeting))
    )


def meetings_with_readable_minutes(user: object, meetings: list[Meeting]) -> set[int]:
    """The pks of the meetings among these whose minutes the user may open (the rule of
    may_read_draft_minutes), in at most two queries however many meetings: for the pages that
    list meetings and link to their minutes."""
    readable = {m.pk for m in meetings if m.minutes_status == MinutesStatus.PUBLISHED}
    drafts = [m for m in meetings if m.pk not in readable]
    if not drafts:
        return readable
    editable = editable_body_ids(user, timezone.localdate())
    if editable is None:
        return readable | {m.pk for m in drafts}
    readable |= {m.pk for m in drafts if m.body_id in editable}
    drafts = [m for m in drafts if m.body_id not in editable]
    if not drafts or not getattr(user, "email", ""):
        return readable
    chairs = list(
        Appointment.objects.filter(
            person__email=getattr(user, "email", ""),
            role=Role.CHAIR,
            body_id__in={m.body_id for m in drafts},
        )
    )
    return readable | {
        m.pk
        for m in drafts
        if any(
            a.body_id == m.body_id and a.start <= m.date and (a.end is None or a.end >= m.date)
            for a in chairs
        )
    }


def access_minutes(user: object, pk: int) -> tuple[Meeting, bool, Person | None]:
    """The meeting whose minutes the user reads (else 404), whether they edit them, and the
    person the user is."""
    meeting, may_change = access_meeting(user, pk)
    person = person_of(user)
    if not may_read_draft_minutes(person, meeting, may_change):
        raise Http404("the minutes are not published")
    return meeting, may_change, person


def access_minutes_to_approve(user: object, pk: int) -> tuple[Meeting, Person]:
    """The meeting whose minutes the user reads (else 404), and the person who would approve
    them (403 for a user who is no person in the cluster); whether they are a co-chair that day
    is the write's to say."""
    meeting, _may_change, person = access_minutes(user, pk)
    if person is None:
        raise PermissionDenied
    return meeting, person


def access_summary(user: object, pk: int) -> tuple[Meeting, bool]:
    """The meeting whose one-page summary the user reads: once the minutes are published, and
    for the secretariat before; else 404."""
    meeting, may_change = access_meeting(user, pk)
    if meeting.minutes_status != MinutesStatus.PUBLISHED and not may_change:
        raise Http404("the minutes are not published")
    return meeting, may_change


def access_editable_item(user: object, pk: int, item_pk: int) -> tuple[Meeting, AgendaItem]:
    """An item of a meeting the user edits and that is not cancelled: to attach files to."""
    meeting, may_change = access_meeting(user, pk)
    item = access_item(meeting, item_pk)
    if not may_change or meeting.status == MeetingStatus.CANCELLED:
        raise PermissionDenied
    return meeting, item


# ---- proposed items -----------------------------------------------------------------------------


def member_appointment(person: Person, body: Body, on: datetime.date) -> Appointment | None:
    """The person's appointment in the body on the day: members, substitutes and co-chairs
    propose items (the secretariat, holding no seat, puts them on agendas itself; an observer
    only follows the body's work)."""
    return (
        Appointment.objects.filter(body=body, person=person)
        .exclude(seat="", role=Role.SECRETARIAT)
        .exclude(role=Role.OBSERVER)
        .valid_on(on)
        .select_related("organisation")
        .first()
    )


def access_proposer(user: object, key: str) -> tuple[Body, Person]:
    """The body someone proposes an item to, and who proposes: a member, substitute or co-chair
    of it today (seed 004); another reader gets 403."""
    body = access_body(user, key)
    person = person_of(user)
    if person is None or member_appointment(person, body, timezone.localdate()) is None:
        raise PermissionDenied
    return body, person


def access_proposal(body: Body, pk: int) -> ItemProposal:
    """A proposal made to this body, else 404."""
    proposal = ItemProposal.objects.filter(body=body, pk=pk).first()
    if proposal is None:
        raise Http404("no such proposal")
    return proposal


def access_editable_minutes(user: object, pk: int) -> tuple[Meeting, Person | None]:
    """The meeting whose minutes the user writes (the secretariat), and the person they are."""
    meeting, may_change, person = access_minutes(user, pk)
    if not may_change:
        raise PermissionDenied
    return meeting, person


def access_action(meeting: Meeting, pk: int, *, of_this_meeting: bool = False) -> ActionItem:
    """An action of this meeting, or an open one from an earlier meeting of the body that is
    followed up here; else 404. `of_this_meeting`: one made at an earlier meeting is 403."""
    found = (
        ActionItem.objects.filter(pk=pk, meeting__body=meeting.body)
        .select_related("meeting")
        .first()
    )
    if found is None:
        raise Http404("no such action")
    if of_this_meeting and found.meeting_id != meeting.pk:
        raise PermissionDenied
    return found


def access_attachment(
    user: object, pk: int, attachment_pk: int, *, to_change: bool = False
) -> tuple[Meeting, Attachment]:
    """An attachment of a meeting the user reads, else 404; `to_change`: only the secretariat,
    and not on a cancelled meeting (403)."""
    meeting, may_change = access_meeting(user, pk)
    found = (
        Attachment.objects.filter(pk=attachment_pk, item__meeting=meeting)
        .select_related("item")
        .first()
    )
    if found is None:
        raise Http404("no such attachment")
    # A closed attachment, or any of a closed item, is not there for who may not read it.
    if (found.closed or found.item.closed) and not may_read_closed(user, meeting):
        raise Http404("no such attachment")
    if to_change and (not may_change or meeting.status == MeetingStatus.CANCELLED):
        raise PermissionDenied
    return meeting, found


def access_share_requests(user: object) -> set[int] | None:
    """The ids of the bodies whose requests to share a theme day the user answers (None: all):
    its secretariat, administrators; 403 for a user who runs no body."""
    ids = editable_body_ids(user, timezone.localdate())
    if ids is not None and not ids:
        raise PermissionDenied
    return ids


def access_share_request(user: object, pk: int) -> MeetingShareRequest:
    """A request to share a meeting with a body the user runs, to answer; else 404."""
    ids = access_share_requests(user)
    found = MeetingShareRequest.objects.filter(pk=pk).first()
    if found is None or (ids is not None and found.body_id not in ids):
        raise Http404("no such request")
    return found


def access_feed_to_renew(user: object, feed: CalendarFeed) -> CalendarFeed:
    """A calendar address to replace: only one's own, whether for one's meetings or for a body
    (else 403). Each reader of a body has their own address for it."""
    if not is_signed_in(user) or feed.person.email != getattr(user, "email", None):
        raise PermissionDenied
    return feed
