"""Every write to the cluster's structure goes through these functions."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction

from klynge.accounts import audit
from klynge.accounts.audit import Actor
from klynge.core import cluster as core
from klynge.core.charter import Charter
from klynge.governance.models import AppointingBody, Body, CharterVersion, Cluster, Organisation


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    seen: list[str] = field(default_factory=list)

    @property
    def unchanged(self) -> int:
        return len(set(self.seen) - set(self.created) - set(self.updated))


def _upsert(
    model: type[models.Model],
    lookup: dict[str, Any],
    values: dict[str, Any],
    *,
    acting_user: Actor,
    report: LoadReport,
    label: str,
) -> Any:
    instance = model._default_manager.filter(**lookup).first()
    report.seen.append(label)
    if instance is None:
        instance = model._default_manager.create(**lookup, **values)
        audit.created(
            instance,
            acting_user=acting_user,
            action=f"{model._meta.model_name}.create",
            audited=[*lookup, *values],
        )
        report.created.append(label)
        return instance
    if audit.update(
        instance, acting_user=acting_user, action=f"{model._meta.model_name}.update", **values
    ):
        report.updated.append(label)
    return instance


@transaction.atomic
def load_cluster(cluster_file: core.ClusterFile, *, acting_user: Actor) -> LoadReport:
    """Create or update a cluster from its file. Idempotent: a second load changes nothing.

    Nothing is deleted: an organisation or body missing from the file stays, as history does.
    """
    report = LoadReport()
    cluster = _upsert(
        Cluster,
        {"key": cluster_file.key},
        {
            "name": cluster_file.name,
            "former_names": list(cluster_file.former_names),
            "body_groups": [g.model_dump(mode="json") for g in cluster_file.body_groups],
        },
        label=f"cluster {cluster_file.key}",
        acting_user=acting_user,
        report=report,
    )
    organisations: dict[str, Organisation] = {}
    for position, org in enumerate(cluster_file.organisations):
        organisations[org.key] = _upsert(
            Organisation,
            {"cluster": cluster, "key": org.key},
            {
                "name": org.name,
                "kind": org.kind.value,
                "municipality_code": org.municipality_code or "",
                "former_names": list(org.former_names),
                "position": position,
            },
            label=f"organisation {org.key}",
            acting_user=acting_user,
            report=report,
        )
    # References are set in a second pass, so the file's order does not matter.
    for org in cluster_file.organisations:
        _upsert(
            Organisation,
            {"cluster": cluster, "key": org.key},
            {"part_of": organisations[org.part_of] if org.part_of else None},
            label=f"organisation {org.key}",
            acting_user=acting_user,
            report=report,
        )
    for appointer in cluster_file.appointing_bodies:
        _upsert(
            AppointingBody,
            {"cluster": cluster, "key": appointer.key},
            {
                "name": appointer.name,
                "aliases": list(appointer.aliases),
                "organisation": organisations[appointer.organisation]
                if appointer.organisation
                else None,
            },
            label=f"appointing body {appointer.key}",
            acting_user=acting_user,
            report=report,
        )
    bodies: dict[str, Body] = {}
    for position, body in enumerate(cluster_file.bodies):
        bodies[body.key] = _upsert(
            Body,
            {"cluster": cluster, "key": body.key},
            {
                "name": body.name,
                "short_name": body.short_name or "",
                "kind": body.kind.value,
                "description": body.description,
                "position": position,
            },
            label=f"body {body.key}",
            acting_user=acting_user,
            report=report,
        )
    plans = {
        plan.body: plan.model_dump(mode="json", exclude_defaults=True)
        for plan in cluster_file.chair_plans
    }
    for body in cluster_file.bodies:
        plan = plans.get(body.key, {})
        plan.pop("body", None)
        if bodies[body.key].chair_plan.get("set_in_web"):
            plan = bodies[
                body.key
            ].chair_plan  # the secretariat's choice outlives the file's default
        _upsert(
            Body,
            {"cluster": cluster, "key": body.key},
            {
                "reports_to": bodies[body.reports_to] if body.reports_to else None,
                "chair_plan": plan,
            },
            label=f"body {body.key}",
            acting_user=acting_user,
            report=report,
        )
    # A row touched in both passes is reported once.
    report.created = list(dict.fromkeys(report.created))
    report.updated = [u for u in dict.fromkeys(report.updated) if u not in report.created]
    return report


# ---- charters ------------------------------------------------------------------------------


class CharterRefused(Exception):
    """A charter version that cannot be saved as it is; `code` and `params` name why."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(code)


def _approver(charter: Charter, cluster: Cluster) -> str:
    if charter.approval.by_body:
        body = Body.objects.filter(cluster=cluster, key=charter.approval.by_body).first()
        return body.name if body else charter.approval.by_body
    return charter.approval.by_text or ""


def _version_row(charter: Charter) -> dict[str, Any]:
    return {
        "title": charter.title,
        "in_force_from": charter.in_force_from,
        "in_force_until": charter.in_force_until,
        "approved_on": charter.approval.on,
        "approval_precision": charter.approval.precision,
        "data": charter.model_dump(mode="json"),
    }


VERSION_FIELDS = [
    "version",
    "title",
    "in_force_from",
    "in_force_until",
    "approved_by",
    "approved_on",
]


@transaction.atomic
def import_charter(charter: Charter, *, acting_user: Actor) -> tuple[CharterVersion, bool]:
    """Save a new version of a body's charter; returns (version, created).

    The same version imported again is a no-op, so loading a cluster twice changes nothing. A new
    version must have a higher number and come into force after the versions before it; the
    version in force until then ends the day before.
    """
    cluster = Cluster.objects.filter(key=charter.cluster).first()
    if cluster is None:
        raise CharterRefused("unknown_cluster", key=charter.cluster)
    body = Body.objects.filter(cluster=cluster, key=charter.body).first()
    if body is None:
        raise CharterRefused("unknown_body", key=charter.body)
    existing = CharterVersion.objects.select_for_update().filter(body=body)
    same = existing.filter(version=charter.version).first()
    if same is not None:
        if Charter.model_validate(same.data) == charter.model_copy(
            update={"in_force_until": _stored_until(same)}
        ):
            return same, False
        raise CharterRefused("version_exists", version=charter.version, next=_next_version(body))
    latest = existing.order_by("-version").first()
    if latest is not None:
        if charter.version < latest.version:
            raise CharterRefused(
                "version_too_low", version=charter.version, next=latest.version + 1
            )
        if charter.in_force_from <= latest.in_force_from:
            raise CharterRefused(
                "starts_too_early",
                start=charter.in_force_from,
                previous=latest.in_force_from,
            )
        if latest.in_force_until is None or latest.in_force_until >= charter.in_force_from:
            _end_before(latest, charter.in_force_from, acting_user=acting_user)
    version = CharterVersion.objects.create(
        body=body,
        version=charter.version,
        approved_by=_approver(charter, cluster),
        **_version_row(charter),
    )
    audit.created(
        version,
        acting_user=acting_user,
        action="charterversion.create",
        audited=[*VERSION_FIELDS, "body"],
    )
    return version, True


def _end_before(row: CharterVersion, start: datetime.date, *, acting_user: Actor) -> None:
    """End a version the day before the next one comes into force."""
    audit.update(
        row,
        acting_user=acting_user,
        action="charterversion.end",
        in_force_until=start - datetime.timedelta(days=1),
    )


def _stored_until(row: CharterVersion) -> datetime.date | None:
    stored = row.data.get("in_force_until")
    return datetime.date.fromisoformat(stored) if stored else None


def _next_version(body: Body) -> int:
    latest = CharterVersion.objects.filter(body=body).order_by("-version").first()
    return latest.version + 1 if latest else 1


def load_shipped_charters(cluster_key: str, *, acting_user: Actor) -> list[CharterVersion]:
    """Import the charters that ship with a cluster; the ones already there are left alone."""
    from klynge.core.charter import read_charter_file, shipped_charter_paths
    from klynge.core.cluster import read_cluster_file, shipped_cluster_path

    cluster_file = read_cluster_file(shipped_cluster_path(cluster_key))
    created = []
    for path in shipped_charter_paths(cluster_key):
        version, new = import_charter(
            read_charter_file(path, cluster_file), acting_user=acting_user
        )
        if new:
            created.append(version)
    return created + load_short_charters(cluster_file, acting_user=acting_user)


def load_short_charters(
    cluster_file: core.ClusterFile, *, acting_user: Actor
) -> list[CharterVersion]:
    """Version 1 of the charter of each body with a short charter in the cluster file, where the
    body has none yet. Later versions are the secretariat's, through the charter forms."""
    from klynge.core.short_charter import short_charter
    from klynge.governance.reads import charter_in_force, charter_of

    bodies = {b.key: b for b in Body.objects.filter(cluster__key=cluster_file.key)}
    created = []
    for spec in cluster_file.bodies:
        body = bodies.get(spec.key)
        if spec.charter is None or body is None or body.charter_versions.exists():
            continue
        parent = None
        if spec.charter.follows is not None:
            parent_body = bodies[spec.charter.follows]
            row = (
                charter_in_force(parent_body, spec.charter.in_force_from)
                or parent_body.charter_versions.order_by("version").first()
            )
            if row is None:
                continue  # the parent's charter is imported first; a later load adds this one
            parent = charter_of(row)
        version, new = import_charter(
            short_charter(cluster_file, spec, parent), acting_user=acting_user
        )
        if new:
            created.append(version)
    return created


def _latest_for_change(body: Body, based_on_version: int) -> CharterVersion:
    latest = (
        CharterVersion.objects.select_for_update().filter(body=body).order_by("-version").first()
    )
    if latest is None:
        raise CharterRefused("no_charter")
    if latest.version != based_on_version:
        raise CharterRefused("changed_meanwhile", version=latest.version)
    return latest


def _with_changes(
    latest: CharterVersion, body: Body, changes: dict[str, Any], version: int
) -> Charter:
    """The latest version's charter with `changes` (dotted paths) applied, checked in full."""
    from klynge.core.charter import parse_charter

    current = Charter.model_validate(latest.data)
    data = current.model_dump(mode="python")
    for path, value in changes.items():
        target = data
        *parents, leaf = path.split(".")
        for name in parents:
            target = target[name]
        target[leaf] = value
    data["version"] = version
    data["in_force_until"] = latest.in_force_until if version == latest.version else None
    _restate_meeting_numbers(current, data)
    return parse_charter(data, f"{body.key} version {version}", cluster_file_of(body.cluster))


@transaction.atomic
def change_charter(
    *, acting_user: Actor, body: Body, based_on_version: int, changes: dict[str, Any]
) -> CharterVersion:
    """A new version of the charter with some common fields changed.

    `based_on_version` is the version the editor saw: if someone saved a newer one meanwhile, the
    change is refused rather than silently overwriting theirs.
    """
    latest = _latest_for_change(body, based_on_version)
    charter = _with_changes(latest, body, changes, latest.version + 1)
    version, _ = import_charter(charter, acting_user=acting_user)
    return version


@transaction.atomic
def correct_charter(
    *, acting_user: Actor, body: Body, based_on_version: int, changes: dict[str, Any]
) -> CharterVersion:
    """Correct the latest version in place, e.g. its approval or in-force date once it is known.

    No new version is made; the audit trail keeps what the version said before.
    """
    latest = _latest_for_change(body, based_on_version)
    charter = _with_changes(latest, body, changes, latest.version)
    previous = (
        CharterVersion.objects.select_for_update()
        .filter(body=body, version__lt=latest.version)
        .order_by("-version")
        .first()
    )
    if previous is not None and charter.in_force_from <= previous.in_force_from:
        raise CharterRefused(
            "starts_too_early",
            start=charter.in_force_from,
            previous=previous.in_force_from,
        )
    audit.update(
        latest,
        acting_user=acting_user,
        action="charterversion.correct",
        audited=[*VERSION_FIELDS, "data"],
        **_version_row(charter),
        approved_by=_approver(charter, body.cluster),
    )
    day_before = charter.in_force_from - datetime.timedelta(days=1)
    if previous is not None and previous.in_force_until != day_before:
        _end_before(previous, charter.in_force_from, acting_user=acting_user)
    return latest


def _restate_meeting_numbers(current: Charter, data: dict[str, Any]) -> None:
    """Where a form changed a number the clause also writes out, rewrite the words with it."""
    from klynge.core.charter_numbers import STATED_NUMBERS, restate

    if current.meetings is None or data.get("meetings") is None:
        return
    for rule, clause_field, unit in STATED_NUMBERS:
        old, new = getattr(current.meetings, rule), data["meetings"].get(rule)
        ref = getattr(current.meetings, clause_field) or current.meetings.clause
        if old is None or new is None or old == new:
            continue
        for section in data["sections"]:
            for clause in section["clauses"]:
                if clause["ref"] != ref:
                    continue
                for block in clause["blocks"]:
                    if block.get("text"):
                        block["text"] = restate(block["text"], old, new, unit)


def parse_uploaded_charter(content: bytes, file_name: str, body: Body) -> Charter:
    """An uploaded charter file, checked in full against the schema and the cluster's own data.

    The file must be for the body whose page it was uploaded on.
    """
    import tomllib

    from klynge.core.charter import parse_charter
    from klynge.core.problems import InvalidInput, Problem

    try:
        data = tomllib.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InvalidInput(
            file_name, [Problem("", "file_unreadable", {"detail": "UTF-8"})]
        ) from None
    except tomllib.TOMLDecodeError as error:
        raise InvalidInput(
            file_name, [Problem("", "toml_syntax", {"detail": str(error)})]
        ) from None
    charter = parse_charter(data, file_name, cluster_file_of(body.cluster))
    if charter.body != body.key:
        raise InvalidInput(
            file_name, [Problem("body", "other_body", {"key": charter.body, "body": body.key})]
        )
    return charter


def cluster_file_of(cluster: Cluster) -> core.ClusterFile:
    """The cluster as the charter checks see it, built from the database (not from a file)."""
    organisations = [
        core.Organisation(
            key=o.key,
            name=o.name,
            kind=core.OrganisationKind(o.kind),
            municipality_code=o.municipality_code or None,
            part_of=o.part_of.key if o.part_of else None,
        )
        for o in cluster.organisations.select_related("part_of")
    ]
    appointers = [
        core.AppointingBody(key=a.key, name=a.name, aliases=tuple(a.aliases))
        for a in cluster.appointing_bodies.all()
    ]
    bodies = [
        core.Body(
            key=b.key,
            name=b.name,
            kind=core.BodyKind(b.kind),
            reports_to=b.reports_to.key if b.reports_to else None,
        )
        for b in cluster.bodies.select_related("reports_to")
    ]
    return core.ClusterFile(
        key=cluster.key,
        name=cluster.name,
        organisations=tuple(organisations),
        appointing_bodies=tuple(appointers),
        bodies=tuple(bodies),
    )
