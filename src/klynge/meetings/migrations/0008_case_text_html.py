"""Case texts were plain text until the editor came; they are HTML now (rich_text.py).

The test for HTML and the conversion are copied here as they were when this migration was
written, so that later changes to rich_text.py cannot change what it does to a database."""

import html
import re

from django.db import migrations

_TAG = re.compile(r"<[a-zA-Z!/]")


def looks_like_html(text: str) -> bool:
    return bool(_TAG.search(text))


def plain_to_html(text: str) -> str:
    """Plain text as HTML: a blank line starts a paragraph, a single newline is a line break."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [p.strip("\n") for p in re.split(r"\n[ \t]*\n", text)]
    return "".join(
        "<p>" + "<br>".join(html.escape(line, quote=False) for line in p.split("\n")) + "</p>"
        for p in paragraphs
        if p.strip()
    )


def plain_case_texts_to_html(apps, schema_editor):  # type: ignore[no-untyped-def]
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
