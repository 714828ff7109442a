"""Reading and editing bodies, and importing member files into them."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from klynge.accounts.models import User
from klynge.core.member_file import MemberRow
from klynge.core.problems import InvalidInput, Problem
from klynge.governance.access.users import (
    is_signed_in,
    sees_all,
)
from klynge.governance.models import Appointment, Body, Person, Role
from klynge.meetings.models import (
    Meeting,
)


def _readable(user: object, on: datetime.date) -> QuerySet[Body] | None:
    """The bodies a user may read on a date, as one query; None means all.

    Members read the bodies they sit in (seat or role), from the day they are appointed, even when
    the appointment starts later; FSG's secretariat also reads the operative groups it runs.
    Others see nothing: the pages answer 404.
    """
    if sees_all(user):
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
    if sees_all(user):
        return None
    return run_body_ids(user, on)


def run_body_ids(user: object, on: datetime.date) -> set[int]:
    """The ids of the bodies a user is the secretariat of on a date or later, in one query,
    administrators too: FSG's secretariat also runs the operative groups (seed 000 §§ 3 and 5)."""
    if not is_signed_in(user):
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
    if sees_all(user):
        return None
    if not is_signed_in(user):
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
    # By the user itself, not its pk: the system (command line, tasks) and a signed-out visitor
    # both have none, and must never share an answer.
    key = user
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
    return sees_all(user) or may_edit_body(user, body, timezone.localdate())


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
    return sees_all(user) or (
        is_signed_in(user)
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
