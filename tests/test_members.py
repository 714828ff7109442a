"""`klynge members import | export`: member files as Danish offices export them, all rows or none."""

import datetime
import io
import json
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from klynge.accounts.audit import SystemActor
from klynge.accounts.models import AuditEntry
from klynge.core.member_file import read_member_file
from klynge.core.problems import InvalidInput
from klynge.governance.membership import import_members
from klynge.governance.models import Appointment, Body, Person
from klynge.governance.reads import members_on

DANISH_HEADER = "organ;plads;organisation;navn;e-mail;start;slut;gennemgående;udpeget_af;stedfortræder_for;rolle"
ROWS = [
    "fsg;hospitalsledelse;goedstrup;Søren Ødegaard;Soren@RM.test;01-01-2022;;nej;;;formand",
    "fsg;kommune-fagdirektoer;657;Åse Holm;aase@herning.test;2022-01-01;;ja;;;",
    "fsg;almen-praksis;almen-praksis;Bo Lægård;bo@plo.test;2022-01-01;;nej;plo;;",
    "fsg;almen-praksis;almen-praksis;Ea Stedfortræder;ea@plo.test;2022-01-01;;nej;PLO;bo@plo.test;",
    "fsg;;herning;Kim Sekretær;kim@herning.test;2022-01-01;;;;;sekretariat",
]


def csv_bytes(lines: list[str], encoding: str = "utf-8-sig") -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def run(content: bytes, dry_run: bool = False) -> object:
    rows = read_member_file(content, "medlemmer.csv")
    return import_members(
        rows, source="medlemmer.csv", acting_user=SystemActor("cli:test"), dry_run=dry_run
    )


def test_a_danish_semicolon_file_with_bom(charters: object) -> None:
    report = run(csv_bytes([DANISH_HEADER, *ROWS]))
    assert report.created == [2, 3, 4, 5, 6] and len(report.people_created) == 5  # type: ignore[attr-defined]
    soren = Appointment.objects.get(person__email="soren@rm.test")
    assert (soren.seat, soren.role, soren.organisation.key) == (
        "hospitalsledelse",
        "chair",
        "goedstrup",
    )  # type: ignore[union-attr]
    # No end given: the charter's term (§ 4) follows the election period.
    assert soren.end == datetime.date(2025, 12, 31) and soren.end_from_term
    aase = Appointment.objects.get(person__email="aase@herning.test")
    assert aase.organisation.municipality_code == "657" and aase.continuing  # type: ignore[union-attr]
    ea = Appointment.objects.get(person__email="ea@plo.test")
    assert ea.substitute_for.email == "bo@plo.test" and ea.appointing_body.key == "plo"  # type: ignore[union-attr]
    kim = Appointment.objects.get(person__email="kim@herning.test")
    assert (kim.seat, kim.role) == ("", "secretariat")
    assert (
        AuditEntry.objects.filter(action="appointment.create", actor_label="cli:test").count() == 5
    )


def test_windows_1252_from_danish_excel(charters: object) -> None:
    run(csv_bytes([DANISH_HEADER, *ROWS[:2]], encoding="cp1252"))
    assert Person.objects.get(email="aase@herning.test").name == "Åse Holm"
    assert Person.objects.get(email="soren@rm.test").name == "Søren Ødegaard"


def test_commas_english_headers_and_xlsx(charters: object) -> None:
    english = (
        "body,seat,organisation,name,email,start,end,continuing,appointed_by,substitute_for,role"
    )
    run(
        csv_bytes(
            [
                english,
                "fsg,psykiatriledelse,psykiatrien,Ib Ravn,ib@ps.test,2023-02-01,2025-12-31,false,,,",
            ],
            "utf-8",
        )
    )
    book = Workbook()
    sheet = book.active
    sheet.append(["organ", "plads", "organisation", "navn", "e-mail", "start", "gennemgående"])
    sheet.append(
        [
            "sundhed-for-voksne",
            "kommune",
            "struer",
            "Lis Berg",
            "lis@struer.test",
            datetime.datetime(2024, 3, 1),  # noqa: DTZ001 - Excel dates carry no time zone
            "ja",
        ]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    run(buffer.getvalue())
    lis = Appointment.objects.get(person__email="lis@struer.test")
    assert (
        lis.start == datetime.date(2024, 3, 1) and lis.continuing and lis.end is None
    )  # no term rule in 004
    assert Appointment.objects.get(person__email="ib@ps.test").end == datetime.date(2025, 12, 31)


def test_all_rows_or_none_and_every_error_names_row_and_column(charters: object) -> None:
    bad = [
        DANISH_HEADER,
        ROWS[0],
        "fsx;;;Y;y@x.dk;2022-01-01;;;;;",
        "fsg;borgmester;;Z;z@x.dk;2023-01-01;;;;;",
        "fsg;kommune-fagdirektoer;999;Q;q@x.dk;2023-01-01;;;;;",
        "fsg;almen-praksis;almen-praksis;R;r@x.dk;2023-01-01;;;;ukendt@x.dk;",
    ]
    with pytest.raises(InvalidInput) as raised:
        run(csv_bytes(bad))
    assert [p.render("da") for p in raised.value.problems] == [
        "række 3, kolonne organ: ukendt organ: »fsx«",
        "række 4, kolonne plads: Faglig Strategisk Gruppe har ingen plads »borgmester« i det "
        "kommissorium, der gælder på startdatoen",
        "række 5, kolonne organisation: ukendt organisation: »999«",
        "række 6, kolonne stedfortræder_for: ukendt@x.dk er hverken i filen eller i Klynge",
    ]
    assert raised.value.problems[0].render("en") == "row 3, column organ: unknown body: »fsx«"
    assert not Appointment.objects.exists() and not Person.objects.exists()


def test_values_are_checked_before_the_database(charters: object) -> None:
    bad = [
        DANISH_HEADER,
        "fsg;hospitalsledelse;goedstrup;X;x@y.dk;31-02-2022;;måske;;;boss",
        "fsg;;;Y;ikke-en-mail;2022-01-01;2021-01-01;;;;",
    ]
    with pytest.raises(InvalidInput) as raised:
        run(csv_bytes(bad))
    assert [p.render("da") for p in raised.value.problems] == [
        "række 2, kolonne start: »31-02-2022« er ikke en dato (ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ)",
        "række 2, kolonne gennemgående: »måske« skal være ja eller nej",
        "række 2, kolonne rolle: »boss« er ikke en rolle (tom, medformand, sekretariat, kontaktperson eller observatør)",
        "række 3, kolonne slut: slutter, før den begynder",
        "række 3, kolonne e-mail: »ikke-en-mail« er ikke en e-mailadresse",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"organ;navn\x00", "filen indeholder NUL-tegn"),
        ("organ;navn".encode("utf-16"), "filen er gemt som UTF-16"),
        (
            b"organ;navn\r\nfsg;K\x81rt",
            "filen er hverken UTF-8 eller Windows-1252 (byte 0x81 er ikke defineret)",
        ),
        (b"organ;navn;e-mail\r\n", "række 1: kolonnen start mangler"),
    ],
)
def test_files_that_cannot_be_read_are_refused_with_a_reason(content: bytes, message: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        read_member_file(content, "fil.csv")
    assert message in raised.value.render("da")


def test_dry_run_saves_nothing_and_a_second_import_changes_nothing(charters: object) -> None:
    content = csv_bytes([DANISH_HEADER, *ROWS])
    report = run(content, dry_run=True)
    assert len(report.created) == 5 and not Appointment.objects.exists()  # type: ignore[attr-defined]
    run(content)
    audit_rows = AuditEntry.objects.count()
    again = run(content)
    assert again.created == [] and again.unchanged == [2, 3, 4, 5, 6]  # type: ignore[attr-defined]
    assert AuditEntry.objects.count() == audit_rows
    changed = run(csv_bytes([DANISH_HEADER, ROWS[1].replace(";;ja;", ";2024-06-30;ja;")]))
    assert changed.updated == [2]  # type: ignore[attr-defined]
    assert Appointment.objects.get(person__email="aase@herning.test").end == datetime.date(
        2024, 6, 30
    )


def test_who_sat_where_on_a_date(charters: object) -> None:
    run(
        csv_bytes(
            [
                DANISH_HEADER,
                *ROWS,
                "fsg;kommune-fagdirektoer;657;Ulla Ny;ulla@herning.test;2026-01-01;;nej;;;",
            ]
        )
    )
    fsg = Body.objects.get(key="fsg")
    on_2023 = {a.person.email for a in members_on(fsg, datetime.date(2023, 5, 1))}
    assert "aase@herning.test" in on_2023 and "ulla@herning.test" not in on_2023
    on_2026 = {a.person.email for a in members_on(fsg, datetime.date(2026, 5, 1))}
    assert on_2026 == {"ulla@herning.test"}


def test_the_command_line_imports_and_exports(tmp_path: Path, db: None) -> None:
    from tests.helpers import klynge

    klynge("cluster", "load", "goedstrup")
    members = tmp_path / "medlemmer.csv"
    members.write_bytes(csv_bytes([DANISH_HEADER, *ROWS], "cp1252"))
    dry = klynge("members", "import", str(members), "--dry-run")
    assert "medlemmer.csv: 5 nye udpegninger, 0 ændrede, 0 uændrede; 5 nye personer." in dry.stdout
    assert "Prøvekørsel – intet er gemt." in dry.stdout
    assert klynge("members", "import", str(members)).returncode == 0
    exported = klynge("members", "export", "--body", "fsg", "--on", "2023-05-01").stdout
    lines = exported.splitlines()
    assert (
        lines[0]
        == "\ufeffbody;seat;organisation;name;email;start;end;continuing;appointed_by;substitute_for;role"
    )
    assert (
        "fsg;hospitalsledelse;goedstrup;Søren Ødegaard;soren@rm.test;2022-01-01;2025-12-31;nej;;;chair"
        in lines
    )
    assert (
        "fsg;;herning;Kim Sekretær;kim@herning.test;2022-01-01;2025-12-31;nej;;;secretariat"
        in lines
    )
    data = json.loads(
        klynge(
            "members",
            "export",
            "--body",
            "goedstrup/fsg",
            "--on",
            "2023-05-01",
            "--format",
            "json",
        ).stdout
    )
    assert data["body"] == "fsg" and data["on"] == "2023-05-01" and len(data["members"]) == 5
    assert set(data["members"][0]) == {
        "body",
        "seat",
        "organisation",
        "name",
        "email",
        "start",
        "end",
        "continuing",
        "appointed_by",
        "substitute_for",
        "role",
    }
    xlsx = tmp_path / "fsg.xlsx"
    klynge(
        "members",
        "export",
        "--body",
        "fsg",
        "--on",
        "2023-05-01",
        "--format",
        "xlsx",
        "-o",
        str(xlsx),
    )
    sheet = load_workbook(xlsx).active
    assert [c.value for c in sheet[1]][:3] == [
        "body",
        "seat",
        "organisation",
    ] and sheet.max_row == 6
    # The exported CSV imports again unchanged: a round trip.
    again = tmp_path / "igen.csv"
    again.write_text(exported, encoding="utf-8")
    assert (
        "0 nye udpegninger, 0 ændrede, 5 uændrede" in klynge("members", "import", str(again)).stdout
    )
    bad = tmp_path / "fejl.csv"
    bad.write_bytes(csv_bytes([DANISH_HEADER, "fsx;;;Y;y@x.dk;2022-01-01;;;;;"]))
    result = klynge("members", "import", str(bad))
    assert (
        result.returncode == 1
        and f"{bad}: række 2, kolonne organ: ukendt organ: »fsx«" in result.stderr
    )


def test_compliance_from_the_command_line(tmp_path: Path, db: None) -> None:
    from tests.helpers import klynge

    klynge("cluster", "load", "goedstrup")
    members = tmp_path / "medlemmer.csv"
    members.write_bytes(csv_bytes([DANISH_HEADER, *ROWS]))
    klynge("members", "import", str(members))
    result = klynge("compliance", "--body", "fsg", "--on", "2023-05-01", "--json")
    assert result.returncode == 1  # there are errors on that date
    data = json.loads(result.stdout)
    assert data["on"] == "2023-05-01"
    struer = next(f for f in data["findings"] if f["subject"].get("organisation") == "struer")
    assert struer == {
        "body": "fsg",
        "rule": "seat.min",
        "clause": "§ 1",
        "severity": "error",
        "message": "Pladsen »kommune-fagdirektoer« mangler medlemmer fra Struer Kommune: 0 af 1.",
        "subject": {"seat": "kommune-fagdirektoer", "organisation": "struer"},
    }
    assert {f["rule"] for f in data["findings"]} >= {
        "seat.min",
        "chair.composition",
        "secretariat.composition",
    }
    english = json.loads(
        klynge("--lang", "en", "compliance", "--body", "fsg", "--on", "2023-05-01", "--json").stdout
    )
    assert any(
        f["message"] == "The seat “kommune-fagdirektoer” lacks members from Struer Kommune: 0 of 1."
        for f in english["findings"]
    )
    text = klynge("compliance", "--on", "2023-05-01").stdout
    # No meetings are recorded: the focus group's meeting rules (seed 004, Mødekadence) are broken
    # for 2022, and a warning while 2023 runs.
    assert (
        "Mødekadence    fejl      meetings.min-per-year      2022: 0 ordinære møder holdt; kommissoriet kræver mindst 4."
        in text
    )
    assert (
        "meetings.theme-days        2023: 0 temadage planlagt; kommissoriet kræver mindst 2."
        in text
    )


def test_the_body_page_shows_the_composition_and_the_findings(
    client: object, secretary: object, charters: object, django_assert_max_num_queries: object
) -> None:
    from klynge.demo import load_demo_members

    load_demo_members(acting_user=SystemActor("test"), today=datetime.date(2026, 12, 2))
    from tests.helpers import make_member

    make_member("lars@klynge.test", "Lars Østergaard", "fsg", start="2026-01-01")
    make_member("lars@klynge.test", "Lars Østergaard", "sundhed-for-voksne", start="2019-01-01")
    client.force_login(secretary)  # type: ignore[attr-defined]
    with django_assert_max_num_queries(19):  # type: ignore[operator]
        html = client.get("/bodies/fsg/?on=2026-12-02").content.decode()  # type: ignore[attr-defined]
    assert "Sammensætning den 2. december 2026" in html
    # Two seats short; the minutes of 25 November not published yet and the agenda of 16
    # December not sent yet (warnings).
    assert "2 brud på kommissoriet" in html
    assert "2 forhold, der snart er i strid med kommissoriet" in html
    # The coming breach is a warning, not one of the breaches in the red alert.
    breaches = html.split('class="alert alert-error"')[1].split("</div>\n</div>")[0]
    assert "2 brud" in breaches and "snart" not in breaches
    assert (
        "Pladsen »Kommunale fagdirektører« mangler medlemmer fra Lemvig Kommune: 0 af 1. "
        '<span class="klynge-muted">(kommissoriet, § 1)</span>' in html
    )
    assert "Holstebro Kommune" in html and "Medformand:" in html
    history = client.get("/bodies/fsg/?on=2023-05-01").content.decode()  # type: ignore[attr-defined]
    assert "Sammensætningen stemmer med kommissoriet på denne dato." in history
    sfv = client.get("/bodies/sundhed-for-voksne/").content.decode()  # type: ignore[attr-defined]
    assert (
        "Pladsen »Kommunernes Sundheds- og Ældreområde« skal have 1 gennemgående medlem fra "
        "Ringkøbing-Skjern Kommune; der er 0." in sfv
    )


def test_vacant_seats_are_shown_as_vacant(
    client: object, secretary: object, charters: object
) -> None:
    from tests.helpers import make_member

    make_member("lars@klynge.test", "Lars Østergaard", "sundhed-for-voksne", start="2019-01-01")
    client.force_login(secretary)  # type: ignore[attr-defined]
    html = client.get("/bodies/sundhed-for-voksne/?on=2022-01-01").content.decode()  # type: ignore[attr-defined]
    assert html.count("<em>Ledig</em>") == 5


def test_the_demo_members_load_once_and_show_the_deliberate_gaps(charters: object) -> None:
    from klynge.demo import load_demo_members
    from klynge.governance.compliance import body_findings

    on = datetime.date(2026, 12, 2)  # the demo loaded on this day
    first = load_demo_members(acting_user=SystemActor("test"), today=on)
    assert len(first.created) == 82  # type: ignore[attr-defined]  # with the observer
    assert load_demo_members(acting_user=SystemActor("test"), today=on).created == []  # type: ignore[attr-defined]
    group = Body.objects.get(key="udviklingsgruppe-hjertesvigt")  # seed 004's development group
    assert group.reports_to.key == "sundhed-for-voksne"  # type: ignore[union-attr]
    assert Body.objects.filter(kind="development-group").count() == 1
    rules = {
        (f.body, f.rule, dict(f.subject).get("organisation"))
        for body in Body.objects.all()
        for f in body_findings(body, on)
    }
    assert rules == {
        ("fsg", "seat.min", "lemvig"),
        ("fsg", "seat.min", "patienter"),
        ("sundhed-for-voksne", "seat.continuing", "ringkoebing-skjern"),
        ("sundhed-for-voksne", "seat.min", "struer"),
        ("fog-boern-unge", "meetings.min-per-year", None),  # three meetings planned this year
        # Around the day it is loaded: FSG's latest minutes wait for approval, and FSG's and the
        # focus group's next agendas are to be sent within days (demo_today.py).
        ("fsg", "minutes.due", None),
        ("fsg", "agenda.due", None),
        ("sundhed-for-voksne", "agenda.due", None),
    }
    assert [
        f.rule for f in body_findings(Body.objects.get(key="fsg"), datetime.date(2023, 5, 1))
    ] == []
