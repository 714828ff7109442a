"""The search index over agendas and minutes (meetings/search.py), filled from the items there are.

SQLite: an FTS5 table; `remove_diacritics 0` keeps æ, ø and å letters of their own. PostgreSQL: a
table with two stored tsvector columns under the `danish` configuration (with and without the
minutes' part), each with a GIN index. Created per database vendor in SQL, which Django's model
state knows nothing of; the SQL is written out here so that this migration does not change when
search.py does (search.COLUMNS must name these columns in this order)."""

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


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    from klynge.meetings.search import index_items

    connection = schema_editor.connection
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(connection.vendor)
    if statements is None:
        return
    for sql in statements:
        schema_editor.execute(sql)
    index_items(
        apps.get_model("meetings", "AgendaItem"),
        apps.get_model("meetings", "ActionItem"),
        connection.alias,
    )


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor in {"sqlite", "postgresql"}:
        schema_editor.execute("DROP TABLE IF EXISTS meetings_search")


class Migration(migrations.Migration):
    dependencies = [("meetings", "0008_case_text_html")]

    operations = [migrations.RunPython(create, drop)]
