"""The `klynge` command (docs/interfaces.md, "Command line"). Danish by default; `--lang en`
for English.

Exit status: 0 ok; 1 the input or the checked state is not valid; 2 usage error.
"""

import argparse
import datetime
import getpass
import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

Texts = dict[str, tuple[str, str]]

TEXTS: Texts = {
    "description": (
        "Klynge – arbejdssystemet for sundhedsklyngens udvalg og grupper.",
        "Klynge – the working system of a health cluster's committees and groups.",
    ),
    "usage": ("brug: ", "usage: "),
    "commands": ("kommandoer", "commands"),
    "arguments": ("argumenter", "arguments"),
    "options": ("tilvalg", "options"),
    "help": ("vis denne hjælp og afslut", "show this help and exit"),
    "lang": ("sprog for beskeder: da eller en", "language of messages: da or en"),
    "error": ("fejl", "error"),
    "demo": (
        "opret databasen, indlæs demo-klyngen og start en server med baggrundsarbejder",
        "create the database, load the demo cluster and start a server with a background worker",
    ),
    "demo_port": ("porten serveren lytter på (standard 8000)", "port to serve on (default 8000)"),
    "demo_fresh": (
        "slet demo-databasen og begynd forfra",
        "delete the demo database and start afresh",
    ),
    "worker": (
        "kør baggrundsopgaver (PDF'er, e-mails, store importer)",
        "run background tasks (PDFs, e-mail, large imports)",
    ),
    "cluster": ("klynger i databasen", "clusters in the database"),
    "cluster_load": (
        "indlæs en klynge fra dens klyngefil (organisationer, organer)",
        "load a cluster from its cluster file (organisations, bodies)",
    ),
    "cluster_name": (
        "navnet på en medfølgende klynge ({names}) eller stien til en klyngefil",
        "the name of a shipped cluster ({names}) or the path of a cluster file",
    ),
    "demo_data": (
        "indlæs også fiktive demo-data (brugere til log-ind)",
        "also load fictional demo data (users to sign in with)",
    ),
    "serve": (
        "produktionsserver (gunicorn) med indstillinger fra miljøet",
        "production server (gunicorn) with settings from the environment",
    ),
    "manage": ("Djangos manage.py-kommandoer", "Django's manage.py commands"),
    "unknown_cluster": (
        "{name}: ukendt klynge; medfølgende klynger: {names}",
        "{name}: unknown cluster; shipped clusters: {names}",
    ),
    "loaded": (
        "Klyngen {name} er indlæst: {created} oprettet, {updated} ændret, {unchanged} uændret.",
        "Loaded the cluster {name}: {created} created, {updated} changed, {unchanged} unchanged.",
    ),
    "demo_users": ("Demo-brugere oprettet: {count}.", "Demo users created: {count}."),
    "demo_members": ("Demo-udpegninger oprettet: {count}.", "Demo appointments created: {count}."),
    "no_secret": (
        "KLYNGE_SECRET_KEY er ikke sat. En produktionsserver skal have sin egen hemmelige nøgle "
        "(se README.md, Konfiguration).",
        "KLYNGE_SECRET_KEY is not set. A production server needs its own secret key "
        "(see README.md, Configuration).",
    ),
    "no_static": (
        "De statiske filer er ikke samlet. Kør først: klynge manage collectstatic --noinput",
        "The static files have not been collected. First run: klynge manage collectstatic --noinput",
    ),
    "preparing": ("Forbereder databasen …", "Preparing the database …"),
    "fresh": ("Sletter demo-databasen …", "Deleting the demo database …"),
    "static": ("Samler statiske filer …", "Collecting static files …"),
    "serving": (
        "Klynge kører på http://127.0.0.1:{port}/ – stop med Ctrl+C.",
        "Klynge is running at http://127.0.0.1:{port}/ – stop with Ctrl+C.",
    ),
    "sign_ins": (
        "Demo-log-ind (adgangskode: {password}):",
        "Demo sign-ins (password: {password}):",
    ),
    "mail_dir": (
        "E-mails (fx invitationer) gemmes som filer i {path}",
        "E-mails (invitations, for example) are saved as files in {path}",
    ),
    "stopped": ("Klynge er stoppet.", "Klynge has stopped."),
    "elections": (
        "kommunal- og regionsvalg og de valgperioder, de indleder",
        "municipal and regional elections and the council periods they start",
    ),
    "from_year": (
        "fra og med dette år (standard: 8 år tilbage)",
        "from this year (default: 8 years ago)",
    ),
    "to_year": (
        "til og med dette år (standard: 8 år frem)",
        "to this year (default: 8 years ahead)",
    ),
    "election_row": (
        "{date}  valg – valgperiode {start} – {end}{scope}",
        "{date}  election – council period {start} – {end}{scope}",
    ),
    "only_for": (" (kun {who})", " (only {who})"),
    "members": (
        "medlemmer af organerne: indlæs og udlæs",
        "members of the bodies: import and export",
    ),
    "members_import": (
        "indlæs udpegninger fra CSV eller XLSX (alle rækker eller ingen)",
        "import appointments from CSV or XLSX (all rows or none)",
    ),
    "members_export": ("hvem sad hvor på en dato", "who sat where on a date"),
    "dry_run": (
        "vis hvad der ville ændre sig, uden at gemme",
        "show what would change, saving nothing",
    ),
    "export_format": ("format (standard csv)", "format (default csv)"),
    "members_done": (
        "{source}: {created} nye udpegninger, {updated} ændrede, {unchanged} uændrede; {people} nye personer.",
        "{source}: {created} new appointments, {updated} changed, {unchanged} unchanged; {people} new people.",
    ),
    "dry_run_done": ("Prøvekørsel – intet er gemt.", "Dry run – nothing was saved."),
    "xlsx_needs_file": (
        "XLSX skrives til en fil: brug -o FIL",
        "XLSX is written to a file: use -o FILE",
    ),
    "compliance": (
        "kontrollér organernes sammensætning mod deres kommissorier",
        "check the bodies' composition against their charters",
    ),
    "body_filter": ("kun dette organ", "this body only"),
    "no_findings": (
        "Alt stemmer med kommissorierne {on}.",
        "Everything agrees with the charters on {on}.",
    ),
    "severity_error": ("fejl", "error"),
    "severity_warning": ("advarsel", "warning"),
    "severity_info": ("info", "info"),
    "chairs": ("formandskabets perioder", "chair periods"),
    "chairs_schedule": (
        "formandskabets perioder: tidligere, nuværende og planlagte",
        "chair periods: past, current and planned",
    ),
    "chairs_from": ("fra 1. januar dette år", "from 1 January of this year"),
    "chairs_years": ("så mange år frem", "this many years on"),
    "chair_row": (
        "{start} – {end}  region: {region:<14} kommune: {municipal:<20} {how}",
        "{start} – {end}  region: {region:<14} municipality: {municipal:<20} {how}",
    ),
    "chosen": ("valgt", "chosen"),
    "planned": ("efter rotationen", "by the rotation"),
    "not_recorded": ("(ikke registreret)", "(not recorded)"),
    "no_chair_periods": (
        "{key}: organet har ingen formandsperioder",
        "{key}: the body has no chair periods",
    ),
    "remind": (
        "send de påmindelser, der er forfaldne (udpegninger, der udløber)",
        "send the reminders that are due (appointments that end)",
    ),
    "remind_row": (
        "{body}: {count} udpegning(er) udløber – til {to}",
        "{body}: {count} appointment(s) ending – to {to}",
    ),
    "remind_nobody": ("ingen i sekretariatet", "nobody in the secretariat"),
    "remind_agenda_row": (
        "{body}: dagsordenen til mødet {day} skal udsendes senest {deadline} → {to}",
        "{body}: the agenda for the meeting on {day} is due by {deadline} → {to}",
    ),
    "remind_minutes_row": (
        "{body}: referatet af mødet {day} skal offentliggøres senest {deadline} → {to}",
        "{body}: the minutes of the meeting on {day} are due by {deadline} → {to}",
    ),
    "remind_action_row": (
        "{body}: opgaven »{title}« fra mødet {day} har frist {deadline} → {to}",
        '{body}: the action "{title}" from the meeting on {day} is due by {deadline} → {to}',
    ),
    "reminders_sent": ("Påmindelser sendt: {count}.", "Reminders sent: {count}."),
    "charter": ("organernes kommissorier", "the bodies' charters"),
    "charter_list": (
        "kommissorier med organ, version og godkendelse",
        "charters with body, version and approval",
    ),
    "charter_show": (
        "vis et kommissorium som dokument eller data",
        "show a charter as a document or as data",
    ),
    "charter_validate": (
        "kontrollér kommissoriefiler mod skemaet, hinanden og klyngefilen",
        "check charter files against the schema, each other and the cluster file",
    ),
    "charter_import": (
        "indlæs en ny version af et organs kommissorium",
        "import a new version of a body's charter",
    ),
    "json": ("skriv ét JSON-dokument på stdout", "print one JSON document on stdout"),
    "slug": (
        "organets nøgle, fx fsg (eller KLYNGE/ORGAN)",
        "the body's key, e.g. fsg (or CLUSTER/BODY)",
    ),
    "format": ("format (standard md)", "format (default md)"),
    "output": ("skriv til denne fil i stedet for stdout", "write to this file instead of stdout"),
    "on": (
        "versionen i kraft på denne dato (ÅÅÅÅ-MM-DD; standard i dag)",
        "the version in force on this date (YYYY-MM-DD; default today)",
    ),
    "version": ("en bestemt version", "a particular version"),
    "files": ("kommissoriefiler (TOML)", "charter files (TOML)"),
    "file": ("kommissoriefil (TOML)", "charter file (TOML)"),
    "unknown_body": ("{key}: ukendt organ", "{key}: unknown body"),
    "no_version": (
        "{key}: intet kommissorium i kraft {on}",
        "{key}: no charter in force on {on}",
    ),
    "pdf_needs_file": (
        "PDF skrives til en fil: brug -o FIL",
        "PDF is written to a file: use -o FILE",
    ),
    "valid": ("{count} kommissoriefil(er) er gyldige.", "{count} charter file(s) are valid."),
    "imported": (
        "{body} version {version} er indlæst (i kraft fra {start}).",
        "{body} version {version} imported (in force from {start}).",
    ),
    "already": (
        "{body} version {version} findes allerede med samme indhold; intet ændret.",
        "{body} version {version} exists already with the same content; nothing changed.",
    ),
    "written": ("Skrev {path}", "Wrote {path}"),
    "charters_loaded": ("Kommissorier indlæst: {count}.", "Charters imported: {count}."),
    "no_charters": ("Ingen kommissorier.", "No charters."),
    "bad_date": ("ugyldig dato: {value}", "invalid date: {value}"),
}


def language(argv: Sequence[str]) -> str:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return "en" if argv[i + 1] == "en" else "da"
        if arg.startswith("--lang="):
            return "en" if arg.split("=", 1)[1] == "en" else "da"
    return "en" if os.environ.get("KLYNGE_LANG", "da").startswith("en") else "da"


# argparse's own messages, for the Danish command line (argparse looks them up through `_`).
ARGPARSE_DANISH = {
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "ugyldigt valg: %(value)r (vælg blandt %(choices)s)",
    "the following arguments are required: %s": "disse argumenter mangler: %s",
    "unrecognized arguments: %s": "ukendte argumenter: %s",
    "expected one argument": "forventede ét argument",
    "invalid %(type)s value: %(value)r": "ugyldig %(type)s-værdi: %(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "tvetydigt tilvalg: %(option)s kan betyde %(matches)s",
    "not allowed with argument %s": "ikke tilladt sammen med %s",
}


class Messages:
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, text_key: str, /, **params: Any) -> str:
        danish, english = TEXTS[text_key]
        return (english if self.lang == "en" else danish).format(**params)


class Parser(argparse.ArgumentParser):
    """argparse with its headings and errors in the user's language."""

    messages: Messages

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: {self.messages('error')}: {message}\n")


def _formatter(messages: Messages) -> type[argparse.HelpFormatter]:
    class Formatter(argparse.HelpFormatter):
        def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: Any = None) -> None:
            super().add_usage(
                usage, actions, groups, messages("usage") if prefix is None else prefix
            )

    return Formatter


def build_parser(messages: Messages) -> Parser:
    from klynge.core.cluster import shipped_cluster_names

    formatter = _formatter(messages)

    def new_parser(**kwargs: Any) -> Parser:
        parser = Parser(add_help=False, formatter_class=formatter, **kwargs)
        parser.messages = messages
        parser._positionals.title = messages("commands")
        parser._optionals.title = messages("options")
        parser.add_argument("-h", "--help", action="help", help=messages("help"))
        return parser

    parser = new_parser(prog="klynge", description=messages("description"))
    parser.add_argument("--lang", choices=["da", "en"], help=messages("lang"))
    commands = parser.add_subparsers(dest="command", metavar="KOMMANDO", required=True)
    if messages.lang == "en":
        commands.metavar = "COMMAND"

    def command(name: str, help_key: str, parent: Any = commands) -> Parser:
        sub: Parser = parent.add_parser(
            name,
            help=messages(help_key),
            description=messages(help_key),
            add_help=False,
            formatter_class=formatter,
        )
        sub.messages = messages
        sub._positionals.title = messages("arguments")
        sub._optionals.title = messages("options")
        sub.add_argument("-h", "--help", action="help", help=messages("help"))
        return sub

    demo = command("demo", "demo")
    demo.add_argument("--port", type=int, default=8000, help=messages("demo_port"))
    demo.add_argument("--fresh", action="store_true", help=messages("demo_fresh"))

    worker = command("worker", "worker")
    worker.add_argument("worker_args", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)

    cluster = command("cluster", "cluster")
    cluster_commands = cluster.add_subparsers(
        dest="cluster_command", metavar="{load}", required=True
    )
    load = command("load", "cluster_load", cluster_commands)
    load.add_argument(
        "name",
        metavar="NAVN" if messages.lang == "da" else "NAME",
        help=messages("cluster_name", names=", ".join(shipped_cluster_names())),
    )
    load.add_argument("--demo-data", action="store_true", help=messages("demo_data"))

    charter = command("charter", "charter")
    charter_commands = charter.add_subparsers(
        dest="charter_command", metavar="{list,show,validate,import}", required=True
    )
    charter_list = command("list", "charter_list", charter_commands)
    charter_list.add_argument("--json", action="store_true", help=messages("json"))
    show = command("show", "charter_show", charter_commands)
    show.add_argument(
        "slug", metavar="ORGAN" if messages.lang == "da" else "BODY", help=messages("slug")
    )
    show.add_argument(
        "--format",
        choices=["md", "html", "pdf", "json", "toml"],
        default="md",
        help=messages("format"),
    )
    show.add_argument(
        "-o",
        "--output",
        metavar="FIL" if messages.lang == "da" else "FILE",
        help=messages("output"),
    )
    show.add_argument("--on", type=_date(messages), help=messages("on"))
    show.add_argument("--version", type=int, help=messages("version"))
    validate = command("validate", "charter_validate", charter_commands)
    validate.add_argument(
        "files",
        nargs="+",
        metavar="FIL" if messages.lang == "da" else "FILE",
        help=messages("files"),
    )
    charter_import = command("import", "charter_import", charter_commands)
    charter_import.add_argument(
        "file", metavar="FIL" if messages.lang == "da" else "FILE", help=messages("file")
    )

    members = command("members", "members")
    member_commands = members.add_subparsers(
        dest="members_command", metavar="{import,export}", required=True
    )
    members_import = command("import", "members_import", member_commands)
    members_import.add_argument(
        "file", metavar="FIL" if messages.lang == "da" else "FILE", help=messages("file")
    )
    members_import.add_argument("--dry-run", action="store_true", help=messages("dry_run"))
    members_export = command("export", "members_export", member_commands)
    members_export.add_argument(
        "--body",
        required=True,
        metavar="ORGAN" if messages.lang == "da" else "BODY",
        help=messages("slug"),
    )
    members_export.add_argument("--on", type=_date(messages), help=messages("on"))
    members_export.add_argument(
        "--format", choices=["csv", "xlsx", "json"], default="csv", help=messages("export_format")
    )
    members_export.add_argument(
        "-o",
        "--output",
        metavar="FIL" if messages.lang == "da" else "FILE",
        help=messages("output"),
    )

    compliance = command("compliance", "compliance")
    compliance.add_argument(
        "--body", metavar="ORGAN" if messages.lang == "da" else "BODY", help=messages("body_filter")
    )
    compliance.add_argument("--on", type=_date(messages), help=messages("on"))
    compliance.add_argument("--json", action="store_true", help=messages("json"))

    chairs = command("chairs", "chairs")
    chair_commands = chairs.add_subparsers(
        dest="chairs_command", metavar="{schedule}", required=True
    )
    chair_schedule = command("schedule", "chairs_schedule", chair_commands)
    chair_schedule.add_argument(
        "--body",
        required=True,
        metavar="ORGAN" if messages.lang == "da" else "BODY",
        help=messages("slug"),
    )
    chair_schedule.add_argument(
        "--from",
        dest="from_year",
        type=int,
        required=True,
        metavar="ÅR" if messages.lang == "da" else "YEAR",
        help=messages("chairs_from"),
    )
    chair_schedule.add_argument(
        "--years", type=int, required=True, metavar="N", help=messages("chairs_years")
    )
    chair_schedule.add_argument("--json", action="store_true", help=messages("json"))

    remind = command("remind", "remind")
    remind.add_argument("--dry-run", action="store_true", help=messages("dry_run"))

    elections = command("elections", "elections")
    elections.add_argument(
        "--from",
        dest="from_year",
        type=int,
        metavar="ÅR" if messages.lang == "da" else "YEAR",
        help=messages("from_year"),
    )
    elections.add_argument(
        "--to",
        dest="to_year",
        type=int,
        metavar="ÅR" if messages.lang == "da" else "YEAR",
        help=messages("to_year"),
    )
    elections.add_argument("--json", action="store_true", help=messages("json"))

    command("serve", "serve")
    manage = command("manage", "manage")
    manage.add_argument("manage_args", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    return parser


def _date(messages: Messages) -> Callable[[str], datetime.date]:
    def parse(value: str) -> datetime.date:
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise argparse.ArgumentTypeError(messages("bad_date", value=value)) from None

    return parse


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klynge.settings")
    import django

    django.setup()


def _cli_actor() -> Any:
    from klynge.accounts.audit import SystemActor

    return SystemActor(f"cli:{getpass.getuser()}")


def cmd_cluster_load(args: argparse.Namespace, messages: Messages) -> int:
    from klynge.core.cluster import read_cluster_file, shipped_cluster_names, shipped_cluster_path
    from klynge.core.problems import InvalidInput

    path = Path(args.name)
    if not path.suffix:
        if args.name not in shipped_cluster_names():
            names = ", ".join(shipped_cluster_names())
            print(messages("unknown_cluster", name=args.name, names=names), file=sys.stderr)
            return 1
        path = shipped_cluster_path(args.name)
    try:
        cluster_file = read_cluster_file(path)
    except InvalidInput as error:
        for problem in error.problems:
            print(f"{error.source}: {problem.render(messages.lang)}", file=sys.stderr)  # type: ignore[arg-type]
        return 1
    _setup_django()
    from klynge.governance.services import load_cluster

    report = load_cluster(cluster_file, acting_user=_cli_actor())
    print(
        messages(
            "loaded",
            name=cluster_file.name,
            created=len(report.created),
            updated=len(report.updated),
            unchanged=report.unchanged,
        )
    )
    from klynge.governance.services import load_shipped_charters, load_short_charters

    if path.parent == shipped_cluster_path(cluster_file.key).parent:
        charters = load_shipped_charters(cluster_file.key, acting_user=_cli_actor())
    else:
        charters = load_short_charters(cluster_file, acting_user=_cli_actor())
    print(messages("charters_loaded", count=len(charters)))
    if args.demo_data:
        from klynge.demo import load_demo_data

        created = load_demo_data(acting_user=_cli_actor())
        print(messages("demo_users", count=len(created)))
        from klynge.demo import load_demo_members

        report = load_demo_members(acting_user=_cli_actor())
        print(messages("demo_members", count=len(report.created)))  # type: ignore[attr-defined]
    return 0


def cmd_manage(args: argparse.Namespace, messages: Messages) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klynge.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["klynge manage", *args.manage_args])
    return 0


def cmd_worker(args: argparse.Namespace, messages: Messages) -> int:
    _setup_django()
    from django.core.management import call_command

    call_command("db_worker", *args.worker_args)
    return 0


def _gunicorn(bind: str, workers: int) -> list[str]:
    return [
        sys.executable, "-m", "gunicorn", "klynge.wsgi:application",
        "--bind", bind, "--workers", str(workers),
        "--access-logfile", "-", "--error-logfile", "-", "--no-control-socket",
        "--forwarded-allow-ips", os.environ.get("KLYNGE_FORWARDED_ALLOW_IPS", "127.0.0.1"),
    ]  # fmt: skip


def _static_collected() -> bool:
    from django.conf import settings

    return (Path(settings.STATIC_ROOT) / "staticfiles.json").exists()


def cmd_serve(args: argparse.Namespace, messages: Messages) -> int:
    if not (os.environ.get("KLYNGE_SECRET_KEY") or os.environ.get("KLYNGE_SECRET_KEY_FILE")):
        print(messages("no_secret"), file=sys.stderr)
        return 1
    _setup_django()
    if not _static_collected():
        print(messages("no_static"), file=sys.stderr)
        return 1
    bind = os.environ.get("KLYNGE_BIND", "0.0.0.0:8000")
    workers = int(os.environ.get("KLYNGE_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
    os.execv(sys.executable, _gunicorn(bind, workers))


def _static_fingerprint() -> str:
    """Changes whenever a static file that collectstatic would copy is added or changed."""
    import hashlib

    from django.contrib.staticfiles.finders import get_finders

    digest = hashlib.sha256()
    for finder in get_finders():
        for path, storage in finder.list([]):
            digest.update(f"{path}:{storage.get_modified_time(path).timestamp()}".encode())
    return digest.hexdigest()


def cmd_demo(args: argparse.Namespace, messages: Messages) -> int:
    # The demo serves plain HTTP on the loopback interface.
    os.environ.setdefault("KLYNGE_HTTPS", "false")
    _setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from klynge.demo import DEMO_PASSWORD, demo_sign_ins

    if args.fresh:
        print(messages("fresh"), file=sys.stderr)
        if connection.vendor == "sqlite":
            connection.close()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{settings.DATABASES['default']['NAME']}{suffix}").unlink(missing_ok=True)
        else:
            call_command("flush", interactive=False, verbosity=0)
    print(messages("preparing"), file=sys.stderr)
    call_command("migrate", interactive=False, verbosity=0)
    status = cmd_cluster_load(argparse.Namespace(name="goedstrup", demo_data=True), messages)
    if status:
        return status
    fingerprint_file = Path(settings.STATIC_ROOT) / ".klynge-fingerprint"
    fingerprint = _static_fingerprint()
    if not fingerprint_file.exists() or fingerprint_file.read_text() != fingerprint:
        print(messages("static"), file=sys.stderr)
        call_command("collectstatic", interactive=False, verbosity=0, clear=True)
        fingerprint_file.write_text(fingerprint)
    connection.close()

    klynge = [sys.executable, "-m", "klynge.cli"]
    worker = subprocess.Popen([*klynge, "worker"])
    server = subprocess.Popen(_gunicorn(f"127.0.0.1:{args.port}", 2))
    print()
    print(messages("serving", port=args.port))
    print(messages("sign_ins", password=DEMO_PASSWORD))
    for role, email in demo_sign_ins():
        print(f"  {role:<28} {email}")
    mailer = settings.MAILERS["default"]
    if mailer["BACKEND"].endswith("filebased.EmailBackend"):
        print(messages("mail_dir", path=mailer["OPTIONS"]["file_path"]))
    print(flush=True)
    return _wait_for(server, worker, messages)


def _wait_for(
    server: subprocess.Popen[bytes], worker: subprocess.Popen[bytes], messages: Messages
) -> int:
    def stop(*_: Any) -> None:
        for process in (server, worker):
            if process.poll() is None:
                process.terminate()

    signal.signal(signal.SIGTERM, stop)
    try:
        while server.poll() is None and worker.poll() is None:
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    stop()
    for process in (server, worker):
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
    print(messages("stopped"), file=sys.stderr)
    return 0


def _print_problems(error: Any, messages: Messages) -> None:
    for problem in error.problems:
        print(f"{error.source}: {problem.render(messages.lang)}", file=sys.stderr)


def cmd_charter(args: argparse.Namespace, messages: Messages) -> int:
    if args.charter_command == "validate":
        return _charter_validate(args, messages)
    _setup_django()
    return {"list": _charter_list, "show": _charter_show, "import": _charter_import}[
        args.charter_command
    ](args, messages)


def _cluster_key_of(path: Path) -> str:
    """The cluster a charter file names, or "" when the file cannot be read (reported later)."""
    import tomllib

    try:
        return str(tomllib.loads(path.read_text(encoding="utf-8")).get("cluster", ""))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return ""


def _charter_validate(args: argparse.Namespace, messages: Messages) -> int:
    from klynge.core.charter import read_charter_file
    from klynge.core.cluster import read_cluster_file, shipped_cluster_path
    from klynge.core.problems import InvalidInput, Problem

    failed = False
    seen: dict[tuple[str, str, int], str] = {}
    clusters: dict[str, Any] = {}
    for name in args.files:
        path = Path(name)
        cluster_key = _cluster_key_of(path)
        if cluster_key not in clusters:
            shipped = shipped_cluster_path(cluster_key) if cluster_key else None
            clusters[cluster_key] = (
                read_cluster_file(shipped) if shipped and shipped.exists() else None
            )
        try:
            charter = read_charter_file(path, clusters[cluster_key])
        except InvalidInput as error:
            _print_problems(error, messages)
            failed = True
            continue
        key = (charter.cluster, charter.body, charter.version)
        if key in seen:
            problem = Problem(
                "version",
                "same_version_twice",
                {"body": charter.body, "version": charter.version, "other": seen[key]},
            )
            print(f"{name}: {problem.render(messages.lang)}", file=sys.stderr)  # type: ignore[arg-type]
            failed = True
        seen[key] = name
    if failed:
        return 1
    print(messages("valid", count=len(args.files)))
    return 0


def _charter_list(args: argparse.Namespace, messages: Messages) -> int:
    from klynge.governance.models import CharterVersion

    rows = CharterVersion.objects.select_related("body__cluster").order_by(
        "body__cluster__key", "body__position", "version"
    )
    charters = [
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
    if args.json:
        print(json.dumps({"charters": charters}, ensure_ascii=False))
        return 0
    if not charters:
        print(messages("no_charters"))
    for c in charters:
        approved = _approval_date(c["approved_on"], c["approval_precision"])
        until = f" – {c['in_force_until']}" if c["in_force_until"] else ""
        print(
            f"{c['body']:<22} v{c['version']:<3} {c['in_force_from']}{until:<13}  {approved or '?':<10}  {c['title']}"
        )
    return 0


def _approval_date(on: str | None, precision: str) -> str:
    if on is None or precision == "unknown":
        return "?"
    return {"month": on[:7], "year": on[:4]}.get(precision, on)


def _charter_show(args: argparse.Namespace, messages: Messages) -> int:
    from django.http import Http404

    from klynge.governance.documents import charter_as
    from klynge.governance.models import CharterVersion
    from klynge.governance.reads import access_body, charter_in_force, charter_of

    try:
        body = access_body(args.slug)
    except Http404:
        print(messages("unknown_body", key=args.slug), file=sys.stderr)
        return 1
    from django.utils import timezone

    on = args.on or timezone.localdate()
    if args.version:
        row = CharterVersion.objects.filter(body=body, version=args.version).first()
    else:
        row = charter_in_force(body, on)
    if row is None:
        print(messages("no_version", key=args.slug, on=on.isoformat()), file=sys.stderr)
        return 1
    charter = charter_of(row)
    if args.format == "pdf" and not args.output:
        print(messages("pdf_needs_file"), file=sys.stderr)
        return 2
    output = charter_as(row, charter, args.format, messages.lang)
    if args.output:
        target = Path(args.output)
        if isinstance(output, bytes):
            target.write_bytes(output)
        else:
            target.write_text(output, encoding="utf-8")
        print(messages("written", path=target), file=sys.stderr)
    else:
        assert isinstance(output, str)
        sys.stdout.write(output)
    return 0


def _charter_import(args: argparse.Namespace, messages: Messages) -> int:
    from klynge.core.charter import read_charter_file
    from klynge.core.problems import InvalidInput, Problem
    from klynge.governance.models import Cluster
    from klynge.governance.services import CharterRefused, cluster_file_of, import_charter

    path = Path(args.file)
    # Checked against the cluster as the database holds it, as the upload in the web is.
    cluster = Cluster.objects.filter(key=_cluster_key_of(path)).first()
    cluster_file = cluster_file_of(cluster) if cluster else None
    try:
        charter = read_charter_file(path, cluster_file)
        version, created = import_charter(charter, acting_user=_cli_actor())
    except InvalidInput as error:
        _print_problems(error, messages)
        return 1
    except CharterRefused as refusal:
        problem = Problem("", refusal.code, refusal.params)
        print(f"{path}: {problem.render(messages.lang)}", file=sys.stderr)  # type: ignore[arg-type]
        return 1
    key = messages(
        "imported" if created else "already",
        body=charter.body,
        version=version.version,
        start=version.in_force_from.isoformat(),
    )
    print(key)
    return 0


def cmd_members(args: argparse.Namespace, messages: Messages) -> int:
    _setup_django()
    return (
        _members_import(args, messages)
        if args.members_command == "import"
        else _members_export(args, messages)
    )


def _members_import(args: argparse.Namespace, messages: Messages) -> int:
    from klynge.core.member_file import read_member_file
    from klynge.core.problems import InvalidInput
    from klynge.governance.membership import import_members

    path = Path(args.file)
    try:
        rows = read_member_file(path.read_bytes(), str(path))
        report = import_members(
            rows, source=str(path), acting_user=_cli_actor(), dry_run=args.dry_run
        )
    except InvalidInput as error:
        _print_problems(error, messages)
        return 1
    except OSError as error:
        print(f"{path}: {error.strerror}", file=sys.stderr)
        return 1
    print(
        messages(
            "members_done",
            source=path.name,
            created=len(report.created),
            updated=len(report.updated),
            unchanged=len(report.unchanged),
            people=len(report.people_created),
        )
    )
    if args.dry_run:
        print(messages("dry_run_done"))
    return 0


def _members_export(args: argparse.Namespace, messages: Messages) -> int:
    from django.http import Http404
    from django.utils import timezone

    from klynge.core.member_file import COLUMNS, write_member_rows
    from klynge.governance.membership import member_rows, members_on
    from klynge.governance.reads import access_body

    try:
        body = access_body(args.body)
    except Http404:
        print(messages("unknown_body", key=args.body), file=sys.stderr)
        return 1
    on = args.on or timezone.localdate()
    rows = member_rows(members_on(body, on), on)
    if args.format == "json":
        output: str | bytes = (
            json.dumps(
                {"body": body.key, "on": on.isoformat(), "members": rows}, ensure_ascii=False
            )
            + "\n"
        )
    elif args.format == "csv":
        output = write_member_rows(rows)
    else:
        if not args.output:
            print(messages("xlsx_needs_file"), file=sys.stderr)
            return 2
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.append(list(COLUMNS))
        for row in rows:
            sheet.append([row[c] for c in COLUMNS])
        buffer = io.BytesIO()
        book.save(buffer)
        output = buffer.getvalue()
    if args.output:
        target = Path(args.output)
        if isinstance(output, bytes):
            target.write_bytes(output)
        else:
            target.write_text(output, encoding="utf-8", newline="")
        print(messages("written", path=target), file=sys.stderr)
    else:
        assert isinstance(output, str)
        sys.stdout.write(output)
    return 0


def cmd_compliance(args: argparse.Namespace, messages: Messages) -> int:
    _setup_django()
    from django.http import Http404
    from django.utils import timezone

    from klynge.governance.compliance import findings_on
    from klynge.governance.models import Body
    from klynge.governance.reads import access_body

    on = args.on or timezone.localdate()
    if args.body:
        try:
            bodies = [access_body(args.body)]
        except Http404:
            print(messages("unknown_body", key=args.body), file=sys.stderr)
            return 1
    else:
        bodies = list(Body.objects.select_related("cluster").order_by("cluster__key", "position"))
    found = findings_on(bodies, on)
    findings = [f for body in bodies for f in found[body.key]]
    if args.json:
        print(
            json.dumps(
                {"on": on.isoformat(), "findings": [f.as_json(messages.lang) for f in findings]},
                ensure_ascii=False,
            )
        )
    elif not findings:
        print(messages("no_findings", on=on.isoformat()))
    for f in [] if args.json else findings:
        severity = messages(f"severity_{f.severity}")
        print(f"{f.body:<20} {f.clause:<14} {severity:<9} {f.rule:<26} {f.message(messages.lang)}")
    return 1 if any(f.severity == "error" for f in findings) else 0


def cmd_chairs(args: argparse.Namespace, messages: Messages) -> int:
    _setup_django()
    from django.http import Http404

    from klynge.governance.chairs import schedule
    from klynge.governance.reads import access_body

    try:
        body = access_body(args.body)
    except Http404:
        print(messages("unknown_body", key=args.body), file=sys.stderr)
        return 1
    start = datetime.date(args.from_year, 1, 1)
    end = datetime.date(args.from_year + args.years, 1, 1) - datetime.timedelta(days=1)
    found = schedule(body, start, end)
    if args.json:
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
        print(json.dumps({"body": body.key, "periods": periods}, ensure_ascii=False))
        return 0
    if not found:
        print(messages("no_chair_periods", key=body.key))
    missing = messages("not_recorded")
    for p in found:
        print(
            messages(
                "chair_row",
                start=p.start.isoformat(),
                end=p.end.isoformat(),
                region=p.region_chair or missing,
                municipal=p.municipal_chair or missing,
                how=messages("chosen" if p.chosen else "planned"),
            )
        )
    return 0


def cmd_remind(args: argparse.Namespace, messages: Messages) -> int:
    _setup_django()
    from django.utils import timezone

    from klynge.governance.reminders import send_reminders
    from klynge.meetings.reminders import send_agenda_reminders, send_follow_up_reminders

    today = timezone.localdate()
    reminders = send_reminders(today, dry_run=args.dry_run)
    for r in reminders:
        to = ", ".join(r.recipients) or messages("remind_nobody")
        print(messages("remind_row", body=r.body.key, count=len(r.appointments), to=to))
    agendas = send_agenda_reminders(today, dry_run=args.dry_run)
    for a in agendas:
        to = ", ".join(a.recipients) or messages("remind_nobody")
        print(
            messages(
                "remind_agenda_row",
                body=a.meeting.body.key,
                day=a.meeting.date.isoformat(),
                deadline=a.deadline.isoformat(),
                to=to,
            )
        )
    follow_ups = send_follow_up_reminders(today, dry_run=args.dry_run)
    for f in follow_ups:
        print(
            messages(
                f"remind_{f.kind}_row",
                body=f.meeting.body.key,
                day=f.meeting.date.isoformat(),
                deadline=f.deadline.isoformat(),
                title=f.action.title if f.action else "",
                to=", ".join(f.recipients) or messages("remind_nobody"),
            )
        )
    if args.dry_run:
        print(messages("dry_run_done"))
    else:
        told = [r for r in [*reminders, *agendas, *follow_ups] if r.recipients]
        print(messages("reminders_sent", count=len(told)))
    return 0


def cmd_elections(args: argparse.Namespace, messages: Messages) -> int:
    from klynge.core.elections import ALL, elections

    this_year = datetime.datetime.now(tz=datetime.UTC).year
    found = elections(args.from_year or this_year - 8, args.to_year or this_year + 8)
    if args.json:
        rows = [
            {
                "date": e.date.isoformat(),
                "period_start": e.period_start.isoformat(),
                "period_end": e.period_end.isoformat(),
                "applies_to": e.applies_to,
            }
            for e in found
        ]
        print(json.dumps({"elections": rows}, ensure_ascii=False))
        return 0
    for e in found:
        scope = "" if e.applies_to == ALL else messages("only_for", who=e.applies_to)
        print(
            messages(
                "election_row",
                date=e.date.isoformat(),
                start=e.period_start.isoformat(),
                end=e.period_end.isoformat(),
                scope=scope,
            )
        )
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace, Messages], int]] = {
    "elections": cmd_elections,
    "members": cmd_members,
    "compliance": cmd_compliance,
    "chairs": cmd_chairs,
    "remind": cmd_remind,
    "charter": cmd_charter,
    "demo": cmd_demo,
    "worker": cmd_worker,
    "cluster": cmd_cluster_load,
    "serve": cmd_serve,
    "manage": cmd_manage,
}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    messages = Messages(language(argv))
    if messages.lang == "da":
        argparse._ = lambda text: ARGPARSE_DANISH.get(text, text)  # type: ignore[attr-defined]
    os.environ.setdefault("KLYNGE_LANG", messages.lang)
    if messages.lang == "en":
        os.environ["KLYNGE_LANG"] = "en"
    # Positionals after `manage`/`worker` go to Django untouched, even ones that look like options.
    for passthrough in ("manage", "worker"):
        if passthrough in argv:
            i = argv.index(passthrough)
            head, tail = argv[: i + 1], argv[i + 1 :]
            args = build_parser(messages).parse_args(head)
            setattr(args, f"{passthrough}_args", tail)
            return COMMANDS[passthrough](args, messages)
    args = build_parser(messages).parse_args(argv)
    return COMMANDS[args.command](args, messages)


if __name__ == "__main__":
    sys.exit(main())
