"""The charter schema, pure core: TOML round trips, problems named by field path in Danish and
English, rotation orders, and the clause-by-clause comparison of two versions."""

import copy
import datetime
import tomllib
from pathlib import Path
from typing import Any

import pytest

from klynge.core.charter import (
    Charter,
    charter_to_toml,
    consistency_problems,
    parse_charter,
    read_charter_file,
    shipped_charter_paths,
    validate_rotation_order,
)
from klynge.core.charter_document import ClauseChange, charter_document, compare, to_markdown
from klynge.core.cluster import ClusterFile
from klynge.core.problems import InvalidInput


def shipped_path(name: str) -> Path:
    return next(p for p in shipped_charter_paths("goedstrup") if p.name == name)


def fsg_data() -> dict[str, Any]:
    return tomllib.loads(shipped_path("fsg.toml").read_text(encoding="utf-8"))


def sfv_data() -> dict[str, Any]:
    return tomllib.loads(shipped_path("sundhed-for-voksne.toml").read_text(encoding="utf-8"))


def problems_of(data: dict[str, Any], cluster_file: ClusterFile) -> tuple[list[str], list[str]]:
    """The problems, rendered in Danish and in English."""
    with pytest.raises(InvalidInput) as raised:
        parse_charter(data, "x.toml", cluster_file)
    problems = raised.value.problems
    return [p.render("da") for p in problems], [p.render("en") for p in problems]


def clause_block(data: dict[str, Any], ref: str) -> dict[str, Any]:
    """The (first) block of a clause in the raw data, to edit a variant."""
    clause = next(c for s in data["sections"] for c in s.get("clauses", []) if c["ref"] == ref)
    block: dict[str, Any] = clause["blocks"][0]
    return block


def is_part_of(small: Any, big: Any) -> bool:
    """Every key and value of `small` is in `big` (lists item by item, of the same length)."""
    if isinstance(small, dict):
        return isinstance(big, dict) and all(
            k in big and is_part_of(v, big[k]) for k, v in small.items()
        )
    if isinstance(small, list):
        return (
            isinstance(big, list)
            and len(small) == len(big)
            and all(is_part_of(a, b) for a, b in zip(small, big, strict=True))
        )
    return bool(small == big and type(small) is type(big))


# ---- the shipped charters --------------------------------------------------------------------


def test_it_ships_both_charters_and_they_agree_with_the_cluster(cluster_file: ClusterFile) -> None:
    assert [p.name for p in shipped_charter_paths("goedstrup")] == [
        "fsg.toml",
        "sundhed-for-voksne.toml",
    ]
    for path in shipped_charter_paths("goedstrup"):
        charter = read_charter_file(path, cluster_file)
        assert consistency_problems(charter, cluster_file) == []
        assert charter.body in {b.key for b in cluster_file.bodies}


@pytest.mark.parametrize("name", ["fsg.toml", "sundhed-for-voksne.toml"])
def test_it_round_trips_a_shipped_charter_through_toml(
    name: str, cluster_file: ClusterFile
) -> None:
    original = tomllib.loads(shipped_path(name).read_text(encoding="utf-8"))
    charter = parse_charter(original, name, cluster_file)
    written = charter_to_toml(charter)
    again = tomllib.loads(written)
    assert parse_charter(again, name, cluster_file) == charter
    # Nothing invented, nothing changed: what is written is the file less its default values.
    assert is_part_of(again, original)
    assert charter_to_toml(parse_charter(again, name, cluster_file)) == written
    # The customer's words and the dates survive as they are.
    assert again["title"] == original["title"]
    assert again["sections"] == original["sections"]
    assert again["in_force_from"] == original["in_force_from"]
    assert isinstance(again["in_force_from"], datetime.date)


def test_it_leaves_defaults_out_of_the_written_toml(cluster_file: ClusterFile) -> None:
    charter = parse_charter(sfv_data(), "x.toml", cluster_file)
    written = tomllib.loads(charter_to_toml(charter))
    assert written["schema_version"] == 1
    assert "term" not in written  # TermRule(rule="none") is the default
    assert "from_chair_municipality" not in written["secretariat"]
    assert written["approval"] == {"precision": "unknown"}


# ---- problems, by field path, in Danish and English -------------------------------------------


def test_it_names_the_seat_part_whose_max_is_below_its_min(cluster_file: ClusterFile) -> None:
    data = fsg_data()
    data["seats"][0]["parts"][0].update(min=2, max=1)
    danish, english = problems_of(data, cluster_file)
    assert danish == ["seats[0].parts[0].max: maksimum (1) er mindre end minimum (2)"]
    assert english == ["seats[0].parts[0].max: the maximum (1) is below the minimum (2)"]


def test_it_names_an_unknown_organisation(cluster_file: ClusterFile) -> None:
    data = sfv_data()
    data["seats"][4]["parts"][0]["organisation"] = "aarhus"
    danish, english = problems_of(data, cluster_file)
    assert danish == ["seats[4].parts[0].organisation: ukendt organisation: aarhus"]
    assert english == ["seats[4].parts[0].organisation: unknown organisation: aarhus"]


def test_it_names_a_rule_citing_a_clause_the_charter_does_not_have(
    cluster_file: ClusterFile,
) -> None:
    data = fsg_data()
    data["chair"]["clause"] = "§ 10"
    data["tasks"][2]["clause"] = "§6"  # no space: not the same ref
    danish, english = problems_of(data, cluster_file)
    assert danish == [
        "chair.clause: henviser til bestemmelsen § 10, som ikke findes i kommissoriet",
        "tasks[2].clause: henviser til bestemmelsen §6, som ikke findes i kommissoriet",
    ]
    assert english[0] == "chair.clause: refers to the clause § 10, which the charter does not have"


def test_it_names_a_section_heading_ref_that_does_not_exist(cluster_file: ClusterFile) -> None:
    data = sfv_data()
    data["meetings"]["theme_days_clause"] = "Mødekadance"
    danish, _ = problems_of(data, cluster_file)
    assert danish == [
        "meetings.theme_days_clause: henviser til bestemmelsen Mødekadance, som ikke findes i "
        "kommissoriet"
    ]


@pytest.mark.parametrize("days", [0, -3])
def test_it_requires_a_positive_agenda_lead_time(days: int, cluster_file: ClusterFile) -> None:
    data = fsg_data()
    data["meetings"]["agenda_lead_days"] = days
    danish, english = problems_of(data, cluster_file)
    assert danish == ["meetings.agenda_lead_days: skal være et positivt tal"]
    assert english == ["meetings.agenda_lead_days: must be a positive number"]


def test_it_names_an_offset_to_a_body_that_does_not_exist(cluster_file: ClusterFile) -> None:
    data = sfv_data()
    data["chair"]["offset_to_body"] = "styregruppen"
    danish, english = problems_of(data, cluster_file)
    assert danish == ["chair.offset_to_body: ukendt organ: styregruppen"]
    assert english == ["chair.offset_to_body: unknown body: styregruppen"]


def test_it_refuses_a_block_with_both_text_and_list(cluster_file: ClusterFile) -> None:
    data = fsg_data()
    clause_block(data, "§ 7")["list"] = "tasks"
    danish, english = problems_of(data, cluster_file)
    # § 7 is the only clause of the fifth section.
    assert danish == [
        "sections[4].clauses[0].blocks[0]: en blok er præcis én af text, items eller list"
    ]
    assert english == [
        "sections[4].clauses[0].blocks[0]: a block is exactly one of text, items or list"
    ]


def test_it_refuses_a_block_with_neither_text_items_nor_list(cluster_file: ClusterFile) -> None:
    data = fsg_data()
    data["sections"][0]["clauses"][0]["blocks"] = [{"ordered": True}]
    danish, _ = problems_of(data, cluster_file)
    assert danish == [
        "sections[0].clauses[0].blocks[0]: en blok er præcis én af text, items eller list"
    ]


def test_it_refuses_an_unknown_field_anywhere(cluster_file: ClusterFile) -> None:
    data = fsg_data()
    data["colour"] = "blå"
    data["seats"][1]["colour"] = "rød"
    data["meetings"]["venue"] = "Gødstrup"
    danish, english = problems_of(data, cluster_file)
    assert sorted(danish) == [
        "colour: er ikke et kendt felt",
        "meetings.venue: er ikke et kendt felt",
        "seats[1].colour: er ikke et kendt felt",
    ]
    assert "seats[1].colour: is not a known field" in english


def test_it_names_schema_errors_by_path(cluster_file: ClusterFile) -> None:
    data = fsg_data()
    data["kind"] = "committee"
    data["seats"][2]["parts"][0]["each_of_kind"] = "county"
    data["seats"][3]["key"] = "Børn og Unge"
    del data["title"]
    danish, english = problems_of(data, cluster_file)
    assert "title: skal udfyldes" in danish
    assert "title: is required" in english
    assert any(p.startswith("kind: skal være en af: ") for p in danish), danish
    assert any(p.startswith("seats[2].parts[0].each_of_kind: skal være en af") for p in danish)
    assert any(p.startswith("seats[3].key: har ikke den rigtige form") for p in danish)


def test_it_refuses_a_seat_part_with_two_sources(cluster_file: ClusterFile) -> None:
    data = sfv_data()
    data["seats"][0]["parts"][0]["organisation"] = "herning"
    danish, english = problems_of(data, cluster_file)
    assert danish[0] == (
        "seats[0].parts[0]: en del af en plads angiver højst én af organisation, each_of_kind, "
        "one_of_kind og chair_side"
    )
    assert english[0].startswith("seats[0].parts[0]: a seat part names at most one of")


def test_it_reports_every_consistency_problem_at_once(cluster_file: ClusterFile) -> None:
    data = fsg_data()
    data["cluster"] = "aarhus"
    data["seats"][5]["appointed_by"] = "dsr"
    data["seats"].append(copy.deepcopy(data["seats"][0]))
    data["tasks"][1]["key"] = "1"
    data["in_force_until"] = datetime.date(2022, 8, 31)
    data["secretariat"]["holds_seat"] = "konsulent"
    data["sections"][5]["clauses"][0]["ref"] = "§ 7"  # § 8 renamed to a second § 7
    del data["meetings"]["leadership_clause"]
    danish, _ = problems_of(data, cluster_file)
    assert danish == [
        "sections: bestemmelsen § 7 findes mere end én gang",
        "in_force_until: slutter, før den begynder",
        "seats: nøglen hospitalsledelse bruges mere end én gang",
        "tasks: nøglen 1 bruges mere end én gang",
        "secretariat.holds_seat: ukendt plads: konsulent",
        "cluster: kommissoriet hører til klyngen aarhus, ikke goedstrup",
        "seats[5].appointed_by: ukendt udpegende instans: dsr",
    ]


def test_it_requires_generated_lists_to_be_shown_in_the_document(cluster_file: ClusterFile) -> None:
    data = fsg_data()
    clause = next(c for s in data["sections"] for c in s["clauses"] if c["ref"] == "§ 6")
    clause["blocks"] = clause["blocks"][:1]
    danish, english = problems_of(data, cluster_file)
    assert danish == [
        'tasks: listen tasks vises ikke i dokumentet (mangler en blok med list = "tasks")'
    ]
    assert english == [
        'tasks: the list tasks is not shown in the document (no block with list = "tasks")'
    ]


def test_it_renders_problems_with_the_source_file(cluster_file: ClusterFile) -> None:
    data = fsg_data()
    data["meetings"]["agenda_lead_days"] = 0
    with pytest.raises(InvalidInput) as raised:
        parse_charter(data, "fsg.toml", cluster_file)
    assert (
        raised.value.render("da")
        == "fsg.toml: meetings.agenda_lead_days: skal være et positivt tal"
    )
    assert str(raised.value) == "fsg.toml: meetings.agenda_lead_days: must be a positive number"


def test_it_reports_a_toml_syntax_error(tmp_path: Path, cluster_file: ClusterFile) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('title = "Faglig strategisk gruppe\n', encoding="utf-8")
    with pytest.raises(InvalidInput) as raised:
        read_charter_file(broken, cluster_file)
    assert raised.value.render("da").startswith(f"{broken}: er ikke gyldig TOML")
    assert raised.value.render("en").startswith(f"{broken}: is not valid TOML")


# ---- rotation orders -------------------------------------------------------------------------


def test_a_rotation_may_name_only_the_clusters_municipalities(cluster_file: ClusterFile) -> None:
    problems = validate_rotation_order(["herning", "region"], cluster_file)
    assert [p.render("da") for p in problems] == [
        "rotation[1]: region er ikke en af klyngens kommuner"
    ]
    assert [p.render("en") for p in problems] == [
        "rotation[1]: region is not one of the cluster's municipalities"
    ]


def test_a_rotation_names_each_municipality_once(cluster_file: ClusterFile) -> None:
    order = ["herning", "holstebro", "ikast-brande", "lemvig", "ringkoebing-skjern", "struer"]
    assert validate_rotation_order(order, cluster_file) == []
    problems = validate_rotation_order([*order, "herning", "goedstrup"], cluster_file)
    assert [p.render("da") for p in problems] == [
        "rotation[7]: goedstrup er ikke en af klyngens kommuner",
        "rotation: nøglen herning bruges mere end én gang",
    ]


# ---- comparing two versions ------------------------------------------------------------------


def statuses(changes: list[ClauseChange]) -> list[tuple[str, str]]:
    return [(c.ref, c.status) for c in changes]


def test_it_compares_a_changed_word_in_one_clause(cluster_file: ClusterFile) -> None:
    old = parse_charter(fsg_data(), "fsg.toml", cluster_file)
    data = fsg_data()
    block = clause_block(data, "§ 7")
    block["text"] = block["text"].replace("udsendes 10 dage", "udsendes 12 dage")
    data["meetings"]["agenda_lead_days"] = 12
    new = parse_charter(data, "fsg.toml", cluster_file)
    changes = compare(charter_document(old), charter_document(new))
    assert statuses(changes) == [
        (ref, "changed" if ref == "§ 7" else "unchanged") for ref in old.clause_refs()
    ]
    change = next(c for c in changes if c.ref == "§ 7")
    assert change.old.startswith("§ 7. Faglig Strategisk Gruppe mødes")
    assert [w for w in change.words if w[0] != "equal"] == [("delete", "10"), ("insert", "12")]
    assert "".join(t for op, t in change.words if op != "insert") == change.old
    assert "".join(t for op, t in change.words if op != "delete") == change.new
    unchanged = next(c for c in changes if c.ref == "§ 8")
    assert (
        unchanged.old
        == unchanged.new
        == "§ 8. Mødeledelsen varetages på skift af det delte formandskab."
    )
    assert unchanged.words == ()


def test_a_changed_seat_label_changes_the_clause_that_lists_it(cluster_file: ClusterFile) -> None:
    old = parse_charter(fsg_data(), "fsg.toml", cluster_file)
    data = fsg_data()
    data["seats"][4]["label"] = data["seats"][4]["label"].replace(
        "To praktiserende", "Tre praktiserende"
    )
    new = parse_charter(data, "fsg.toml", cluster_file)
    changes = compare(charter_document(old), charter_document(new))
    assert [c.ref for c in changes if c.status != "unchanged"] == ["§ 1"]
    change = changes[2]
    assert change.ref == "§ 1"
    assert [w for w in change.words if w[0] != "equal"] == [("delete", "To"), ("insert", "Tre")]


def test_it_compares_an_added_and_a_removed_clause(cluster_file: ClusterFile) -> None:
    old = parse_charter(fsg_data(), "fsg.toml", cluster_file)
    data = fsg_data()
    # § 10 added after § 9; § 8 (meeting leadership) removed with the rule that cites it.
    data["sections"][-1]["clauses"].append(
        {"ref": "§ 10", "numbered": True, "blocks": [{"text": "Kommissoriet revideres årligt."}]}
    )
    data["sections"][5]["clauses"] = []
    del data["meetings"]["leadership"], data["meetings"]["leadership_clause"]
    new = parse_charter(data, "fsg.toml", cluster_file)
    changes = compare(charter_document(old), charter_document(new))
    assert statuses(changes) == [
        ("Hjemmel", "unchanged"),
        ("Formål", "unchanged"),
        *[(f"§ {n}", "unchanged") for n in range(1, 8)],
        ("§ 8", "removed"),
        ("§ 9", "unchanged"),
        ("§ 10", "added"),
    ]
    added, removed = changes[-1], changes[-3]
    assert (added.old, added.new) == ("", "§ 10. Kommissoriet revideres årligt.")
    assert removed.old == "§ 8. Mødeledelsen varetages på skift af det delte formandskab."
    assert removed.new == ""


def test_a_removed_clause_stays_where_it_stood_after_an_addition(cluster_file: ClusterFile) -> None:
    old = parse_charter(fsg_data(), "fsg.toml", cluster_file)
    data = fsg_data()
    data["sections"][0]["clauses"].insert(0, {"ref": "Indledning", "blocks": [{"text": "Ny."}]})
    data["sections"][-1]["clauses"] = []  # § 9 removed
    del data["meetings"]["minutes"], data["meetings"]["minutes_clause"]
    new = parse_charter(data, "fsg.toml", cluster_file)
    refs = [c.ref for c in compare(charter_document(old), charter_document(new))]
    assert refs[-3:] == ["§ 7", "§ 8", "§ 9"]


def test_it_compares_the_title_and_the_approval_line(cluster_file: ClusterFile) -> None:
    old = parse_charter(fsg_data(), "fsg.toml", cluster_file)
    data = fsg_data()
    data["title"] = "Faglig Strategisk Gruppe – Gødstrup-Klyngen"
    data["approval"]["text"] = "Godkendt i Gødstrup-klyngen, juni 2024."
    new = parse_charter(data, "fsg.toml", cluster_file)
    changes = compare(charter_document(old), charter_document(new))
    assert [c.ref for c in changes if c.status != "unchanged"] == ["title", "closing"]
    assert changes[0].old == "Faglig strategisk gruppe – Gødstrup-Klyngen"
    assert [w for w in changes[0].words if w[0] != "equal"] == [
        ("delete", "strategisk"),
        ("insert", "Strategisk"),
        ("delete", "gruppe"),
        ("insert", "Gruppe"),
    ]
    assert changes[-1].new == "Godkendt i Gødstrup-klyngen, juni 2024."


def test_identical_versions_compare_unchanged(cluster_file: ClusterFile) -> None:
    for data in (fsg_data(), sfv_data()):
        charter = parse_charter(data, "x.toml", cluster_file)
        changes = compare(charter_document(charter), charter_document(charter))
        assert {c.status for c in changes} == {"unchanged"}
        assert [c.ref for c in changes] == charter.clause_refs()


# ---- in force --------------------------------------------------------------------------------


def test_a_charter_is_in_force_from_its_first_day_with_no_end(cluster_file: ClusterFile) -> None:
    charter = parse_charter(fsg_data(), "fsg.toml", cluster_file)
    assert charter.in_force_from == datetime.date(2022, 9, 1)
    assert not charter.in_force_on(datetime.date(2022, 8, 31))
    assert charter.in_force_on(datetime.date(2022, 9, 1))
    assert charter.in_force_on(datetime.date(2099, 12, 31))


def test_a_charter_is_in_force_up_to_and_including_its_last_day(cluster_file: ClusterFile) -> None:
    data = fsg_data()
    data["in_force_until"] = datetime.date(2026, 12, 31)
    charter = parse_charter(data, "fsg.toml", cluster_file)
    assert charter.in_force_on(datetime.date(2026, 12, 31))
    assert not charter.in_force_on(datetime.date(2027, 1, 1))
    # A charter in force for one day only.
    data["in_force_until"] = data["in_force_from"]
    one_day: Charter = parse_charter(data, "fsg.toml", cluster_file)
    assert one_day.in_force_on(datetime.date(2022, 9, 1))
    assert not one_day.in_force_on(datetime.date(2022, 9, 2))
    assert not one_day.in_force_on(datetime.date(2022, 8, 31))


def test_the_markdown_prints_numbered_clauses_with_their_ref(cluster_file: ClusterFile) -> None:
    markdown = to_markdown(charter_document(parse_charter(fsg_data(), "fsg.toml", cluster_file)))
    assert markdown.startswith("# Faglig strategisk gruppe – Gødstrup-Klyngen\n")
    assert "\n**§ 7.** Faglig Strategisk Gruppe mødes" in markdown
    assert "\n7. At følge og drøfte centrale nøgletal" in markdown
    assert "\n- Voksen–psykiatri\n" in markdown
    assert markdown.endswith("*Godkendt i Gødstrup-klyngen, september 2022.*\n")


def test_the_words_must_state_the_numbers_of_the_meeting_rules(cluster_file: ClusterFile) -> None:
    data = fsg_data()
    data["meetings"]["agenda_lead_days"] = 12
    danish, english = problems_of(data, cluster_file)
    assert danish == [
        "meetings.agenda_lead_days: teksten i § 7 siger ikke 12 dage; ret teksten eller tallet, så de stemmer"
    ]
    assert english[0].startswith("meetings.agenda_lead_days: the text of § 7 does not say 12 dage")
    data = sfv_data()
    data["meetings"]["theme_days_per_year"] = 3
    assert problems_of(data, cluster_file)[0] == [
        "meetings.theme_days_per_year: teksten i Mødekadence siger ikke 3 årlige temadage; "
        "ret teksten eller tallet, så de stemmer"
    ]


def test_restating_a_number_keeps_words_as_words_and_digits_as_digits() -> None:
    from klynge.core.charter_numbers import restate, states_number

    fsg = "Faglig Strategisk Gruppe mødes som minimum fire gange årligt. Dagsorden udsendes 10 dage forud."
    assert restate(fsg, 4, 6, "gange") == fsg.replace("fire gange", "seks gange")
    assert restate(fsg, 10, 12, "dage") == fsg.replace("10 dage", "12 dage")
    assert (
        restate("Fokusgruppen mødes 4 gange årligt.", 4, 5, "gange")
        == "Fokusgruppen mødes 5 gange årligt."
    )
    assert restate("to årlige temadage", 2, 13, "årlige temadage") == "13 årlige temadage"
    assert states_number("mødes som minimum fire gange årligt", 4, "gange")
    assert not states_number("mødes som minimum fire gange årligt", 5, "gange")
    assert not states_number("i 2-årige perioder", 2, "årige")
