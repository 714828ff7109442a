"""Reads of the cluster's structure for pages: plain rows, a fixed number of queries."""

from dataclasses import dataclass, field

from django.utils.functional import Promise

from klynge.core.danish import sort_key
from klynge.governance.models import (
    BODY_KIND_LABELS,
    ORGANISATION_KIND_LABELS,
    Body,
    Cluster,
    Organisation,
)


@dataclass
class OrganisationRow:
    key: str
    name: str
    kind: str
    kind_label: str | Promise
    municipality_code: str
    former_names: list[str]


@dataclass
class BodyRow:
    key: str
    name: str
    short_name: str
    kind: str
    kind_label: str | Promise
    reports_to: str | None


@dataclass
class ClusterStructure:
    key: str
    name: str
    former_names: list[str]
    organisations: list[OrganisationRow] = field(default_factory=list)
    bodies: list[BodyRow] = field(default_factory=list)

    @property
    def municipalities(self) -> list[OrganisationRow]:
        found = [o for o in self.organisations if o.kind == "municipality"]
        return sorted(found, key=lambda o: sort_key(o.name))

    @property
    def partners(self) -> list[OrganisationRow]:
        return [o for o in self.organisations if o.kind != "municipality"]


def cluster_structures() -> list[ClusterStructure]:
    """Every cluster with its organisations and bodies, in three queries whatever their number."""
    clusters = {
        c["id"]: ClusterStructure(c["key"], c["name"], c["former_names"])
        for c in Cluster.objects.order_by("name").values("id", "key", "name", "former_names")
    }
    organisations = Organisation.objects.values_list(
        "cluster_id", "key", "name", "kind", "municipality_code", "former_names"
    )
    for cluster_id, key, name, kind, code, former in organisations.order_by(
        "cluster_id", "position"
    ):
        label = ORGANISATION_KIND_LABELS.get(kind, kind)  # type: ignore[call-overload]
        clusters[cluster_id].organisations.append(
            OrganisationRow(key, name, kind, label, code, former)
        )
    bodies = Body.objects.values_list(
        "cluster_id", "key", "name", "short_name", "kind", "reports_to__name"
    )
    for cluster_id, key, name, short_name, kind, parent in bodies.order_by(
        "cluster_id", "position"
    ):
        label = BODY_KIND_LABELS.get(kind, kind)  # type: ignore[call-overload]
        clusters[cluster_id].bodies.append(BodyRow(key, name, short_name, kind, label, parent))
    return list(clusters.values())
