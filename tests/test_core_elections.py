"""The election calendar: the known elections, the rule after them, and the exceptions."""

import datetime
import json

from hypothesis import given
from hypothesis import strategies as st

from klynge.core.elections import ALL, council_period, elections, third_tuesday_of_november
from tests.helpers import klynge


def test_the_known_elections_and_periods() -> None:
    general = [
        (e.date, e.period_start, e.period_end) for e in elections(2017, 2029) if e.applies_to == ALL
    ]
    assert general == [
        (datetime.date(2017, 11, 21), datetime.date(2018, 1, 1), datetime.date(2021, 12, 31)),
        (datetime.date(2021, 11, 16), datetime.date(2022, 1, 1), datetime.date(2025, 12, 31)),
        (datetime.date(2025, 11, 18), datetime.date(2026, 1, 1), datetime.date(2029, 12, 31)),
        (datetime.date(2029, 11, 20), datetime.date(2030, 1, 1), datetime.date(2033, 12, 31)),
    ]


def test_region_oestdanmarks_first_period_is_an_exception() -> None:
    [exception] = [e for e in elections(2025, 2025) if e.applies_to != ALL]
    assert exception.applies_to == "region-oestdanmark"
    assert (exception.period_start, exception.period_end) == (
        datetime.date(2027, 1, 1),
        datetime.date(2029, 12, 31),
    )
    assert council_period(datetime.date(2027, 3, 1), "region-oestdanmark") == (
        exception.period_start,
        exception.period_end,
    )
    assert council_period(datetime.date(2027, 3, 1)) == (
        datetime.date(2026, 1, 1),
        datetime.date(2029, 12, 31),
    )


@given(st.integers(min_value=2030, max_value=2200))
def test_elections_by_the_rule_fall_on_the_third_tuesday_of_november(year: int) -> None:
    day = third_tuesday_of_november(year)
    assert day.weekday() == 1 and day.month == 11 and 15 <= day.day <= 21


@given(st.dates(min_value=datetime.date(2018, 1, 1), max_value=datetime.date(2150, 12, 31)))
def test_every_day_lies_in_exactly_one_four_year_period(day: datetime.date) -> None:
    start, end = council_period(day)
    assert start <= day <= end
    assert (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
    assert end.year - start.year == 3
    assert (start.year - 2018) % 4 == 0


def test_the_command_prints_the_contract_json() -> None:
    result = klynge("elections", "--from", "2021", "--to", "2029", "--json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert data["elections"][0] == {
        "date": "2021-11-16", "period_start": "2022-01-01", "period_end": "2025-12-31", "applies_to": "all",
    }  # fmt: skip
    assert {
        "date": "2025-11-18",
        "period_start": "2027-01-01",
        "period_end": "2029-12-31",
        "applies_to": "region-oestdanmark",
    } in data["elections"]
    assert data["elections"][-1]["date"] == "2029-11-20"
    ran = klynge("elections", "--from", "2025", "--to", "2025")
    assert ran.returncode == 0
    text = ran.stdout
    assert "2025-11-18  valg – valgperiode 2026-01-01 – 2029-12-31" in text
    assert "(kun region-oestdanmark)" in text
