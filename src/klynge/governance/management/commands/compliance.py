"""`klynge compliance`: the bodies' composition checked against their charters."""

import json
from typing import Any

from django.core.management.base import CommandParser
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from klynge.command_line import KlyngeCommand, current_language, iso_date
from klynge.governance.access import body_by_key
from klynge.governance.compliance import findings_on
from klynge.governance.models import Body

SEVERITIES = {
    "error": gettext_lazy("error"),
    "warning": gettext_lazy("warning"),
    "info": gettext_lazy("info"),
}


class Command(KlyngeCommand):
    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--body", metavar=_("BODY"), help=_("this body only"))
        parser.add_argument(
            "--on",
            type=iso_date,
            help=_("the version in force on this date (YYYY-MM-DD; default today)"),
        )
        parser.add_argument(
            "--json", action="store_true", help=_("print one JSON document on stdout")
        )

    def run(self, **options: Any) -> int:
        on = options["on"] or timezone.localdate()
        if options["body"]:
            try:
                bodies = [body_by_key(options["body"])]
            except Http404:
                self.err(_("%(key)s: unknown body") % {"key": options["body"]})
                return 1
        else:
            bodies = list(
                Body.objects.select_related("cluster").order_by("cluster__key", "position")
            )
        found = findings_on(bodies, on)
        findings = [f for body in bodies for f in found[body.key]]
        language = current_language()
        if options["json"]:
            shown = [f.as_json(language) for f in findings]
            self.out(json.dumps({"on": on.isoformat(), "findings": shown}, ensure_ascii=False))
        else:
            if not findings:
                self.out(
                    _("Everything agrees with the charters on %(on)s.") % {"on": on.isoformat()}
                )
            for f in findings:
                severity = str(SEVERITIES[f.severity])
                self.out(
                    f"{f.body:<20} {f.clause:<14} {severity:<9} {f.rule:<26} {f.message(language, for_people=False)}"
                )
        return 1 if any(f.severity == "error" for f in findings) else 0
