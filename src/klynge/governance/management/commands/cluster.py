"""`klynge cluster load`: a shipped cluster, or a cluster file, into the database."""

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from klynge.command_line import KlyngeCommand, cli_actor
from klynge.core.cluster import read_cluster_file, shipped_cluster_names, shipped_cluster_path
from klynge.core.problems import InvalidInput
from klynge.governance.services import load_cluster, load_shipped_charters, load_short_charters


class Command(KlyngeCommand):
    def add_arguments(self, parser: CommandParser) -> None:
        chosen = self.subcommands(parser, "cluster_command", "{load}")
        load = self.subcommand(
            chosen, "load", _("load a cluster from its cluster file (organisations, bodies)")
        )
        load.add_argument(
            "name",
            metavar=_("NAME"),
            help=_("the name of a shipped cluster (%(names)s) or the path of a cluster file")
            % {"names": ", ".join(shipped_cluster_names())},
        )
        load.add_argument(
            "--demo-data",
            action="store_true",
            help=_("also load fictional demo data (users to sign in with)"),
        )

    def run(self, **options: Any) -> int:
        name: str = options["name"]
        path = Path(name)
        if not path.suffix:
            if name not in shipped_cluster_names():
                names = ", ".join(shipped_cluster_names())
                self.err(
                    _("%(name)s: unknown cluster; shipped clusters: %(names)s")
                    % {"name": name, "names": names}
                )
                return 1
            path = shipped_cluster_path(name)
        try:
            cluster_file = read_cluster_file(path)
        except InvalidInput as error:
            self.print_problems(error)
            return 1
        report = load_cluster(cluster_file, acting_user=cli_actor())
        self.out(
            _(
                "Loaded the cluster %(name)s: %(created)s created, %(updated)s changed, "
                "%(unchanged)s unchanged."
            )
            % {
                "name": cluster_file.name,
                "created": len(report.created),
                "updated": len(report.updated),
                "unchanged": report.unchanged,
            }
        )
        if path.parent == shipped_cluster_path(cluster_file.key).parent:
            charters = load_shipped_charters(cluster_file.key, acting_user=cli_actor())
        else:
            charters = load_short_charters(cluster_file, acting_user=cli_actor())
        self.out(_("Charters imported: %(count)s.") % {"count": len(charters)})
        if options["demo_data"]:
            from klynge.demo import load_demo_data, load_demo_members

            created = load_demo_data(acting_user=cli_actor())
            self.out(_("Demo users created: %(count)s.") % {"count": len(created)})
            appointed = load_demo_members(acting_user=cli_actor())
            self.out(_("Demo appointments created: %(count)s.") % {"count": len(appointed.created)})
        return 0
