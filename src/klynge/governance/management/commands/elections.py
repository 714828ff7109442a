"""`klynge elections`: Danish municipal and regional elections and the council periods they start."""

import datetime
import json
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from klynge.command_line import KlyngeCommand
from klynge.core.elections import ALL, elections


class Command(KlyngeCommand):
    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--from",
            dest="from_year",
            type=int,
            metavar=_("YEAR"),
            help=_("from this year (default: 8 years ago)"),
        )
        parser.add_argument(
            "--to",
            dest="to_year",
            type=int,
            metavar=_("YEAR"),
            help=_("to this year (default: 8 years ahead)"),
        )
        parser.add_argument(
            "--json", action="store_true", help=_("print one JSON document on stdout")
        )

    def run(self, **options: Any) -> int:
        this_year = datetime.datetime.now(tz=datetime.UTC).year
        found = elections(
            options["from_year"] or this_year - 8, options["to_year"] or this_year + 8
        )
        if options["json"]:
            rows = [
                {
                    "date": e.date.isoformat(),
                    "period_start": e.period_start.isoformat(),
                    "period_end": e.period_end.isoformat(),
                    "applies_to": e.applies_to,
                }
                for e in found
            ]
            self.out(json.dumps({"elections": rows}, ensure_ascii=False))
            return 0
        for e in found:
            scope = "" if e.applies_to == ALL else _(" (only %(who)s)") % {"who": e.applies_to}
            self.out(
                _("%(date)s  election – council period %(start)s – %(end)s%(scope)s")
                % {
                    "date": e.date.isoformat(),
                    "start": e.period_start.isoformat(),
                    "end": e.period_end.isoformat(),
                    "scope": scope,
                }
            )
        return 0
