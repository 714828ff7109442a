"""Theme days shared between bodies (seed 004: "med Klyngestyregruppen og de øvrige
fokusgrupper"). A theme day is shared at once with the bodies the charters name for it, and with
bodies the sharing user also runs; any other body is asked, and only when its secretariat accepts
does it join the meeting and are its members invited."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from klynge.accounts import audit
from klynge.accounts.audit import Actor, record
from klynge.core.problems import InvalidInput, Problem
from klynge.core.workflow import may_move
from klynge.governance.access import editable_body_ids
from klynge.governance.models import Body
from klynge.governance.reads import meeting_rules
from klynge.meetings.models import (
    SHARE_STEPS,
    Meeting,
    MeetingShareRequest,
    MeetingStatus,
    ShareStatus,
)

REQUEST_FIELDS = ["meeting", "body", "status", "answered_by", "answered_at"]


def _named_by(body: Body, bodies: list[Body], on: datetime.date) -> set[int]:
    """The bodies the charter of `body` in force on the day holds its theme days with: by key,
    or by a name the cluster file gives a group of bodies ("de øvrige fokusgrupper")."""
    rules = meeting_rules(body, on)
    named = {n.casefold() for n in (rules.theme_days_with if rules else ())}
    groups = [g for g in body.cluster.body_groups if str(g.get("name", "")).casefold() in named]
    return {
        other.pk
        for other in bodies
        if other.pk != body.pk
        and (
            other.key.casefold() in named
            or any(
                other.key in g.get("bodies", ()) or other.kind in g.get("kinds", ()) for g in groups
            )
        )
    }


def charter_partners(body: Body, on: datetime.date) -> set[int]:
    """The ids of the open bodies a theme day of `body` on the day is shared with as the
    charters say: those its charter names, and those whose charter names it (the steering group
    holds its theme days with the focus groups whose charter names the steering group)."""
    bodies = [
        b
        for b in Body.objects.filter(cluster_id=body.cluster_id).select_related("cluster")
        if b.closed_on is None or b.closed_on >= on
    ]
    found = _named_by(body, bodies, on)
    for other in bodies:
        if other.pk != body.pk and body.pk in _named_by(other, bodies, on):
            found.add(other.pk)
    return found


@dataclass
class Shared:
    """What sharing did: the bodies that joined the meeting, and those that were asked."""

    added: list[Body] = field(default_factory=list)
    asked: list[Body] = field(default_factory=list)


@transaction.atomic
def share_meeting(
    *, acting_user: Actor, meeting: Meeting, bodies: Sequence[Body], invite: bool = True
) -> Shared:
    """Share a theme day with more bodies. A body the charters name for it, or one the acting
    user runs too, joins at once and (with `invite`) its members are sent the meeting; any other
    body's secretariat is asked (one open request per body). Bodies already sharing it are left."""
    shared = Shared()
    present = set(meeting.also_for.values_list("pk", flat=True))
    wanted = [b for b in bodies if b.pk != meeting.body_id and b.pk not in present]
    if not wanted:
        return shared
    partners = charter_partners(meeting.body, meeting.date)
    runs = editable_body_ids(acting_user, timezone.localdate())
    for body in wanted:
        if body.pk in partners or runs is None or body.pk in runs:
            shared.added.append(body)
            continue
        shared.asked.append(body)
        if MeetingShareRequest.objects.filter(
            meeting=meeting, body=body, status=ShareStatus.OPEN
        ).exists():
            continue
        request = MeetingShareRequest.objects.create(
            meeting=meeting,
            body=body,
            asked_by=audit.user_of(acting_user),
        )
        audit.created(
            request,
            acting_user=acting_user,
            action="meetingsharerequest.create",
            audited=REQUEST_FIELDS,
        )
    if shared.added:
        _join(meeting, shared.added, present, acting_user=acting_user, invite=invite)
    return shared


def _join(
    meeting: Meeting, bodies: list[Body], present: set[int], *, acting_user: Actor, invite: bool
) -> None:
    meeting.also_for.add(*bodies)
    record(
        acting_user=acting_user,
        action="meeting.share",
        instance=meeting,
        before={"also_for": sorted(present)},
        after={"also_for": sorted(present | {b.pk for b in bodies})},
    )
    if (
        invite
        and meeting.status != MeetingStatus.CANCELLED
        and meeting.date >= timezone.localdate()
    ):
        from klynge.meetings.tasks import send_meeting_notice

        send_meeting_notice.enqueue([meeting.pk], "planned", [b.pk for b in bodies])


@transaction.atomic
def answer_share_request(
    *, acting_user: Actor, request: MeetingShareRequest, accept: bool
) -> MeetingShareRequest:
    """The asked body's secretariat accepts (the body joins the meeting and its members are
    invited) or declines; a request is answered once."""
    locked = MeetingShareRequest.objects.select_for_update().get(pk=request.pk)
    status = ShareStatus.ACCEPTED if accept else ShareStatus.DECLINED
    if not may_move(SHARE_STEPS, locked.status, status):
        raise InvalidInput("", [Problem("", "share_request_answered")])
    meeting = Meeting.objects.select_for_update().select_related("body").get(pk=locked.meeting_id)
    if accept and meeting.status == MeetingStatus.CANCELLED:
        raise InvalidInput("", [Problem("", "share_request_cancelled")])
    audit.update(
        locked,
        acting_user=acting_user,
        action=f"meetingsharerequest.{'accept' if accept else 'decline'}",
        audited=["status", "answered_by", "answered_at"],
        status=status,
        answered_by=audit.user_of(acting_user),
        answered_at=timezone.now(),
    )
    if accept:
        present = set(meeting.also_for.values_list("pk", flat=True))
        if locked.body_id not in present:
            body = Body.objects.get(pk=locked.body_id)
            _join(meeting, [body], present, acting_user=acting_user, invite=True)
    return locked
