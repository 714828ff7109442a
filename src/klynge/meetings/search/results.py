"""A search: one page of the matching items, best first, with their snippets."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import connections
from django.utils.safestring import SafeString

from klynge.governance.access import closed_readable_bodies, editable_body_ids
from klynge.meetings.search import postgresql, sqlite
from klynge.meetings.search.index import SUPPORTED
from klynge.meetings.search.query import parse
from klynge.meetings.search.scope import scope
from klynge.meetings.search.text import highlighted


@dataclass
class Hit:
    item: Any  # an AgendaItem with its meeting and the meeting's body
    snippet: SafeString
    with_minutes: bool


@dataclass
class Results:
    total: int = 0
    page: int = 1
    per_page: int = 20
    hits: list[Hit] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def first(self) -> int:
        return (self.page - 1) * self.per_page + 1


def search(
    user: object,
    text: str,
    *,
    readable: set[int] | None,
    on: datetime.date,
    bodies: set[int] | None = None,
    year: int | None = None,
    page: int = 1,
    per_page: int = 20,
    using: str = "default",
) -> Results:
    """One page of the items matching `text`, best first, in the bodies the user reads on `on`
    (`readable`, from readable_bodies; None: all), optionally only in `bodies` and `year`.
    A fixed number of queries whatever the number of matches."""
    from klynge.meetings.models import AgendaItem

    connection = connections[using]
    results = Results(page=max(page, 1), per_page=per_page)
    query = parse(text)
    if not query or readable == set() or connection.vendor not in SUPPORTED:
        return results
    where = scope(
        connection,
        readable,
        editable_body_ids(user, on),
        bodies,
        year,
        closed_readable_bodies(user, on),
    )
    run = sqlite.run if connection.vendor == "sqlite" else postgresql.run
    results.total, results.page, found = run(connection, query, where, results.page, per_page)
    items = (
        AgendaItem.objects.using(using)
        .select_related("meeting__body")
        .in_bulk([pk for pk, _, _ in found])
    )
    results.hits = [
        Hit(items[pk], highlighted(snippet), minutes)
        for pk, minutes, snippet in found
        if pk in items
    ]
    return results
