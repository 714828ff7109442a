"""`klynge people anonymise`: people who left every body longer ago than the retention period."""

from typing import Any

from django.core.management.base import CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.command_line import KlyngeCommand, cli_actor, current_language
from klynge.core.danish import long_date
from klynge.governance.anonymisation import (
    Due,
    anonymise_due,
    due_for_anonymisation,
    retention_months,
)


def due_line(item: Due, language: str) -> str:
    return _("#%(id)s %(name)s → %(label)s (left on %(day)s)") % {
        "id": item.person.pk,
        "name": item.person.name,
        "label": item.label,
        "day": long_date(item.left_on, language),
    }


class Command(KlyngeCommand):
    def add_arguments(self, parser: CommandParser) -> None:
        chosen = self.subcommands(parser, "people_command", "{anonymise}")
        anonymise = self.subcommand(
            chosen,
            "anonymise",
            _(
                "anonymise the people whose last appointment ended longer ago than the retention "
                "period; without --apply it only shows who would be anonymised"
            ),
        )
        anonymise.add_argument(
            "--apply",
            action="store_true",
            help=_("anonymise them (cannot be undone); the daily »klynge remind« does it too"),
        )

    def run(self, **options: Any) -> int:
        language = current_language()
        months = retention_months()
        if not months:
            self.out(_("No retention period is set: nobody is anonymised."))
            return 0
        today = timezone.localdate()
        if options["apply"]:
            due = anonymise_due(acting_user=cli_actor(), today=today)
        else:
            due = due_for_anonymisation(today)
        for item in due:
            self.out(due_line(item, language))
        if not options["apply"]:
            self.out(
                _("Dry run – nothing was saved. Run with --apply to anonymise %(count)s.")
                % {"count": len(due)}
            )
        else:
            self.out(_("Anonymised: %(count)s.") % {"count": len(due)})
        return 0
