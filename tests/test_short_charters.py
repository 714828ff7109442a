"""Short charters: the operative groups and the steering group get one from the cluster file
(seed 000 § 5; docs/charters.md, "Chair periods"), and every page and check treats them as charters."""

import datetime

import pytest
from django.test import Client

from klynge.accounts.audit import SystemActor
from klynge.core.charter import consistency_problems, read_charter_file, shipped_charter_paths
from klynge.core.charter_document import charter_document, to_markdown
from klynge.core.cluster import read_cluster_file, shipped_cluster_path
from klynge.core.short_charter import short_charter
from klynge.governance.chairs import schedule
from klynge.governance.compliance import body_findings
from klynge.governance.models import Appointment, Body, CharterVersion
from klynge.governance.reads import charter_in_force, charter_of
from klynge.governance.services import load_shipped_charters
from tests.helpers import make_member

CLUSTER = read_cluster_file(shipped_cluster_path("goedstrup"))
FSG = read_charter_file(
    next(p for p in shipped_charter_paths("goedstrup") if p.stem == "fsg"), CLUSTER
)


def spec(key: str) -> object:
    return next(b for b in CLUSTER.bodies if b.key == key)


def test_an_operative_group_follows_fsg_chair_secretariat_and_meeting_rules() -> None:
    charter = short_charter(CLUSTER, spec("fog-voksen-psykiatri"), FSG)  # type: ignore[arg-type]
    assert consistency_problems(charter, CLUSTER) == []
    assert charter.kind == "operative-group" and charter.reports_to == "fsg"
    assert charter.secretariat is not None and charter.secretariat.served_by_body == "fsg"
    assert charter.chair is None  # the chair rule is FSG's § 5, checked from FSG's charter
    assert charter.meetings is not None
    assert (charter.meetings.min_per_year, charter.meetings.agenda_lead_days) == (4, 10)
    assert charter.meetings.leadership == "alternating-co-chairs"
    assert charter.meetings.minutes == "decision-minutes"
    [seat] = charter.seats
    assert all(p.min is None and p.max is None for p in seat.parts)  # no seat bounds
    text = to_markdown(charter_document(charter))
    assert "minimum fire gange årligt" in text
    assert "senest 10 dage før mødet" in text
    assert "§ 5 i kommissoriet for Faglig Strategisk Gruppe" in text
    assert "Sekretariatet for Faglig Strategisk Gruppe betjener også denne gruppe" in text


def test_the_operative_groups_own_meeting_rules_win_over_fsgs() -> None:
    body = spec("fog-boern-unge")
    own = body.model_copy(  # type: ignore[attr-defined]
        update={"charter": body.charter.model_copy(update={"min_per_year": 6})}  # type: ignore[attr-defined]
    )
    charter = short_charter(CLUSTER, own, FSG)
    assert charter.meetings is not None and charter.meetings.min_per_year == 6
    assert charter.meetings.agenda_lead_days == 10
    assert consistency_problems(charter, CLUSTER) == []
    assert "minimum seks gange årligt" in to_markdown(charter_document(charter))


def test_a_short_charter_sets_its_own_limit_for_the_minutes() -> None:
    body = spec("fog-voksen-somatik")
    own = body.model_copy(  # type: ignore[attr-defined]
        update={"charter": body.charter.model_copy(update={"minutes_publish_days": 21})}  # type: ignore[attr-defined]
    )
    charter = short_charter(CLUSTER, own, FSG)
    assert charter.meetings is not None and charter.meetings.minutes_publish_days == 21
    assert charter.meetings.min_per_year == 4  # the rest still follows FSG
    text = to_markdown(charter_document(charter))
    assert "Referatet offentliggøres senest 21 dage efter mødet." in text
    assert "I øvrigt følger gruppen mødereglerne for Faglig Strategisk Gruppe" in text


def test_the_steering_group_has_co_chairs_chosen_for_two_years_and_nothing_more() -> None:
    charter = short_charter(CLUSTER, spec("klyngestyregruppe"))  # type: ignore[arg-type]
    assert consistency_problems(charter, CLUSTER) == []
    assert charter.chair is not None
    assert (charter.chair.mode, charter.chair.period_years) == ("chosen", 2)
    assert charter.seats == () and charter.meetings is None and charter.secretariat is None
    assert charter.in_force_from == datetime.date(2022, 1, 1)


@pytest.fixture
def loaded(charters: object) -> None:
    pass


def test_loading_gives_each_short_charter_a_first_version_once(loaded: None) -> None:
    for key in ("fog-voksen-somatik", "fog-voksen-psykiatri", "fog-boern-unge"):
        row = charter_in_force(Body.objects.get(key=key), datetime.date(2026, 11, 23))
        assert (
            row is not None and row.version == 1 and row.approved_by == "Faglig Strategisk Gruppe"
        )
    assert load_shipped_charters("goedstrup", acting_user=SystemActor("test")) == []
    assert CharterVersion.objects.filter(body__key="klyngestyregruppe").count() == 1


def test_an_operative_group_needs_no_secretariat_of_its_own_but_chairs_from_fsg(
    loaded: None,
) -> None:
    body = Body.objects.get(key="fog-voksen-somatik")
    on = datetime.date(2026, 11, 23)
    rules = {f.rule for f in body_findings(body, on)}
    # No chairs recorded, no meetings planned (FSG's § 7 applies); nothing about its secretariat.
    assert rules == {"sub-body.chair", "meetings.min-per-year"}
    make_member("anne@holstebro.dk", "Anne Holm", "fog-voksen-somatik")
    assert {f.rule for f in body_findings(body, on)} == rules  # any member is fine


def test_the_steering_groups_chair_periods_come_from_its_short_charter(loaded: None) -> None:
    body = Body.objects.get(key="klyngestyregruppe")
    found = schedule(body, datetime.date(2022, 1, 1), datetime.date(2027, 12, 31))
    assert [(p.start.isoformat(), p.end.isoformat()) for p in found] == [
        ("2022-01-01", "2023-12-31"), ("2024-01-01", "2025-12-31"), ("2026-01-01", "2027-12-31"),
    ]  # fmt: skip
    sfv = schedule(
        Body.objects.get(key="sundhed-for-voksne"),
        datetime.date(2024, 1, 1),
        datetime.date(2026, 12, 31),
    )
    assert [p.start.isoformat() for p in sfv] == ["2022-07-01", "2024-07-01", "2026-07-01"]
    assert {f.rule for f in body_findings(body, datetime.date(2026, 11, 23))} == {
        "chair.composition"
    }


def test_an_operative_groups_page_shows_its_short_charter(loaded: None, admin: object) -> None:
    client = Client()
    client.force_login(admin)  # type: ignore[arg-type]
    page = client.get("/bodies/fog-voksen-somatik/").content.decode()
    assert "Kommissorium for Fagligt operativ gruppe Voksen-somatik" in page
    assert "Sekretariatet for Faglig Strategisk Gruppe betjener også denne gruppe" in page
    assert Appointment.objects.count() == 0
    assert charter_of(CharterVersion.objects.get(body__key="fog-boern-unge")).meetings is not None
