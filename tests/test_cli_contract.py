"""The `klynge` command's contract, recorded: stdout, stderr and exit status of every subcommand.

Each case runs the console script's entry point (`klynge.cli.main`) in this process on fixed
inputs and compares what it printed with `tests/cli_contract/<case>.txt`, byte for byte. A change
to the command line that users or scripts would notice shows here first. After a deliberate
change, record again with `KLYNGE_RECORD_CLI=1 pytest tests/test_cli_contract.py` and read the diff.

`worker --help` and `manage --help` are Django's own (django-tasks-db's worker and manage.py's
list of commands) and are left out; `demo` and `worker` start servers and are tried as separate
processes in test_cli.py.
"""

import argparse
import gettext
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from klynge import cli

RECORDINGS = Path(__file__).parent / "cli_contract"
RECORD = os.environ.get("KLYNGE_RECORD_CLI") == "1"
CHARTERS = Path(cli.__file__).parent / "charters" / "goedstrup"

MEMBERS = (
    "organ;plads;organisation;navn;e-mail;start;slut;gennemgående;udpeget_af;stedfortræder_for;rolle\n"
    "fsg;hospitalsledelse;goedstrup;Søren Ødegaard;soren@rm.test;01-01-2026;;nej;;;formand\n"
    "fsg;kommune-fagdirektoer;657;Åse Holm;aase@herning.test;2026-01-01;;ja;;;formand\n"
    "fsg;almen-praksis;almen-praksis;Bo Lægård;bo@plo.test;2026-01-01;;nej;PLO;;\n"
    "fsg;patienter;patienter;Jens Aagaard;jens@pa.test;2026-01-01;;nej;PIU;;\n"
    "fsg;;herning;Kim Sekretær;kim@herning.test;2026-01-01;;;;;sekretariat\n"
)
BAD_MEMBERS = (
    "organ;plads;organisation;navn;e-mail;start\n"
    "fsg;hospitalsledelse;goedstrup;Søren Ødegaard;ikke-en-adresse;2026-01-01\n"
    "ukendt;plads;goedstrup;Bo;bo@plo.test;31-02-2026\n"
)
BAD_CHARTER = 'cluster = "goedstrup"\nbody = "fsg"\nversion = "to"\n'


@dataclass(frozen=True)
class Case:
    name: str
    argv: tuple[str, ...]
    data: str = "none"  # "none": an empty database; "cluster": loaded; "members": and MEMBERS
    env: tuple[tuple[str, str | None], ...] = ()


def helps() -> list[Case]:
    commands = [
        (),
        ("demo",),
        ("cluster",),
        ("cluster", "load"),
        ("charter",),
        ("charter", "list"),
        ("charter", "show"),
        ("charter", "validate"),
        ("charter", "import"),
        ("members",),
        ("members", "import"),
        ("members", "export"),
        ("compliance",),
        ("chairs",),
        ("chairs", "schedule"),
        ("remind",),
        ("elections",),
        ("serve",),
    ]
    cases = []
    for command in commands:
        name = "-".join(command) or "klynge"
        cases.append(Case(f"help-{name}", (*command, "--help")))
        cases.append(Case(f"help-{name}-en", ("--lang", "en", *command, "--help")))
    cases.append(Case("help-klynge-en-by-environment", ("-h",), env=(("KLYNGE_LANG", "en"),)))
    return cases


CASES = [
    *helps(),
    # usage errors: exit 2
    Case("usage-unknown-command", ("fest",)),
    Case("usage-unknown-command-en", ("--lang", "en", "fest")),
    Case("usage-missing-subcommand", ("charter",)),
    Case("usage-missing-option", ("chairs", "schedule", "--body", "fsg")),
    Case("usage-bad-date", ("compliance", "--on", "2026-13-01")),
    Case("usage-bad-date-en", ("--lang", "en", "members", "export", "--body", "fsg", "--on", "x")),
    Case("usage-bad-choice", ("charter", "show", "fsg", "--format", "docx")),
    Case("usage-unknown-option", ("elections", "--fra", "2020")),
    Case(
        "usage-not-a-number", ("chairs", "schedule", "--body", "fsg", "--from", "x", "--years", "2")
    ),
    # elections: no database
    Case("elections", ("elections", "--from", "2017", "--to", "2030")),
    Case("elections-json", ("elections", "--from", "2017", "--to", "2030", "--json")),
    Case("elections-en", ("--lang", "en", "elections", "--from", "2020", "--to", "2026")),
    # cluster load
    Case("cluster-load", ("cluster", "load", "goedstrup")),
    Case("cluster-load-again-en", ("--lang", "en", "cluster", "load", "goedstrup"), data="cluster"),
    Case("cluster-load-unknown", ("cluster", "load", "atlantis")),
    Case("cluster-load-bad-file", ("cluster", "load", "{tmp}/bad-cluster.toml")),
    # charters
    Case("charter-list-empty", ("charter", "list")),
    Case("charter-list", ("charter", "list"), data="cluster"),
    Case("charter-list-json", ("charter", "list", "--json"), data="cluster"),
    Case("charter-show-md", ("charter", "show", "fsg", "--on", "2026-03-01"), data="cluster"),
    Case(
        "charter-show-md-en",
        ("--lang", "en", "charter", "show", "goedstrup/sundhed-for-voksne", "--on", "2026-03-01"),
        data="cluster",
    ),
    Case(
        "charter-show-json",
        ("charter", "show", "fsg", "--format", "json", "--on", "2026-03-01"),
        data="cluster",
    ),
    Case(
        "charter-show-toml",
        ("charter", "show", "fsg", "--format", "toml", "--version", "1"),
        data="cluster",
    ),
    Case(
        "charter-show-html",
        ("charter", "show", "fog-boern-unge", "--format", "html", "--on", "2026-03-01"),
        data="cluster",
    ),
    Case(
        "charter-show-pdf-to-file",
        ("charter", "show", "fsg", "--format", "pdf", "--on", "2026-03-01", "-o", "{tmp}/fsg.pdf"),
        data="cluster",
    ),
    Case(
        "charter-show-pdf-needs-file", ("charter", "show", "fsg", "--format", "pdf"), data="cluster"
    ),
    Case("charter-show-unknown-body", ("charter", "show", "nsg"), data="cluster"),
    Case(
        "charter-show-no-version", ("charter", "show", "fsg", "--on", "2001-01-01"), data="cluster"
    ),
    Case(
        "charter-validate",
        ("charter", "validate", f"{CHARTERS}/fsg.toml", f"{CHARTERS}/sundhed-for-voksne.toml"),
    ),
    Case(
        "charter-validate-bad",
        (
            "charter",
            "validate",
            "{tmp}/bad-charter.toml",
            f"{CHARTERS}/fsg.toml",
            f"{CHARTERS}/fsg.toml",
        ),
    ),
    Case(
        "charter-validate-bad-en", ("--lang", "en", "charter", "validate", "{tmp}/bad-charter.toml")
    ),
    Case("charter-import-same", ("charter", "import", f"{CHARTERS}/fsg.toml"), data="cluster"),
    Case("charter-import-bad", ("charter", "import", "{tmp}/bad-charter.toml"), data="cluster"),
    # members
    Case("members-import", ("members", "import", "{tmp}/medlemmer.csv"), data="cluster"),
    Case(
        "members-import-dry-run-en",
        ("--lang", "en", "members", "import", "{tmp}/medlemmer.csv", "--dry-run"),
        data="cluster",
    ),
    Case("members-import-bad", ("members", "import", "{tmp}/forkert.csv"), data="cluster"),
    Case(
        "members-import-bad-en",
        ("--lang", "en", "members", "import", "{tmp}/forkert.csv"),
        data="cluster",
    ),
    Case(
        "members-import-missing-file",
        ("members", "import", "{tmp}/findes-ikke.csv"),
        data="cluster",
    ),
    Case(
        "members-export-csv",
        ("members", "export", "--body", "fsg", "--on", "2026-03-01"),
        data="members",
    ),
    Case(
        "members-export-json",
        ("members", "export", "--body", "fsg", "--on", "2026-03-01", "--format", "json"),
        data="members",
    ),
    Case(
        "members-export-xlsx",
        (
            "members",
            "export",
            "--body",
            "fsg",
            "--on",
            "2026-03-01",
            "--format",
            "xlsx",
            "-o",
            "{tmp}/fsg.xlsx",
        ),
        data="members",
    ),
    Case(
        "members-export-xlsx-needs-file",
        ("members", "export", "--body", "fsg", "--format", "xlsx"),
        data="members",
    ),
    Case("members-export-unknown-body", ("members", "export", "--body", "nsg"), data="members"),
    # compliance
    Case("compliance", ("compliance", "--on", "2026-03-01"), data="members"),
    Case("compliance-en", ("--lang", "en", "compliance", "--on", "2026-03-01"), data="members"),
    Case(
        "compliance-body-json",
        ("compliance", "--body", "fsg", "--on", "2026-03-01", "--json"),
        data="members",
    ),
    Case(
        "compliance-json-en",
        ("--lang", "en", "compliance", "--on", "2026-03-01", "--json"),
        data="members",
    ),
    Case("compliance-empty", ("compliance", "--on", "2026-03-01")),
    Case(
        "compliance-unknown-body",
        ("compliance", "--body", "nsg", "--on", "2026-03-01"),
        data="cluster",
    ),
    # chairs
    Case(
        "chairs-schedule",
        ("chairs", "schedule", "--body", "fsg", "--from", "2022", "--years", "8"),
        data="members",
    ),
    Case(
        "chairs-schedule-json",
        (
            "chairs",
            "schedule",
            "--body",
            "sundhed-for-voksne",
            "--from",
            "2024",
            "--years",
            "4",
            "--json",
        ),
        data="cluster",
    ),
    Case(
        "chairs-schedule-en",
        ("--lang", "en", "chairs", "schedule", "--body", "fsg", "--from", "2026", "--years", "4"),
        data="cluster",
    ),
    Case(
        "chairs-schedule-none",
        ("chairs", "schedule", "--body", "fog-boern-unge", "--from", "2026", "--years", "2"),
        data="cluster",
    ),
    Case(
        "chairs-schedule-unknown-body",
        ("chairs", "schedule", "--body", "nsg", "--from", "2026", "--years", "2"),
        data="cluster",
    ),
    # remind: an installation without people has nothing due, whatever the date
    Case("remind-dry-run", ("remind", "--dry-run"), data="cluster"),
    Case("remind", ("remind",), data="cluster"),
    Case("remind-en", ("--lang", "en", "remind"), data="cluster"),
    # serve and manage
    Case("serve-without-secret", ("serve",), env=(("KLYNGE_SECRET_KEY", None),)),
    Case("serve-without-secret-en", ("--lang", "en", "serve"), env=(("KLYNGE_SECRET_KEY", None),)),
    Case("manage-check", ("manage", "check")),
]


def run(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    argv = [arg.replace("{tmp}", str(tmp_path)) for arg in case.argv]
    try:
        status = cli.main(argv)
    except SystemExit as exit:
        status = exit.code if isinstance(exit.code, int) else 1
    out, err = capsys.readouterr()
    text = f"exit: {status}\n--- stdout\n{out}--- stderr\n{err}"
    return text.replace(str(tmp_path), "{tmp}").replace(str(CHARTERS), "{charters}")


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    (tmp_path / "medlemmer.csv").write_bytes(MEMBERS.encode("utf-8-sig"))
    (tmp_path / "forkert.csv").write_bytes(BAD_MEMBERS.encode("cp1252"))
    (tmp_path / "bad-charter.toml").write_text(BAD_CHARTER, encoding="utf-8")
    (tmp_path / "bad-cluster.toml").write_text('key = "x"\nname = \n', encoding="utf-8")
    return tmp_path


def load(data: str, tmp_path: Path) -> None:
    from klynge.accounts.audit import SystemActor
    from klynge.core.cluster import read_cluster_file, shipped_cluster_path
    from klynge.core.member_file import read_member_file
    from klynge.governance.membership import import_members
    from klynge.governance.services import load_cluster, load_shipped_charters

    if data == "none":
        return
    actor = SystemActor("test")
    load_cluster(read_cluster_file(shipped_cluster_path("goedstrup")), acting_user=actor)
    load_shipped_charters("goedstrup", acting_user=actor)
    if data == "members":
        rows = read_member_file(MEMBERS.encode("utf-8-sig"), "medlemmer.csv")
        import_members(rows, source="medlemmer.csv", acting_user=actor)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_the_command_line_prints_what_it_always_did(
    case: Case,
    inputs: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    db: None,
) -> None:
    # What a user's shell would give: a fixed width, no language chosen, argparse untouched.
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("KLYNGE_LANG", raising=False)
    monkeypatch.setenv("USER", "tester")
    monkeypatch.setattr("getpass.getuser", lambda: "tester")
    monkeypatch.setattr(argparse, "_", gettext.gettext)
    monkeypatch.setattr(argparse, "ngettext", gettext.ngettext)
    for name, value in case.env:
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    load(case.data, inputs)
    printed = run(case, inputs, capsys)
    recording = RECORDINGS / f"{case.name}.txt"
    if RECORD:
        RECORDINGS.mkdir(exist_ok=True)
        recording.write_bytes(printed.encode("utf-8"))
    assert printed == recording.read_bytes().decode("utf-8")
