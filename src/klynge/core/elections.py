"""The Danish election calendar: municipal and regional elections and their council periods.

Known elections and exceptions are data (`klynge/data/elections.toml`); later ones follow the rule:
the third Tuesday of November every four years, the period running from 1 January after the election
to 31 December of the next election year.
"""

import datetime
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "elections.toml"
ALL = "all"


@dataclass(frozen=True, order=True)
class Election:
    date: datetime.date
    period_start: datetime.date
    period_end: datetime.date
    applies_to: str = ALL


def third_tuesday_of_november(year: int) -> datetime.date:
    first = datetime.date(year, 11, 1)
    first_tuesday = first + datetime.timedelta(days=(1 - first.weekday()) % 7)
    return first_tuesday + datetime.timedelta(weeks=2)


@cache
def known_elections() -> tuple[Election, ...]:
    data = tomllib.loads(DATA.read_text(encoding="utf-8"))
    return tuple(sorted(Election(**entry) for entry in data["elections"]))


def elections(from_year: int, to_year: int) -> list[Election]:
    """Every election held from `from_year` to `to_year`, exceptions included, in date order."""
    known = known_elections()
    found = [e for e in known if from_year <= e.date.year <= to_year]
    last_general = max(e.date.year for e in known if e.applies_to == ALL)
    year = last_general + 4
    while year <= to_year:
        if year >= from_year:
            found.append(
                Election(
                    third_tuesday_of_november(year),
                    datetime.date(year + 1, 1, 1),
                    datetime.date(year + 4, 12, 31),
                )
            )
        year += 4
    return sorted(found)


def council_period(on: datetime.date, applies_to: str = ALL) -> tuple[datetime.date, datetime.date]:
    """The council period that `on` falls in; an exception for `applies_to` wins over the rule."""
    candidates = elections(on.year - 5, on.year + 1)
    for scope in (applies_to, ALL) if applies_to != ALL else (ALL,):
        for election in candidates:
            if election.applies_to == scope and election.period_start <= on <= election.period_end:
                return election.period_start, election.period_end
    raise ValueError(f"no council period known for {on.isoformat()}")
