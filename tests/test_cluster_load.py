"""`klynge cluster load`: the cluster's structure in the database, audited, idempotent."""

from pathlib import Path

import pytest

from klynge.accounts.audit import SystemActor
from klynge.accounts.models import AuditEntry
from klynge.core.cluster import read_cluster_file, shipped_cluster_path
from klynge.governance.models import AppointingBody, Body, Cluster, Organisation
from klynge.governance.services import load_cluster
from tests.helpers import Ran, klynge


def load() -> object:
    return load_cluster(
        read_cluster_file(shipped_cluster_path("goedstrup")),
        acting_user=SystemActor("cli:sekretær"),
    )


@pytest.mark.django_db
def test_it_loads_organisations_bodies_and_appointing_bodies() -> None:
    report = load()
    cluster = Cluster.objects.get(key="goedstrup")
    assert cluster.name == "Gødstrup-Klyngen"
    assert Organisation.objects.filter(cluster=cluster).count() == 11
    herning = Organisation.objects.get(cluster=cluster, key="herning")
    assert (herning.kind, herning.municipality_code) == ("municipality", "657")
    assert Organisation.objects.get(key="goedstrup").part_of.key == "rm"  # type: ignore[union-attr]
    fsg = Body.objects.get(cluster=cluster, key="fsg")
    assert fsg.reports_to.key == "klyngestyregruppe"  # type: ignore[union-attr]
    assert sorted(fsg.sub_bodies.values_list("key", flat=True)) == [
        "fog-boern-unge", "fog-voksen-psykiatri", "fog-voksen-somatik",
    ]  # fmt: skip
    assert AppointingBody.objects.get(key="plo").aliases == ["PLO"]
    assert len(report.created) == 20  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_it_audits_each_created_row_as_the_acting_user() -> None:
    load()
    entries = AuditEntry.objects.filter(action="body.create")
    assert entries.count() == 6
    entry = entries.get(object_id=str(Body.objects.get(key="fsg").pk))
    assert entry.actor is None
    assert entry.actor_label == "cli:sekretær"
    assert entry.before is None
    assert entry.after["name"] == "Faglig Strategisk Gruppe"  # type: ignore[index]
    # References are set in a second pass, recorded as an update of the new row.
    link = AuditEntry.objects.get(action="body.update", object_id=entry.object_id)
    assert link.before["reports_to"] is None  # type: ignore[index]
    assert link.after["reports_to"] == Body.objects.get(key="klyngestyregruppe").pk  # type: ignore[index]


@pytest.mark.django_db
def test_loading_again_changes_and_audits_nothing() -> None:
    load()
    audit_rows = AuditEntry.objects.count()
    report = load()
    assert report.created == [] and report.updated == []  # type: ignore[attr-defined]
    assert report.unchanged == 20  # type: ignore[attr-defined]
    assert AuditEntry.objects.count() == audit_rows


@pytest.mark.django_db
def test_a_changed_name_is_updated_with_before_and_after(tmp_path: Path) -> None:
    load()
    text = shipped_cluster_path("goedstrup").read_text(encoding="utf-8")
    changed = tmp_path / "goedstrup.toml"
    changed.write_text(text.replace('name = "Struer Kommune"', 'name = "Struer kommune"'), "utf-8")
    report = load_cluster(read_cluster_file(changed), acting_user=SystemActor("cli:test"))
    assert report.updated == ["organisation struer"]
    struer = Organisation.objects.get(key="struer")
    entry = AuditEntry.objects.filter(action="organisation.update", object_id=str(struer.pk)).get()
    assert entry.before == {
        "name": "Struer Kommune",
        "kind": "municipality",
        "municipality_code": "671",
        "former_names": [],
        "position": 10,
    }
    assert entry.after["name"] == "Struer kommune"  # type: ignore[index]


def run_cli(*args: str, env: dict[str, str] | None = None) -> Ran:
    return klynge(*args, env=env)


def test_the_command_rejects_an_invalid_file_naming_the_field(tmp_path: Path) -> None:
    bad = tmp_path / "klynge.toml"
    bad.write_text(
        shipped_cluster_path("goedstrup")
        .read_text("utf-8")
        .replace('kind = "psychiatry"', 'kind = "psykiatri"'),
        "utf-8",
    )
    result = run_cli("cluster", "load", str(bad))
    assert result.returncode == 1
    assert f"{bad}: organisations[2].kind: skal være en af" in result.stderr
    english = run_cli("--lang", "en", "cluster", "load", str(bad))
    assert f"{bad}: organisations[2].kind: must be one of" in english.stderr


def test_the_command_names_the_shipped_clusters_for_an_unknown_name() -> None:
    result = run_cli("cluster", "load", "nordklyngen")
    assert result.returncode == 1
    assert "nordklyngen: ukendt klynge; medfølgende klynger: goedstrup" in result.stderr
