"""Chair periods: FSG's rotation in council periods, the focus group's chosen 2-year periods half a
year after the steering group's, and `klynge chairs schedule`."""

import datetime
import json

from klynge.core.chairs import periods, rotation
from klynge.core.cluster import parse_cluster, shipped_cluster_path

ORDER = ["herning", "holstebro", "ikast-brande", "lemvig", "ringkoebing-skjern", "struer"]


def test_the_rotation_gives_each_municipality_a_council_period_in_turn() -> None:
    planned = rotation(
        order=ORDER,
        first_start=datetime.date(2022, 1, 1),
        years=4,
        window_start=datetime.date(2022, 1, 1),
        window_end=datetime.date(2045, 12, 31),
        region_chair="goedstrup",
    )
    assert [(p.start.year, p.end.year, p.municipal_chair) for p in planned] == [
        (2022, 2025, "herning"), (2026, 2029, "holstebro"), (2030, 2033, "ikast-brande"),
        (2034, 2037, "lemvig"), (2038, 2041, "ringkoebing-skjern"), (2042, 2045, "struer"),
    ]  # fmt: skip
    assert all(p.region_chair == "goedstrup" and not p.chosen for p in planned)


def test_periods_offset_by_half_a_year_overlap_the_window() -> None:
    assert periods(
        datetime.date(2022, 7, 1), 2, datetime.date(2024, 1, 1), datetime.date(2025, 12, 31)
    ) == [
        (datetime.date(2022, 7, 1), datetime.date(2024, 6, 30)),
        (datetime.date(2024, 7, 1), datetime.date(2026, 6, 30)),
    ]


def test_a_rotation_may_name_only_the_clusters_municipalities() -> None:
    import tomllib

    data = tomllib.loads(shipped_cluster_path("goedstrup").read_text("utf-8"))
    data["chair_plans"][0]["rotation_order"] = ["herning", "goedstrup"]
    data["chair_plans"].append({"body": "styregruppen", "period_years": 2})
    from klynge.core.problems import InvalidInput

    try:
        parse_cluster(data, "klynge.toml")
    except InvalidInput as error:
        rendered = [p.render("da") for p in error.problems]
    assert "chair_plans[0].rotation_order[1]: goedstrup er ikke en af klyngens kommuner" in rendered
    assert "chair_plans[1].body: ukendt organ: styregruppen" in rendered


def test_the_schedule_from_the_command_line(db: None) -> None:
    from tests.helpers import klynge

    klynge("cluster", "load", "goedstrup", "--demo-data")
    fsg = json.loads(
        klynge(
            "chairs",
            "schedule",
            "--body",
            "fsg",
            "--from",
            "2022",
            "--years",
            "8",
            "--json",
        ).stdout
    )
    assert fsg == {
        "body": "fsg",
        "periods": [
            {
                "start": "2022-01-01",
                "end": "2025-12-31",
                "region_chair": "goedstrup",
                "municipal_chair": "herning",
                "chosen": False,
            },
            {
                "start": "2026-01-01",
                "end": "2029-12-31",
                "region_chair": "goedstrup",
                "municipal_chair": "holstebro",
                "chosen": False,
            },
        ],
    }
    sfv = json.loads(
        klynge(
            "chairs",
            "schedule",
            "--body",
            "sundhed-for-voksne",
            "--from",
            "2024",
            "--years",
            "4",
            "--json",
        ).stdout
    )
    assert [(p["start"], p["municipal_chair"], p["chosen"]) for p in sfv["periods"]] == [
        ("2022-07-01", "ikast-brande", True),
        ("2024-07-01", "ringkoebing-skjern", True),
        ("2026-07-01", "herning", True),
    ]
    steering = json.loads(
        klynge(
            "chairs",
            "schedule",
            "--body",
            "klyngestyregruppe",
            "--from",
            "2018",
            "--years",
            "2",
            "--json",
        ).stdout
    )
    assert steering["periods"] == [
        {
            "start": "2018-01-01",
            "end": "2019-12-31",
            "region_chair": None,
            "municipal_chair": None,
            "chosen": True,
        }
    ]
    text = klynge("chairs", "schedule", "--body", "fsg", "--from", "2026", "--years", "4").stdout
    assert (
        "2026-01-01 – 2029-12-31  region: goedstrup      kommune: holstebro" in text
        and "efter rotationen" in text
    )


# ---- the chairs page ------------------------------------------------------------------------

import pytest  # noqa: E402
from django.test import Client  # noqa: E402

from klynge.accounts.audit import SystemActor  # noqa: E402
from klynge.accounts.models import User  # noqa: E402
from klynge.governance.chairs import plan_version, schedule  # noqa: E402
from klynge.governance.compliance import body_findings  # noqa: E402
from klynge.governance.models import Body  # noqa: E402


@pytest.fixture
def fsg_secretariat(charters: object, secretary: User, patient_rep: User) -> None:
    from klynge.core.member_file import read_member_file
    from klynge.governance.membership import import_members

    lines = [
        "organ;plads;organisation;navn;e-mail;start;slut;rolle",
        f"fsg;;goedstrup;Lars Østergaard;{secretary.email};2026-01-01;;sekretariat",
        "fsg;;holstebro;Hanne Holst;hanne@holstebro.test;2026-01-01;;sekretariat",
        f"fsg;patienter;patienter;Jens Aagaard;{patient_rep.email};2026-01-01;;",
        "klyngestyregruppe;;rm;Rita Regionsen;rita@rm.test;2026-01-01;2027-12-31;formand",
        f"klyngestyregruppe;;goedstrup;Lars Østergaard;{secretary.email};2026-01-01;;sekretariat",
    ]
    rows = read_member_file("\n".join(lines).encode(), "x.csv")
    import_members(rows, source="x.csv", acting_user=SystemActor("test"))


def test_the_chairs_page_shows_the_periods_and_who_takes_over_the_secretariat(
    client: Client, secretary: User, fsg_secretariat: None
) -> None:
    client.force_login(secretary)
    page = client.get("/bodies/fsg/chairs/").content.decode()
    assert "1. januar 2026 – 31. december 2029" in page and "Holstebro Kommune" in page
    assert "Nuværende" in page and "Planlagt" in page
    assert (
        "Fra den 1. januar 2030 overgår det kommunale formandskab til Ikast-Brande Kommune" in page
    )
    assert (
        "Ikast-Brande Kommune bør overtage den kommunale del af sekretariatet fra Holstebro Kommune"
        in page
    )
    assert "Overdrager: Hanne Holst." in page
    assert "?role=secretariat&amp;organisation=ikast-brande&amp;start=2030-01-01" in page
    assert (
        "?role=chair&amp;start=2030-01-01&amp;end=2033-12-31&amp;organisation=ikast-brande" in page
    )


def test_the_secretariat_sets_the_rotation_order_and_a_cluster_load_keeps_it(
    client: Client, secretary: User, fsg_secretariat: None
) -> None:
    from klynge.core.cluster import read_cluster_file, shipped_cluster_path
    from klynge.governance.services import load_cluster

    client.force_login(secretary)
    order = ["lemvig", "struer", "herning", "holstebro", "ikast-brande", "ringkoebing-skjern"]
    fsg = Body.objects.get(key="fsg")
    post = {"plan_version": plan_version(fsg)} | {
        f"position_{i}": key for i, key in enumerate(order, start=1)
    }
    response = client.post("/bodies/fsg/chairs/rotation/", post, follow=True)
    assert "Formandsplanen er gemt." in response.content.decode()
    load_cluster(
        read_cluster_file(shipped_cluster_path("goedstrup")), acting_user=SystemActor("test")
    )
    fsg.refresh_from_db()
    assert fsg.chair_plan["rotation_order"] == order
    found = schedule(fsg, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    assert [p.municipal_chair for p in found] == ["struer"]
    rules = {f.rule for f in body_findings(fsg, datetime.date(2026, 11, 23))}
    assert "secretariat.follows-chair" in rules  # Holstebro's secretary no longer follows the chair

    # The same form opened before that save is refused, and what was chosen stays in the form.
    stale = post | {"plan_version": "0" * 16, "position_1": "herning", "position_3": "lemvig"}
    refused = client.post("/bodies/fsg/chairs/rotation/", stale)
    assert refused.status_code == 409
    assert "En anden har ændret formandsplanen" in refused.content.decode()
    assert '<option value="herning" selected>' in refused.content.decode()
    fsg.refresh_from_db()
    assert fsg.chair_plan["rotation_order"] == order


def test_a_municipality_takes_one_place_in_the_order(
    client: Client, secretary: User, fsg_secretariat: None
) -> None:
    client.force_login(secretary)
    fsg = Body.objects.get(key="fsg")
    post = {"plan_version": plan_version(fsg)} | {f"position_{i}": "herning" for i in range(1, 7)}
    response = client.post("/bodies/fsg/chairs/rotation/", post)
    assert response.status_code == 400
    assert "Hver kommune har én plads i rækkefølgen." in response.content.decode()
    fsg.refresh_from_db()
    assert "set_in_web" not in fsg.chair_plan


def test_the_steering_groups_periods_change_and_the_focus_group_follows(
    client: Client, secretary: User, fsg_secretariat: None
) -> None:
    client.force_login(secretary)
    steering = Body.objects.get(key="klyngestyregruppe")
    page = client.get("/bodies/klyngestyregruppe/chairs/").content.decode()
    assert 'name="first_start" value="2022-01-01"' in page
    response = client.post(
        "/bodies/klyngestyregruppe/chairs/periods/",
        {
            "plan_version": plan_version(steering),
            "first_start": "2023-01-01",
            "period_years": "3",
        },
    )
    assert response.status_code == 302
    steering.refresh_from_db()
    found = schedule(steering, datetime.date(2023, 1, 1), datetime.date(2028, 12, 31))
    assert [(p.start.isoformat(), p.end.isoformat()) for p in found] == [
        ("2023-01-01", "2025-12-31"), ("2026-01-01", "2028-12-31"),
    ]  # fmt: skip
    sfv = schedule(
        Body.objects.get(key="sundhed-for-voksne"),
        datetime.date(2026, 1, 1),
        datetime.date(2026, 12, 31),
    )
    assert [p.start.isoformat() for p in sfv] == ["2025-07-01"]
    assert "Rita Regionsen" in client.get("/bodies/klyngestyregruppe/chairs/").content.decode()


def test_a_member_reads_the_periods_but_cannot_change_them(
    client: Client, patient_rep: User, fsg_secretariat: None
) -> None:
    client.force_login(patient_rep)
    page = client.get("/bodies/fsg/chairs/")
    assert page.status_code == 200 and 'name="position_1"' not in page.content.decode()
    fsg = Body.objects.get(key="fsg")
    post = {"plan_version": plan_version(fsg), "position_1": "struer"}
    assert client.post("/bodies/fsg/chairs/rotation/", post).status_code == 403
    assert client.get("/bodies/sundhed-for-voksne/chairs/").status_code == 404


def test_the_compliance_check_advises_the_secretariat_before_the_chair_moves(
    fsg_secretariat: None,
) -> None:
    fsg = Body.objects.get(key="fsg")
    advice = [f for f in body_findings(fsg, datetime.date(2029, 11, 15)) if f.severity == "info"]
    assert [(f.rule, f.clause, dict(f.subject)) for f in advice] == [
        ("secretariat.handover", "§ 3", {"organisation": "ikast-brande"})
    ]
    assert (
        "Det kommunale formandskab går til Ikast-Brande Kommune den 1. januar 2030"
        in advice[0].message_da
    )
    assert "Hanne Holst fra Holstebro Kommune overdrager" in advice[0].message_da
    assert not [f for f in body_findings(fsg, datetime.date(2029, 10, 1)) if f.severity == "info"]
