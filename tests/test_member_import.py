"""Import that people can use: names instead of keys, headers as offices write them, a preview of
every row, invitations for new people, templates to start from, substitutes picked from a list."""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from klynge.accounts.audit import SystemActor
from klynge.accounts.models import User
from klynge.core.member_file import DANISH_HEADER, member_template, read_member_file
from klynge.core.name_match import Candidate, match
from klynge.core.problems import InvalidInput
from klynge.governance.membership import Change, ImportReport, import_members
from klynge.governance.models import Appointment, Person
from tests.helpers import Mailbox, klynge

# As Danish Excel saves "CSV (semikolonsepareret)": Windows-1252, headers as people write them.
OFFICE_HEADER = "Organ;Plads;Organisation;Navn;E-mail;Start;Slut;Gennemgående;Udpeget af;Stedfortræder for;Rolle"


def office_file(*rows: str, encoding: str = "cp1252") -> bytes:
    return ("\r\n".join([OFFICE_HEADER, *rows]) + "\r\n").encode(encoding)


def run(content: bytes, **options: object) -> ImportReport:
    rows = read_member_file(content, "medlemmer.csv")
    return import_members(
        rows,
        source="medlemmer.csv",
        acting_user=SystemActor("test"),
        **options,  # type: ignore[arg-type]
    )


def problems_of(content: bytes) -> list[str]:
    with pytest.raises(InvalidInput) as raised:
        run(content)
    return [p.render("da") for p in raised.value.problems]


# ---- names -----------------------------------------------------------------------------------


def test_a_name_is_found_by_key_name_short_name_or_its_words() -> None:
    fsg = Candidate(
        "fsg", "Faglig Strategisk Gruppe", ("fsg",), ("Faglig Strategisk Gruppe", "FSG")
    )
    sfv = Candidate(
        "sfv",
        "Fokusgruppen Sundhed for voksne",
        ("sundhed-for-voksne",),
        ("Fokusgruppen Sundhed for voksne",),
    )
    rm = Candidate("rm", "Region Midtjylland", ("rm",), ("Region Midtjylland",))
    psyk = Candidate(
        "psyk", "Regionspsykiatrien, Region Midtjylland", ("psykiatrien",), ("Regionspsykiatrien, Region Midtjylland",)
    )  # fmt: skip
    everything = [fsg, sfv, rm, psyk]
    for text in ("fsg", "FSG", "faglig  strategisk gruppe", "Faglig Strategisk Gruppe."):
        assert match(text, everything).found == "fsg", text
    assert match("Sundhed for voksne", everything).found == "sfv"
    assert match("Region Midtjylland", everything).found == "rm"  # the whole name wins
    ambiguous = match("Midtjylland", everything)
    assert ambiguous.found is None
    assert ambiguous.ambiguous == ("Region Midtjylland", "Regionspsykiatrien, Region Midtjylland")
    unknown = match("Faglig Strategsk Gruppe", everything)
    assert unknown.found is None and unknown.close == ("Faglig Strategisk Gruppe",)
    assert (
        match(
            "Ikast", [Candidate("ib", "Ikast-Brande Kommune", (), ("Ikast-Brande Kommune",))]
        ).found
        is None
    )
    assert match("", everything).found is None


def test_body_seat_and_organisation_by_name_from_a_danish_office_file(charters: object) -> None:
    report = run(
        office_file(
            # Names, short names and a seat's name as the charter gives it; dd-mm-yyyy.
            "Faglig Strategisk Gruppe;Én fagdirektør fra hver af kommunerne i Gødstrup-Klyngen.;"
            "Lemvig Kommune;Lone Lemvig;lone@lemvig.test;01-02-2026;;ja;;;",
            "FSG;kommune-fagdirektoer;Lemvig;Åge Strand;aage@lemvig.test;1-2-2026;;nej;;;",
            "fsg;almen praksis;Almen praksis;Bo Læge;bo@plo.test;01-02-2026;;;PLO;;",
            "Sundhed for voksne;Psykiatri;Regionspsykiatrien, Region Midtjylland;"
            "Ida Ravn;ida@ps.test;2026-03-01;31-12-2027;;;;",
            "goedstrup/fsg;;665;Kim Sekretær;kim@lemvig.test;01-02-2026;;;;;sekretariat",
        )
    )
    assert report.created == [2, 3, 4, 5, 6]
    lone = Appointment.objects.get(person__email="lone@lemvig.test")
    assert (lone.body.key, lone.seat, lone.organisation.key, lone.continuing) == (  # type: ignore[union-attr]
        "fsg",
        "kommune-fagdirektoer",
        "lemvig",
        True,
    )
    aage = Appointment.objects.get(person__email="aage@lemvig.test")
    assert (aage.seat, aage.organisation.key, aage.start) == (  # type: ignore[union-attr]
        "kommune-fagdirektoer",
        "lemvig",
        datetime.date(2026, 2, 1),
    )
    assert Person.objects.get(email="aage@lemvig.test").name == "Åge Strand"  # Windows-1252
    bo = Appointment.objects.get(person__email="bo@plo.test")
    assert (bo.seat, bo.organisation.key, bo.appointing_body.key) == (  # type: ignore[union-attr]
        "almen-praksis",
        "almen-praksis",
        "plo",
    )
    ida = Appointment.objects.get(person__email="ida@ps.test")
    assert (ida.body.key, ida.seat, ida.end) == (
        "sundhed-for-voksne",
        "psykiatri",
        datetime.date(2027, 12, 31),
    )
    kim = Appointment.objects.get(person__email="kim@lemvig.test")
    assert (kim.role, kim.organisation.key) == ("secretariat", "lemvig")  # type: ignore[union-attr]


def test_headers_in_any_case_with_spaces_underscores_or_hyphens(charters: object) -> None:
    header = "ORGAN;plads;Organisation;Navn;e mail;START;slut;Gennemgaaende;UDPEGET-AF;stedfortræder_for;rolle"
    content = f"{header}\nfsg;patienter;patienter;Eva Ny;eva@p.test;01-01-2026;;;PIU;;\n".encode()
    [row] = read_member_file(content, "x.csv")
    assert (row.body, row.email, row.appointed_by, row.column("appointed_by")) == (
        "fsg",
        "eva@p.test",
        "PIU",
        "UDPEGET-AF",
    )
    twice = b"organ;navn;e-mail;start;Udpeget af;udpeget_af\n"
    with pytest.raises(InvalidInput) as raised:
        read_member_file(twice, "x.csv")
    assert raised.value.problems[0].render("da") == (
        "række 1: kolonnerne »Udpeget af« og »udpeget_af« er den samme kolonne"
    )


def test_an_ambiguous_or_unknown_name_names_row_column_and_candidates(charters: object) -> None:
    assert problems_of(
        office_file(
            "fsg;hospitalsledelse;Midtjylland;A;a@x.dk;01-01-2026;;;;;",
            "fsg;fagdirektør;Herning;B;b@x.dk;01-01-2026;;;;;",
            "Faglig Strategsk Gruppe;;;C;c@x.dk;01-01-2026;;;;;",
            "fsg;kommune-fagdirektoer;Lemvik;D;d@x.dk;01-01-2026;;;;;",
            "fsg;Borgmester;;E;e@x.dk;01-01-2026;;;;;",
        )
    ) == [
        "række 2, kolonne Organisation: »Midtjylland« passer på flere organisationer: "
        "»Region Midtjylland«, »Regionspsykiatrien, Region Midtjylland«. "
        "Skriv hele navnet på én af dem",
        "række 3, kolonne Plads: »fagdirektør« passer på flere af pladserne i Faglig Strategisk "
        "Gruppe: »Én fagdirektør fra hver af kommunerne i Gødstrup-Klyngen«, »Én fagdirektør fra "
        "Børn- og Unge-området fra én kommune i Gødstrup-Klyngen«. Skriv hele navnet på én af dem",
        "række 4, kolonne Organ: ukendt organ: »Faglig Strategsk Gruppe«. "
        "Mente du »Faglig Strategisk Gruppe«?",
        "række 5, kolonne Organisation: ukendt organisation: »Lemvik«. Mente du »Lemvig Kommune«?",
        "række 6, kolonne Plads: Faglig Strategisk Gruppe har ingen plads »Borgmester« i det "
        "kommissorium, der gælder på startdatoen",
    ]
    assert not Person.objects.exists()


def test_the_same_appointment_named_two_ways_is_one_row_too_many(charters: object) -> None:
    assert problems_of(
        office_file(
            "fsg;patienter;patienter;Eva;eva@p.test;01-01-2026;;;;;",
            "Faglig Strategisk Gruppe;patienter;Patienter og pårørende;Eva;eva@p.test;01-01-2026;;;;;",
        )
    ) == ["række 3: samme udpegning som række 2"]


def test_a_member_cannot_substitute_for_themselves(charters: object) -> None:
    assert problems_of(
        office_file("fsg;patienter;patienter;Eva;eva@p.test;01-01-2026;;;;eva@p.test;")
    ) == ["række 2, kolonne Stedfortræder for: et medlem kan ikke være stedfortræder for sig selv"]


# ---- the preview ----------------------------------------------------------------------------


def test_the_preview_says_what_each_row_does(charters: object) -> None:
    run(
        office_file(
            "fsg;patienter;patienter;Eva Holm;eva@p.test;01-01-2026;;;PIU;;",
            "fsg;patienter;patienter;Finn Dal;finn@p.test;01-01-2026;;;PIU;;",
            "fsg;hospitalsledelse;goedstrup;Gitte Berg;gitte@rm.test;01-01-2026;;;;;",
        )
    )
    report = run(
        office_file(
            "fsg;patienter;patienter;Eva Holm-Dal;eva@p.test;01-01-2026;;;PIU;;",  # name
            "fsg;patienter;patienter;Finn Dal;finn@p.test;01-01-2026;30-06-2027;;PIU;;",  # ends
            "fsg;hospitalsledelse;goedstrup;Gitte Berg;gitte@rm.test;01-01-2026;;;;;",
            "fsg;hospitalsledelse;goedstrup;Hans Vikar;hans@rm.test;01-03-2026;;;;gitte@rm.test;",
        ),
        dry_run=True,
        invite=True,
    )
    eva, finn, gitte, hans = report.rows
    assert (eva.outcome, eva.changes) == ("unchanged", [Change("name", "Eva Holm", "Eva Holm-Dal")])
    assert finn.outcome == "ended" and finn.changes == [
        Change("end", datetime.date(2029, 12, 31), datetime.date(2027, 6, 30))
    ]
    assert gitte.outcome == "unchanged" and gitte.changes == []
    assert (hans.outcome, hans.new_person, hans.invited) == ("new", True, True)
    assert hans.substitute_for == "Gitte Berg"
    # Where, by name: the body, the seat as the charter names it, the organisation.
    assert (hans.body, hans.seat, hans.organisation, hans.start) == (
        "Faglig Strategisk Gruppe",
        "En-to repræsentanter fra hospitalsledelsen Regionshospitalet Gødstrup",
        "Regionshospitalet Gødstrup",
        datetime.date(2026, 3, 1),
    )
    # The people imported before without an account would get one too; nothing was saved.
    assert sorted(report.invited) == ["eva@p.test", "finn@p.test", "gitte@rm.test", "hans@rm.test"]
    assert not User.objects.exists() and not Person.objects.filter(email="hans@rm.test").exists()
    changed = run(office_file("fsg;patienter;herning;Eva Holm;eva@p.test;01-01-2026;;ja;PLO;;"))
    assert changed.rows[0].outcome == "changed"
    assert changed.rows[0].changes == [
        Change("organisation", "Patienter og pårørende", "Herning Kommune"),
        Change("continuing", False, True),
        Change("appointed_by", "PIU", "PLO"),
    ]


# ---- invitations -------------------------------------------------------------------------------


def test_an_import_with_invitations_gives_new_people_an_account(
    charters: object, mailbox: Mailbox
) -> None:
    from tests.helpers import make_person

    make_person("gitte@rm.test", "Gitte Berg")  # an account already: linked, not invited
    report = run(
        office_file(
            "fsg;patienter;patienter;Eva Holm;eva@p.test;01-01-2026;;;PIU;;",
            "fsg;hospitalsledelse;goedstrup;Gitte Berg;gitte@rm.test;01-01-2026;;;;;",
        ),
        invite=True,
        base_url="http://klynge.example/",
    )
    assert report.invited == ["eva@p.test"]
    [invitation] = mailbox.wait_for(1)
    assert invitation["To"] == "eva@p.test"
    assert "http://klynge.example/invitation/" in invitation.get_content()
    assert Person.objects.get(email="eva@p.test").user.email == "eva@p.test"  # type: ignore[union-attr]
    assert Person.objects.get(email="gitte@rm.test").user.email == "gitte@rm.test"  # type: ignore[union-attr]
    again = run(
        office_file("fsg;patienter;patienter;Eva Holm;eva@p.test;01-01-2026;;;PIU;;"), invite=True
    )
    assert again.invited == [] and len(mailbox.wait_for(2, timeout=0.5)) == 1


def test_the_command_line_invites_only_when_asked(
    tmp_path: Path, db: None, mailbox: Mailbox
) -> None:
    klynge("cluster", "load", "goedstrup")
    members = tmp_path / "medlemmer.csv"
    members.write_bytes(
        office_file(
            "FSG;patienter;Patienter og pårørende;Eva Holm;eva@p.test;01-01-2026;;;PIU;;",
            "FSG;Patienter;Patienter og pårørende;Finn Dal;finn@p.test;01-01-2026;;;PIU;;",
        )
    )
    dry = klynge("members", "import", str(members), "--dry-run", "--invite")
    assert dry.returncode == 0, dry.stderr
    lines = dry.stdout.splitlines()
    assert (
        "række 2: ny udpegning – Eva Holm <eva@p.test>, Faglig Strategisk Gruppe, To repræsentanter "
        "for patienter og pårørende – udpeget af patientinddragelsesudvalget, Patienter og "
        "pårørende, fra 2026-01-01; ny person – får en invitation" in lines
    )
    assert "2 personer får en konto og en invitation." in lines
    assert not User.objects.exists()
    plain = klynge("members", "import", str(members))
    assert plain.returncode == 0 and not User.objects.exists() and mailbox.messages == []
    invited = klynge("members", "import", str(members), "--invite")
    assert "2 personer får en konto og en invitation." in invited.stdout
    assert sorted(m["To"] for m in mailbox.wait_for(2)) == ["eva@p.test", "finn@p.test"]
    changed = tmp_path / "ændret.csv"
    changed.write_bytes(
        office_file("FSG;patienter;patienter;Eva Holm;eva@p.test;01-01-2026;30-06-2027;;PIU;;")
    )
    lines = klynge("members", "import", str(changed), "--dry-run").stdout.splitlines()
    assert any(
        line.startswith("række 2: slutter – Eva Holm")
        and line.endswith("Til: 2029-12-31 → 2027-06-30")
        for line in lines
    ), lines


# ---- the page --------------------------------------------------------------------------------


@pytest.fixture
def signed_in(client: Client, secretary: User, charters: object) -> Client:
    """Lars, FSG's secretariat, signed in; Jens Aagaard in FSG's patients' seat."""
    from tests.helpers import import_lines

    import_lines(
        [
            "organ;plads;organisation;navn;e-mail;start;rolle",
            f"fsg;;goedstrup;Lars Østergaard;{secretary.email};2026-01-01;sekretariat",
            "fsg;patienter;patienter;Jens Aagaard;jens@klynge.test;2026-01-01;",
        ]
    )
    client.force_login(secretary)
    return client


def test_the_import_page_explains_the_columns_and_offers_templates(signed_in: Client) -> None:
    html = signed_in.get("/members/import/").content.decode()
    for column in DANISH_HEADER:
        assert f"<code>{column}</code>" in html
    assert "Organets navn eller korte navn, fx Faglig Strategisk Gruppe eller FSG." in html
    assert 'href="/members/import/template.xlsx"' in html
    assert 'href="/members/import/template.csv"' in html


def test_the_templates_have_the_danish_headers_and_no_rows(signed_in: Client) -> None:
    xlsx = signed_in.get("/members/import/template.xlsx")
    assert xlsx.status_code == 200
    assert xlsx["Content-Disposition"] == 'attachment; filename="medlemmer-skabelon.xlsx"'
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[1]] == list(DANISH_HEADER) and sheet.max_row == 1  # type: ignore[index,union-attr]
    csv = signed_in.get("/members/import/template.csv")
    assert csv.content.decode("utf-8") == "\ufeff" + ";".join(DANISH_HEADER) + "\r\n"
    # Both read back as member files with every column known and no rows.
    assert read_member_file(member_template("xlsx"), "t.xlsx") == []
    assert read_member_file(csv.content, "t.csv") == []
    assert signed_in.get("/members/import/template.pdf").status_code == 404


def test_the_template_filled_in_as_excel_does_imports(charters: object) -> None:
    book = load_workbook(io.BytesIO(member_template("xlsx")))
    sheet = book.active
    sheet.append(  # type: ignore[union-attr]
        ["FSG", "Patienter", "Patienter og pårørende", "Eva Holm", "Eva@P.test",
         datetime.datetime(2026, 3, 1), None, "ja", "PIU", None, None]  # noqa: DTZ001 - as Excel
    )  # fmt: skip
    filled = io.BytesIO()
    book.save(filled)
    report = run(filled.getvalue())
    assert report.created == [2]
    eva = Appointment.objects.get(person__email="eva@p.test")
    assert (eva.seat, eva.start, eva.continuing, eva.appointing_body.key) == (  # type: ignore[union-attr]
        "patienter",
        datetime.date(2026, 3, 1),
        True,
        "piu",
    )


def test_only_a_secretariat_gets_the_templates(
    client: Client, patient_rep: User, fsg: object
) -> None:
    client.force_login(patient_rep)
    assert client.get("/members/import/template.csv").status_code == 403


def test_the_page_previews_every_row_and_invites_new_people(
    signed_in: Client, mailbox: Mailbox
) -> None:
    upload = SimpleUploadedFile(
        "medlemmer.csv",
        office_file(
            "FSG;patienter;Patienter og pårørende;Jens Aagaard;jens@klynge.test;01-01-2026;30-06-2027;;;;",
            "FSG;kommune-fagdirektoer;Lemvig;Lone Lemvig;lone@lemvig.test;01-02-2026;;;;;",
        ),
    )
    preview = signed_in.post("/members/import/", {"file": upload}).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", preview))
    assert "Række Person Hvor Fra Ændring" in text
    assert (
        "3 Lone Lemvig lone@lemvig.test ny person – får en invitation Faglig Strategisk Gruppe, "
        "Én fagdirektør fra hver af kommunerne i Gødstrup-Klyngen, Lemvig Kommune "
        "1. februar 2026 Ny udpegning" in text
    )
    # Jens was imported before without an account: he gets one now, as the form would give him.
    assert "2 Jens Aagaard jens@klynge.test får en konto og en invitation" in text
    assert "Afsluttes – sidste dag 30. juni 2027 Til: 31. december 2029 → 30. juni 2027" in text
    assert "kommune-fagdirektoer" not in text and mailbox.messages == []
    saved = signed_in.post("/members/import/confirm/", follow=True).content.decode()
    assert "1 ny udpegning, 1 ændret. 2 personer har fået en invitation til at logge ind." in saved
    invitations = mailbox.wait_for(2)
    assert sorted(m["To"] for m in invitations) == ["jens@klynge.test", "lone@lemvig.test"]
    assert "http://testserver/invitation/" in invitations[0].get_content()


def test_the_page_shows_an_ambiguous_name_with_its_candidates(signed_in: Client) -> None:
    upload = SimpleUploadedFile(
        "medlemmer.csv", office_file("fsg;psykiatriledelse;Midtjylland;A;a@x.dk;01-01-2026;;;;;")
    )
    response = signed_in.post("/members/import/", {"file": upload})
    assert response.status_code == 400
    assert (
        "række 2, kolonne Organisation: »Midtjylland« passer på flere organisationer: "
        "»Region Midtjylland«, »Regionspsykiatrien, Region Midtjylland«"
    ) in response.content.decode()


# ---- the substitute picker ---------------------------------------------------------------------


def test_a_substitute_is_picked_from_the_body_s_members(signed_in: Client) -> None:
    from tests.helpers import import_lines

    import_lines(
        [
            "organ;plads;organisation;navn;e-mail;start",
            "fsg;hospitalsledelse;goedstrup;Åse Ørum;aase@rm.test;2026-01-01",
            "fsg;hospitalsledelse;goedstrup;Øjvind Bak;oejvind@rm.test;2026-01-01",
            "fsg;hospitalsledelse;goedstrup;Anders Zeuthen;anders@rm.test;2025-01-01",
        ]
    )
    page = signed_in.get(
        "/bodies/fsg/appoint/?seat=hospitalsledelse&substitute_for=aase%40rm.test"
    ).content.decode()
    select = re.search(r'<select name="substitute_for".*?</select>', page, re.S).group(0)  # type: ignore[union-attr]
    options = re.findall(r"<option[^>]*>([^<]*)</option>", select)
    # Danish order (Ø before Å), only people holding a seat now or later: not the secretariat,
    # and not Anders, whose term ended with the council period in 2025.
    assert options == [
        "– ikke stedfortræder –",
        "Jens Aagaard (Patienter og pårørende)",
        "Øjvind Bak (Regionshospitalet Gødstrup)",
        "Åse Ørum (Regionshospitalet Gødstrup)",
    ]
    assert '<option value="aase@rm.test" selected>' in select
    post = {
        "seat": "hospitalsledelse", "role": "", "name": "Vera Vikar", "email": "vera@rm.test",
        "organisation": "goedstrup", "start": "2026-11-01", "end": "", "appointed_by": "",
    }  # fmt: skip
    typed = signed_in.post("/bodies/fsg/appoint/", post | {"substitute_for": "ukendt@x.dk"})
    assert typed.status_code == 400 and not Person.objects.filter(email="vera@rm.test").exists()
    signed_in.post("/bodies/fsg/appoint/", post | {"substitute_for": "aase@rm.test"})
    vera = Appointment.objects.get(person__email="vera@rm.test")
    assert vera.substitute_for.email == "aase@rm.test"  # type: ignore[union-attr]

    # The correction form picks from the same list, without the person themselves.
    form = signed_in.get(f"/bodies/fsg/appointments/{vera.pk}/edit/").content.decode()
    assert '<option value="aase@rm.test" selected>' in form and "vera@rm.test" not in form
    version = re.search(r'name="version" value="(\w+)"', form).group(1)  # type: ignore[union-attr]
    edit = {"version": version, "organisation": "goedstrup", "end": "", "appointed_by": ""}
    signed_in.post(
        f"/bodies/fsg/appointments/{vera.pk}/edit/", edit | {"substitute_for": "oejvind@rm.test"}
    )
    vera.refresh_from_db()
    assert vera.substitute_for.email == "oejvind@rm.test"  # type: ignore[union-attr]
