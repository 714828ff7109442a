"""Keeping the index in step: receivers of Django's save and delete signals re-index an item in
the same transaction as the write, whoever makes it (the package's docstring says why signals and
not triggers, and which writes they miss)."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save

from klynge.meetings.search.index import (
    ITEM_FIELDS,
    MEETING_FIELDS,
    reindex_items,
    reindex_meetings,
    remove_items,
)


def _touches(update_fields: Iterable[str] | None, names: Iterable[str]) -> bool:
    return update_fields is None or bool(set(update_fields) & set(names))


def _when_ready(raw: bool, using: str, work: Any) -> None:
    # A fixture (raw save) may load an item before its meeting: index it once the load commits.
    if raw:
        transaction.on_commit(work, using=using)
    else:
        work()


def _item_saved(sender: Any, instance: Any, raw: bool, using: str, **kwargs: Any) -> None:
    if _touches(kwargs.get("update_fields"), (*ITEM_FIELDS, "meeting", "meeting_id")):
        _when_ready(raw, using, lambda: reindex_items([instance.pk], using))


def _item_deleted(sender: Any, instance: Any, using: str, **kwargs: Any) -> None:
    remove_items([instance.pk], using)


def _meeting_saved(sender: Any, instance: Any, raw: bool, using: str, **kwargs: Any) -> None:
    if not kwargs.get("created") and _touches(
        kwargs.get("update_fields"), (*MEETING_FIELDS, "body_id")
    ):
        _when_ready(raw, using, lambda: reindex_meetings([instance.pk], using))


def _action_changed(sender: Any, instance: Any, using: str, **kwargs: Any) -> None:
    # The whole meeting's items: an action may have moved from one item to another.
    if _touches(kwargs.get("update_fields"), ("title", "item", "item_id")):
        _when_ready(
            kwargs.get("raw", False), using, lambda: reindex_meetings([instance.meeting_id], using)
        )


def _body_saving(sender: Any, instance: Any, raw: bool, using: str, **kwargs: Any) -> None:
    # Remember the name before the save, so that only a renamed body re-indexes its meetings.
    if instance.pk and not raw and _touches(kwargs.get("update_fields"), ("name",)):
        instance._name_before_save = (
            sender._default_manager.using(using)
            .filter(pk=instance.pk)
            .values_list("name", flat=True)
            .first()
        )


def _body_saved(sender: Any, instance: Any, using: str, **kwargs: Any) -> None:
    before = instance.__dict__.pop("_name_before_save", None)
    if before is not None and before != instance.name:
        from klynge.meetings.models import Meeting

        reindex_meetings(
            Meeting.objects.using(using).filter(body=instance).values_list("pk", flat=True), using
        )


def connect() -> None:
    """Connect the receivers (MeetingsConfig.ready())."""
    from klynge.governance.models import Body
    from klynge.meetings.models import ActionItem, AgendaItem, Meeting

    post_save.connect(_item_saved, sender=AgendaItem, dispatch_uid="search-item-saved")
    post_delete.connect(_item_deleted, sender=AgendaItem, dispatch_uid="search-item-deleted")
    post_save.connect(_meeting_saved, sender=Meeting, dispatch_uid="search-meeting-saved")
    post_save.connect(_action_changed, sender=ActionItem, dispatch_uid="search-action-saved")
    post_delete.connect(_action_changed, sender=ActionItem, dispatch_uid="search-action-deleted")
    pre_save.connect(_body_saving, sender=Body, dispatch_uid="search-body-saving")
    post_save.connect(_body_saved, sender=Body, dispatch_uid="search-body-saved")
