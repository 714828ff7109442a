"""Case texts were plain text until the editor came; they are HTML now (rich_text.py)."""

from django.db import migrations


def plain_case_texts_to_html(apps, schema_editor):  # type: ignore[no-untyped-def]
    from klynge.meetings.rich_text import looks_like_html, plain_to_html

    AgendaItem = apps.get_model("meetings", "AgendaItem")
    changed = []
    for item in AgendaItem.objects.exclude(case_text="").only("pk", "case_text").iterator():
        if not looks_like_html(item.case_text):
            item.case_text = plain_to_html(item.case_text)
            changed.append(item)
    AgendaItem.objects.bulk_update(changed, ["case_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0007_minutes_documents_proposals")]

    operations = [
        migrations.RunPython(plain_case_texts_to_html, migrations.RunPython.noop, elidable=True)
    ]
