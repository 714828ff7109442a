"""The search index over agendas and minutes (today the package meetings/search/), filled from the
items there are.

SQLite: an FTS5 table; `remove_diacritics 0` keeps æ, ø and å letters of their own. PostgreSQL: a
table with two stored tsvector columns under the `danish` configuration (with and without the
minutes' part), each with a GIN index. Created per database vendor in SQL, which Django's model
state knows nothing of; the SQL is written out here so that this migration does not change when
the search code does (meetings.search.COLUMNS must name these columns in this order). For the same
reason the first filling of the index is copied here too, as the search code wrote rows when this
was written."""

from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

from django.db import migrations

AGENDA = [("body", "D"), ("meeting", "D"), ("title", "A"), ("case_number", "A"),
          ("summary", "B"), ("recommendation", "B"), ("case_text", "C")]  # fmt: skip
MINUTES = [("decision", "B"), ("actions", "C")]
COLUMNS = [name for name, _ in AGENDA + MINUTES]


def _vector(columns: list[tuple[str, str]]) -> str:
    return " || ".join(
        f"setweight(to_tsvector('danish'::regconfig, {name}), '{weight}')"
        for name, weight in columns
    )


SQLITE = [
    f"CREATE VIRTUAL TABLE meetings_search USING fts5({', '.join(COLUMNS)}, "
    "tokenize = 'unicode61 remove_diacritics 0')"
]
POSTGRESQL = [
    "CREATE TABLE meetings_search (item_id bigint PRIMARY KEY, "
    + ", ".join(f"{name} text NOT NULL DEFAULT ''" for name in COLUMNS)
    + f", agenda_document tsvector GENERATED ALWAYS AS ({_vector(AGENDA)}) STORED"
    + f", document tsvector GENERATED ALWAYS AS ({_vector(AGENDA + MINUTES)}) STORED)",
    "CREATE INDEX meetings_search_agenda_gin ON meetings_search USING gin (agenda_document)",
    "CREATE INDEX meetings_search_document_gin ON meetings_search USING gin (document)",
]


ITEM_FIELDS = ["title", "case_number", "summary", "recommendation", "case_text", "decision"]
HTML_FIELDS = {"case_text"}
# The private-use characters search.py marks a snippet's highlight with; no indexed text has them.
START, STOP = "\ue000", "\ue001"
# Tags inside a line of text: no space is put where they were (<strong>gen</strong>indlæg).
INLINE = {"a", "abbr", "b", "cite", "code", "em", "i", "mark", "q", "s", "small", "span",
          "strong", "sub", "sup", "u"}  # fmt: skip


class _TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self.skipping += 1
        if tag not in INLINE:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"} and self.skipping:
            self.skipping -= 1
        if tag not in INLINE:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def _html_to_text(html: str) -> str:
    if "<" not in html and "&" not in html:
        return html
    parser = _TextOf()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def _clean(text: str | None) -> str:
    text = (text or "").replace(START, "").replace(STOP, "")
    return " ".join(text.split())


def _rows(items: list[dict[str, Any]], actions: list[tuple[int, str]]) -> list[list[object]]:
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
            values[name] = _html_to_text(value) if name in HTML_FIELDS else value
        rows.append([item["pk"], *(_clean(values[c]) for c in COLUMNS)])
    return rows


def _chunks(ids: list[int], size: int = 500) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _index_all_items(apps: Any, connection: Any) -> None:
    """A search row for every item there is, from the historical models."""
    using = connection.alias
    key = "rowid" if connection.vendor == "sqlite" else "item_id"
    insert = (
        f"INSERT INTO meetings_search ({key}, {', '.join(COLUMNS)}) "
        f"VALUES ({', '.join(['%s'] * (len(COLUMNS) + 1))})"
    )
    items = apps.get_model("meetings", "AgendaItem")._default_manager.using(using).order_by("pk")
    actions = apps.get_model("meetings", "ActionItem")._default_manager.using(using)
    for chunk in _chunks(list(items.values_list("pk", flat=True))):
        found = list(
            items.filter(pk__in=chunk).values(
                "pk", *ITEM_FIELDS, "meeting__title", "meeting__date", "meeting__body__name"
            )
        )
        titles = list(
            actions.filter(item_id__in=chunk).order_by("pk").values_list("item_id", "title")
        )
        if found:
            with connection.cursor() as cursor:
                cursor.executemany(insert, _rows(found, titles))


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    connection = schema_editor.connection
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(connection.vendor)
    if statements is None:
        return
    for sql in statements:
        schema_editor.execute(sql)
    _index_all_items(apps, connection)


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor in {"sqlite", "postgresql"}:
        schema_editor.execute("DROP TABLE IF EXISTS meetings_search")


class Migration(migrations.Migration):
    dependencies = [("meetings", "0008_case_text_html")]

    operations = [migrations.RunPython(create, drop)]
