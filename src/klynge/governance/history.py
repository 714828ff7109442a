"""Reading the audit trail and the access log: which rows belong to a body or a person, the
filters the pages offer, and the CSV export. The words are trail_words' to find."""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.http import HttpResponse, QueryDict

from klynge.accounts.models import AccessEntry, AuditEntry, User
from klynge.core.excel_csv import excel_csv, inert
from klynge.governance.models import Appointment, Body, CharterVersion, Person
from klynge.governance.trail_words import Row, when
from klynge.meetings.models import (
    ActionItem,
    AgendaItem,
    Apology,
    Attachment,
    CalendarFeed,
    ItemProposal,
    Meeting,
    MeetingDocument,
)

PER_PAGE = 50


def _ids(rows: QuerySet[Any]) -> QuerySet[Any]:
    """A subquery of the rows' ids as text, as AuditEntry.object_id keeps them."""
    ids: QuerySet[Any] = rows.annotate(text_id=Cast("pk", CharField())).values("text_id")
    return ids


def _type(model: type[models.Model]) -> str:
    return model._meta.label_lower


def _made_under(model: type[models.Model], parent: str, parent_ids: list[int]) -> Q:
    """Rows of a kind whose creation recorded one of these parents: found in the trail, so that
    what was removed since (an attachment, an action) still belongs where it was."""
    made = AuditEntry.objects.filter(
        object_type=_type(model), before__isnull=True, **{f"after__{parent}__in": parent_ids}
    ).values("object_id")
    return Q(object_type=_type(model), object_id__in=made)


def _of(model: type[models.Model], rows: QuerySet[Any]) -> Q:
    return Q(object_type=_type(model), object_id__in=_ids(rows))


def body_scope(body: Body) -> Q:
    """Everything of the body: the body, its charter versions, appointments, meetings, their items,
    attachments, actions, apologies and PDFs, the proposals made to it and its calendar feeds."""
    meetings = list(Meeting.objects.filter(body=body).values_list("pk", flat=True))
    items = list(AgendaItem.objects.filter(meeting_id__in=meetings).values_list("pk", flat=True))
    return (
        Q(object_type=_type(Body), object_id=str(body.pk))
        | _of(CharterVersion, CharterVersion.objects.filter(body=body))
        | _of(Appointment, Appointment.objects.filter(body=body))
        | Q(object_type=_type(Meeting), object_id__in=[str(pk) for pk in meetings])
        | Q(object_type=_type(AgendaItem), object_id__in=[str(pk) for pk in items])
        | _of(Attachment, Attachment.objects.filter(item_id__in=items))
        | _made_under(Attachment, "item", items)
        | _of(ActionItem, ActionItem.objects.filter(meeting_id__in=meetings))
        | _made_under(ActionItem, "meeting", meetings)
        | _made_under(Apology, "meeting", meetings)
        | _of(MeetingDocument, MeetingDocument.objects.filter(meeting_id__in=meetings))
        | _of(ItemProposal, ItemProposal.objects.filter(body=body))
        | _of(CalendarFeed, CalendarFeed.objects.filter(body=body))
    )


def account_of(person: Person) -> User | None:
    if person.user_id is not None:
        return User.objects.filter(pk=person.user_id).first()
    return User.objects.filter(email=person.email).first()


def person_scope(person: Person, account: User | None, show: str) -> Q:
    """What the person did (`show` "did"), what was done to their records ("done"), or both:
    their person row, their appointments, apologies, calendar addresses, the actions they own
    and their login."""
    did = Q(actor=account) if account is not None else Q(pk__in=[])
    done = (
        Q(object_type=_type(Person), object_id=str(person.pk))
        | _of(Appointment, Appointment.objects.filter(person=person))
        | _made_under(Appointment, "person", [person.pk])
        | _made_under(Apology, "person", [person.pk])
        | _of(CalendarFeed, CalendarFeed.objects.filter(person=person))
        | _made_under(ActionItem, "owner", [person.pk])
    )
    if account is not None:
        done |= Q(object_type=_type(User), object_id=str(account.pk))
    return did if show == "did" else done if show == "done" else did | done


@dataclass(frozen=True)
class Filters:
    """What a trail page is narrowed to, from its address."""

    start: datetime.date | None
    end: datetime.date | None
    action: str
    show: str = ""  # on a person's trail: "did", "done" or both
    object_key: str = ""  # one object's trail: "meetings.meeting:12"

    @classmethod
    def of(cls, query: QueryDict, actions: Iterable[str]) -> "Filters":
        action = query.get("action", "")
        show = query.get("show", "")
        object_key = query.get("object", "")
        return cls(
            _day(query.get("from", "")),
            _day(query.get("to", "")),
            action if action in actions else "",
            show if show in ("did", "done") else "",
            object_key if _OBJECT_KEY.fullmatch(object_key) else "",
        )

    def apply(self, entries: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
        if self.object_key:
            object_type, _, object_id = self.object_key.partition(":")
            entries = entries.filter(object_type=object_type, object_id=object_id)
        return self._narrow(entries)

    def apply_access(self, entries: QuerySet[AccessEntry]) -> QuerySet[AccessEntry]:
        return self._narrow(entries)

    def _narrow[T: (AuditEntry, AccessEntry)](self, entries: QuerySet[T]) -> QuerySet[T]:
        if self.start is not None:
            entries = entries.filter(at__date__gte=self.start)
        if self.end is not None:
            entries = entries.filter(at__date__lte=self.end)
        if self.action:
            entries = entries.filter(action=self.action)
        return entries


_OBJECT_KEY = re.compile(r"[a-z_]+\.[a-z_]+:[\w.-]{1,100}")


def _day(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def csv_response(rows: Iterable[Row], headers: list[str], filename: str) -> HttpResponse:
    """The rows as CSV as Danish Excel opens it: semicolons, UTF-8 with a byte-order mark."""
    lines = []
    for row in rows:
        changes = " | ".join(
            f"{c.label}: {c.before} → {c.after}" if c.before and c.after
            else f"{c.label}: {c.before or c.after}"
            for c in row.changes
        )  # fmt: skip
        lines.append(
            [inert(cell) for cell in (when(row), row.by, row.action, row.kind, row.name, changes)]
        )
    response = HttpResponse(
        excel_csv(headers, lines).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
