"""`klynge members import|export`: who sits where, in and out of a member file."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.command_line import KlyngeCommand, cli_actor, iso_date
from klynge.core.member_file import read_member_file, write_member_rows, write_member_workbook
from klynge.core.problems import InvalidInput
from klynge.governance.access import body_by_key
from klynge.governance.membership import import_members
from klynge.governance.reads import member_rows, members_on


class Command(KlyngeCommand):
    def add_arguments(self, parser: CommandParser) -> None:
        chosen = self.subcommands(parser, "members_command", "{import,export}")
        members_import = self.subcommand(
            chosen, "import", _("import appointments from CSV or XLSX (all rows or none)")
        )
        members_import.add_argument("file", metavar=_("FILE"), help=_("member file (CSV or XLSX)"))
        members_import.add_argument(
            "--dry-run", action="store_true", help=_("show what would change, saving nothing")
        )
        export = self.subcommand(chosen, "export", _("who sat where on a date"))
        export.add_argument(
            "--body",
            required=True,
            metavar=_("BODY"),
            help=_("the body's key, e.g. fsg (or CLUSTER/BODY)"),
        )
        export.add_argument(
            "--on",
            type=iso_date,
            help=_("the version in force on this date (YYYY-MM-DD; default today)"),
        )
        export.add_argument(
            "--format",
            choices=["csv", "xlsx", "json"],
            default="csv",
            help=_("format (default csv)"),
        )
        export.add_argument(
            "-o", "--output", metavar=_("FILE"), help=_("write to this file instead of stdout")
        )

    def run(self, **options: Any) -> int:
        if options["members_command"] == "import":
            return self.import_file(**options)
        return self.export(**options)

    def import_file(self, **options: Any) -> int:
        path = Path(options["file"])
        try:
            rows = read_member_file(path.read_bytes(), str(path))
            report = import_members(
                rows, source=str(path), acting_user=cli_actor(), dry_run=options["dry_run"]
            )
        except InvalidInput as error:
            self.print_problems(error)
            return 1
        except OSError as error:
            self.err(f"{path}: {error.strerror}")
            return 1
        self.out(
            _(
                "%(source)s: %(created)s new appointments, %(updated)s changed, "
                "%(unchanged)s unchanged; %(people)s new people."
            )
            % {
                "source": path.name,
                "created": len(report.created),
                "updated": len(report.updated),
                "unchanged": len(report.unchanged),
                "people": len(report.people_created),
            }
        )
        if options["dry_run"]:
            self.out(_("Dry run – nothing was saved."))
        return 0

    def export(self, **options: Any) -> int:
        try:
            body = body_by_key(options["body"])
        except Http404:
            self.err(_("%(key)s: unknown body") % {"key": options["body"]})
            return 1
        on = options["on"] or timezone.localdate()
        rows = member_rows(members_on(body, on), on)
        output: str | bytes
        if options["format"] == "json":
            document = {"body": body.key, "on": on.isoformat(), "members": rows}
            output = json.dumps(document, ensure_ascii=False) + "\n"
        elif options["format"] == "csv":
            output = write_member_rows(rows)
        elif not options["output"]:
            self.err(_("XLSX is written to a file: use -o FILE"))
            return 2
        else:
            output = write_member_workbook(rows)
        if options["output"]:
            target = Path(options["output"])
            if isinstance(output, bytes):
                target.write_bytes(output)
            else:
                target.write_text(output, encoding="utf-8", newline="")
            self.err(_("Wrote %(path)s") % {"path": target})
        else:
            assert isinstance(output, str)
            self.stdout.write(output, ending="")
        return 0
