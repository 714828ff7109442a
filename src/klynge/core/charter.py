"""A body's charter (kommissorium) as data: the rulebook the rest of Klynge checks against.

A charter file holds two things that must agree: the document as approved, clause by clause in the
customer's own words, and the rules those clauses set, as structured values. Every rule names the
clause it comes from (`§ 1`, or a section heading where the charter has no § numbers), so that a
finding can cite it. The document is rendered from the same data (see `charter_document`).
"""

import datetime
import re
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from klynge.core.charter_numbers import stated_number_problems
from klynge.core.cluster import KEY_PATTERN, BodyKind, ClusterFile, OrganisationKind, read_toml
from klynge.core.problems import InvalidInput, Problem, location_of

SCHEMA_VERSION: Literal[1] = 1


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# ---- the document --------------------------------------------------------------------------


class Block(_Strict):
    """One paragraph, list or generated list of a clause.

    `text` is a paragraph; `items` a list written out in the clause; `list` a list generated from the
    charter's data (its seats, tasks or sub-bodies) so that the words and the rules cannot drift apart.
    """

    text: str | None = None
    items: tuple[str, ...] | None = None
    ordered: bool = False
    list: Literal["seats", "tasks", "sub_bodies"] | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> "Block":
        if sum(x is not None for x in (self.text, self.items, self.list)) != 1:
            raise PydanticCustomError("block_kind", "a block is exactly one of text, items or list")
        return self


class Clause(_Strict):
    """A clause: `ref` is how findings cite it. `numbered` clauses print their ref (§ 1.) first."""

    ref: str = Field(min_length=1)
    numbered: bool = False
    blocks: tuple[Block, ...] = ()


class Section(_Strict):
    heading: str | None = None
    clauses: tuple[Clause, ...] = ()


# ---- the rules -----------------------------------------------------------------------------


class Approval(_Strict):
    """Who approved the charter and when. A date known only to the month keeps `precision`."""

    by_body: str | None = None
    by_text: str | None = None
    on: datetime.date | None = None
    precision: Literal["day", "month", "year", "unknown"] = "day"
    text: str | None = None  # the approval line as the document prints it


class LegalBasis(_Strict):
    law: str = Field(min_length=1)
    section: str = Field(min_length=1)
    subsection: str | None = None
    clause: str


class SeatPart(_Strict):
    """Where some of a seat's holders come from, and how many.

    At most one of: a named organisation; each organisation of a kind (bounds per organisation);
    any one organisation of a kind; or the organisation that holds the co-chair on one side.
    None of them: members from any organisation (an operative group's members, seed 000 § 5).
    """

    organisation: str | None = None
    each_of_kind: OrganisationKind | None = None
    one_of_kind: OrganisationKind | None = None
    chair_side: Literal["region", "municipality"] | None = None
    min: int | None = Field(default=None, ge=0)
    max: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _one_source(self) -> "SeatPart":
        sources = (self.organisation, self.each_of_kind, self.one_of_kind, self.chair_side)
        if sum(s is not None for s in sources) > 1:
            raise PydanticCustomError(
                "seat_part_source",
                "a seat part names at most one of organisation, each_of_kind, one_of_kind, chair_side",
            )
        return self


class Seat(_Strict):
    key: str = Field(pattern=KEY_PATTERN)
    clause: str
    label: str = Field(min_length=1)
    parts: tuple[SeatPart, ...] = Field(min_length=1)
    area: str | None = None  # e.g. "Børn og Unge", "Sundheds- og Ældreområdet"
    role_title: str | None = None  # e.g. "fagdirektør", "praktiserende læge"
    appointed_by: str | None = None  # an appointing body's key (PLO, PIU …)
    continuing_min: int = Field(
        default=0, ge=0
    )  # per organisation: members who carry on (gennemgående)
    note: str | None = None
    name: str | None = None  # short, e.g. "Kommunale fagdirektører"; the label stands in without it

    @property
    def title(self) -> str:
        """What people call the seat: its short name, else the charter's label without its stop."""
        return self.name or self.label.rstrip(".")


class ChairRule(_Strict):
    clause: str
    # Co-chairs: one from the regional side, one from a municipality.
    regional_organisation: str | None = None
    mode: Literal["rotation", "chosen", "none"]
    period_years: int | None = Field(default=None, gt=0)
    rotation_among: Literal["municipalities"] | None = None
    aligned_with: Literal["council-period"] | None = None
    offset_months: int | None = None
    offset_to_body: str | None = None


class SubBodyChairRule(_Strict):
    clause: str
    from_members_of: str  # body key
    regional_organisation: str | None = None
    municipal: Literal["chair-municipality"] = "chair-municipality"


class SecretariatRule(_Strict):
    """Who serves the body. `served_by_body`: another body's secretariat serves this one (FSG's
    secretariat serves its operative groups, seed 000 § 5); then no secretariat of its own."""

    clause: str
    served_by_body: str | None = None
    from_organisation: str | None = None
    from_chair_municipality: bool = True
    holds_seat: str | None = None
    duties: tuple[
        Literal["plan-meetings", "attend-meetings", "support-coherence", "write-minutes"], ...
    ] = ()
    serves_sub_bodies: bool = False
    sub_bodies_clause: str | None = None
    advisers: str | None = None


class TermRule(_Strict):
    clause: str | None = None
    rule: Literal["election-period", "fixed", "none"]
    years: int | None = Field(default=None, gt=0)


class SubBody(_Strict):
    key: str = Field(pattern=KEY_PATTERN)
    label: str = Field(min_length=1)
    kind: BodyKind
    clause: str


class AdHocGroups(_Strict):
    clause: str
    kinds: tuple[BodyKind, ...]
    contact_person_from_body: bool = True


class Task(_Strict):
    key: str = Field(pattern=KEY_PATTERN)
    clause: str
    text: str = Field(min_length=1)


class MeetingRules(_Strict):
    clause: str
    min_per_year: int | None = Field(default=None, ge=0)
    agenda_lead_days: int | None = None
    lead_days_clause: str | None = None
    leadership: Literal["alternating-co-chairs", "chair", "not-set"] = "not-set"
    leadership_clause: str | None = None
    minutes: Literal["decision-minutes", "minutes", "not-set"] = "not-set"
    minutes_clause: str | None = None
    minutes_publish_days: int | None = Field(default=None, gt=0)
    theme_days_per_year: int | None = Field(default=None, ge=0)
    theme_days_with: tuple[str, ...] = ()
    theme_days_clause: str | None = None


class MemberDuty(_Strict):
    key: str = Field(pattern=KEY_PATTERN)
    clause: str
    summary: str = Field(min_length=1)


class Charter(_Strict):
    schema_version: Literal[1] = SCHEMA_VERSION
    cluster: str = Field(pattern=KEY_PATTERN)
    body: str = Field(pattern=KEY_PATTERN)
    title: str = Field(min_length=1)
    kind: BodyKind
    reports_to: str | None = None
    reports_to_clause: str | None = None
    version: int = Field(ge=1)
    in_force_from: datetime.date
    in_force_until: datetime.date | None = None
    approval: Approval
    legal_basis: tuple[LegalBasis, ...] = ()
    purpose_clause: str | None = None
    sections: tuple[Section, ...] = Field(min_length=1)
    seats: tuple[Seat, ...] = ()
    chair: ChairRule | None = None
    sub_body_chairs: SubBodyChairRule | None = None
    secretariat: SecretariatRule | None = None
    term: TermRule = TermRule(rule="none")
    sub_bodies: tuple[SubBody, ...] = ()
    ad_hoc_groups: AdHocGroups | None = None
    tasks: tuple[Task, ...] = ()
    meetings: MeetingRules | None = None
    member_duties: tuple[MemberDuty, ...] = ()
    may_develop_working_methods: bool = False
    working_methods_clause: str | None = None

    def clause_refs(self) -> list[str]:
        return [c.ref for s in self.sections for c in s.clauses]

    def clause(self, ref: str) -> Clause:
        return next(c for s in self.sections for c in s.clauses if c.ref == ref)

    def in_force_on(self, day: datetime.date) -> bool:
        return self.in_force_from <= day and (
            self.in_force_until is None or day <= self.in_force_until
        )


# ---- reading and checking ------------------------------------------------------------------

_CLAUSE_FIELDS = re.compile(r"(^|_)clause$")


def _clause_references(value: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str, str]]:
    """Every (field path, clause ref) that a rule cites, wherever it sits in the charter."""
    found: list[tuple[str, str]] = []
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name == "sections":
                continue
            item = getattr(value, name)
            if _CLAUSE_FIELDS.search(name) and isinstance(item, str):
                found.append((location_of((*path, name)), item))
            else:
                found += _clause_references(item, (*path, name))
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            found += _clause_references(item, (*path, i))
    return found


def consistency_problems(charter: Charter, cluster: ClusterFile | None = None) -> list[Problem]:
    """What the schema cannot see: bounds, references to clauses, organisations and bodies."""
    problems: list[Problem] = []
    refs = charter.clause_refs()
    for ref in sorted({r for r in refs if refs.count(r) > 1}):
        problems.append(Problem("sections", "duplicate_clause", {"ref": ref}))
    for where, ref in _clause_references(charter):
        if ref not in refs:
            problems.append(Problem(where, "unknown_clause", {"ref": ref}))
    if charter.in_force_until and charter.in_force_until < charter.in_force_from:
        problems.append(Problem("in_force_until", "ends_before_start"))

    seat_keys = [s.key for s in charter.seats]
    for key in sorted({k for k in seat_keys if seat_keys.count(k) > 1}):
        problems.append(Problem("seats", "duplicate_key", {"key": key}))
    for i, seat in enumerate(charter.seats):
        for j, part in enumerate(seat.parts):
            if part.min is not None and part.max is not None and part.max < part.min:
                problems.append(
                    Problem(
                        f"seats[{i}].parts[{j}].max",
                        "max_below_min",
                        {"min": part.min, "max": part.max},
                    )
                )
        if seat.continuing_min and all(
            p.max is not None and p.max < seat.continuing_min for p in seat.parts
        ):
            problems.append(Problem(f"seats[{i}].continuing_min", "continuing_above_max"))
    task_keys = [t.key for t in charter.tasks]
    for key in sorted({k for k in task_keys if task_keys.count(k) > 1}):
        problems.append(Problem("tasks", "duplicate_key", {"key": key}))
    if (
        charter.meetings
        and charter.meetings.agenda_lead_days is not None
        and charter.meetings.agenda_lead_days <= 0
    ):
        problems.append(Problem("meetings.agenda_lead_days", "not_positive"))
    if charter.chair and charter.chair.mode == "rotation" and not charter.chair.period_years:
        problems.append(Problem("chair.period_years", "missing"))
    if (
        charter.secretariat
        and charter.secretariat.holds_seat
        and charter.secretariat.holds_seat not in seat_keys
    ):
        problems.append(
            Problem(
                "secretariat.holds_seat", "unknown_seat", {"key": charter.secretariat.holds_seat}
            )
        )
    lists = {b.list for s in charter.sections for c in s.clauses for b in c.blocks if b.list}
    for name, present in (
        ("seats", charter.seats),
        ("tasks", charter.tasks),
        ("sub_bodies", charter.sub_bodies),
    ):
        if present and name not in lists:
            problems.append(Problem(name, "not_in_document", {"list": name}))
    problems += stated_number_problems(charter)
    if cluster is not None:
        problems += _cluster_problems(charter, cluster)
    return problems


def _cluster_problems(charter: Charter, cluster: ClusterFile) -> list[Problem]:
    problems: list[Problem] = []
    organisations = {o.key: o for o in cluster.organisations}
    bodies = {b.key for b in cluster.bodies}
    appointers = {a.key for a in cluster.appointing_bodies}
    if charter.cluster != cluster.key:
        problems.append(
            Problem("cluster", "wrong_cluster", {"key": charter.cluster, "cluster": cluster.key})
        )
    if charter.body not in bodies:
        problems.append(Problem("body", "unknown_body", {"key": charter.body}))

    def body_ref(where: str, key: str | None) -> None:
        if key is not None and key not in bodies:
            problems.append(Problem(where, "unknown_body", {"key": key}))

    def organisation_ref(where: str, key: str | None) -> None:
        if key is not None and key not in organisations:
            problems.append(Problem(where, "unknown_organisation", {"key": key}))

    body_ref("reports_to", charter.reports_to)
    body_ref("approval.by_body", charter.approval.by_body)
    for i, seat in enumerate(charter.seats):
        for j, part in enumerate(seat.parts):
            organisation_ref(f"seats[{i}].parts[{j}].organisation", part.organisation)
        if seat.appointed_by is not None and seat.appointed_by not in appointers:
            problems.append(
                Problem(f"seats[{i}].appointed_by", "unknown_appointer", {"key": seat.appointed_by})
            )
    if charter.chair:
        organisation_ref("chair.regional_organisation", charter.chair.regional_organisation)
        body_ref("chair.offset_to_body", charter.chair.offset_to_body)
        if charter.chair.rotation_among == "municipalities" and not any(
            o.kind is OrganisationKind.MUNICIPALITY for o in cluster.organisations
        ):
            problems.append(Problem("chair.rotation_among", "no_municipalities"))
    if charter.sub_body_chairs:
        body_ref("sub_body_chairs.from_members_of", charter.sub_body_chairs.from_members_of)
        organisation_ref(
            "sub_body_chairs.regional_organisation", charter.sub_body_chairs.regional_organisation
        )
    if charter.secretariat:
        organisation_ref("secretariat.from_organisation", charter.secretariat.from_organisation)
        body_ref("secretariat.served_by_body", charter.secretariat.served_by_body)
    for i, sub in enumerate(charter.sub_bodies):
        body_ref(f"sub_bodies[{i}].key", sub.key)
    return problems


def validate_rotation_order(order: list[str], cluster: ClusterFile) -> list[Problem]:
    """A rotation may name only the cluster's municipalities, each once."""
    municipalities = {o.key for o in cluster.municipalities()}
    problems = [
        Problem(f"rotation[{i}]", "not_a_municipality", {"key": key})
        for i, key in enumerate(order)
        if key not in municipalities
    ]
    for key in sorted({k for k in order if order.count(k) > 1}):
        problems.append(Problem("rotation", "duplicate_key", {"key": key}))
    return problems


def parse_charter(data: dict[str, Any], source: str, cluster: ClusterFile | None = None) -> Charter:
    from klynge.core.cluster import _schema_problems

    try:
        charter = Charter.model_validate(data)
    except ValidationError as error:
        raise InvalidInput(source, _schema_problems(error)) from None
    problems = consistency_problems(charter, cluster)
    if problems:
        raise InvalidInput(source, problems)
    return charter


def read_charter_file(path: Path, cluster: ClusterFile | None = None) -> Charter:
    return parse_charter(read_toml(path), str(path), cluster)


def charter_to_data(charter: Charter) -> dict[str, Any]:
    """Plain data for TOML and JSON: defaults and empty values left out, dates as dates."""
    return charter.model_dump(mode="python", exclude_defaults=True, exclude_none=True) | {
        "schema_version": charter.schema_version
    }


def charter_to_toml(charter: Charter) -> str:
    import tomli_w

    return tomli_w.dumps(_tuples_to_lists(charter_to_data(charter)), multiline_strings=False)


def _tuples_to_lists(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _tuples_to_lists(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_tuples_to_lists(v) for v in value]
    return value


SHIPPED_CHARTERS_DIR = Path(__file__).resolve().parent.parent / "charters"


def shipped_charter_paths(cluster_key: str) -> list[Path]:
    return sorted((SHIPPED_CHARTERS_DIR / cluster_key).glob("*.toml"))


class GlossaryTerm(_Strict):
    term: str = Field(min_length=1)
    da: str = Field(min_length=1)
    en: str = Field(min_length=1)


class Glossary(_Strict):
    terms: tuple[GlossaryTerm, ...]


def read_glossary() -> Glossary:
    text = (SHIPPED_CHARTERS_DIR / "glossary.toml").read_text(encoding="utf-8")
    return Glossary.model_validate(tomllib.loads(text))
