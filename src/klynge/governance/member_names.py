"""Bodies, seats and organisations as a member file names them: by key, by name or short name
("Faglig Strategisk Gruppe", "FSG", "Lemvig Kommune", "Lemvig", the seat's name). The rules are
core.name_match's; this module gives them the cluster's own names, read once per file."""

import datetime

from klynge.core.charter import Seat
from klynge.core.name_match import Candidate, Match, match, quoted
from klynge.core.problems import Problem
from klynge.governance.models import Body, Organisation
from klynge.governance.reads import charter_in_force, charter_of


def body_candidates(bodies: list[Body]) -> list[Candidate[Body]]:
    # Where keys repeat across clusters, a candidate shows the CLUSTER/BODY that names it alone.
    several_clusters = len({b.cluster_id for b in bodies}) > 1
    return [
        Candidate(
            item=b,
            label=f"{b.name} ({b.cluster.key}/{b.key})" if several_clusters else b.name,
            keys=(b.key, f"{b.cluster.key}/{b.key}"),
            names=tuple(n for n in (b.name, b.short_name) if n),
        )
        for b in bodies
    ]


def organisation_candidates(organisations: list[Organisation]) -> list[Candidate[Organisation]]:
    return [
        Candidate(
            item=o,
            label=o.name,
            keys=tuple(k for k in (o.key, o.municipality_code) if k),
            names=(o.name, *o.former_names),
        )
        for o in organisations
    ]


def seat_label(seat: Seat) -> str:
    # The charter writes a seat as a sentence; a list of names has no full stops inside it.
    return seat.label.rstrip(".")


def seat_candidates(seats: tuple[Seat, ...]) -> list[Candidate[Seat]]:
    return [Candidate(item=s, label=seat_label(s), keys=(s.key,), names=(s.label,)) for s in seats]


class ClusterNames:
    """Every body and organisation, and the seats of each charter in force, for one file."""

    def __init__(self) -> None:
        self.bodies = body_candidates(list(Body.objects.select_related("cluster")))
        self._organisations = organisation_candidates(list(Organisation.objects.all()))
        self._seats: dict[tuple[int, datetime.date], tuple[Seat, ...] | None] = {}

    def body(self, text: str) -> Match[Body]:
        return match(text, self.bodies)

    def organisation(self, text: str, body: Body) -> Match[Organisation]:
        own = [c for c in self._organisations if c.item.cluster_id == body.cluster_id]
        return match(text, own)

    def seats(self, body: Body, on: datetime.date) -> tuple[Seat, ...] | None:
        """The seats of the charter in force on `on`; None where the body has no charter then."""
        if (body.pk, on) not in self._seats:
            row = charter_in_force(body, on)
            self._seats[(body.pk, on)] = charter_of(row).seats if row else None
        return self._seats[(body.pk, on)]

    def seat(self, text: str, body: Body, on: datetime.date) -> Match[Seat] | None:
        """The seat meant, or None where the body has no charter to check against."""
        seats = self.seats(body, on)
        return None if seats is None else match(text, seat_candidates(seats))

    def seat_name(self, key: str, body: Body, on: datetime.date) -> str:
        seat = next((s for s in self.seats(body, on) or () if s.key == key), None)
        return seat_label(seat) if seat else key


def name_problem[T](
    found: Match[T], kind: str, value: str, *, row: int, column: str, **params: str
) -> Problem | None:
    """The problem with a name that fits no `kind` or more than one (`kind`: body,
    organisation, seat); None when it names exactly one."""
    if found.found is not None:
        return None
    if found.is_ambiguous:
        code, candidates = f"ambiguous_{kind}_name", found.ambiguous
    elif found.close:
        code, candidates = f"unknown_{kind}_name_close", found.close
    else:
        code, candidates = f"unknown_{kind}_name", ()
    params |= {"value": value, "candidates": quoted(candidates)}
    return Problem("", code, params, row=row, column=column)
