"""`klynge chairs schedule`: a body's chair periods, past, current and planned."""

import datetime
import json
from typing import Any

from django.core.management.base import CommandParser
from django.http import Http404
from django.utils.translation import gettext as _

from klynge.command_line import KlyngeCommand
from klynge.governance.access import body_by_key
from klynge.governance.chairs import schedule


class Command(KlyngeCommand):
    def add_arguments(self, parser: CommandParser) -> None:
        chosen = self.subcommands(parser, "chairs_command", "{schedule}")
        periods = self.subcommand(chosen, "schedule", _("chair periods: past, current and planned"))
        periods.add_argument(
            "--body",
            required=True,
            metavar=_("BODY"),
            help=_("the body's key, e.g. fsg (or CLUSTER/BODY)"),
        )
        periods.add_argument(
            "--from",
            dest="from_year",
            type=int,
            required=True,
            metavar=_("YEAR"),
            help=_("from 1 January of this year"),
        )
        periods.add_argument(
            "--years", type=int, required=True, metavar="N", help=_("this many years on")
        )
        periods.add_argument(
            "--json", action="store_true", help=_("print one JSON document on stdout")
        )

    def run(self, **options: Any) -> int:
        try:
            body = body_by_key(options["body"])
        except Http404:
            self.err(_("%(key)s: unknown body") % {"key": options["body"]})
            return 1
        start = datetime.date(options["from_year"], 1, 1)
        end = datetime.date(options["from_year"] + options["years"], 1, 1) - datetime.timedelta(
            days=1
        )
        found = schedule(body, start, end)
        if options["json"]:
            periods = [
                {
                    "start": p.start.isoformat(),
                    "end": p.end.isoformat(),
                    "region_chair": p.region_chair,
                    "municipal_chair": p.municipal_chair,
                    "chosen": p.chosen,
                }
                for p in found
            ]
            self.out(json.dumps({"body": body.key, "periods": periods}, ensure_ascii=False))
            return 0
        if not found:
            self.out(_("%(key)s: the body has no chair periods") % {"key": body.key})
        missing = _("(not recorded)")
        for p in found:
            self.out(
                _(
                    "%(start)s – %(end)s  region: %(region)-14s municipality: %(municipal)-20s %(how)s"
                )
                % {
                    "start": p.start.isoformat(),
                    "end": p.end.isoformat(),
                    "region": p.region_chair or missing,
                    "municipal": p.municipal_chair or missing,
                    "how": _("chosen") if p.chosen else _("by the rotation"),
                }
            )
        return 0
