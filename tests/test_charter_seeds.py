"""The two shipped charters against the customer's own texts (tests/seeds), clause by clause.

The expected facts are written here by hand from the seed texts, not read back from the TOML, so a
slip in the encoding shows up as a difference from the charter the customer approved. The second
half checks that the rendered document holds every sentence of the seed, and nothing else.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from klynge.core.charter import Charter, read_charter_file, shipped_charter_paths
from klynge.core.charter_document import charter_document, to_markdown
from klynge.core.cluster import ClusterFile

SEEDS = Path(__file__).resolve().parent / "seeds"
FSG_SEED = SEEDS / "000_fsg.txt"
SFV_SEED = SEEDS / "004_sundhed_for_voksne.txt"

ROLLER = "Roller i Fokusgruppen Sundhed for voksne"
BETJENING = "Betjening af Fokusgruppen Sundhed for voksne"
OPGAVER_SFV = "Opgaver i Sundhed for voksne"


def shipped(name: str, cluster_file: ClusterFile) -> Charter:
    paths = {p.name: p for p in shipped_charter_paths("goedstrup")}
    return read_charter_file(paths[name], cluster_file)


@pytest.fixture(scope="module")
def fsg_charter(cluster_file: ClusterFile) -> Charter:
    return shipped("fsg.toml", cluster_file)


@pytest.fixture(scope="module")
def sfv_charter(cluster_file: ClusterFile) -> Charter:
    return shipped("sundhed-for-voksne.toml", cluster_file)


def parts(charter: Charter, seat_key: str) -> list[dict[str, Any]]:
    seat = next(s for s in charter.seats if s.key == seat_key)
    return [p.model_dump(exclude_none=True) for p in seat.parts]


def texts(charter: Charter, ref: str) -> list[str | None]:
    return [b.text for b in charter.clause(ref).blocks]


def cited_clauses(value: Any, path: str = "") -> dict[str, str]:
    """Every rule field ending in `clause` (outside the document) with the ref it cites."""
    found: dict[str, str] = {}
    if isinstance(value, dict):
        for name, item in value.items():
            if name == "sections":
                continue
            where = f"{path}.{name}" if path else name
            if re.search(r"(^|_)clause$", name) and isinstance(item, str):
                found[where] = item
            else:
                found |= cited_clauses(item, where)
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            found |= cited_clauses(item, f"{path}[{i}]")
    return found


def test_the_seeds_are_the_customers_texts() -> None:
    fsg_text = FSG_SEED.read_text(encoding="utf-8")
    sfv_text = SFV_SEED.read_text(encoding="utf-8")
    assert fsg_text.lstrip().startswith("Faglig strategisk gruppe – Gødstrup-Klyngen")
    assert fsg_text.rstrip().endswith("Godkendt i Gødstrup-klyngen, september 2022.")
    assert "Kommissorium for Fokusgruppen Sundhed for voksne:" in sfv_text
    assert sfv_text.rstrip().endswith("de øvrige Fokus \n\ngrupper.")


# ---- seed 000: Faglig Strategisk Gruppe ------------------------------------------------------


def test_fsg_is_laid_out_clause_by_clause_as_the_seed(fsg_charter: Charter) -> None:
    assert fsg_charter.body == "fsg"
    assert fsg_charter.cluster == "goedstrup"
    assert fsg_charter.kind == "strategic"
    assert fsg_charter.title == "Faglig strategisk gruppe – Gødstrup-Klyngen"
    layout = [(s.heading, [c.ref for c in s.clauses]) for s in fsg_charter.sections]
    assert layout == [
        (None, ["Hjemmel"]),
        ("Formål", ["Formål"]),
        ("Sammensætning", ["§ 1", "§ 2", "§ 3", "§ 4", "§ 5"]),
        ("Opgaver", ["§ 6"]),
        ("Gruppens møder", ["§ 7"]),
        ("Mødeledelse", ["§ 8"]),
        ("Mødereferater", ["§ 9"]),
    ]
    numbered = [c.ref for s in fsg_charter.sections for c in s.clauses if c.numbered]
    assert numbered == [f"§ {n}" for n in range(1, 10)]
    # A plain space between § and the number, as findings will cite it.
    assert all(re.fullmatch(r"§ [1-9]", ref) for ref in numbered)


def test_fsg_legal_basis(fsg_charter: Charter) -> None:
    assert texts(fsg_charter, "Hjemmel") == [
        "Faglig strategisk gruppe i Gødstrup-Klyngen er nedsat med hjemmel i § 203 stk. 4 "
        "i Sundhedsloven"
    ]
    law, order = fsg_charter.legal_basis
    assert (law.law, law.section, law.subsection, law.clause) == (
        "Sundhedsloven",
        "§ 203",
        "stk. 4",
        "Hjemmel",
    )
    # § 6: "beskrevet i bekendtgørelse om Sundhedsklynger § 9stk 2".
    assert order.law.casefold().startswith("bekendtgørelse om sundhedsklynger")
    assert (order.section, order.subsection, order.clause) == ("§ 9", "stk. 2", "§ 6")


def test_fsg_purpose(fsg_charter: Charter) -> None:
    assert fsg_charter.purpose_clause == "Formål"
    assert texts(fsg_charter, "Formål") == [
        "Faglig Strategisk gruppe har som hovedopgave at skulle tage hånd om borgere med fokus "
        "på at sikre konkrete løsninger for bedre sammenhæng, kvalitet og øget nærhed og samtidig "
        "være en drivende kraft for styrket kvalitet og omstilling i det samlede sundhedsvæsen.",
        "Faglig Strategisk gruppe skal være operationel og handlekraftig forstået som værende i "
        "stand til hurtigt at kunne iværksætte indsatser.",
    ]


def test_fsg_section_1_has_the_six_seats(fsg_charter: Charter) -> None:
    assert texts(fsg_charter, "§ 1")[:2] == [
        "Faglig Strategisk Gruppe består af repræsentanter fra regionen, kommunerne, almen "
        "praksis samt patienter og pårørende.",
        "Faglig Strategisk gruppe har følgende sammensætning:",
    ]
    assert [b.list for b in fsg_charter.clause("§ 1").blocks] == [None, None, "seats"]
    assert [(s.key, s.clause, s.label) for s in fsg_charter.seats] == [
        (
            "hospitalsledelse",
            "§ 1",
            "En-to repræsentanter fra hospitalsledelsen Regionshospitalet Gødstrup.",
        ),
        (
            "psykiatriledelse",
            "§ 1",
            "En repræsentant fra hospitalsledelsen Regionspsykiatrien i Region Midtjylland.",
        ),
        (
            "kommune-fagdirektoer",
            "§ 1",
            "Én fagdirektør fra hver af kommunerne i Gødstrup-Klyngen.",
        ),
        (
            "boern-unge-fagdirektoer",
            "§ 1",
            "Én fagdirektør fra Børn- og Unge-området fra én kommune i Gødstrup-Klyngen.",
        ),
        (
            "almen-praksis",
            "§ 1",
            "To praktiserende læger – udpeget af PLO – som repræsenterer almen praksis indenfor "
            "sundhedsklyngens område.",
        ),
        (
            "patienter",
            "§ 1",
            "To repræsentanter for patienter og pårørende – udpeget af patientinddragelsesudvalget.",
        ),
    ]
    # "En-to repræsentanter fra hospitalsledelsen Regionshospitalet Gødstrup."
    assert parts(fsg_charter, "hospitalsledelse") == [
        {"organisation": "goedstrup", "min": 1, "max": 2}
    ]
    # "En repræsentant fra hospitalsledelsen Regionspsykiatrien"
    assert parts(fsg_charter, "psykiatriledelse") == [
        {"organisation": "psykiatrien", "min": 1, "max": 1}
    ]
    # "Én fagdirektør fra hver af kommunerne"
    assert parts(fsg_charter, "kommune-fagdirektoer") == [
        {"each_of_kind": "municipality", "min": 1, "max": 1}
    ]
    # "Én fagdirektør fra Børn- og Unge-området fra én kommune"
    assert parts(fsg_charter, "boern-unge-fagdirektoer") == [
        {"one_of_kind": "municipality", "min": 1, "max": 1}
    ]
    # "To praktiserende læger – udpeget af PLO"; "To repræsentanter … udpeget af PIU".
    assert (
        parts(fsg_charter, "almen-praksis")[0]["min"]
        == parts(fsg_charter, "almen-praksis")[0]["max"]
        == 2
    )
    assert (
        parts(fsg_charter, "patienter")[0]["min"] == parts(fsg_charter, "patienter")[0]["max"] == 2
    )
    seats = {s.key: s for s in fsg_charter.seats}
    assert seats["boern-unge-fagdirektoer"].area == "Børn og Unge"
    assert seats["almen-praksis"].appointed_by == "plo"
    assert seats["patienter"].appointed_by == "piu"
    assert seats["kommune-fagdirektoer"].appointed_by is None
    assert seats["kommune-fagdirektoer"].role_title == "fagdirektør"


def test_fsg_section_2_shared_rotating_chair(fsg_charter: Charter) -> None:
    assert texts(fsg_charter, "§ 2") == [
        "Formandskabet i Faglig Strategisk Gruppe er delt mellem regionen (hospitalet i Gødstrup) "
        "og én kommune. Det kommunale formandskab går på skift mellem de seks kommuner i "
        "Gødstrup-Klyngen og varetages i fire år ad gangen."
    ]
    chair = fsg_charter.chair
    assert chair is not None
    assert chair.clause == "§ 2"
    assert chair.regional_organisation == "goedstrup"
    assert chair.mode == "rotation"
    assert chair.rotation_among == "municipalities"
    assert chair.period_years == 4


def test_fsg_section_3_joint_secretariat(fsg_charter: Charter) -> None:
    assert texts(fsg_charter, "§ 3") == [
        "Sekretariatsbetjeningen af Faglig Strategisk Gruppe varetages af et fællessekretariat "
        "bestående af én repræsentant fra regionen (hospitalet i Gødstrup) samt én kommunal "
        "repræsentant fra formandsskabskommunen.",
        "Fællessekretariatet planlægger og deltager i møderne i Faglig Strategisk Gruppe.",
        "Fællessekretariatet understøtter sammenhæng på tværs af Faglig Strategisk Gruppe.",
    ]
    secretariat = fsg_charter.secretariat
    assert secretariat is not None
    assert secretariat.clause == "§ 3"
    assert secretariat.from_organisation == "goedstrup"
    assert secretariat.from_chair_municipality is True
    assert {"plan-meetings", "attend-meetings", "support-coherence"} <= set(secretariat.duties)
    # § 9: "Sekretariatet udarbejder beslutningsreferater."
    assert "write-minutes" in secretariat.duties


def test_fsg_section_4_term_follows_the_election_period(fsg_charter: Charter) -> None:
    assert texts(fsg_charter, "§ 4") == [
        "Funktionsperioden for repræsentanter i Faglig Strategisk Gruppe følger regionsrådets og "
        "kommunernes valgperiode."
    ]
    assert fsg_charter.term.clause == "§ 4"
    assert fsg_charter.term.rule == "election-period"


def test_fsg_section_5_three_operative_groups(
    fsg_charter: Charter, cluster_file: ClusterFile
) -> None:
    assert [b.text or b.list for b in fsg_charter.clause("§ 5").blocks] == [
        "Faglig Strategisk Gruppe har nedsat følgende tre fagligt operative grupper:",
        "sub_bodies",
        "Formandsskabet i de tre fagligt operative grupper varetages af repræsentanter fra Faglig "
        "Strategisk Gruppe og deles mellem regionen (Regionshospitalet Gødstrup) og "
        "formandsskabskommunen.",
        "Fællessekretariatet planlægger og deltager i møderne i de fagligt operative grupper.",
    ]
    assert [(b.key, b.label, b.kind, b.clause) for b in fsg_charter.sub_bodies] == [
        ("fog-voksen-somatik", "Voksen-somatik", "operative-group", "§ 5"),
        ("fog-voksen-psykiatri", "Voksen–psykiatri", "operative-group", "§ 5"),
        ("fog-boern-unge", "Børn og Unge – somatik & psykiatri", "operative-group", "§ 5"),
    ]
    reports = {b.key: b.reports_to for b in cluster_file.bodies}
    assert all(reports[b.key] == "fsg" for b in fsg_charter.sub_bodies)
    chairs = fsg_charter.sub_body_chairs
    assert chairs is not None
    assert chairs.clause == "§ 5"
    assert chairs.from_members_of == "fsg"
    assert chairs.regional_organisation == "goedstrup"
    assert chairs.municipal == "chair-municipality"
    assert fsg_charter.secretariat is not None
    assert fsg_charter.secretariat.serves_sub_bodies is True
    assert fsg_charter.secretariat.sub_bodies_clause == "§ 5"


def test_fsg_section_6_seven_numbered_tasks(fsg_charter: Charter) -> None:
    assert texts(fsg_charter, "§ 6")[0] == (
        "Opgaverne for Faglig Strategisk Gruppe er beskrevet i bekendtgørelse om Sundhedsklynger "
        "§ 9stk 2:"
    )
    tasks_block = fsg_charter.clause("§ 6").blocks[1]
    assert (tasks_block.list, tasks_block.ordered) == ("tasks", True)
    openings = [
        "At tage hånd om borgernes behov med fokus på at sikre konkrete løsninger",
        "At være drivende kraft for styrket kvalitet, sammenhæng og omstilling",
        "Følge op på fastlagte mål og implementering af lokalt og nationalt aftalte initiativer",
        "At udvikle og aftale lokale modeller for bl.a. bedre forløb",
        "Håndtere praktiske udfordringer og muligheder i Gødstrup-Klyngen herunder igangsætte",
        "At sikre implementeringen af nationale eller lokalt prioriterede initiativer",
        "At følge og drøfte centrale nøgletal og data for populationen indenfor Gødstrup-Klyngen",
    ]
    assert [t.key for t in fsg_charter.tasks] == ["1", "2", "3", "4", "5", "6", "7"]
    assert all(t.clause == "§ 6" for t in fsg_charter.tasks)
    for task, opening in zip(fsg_charter.tasks, openings, strict=True):
        assert task.text.startswith(opening), (task.key, task.text)
    assert fsg_charter.tasks[4].text.endswith("kronisk sygdom og fælles forebyggelsesindsatser.")
    assert fsg_charter.tasks[5].text.endswith("som led i de årlige økonomiaftaler.")


def test_fsg_sections_7_to_9_meetings(fsg_charter: Charter) -> None:
    assert texts(fsg_charter, "§ 7") == [
        "Faglig Strategisk Gruppe mødes som minimum fire gange årligt. Dagsorden udsendes "
        "10 dage forud for møderne."
    ]
    assert texts(fsg_charter, "§ 8") == [
        "Mødeledelsen varetages på skift af det delte formandskab."
    ]
    assert texts(fsg_charter, "§ 9") == ["Sekretariatet udarbejder beslutningsreferater."]
    meetings = fsg_charter.meetings
    assert meetings is not None
    assert (meetings.clause, meetings.min_per_year) == ("§ 7", 4)
    assert (meetings.lead_days_clause, meetings.agenda_lead_days) == ("§ 7", 10)
    assert (meetings.leadership_clause, meetings.leadership) == ("§ 8", "alternating-co-chairs")
    assert (meetings.minutes_clause, meetings.minutes) == ("§ 9", "decision-minutes")
    assert meetings.theme_days_per_year is None


def test_fsg_approval_september_2022(fsg_charter: Charter) -> None:
    approval = fsg_charter.approval
    assert approval.text == "Godkendt i Gødstrup-klyngen, september 2022."
    assert approval.on is not None
    assert (approval.on.year, approval.on.month) == (2022, 9)
    assert approval.precision == "month"
    assert fsg_charter.in_force_from == datetime.date(2022, 9, 1)
    assert fsg_charter.in_force_until is None


def test_fsg_every_rule_cites_its_own_clause(fsg_charter: Charter) -> None:
    tasks = {f"tasks[{i}].clause": "§ 6" for i in range(7)}
    seats = {f"seats[{i}].clause": "§ 1" for i in range(6)}
    sub_bodies = {f"sub_bodies[{i}].clause": "§ 5" for i in range(3)}
    assert cited_clauses(fsg_charter.model_dump()) == {
        "legal_basis[0].clause": "Hjemmel",
        "legal_basis[1].clause": "§ 6",
        "purpose_clause": "Formål",
        **seats,
        "chair.clause": "§ 2",
        "sub_body_chairs.clause": "§ 5",
        "secretariat.clause": "§ 3",
        "secretariat.sub_bodies_clause": "§ 5",
        "term.clause": "§ 4",
        **sub_bodies,
        **tasks,
        "meetings.clause": "§ 7",
        "meetings.lead_days_clause": "§ 7",
        "meetings.leadership_clause": "§ 8",
        "meetings.minutes_clause": "§ 9",
    }


# ---- seed 004: Fokusgruppen Sundhed for voksne -----------------------------------------------


def test_sfv_is_laid_out_by_its_section_headings(sfv_charter: Charter) -> None:
    assert sfv_charter.body == "sundhed-for-voksne"
    assert sfv_charter.title == "Kommissorium for Fokusgruppen Sundhed for voksne"
    layout = [(s.heading, [c.ref for c in s.clauses]) for s in sfv_charter.sections]
    assert layout == [
        (None, ["Indledning"]),
        ("Formandsskab", ["Formandsskab"]),
        ("Medlemmer", ["Medlemmer"]),
        (OPGAVER_SFV, [OPGAVER_SFV]),
        (ROLLER, [ROLLER]),
        (BETJENING, [BETJENING]),
        ("Mødekadence", ["Mødekadence"]),
    ]
    assert not any(c.numbered for s in sfv_charter.sections for c in s.clauses)


def test_sfv_is_tactical_operational_and_reports_to_the_steering_group(
    sfv_charter: Charter,
) -> None:
    assert sfv_charter.kind == "tactical-operational"
    assert sfv_charter.reports_to == "klyngestyregruppe"
    assert sfv_charter.reports_to_clause == "Indledning"
    assert texts(sfv_charter, "Indledning") == [
        "Fokusgruppen Sundhed for voksne er et taktisk-operationelt samarbejdsorgan i regi af "
        "Klyngesamarbejdet i Vestklyngen. Vestklyngen består af Hospitalsenheden Vest, "
        "Regionspsykiatrien, Almen praksis samt de seks kommuner Herning, Holstebro, Ikast-Brande, "
        "Lemvig, Ringkøbing-Skjern og Struer i tæt samarbejde med Sundhedsplanlægning Region "
        "Midtjylland.",
        "Fokusgruppen refererer til Klyngestyregruppen i Vestklyngen.",
    ]


def test_sfv_chair_chosen_for_two_years_offset_six_months(sfv_charter: Charter) -> None:
    assert texts(sfv_charter, "Formandsskab") == [
        "Fokusgruppen Sundhed for voksne har delt formandsskab mellem Hospital og Kommune.",
        "Formandsskabet sidder i 2-årige perioder og vælges med ½ års forskydning i forhold til "
        "Klyngestyregruppens formandsskab.",
    ]
    chair = sfv_charter.chair
    assert chair is not None
    assert chair.clause == "Formandsskab"
    assert chair.mode == "chosen"
    assert chair.regional_organisation == "goedstrup"
    assert chair.period_years == 2
    assert chair.offset_months == 6
    assert chair.offset_to_body == "klyngestyregruppe"
    assert chair.rotation_among is None


def test_sfv_members(sfv_charter: Charter) -> None:
    assert [b.list for b in sfv_charter.clause("Medlemmer").blocks] == ["seats"]
    assert [(s.key, s.clause, s.label) for s in sfv_charter.seats] == [
        (
            "kommune",
            "Medlemmer",
            "1-2 Kommunale repræsentanter fra hver kommunes Sundheds- og Ældreområde, minimum én "
            "repræsentant er gennemgående.",
        ),
        ("psykiatri", "Medlemmer", "1-2 Repræsentanter fra psykiatrien."),
        (
            "hospitalsafdelinger",
            "Medlemmer",
            "Repræsentanter fra relevante afdelinger fra Hospitalsenheden Vest.",
        ),
        ("almen-praksis", "Medlemmer", "1 Repræsentant fra almen praksis."),
        (
            "konsulent",
            "Medlemmer",
            "1 Konsulent fra hospital samt fra den kommune der har medformandsskab.",
        ),
    ]
    seats = {s.key: s for s in sfv_charter.seats}
    # "1-2 … fra hver kommunes …, minimum én repræsentant er gennemgående."
    assert parts(sfv_charter, "kommune") == [{"each_of_kind": "municipality", "min": 1, "max": 2}]
    assert seats["kommune"].continuing_min == 1
    assert seats["kommune"].area == "Sundheds- og Ældreområdet"
    assert parts(sfv_charter, "psykiatri") == [{"organisation": "psykiatrien", "min": 1, "max": 2}]
    # "Repræsentanter fra relevante afdelinger": at least one, the number not set.
    assert parts(sfv_charter, "hospitalsafdelinger") == [{"organisation": "goedstrup", "min": 1}]
    assert parts(sfv_charter, "almen-praksis") == [
        {"organisation": "almen-praksis", "min": 1, "max": 1}
    ]
    assert parts(sfv_charter, "konsulent") == [
        {"organisation": "goedstrup", "min": 1, "max": 1},
        {"chair_side": "municipality", "min": 1, "max": 1},
    ]
    # The consultants are the secretariat: "en konsulent fra Hospitalsenheden samt en konsulent
    # fra den kommune som varetager medformandsskabet".
    assert texts(sfv_charter, BETJENING) == [
        "Fokusgruppen sekretariatsbetjenes af en konsulent fra Hospitalsenheden samt en konsulent "
        "fra den kommune som varetager medformandsskabet. Sekretariatet kan indhente bistand og "
        "sparring hos Sundhedsplanlægning Region Midtjylland."
    ]
    secretariat = sfv_charter.secretariat
    assert secretariat is not None
    assert secretariat.clause == BETJENING
    assert secretariat.holds_seat == "konsulent"
    assert secretariat.from_organisation == "goedstrup"
    assert secretariat.from_chair_municipality is True
    assert secretariat.advisers == "Sundhedsplanlægning Region Midtjylland"


def test_sfv_ten_tasks(sfv_charter: Charter) -> None:
    blocks = sfv_charter.clause(OPGAVER_SFV).blocks
    assert blocks[0].text is not None
    assert blocks[0].text.startswith(
        "Fokusgruppen Sundhed for voksne tager som udgangspunkt afsæt i Sundhedsaftalen"
    )
    assert blocks[0].text.endswith(
        "iværksætte nødvendige indsatser med henblik på at efterleve Sundhedsaftalen for Region "
        "Midtjylland."
    )
    assert "Fokusgruppen kan modtage oplæg til opgaver/udviklingsindsatser" in blocks[0].text
    assert (blocks[1].list, blocks[1].ordered) == ("tasks", False)
    openings = [
        "Tager afsæt i værdier og visioner fra Sundhedsaftalen",
        "Arbejder i et grænsekrydsende lederskab",
        "Er den taktiske og operationelle sparring",
        "Samarbejder om at skabe sammenhæng",
        "Varetager udvikling samt afdækning af behovet",
        "Sikrer og etablerer tværsektorielle indsatser",
        "Arbejder sammen om at tilpasse, behovsafdække samt koordinere",
        "Etablerer udviklingsgrupper med henblik på smidige idé-genereringer",
        "Følger op på givne opgaver fra Klyngestyregruppen",
        "Medlemmerne sikrer videreformidling af relevante behov",
    ]
    assert len(sfv_charter.tasks) == 10
    assert all(t.clause == OPGAVER_SFV for t in sfv_charter.tasks)
    for task, opening in zip(sfv_charter.tasks, openings, strict=True):
        assert task.text.startswith(opening), (task.key, task.text)


def test_sfv_roles_duties_and_ad_hoc_groups(sfv_charter: Charter) -> None:
    assert texts(sfv_charter, ROLLER) == [
        "Som medlem af Fokusgruppen Sundhed for voksne forudsættes det, at man er "
        "beslutningsdygtig på et taktisk og operationelt niveau i egen organisation. Som medlem "
        "af Sundhed for voksne forudsættes det endvidere, at man i videst muligt omfang er i stand "
        "til at udtale sig på vegne af ligestillede chef-kolleger i andre organisationer.",
        "I de tilfælde hvor fokusgruppen nedsætter Udviklingsgrupper eller Implementeringsgrupper "
        "udpeges samtidig en kontaktperson i fokusgruppen som ansvarlig for opgavevaretagelsen i "
        "Udviklings- eller Implementeringsgruppen.",
        "Fokusgruppen har mulighed for løbende at udvikle arbejdsform og mødeform.",
    ]
    duties = {d.key: d for d in sfv_charter.member_duties}
    assert duties["beslutningsdygtig"].clause == ROLLER
    assert "taktisk og operationelt niveau" in duties["beslutningsdygtig"].summary
    assert duties["taler-for-kolleger"].clause == ROLLER
    assert "chef-kolleger" in duties["taler-for-kolleger"].summary
    # The last bullet of the tasks: "Medlemmerne sikrer videreformidling …".
    assert duties["videreformidling"].clause == OPGAVER_SFV
    ad_hoc = sfv_charter.ad_hoc_groups
    assert ad_hoc is not None
    assert ad_hoc.clause == ROLLER
    assert set(ad_hoc.kinds) == {"development-group", "implementation-group"}
    assert ad_hoc.contact_person_from_body is True
    assert sfv_charter.may_develop_working_methods is True
    assert sfv_charter.working_methods_clause == ROLLER


def test_sfv_meeting_cadence(sfv_charter: Charter) -> None:
    assert texts(sfv_charter, "Mødekadence") == [
        "Fokusgruppen mødes 4 gange årligt. Dagsordenen udsendes 14 dage forud for mødet, for at "
        "understøtte kravet om, at man som medlem repræsenterer eget og andre fagområder, og "
        "derfor skal have mulighed for at indhente relevante oplysninger forud for "
        "mødedeltagelse.",
        "Fokusgruppen deltager i to årlige temadage med Klyngestyregruppen og de øvrige Fokus "
        "grupper.",
    ]
    meetings = sfv_charter.meetings
    assert meetings is not None
    assert (meetings.clause, meetings.min_per_year) == ("Mødekadence", 4)
    assert (meetings.lead_days_clause, meetings.agenda_lead_days) == ("Mødekadence", 14)
    assert (meetings.theme_days_clause, meetings.theme_days_per_year) == ("Mødekadence", 2)
    assert "klyngestyregruppe" in meetings.theme_days_with
    # The charter sets neither meeting leadership nor minutes.
    assert meetings.leadership == "not-set"
    assert meetings.minutes == "not-set"


def test_sfv_approval_date_is_unknown(sfv_charter: Charter) -> None:
    assert sfv_charter.approval.precision == "unknown"
    assert sfv_charter.approval.on is None
    assert sfv_charter.approval.text is None
    assert sfv_charter.in_force_from == datetime.date(2019, 7, 1)
    assert sfv_charter.term.rule == "none"


def test_sfv_every_rule_cites_its_own_section(sfv_charter: Charter) -> None:
    seats = {f"seats[{i}].clause": "Medlemmer" for i in range(5)}
    tasks = {f"tasks[{i}].clause": OPGAVER_SFV for i in range(10)}
    assert cited_clauses(sfv_charter.model_dump()) == {
        "reports_to_clause": "Indledning",
        **seats,
        "chair.clause": "Formandsskab",
        "secretariat.clause": BETJENING,
        "ad_hoc_groups.clause": ROLLER,
        **tasks,
        "meetings.clause": "Mødekadence",
        "meetings.lead_days_clause": "Mødekadence",
        "meetings.theme_days_clause": "Mødekadence",
        "member_duties[0].clause": ROLLER,
        "member_duties[1].clause": ROLLER,
        "member_duties[2].clause": OPGAVER_SFV,
        "working_methods_clause": ROLLER,
    }


# ---- every sentence of the seed is in the rendered document ---------------------------------

BULLET = re.compile(r"^[\uf0b7\uf0a7\u2022]\s*")  # the PDF's private-use bullet glyphs
LIST_NUMBER = re.compile(r"^\d+\.\s+")
SECTION_START = re.compile(r"^§\s?\d+\.")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅÉ§])")


def join_line_break_hyphens(text: str) -> str:
    """`Sund-⏎hedsloven` → `Sundhedsloven`: a hyphen ending a line before a lowercase letter.

    Every such break in the two seeds is a word split by the PDF (Sund-hedsloven, inden-for,
    Gød-strup, be-stående, repræ-sentant, formands-skabskommunen, Sundheds-klynger, igang-sætte,
    Gødstrup-Klyn-gen, patientinddragelsesudval-get); real hyphens (Børn- og Unge-området,
    Udviklings- eller) sit inside a line and are left alone.
    """
    return re.sub(r"-[ \t]*\n[ \t]*(?=[a-zæøå])", "", text)


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"§(?=\d)", "§ ", text)  # "§4." → "§ 4."
    return " ".join(text.split())


@dataclass
class Unit:
    """A paragraph, list item or heading of the seed, on one line."""

    text: str
    lines: int = 0
    item: bool = False


def seed_units(raw: str) -> list[Unit]:
    """The seed's paragraphs, list items and headings.

    In both seeds a paragraph ends at a line holding only a space; the PDF extraction also puts
    empty lines between wrapped lines of seed 004, and those join. A bullet, a list number or a
    `§ n.` starts a new unit; a line ending in a colon ends one; a short unpunctuated line at the
    start of a unit is a heading ("Formål").
    """
    units: list[Unit] = []
    current: Unit | None = None

    def close() -> None:
        nonlocal current
        if current is not None and current.text.strip():
            units.append(current)
        current = None

    for line in join_line_break_hyphens(raw).split("\n"):
        if line == "":
            continue
        if not line.strip():
            close()
            continue
        stripped = line.strip()
        starts_item = bool(BULLET.match(stripped) or LIST_NUMBER.match(stripped))
        if starts_item or SECTION_START.match(stripped):
            close()
        if current is None:
            current = Unit("", item=starts_item)
            heading = (
                not starts_item
                and not SECTION_START.match(stripped)
                and len(stripped) <= 50
                and not stripped.endswith((".", ",", ";", "-"))
            )
        else:
            heading = False
        current.text += " " + LIST_NUMBER.sub("", BULLET.sub("", stripped))
        current.lines += 1
        if heading or stripped.endswith(":"):
            close()
    close()
    return [Unit(normalise(u.text), u.lines, u.item) for u in units]


def is_heading(unit: Unit) -> bool:
    return (
        not unit.item
        and unit.lines == 1
        and len(unit.text) <= 50
        and not unit.text.endswith((".", ","))
        and not SECTION_START.match(unit.text)
    )


def sentences(text: str) -> list[str]:
    pieces = SENTENCE_END.split(text)
    out: list[str] = []
    for piece in pieces:
        if out and re.fullmatch(r"§ \d+\.", out[-1]):
            out[-1] += " " + piece  # "§ 1." starts its clause's first sentence
        else:
            out.append(piece)
    return out


def markdown_lines(markdown: str) -> tuple[list[str], set[str]]:
    """The rendering's blocks without their Markdown markup, and its headings."""
    lines: list[str] = []
    headings: set[str] = set()
    for line in markdown.splitlines():
        if not line.strip():
            continue
        if line.startswith("#"):
            headings.add(normalise(line.lstrip("#")))
            continue
        line = line.replace("*", "")
        line = re.sub(r"^(- |\d+\. )", "", line)
        lines.append(normalise(line))
    return lines, headings


def missing_sentences(seed: str, markdown: str) -> list[str]:
    lines, headings = markdown_lines(markdown)
    missing: list[str] = []
    for unit in seed_units(seed):
        if is_heading(unit):
            if unit.text.removesuffix(":").strip() not in headings:
                missing.append(f"heading: {unit.text}")
            continue
        for sentence in sentences(unit.text):
            if not any(sentence in line for line in lines) and not (
                sentence.endswith(":") and sentence.removesuffix(":").strip() in headings
            ):
                missing.append(sentence)
    return missing


def invented_sentences(seed: str, markdown: str) -> list[str]:
    """Sentences of the rendering that the seed does not have."""
    lines, headings = markdown_lines(markdown)
    units = seed_units(seed)
    seed_headings = {u.text.removesuffix(":").strip() for u in units if is_heading(u)}
    extra = [f"heading: {h}" for h in sorted(headings - seed_headings)]
    for line in lines:
        for sentence in sentences(line):
            if not any(sentence in unit.text for unit in units):
                extra.append(sentence)
    return extra


def rendered(charter: Charter) -> str:
    return to_markdown(charter_document(charter))


def test_the_normaliser_joins_only_line_break_hyphens() -> None:
    assert join_line_break_hyphens("i Sund-\nhedsloven") == "i Sundhedsloven"
    assert join_line_break_hyphens("Gødstrup-Klyn-\ngen") == "Gødstrup-Klyngen"
    assert join_line_break_hyphens("Børn- og Unge-området") == "Børn- og Unge-området"
    assert join_line_break_hyphens("Voksen-\nSomatik") == "Voksen-\nSomatik"
    assert normalise("§4. Funktionsperioden \n for") == "§ 4. Funktionsperioden for"
    assert sentences("§ 1. Faglig gruppe. Stk. 2 f.eks. her. Slut") == [
        "§ 1. Faglig gruppe.",
        "Stk. 2 f.eks. her.",
        "Slut",
    ]


def test_every_line_break_hyphen_of_the_seeds_splits_one_word() -> None:
    breaks = re.compile(r"(\S+)-[ \t]*\n[ \t]*([a-zæøå]\S*)")
    joined = [
        (a + b).strip("().,:")
        for seed in (FSG_SEED, SFV_SEED)
        for a, b in breaks.findall(seed.read_text(encoding="utf-8"))
    ]
    assert joined == [
        "Sundhedsloven",
        "indenfor",
        "patientinddragelsesudvalget",
        "Gødstrup",
        "bestående",
        "repræsentant",
        "formandsskabskommunen",
        "Sundhedsklynger",
        "igangsætte",
        "Gødstrup-Klyngen",
    ]


def test_the_seeds_split_into_their_headings_items_and_sentences() -> None:
    fsg_units = seed_units(FSG_SEED.read_text(encoding="utf-8"))
    headings = [u.text for u in fsg_units if is_heading(u)]
    assert headings == [
        "Faglig strategisk gruppe – Gødstrup-Klyngen",
        "Formål",
        "Sammensætning",
        "Opgaver",
        "Gruppens møder",
        "Mødeledelse",
        "Mødereferater",
    ]
    assert sum(u.item for u in fsg_units) == 6 + 3 + 7
    assert "§ 4. Funktionsperioden for repræsentanter" in " ".join(u.text for u in fsg_units)
    sfv_units = seed_units(SFV_SEED.read_text(encoding="utf-8"))
    assert [u.text for u in sfv_units if is_heading(u)] == [
        "Kommissorium for Fokusgruppen Sundhed for voksne:",
        "Formandsskab:",
        "Medlemmer:",
        f"{OPGAVER_SFV}:",
        f"{ROLLER}:",
        f"{BETJENING}:",
        "Mødekadence:",
    ]
    assert sum(u.item for u in sfv_units) == 5 + 10
    assert sfv_units[-1].text.endswith(
        "Fokusgruppen deltager i to årlige temadage med Klyngestyregruppen og de øvrige Fokus "
        "grupper."
    )


@pytest.mark.parametrize(
    ("seed", "charter_file", "at_least"),
    [(FSG_SEED, "fsg.toml", 40), (SFV_SEED, "sundhed-for-voksne.toml", 35)],
)
def test_the_document_holds_every_sentence_of_the_seed(
    seed: Path, charter_file: str, at_least: int, cluster_file: ClusterFile
) -> None:
    raw = seed.read_text(encoding="utf-8")
    markdown = rendered(shipped(charter_file, cluster_file))
    count = sum(len(sentences(u.text)) for u in seed_units(raw))
    assert count >= at_least
    missing = missing_sentences(raw, markdown)
    assert not missing, "Missing from the rendered charter:\n" + "\n".join(missing)
    invented = invented_sentences(raw, markdown)
    assert not invented, "Not in the seed:\n" + "\n".join(invented)


def test_the_sentence_check_finds_a_changed_word(fsg_charter: Charter) -> None:
    raw = FSG_SEED.read_text(encoding="utf-8")
    markdown = rendered(fsg_charter).replace(
        "Dagsorden udsendes 10 dage", "Dagsorden udsendes 12 dage"
    )
    markdown = markdown.replace("## Mødeledelse", "## Ledelse af møder")
    assert missing_sentences(raw, markdown) == [
        "Dagsorden udsendes 10 dage forud for møderne.",
        "heading: Mødeledelse",
    ]
    assert invented_sentences(raw, markdown) == [
        "heading: Ledelse af møder",
        "Dagsorden udsendes 12 dage forud for møderne.",
    ]
