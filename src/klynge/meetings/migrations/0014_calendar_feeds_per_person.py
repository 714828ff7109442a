"""Body calendar feeds become one person's: each reader of a body has their own address for it.

The old body addresses were one token shared by everyone who read the body, so a person who left
kept it. They are removed: their URLs answer 404 from now on, and each reader makes their own.
"""

import django.db.models.deletion
from django.apps.registry import Apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def remove_shared_body_feeds(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("meetings", "CalendarFeed").objects.filter(person__isnull=True).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('governance', '0008_observers_and_public_pages'),
        ('meetings', '0013_closed_items_and_attachments'),
    ]

    operations = [
        migrations.RunPython(remove_shared_body_feeds, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name='calendarfeed',
            name='feed_of_person_or_body',
        ),
        migrations.AlterField(
            model_name='calendarfeed',
            name='body',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='feeds', to='governance.body'),
        ),
        migrations.AlterField(
            model_name='calendarfeed',
            name='person',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='feeds', to='governance.person'),
        ),
        migrations.AddConstraint(
            model_name='calendarfeed',
            constraint=models.UniqueConstraint(condition=models.Q(('body__isnull', True)), fields=('person',), name='feed_one_own_per_person'),
        ),
        migrations.AddConstraint(
            model_name='calendarfeed',
            constraint=models.UniqueConstraint(fields=('person', 'body'), name='feed_one_per_person_and_body'),
        ),
    ]
