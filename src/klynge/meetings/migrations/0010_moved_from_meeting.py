import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("meetings", "0009_search_index")]

    operations = [
        migrations.RemoveField(model_name="agendaitem", name="moved_from"),
        migrations.AddField(
            model_name="agendaitem",
            name="moved_from",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="meetings.meeting",
                verbose_name="moved from",
            ),
        ),
    ]
