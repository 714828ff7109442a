"""The cluster file: the shipped one is valid and keyed as docs/interfaces.md says; bad files are
reported with the field path, in Danish and in English."""

import tomllib
from pathlib import Path

import pytest

from klynge.core.cluster import (
    BodyKind,
    OrganisationKind,
    parse_cluster,
    read_cluster_file,
    shipped_cluster_names,
    shipped_cluster_path,
)
from klynge.core.problems import InvalidInput


def goedstrup_data() -> dict:
    return tomllib.loads(shipped_cluster_path("goedstrup").read_text(encoding="utf-8"))


def problems_of(data: dict) -> list[str]:
    with pytest.raises(InvalidInput) as raised:
        parse_cluster(data, "klynge.toml")
    return [p.render("da") for p in raised.value.problems]


def test_it_ships_goedstrup_with_the_contract_keys() -> None:
    assert shipped_cluster_names() == ["goedstrup"]
    cluster = read_cluster_file(shipped_cluster_path("goedstrup"))
    assert cluster.key == "goedstrup"
    assert cluster.name == "Gødstrup-Klyngen"
    assert cluster.former_names == ("Vestklyngen",)
    assert [o.key for o in cluster.organisations] == [
        "rm", "goedstrup", "psykiatrien", "almen-praksis", "patienter",
        "herning", "holstebro", "ikast-brande", "lemvig", "ringkoebing-skjern", "struer",
    ]  # fmt: skip
    codes = {o.key: o.municipality_code for o in cluster.municipalities()}
    assert codes == {
        "herning": "657", "holstebro": "661", "ikast-brande": "756",
        "lemvig": "665", "ringkoebing-skjern": "760", "struer": "671",
    }  # fmt: skip
    assert cluster.organisation("goedstrup").former_names == ("Hospitalsenheden Vest",)
    assert cluster.organisation("goedstrup").kind is OrganisationKind.HOSPITAL
    assert cluster.organisation("psykiatrien").kind is OrganisationKind.PSYCHIATRY


def test_it_ships_the_bodies_with_their_reporting_lines() -> None:
    cluster = read_cluster_file(shipped_cluster_path("goedstrup"))
    reports = {b.key: b.reports_to for b in cluster.bodies}
    assert reports == {
        "klyngestyregruppe": None,
        "fsg": "klyngestyregruppe",
        "fog-voksen-somatik": "fsg",
        "fog-voksen-psykiatri": "fsg",
        "fog-boern-unge": "fsg",
        "sundhed-for-voksne": "klyngestyregruppe",
    }
    kinds = {b.key: b.kind for b in cluster.bodies}
    assert kinds["fsg"] is BodyKind.STRATEGIC
    assert kinds["sundhed-for-voksne"] is BodyKind.TACTICAL_OPERATIONAL
    assert kinds["fog-boern-unge"] is BodyKind.OPERATIVE_GROUP


def test_it_ships_the_appointing_bodies_with_aliases() -> None:
    cluster = read_cluster_file(shipped_cluster_path("goedstrup"))
    aliases = {a.key: (a.name, a.aliases) for a in cluster.appointing_bodies}
    assert aliases["plo"][0] == "Praktiserende Lægers Organisation"
    assert "PLO" in aliases["plo"][1]
    assert aliases["piu"][0] == "Patientinddragelsesudvalget"
    assert "PIU" in aliases["piu"][1]


def test_it_names_the_field_of_a_schema_error() -> None:
    data = goedstrup_data()
    data["organisations"][3]["kind"] = "hospice"
    del data["bodies"][1]["name"]
    problems = problems_of(data)
    assert any(p.startswith("organisations[3].kind: skal være en af") for p in problems), problems
    assert "bodies[1].name: skal udfyldes" in problems


def test_it_reports_in_english_when_asked() -> None:
    data = goedstrup_data()
    data["bodies"][1]["colour"] = "blue"
    with pytest.raises(InvalidInput) as raised:
        parse_cluster(data, "klynge.toml")
    assert raised.value.render("en") == "klynge.toml: bodies[1].colour: is not a known field"


def test_it_finds_broken_references_duplicates_and_cycles() -> None:
    data = goedstrup_data()
    data["organisations"][1]["part_of"] = "region-nord"
    data["organisations"][6]["municipality_code"] = "657"
    data["organisations"][0]["municipality_code"] = "999"
    data["bodies"][0]["reports_to"] = "fsg"
    data["bodies"][5]["reports_to"] = "styregruppen"
    data["bodies"].append(dict(data["bodies"][2]))
    problems = problems_of(data)
    assert "organisations[1].part_of: ukendt organisation: region-nord" in problems
    assert "organisations: kommunekoden 657 bruges mere end én gang" in problems
    assert "organisations[0].municipality_code: kun kommuner har en kommunekode" in problems
    assert "bodies[5].reports_to: ukendt organ: styregruppen" in problems
    assert "bodies: nøglen fog-voksen-somatik bruges mere end én gang" in problems
    assert any(
        p.startswith("bodies[0].reports_to: rapporteringslinjerne går i ring") for p in problems
    )


def test_it_reports_a_toml_syntax_error_with_the_file_name(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('key = "x"\nname = ', encoding="utf-8")
    with pytest.raises(InvalidInput) as raised:
        read_cluster_file(broken)
    assert raised.value.render("da").startswith(f"{broken}: er ikke gyldig TOML")
