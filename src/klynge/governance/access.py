"""Who may do what: every access rule of Klynge, for pages, commands and tasks alike.

`access_*` return the object asked for, or raise Http404 for someone who may not read it (as if
it did not exist) and PermissionDenied for a reader who may not change it. `may_*` answer the
yes-or-no questions a page asks to show or hide a button. Administrators and the system (the
command line, tasks) may do everything; an inactive or anonymous user nothing.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from klynge.accounts.audit import SystemActor
from klynge.accounts.models import User
from klynge.core.member_file import MemberRow
from klynge.core.problems import InvalidInput, Problem
from klynge.governance.models import Appointment, Body, Person, PersonChangeProposal, Role
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


def _sees_all(user: object) -> bool:
    return isinstance(user, SystemActor) or (
        isinstance(user, User) and user.is_active and user.is_staff
    )


def _is_signed_in(user: object) -> bool:
    return isinstance(user, User) and user.is_active


# ---- bodies -----------------------------------------------------------------------------------


def _readable(user: object, on: datetime.date) -> QuerySet[Body] | None:
    """The bodies a user may read on a date, as one query; None means all.

    Members read the bodies they sit in (seat or role), from the day they are appointed, even when
    the appointment starts later; FSG's secretariat also reads the operative groups it runs.
    Others see nothing: the pages answer 404.
    """
    if _sees_all(user):
        return None
    if not isinstance(user, User) or not user.is_active:
        return Body.objects.none()
    sits = Q(appointments__person__email=user.email) & (
        Q(appointments__end__isnull=True) | Q(appointments__end__gte=on)
    )
    runs = Q(
        reports_to__appointments__person__email=user.email,
        reports_to__appointments__role=Role.SECRETARIAT,
    ) & (Q(reports_to__appointments__end__isnull=True) | Q(reports_to__appointments__end__gte=on))
    return Body.objects.filter(sits | runs).distinct()


def readable_bodies(user: object, on: datetime.date) -> set[int] | None:
    """The ids of the bodies a user may read on a date (see `_readable`); None means all."""
    bodies = _readable(user, on)
    return None if bodies is None else set(bodies.values_list("pk", flat=True))


def readable_body_keys(user: object, on: datetime.date) -> set[str] | None:
    """The keys of the bodies a user may read on a date (see `_readable`); None means all."""
    bodies = _readable(user, on)
    return None if bodies is None else set(bodies.values_list("key", flat=True))


def may_read_body(user: object, body: Body, on: datetime.date) -> bool:
    bodies = _readable(user, on)
    return bodies is None or bodies.filter(pk=body.pk).exists()


def editable_body_ids(user: object, on: datetime.date) -> set[int] | None:
    """The ids of the bodies a user edits on a date, in one query; None means all. Editors are
    administrators and a body's secretariat; FSG's secretariat also runs the operative groups
    (seed 000 §§ 3 and 5)."""
    if _sees_all(user):
        return None
    return run_body_ids(user, on)


def run_body_ids(user: object, on: datetime.date) -> set[int]:
    """The ids of the bodies a user is the secretariat of on a date or later, in one query,
    administrators too: FSG's secretariat also runs the operative groups (seed 000 §§ 3 and 5)."""
    if not _is_signed_in(user):
        return set()
    runs = (
        Appointment.objects.filter(role=Role.SECRETARIAT, person__email=getattr(user, "email", ""))
        .from_on(on)
        .values("body_id")
    )
    return set(
        Body.objects.filter(Q(pk__in=runs) | Q(reports_to_id__in=runs)).values_list("pk", flat=True)
    )


def person_reads_body(person: Person, body: Body, on: datetime.date) -> bool:
    """Whether a person reads a body on a date by the rules their sign-in is held to (see
    `_readable`): what an address made in their name, such as a calendar feed, may serve. A
    person without an active account reads nothing."""
    user = person.user if person.user_id else User.objects.filter(email=person.email).first()
    return user is not None and may_read_body(user, body, on)


def may_edit_body(user: object, body: Body, on: datetime.date) -> bool:
    """Whether the user edits the body on the date (see editable_body_ids)."""
    ids = editable_body_ids(user, on)
    return ids is None or body.pk in ids


def closed_readable_bodies(user: object, on: datetime.date) -> set[int] | None:
    """The ids of the bodies whose closed items (lukkede punkter) and closed attachments the user
    reads on a date; None means all. Administrators, the bodies' secretariat, and everyone
    appointed to the body on the date or later other than as an observer: members, substitutes,
    co-chairs and contact persons. Observers read only what is not closed."""
    if _sees_all(user):
        return None
    if not _is_signed_in(user):
        return set()
    insiders = (
        Appointment.objects.filter(person__email=getattr(user, "email", ""))
        .exclude(role=Role.OBSERVER)
        .from_on(on)
        .values_list("body_id", flat=True)
    )
    return set(insiders) | run_body_ids(user, on)


def may_read_closed(user: object, meeting: Meeting) -> bool:
    """Whether the user reads the closed items of the meeting (see closed_readable_bodies): of
    its body, or of a body that shares the meeting (a theme day). Kept on the meeting for the
    request, since a page and its documents panel both ask."""
    known: dict[object, bool] = vars(meeting).setdefault("_may_read_closed", {})
    key = getattr(user, "pk", None)
    if key not in known:
        bodies = closed_readable_bodies(user, timezone.localdate())
        known[key] = (
            bodies is None
            or meeting.body_id in bodies
            or meeting.also_for.filter(pk__in=bodies).exists()
        )
    return known[key]


def body_by_key(key: str) -> Body:
    """The body with this key, or 404, for the system, which reads every body (the command
    line). `CLUSTER/BODY` names one where keys repeat across clusters."""
    cluster_key, _, body_key = key.rpartition("/")
    bodies = Body.objects.select_related("cluster", "reports_to", "succeeded_by").filter(
        key=body_key
    )
    if cluster_key:
        bodies = bodies.filter(cluster__key=cluster_key)
    found = list(bodies[:2])
    if len(found) != 1:
        raise Http404(key)
    return found[0]


def access_body(user: object, key: str) -> Body:
    """The body with this key, if the user may read it today; otherwise 404, as if it did not
    exist."""
    body = body_by_key(key)
    if not may_read_body(user, body, timezone.localdate()):
        raise Http404(key)
    return body


def access_body_and_readable(user: object, key: str) -> tuple[Body, set[int] | None]:
    """The body (as access_body), and the ids of every body the user reads today (None: all),
    from one query: for a page that links to other bodies only where the reader may follow."""
    body = body_by_key(key)
    readable = readable_bodies(user, timezone.localdate())
    if readable is not None and body.pk not in readable:
        raise Http404(key)
    return body, readable


def access_editable_body(user: object, key: str) -> Body:
    """The body, if the user edits it (its secretariat, administrators); else 403 or 404."""
    body = access_body(user, key)
    if not may_edit_body(user, body, timezone.localdate()):
        raise PermissionDenied
    return body


def may_change_charter(user: object, body: Body) -> bool:
    """Administrators, and the body's secretariat."""
    return _sees_all(user) or may_edit_body(user, body, timezone.localdate())


def access_charter_body(user: object, key: str) -> Body:
    """The body, if the user may change its charter; else 403 or 404."""
    body = access_body(user, key)
    if not may_change_charter(user, body):
        raise PermissionDenied
    return body


def access_appointment(user: object, key: str, pk: int) -> tuple[Body, Appointment]:
    """The body and one of its appointments, for a user who edits the body; else 403 or 404."""
    body = access_editable_body(user, key)
    appointment = (
        Appointment.objects.select_related("person", "organisation", "body__cluster")
        .filter(body=body, pk=pk)
        .first()
    )
    if appointment is None:
        raise Http404("no such appointment")
    return body, appointment


# ---- member files -------------------------------------------------------------------------------


def may_import_members(user: object) -> bool:
    """Administrators, and anyone who is a secretariat somewhere today or from a later day (an
    ended appointment gives nothing): what they may import is then checked row by row
    (check_may_import_rows)."""
    return _sees_all(user) or (
        _is_signed_in(user)
        and Appointment.objects.filter(
            person__email=getattr(user, "email", ""), role=Role.SECRETARIAT
        )
        .from_on(timezone.localdate())
        .exists()
    )


def access_member_import(user: object) -> None:
    if not may_import_members(user):
        raise PermissionDenied


def check_may_import_rows(user: object, rows: list[MemberRow]) -> None:
    """A secretariat imports only into the bodies it runs: each other row is a problem."""
    from klynge.core.name_match import match
    from klynge.governance.member_names import body_candidates

    today = timezone.localdate()
    bodies = body_candidates(list(Body.objects.select_related("cluster")))
    refused = []
    for row in rows:
        body = match(row.body, bodies).found  # a name that fits no body is the import's problem
        if body is not None and not may_edit_body(user, body, today):
            refused.append(
                Problem(
                    "", "not_your_body", {"body": body.name}, row=row.row, column=row.column("body")
                )
            )
    if refused:
        raise InvalidInput("", refused)


# ---- people -------------------------------------------------------------------------------------


def person_of(user: object) -> Person | None:
    """The person a signed-in user is (people are known by e-mail), or None."""
    email = getattr(user, "email", "")
    return Person.objects.filter(email=email).first() if email else None


def may_see_person(user: object, person: Person) -> bool:
    """Administrators, the person, and those who read a body the person sits in."""
    if getattr(user, "email", None) == person.email:
        return True
    readable = readable_bodies(user, timezone.localdate())
    return (
        readable is None or Appointment.objects.filter(person=person, body_id__in=readable).exists()
    )


def people_changed_directly(user: object, people: list[Person]) -> set[int]:
    """The ids of the people among these whose name and organisation the user changes when
    appointing them: administrators and the system change anyone; a secretariat only people
    appointed to its bodies and to no other body, ever. For anyone else the difference is shown
    and may be proposed to an administrator (PersonChangeProposal)."""
    if _sees_all(user):
        return {p.pk for p in people}
    runs = run_body_ids(user, timezone.localdate())
    seats = list(Appointment.objects.filter(person__in=people).values_list("person_id", "body_id"))
    own = {person for person, body in seats if body in runs}
    return own - {person for person, body in seats if body not in runs}


def may_decide_person_changes(user: object) -> bool:
    """Administrators apply or dismiss the changes to people that secretariats propose."""
    return _sees_all(user)


def access_person_changes(user: object) -> None:
    if not may_decide_person_changes(user):
        raise PermissionDenied


def access_person_change(user: object, pk: int) -> PersonChangeProposal:
    access_person_changes(user)
    proposal = PersonChangeProposal.objects.select_related("person").filter(pk=pk).first()
    if proposal is None:
        raise Http404("no such proposal")
    return proposal


def access_person(user: object, pk: int) -> Person:
    person = Person.objects.select_related("organisation").filter(pk=pk).first()
    if person is None or not may_see_person(user, person):
        raise Http404("no such person")
    return person


def is_own_person(user: object, person: Person) -> bool:
    return _is_signed_in(user) and (
        person.user_id == getattr(user, "pk", None) or person.email == getattr(user, "email", "")
    )


def may_export_personal_data(user: object, person: Person) -> bool:
    """A person's data, whole: the person themself, and administrators for anyone."""
    return _sees_all(user) or is_own_person(user, person)


def may_export_anyones_data(user: object) -> bool:
    """Administrators make the export for anyone (the person page's link)."""
    return _sees_all(user)


def access_personal_data(user: object, pk: int) -> Person:
    """The person whose data is to be exported: 404 for those who do not see the person, 403
    for those who see them but are neither they nor an administrator."""
    person = access_person(user, pk)
    if not may_export_personal_data(user, person):
        raise PermissionDenied
    return person


def may_set_retention(user: object) -> bool:
    """The retention period of personal data is the administrators' to set."""
    return _sees_all(user)


def access_retention(user: object) -> None:
    if not may_set_retention(user):
        raise PermissionDenied


# ---- meetings -----------------------------------------------------------------------------------


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
    if not _is_signed_in(user) or feed.person.email != getattr(user, "email", None):
        raise PermissionDenied
    return feed


# ---- the audit trail and the access log ---------------------------------------------------------


def may_read_trail(user: object) -> bool:
    """The whole audit trail and the access log: administrators only."""
    return isinstance(user, User) and _sees_all(user)


def access_trail(user: object) -> None:
    if not may_read_trail(user):
        raise PermissionDenied


def may_read_body_history(user: object, body: Body) -> bool:
    """A body's trail: administrators and the secretariat that runs the body (as may_edit_body)."""
    return may_edit_body(user, body, timezone.localdate())


def access_body_history(user: object, key: str) -> Body:
    """The body whose trail the user reads; 404 for who does not read the body, else 403."""
    body = access_body(user, key)
    if not may_read_body_history(user, body):
        raise PermissionDenied
    return body


def may_read_person_history(user: object, person: Person) -> bool:
    """A person's trail: administrators, and the person themselves (what they did and what was
    done to their records: their own data). A body's secretariat reads the person's appointments
    in the body's trail instead."""
    return may_read_trail(user) or (
        _is_signed_in(user) and getattr(user, "email", None) == person.email
    )


def access_person_history(user: object, pk: int) -> Person:
    """The person whose trail the user reads; 404 for who may not see the person, else 403."""
    person = access_person(user, pk)
    if not may_read_person_history(user, person):
        raise PermissionDenied
    return person
