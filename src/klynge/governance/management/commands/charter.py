"""`klynge charter list|show|validate|import`: the bodies' charters as documents and as data."""

import json
import tomllib
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.command_line import KlyngeCommand, cli_actor, current_language, iso_date
from klynge.core.charter import read_charter_file
from klynge.core.cluster import ClusterFile, read_cluster_file, shipped_cluster_path
from klynge.core.problems import InvalidInput, Problem
from klynge.governance.access import body_by_key
from klynge.governance.documents import charter_as
from klynge.governance.models import CharterVersion, Cluster
from klynge.governance.reads import charter_in_force, charter_of
from klynge.governance.services import CharterRefused, cluster_file_of, import_charter


class Command(KlyngeCommand):
    def add_arguments(self, parser: CommandParser) -> None:
        chosen = self.subcommands(parser, "charter_command", "{list,show,validate,import}")
        listing = self.subcommand(chosen, "list", _("charters with body, version and approval"))
        listing.add_argument(
            "--json", action="store_true", help=_("print one JSON document on stdout")
        )
        show = self.subcommand(chosen, "show", _("show a charter as a document or as data"))
        show.add_argument(
            "slug", metavar=_("BODY"), help=_("the body's key, e.g. fsg (or CLUSTER/BODY)")
        )
        show.add_argument(
            "--format",
            choices=["md", "html", "pdf", "json", "toml"],
            default="md",
            help=_("format (default md)"),
        )
        show.add_argument(
            "-o", "--output", metavar=_("FILE"), help=_("write to this file instead of stdout")
        )
        show.add_argument(
            "--on",
            type=iso_date,
            help=_("the version in force on this date (YYYY-MM-DD; default today)"),
        )
        show.add_argument("--version", type=int, help=_("a particular version"))
        validate = self.subcommand(
            chosen,
            "validate",
            _("check charter files against the schema, each other and the cluster file"),
        )
        validate.add_argument("files", nargs="+", metavar=_("FILE"), help=_("charter files (TOML)"))
        charter_import = self.subcommand(
            chosen, "import", _("import a new version of a body's charter")
        )
        charter_import.add_argument("file", metavar=_("FILE"), help=_("charter file (TOML)"))

    def run(self, **options: Any) -> int:
        run = {
            "list": self.list,
            "show": self.show,
            "validate": self.validate,
            "import": self.import_file,
        }[options["charter_command"]]
        return run(**options)

    def list(self, **options: Any) -> int:
        rows = CharterVersion.objects.select_related("body__cluster").order_by(
            "body__cluster__key", "body__position", "version"
        )
        charters: list[dict[str, Any]] = [
            {
                "cluster": row.body.cluster.key,
                "body": row.body.key,
                "title": row.title,
                "version": row.version,
                "in_force_from": row.in_force_from.isoformat(),
                "in_force_until": row.in_force_until.isoformat() if row.in_force_until else None,
                "approved_by": row.approved_by or None,
                "approved_on": row.approved_on.isoformat() if row.approved_on else None,
                "approval_precision": row.approval_precision,
            }
            for row in rows
        ]
        if options["json"]:
            self.out(json.dumps({"charters": charters}, ensure_ascii=False))
            return 0
        if not charters:
            self.out(_("No charters."))
        for c in charters:
            approved = approval_date(c["approved_on"], c["approval_precision"])
            until = f" – {c['in_force_until']}" if c["in_force_until"] else ""
            self.out(
                f"{c['body']:<22} v{c['version']:<3} {c['in_force_from']}{until:<13}  "
                f"{approved or '?':<10}  {c['title']}"
            )
        return 0

    def show(self, **options: Any) -> int:
        try:
            body = body_by_key(options["slug"])
        except Http404:
            self.err(_("%(key)s: unknown body") % {"key": options["slug"]})
            return 1
        on = options["on"] or timezone.localdate()
        if options["version"]:
            row = CharterVersion.objects.filter(body=body, version=options["version"]).first()
        else:
            row = charter_in_force(body, on)
        if row is None:
            self.err(
                _("%(key)s: no charter in force on %(on)s")
                % {"key": options["slug"], "on": on.isoformat()}
            )
            return 1
        charter = charter_of(row)
        if options["format"] == "pdf" and not options["output"]:
            self.err(_("PDF is written to a file: use -o FILE"))
            return 2
        output = charter_as(row, charter, options["format"], current_language())
        if options["output"]:
            target = Path(options["output"])
            if isinstance(output, bytes):
                target.write_bytes(output)
            else:
                target.write_text(output, encoding="utf-8")
            self.err(_("Wrote %(path)s") % {"path": target})
        else:
            assert isinstance(output, str)
            self.stdout.write(output, ending="")
        return 0

    def validate(self, **options: Any) -> int:
        """Checks the files against each other and the shipped cluster file, never the database."""
        failed = False
        seen: dict[tuple[str, str, int], str] = {}
        clusters: dict[str, ClusterFile | None] = {}
        for name in options["files"]:
            path = Path(name)
            cluster_key = cluster_key_of(path)
            if cluster_key not in clusters:
                shipped = shipped_cluster_path(cluster_key) if cluster_key else None
                clusters[cluster_key] = (
                    read_cluster_file(shipped) if shipped and shipped.exists() else None
                )
            try:
                charter = read_charter_file(path, clusters[cluster_key])
            except InvalidInput as error:
                self.print_problems(error)
                failed = True
                continue
            key = (charter.cluster, charter.body, charter.version)
            if key in seen:
                problem = Problem(
                    "version",
                    "same_version_twice",
                    {"body": charter.body, "version": charter.version, "other": seen[key]},
                )
                self.err(f"{name}: {problem.render(current_language())}")
                failed = True
            seen[key] = name
        if failed:
            return 1
        self.out(_("%(count)s charter file(s) are valid.") % {"count": len(options["files"])})
        return 0

    def import_file(self, **options: Any) -> int:
        path = Path(options["file"])
        # Checked against the cluster as the database holds it, as the upload in the web is.
        cluster = Cluster.objects.filter(key=cluster_key_of(path)).first()
        cluster_file = cluster_file_of(cluster) if cluster else None
        try:
            charter = read_charter_file(path, cluster_file)
            version, created = import_charter(charter, acting_user=cli_actor())
        except InvalidInput as error:
            self.print_problems(error)
            return 1
        except CharterRefused as refusal:
            problem = Problem("", refusal.code, refusal.params)
            self.err(f"{path}: {problem.render(current_language())}")
            return 1
        if created:
            done = _("%(body)s version %(version)s imported (in force from %(start)s).")
        else:
            done = _(
                "%(body)s version %(version)s exists already with the same content; nothing changed."
            )
        self.out(
            done
            % {
                "body": charter.body,
                "version": version.version,
                "start": version.in_force_from.isoformat(),
            }
        )
        return 0


def approval_date(on: str | None, precision: str) -> str:
    if on is None or precision == "unknown":
        return "?"
    return {"month": on[:7], "year": on[:4]}.get(precision, on)


def cluster_key_of(path: Path) -> str:
    """The cluster a charter file names, or "" when the file cannot be read (reported later)."""
    try:
        return str(tomllib.loads(path.read_text(encoding="utf-8")).get("cluster", ""))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return ""
