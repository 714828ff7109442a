"""What every `klynge` command shares: its parser, its language, its acting user, its exit status.

The commands are Django management commands in the apps that own them; `klynge.cli` is the console
script that picks the language and runs them. Their texts, argparse's own messages included, come
from the one gettext catalogue the pages use.
"""

import argparse
import datetime
import getpass
import gettext
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Protocol

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from klynge.core.i18n import DOMAIN, LOCALE_DIR, Language, gettext_noop, translate

if TYPE_CHECKING:
    from klynge.accounts.audit import SystemActor

# argparse's own messages that the Danish command line shows in Danish. argparse looks them up
# through Python's gettext in the global text domain (see `argparse_in`); marked here so that
# makemessages keeps them in the catalogue.
ARGPARSE_MESSAGES = (
    gettext_noop("usage: "),
    gettext_noop("%(prog)s: error: %(message)s\n"),
    gettext_noop("invalid choice: %(value)r (choose from %(choices)s)"),
    gettext_noop("the following arguments are required: %s"),
    gettext_noop("unrecognized arguments: %s"),
    gettext_noop("expected one argument"),
    gettext_noop("invalid %(type)s value: %(value)r"),
    gettext_noop("ambiguous option: %(option)s could match %(matches)s"),
    gettext_noop("not allowed with argument %s"),
)

# Django's own options (--verbosity, --settings, --traceback, --no-color, …) are left out of the
# commands' parsers, so that users never see them and they shadow no abbreviation of ours
# (`--t` is `--to`, not `--traceback`). Django's machinery still finds their values.
DJANGO_DEFAULTS: dict[str, object] = {
    "verbosity": 1,
    "settings": None,
    "pythonpath": None,
    "traceback": False,
    "no_color": False,
    "force_color": False,
    "skip_checks": True,
}


@contextmanager
def argparse_in(language: Language) -> Iterator[None]:
    """argparse's own messages in this language while the block runs.

    argparse translates through Python's gettext with the global text domain and the language
    the environment names (LANGUAGE), so both are set here and put back afterwards.
    """
    domain = gettext.textdomain()
    environment = os.environ.get("LANGUAGE")
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = language
    try:
        yield
    finally:
        gettext.textdomain(domain)
        if environment is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = environment


def current_language() -> Language:
    return "en" if (get_language() or "da").startswith("en") else "da"


def titled(
    parser: argparse.ArgumentParser, positionals: str, language: Language
) -> argparse.ArgumentParser:
    """Headings and a help option in the user's language (argparse's own say "show this help
    message"). Without Django, so that the top-level help needs no settings."""
    parser._positionals.title = translate(positionals, language)
    parser._optionals.title = translate(gettext_noop("options"), language)
    parser.add_argument(
        "-h",
        "--help",
        action="help",
        help=translate(gettext_noop("show this help and exit"), language),
    )
    return parser


class Subcommands(Protocol):
    def add_parser(self, name: str, **kwargs: Any) -> CommandParser: ...


class KlyngeCommand(BaseCommand):
    """A `klynge` command: its own help and headings, no Django options, an exit status.

    `run` returns the exit status: 0 ok, 1 the input or the checked state is not valid, 2 usage.
    Messages go to stdout and stderr as they are, without Django's colouring.
    """

    requires_system_checks: list[str] = []
    stealth_options = tuple(DJANGO_DEFAULTS)
    # Django reads this to decide between raising CommandError and printing it with exit 2.
    _called_from_command_line: bool | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from klynge.cli import COMMANDS

        # What the command does, as the top-level help says it, in the language of this run.
        self.help = translate(COMMANDS[self.__module__.rsplit(".", 1)[-1]].help, current_language())
        self.stderr.style_func = None  # None: no colouring, as Django does for a pipe

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = CommandParser(
            prog=f"{os.path.basename(prog_name)} {subcommand}",
            description=str(self.help),
            add_help=False,
            formatter_class=argparse.HelpFormatter,
            called_from_command_line=getattr(self, "_called_from_command_line", None),
        )
        titled(parser, gettext_noop("arguments"), current_language())
        self.add_arguments(parser)
        parser.set_defaults(**DJANGO_DEFAULTS)
        return parser

    def subcommands(self, parser: CommandParser, dest: str, names: str) -> Subcommands:
        chosen: Subcommands = parser.add_subparsers(dest=dest, metavar=names, required=True)
        return chosen

    def subcommand(self, chosen: Subcommands, name: str, text: str) -> CommandParser:
        sub = chosen.add_parser(
            name,
            help=text,
            description=text,
            add_help=False,
            formatter_class=argparse.HelpFormatter,
        )
        titled(sub, gettext_noop("arguments"), current_language())
        return sub

    def handle(self, *args: str, **options: Any) -> None:
        status = self.run(**options)
        if status:
            sys.exit(status)

    def run(self, **options: Any) -> int:
        raise NotImplementedError

    def out(self, text: str = "") -> None:
        self.stdout.write(text)

    def err(self, text: str) -> None:
        self.stderr.write(text)

    def print_problems(self, error: Any) -> None:
        for problem in error.problems:
            self.err(f"{error.source}: {problem.render(current_language())}")


def iso_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(_("invalid date: %(value)s") % {"value": value}) from None


def cli_actor() -> "SystemActor":
    """Commands that write act as a named system user, so the audit says who did it."""
    from klynge.accounts.audit import SystemActor

    return SystemActor(f"cli:{getpass.getuser()}")
