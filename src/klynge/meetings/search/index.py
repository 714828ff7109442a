"""The index: one row per agenda item in the table `meetings_search`, written from the items and
their action items, replacing the rows they had."""

from collections.abc import Iterable
from typing import Any

from django.db import connections, transaction

from klynge.meetings.search.text import clean, html_to_text

TABLE = "meetings_search"
# The columns of a search row, in order, as migration 0009 creates them (with the weight classes
# of PostgreSQL's ts_rank). The minutes' part comes last.
AGENDA_COLUMNS = (
    "body", "meeting", "title", "case_number", "summary", "recommendation", "case_text",
)  # fmt: skip
MINUTES_COLUMNS = ("decision", "actions")
COLUMNS = AGENDA_COLUMNS + MINUTES_COLUMNS
ITEM_FIELDS = ("title", "case_number", "summary", "recommendation", "case_text", "decision")
MEETING_FIELDS = ("title", "date", "body")
# Fields holding HTML (the WYSIWYG editor's sanitised output); the rest is plain text.
HTML_FIELDS = {"case_text"}
SUPPORTED = {"sqlite", "postgresql"}


def key_column(connection: Any) -> str:
    return "rowid" if connection.vendor == "sqlite" else "item_id"


def _rows(items: list[dict[str, Any]], actions: list[tuple[int, str]]) -> list[list[Any]]:
    titles: dict[int, list[str]] = {}
    for item_id, title in actions:
        titles.setdefault(item_id, []).append(title)
    rows = []
    for item in items:
        day = item["meeting__date"]
        values = {
            "body": item["meeting__body__name"],
            "meeting": f"{item['meeting__title']} {day.isoformat() if day else ''}",
            "actions": " · ".join(titles.get(item["pk"], [])),
        }
        for name in ITEM_FIELDS:
            value = item[name] or ""
            values[name] = html_to_text(value) if name in HTML_FIELDS else value
        rows.append([item["pk"], *(clean(values[c]) for c in COLUMNS)])
    return rows


def _chunks(ids: list[int], size: int = 500) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def index_items(
    item_model: Any, action_model: Any, using: str, ids: Iterable[int] | None = None
) -> None:
    """Write the search rows of these items (all items when `ids` is None), replacing any row
    they had; items that no longer exist lose theirs. The models are passed in so that the
    migration can call this with its historical models."""
    connection = connections[using]
    if connection.vendor not in SUPPORTED:
        return
    key = key_column(connection)
    insert = (
        f"INSERT INTO {TABLE} ({key}, {', '.join(COLUMNS)}) "
        f"VALUES ({', '.join(['%s'] * (len(COLUMNS) + 1))})"
    )
    items = item_model._default_manager.using(using).order_by("pk")
    with transaction.atomic(using=using):
        if ids is None:
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {TABLE}")
            wanted = list(items.values_list("pk", flat=True))
        else:
            wanted = sorted(set(ids))
        for chunk in _chunks(wanted):
            found = list(
                items.filter(pk__in=chunk).values(
                    "pk", *ITEM_FIELDS, "meeting__title", "meeting__date", "meeting__body__name"
                )
            )
            actions = list(
                action_model._default_manager.using(using)
                .filter(item_id__in=chunk)
                .order_by("pk")
                .values_list("item_id", "title")
            )
            with connection.cursor() as cursor:
                if ids is not None:
                    marks = ", ".join(["%s"] * len(chunk))
                    cursor.execute(f"DELETE FROM {TABLE} WHERE {key} IN ({marks})", chunk)
                if found:
                    cursor.executemany(insert, _rows(found, actions))


def reindex_items(ids: Iterable[int], using: str = "default") -> None:
    from klynge.meetings.models import ActionItem, AgendaItem

    ids = list(ids)
    if ids:
        index_items(AgendaItem, ActionItem, using, ids)


def reindex_meetings(ids: Iterable[int], using: str = "default") -> None:
    from klynge.meetings.models import AgendaItem

    reindex_items(
        AgendaItem.objects.using(using)
        .filter(meeting_id__in=list(ids))
        .values_list("pk", flat=True),
        using,
    )


def rebuild(using: str = "default") -> None:
    """Index every item afresh: after writes that bypassed save() and delete()."""
    from klynge.meetings.models import ActionItem, AgendaItem

    index_items(AgendaItem, ActionItem, using)


def remove_items(ids: Iterable[int], using: str = "default") -> None:
    connection = connections[using]
    ids = list(ids)
    if connection.vendor not in SUPPORTED or not ids:
        return
    with connection.cursor() as cursor:
        marks = ", ".join(["%s"] * len(ids))
        cursor.execute(f"DELETE FROM {TABLE} WHERE {key_column(connection)} IN ({marks})", ids)
