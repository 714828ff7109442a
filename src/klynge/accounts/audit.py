"""The audit trail that every write function records to."""

import datetime
import decimal
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models

from klynge.accounts.models import AuditEntry, User


@dataclass(frozen=True)
class SystemActor:
    """A writer that is not a signed-in person: the command line (`cli:<login>`) or a task."""

    label: str


Actor = User | SystemActor


def user_of(acting_user: Actor) -> User | None:
    """The signed-in person behind a write, for the columns that say who did it (approved,
    sent, asked, decided by); None for the command line and tasks."""
    return acting_user if isinstance(acting_user, User) else None


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """The named fields of a row as JSON-ready values; foreign keys as ids, many-to-many fields
    as sorted lists of ids."""
    values: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            values[name] = sorted(getattr(instance, name).values_list("pk", flat=True))
            continue
        attname = getattr(field, "attname", name)
        values[name] = _plain(getattr(instance, attname))
    return values


def record(
    *,
    acting_user: Actor,
    action: str,
    instance: models.Model,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> AuditEntry:
    """Append one audit row; call it inside the write's transaction."""
    return _append(acting_user, action, instance._meta.label_lower, str(instance.pk), before, after)


def noted(
    *, acting_user: Actor, action: str, object_type: str, object_id: str, after: dict[str, Any]
) -> AuditEntry:
    """Append one audit row about something that is no row of its own, such as a member file
    imported (beside the rows the import changed)."""
    return _append(acting_user, action, object_type, object_id, None, _plain(after))


def _append(
    acting_user: Actor,
    action: str,
    object_type: str,
    object_id: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=user_of(acting_user),
        actor_label=acting_user.label if isinstance(acting_user, SystemActor) else "",
        action=action,
        object_type=object_type,
        object_id=object_id,
        before=before,
        after=after,
    )


def changed(before: dict[str, Any], after: dict[str, Any]) -> bool:
    return before != after


def update(
    instance: models.Model,
    *,
    acting_user: Actor,
    action: str,
    audited: Sequence[str] | None = None,
    **changes: Any,
) -> bool:
    """The one shape of an audited change to a row: assign `changes`, save the fields that really
    changed, and record one audit row with the `audited` fields (default: the changed ones)
    before and after. Nothing is saved or recorded when nothing changed; returns whether
    anything did. Call it inside the write's transaction."""
    names = list(changes if audited is None else audited)
    before = snapshot(instance, names)
    was = snapshot(instance, list(changes))
    for name, value in changes.items():
        setattr(instance, name, value)
    now = snapshot(instance, list(changes))
    altered = [name for name in changes if was[name] != now[name]]
    if not altered:
        return False
    instance.save(update_fields=altered)
    record(
        acting_user=acting_user,
        action=action,
        instance=instance,
        before=before,
        after=snapshot(instance, names),
    )
    return True


def created(
    instance: models.Model, *, acting_user: Actor, action: str, audited: Sequence[str]
) -> AuditEntry:
    """Record a row just made: its `audited` fields, with nothing before."""
    return record(
        acting_user=acting_user,
        action=action,
        instance=instance,
        before=None,
        after=snapshot(instance, list(audited)),
    )


def delete(
    instance: models.Model, *, acting_user: Actor, action: str, audited: Sequence[str]
) -> None:
    """Record a row's `audited` fields, with nothing after, and delete it."""
    record(
        acting_user=acting_user,
        action=action,
        instance=instance,
        before=snapshot(instance, list(audited)),
        after=None,
    )
    instance.delete()
