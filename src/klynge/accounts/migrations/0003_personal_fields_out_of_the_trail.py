"""Names, e-mail addresses and titles leave the audit trail: each person's and user's audit row
refers to a PersonHistory row by id instead (governance.person_history); apologies' rows keep
whether a reason was given, not its text. Runs before the trail becomes append-only."""

from typing import Any

from django.db import migrations


def forwards(apps: Any, schema_editor: Any) -> None:
    from klynge.governance.person_history import move_personal_fields_out, strip_apology_reasons

    move_personal_fields_out(
        apps.get_model("accounts", "AuditEntry"),
        apps.get_model("governance", "PersonHistory"),
        apps.get_model("governance", "Person"),
        apps.get_model("accounts", "User"),
    )
    strip_apology_reasons(apps.get_model("accounts", "AuditEntry"))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_access_log"),
        ("governance", "0009_person_history"),
    ]

    # One way: the values are in PersonHistory, and the trail is not written back.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
