"""The audit trail and the access log in words: what changed, before → after, as people read it.

Field labels come from the models' verbose names, choices from their labels, foreign keys by the
name of what they point to, dates in the reader's language; long texts are shortened and HTML is
stripped. Every name on a page is looked up in bulk: one query per kind of thing named, however
many rows the page has.
"""

import datetime
import html
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from klynge.accounts.models import AccessEntry, AuditEntry, User
from klynge.governance.models import Appointment, Body, CharterVersion, Person
from klynge.meetings.models import AgendaItem, Apology, CalendarFeed, Meeting, MeetingDocument

SHORT = 120  # characters of a text shown before it is cut off with …
EMPTY = "–"

# The kinds of change, for the filter and the pages; an action not here shows as stored.
ACTIONS = {
    "action.create": gettext_lazy("Action added"),
    "action.delete": gettext_lazy("Action removed"),
    "action.done": gettext_lazy("Action done"),
    "action.reopen": gettext_lazy("Action reopened"),
    "agendaitem.change": gettext_lazy("Item changed"),
    "agendaitem.create": gettext_lazy("Item added"),
    "agendaitem.move": gettext_lazy("Item moved"),
    "agendaitem.postpone": gettext_lazy("Item moved to a later meeting"),
    "appointment.create": gettext_lazy("Appointment registered"),
    "appointment.end": gettext_lazy("Appointment ended"),
    "appointment.update": gettext_lazy("Appointment changed"),
    "appointingbody.create": gettext_lazy("Appointing body created"),
    "appointingbody.update": gettext_lazy("Appointing body changed"),
    "attachment.create": gettext_lazy("Attachment added"),
    "attachment.delete": gettext_lazy("Attachment removed"),
    "attachment.update": gettext_lazy("Attachment changed"),
    "attachment.change": gettext_lazy("Who gets the attachment changed"),
    "body.chair_plan": gettext_lazy("Chair periods changed"),
    "body.close": gettext_lazy("Body closed"),
    "body.create": gettext_lazy("Body created"),
    "body.update": gettext_lazy("Body changed"),
    "body.public_pages": gettext_lazy("Public pages switched on or off"),
    "calendarfeed.create": gettext_lazy("Calendar address made"),
    "calendarfeed.renew": gettext_lazy("Calendar address renewed"),
    "charterversion.close": gettext_lazy("Charter ended with the body"),
    "charterversion.correct": gettext_lazy("Charter corrected"),
    "charterversion.create": gettext_lazy("Charter version added"),
    "charterversion.end": gettext_lazy("Charter version ended"),
    "cluster.create": gettext_lazy("Cluster created"),
    "cluster.update": gettext_lazy("Cluster changed"),
    "meeting.agenda-approval-asked": gettext_lazy("Co-chairs asked to approve the agenda"),
    "meeting.agenda-approve": gettext_lazy("Agenda approved"),
    "meeting.agenda-changes-announced": gettext_lazy("Changes to the agenda announced"),
    "meeting.agenda-send": gettext_lazy("Agenda sent"),
    "meeting.apology": gettext_lazy("Apology sent"),
    "meeting.apology-withdrawn": gettext_lazy("Apology withdrawn"),
    "meeting.change": gettext_lazy("Meeting changed"),
    "meeting.cancel": gettext_lazy("Meeting cancelled"),
    "meeting.create": gettext_lazy("Meeting planned"),
    "meeting.share": gettext_lazy("Theme day shared with more bodies"),
    "meetingsharerequest.create": gettext_lazy("Body asked to share a theme day"),
    "meetingsharerequest.accept": gettext_lazy("Sharing a theme day accepted"),
    "meetingsharerequest.decline": gettext_lazy("Sharing a theme day declined"),
    "meeting.leader": gettext_lazy("Meeting leader chosen"),
    "meeting.minutes": gettext_lazy("Minutes saved"),
    "meeting.minutes-approval-asked": gettext_lazy("Co-chairs asked to approve the minutes"),
    "meeting.minutes-approve": gettext_lazy("Minutes approved"),
    "meeting.minutes-publish": gettext_lazy("Minutes published"),
    "meetingdocument.built": gettext_lazy("PDF made"),
    "meetingdocument.request": gettext_lazy("PDF requested"),
    "meetingdocument.remake": gettext_lazy("PDF made again after anonymisation"),
    "members.import": gettext_lazy("Member file imported"),
    "organisation.create": gettext_lazy("Organisation created"),
    "organisation.update": gettext_lazy("Organisation changed"),
    "person.account": gettext_lazy("Person linked to a login"),
    "person.create": gettext_lazy("Person registered"),
    "person.update": gettext_lazy("Person changed"),
    "person.anonymise": gettext_lazy("Person anonymised"),
    "personchangeproposal.create": gettext_lazy("Change to a person proposed"),
    "personchangeproposal.apply": gettext_lazy("Proposed change to a person applied"),
    "personchangeproposal.dismiss": gettext_lazy("Proposed change to a person dismissed"),
    "privacy.retention": gettext_lazy("Retention period of personal data set"),
    "proposal.answer": gettext_lazy("Proposal answered"),
    "proposal.create": gettext_lazy("Item proposed"),
    "proposal.on-agenda": gettext_lazy("Proposal put on an agenda"),
    "user.accept_invitation": gettext_lazy("Password chosen"),
    "user.create": gettext_lazy("Login created"),
    "user.invite": gettext_lazy("Invitation sent"),
    "user.update": gettext_lazy("Login changed"),
    "user.anonymise": gettext_lazy("Login anonymised"),
}

ACCESS_ACTIONS = {
    "signed_in": gettext_lazy("Signed in"),
    "closed_item.read": gettext_lazy("Opened a closed item"),
    "closed_attachment.read": gettext_lazy("Opened a closed attachment"),
    "personal_data.exported": gettext_lazy("Personal data exported"),
}

# Values in the trail that are no field of the model: the minutes, an import, who was asked.
EXTRA_LABELS = {
    "attendance": gettext_lazy("Attendance"),
    "decisions": gettext_lazy("Decisions"),
    "disqualified": gettext_lazy("Disqualified"),
    "guests": gettext_lazy("Guests"),
    "asked": gettext_lazy("Asked"),
    "items": gettext_lazy("Items"),
    "file": gettext_lazy("File"),
    "rows": gettext_lazy("Rows"),
    "created": gettext_lazy("New appointments"),
    "updated": gettext_lazy("Changed appointments"),
    "unchanged": gettext_lazy("Unchanged appointments"),
    "people_created": gettext_lazy("New people"),
    "invited": gettext_lazy("Invited"),
    "bodies": gettext_lazy("Bodies"),
}


# Labels of fields that have no verbose name of their own (Django then uses the field's name).
UNNAMED_FIELDS = {
    "body": gettext_lazy("body"),
    "item": gettext_lazy("item"),
    "meeting": gettext_lazy("meeting"),
    "person": gettext_lazy("person"),
    "kind": gettext_lazy("kind"),
    "position": gettext_lazy("position"),
    "file": gettext_lazy("file"),
    "size": gettext_lazy("size"),
    "content_type": gettext_lazy("content type"),
    "proposed_by": gettext_lazy("proposed by"),
    "proposed_at": gettext_lazy("proposed at"),
    "requested_at": gettext_lazy("requested at"),
    "built_at": gettext_lazy("built at"),
    "uploaded_at": gettext_lazy("uploaded at"),
    "revision": gettext_lazy("revision"),
    "agenda_revision": gettext_lazy("agenda revision"),
    "minutes_version": gettext_lazy("minutes version"),
    "pages": gettext_lazy("pages"),
    "status": gettext_lazy("status"),
    "error": gettext_lazy("error"),
}


# Fields whose verbose name reads wrongly out of its form's context.
RELABELLED = {
    "minutes_status": pgettext_lazy("trail", "Status of the minutes"),
    "agenda_status": pgettext_lazy("trail", "Status of the agenda"),
}


def action_label(action: str, labels: dict[str, Any] = ACTIONS) -> str:
    return str(labels.get(action, action))


def _date(value: datetime.date) -> str:
    return date_format(value, "j. F Y")


def _time(value: datetime.datetime) -> str:
    return date_format(timezone.localtime(value), "j. F Y, H.i")


# How each kind of thing is named, and what to fetch with it so naming needs no more queries.
_NAMERS: dict[type[models.Model], tuple[list[str], Callable[[Any], str]]] = {
    Appointment: (["person", "body"], lambda a: f"{a.person.name}, {a.body.name}"),
    CharterVersion: (["body"], lambda v: _("%(body)s, version %(n)s") % {"body": v.body.name, "n": v.version}),
    Meeting: (["body"], lambda m: f"{m.body.name}, {_date(m.date)}"),
    AgendaItem: (
        ["meeting__body"],
        lambda i: f"{i.position}. {i.title} ({i.meeting.body.name}, {_date(i.meeting.date)})",
    ),
    Apology: (["person", "meeting__body"], lambda a: f"{a.person.name}, {a.meeting.body.name} {_date(a.meeting.date)}"),
    CalendarFeed: (["person", "body"], lambda f: " – ".join(x.name for x in (f.person, f.body) if x)),
    MeetingDocument: (["meeting__body"], lambda d: f"{d.get_kind_display()}, {d.meeting.body.name} {_date(d.meeting.date)}"),
    User: ([], lambda u: u.full_name or u.email),
    Person: ([], lambda p: p.name),
    Body: ([], lambda b: b.name),
}  # fmt: skip


def model_of(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def names_of(wanted: dict[type[models.Model], set[str]]) -> dict[tuple[str, str], str]:
    """The names of the rows asked for, by (model label, id as text): one query per model."""
    names: dict[tuple[str, str], str] = {}
    for model, ids in wanted.items():
        keys = [i for i in ids if str(i).isdigit()]
        if not keys:
            continue
        related, name = _NAMERS.get(model, ([], str))
        rows = model._default_manager.filter(pk__in=keys)
        if related:
            rows = rows.select_related(*related)
        for row in rows:
            names[(model._meta.label_lower, str(row.pk))] = name(row)
    return names


# Where one block of rich text ends and the next begins, a space keeps the words apart.
_BLOCK_END = re.compile(r"</(p|li|h[1-6]|div|td|th|blockquote)>|<br\s*/?>", re.IGNORECASE)


def _plain_text(value: str) -> str:
    text = strip_tags(_BLOCK_END.sub(" ", value))
    text = re.sub(r"\s+", " ", html.unescape(text)).strip()
    return Truncator(text).chars(SHORT)


def _field(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    try:
        found = model._meta.get_field(name)
    except Exception:  # FieldDoesNotExist: a value kept beside the fields
        return None
    return found if isinstance(found, models.Field) else None


def label_of(model: type[models.Model] | None, name: str) -> str:
    found = _field(model, name)
    if name in RELABELLED:
        return str(RELABELLED[name])
    if found is not None:
        unnamed = str(found.verbose_name) == name.replace("_", " ")
        return capfirst(
            str(UNNAMED_FIELDS.get(name, found.verbose_name) if unnamed else found.verbose_name)
        )
    return capfirst(str(EXTRA_LABELS.get(name, name.replace("_", " "))))


def _parsed(kind: type[Any], value: str) -> Any:
    try:
        return kind.fromisoformat(value)
    except ValueError:
        return None


def value_in_words(
    model: type[models.Model] | None, name: str, value: Any, names: dict[tuple[str, str], str]
) -> str:
    """One stored value as people read it."""
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    related = _referred(model, name)
    if related is not None:
        label = related._meta.label_lower
        ids = value if isinstance(value, list) else [value]
        return ", ".join(names.get((label, str(one)), f"#{one}") for one in ids)
    found = _field(model, name)
    if found is not None and found.choices:
        return str(dict(found.flatchoices).get(value, value))
    if isinstance(found, models.BooleanField) or isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(found, models.DateTimeField) and isinstance(value, str):
        moment = _parsed(datetime.datetime, value)
        return _time(moment) if moment else value
    if isinstance(found, models.DateField) and isinstance(value, str):
        day = _parsed(datetime.date, value)
        return _date(day) if day else value
    if isinstance(found, models.TimeField) and isinstance(value, str):
        at = _parsed(datetime.time, value)
        return at.strftime("%H.%M") if at else value
    if isinstance(value, str):
        return _plain_text(value)
    if isinstance(value, dict):
        return _plain_text("; ".join(f"{k}: {_listed(v)}" for k, v in value.items()))
    if isinstance(value, list):
        return _plain_text(_listed(value))
    return str(value)


def _listed(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(_listed(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass
class Row:
    """One entry of the trail or the access log, in words."""

    at: datetime.datetime
    by: str
    action: str
    kind: str  # what kind of thing: "Udpegning"
    name: str  # which: "Anne Birk, FSG"
    changes: list[Change] = field(default_factory=list)
    object_key: str = ""  # "governance.appointment:12", for the object's own trail


# Values kept beside the fields that refer to rows by id, named like foreign keys.
EXTRA_REFERENCES: dict[str, type[models.Model]] = {
    "asked": Person,
    "items": AgendaItem,
    "bodies": Body,
}


def _referred(model: type[models.Model] | None, name: str) -> type[models.Model] | None:
    """The model a value refers to by id: a foreign key's or many-to-many field's, or one of
    EXTRA_REFERENCES."""
    found = _field(model, name)
    if found is not None and found.is_relation:
        related = found.related_model
        return related if related is not None and not isinstance(related, str) else None
    return EXTRA_REFERENCES.get(name) if found is None else None


def _wanted_names(entries: Iterable[AuditEntry]) -> dict[type[models.Model], set[str]]:
    wanted: dict[type[models.Model], set[str]] = defaultdict(set)
    for entry in entries:
        model = model_of(entry.object_type)
        if model is not None:
            wanted[model].add(entry.object_id)
        for values in (entry.before or {}, entry.after or {}):
            for name, value in values.items():
                related = _referred(model, name)
                if related is None or value is None:
                    continue
                for one in value if isinstance(value, list) else [value]:
                    wanted[related].add(str(one))
    return wanted


def _changes(
    entry: AuditEntry, model: type[models.Model] | None, names: dict[tuple[str, str], str]
) -> list[Change]:
    before, after = entry.before or {}, entry.after or {}
    keys = list(dict.fromkeys([*before, *after]))
    changes = []
    for key in keys:
        old, new = before.get(key), after.get(key)
        if entry.before is not None and entry.after is not None and old == new:
            continue
        if entry.before is None and new in (None, "", [], {}, False):
            continue
        if entry.after is None and old in (None, "", [], {}, False):
            continue
        changes.append(
            Change(
                label_of(model, key),
                value_in_words(model, key, old, names) if entry.before is not None else "",
                value_in_words(model, key, new, names) if entry.after is not None else "",
            )
        )
    return changes


def _kind(model: type[models.Model] | None, object_type: str) -> str:
    if object_type == "governance.memberimport":
        return _("Member file")
    return capfirst(str(model._meta.verbose_name)) if model is not None else object_type


def _gone_name(entry: AuditEntry) -> str:
    kept = entry.before or entry.after or {}
    for key in ("title", "name", "filename"):
        if kept.get(key):
            return _plain_text(str(kept[key]))
    return f"#{entry.object_id}"


def _actor(entry: AuditEntry) -> str:
    if entry.actor is not None:
        return entry.actor.full_name or entry.actor.email
    return entry.actor_label or _("the system")


def audit_rows(entries: list[AuditEntry]) -> list[Row]:
    """The entries in words; the actors must come with them (select_related)."""
    names = names_of(_wanted_names(entries))
    rows = []
    for entry in entries:
        model = model_of(entry.object_type)
        name = names.get((entry.object_type, entry.object_id)) or _gone_name(entry)
        if entry.object_type == "governance.memberimport":
            name = entry.object_id
        rows.append(
            Row(
                at=entry.at,
                by=_actor(entry),
                action=action_label(entry.action),
                kind=_kind(model, entry.object_type),
                name=name,
                changes=_changes(entry, model, names),
                object_key=f"{entry.object_type}:{entry.object_id}",
            )
        )
    return rows


def access_rows(entries: list[AccessEntry]) -> list[Row]:
    """Access-log entries in words; their users must come with them (select_related)."""
    wanted: dict[type[models.Model], set[str]] = defaultdict(set)
    for entry in entries:
        model = model_of(entry.object_type) if entry.object_type else None
        if model is not None:
            wanted[model].add(entry.object_id)
    names = names_of(wanted)
    rows = []
    for entry in entries:
        model = model_of(entry.object_type) if entry.object_type else None
        rows.append(
            Row(
                at=entry.at,
                by=(entry.user.full_name or entry.user.email) if entry.user else EMPTY,
                action=action_label(entry.action, ACCESS_ACTIONS),
                kind=_kind(model, entry.object_type) if entry.object_type else "",
                name=names.get((entry.object_type, entry.object_id), entry.object_id),
            )
        )
    return rows


def when(row: Row) -> str:
    return _time(row.at)
