"""The `klynge` console script: picks the language and runs the command asked for.

Each command is a Django management command in the app that owns it (`governance`: charter,
members, compliance, chairs, cluster, elections, people; `meetings`: remind; `web`: demo, serve); `worker`
and `manage` hand over to Django's `db_worker` and manage.py. Danish by default; `--lang en` or
KLYNGE_LANG=en for English. Exit status: 0 ok; 1 the input or the checked state is not valid;
2 usage error.

The top-level help, usage errors and `serve`'s check for a secret key need no settings, so they
work before the environment is right; Django is set up only to run a command.
"""

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from klynge.core.i18n import Language, gettext_noop, translate


@dataclass(frozen=True)
class Command:
    app: str  # the app whose management/commands/ holds it; "" for Django's own
    help: str  # English; translated when shown


# The order of the top-level help, the app that owns each command, and what it does.
COMMANDS: dict[str, Command] = {
    "demo": Command(
        "klynge.web",
        gettext_noop(
            "create the database, load the demo cluster and start a server with a background worker"
        ),
    ),
    "worker": Command("", gettext_noop("run background tasks (PDFs, e-mail, large imports)")),
    "cluster": Command("klynge.governance", gettext_noop("clusters in the database")),
    "charter": Command("klynge.governance", gettext_noop("the bodies' charters")),
    "members": Command(
        "klynge.governance", gettext_noop("members of the bodies: import and export")
    ),
    "compliance": Command(
        "klynge.governance", gettext_noop("check the bodies' composition against their charters")
    ),
    "chairs": Command("klynge.governance", gettext_noop("chair periods")),
    "people": Command(
        "klynge.governance",
        gettext_noop("people's personal data: anonymise those who left every body"),
    ),
    "remind": Command(
        "klynge.meetings", gettext_noop("send the reminders that are due (appointments that end)")
    ),
    "elections": Command(
        "klynge.governance",
        gettext_noop("municipal and regional elections and the council periods they start"),
    ),
    "serve": Command(
        "klynge.web",
        gettext_noop("production server (gunicorn) with settings from the environment"),
    ),
    "manage": Command("", gettext_noop("Django's manage.py commands")),
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
    from klynge.command_line import argparse_in
    from klynge.web.serving import NO_SECRET, secret_key_missing

    argv = list(sys.argv[1:] if argv is None else argv)
    chosen: Language = "en" if language(argv) == "en" else "da"
    with argparse_in(chosen):
        parser = top_level_parser(chosen)
        position = command_position(argv)
        if position is None or argv[position] not in COMMANDS:
            parser.parse_args(argv)  # prints the help or the usage error, and exits
            return 2
        name = argv[position]
        if name in ("manage", "worker"):
            parser.parse_args(argv[: position + 1])  # only --lang may come before them
        _head, unknown = parser.parse_known_args(argv[: position + 1])
        if name == "serve" and secret_key_missing():
            print(translate(NO_SECRET, chosen), file=sys.stderr)
            return 1
        if name == "demo":
            # The demo serves plain HTTP on the loopback interface; settings read this once.
            os.environ.setdefault("KLYNGE_HTTPS", "false")
        return run_with_django(name, argv[position + 1 :], unknown, parser, chosen)


def top_level_parser(chosen: Language) -> argparse.ArgumentParser:
    from klynge.command_line import titled

    parser = argparse.ArgumentParser(
        prog="klynge",
        description=translate(
            gettext_noop(
                "Klynge – the working system of a health cluster's committees and groups."
            ),
            chosen,
        ),
        add_help=False,
    )
    titled(parser, gettext_noop("commands"), chosen)
    parser.add_argument(
        "--lang",
        choices=["da", "en"],
        help=translate(gettext_noop("language of messages: da or en"), chosen),
    )
    commands = parser.add_subparsers(
        dest="command", metavar=translate(gettext_noop("COMMAND"), chosen), required=True
    )
    for name, command in COMMANDS.items():
        commands.add_parser(name, help=translate(command.help, chosen), add_help=False)
    return parser


def run_with_django(
    name: str,
    rest: list[str],
    unknown: list[str],
    parser: argparse.ArgumentParser,
    chosen: Language,
) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klynge.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as error:
        # A setting from the environment is wrong; its message names the variable.
        print(f"klynge: {error}", file=sys.stderr)
        return 1
    from django.core.management import call_command, execute_from_command_line, load_command_class
    from django.core.management.base import CommandError
    from django.utils import translation

    from klynge.command_line import KlyngeCommand

    with translation.override(chosen):
        if name == "manage":
            # What follows `manage` or `worker` goes to Django untouched, even words like options.
            execute_from_command_line(["klynge manage", *rest])
            return 0
        if name == "worker":
            call_command("db_worker", *rest)
            return 0
        command = load_command_class(COMMANDS[name].app, name)
        assert isinstance(command, KlyngeCommand)
        command._called_from_command_line = True
        options, unknown_to_command = command.create_parser("klynge", name).parse_known_args(rest)
        if unknown or unknown_to_command:
            parser.error(
                translate(gettext_noop("unrecognized arguments: %s"), chosen)
                % " ".join([*unknown, *unknown_to_command])
            )
        try:
            command.execute(**vars(options))
        except CommandError as error:
            print(f"klynge {name}: {error}", file=sys.stderr)
            return 1
        except SystemExit as exit:
            return exit_status(exit.code)
    return 0


def exit_status(code: object) -> int:
    """`sys.exit(code)` as the process would end: None is 0, a number itself, anything else 1."""
    if code is None:
        return 0
    return code if isinstance(code, int) else 1


if __name__ == "__main__":
    sys.exit(main())
