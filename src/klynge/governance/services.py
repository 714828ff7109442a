"""Every write to the cluster's structure goes through these functions."""

from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction

from klynge.accounts.audit import Actor, record, snapshot
from klynge.core import cluster as core
from klynge.governance.models import AppointingBody, Body, Cluster, Organisation


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
    fields = list(values)
    report.seen.append(label)
    if instance is None:
        instance = model._default_manager.create(**lookup, **values)
        record(
            acting_user=acting_user,
            action=f"{model._meta.model_name}.create",
            instance=instance,
            before=None,
            after=snapshot(instance, list(lookup) + fields),
        )
        report.created.append(label)
        return instance
    before = snapshot(instance, fields)
    for name, value in values.items():
        setattr(instance, name, value)
    after = snapshot(instance, fields)
    if before == after:
        return instance
    instance.save(update_fields=fields)
    record(
        acting_user=acting_user,
        action=f"{model._meta.model_name}.update",
        instance=instance,
        before=before,
        after=after,
    )
    report.updated.append(label)
    return instance


@transaction.atomic
def load_cluster(cluster_file: core.ClusterFile, *, acting_user: Actor) -> LoadReport:
    """Create or update a cluster from its file. Idempotent: a second load changes nothing.

    Nothing is deleted: an organisation or body missing from the file stays, as history does.
    """
    report = LoadReport()
    upsert = {"acting_user": acting_user, "report": report}
    cluster = _upsert(
        Cluster,
        {"key": cluster_file.key},
        {"name": cluster_file.name, "former_names": list(cluster_file.former_names)},
        label=f"cluster {cluster_file.key}",
        **upsert,
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
            **upsert,
        )
    # References are set in a second pass, so the file's order does not matter.
    for org in cluster_file.organisations:
        _upsert(
            Organisation,
            {"cluster": cluster, "key": org.key},
            {"part_of": organisations[org.part_of] if org.part_of else None},
            label=f"organisation {org.key}",
            **upsert,
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
            **upsert,
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
            **upsert,
        )
    for body in cluster_file.bodies:
        _upsert(
            Body,
            {"cluster": cluster, "key": body.key},
            {"reports_to": bodies[body.reports_to] if body.reports_to else None},
            label=f"body {body.key}",
            **upsert,
        )
    # A row touched in both passes is reported once.
    report.created = list(dict.fromkeys(report.created))
    report.updated = [u for u in dict.fromkeys(report.updated) if u not in report.created]
    return report
