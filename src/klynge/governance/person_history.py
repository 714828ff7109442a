"""Personal fields out of the audit trail: a write to a person's or a user account's name, e-mail
or title records their values in PersonHistory and an audit row that refers to that row by id
({"history": id}). Anonymisation rewrites the history; the trail is never touched."""

from collections.abc import Sequence
from typing import Any

from django.db import models

from klynge.accounts import audit
from klynge.accounts.audit import Actor
from klynge.accounts.models import AuditEntry, User
from klynge.governance.models import Person, PersonHistory

# The fields an audit row never holds: the values are in PersonHistory.
PERSONAL_FIELDS = frozenset({"email", "name", "full_name", "title"})
# The audit rows that held personal fields before they moved out (object_type → kind).
PERSONAL_OBJECTS = {"governance.person": "person", "accounts.user": "user"}


def _history_of(instance: Person | User) -> PersonHistory:
    if isinstance(instance, Person):
        return PersonHistory(
            person=instance,
            name=instance.name,
            email=instance.email,
            title=instance.title,
            organisation_id=instance.organisation_id,
        )
    return PersonHistory(user=instance, name=instance.full_name, email=instance.email)


def latest_history(instance: Person | User) -> PersonHistory | None:
    found = PersonHistory.objects.filter(
        **({"person": instance} if isinstance(instance, Person) else {"user": instance})
    )
    return found.order_by("-at", "-pk").first()


def _plain_fields(names: Sequence[str]) -> list[str]:
    return [name for name in names if name not in PERSONAL_FIELDS]


def _link(history: PersonHistory, entry: AuditEntry) -> None:
    history.audit_entry = entry
    history.save(update_fields=["audit_entry"])


def created(
    instance: Person | User, *, acting_user: Actor, action: str, audited: Sequence[str]
) -> AuditEntry:
    """Record a person or user just made: its personal fields in a history row, the rest of
    `audited` in the audit row with the history row's id."""
    history = _history_of(instance)
    history.save()
    entry = audit.record(
        acting_user=acting_user,
        action=action,
        instance=instance,
        before=None,
        after=audit.snapshot(instance, _plain_fields(audited)) | {"history": history.pk},
    )
    _link(history, entry)
    return entry


def update(
    instance: Person | User,
    *,
    acting_user: Actor,
    action: str,
    audited: Sequence[str] | None = None,
    **changes: Any,
) -> bool:
    """accounts.audit.update for a person or a user: the same shape, but a change to a personal
    field adds a history row, and the audit row names the history rows before and after instead
    of the values. Nothing is saved or recorded when nothing changed."""
    names = _plain_fields(list(changes if audited is None else audited))
    before = audit.snapshot(instance, names)
    was = audit.snapshot(instance, list(changes))
    for name, value in changes.items():
        setattr(instance, name, value)
    now = audit.snapshot(instance, list(changes))
    altered = [name for name in changes if was[name] != now[name]]
    if not altered:
        return False
    instance.save(update_fields=altered)
    after = audit.snapshot(instance, names)
    history = None
    if PERSONAL_FIELDS.intersection(altered):
        previous = latest_history(instance)
        history = _history_of(instance)
        history.save()
        before["history"] = previous.pk if previous else None
        after["history"] = history.pk
    entry = audit.record(
        acting_user=acting_user, action=action, instance=instance, before=before, after=after
    )
    if history is not None:
        _link(history, entry)
    return True


# ---- the migration that moved personal fields out of the existing trail -------------------------


NOTHING_YET: dict[str, Any] = {"name": "", "email": "", "title": "", "organisation_id": None}


def _values_of(row: Any) -> dict[str, Any]:
    return {
        "name": row.name,
        "email": row.email,
        "title": row.title,
        "organisation_id": row.organisation_id,
    }


def move_personal_fields_out(
    audit_model: type[models.Model],
    history_model: type[models.Model],
    person_model: type[models.Model],
    user_model: type[models.Model],
) -> int:
    """Every audit row of a person or user that holds a name, e-mail or title gets
    {"history": id} in their place, the values moving to a history row of that person or user
    (a row's partial values completed from the one before). Returns how many audit rows changed.
    The models are passed in so that the migration can call it with its historical models."""
    entries: Any = audit_model._default_manager
    histories: Any = history_model._default_manager
    people = set(person_model._default_manager.values_list("pk", flat=True))
    users = set(user_model._default_manager.values_list("pk", flat=True))
    moved = 0
    for entry in entries.filter(object_type__in=PERSONAL_OBJECTS).order_by("at", "pk"):
        kind = PERSONAL_OBJECTS[entry.object_type]
        pk = int(entry.object_id) if entry.object_id.isdigit() else None
        known = pk in (people if kind == "person" else users)
        owner = {f"{kind}_id": pk if known else None}
        changed = False
        for side in ("before", "after"):
            values = getattr(entry, side)
            if not isinstance(values, dict) or not PERSONAL_FIELDS.intersection(values):
                continue
            # The values as they stood when the row was written: the history up to then.
            latest = (
                histories.filter(**owner, at__lte=entry.at).order_by("-at", "-pk").first()
                if known
                else None
            )
            fields = _values_of(latest) if latest else dict(NOTHING_YET)
            for name in ("name", "email", "title"):
                if name in values:
                    fields[name] = values[name] or ""
            if "full_name" in values:
                fields["name"] = values["full_name"] or ""
            if kind == "person" and "organisation" in values:
                fields["organisation_id"] = values["organisation"]
            if latest is not None and _values_of(latest) == fields:
                history = latest
            else:
                history = histories.create(at=entry.at, audit_entry=entry, **owner, **fields)
            kept = {k: v for k, v in values.items() if k not in PERSONAL_FIELDS}
            setattr(entry, side, kept | {"history": history.pk})
            changed = True
        if changed:
            entry.save(update_fields=["before", "after"])
            moved += 1
    return moved


def strip_apology_reasons(audit_model: type[models.Model]) -> int:
    """Apologies' audit rows keep whether a reason was given, not its text (see
    meetings.services.apologies). Returns how many rows changed."""
    entries: Any = audit_model._default_manager
    moved = 0
    for entry in entries.filter(object_type="meetings.apology").order_by("pk"):
        changed = False
        for side in ("before", "after"):
            values = getattr(entry, side)
            if isinstance(values, dict) and "reason" in values:
                kept = {k: v for k, v in values.items() if k != "reason"}
                setattr(entry, side, kept | {"reason_given": bool(values["reason"])})
                changed = True
        if changed:
            entry.save(update_fields=["before", "after"])
            moved += 1
    return moved
