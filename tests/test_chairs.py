"""Chair periods: FSG's rotation in council periods, the focus group's chosen 2-year periods half a
year after the steering group's, and `klynge chairs schedule`."""

import datetime
import json
from pathlib import Path

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
    data["chair_plans"][1]["rotation_order"] = ["herning", "goedstrup"]
    data["chair_plans"][0]["body"] = "styregruppen"
    from klynge.core.problems import InvalidInput

    try:
        parse_cluster(data, "klynge.toml")
    except InvalidInput as error:
        rendered = [p.render("da") for p in error.problems]
    assert "chair_plans[1].rotation_order[1]: goedstrup er ikke en af klyngens kommuner" in rendered
    assert "chair_plans[0].body: ukendt organ: styregruppen" in rendered


def test_the_schedule_from_the_command_line(tmp_path: Path) -> None:
    from tests.test_cli import isolated, klynge

    env = isolated(tmp_path)
    klynge("manage", "migrate", "-v", "0", env=env)
    klynge("cluster", "load", "goedstrup", "--demo-data", env=env)
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
            env=env,
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
            env=env,
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
            env=env,
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
    text = klynge(
        "chairs", "schedule", "--body", "fsg", "--from", "2026", "--years", "4", env=env
    ).stdout
    assert (
        "2026-01-01 – 2029-12-31  region: goedstrup      kommune: holstebro" in text
        and "efter rotationen" in text
    )
