"""Charters in the database: loaded with the cluster, effective-dated, versioned, shown and changed."""

import datetime
import io
import json
import re
import tomllib
from pathlib import Path

import pytest
from django.test import Client
from pypdf import PdfReader

from klynge.accounts.audit import SystemActor
from klynge.accounts.models import AuditEntry, User
from klynge.core.charter import parse_charter, shipped_charter_paths
from klynge.governance.models import Body, CharterVersion
from klynge.governance.reads import charter_in_force, charter_of
from klynge.governance.services import (
    CharterRefused,
    change_charter,
    cluster_file_of,
    import_charter,
    load_shipped_charters,
)

FSG_FILE = next(p for p in shipped_charter_paths("goedstrup") if p.stem == "fsg")


def fsg_data() -> dict:
    return tomllib.loads(FSG_FILE.read_text(encoding="utf-8"))


def version_2(cluster: object, **changes: object) -> object:
    data = fsg_data() | {"version": 2, "in_force_from": datetime.date(2026, 1, 1)} | changes
    data["sections"][4]["clauses"][0]["blocks"][0]["text"] = (
        "Faglig Strategisk Gruppe mødes som minimum fire gange årligt. Dagsorden udsendes 12 dage forud for møderne."
    )
    data["meetings"]["agenda_lead_days"] = 12
    return parse_charter(data, "fsg-v2.toml", cluster_file_of(cluster))  # type: ignore[arg-type]


def test_both_shipped_charters_load_once(charters: list[CharterVersion]) -> None:
    assert sorted(row.body.key for row in charters) == [
        "fog-boern-unge", "fog-voksen-psykiatri", "fog-voksen-somatik", "fsg",
        "klyngestyregruppe", "sundhed-for-voksne",
    ]  # fmt: skip
    fsg = CharterVersion.objects.get(body__key="fsg")
    assert (fsg.version, fsg.in_force_from, fsg.approved_by) == (
        1,
        datetime.date(2022, 9, 1),
        "Gødstrup-Klyngen",
    )
    sfv = CharterVersion.objects.get(body__key="sundhed-for-voksne")
    assert (sfv.in_force_from, sfv.approval_precision, sfv.approved_on) == (
        datetime.date(2019, 7, 1),
        "unknown",
        None,
    )
    assert load_shipped_charters("goedstrup", acting_user=SystemActor("cli:test")) == []
    assert CharterVersion.objects.count() == 6
    assert AuditEntry.objects.filter(action="charterversion.create").count() == 6


def test_a_new_version_ends_the_old_one_and_dates_decide(charters: object, cluster: object) -> None:
    row, created = import_charter(version_2(cluster), acting_user=SystemActor("cli:test"))  # type: ignore[arg-type]
    assert created and row.version == 2
    fsg = Body.objects.get(key="fsg")
    first = CharterVersion.objects.get(body=fsg, version=1)
    assert first.in_force_until == datetime.date(2025, 12, 31)
    assert charter_in_force(fsg, datetime.date(2025, 12, 31)).version == 1  # type: ignore[union-attr]
    assert charter_in_force(fsg, datetime.date(2026, 1, 1)).version == 2  # type: ignore[union-attr]
    assert charter_in_force(fsg, datetime.date(2022, 8, 31)) is None
    assert charter_of(first).in_force_until == datetime.date(2025, 12, 31)
    assert charter_of(row).meetings.agenda_lead_days == 12  # type: ignore[union-attr]
    end = AuditEntry.objects.get(action="charterversion.end")
    assert end.before == {"in_force_until": None} and end.after == {"in_force_until": "2025-12-31"}


def test_versions_are_refused_when_out_of_order(charters: object, cluster: object) -> None:
    actor = SystemActor("cli:test")
    with pytest.raises(CharterRefused) as same:
        import_charter(version_2(cluster, version=1), acting_user=actor)  # type: ignore[arg-type]
    assert same.value.code == "version_exists" and same.value.params["next"] == 2
    with pytest.raises(CharterRefused) as early:
        import_charter(
            version_2(cluster, in_force_from=datetime.date(2022, 1, 1)), acting_user=actor
        )  # type: ignore[arg-type]
    assert early.value.code == "starts_too_early"
    assert CharterVersion.objects.filter(body__key="fsg").count() == 1


def test_changing_common_fields_makes_a_new_version(charters: object, admin: User) -> None:
    fsg = Body.objects.get(key="fsg")
    row = change_charter(
        acting_user=admin,
        body=fsg,
        based_on_version=1,
        changes={"meetings.agenda_lead_days": 14, "in_force_from": datetime.date(2027, 1, 1)},
    )
    assert row.version == 2 and charter_of(row).meetings.agenda_lead_days == 14  # type: ignore[union-attr]
    with pytest.raises(CharterRefused) as stale:
        change_charter(acting_user=admin, body=fsg, based_on_version=1, changes={"title": "Andet"})
    assert stale.value.code == "changed_meanwhile" and stale.value.params == {"version": 2}


# ---- pages -----------------------------------------------------------------------------------


@pytest.fixture
def member_client(client: Client, secretary: User, charters: object) -> Client:
    """Lars, an ordinary member of FSG and the focus group: reads, does not change."""
    from tests.helpers import make_member

    make_member(secretary.email, "Lars Østergaard", "fsg", start="2026-01-01")
    make_member(secretary.email, "Lars Østergaard", "sundhed-for-voksne", start="2019-01-01")
    client.force_login(secretary)
    return client


def test_the_body_page_shows_its_charter(
    member_client: Client, django_assert_max_num_queries: object
) -> None:
    # 19: the groups under the body and the bodies it succeeds; the meetings for the yearly checks
    # and the co-chairs over time, to know who leads each meeting (meetings.leadership).
    with django_assert_max_num_queries(19):  # type: ignore[operator]
        html = member_client.get("/bodies/fsg/").content.decode()
    assert "<h1>Faglig Strategisk Gruppe (FSG)</h1>" in html
    assert (
        "<p><strong>§ 7.</strong> Faglig Strategisk Gruppe mødes som minimum fire gange årligt."
        in html
    )
    assert "<li>Én fagdirektør fra hver af kommunerne i Gødstrup-Klyngen.</li>" in html
    assert "Godkendt i Gødstrup-klyngen, september 2022." in html
    assert "Praktiserende Lægers Organisation – udpeger de praktiserende læger." in html  # glossary
    assert (
        "Skift kommissoriet" not in html and "/charter/import/" not in html
    )  # members do not change it


def test_the_body_page_for_a_date_before_any_charter(member_client: Client) -> None:
    html = member_client.get("/bodies/sundhed-for-voksne/?on=2019-06-30").content.decode()
    assert "Der er intet kommissorium i kraft den 30. juni 2019." in html
    html = member_client.get("/bodies/sundhed-for-voksne/?on=2019-07-01").content.decode()
    assert "Kommissorium for Fokusgruppen Sundhed for voksne" in html
    assert "dato ukendt" in html


def test_an_unknown_body_is_404(member_client: Client) -> None:
    assert member_client.get("/bodies/findes-ikke/").status_code == 404


def test_the_history_and_the_comparison_by_clause(member_client: Client, cluster: object) -> None:
    import_charter(version_2(cluster), acting_user=SystemActor("cli:test"))  # type: ignore[arg-type]
    history = member_client.get("/bodies/fsg/charter/versions/").content.decode()
    assert "1. september 2022 – 31. december 2025" in history
    assert "Gødstrup-Klyngen" in history and "september 2022" in history
    diff = member_client.get("/bodies/fsg/charter/compare/?from=1&to=2").content.decode()
    assert "1 bestemmelse er forskellig." in diff
    assert "§ 7 – ændret" in diff
    assert "<del>10</del><ins>12</ins>" in diff
    assert "§ 1 – uændret" in diff


@pytest.mark.parametrize("fmt", ["md", "toml", "json", "html"])
def test_downloads_in_each_format(member_client: Client, fmt: str) -> None:
    response = member_client.get(f"/bodies/fsg/charter/v1.{fmt}")
    assert response.status_code == 200
    text = response.content.decode()
    if fmt == "md":
        assert "**§ 2.** Formandskabet i Faglig Strategisk Gruppe er delt" in text
    elif fmt == "toml":
        assert tomllib.loads(text)["meetings"]["agenda_lead_days"] == 10
    elif fmt == "json":
        assert json.loads(text)["seats"][0]["key"] == "hospitalsledelse"
    else:
        assert text.startswith("<!DOCTYPE html>") and "<h3>Mødeledelse</h3>" in text


def test_the_pdf_reads_like_the_charter(member_client: Client) -> None:
    response = member_client.get("/bodies/sundhed-for-voksne/charter/v1.pdf")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) >= 2
    assert "Kommissorium for Fokusgruppen Sundhed for voksne" in text
    assert "Mødekadence" in text and "14 dage" in text
    assert "1 / " in text  # page numbers


def test_the_json_schema_is_served(client: Client, db: None) -> None:
    schema = client.get("/charters/schema.json").json()
    assert schema["title"] == "Klynge charter (kommissorium)"
    assert {"body", "seats", "sections", "meetings"} <= set(schema["properties"])


def test_only_administrators_may_change_a_charter(member_client: Client) -> None:
    assert member_client.get("/bodies/fsg/charter/import/").status_code == 403
    assert member_client.get("/bodies/fsg/charter/edit/").status_code == 403
    assert "Ingen adgang" in member_client.get("/bodies/fsg/charter/edit/").content.decode()


def test_an_administrator_imports_a_version_checked_before_saving(
    client: Client, admin: User, charters: object
) -> None:
    client.force_login(admin)
    bad = FSG_FILE.read_text(encoding="utf-8").replace(
        "agenda_lead_days = 10", "agenda_lead_days = 0"
    )
    bad = re.sub(r"(?m)^version = 1$", "version = 2", bad).replace(
        "in_force_from = 2022-09-01", "in_force_from = 2026-01-01"
    )
    response = client.post("/bodies/fsg/charter/import/", {"file": _upload("fsg.toml", bad)})
    assert response.status_code == 400
    assert "meetings.agenda_lead_days: skal være et positivt tal" in response.content.decode()
    assert CharterVersion.objects.filter(body__key="fsg").count() == 1
    good = bad.replace("agenda_lead_days = 0", "agenda_lead_days = 10")
    response = client.post(
        "/bodies/fsg/charter/import/", {"file": _upload("fsg.toml", good)}, follow=True
    )
    assert "Version 2 af kommissoriet er gemt." in response.content.decode()
    assert CharterVersion.objects.filter(body__key="fsg").count() == 2


def test_an_upload_for_another_body_is_refused(
    client: Client, admin: User, charters: object
) -> None:
    client.force_login(admin)
    response = client.post(
        "/bodies/sundhed-for-voksne/charter/import/",
        {"file": _upload("fsg.toml", FSG_FILE.read_text("utf-8"))},
    )
    assert (
        "body: filen er kommissoriet for fsg, ikke for sundhed-for-voksne"
        in response.content.decode()
    )


def test_a_second_editor_does_not_overwrite_the_first(
    client: Client, admin: User, charters: object
) -> None:
    client.force_login(admin)
    form = {
        "based_on_version": 1,
        "save_as": "new",
        "title": "Faglig strategisk gruppe – Gødstrup-Klyngen",
        "in_force_from": "2027-01-01",
        "approved_by": "Gødstrup-Klyngen",
        "approved_on": "2026-11-20",
        "approval_precision": "day",
        "min_per_year": 4,
        "agenda_lead_days": 12,
    }
    first = client.post("/bodies/fsg/charter/edit/", form)
    assert first.status_code == 302
    second = client.post(
        "/bodies/fsg/charter/edit/", form | {"agenda_lead_days": 8, "in_force_from": "2027-06-01"}
    )
    assert second.status_code == 409
    html = second.content.decode()
    assert "en anden har gemt version 2 i mellemtiden" in html
    assert 'value="8"' in html  # what they typed is kept
    assert CharterVersion.objects.filter(body__key="fsg").count() == 2


def test_a_correction_changes_the_version_itself(
    client: Client, admin: User, charters: object
) -> None:
    client.force_login(admin)
    form = {
        "based_on_version": 1,
        "save_as": "correction",
        "title": "Kommissorium for Fokusgruppen Sundhed for voksne",
        "in_force_from": "2019-04-01",
        "approved_by": "Klyngestyregruppen i Vestklyngen",
        "approved_on": "2019-03-14",
        "approval_precision": "day",
        "min_per_year": 4,
        "agenda_lead_days": 14,
    }
    response = client.post("/bodies/sundhed-for-voksne/charter/edit/", form, follow=True)
    assert "Version 1 af kommissoriet er rettet." in response.content.decode()
    row = CharterVersion.objects.get(body__key="sundhed-for-voksne")
    assert (row.version, row.in_force_from, row.approved_on, row.approved_by) == (
        1,
        datetime.date(2019, 4, 1),
        datetime.date(2019, 3, 14),
        "Klyngestyregruppen i Vestklyngen",
    )
    entry = AuditEntry.objects.get(action="charterversion.correct")
    assert (
        entry.before["in_force_from"] == "2019-07-01"
        and entry.after["in_force_from"] == "2019-04-01"
    )  # type: ignore[index]
    assert entry.actor == admin


def test_a_changed_meeting_number_rewrites_the_words(charters: object, admin: User) -> None:
    fsg = Body.objects.get(key="fsg")
    row = change_charter(
        acting_user=admin,
        body=fsg,
        based_on_version=1,
        changes={"meetings.min_per_year": 6, "in_force_from": datetime.date(2027, 1, 1)},
    )
    text = charter_of(row).clause("§ 7").blocks[0].text
    assert (
        text
        == "Faglig Strategisk Gruppe mødes som minimum seks gange årligt. Dagsorden udsendes 10 dage forud for møderne."
    )


def _upload(name: str, text: str) -> object:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="application/toml")


# ---- the command line --------------------------------------------------------------------------


def test_the_command_line_lists_shows_validates_and_imports(tmp_path: Path, db: None) -> None:
    from tests.helpers import klynge

    loaded = klynge("cluster", "load", "goedstrup")
    assert "Kommissorier indlæst: 6." in loaded.stdout
    listed = json.loads(klynge("charter", "list", "--json").stdout)
    assert [(c["body"], c["version"], c["approved_on"]) for c in listed["charters"]] == [
        ("klyngestyregruppe", 1, None),
        ("fsg", 1, "2022-09-01"),
        ("fog-voksen-somatik", 1, None),
        ("fog-voksen-psykiatri", 1, None),
        ("fog-boern-unge", 1, None),
        ("sundhed-for-voksne", 1, None),
    ]
    shown = klynge("charter", "show", "goedstrup/fsg")
    assert shown.stdout.startswith("# Faglig strategisk gruppe – Gødstrup-Klyngen\n")
    pdf = tmp_path / "fsg.pdf"
    assert klynge("charter", "show", "fsg", "--format", "pdf", "-o", str(pdf)).returncode == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    old = klynge("charter", "show", "fsg", "--on", "2020-01-01")
    assert old.returncode == 1 and "fsg: intet kommissorium i kraft 2020-01-01" in old.stderr

    bad = tmp_path / "bad.toml"
    bad.write_text(
        FSG_FILE.read_text("utf-8")
        .replace("offset", "x")
        .replace('rotation_among = "municipalities"', 'rotation_among = "regions"'),
        "utf-8",
    )
    checked = klynge("charter", "validate", str(FSG_FILE), str(bad))
    assert checked.returncode == 1
    assert f"{bad}: chair.rotation_among: skal være en af" in checked.stderr
    twice = klynge("charter", "validate", str(FSG_FILE), str(FSG_FILE))
    assert "fsg version 1 findes også i" in twice.stderr

    newer = tmp_path / "fsg-2.toml"
    newer.write_text(
        re.sub(r"(?m)^version = 1$", "version = 2", FSG_FILE.read_text("utf-8")).replace(
            "in_force_from = 2022-09-01", "in_force_from = 2026-01-01"
        ),
        "utf-8",
    )
    imported = klynge("charter", "import", str(newer))
    assert (
        imported.returncode == 0
        and "fsg version 2 er indlæst (i kraft fra 2026-01-01)." in imported.stdout
    )
    again = klynge("--lang", "en", "charter", "import", str(newer))
    assert "fsg version 2 exists already with the same content; nothing changed." in again.stdout
