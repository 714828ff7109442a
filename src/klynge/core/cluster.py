"""The cluster file: a cluster's organisations, appointing bodies and bodies, as TOML.

The file is the cluster's own description of itself (docs/interfaces.md, "Keys of the shipped cluster").
It is parsed into plain Pydantic models; every problem is reported with its field path.
"""

import datetime
import tomllib
from collections import Counter
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from klynge.core.problems import InvalidInput, Problem, location_of

KEY_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


class Role(StrEnum):
    """What an appointment makes someone besides (or instead of) a seat's member."""

    MEMBER = ""
    CHAIR = "chair"  # a co-chair (medformand)
    SECRETARIAT = "secretariat"
    CONTACT = "contact"  # of a development or implementation group, from its parent body
    # Reads what is not closed and gets the invitations, for a period or one meeting (seed 004's
    # secretariat may consult e.g. Sundhedsplanlægning); holds no seat and never counts toward one.
    OBSERVER = "observer"


class OrganisationKind(StrEnum):
    REGION = "region"
    HOSPITAL = "hospital"
    PSYCHIATRY = "psychiatry"
    MUNICIPALITY = "municipality"
    GENERAL_PRACTICE = "general-practice"
    PATIENTS = "patients"
    OTHER = "other"


class BodyKind(StrEnum):
    STEERING_GROUP = "steering-group"
    STRATEGIC = "strategic"
    TACTICAL_OPERATIONAL = "tactical-operational"
    OPERATIVE_GROUP = "operative-group"
    DEVELOPMENT_GROUP = "development-group"
    IMPLEMENTATION_GROUP = "implementation-group"
    HEALTH_COUNCIL = "health-council"
    OTHER = "other"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Organisation(_Strict):
    key: str = Field(pattern=KEY_PATTERN)
    name: str = Field(min_length=1)
    kind: OrganisationKind
    former_names: tuple[str, ...] = ()
    municipality_code: str | None = Field(default=None, pattern=r"^[0-9]{3}$")
    part_of: str | None = None


class AppointingBody(_Strict):
    key: str = Field(pattern=KEY_PATTERN)
    name: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    organisation: str | None = None


class ShortCharter(_Strict):
    """A short charter for a body the seeds name without one of its own (the operative groups, the
    steering group), written in the cluster file; `core.short_charter` makes it a full charter.

    `follows`: the parent body whose charter sets this body's chair rule, secretariat and meeting
    rules (seed 000 § 5); `min_per_year`, `agenda_lead_days` and `minutes_publish_days` set meeting
    rules of its own.
    `co_chairs` and `chair_period_years`: co-chairs from the region and a municipality, chosen for
    periods of that many years from `in_force_from`.
    """

    in_force_from: datetime.date
    purpose: str = Field(min_length=1)
    approved_by: str | None = None
    follows: str | None = None
    co_chairs: bool = False
    chair_period_years: int | None = Field(default=None, gt=0)
    min_per_year: int | None = Field(default=None, gt=0)
    agenda_lead_days: int | None = Field(default=None, gt=0)
    minutes_publish_days: int | None = Field(default=None, gt=0)


class Body(_Strict):
    key: str = Field(pattern=KEY_PATTERN)
    name: str = Field(min_length=1)
    short_name: str | None = None
    kind: BodyKind
    reports_to: str | None = None
    description: str = ""
    charter: ShortCharter | None = None


class ChairPlan(_Strict):
    """A body's chair periods where the charter leaves them to the cluster: the steering group's
    periods (the focus group's are offset from them), and the order of a rotation."""

    body: str
    first_start: datetime.date | None = None
    period_years: int | None = Field(default=None, gt=0)
    rotation_order: tuple[str, ...] = ()


class BodyGroup(_Strict):
    """Several bodies that a charter names at once, as it names them (seed 004's theme days are
    "med Klyngestyregruppen og de øvrige fokusgrupper"): the bodies listed and every body of the
    kinds given. The body whose charter names the group is never in it ("de øvrige")."""

    name: str = Field(min_length=1)
    bodies: tuple[str, ...] = ()
    kinds: tuple[BodyKind, ...] = ()


class ClusterFile(_Strict):
    key: str = Field(pattern=KEY_PATTERN)
    name: str = Field(min_length=1)
    former_names: tuple[str, ...] = ()
    organisations: tuple[Organisation, ...]
    appointing_bodies: tuple[AppointingBody, ...] = ()
    bodies: tuple[Body, ...] = ()
    chair_plans: tuple[ChairPlan, ...] = ()
    body_groups: tuple[BodyGroup, ...] = ()

    def organisation(self, key: str) -> Organisation:
        return next(o for o in self.organisations if o.key == key)

    def municipalities(self) -> list[Organisation]:
        return [o for o in self.organisations if o.kind is OrganisationKind.MUNICIPALITY]


def _schema_problems(error: ValidationError) -> list[Problem]:
    problems = []
    for item in error.errors():
        params: dict[str, Any] = {}
        ctx = item.get("ctx") or {}
        if "expected" in ctx:
            params["expected"] = ctx["expected"]
        if "pattern" in ctx:
            params["pattern"] = ctx["pattern"]
        params["detail"] = item.get("msg", "")
        problems.append(Problem(location_of(item["loc"]), item["type"], params))
    return problems


def _duplicates(values: list[str]) -> set[str]:
    return {v for v, n in Counter(values).items() if n > 1}


def consistency_problems(cluster: ClusterFile) -> list[Problem]:
    """Problems that the schema alone cannot see: references, uniqueness, reporting cycles."""
    problems: list[Problem] = []
    org_keys = [o.key for o in cluster.organisations]
    for key in sorted(_duplicates(org_keys)):
        problems.append(Problem("organisations", "duplicate_key", {"key": key}))
    codes = [o.municipality_code for o in cluster.organisations if o.municipality_code]
    for code in sorted(_duplicates(codes)):
        problems.append(Problem("organisations", "duplicate_code", {"code": code}))
    for i, org in enumerate(cluster.organisations):
        where = f"organisations[{i}]"
        if org.kind is OrganisationKind.MUNICIPALITY and not org.municipality_code:
            problems.append(Problem(f"{where}.municipality_code", "municipality_needs_code"))
        if org.kind is not OrganisationKind.MUNICIPALITY and org.municipality_code:
            problems.append(Problem(f"{where}.municipality_code", "code_only_for_municipality"))
        if org.part_of is not None and org.part_of not in org_keys:
            problems.append(
                Problem(f"{where}.part_of", "unknown_organisation", {"key": org.part_of})
            )

    aliases: list[str] = []
    for i, appointer in enumerate(cluster.appointing_bodies):
        aliases += {a.casefold() for a in (appointer.name, *appointer.aliases)}
        if appointer.organisation is not None and appointer.organisation not in org_keys:
            problems.append(
                Problem(
                    f"appointing_bodies[{i}].organisation",
                    "unknown_organisation",
                    {"key": appointer.organisation},
                )
            )
    appointer_keys = [a.key for a in cluster.appointing_bodies]
    for key in sorted(_duplicates(appointer_keys)):
        problems.append(Problem("appointing_bodies", "duplicate_key", {"key": key}))
    for alias in sorted(_duplicates(aliases)):
        problems.append(Problem("appointing_bodies", "duplicate_alias", {"alias": alias}))

    body_keys = [b.key for b in cluster.bodies]
    for key in sorted(_duplicates(body_keys)):
        problems.append(Problem("bodies", "duplicate_key", {"key": key}))
    for i, group in enumerate(cluster.body_groups):
        for j, key in enumerate(group.bodies):
            if key not in body_keys:
                problems.append(
                    Problem(f"body_groups[{i}].bodies[{j}]", "unknown_body", {"key": key})
                )
    municipalities = {
        o.key for o in cluster.organisations if o.kind is OrganisationKind.MUNICIPALITY
    }
    for i, plan in enumerate(cluster.chair_plans):
        if plan.body not in body_keys:
            problems.append(Problem(f"chair_plans[{i}].body", "unknown_body", {"key": plan.body}))
        for j, key in enumerate(plan.rotation_order):
            if key not in municipalities:
                problems.append(
                    Problem(
                        f"chair_plans[{i}].rotation_order[{j}]", "not_a_municipality", {"key": key}
                    )
                )
    parents = {b.key: b.reports_to for b in cluster.bodies}
    for i, body in enumerate(cluster.bodies):
        follows = body.charter.follows if body.charter else None
        if follows is not None and follows not in parents:
            problems.append(
                Problem(f"bodies[{i}].charter.follows", "unknown_body", {"key": follows})
            )
        where = f"bodies[{i}].reports_to"
        if body.reports_to is None:
            continue
        if body.reports_to == body.key:
            problems.append(Problem(where, "reports_to_itself"))
        elif body.reports_to not in parents:
            problems.append(Problem(where, "unknown_body", {"key": body.reports_to}))
        else:
            chain = [body.key]
            parent: str | None = body.reports_to
            while parent is not None and parent not in chain:
                chain.append(parent)
                parent = parents.get(parent)
            if parent == body.key:
                problems.append(
                    Problem(where, "reporting_cycle", {"cycle": " → ".join([*chain, body.key])})
                )
    return problems


def parse_cluster(data: dict[str, Any], source: str) -> ClusterFile:
    try:
        cluster = ClusterFile.model_validate(data)
    except ValidationError as error:
        raise InvalidInput(source, _schema_problems(error)) from None
    problems = consistency_problems(cluster)
    if problems:
        raise InvalidInput(source, problems)
    return cluster


def read_toml(path: Path) -> dict[str, Any]:
    """A TOML file's data; an unreadable file or a syntax error is reported as a problem."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InvalidInput(
            str(path), [Problem("", "file_unreadable", {"detail": error.strerror})]
        ) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise InvalidInput(
            str(path), [Problem("", "toml_syntax", {"detail": str(error)})]
        ) from None


def read_cluster_file(path: Path) -> ClusterFile:
    return parse_cluster(read_toml(path), str(path))


SHIPPED_CLUSTERS_DIR = Path(__file__).resolve().parent.parent / "clusters"


def shipped_cluster_names() -> list[str]:
    return sorted(p.stem for p in SHIPPED_CLUSTERS_DIR.glob("*.toml"))


def shipped_cluster_path(name: str) -> Path:
    return SHIPPED_CLUSTERS_DIR / f"{name}.toml"
