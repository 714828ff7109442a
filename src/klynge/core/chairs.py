"""Chair periods: the municipal co-chair's rotation in council-period steps (seed 000 § 2), and
fixed chosen periods offset from another body's (seed 004: 2 years, half a year after)."""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class ChairPeriod:
    start: datetime.date
    end: datetime.date
    region_chair: str | None = None
    municipal_chair: str | None = None
    chosen: bool = False


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1)


def periods(
    first_start: datetime.date, years: int, window_start: datetime.date, window_end: datetime.date
) -> list[tuple[datetime.date, datetime.date]]:
    """Consecutive periods of `years` from `first_start` that overlap the window."""
    found = []
    start = first_start
    while start > window_start:
        start = add_months(start, -12 * years)
    while start <= window_end:
        end = add_months(start, 12 * years) - datetime.timedelta(days=1)
        if end >= window_start:
            found.append((start, end))
        start = end + datetime.timedelta(days=1)
    return found


def rotation(
    *,
    order: list[str],
    first_start: datetime.date,
    years: int,
    window_start: datetime.date,
    window_end: datetime.date,
    region_chair: str | None = None,
) -> list[ChairPeriod]:
    """The planned chairs: the municipalities take turns in `order`, one period each."""
    planned = []
    for start, end in periods(first_start, years, window_start, window_end):
        index = (start.year - first_start.year) // years
        municipal = order[index % len(order)] if order else None
        planned.append(ChairPeriod(start, end, region_chair, municipal, chosen=False))
    return planned


def chair_in_rotation(
    order: list[str], first_start: datetime.date, years: int, on: datetime.date
) -> str | None:
    [period] = rotation(
        order=order, first_start=first_start, years=years, window_start=on, window_end=on
    )
    return period.municipal_chair
