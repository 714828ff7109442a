"""The meeting year in plain dates: working days, the agenda deadline, and dates proposed for a
body's charter minimum.

Danish public holidays come from `holidays`; Grundlovsdag, Christmas Eve and New Year's Eve are not
public holidays by law, but public offices close on them, so no meeting or deadline falls there.
The planner also keeps clear of the summer holiday (weeks 28–31), the winter holiday (week 7) and the
days between Christmas and New Year, when members are away.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

import holidays

CLOSED_DAYS = ((6, 5, "Grundlovsdag"), (12, 24, "Juleaftensdag"), (12, 31, "Nytårsaftensdag"))
HOLIDAY_WEEKS = frozenset({7, 28, 29, 30, 31})  # vinterferie, sommerferie


class MeetingKind(StrEnum):
    ORDINARY = "ordinary"
    EXTRAORDINARY = "extraordinary"
    THEME_DAY = "theme-day"


@cache
def closed_days(year: int) -> dict[datetime.date, str]:
    """Public holidays and the days public offices close, with their Danish names."""
    days = {
        day: str(name)
        for day, name in holidays.country_holidays("DK", years=year, language="da").items()
    }
    for month, day, name in CLOSED_DAYS:
        days.setdefault(datetime.date(year, month, day), name)
    return days


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in closed_days(day.year)


def working_day_on_or_before(day: datetime.date) -> datetime.date:
    while not is_working_day(day):
        day -= datetime.timedelta(days=1)
    return day


def agenda_deadline(meeting_day: datetime.date, lead_days: int) -> datetime.date:
    """The day the agenda must be sent: the meeting day minus the charter's lead days, in calendar
    days; when that is not a working day, the working day before."""
    return working_day_on_or_before(meeting_day - datetime.timedelta(days=lead_days))


def _in_holiday(day: datetime.date) -> bool:
    week = day.isocalendar().week
    christmas = (day.month == 12 and day.day >= 22) or (day.month == 1 and day.day <= 2)
    return week in HOLIDAY_WEEKS or christmas


def _suitable(day: datetime.date, taken: Iterable[datetime.date]) -> bool:
    return is_working_day(day) and not _in_holiday(day) and day not in taken


@dataclass(frozen=True)
class Proposal:
    day: datetime.date
    week: int
    # Why the planner moved it: the closed day's Danish name, or "holiday-week".
    moved_because: str | None = None


def propose_dates(
    year: int,
    count: int,
    *,
    weekday: int = 2,
    taken: Iterable[datetime.date] = (),
    not_before: datetime.date | None = None,
) -> list[Proposal]:
    """`count` meeting days spread evenly over `year` on the preferred `weekday` (0 = Monday),
    each moved to the nearest suitable day where it falls on a closed day, in a holiday or on a day
    already taken. With `not_before` (planning the rest of the current year), only days from then
    on: a meeting is never proposed in the past."""
    taken = set(taken)
    proposals: list[Proposal] = []
    start = datetime.date(year, 1, 1)
    if not_before is not None and not_before > start:
        start = not_before
    length = (datetime.date(year + 1, 1, 1) - start).days
    if length <= 0:
        return []
    for i in range(count):
        target = start + datetime.timedelta(days=round((i + 0.5) * length / count))
        target += datetime.timedelta(days=(weekday - target.weekday() + 3) % 7 - 3)
        day, reason = target, None
        if target < start or not _suitable(day, taken):
            reason = closed_days(year).get(day) or ("holiday-week" if _in_holiday(day) else None)
            day = _nearest_suitable(target, taken, weekday, start)
        taken.add(day)
        proposals.append(Proposal(day, day.isocalendar().week, reason))
    return sorted(proposals, key=lambda p: p.day)


def _nearest_suitable(
    target: datetime.date, taken: set[datetime.date], weekday: int, earliest: datetime.date
) -> datetime.date:
    """The closest suitable day: the preferred weekday of the nearest weeks first, then any other
    working day, searching outward week by week."""
    for weeks in range(1, 8):
        for direction in (1, -1):
            day = target + datetime.timedelta(weeks=weeks * direction)
            if day.year == target.year and day >= earliest and _suitable(day, taken):
                return day
    for offset in range(1, 60):
        for direction in (1, -1):
            day = target + datetime.timedelta(days=offset * direction)
            if day.year == target.year and day >= earliest and _suitable(day, taken):
                return day
    return max(target, earliest)


def wheel_position(day: datetime.date, radius: float, centre: float) -> tuple[float, float]:
    """Where a day sits on the annual wheel (årshjul): 1 January at the top, clockwise."""
    import math

    start = datetime.date(day.year, 1, 1)
    length = (datetime.date(day.year + 1, 1, 1) - start).days
    angle = 2 * math.pi * ((day - start).days + 0.5) / length - math.pi / 2
    return round(centre + radius * math.cos(angle), 1), round(centre + radius * math.sin(angle), 1)


@dataclass(frozen=True)
class Leadership:
    meeting: int
    leader: str | None  # e-mail
    chosen: bool  # set by the secretariat rather than by turn


def alternate_leaders(
    meetings: list[tuple[int, datetime.date, str | None]],
    co_chairs_on: Callable[[datetime.date], list[str]],
) -> list[Leadership]:
    """Who leads each meeting, in date order: the co-chair who did not lead the meeting before
    (seed 000 § 8: "Mødeledelsen går på skift mellem formandskabet"), unless the secretariat chose
    someone (`meetings` holds id, day and the chosen leader's e-mail or None)."""
    found = []
    previous: str | None = None
    for meeting, day, chosen in sorted(meetings, key=lambda m: (m[1], m[0])):
        leader: str | None
        if chosen is not None:
            leader = chosen
        else:
            candidates = co_chairs_on(day)
            leader = next((c for c in candidates if c != previous), None) or (
                candidates[0] if candidates else None
            )
        found.append(Leadership(meeting, leader, chosen is not None))
        previous = leader if leader is not None else previous
    return found
