"""Who reads what: the conditions on the live meeting rows a search joins, so that the body,
date, status and minutes status filtered on are those of the moment. The minutes' part is
searched only where the minutes are published, or by those who edit the body. A closed item is
found only by those who read the closed items of one of its meeting's bodies: for anyone else
its row is not there, so neither its text nor a snippet of it can come back."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


def sql_in(column: str, ids: Iterable[int]) -> tuple[str, list[object]]:
    ids = sorted(ids)
    if not ids:
        return "1 = 0", []
    return f"{column} IN ({', '.join(['%s'] * len(ids))})", list(ids)


@dataclass
class Where:
    """The conditions on the joined item (i) and meeting (m) besides the text."""

    sql: str
    params: list[object]
    # Where the minutes' part is searched too; None: everywhere.
    minutes_sql: str | None
    minutes_params: list[object]


def scope(
    connection: Any,
    readable: set[int] | None,
    editable: set[int] | None,
    bodies: set[int] | None,
    year: int | None,
    closed_readable: set[int] | None,
) -> Where:
    from klynge.meetings.models import Meeting

    shared = Meeting.also_for.through._meta.db_table
    conditions, params = [], []
    for chosen in (readable, bodies):
        if chosen is None:
            continue
        own, own_params = sql_in("m.body_id", chosen)
        other, other_params = sql_in("af.body_id", chosen)
        conditions.append(
            f"({own} OR EXISTS (SELECT 1 FROM {shared} af WHERE af.meeting_id = m.id AND {other}))"
        )
        params += own_params + other_params
    if closed_readable is not None:
        own, own_params = sql_in("m.body_id", closed_readable)
        other, other_params = sql_in("cf.body_id", closed_readable)
        conditions.append(
            f"(NOT i.closed OR {own} OR EXISTS (SELECT 1 FROM {shared} cf "
            f"WHERE cf.meeting_id = m.id AND {other}))"
        )
        params += own_params + other_params
    if year is not None:
        conditions.append("m.date >= %s AND m.date <= %s")
        params += [
            connection.ops.adapt_datefield_value(datetime.date(year, 1, 1)),
            connection.ops.adapt_datefield_value(datetime.date(year, 12, 31)),
        ]
    minutes_params: list[Any]
    if editable is None:
        minutes_sql, minutes_params = None, []
    else:
        edits, minutes_params = sql_in("m.body_id", editable)
        minutes_sql = f"(m.minutes_status = 'published' OR {edits})"
    return Where(" AND ".join(conditions) or "1 = 1", params, minutes_sql, minutes_params)


def joins(key: str) -> str:
    """The item (i) and meeting (m) of the search row whose key is `key`."""
    from klynge.meetings.models import AgendaItem, Meeting

    return (
        f"JOIN {AgendaItem._meta.db_table} i ON i.id = {key} "
        f"JOIN {Meeting._meta.db_table} m ON m.id = i.meeting_id"
    )


def clamped(page: int, limit: int, total: int) -> tuple[int, int]:
    """The page, the last when it is beyond, and its offset."""
    page = min(page, -(-total // limit))
    return page, (page - 1) * limit
