"""The `klynge` console script: picks the language and runs the command asked for.

Each command is a Django management command in the app that owns it (`governance`: charter,
members, compliance, chairs, cluster, elections; `meetings`: remind; `web`: demo, serve); `worker`
and `manage` hand over to Django's `db_worker` and manage.py. Danish by default; `--lang en` or
KLYNGE_LANG=en for English. Exit status: 0 ok; 1 the input or the checked state is not valid;
2 usage error.
"""

import argparse
import os
import sys
from collections.abc import Sequence

# The order of the top-level help, and the app that owns each command.
COMMANDS: dict[str, str] = {
    "demo": "klynge.web",
    "worker": "",
    "cluster": "klynge.governance",
    "charter": "klynge.governance",
    "members": "klynge.governance",
    "compliance": "klynge.governance",
    "chairs": "klynge.governance",
    "remind": "klynge.meetings",
    "elections": "klynge.governance",
    "serve": "klynge.web",
    "manage": "",
}


def language(argv: Sequence[str]) -> str:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return "en" if argv[i + 1] == "en" else "da"
        if arg.startswith("--lang="):
            return "en" if arg.split("=", 1)[1] == "en" else "da"
    return "en" if os.environ.get("KLYNGE_LANG", "da").startswith("en") else "da"


def command_position(argv: Sequence[str]) -> int | None:
    """Where the command's name stands: the first word that is neither an option nor --lang's value."""
    after_lang = False
    for i, arg in enumerate(argv):
        if after_lang:
            after_lang = False
        elif arg == "--lang":
            after_lang = True
        elif not arg.startswith("-"):
            return i
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    position = command_position(argv)
    name = argv[position] if position is not None else None
    if name == "demo":
        # The demo serves plain HTTP on the loopback interface; settings read this once.
        os.environ.setdefault("KLYNGE_HTTPS", "false")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klynge.settings")
    import django

    django.setup()
    from django.utils import translation

    from klynge.command_line import argparse_in
    from klynge.core.i18n import Language

    chosen: Language = "en" if language(argv) == "en" else "da"
    with translation.override(chosen), argparse_in(chosen):
        return run(argv, position)


def top_level_parser() -> argparse.ArgumentParser:
    from django.core.management import load_command_class
    from django.utils.translation import gettext as _

    from klynge.command_line import titled

    parser = argparse.ArgumentParser(
        prog="klynge",
        description=_("Klynge – the working system of a health cluster's committees and groups."),
        add_help=False,
    )
    titled(parser, _("commands"))
    parser.add_argument("--lang", choices=["da", "en"], help=_("language of messages: da or en"))
    commands = parser.add_subparsers(dest="command", metavar=_("COMMAND"), required=True)
    django_commands = {
        "worker": _("run background tasks (PDFs, e-mail, large imports)"),
        "manage": _("Django's manage.py commands"),
    }
    for name, app in COMMANDS.items():
        text = str(load_command_class(app, name).help) if app else django_commands[name]
        commands.add_parser(name, help=text, add_help=False)
    return parser


def run(argv: list[str], position: int | None) -> int:
    from django.core.management import call_command, execute_from_command_line, load_command_class
    from django.utils.translation import gettext as _

    from klynge.command_line import KlyngeCommand

    parser = top_level_parser()
    if position is None:
        parser.parse_args(argv)  # prints the help or the usage error
        return 2
    head, rest = argv[: position + 1], argv[position + 1 :]
    name = argv[position]
    if name in ("manage", "worker") or name not in COMMANDS:
        # What follows `manage` or `worker` goes to Django untouched, even words like options.
        parser.parse_args(head)
        if name == "manage":
            execute_from_command_line(["klynge manage", *rest])
        else:
            call_command("db_worker", *rest)
        return 0
    _head, unknown = parser.parse_known_args(head)
    command = load_command_class(COMMANDS[name], name)
    assert isinstance(command, KlyngeCommand)
    command._called_from_command_line = True
    options, unknown_to_command = command.create_parser("klynge", name).parse_known_args(rest)
    if unknown or unknown_to_command:
        parser.error(_("unrecognized arguments: %s") % " ".join([*unknown, *unknown_to_command]))
    try:
        command.execute(**vars(options))
    except SystemExit as exit:
        return exit.code if isinstance(exit.code, int) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
