"""Seats: how many members each part of a seat has, from where, continuing, appointed by whom."""

import datetime

from klynge.core.charter import Seat, SeatPart
from klynge.core.cluster import Role
from klynge.core.compliance.facts import BodyOnDate, Holding
from klynge.core.compliance.findings import WARNING_DAYS, Message, Named, listed, message
from klynge.core.i18n import gettext_noop


def seat_holders(facts: BodyOnDate, seat: Seat, day: datetime.date) -> list[Holding]:
    """Who counts toward a seat on a day: seat appointments, not substitutes, never observers
    (who hold no seat, whatever a row says)."""
    return [
        h
        for h in facts.holdings
        if h.seat == seat.key
        and h.substitute_for is None
        and h.role != Role.OBSERVER
        and h.valid_on(day)
    ]


def part_groups(
    facts: BodyOnDate, part: SeatPart, holders: list[Holding]
) -> list[tuple[str | None, list[Holding]]]:
    """The groups a part's bounds apply to: (organisation, its holders)."""
    if part.organisation is not None:
        return [
            (
                part.organisation,
                [h for h in holders if h.organisation in (part.organisation, None)],
            )
        ]
    if part.each_of_kind is not None:
        return [
            (org, [h for h in holders if h.organisation == org])
            for org in facts.of_kind(part.each_of_kind)
        ]
    if part.one_of_kind is not None:
        kind_orgs = set(facts.of_kind(part.one_of_kind))
        return [(None, [h for h in holders if h.organisation in kind_orgs])]
    if part.chair_side is None:
        return [(None, holders)]  # members from any organisation
    chair_org = facts.chair_municipality
    return [
        (
            chair_org,
            [h for h in holders if chair_org is not None and h.organisation == chair_org],
        )
    ]


def bounds_text(part: SeatPart) -> str | Message:
    low, high = part.min, part.max
    if low is not None and high is not None:
        return f"{low}" if low == high else f"{low}–{high}"
    if low is not None:
        return message(gettext_noop("at least {low}"), low=low)
    return message(gettext_noop("at most {high}"), high=str(high))


def seat_named(seat: Seat) -> Named:
    return Named(seat.key, seat.title)


def check_seats(facts: BodyOnDate) -> None:
    soon = facts.on + datetime.timedelta(days=WARNING_DAYS)
    for seat in facts.charter.seats:
        holders = seat_holders(facts, seat, facts.on)
        staying = [h for h in holders if h.end is None or h.end >= soon]
        multi_part = len(seat.parts) > 1
        claimed: set[str] = set()
        for part in seat.parts:
            for org, group in part_groups(facts, part, holders):
                if multi_part:
                    group = [h for h in group if h.person not in claimed]
                claimed |= {h.person for h in group}
                check_bounds(facts, seat, part, org, group, [h for h in group if h in staying])
            if part.one_of_kind is not None:
                used = sorted({h.organisation for h in holders if h.organisation})
                if len(used) > 1:
                    facts.add(
                        "seat.one-organisation", seat.clause, "error",
                        message(gettext_noop("The seat “{seat}” is filled from one organisation, but has members from {organisations}."),
                                seat=seat_named(seat), organisations=", ".join(facts.name(o) for o in used)),
                        seat=seat.key,
                    )  # fmt: skip
        if seat.continuing_min:
            check_continuing(facts, seat, holders)
        if seat.appointed_by:
            for h in holders:
                if h.appointing_body != seat.appointed_by:
                    facts.add(
                        "seat.appointed-by", seat.clause, "error",
                        message(gettext_noop("{person} in the seat “{seat}” must be appointed by {appointer}."),
                                person=h.who, seat=seat_named(seat), appointer=seat.appointed_by.upper()),
                        seat=seat.key, person=h.person,
                    )  # fmt: skip


def check_bounds(
    facts: BodyOnDate,
    seat: Seat,
    part: SeatPart,
    org: str | None,
    group: list[Holding],
    staying: list[Holding],
) -> None:
    name = facts.organisations[org].name if org in facts.organisations else (org or "")
    n = len({h.person for h in group})
    if part.min is not None and n < part.min:
        if part.chair_side and org is None:
            lacks = gettext_noop("The seat “{seat}” lacks members from the chair municipality: {count} of {bounds}.")  # fmt: skip
        elif name and name.casefold() != seat.title.casefold():
            lacks = gettext_noop(
                "The seat “{seat}” lacks members from {name}: {count} of {bounds}."
            )
        else:
            lacks = gettext_noop("The seat “{seat}” lacks members: {count} of {bounds}.")
        facts.add(
            "seat.min", seat.clause, "error",
            message(lacks, seat=seat_named(seat), name=name, count=n, bounds=bounds_text(part)),
            seat=seat.key, organisation=org,
        )  # fmt: skip
    elif part.min is not None and len({h.person for h in staying}) < part.min:
        leaving = {h.person: h.who for h in group if h not in staying}
        ending = sorted(leaving)
        if name:
            will_lack = gettext_noop("The seat “{seat}” from {name} will lack members within {days} days, when {people} leaves.")  # fmt: skip
        else:
            will_lack = gettext_noop("The seat “{seat}” will lack members within {days} days, when {people} leaves.")  # fmt: skip
        facts.add(
            "seat.term-ends", seat.clause, "warning",
            message(will_lack, seat=seat_named(seat), name=name, days=WARNING_DAYS,
                    people=listed([leaving[p] for p in ending])),
            seat=seat.key, organisation=org, person=ending[0] if len(ending) == 1 else None,
        )  # fmt: skip
    if part.max is not None and n > part.max:
        if name:
            too_many = gettext_noop("The seat “{seat}” has too many members from {name}: {count}, at most {max}.")  # fmt: skip
        else:
            too_many = gettext_noop(
                "The seat “{seat}” has too many members: {count}, at most {max}."
            )
        facts.add(
            "seat.max", seat.clause, "error",
            message(too_many, seat=seat_named(seat), name=name, count=n, max=part.max),
            seat=seat.key, organisation=org,
        )  # fmt: skip


def check_continuing(facts: BodyOnDate, seat: Seat, holders: list[Holding]) -> None:
    orgs = sorted({h.organisation for h in holders if h.organisation})
    for part in seat.parts:
        if part.each_of_kind is not None:
            orgs = facts.of_kind(part.each_of_kind)
    for org in orgs:
        group = [h for h in holders if h.organisation == org]
        if not group:
            continue  # an empty seat is reported as seat.min
        continuing = sum(h.continuing for h in group)
        if continuing < seat.continuing_min:
            name = facts.organisations[org].name if org in facts.organisations else org
            # Two texts rather than a plural entry: Danish and English both use the singular
            # for one and the plural for every other number.
            if seat.continuing_min == 1:
                needs = gettext_noop("The seat “{seat}” needs {count} continuing member from {name}; there are {continuing}.")  # fmt: skip
            else:
                needs = gettext_noop("The seat “{seat}” needs {count} continuing members from {name}; there are {continuing}.")  # fmt: skip
            facts.add(
                "seat.continuing", seat.clause, "error",
                message(needs, seat=seat_named(seat), count=seat.continuing_min, name=name, continuing=continuing),
                seat=seat.key, organisation=org,
            )  # fmt: skip
