"""A person's data, whole (the right of access, GDPR art. 15): as one JSON document and as a
readable PDF. Everything Klynge keeps about someone is reached from their Person and their User:
seats, apologies, attendance, actions, proposals, the history of their personal fields, the
access log of their reads and sign-ins, and the audit rows of their records."""

import datetime
import json
from typing import Any

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from klynge.accounts.models import AccessEntry, AuditEntry, User
from klynge.governance.models import Appointment, Person, PersonHistory
from klynge.governance.reads import name_seats
from klynge.meetings.models import ActionItem, Apology, Attendance, ItemProposal, Meeting
from klynge.printing import html_to_pdf


def _when(value: datetime.date | datetime.datetime | None) -> datetime.date | None:
    """Dates stay dates for the PDF's Danish dates; the JSON writes them in ISO 8601."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value)
    return value


def _iso(value: object) -> str:
    if isinstance(value, datetime.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")


def _meeting(meeting: Meeting) -> dict[str, Any]:
    return {
        "id": meeting.pk,
        "body": meeting.body.name,
        "title": meeting.title,
        "date": _when(meeting.date),
    }


def account_of(person: Person | None) -> User | None:
    """The user account of a person: linked, or known by the same e-mail address."""
    if person is None:
        return None
    if person.user_id is not None:
        return person.user
    return User.objects.filter(email=person.email).first()


def _person(person: Person) -> dict[str, Any]:
    return {
        "id": person.pk,
        "name": person.name,
        "email": person.email,
        "title": person.title,
        "organisation": person.organisation.name if person.organisation else None,
        "anonymised_at": _when(person.anonymised_at),
    }


def _user(user: User) -> dict[str, Any]:
    return {
        "id": user.pk,
        "email": user.email,
        "full_name": user.full_name,
        "language": user.language,
        "active": user.is_active,
        "administrator": user.is_staff,
        "created": _when(user.date_joined),
        "invited": _when(user.invited_at),
        "last_sign_in": _when(user.last_login),
    }


def _appointments(person: Person) -> list[dict[str, Any]]:
    rows = name_seats(
        Appointment.objects.filter(person=person)
        .select_related("body", "organisation", "substitute_for")
        .order_by("start", "pk")
    )
    return [
        {
            "id": a.pk,
            "body": a.body.name,
            "seat": a.seat_name,
            "role": a.get_role_display() if a.role else "",
            "organisation": a.organisation.name if a.organisation else None,
            "start": _when(a.start),
            "end": _when(a.end),
            "appointed_by": a.appointed_by,
            "substitute_for": a.substitute_for.name if a.substitute_for else None,
            "named_in_public": a.named_in_public,
        }
        for a in rows
    ]


def _history(person: Person | None, user: User | None) -> list[dict[str, Any]]:
    owners = Q(pk__in=[])
    if person is not None:
        owners |= Q(person=person)
    if user is not None:
        owners |= Q(user=user)
    rows = PersonHistory.objects.filter(owners).select_related("organisation")
    return [
        {
            "id": h.pk,
            "at": _when(h.at),
            "of": "person" if h.person_id else "user",
            "name": h.name,
            "email": h.email,
            "title": h.title,
            "organisation": h.organisation.name if h.organisation else None,
            "audit_entry": h.audit_entry_id,
        }
        for h in rows.order_by("at", "pk")
    ]


def _audit_rows(person: Person | None, user: User | None) -> list[dict[str, Any]]:
    """The audit rows of the person's records: their person and account, and every row whose
    values name them (appointments, apologies, attendance, actions, proposals)."""
    about = Q(pk__in=[])
    if person is not None:
        about |= Q(object_type="governance.person", object_id=str(person.pk))
        for key in ("person", "owner", "proposed_by", "substitute_for", "in_place_of"):
            about |= Q(**{f"before__{key}": person.pk}) | Q(**{f"after__{key}": person.pk})
    if user is not None:
        about |= Q(object_type="accounts.user", object_id=str(user.pk))
    rows = AuditEntry.objects.filter(about).order_by("at", "pk")
    return [
        {
            "id": e.pk,
            "at": _when(e.at),
            "by": e.actor_id if e.actor_id else e.actor_label,
            "action": e.action,
            "object_type": e.object_type,
            "object_id": e.object_id,
            "before": e.before,
            "after": e.after,
        }
        for e in rows
    ]


def _access_log(person: Person | None, user: User | None) -> list[dict[str, Any]]:
    about = Q(pk__in=[])
    if user is not None:
        about |= Q(user=user)
    if person is not None:
        about |= Q(object_type="governance.person", object_id=str(person.pk))
    return [
        {
            "at": _when(e.at),
            "action": e.action,
            "object_type": e.object_type,
            "object_id": e.object_id,
            "by_you": user is not None and e.user_id == user.pk,
        }
        for e in AccessEntry.objects.filter(about).order_by("at", "pk")
    ]


def personal_data(person: Person | None, user: User | None) -> dict[str, Any]:
    """Everything Klynge keeps about a person and their account, as JSON-ready values."""
    data: dict[str, Any] = {
        "made": _when(timezone.now()),
        "person": _person(person) if person is not None else None,
        "user": _user(user) if user is not None else None,
        "appointments": [],
        "apologies": [],
        "attendance": [],
        "actions": [],
        "proposals": [],
    }
    if person is not None:
        data["appointments"] = _appointments(person)
        data["apologies"] = [
            {"meeting": _meeting(a.meeting), "given": _when(a.given_at), "reason": a.reason}
            for a in Apology.objects.filter(person=person)
            .select_related("meeting__body")
            .order_by("meeting__date", "pk")
        ]
        data["attendance"] = [
            {
                "meeting": _meeting(a.meeting),
                "status": a.get_status_display(),
                "in_place_of": a.in_place_of.name if a.in_place_of else None,
            }
            for a in Attendance.objects.filter(person=person)
            .select_related("meeting__body", "in_place_of")
            .order_by("meeting__date", "pk")
        ]
        data["actions"] = [
            {
                "title": a.title,
                "meeting": _meeting(a.meeting),
                "due": _when(a.due),
                "done": _when(a.done_on),
            }
            for a in ActionItem.objects.filter(owner=person)
            .select_related("meeting__body")
            .order_by("meeting__date", "pk")
        ]
        data["proposals"] = [
            {
                "title": p.title,
                "body": p.body.name,
                "description": p.description,
                "status": p.get_status_display(),
                "answer": p.answer,
                "proposed": _when(p.proposed_at),
            }
            for p in ItemProposal.objects.filter(proposed_by=person)
            .select_related("body")
            .order_by("proposed_at", "pk")
        ]
    data["history"] = _history(person, user)
    data["access_log"] = _access_log(person, user)
    data["audit"] = _audit_rows(person, user)
    return data


def personal_data_json(person: Person | None, user: User | None) -> bytes:
    data = personal_data(person, user)
    return json.dumps(data, ensure_ascii=False, indent=2, default=_iso).encode()


def personal_data_pdf(person: Person | None, user: User | None) -> bytes:
    """The same data as a readable, tagged PDF in the reader's language."""
    data = personal_data(person, user)
    html = render_to_string(
        "governance/personal_data_print.html",
        {
            "data": data,
            "name": person.name if person else user.full_name if user else "",
            "audit": [
                (
                    row,
                    json.dumps(row["before"], ensure_ascii=False),
                    json.dumps(row["after"], ensure_ascii=False),
                )
                for row in data["audit"]
            ],
        },
    )
    return html_to_pdf(html)


def export_filename(person: Person | None, user: User | None, extension: str) -> str:
    pk = person.pk if person else user.pk if user else 0
    return f"mine-data-{pk}-{timezone.localdate().isoformat()}.{extension}"
