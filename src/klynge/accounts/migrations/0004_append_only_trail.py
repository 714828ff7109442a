"""The audit trail and the access log are append-only in the database too, on PostgreSQL: a
trigger refuses every UPDATE and DELETE of their rows, whatever issues it (a page, a command, a
script or psql). The models refuse the same in Python on every database (AppendOnly).

It comes after 0003, which rewrites the person rows of the trail once to move personal fields
out; after this migration nothing may rewrite them.
"""

from typing import Any

from django.db import migrations

TABLES = ["accounts_auditentry", "accounts_accessentry"]

FUNCTION = """
CREATE OR REPLACE FUNCTION klynge_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Klynge: % is append-only; its rows are never changed or deleted',
        TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql
"""


def _on_postgresql(schema_editor: Any) -> bool:
    return bool(schema_editor.connection.vendor == "postgresql")


def add_triggers(apps: Any, schema_editor: Any) -> None:
    if not _on_postgresql(schema_editor):
        return
    schema_editor.execute(FUNCTION, None)  # no parameters: the % in it is PL/pgSQL's
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION klynge_append_only()"
        )


def drop_triggers(apps: Any, schema_editor: Any) -> None:
    if not _on_postgresql(schema_editor):
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS klynge_append_only()")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_personal_fields_out_of_the_trail"),
    ]

    operations = [migrations.RunPython(add_triggers, drop_triggers)]
