"""The demo: its sign-ins, among them a co-chair of FSG and of the focus group, and the address
in the e-mails its web process and worker send."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone, translation

from klynge.accounts.audit import SystemActor
from klynge.accounts.models import AuditEntry, User
from klynge.core.meetings import agenda_deadline, is_working_day
from klynge.demo import DEMO_PASSWORD, DEMO_USERS, load_demo_data, load_demo_members
from klynge.demo_today import coming_day, meeting_day
from klynge.governance.access import is_co_chair_on
from klynge.governance.models import Person
from klynge.governance.services import load_shipped_charters
from klynge.meetings.models import ActionItem, AgendaItem, Apology, ItemProposal, Meeting
from klynge.web.home import home_sections
from klynge.web.home_reads import Line
from klynge.web.management.commands.demo import demo_environment
from tests.helpers import Mailbox


def signs_in(client: Client, email: str) -> bool:
    """Through the sign-in form, with the password README gives."""
    response = client.post("/login/", {"username": email, "password": DEMO_PASSWORD})
    return response.status_code == 302


def test_the_demo_signs_in_as_a_co_chair_of_fsg_and_of_the_focus_group(
    client: Client, cluster: object
) -> None:
    load_shipped_charters("goedstrup", acting_user=SystemActor("test"))
    load_demo_data(acting_user=SystemActor("test"))
    load_demo_members(acting_user=SystemActor("test"))
    roles = {role: email for role, email, _name, _admin in DEMO_USERS}
    co_chairs = {
        "fsg": roles["Medformand for FSG"],
        "sundhed-for-voksne": roles["Medformand for fokusgruppen"],
    }
    december = datetime.date(2026, 12, 1)
    for body, email in co_chairs.items():
        # Signed in, the co-chair sees their body's page …
        assert signs_in(client, email)
        assert client.get(f"/bodies/{body}/").status_code == 200
        # … and co-chairs its latest meeting, so approves its agenda and minutes.
        person = Person.objects.get(email=email)
        meeting = Meeting.objects.filter(body__key=body, date__lt=december).order_by("date").last()
        assert meeting is not None and is_co_chair_on(person, meeting)
        client.logout()
    # Each co-chair is of their own body only.
    person = Person.objects.get(email=co_chairs["fsg"])
    focus_group_meeting = (
        Meeting.objects.filter(body__key="sundhed-for-voksne").order_by("date").last()
    )
    assert focus_group_meeting is not None and not is_co_chair_on(person, focus_group_meeting)
    # Every sign-in works with the demo password.
    for _role, email, _name, _admin in DEMO_USERS:
        assert signs_in(client, email), email
        client.logout()


def test_the_demo_processes_link_to_the_port_it_serves_on() -> None:
    environment = demo_environment(8001, {"PATH": "/usr/bin", "KLYNGE_VAR_DIR": "/tmp/x"})
    assert environment == {
        "PATH": "/usr/bin",
        "KLYNGE_VAR_DIR": "/tmp/x",
        "KLYNGE_BASE_URL": "http://127.0.0.1:8001",
    }
    # An address set on purpose (a proxy in front of the demo) is kept.
    chosen = {"KLYNGE_BASE_URL": "https://klynge.example.dk"}
    assert demo_environment(8001, chosen)["KLYNGE_BASE_URL"] == "https://klynge.example.dk"
    in_a_file = {"KLYNGE_BASE_URL_FILE": "/run/secrets/base_url"}
    assert "KLYNGE_BASE_URL" not in demo_environment(8001, in_a_file)


# ---- the demo's present: around the day it is loaded ------------------------------------------

LOADED_ON = sorted({datetime.date(2026, 10, 4), datetime.date(2026, 12, 2), timezone.localdate()})


def load_demo_on(today: datetime.date) -> None:
    load_shipped_charters("goedstrup", acting_user=SystemActor("test"))
    load_demo_data(acting_user=SystemActor("test"))
    load_demo_members(acting_user=SystemActor("test"), today=today)


def home_of(email: str, today: datetime.date) -> dict[str, dict[str, list[Line]]]:
    """The home's lines per section and group, read on the day, in English."""
    user = User.objects.get(email=email)
    now = datetime.datetime.combine(today, datetime.time(12), tzinfo=datetime.UTC)
    with translation.override("en"):
        return {s.role: {g.key: g.lines for g in s.groups} for s in home_sections(user, now)}


@pytest.mark.parametrize("today", LOADED_ON, ids=str)
def test_every_demo_role_has_something_to_do_on_the_day_the_demo_is_loaded(
    cluster: object, mailbox: Mailbox, today: datetime.date
) -> None:
    load_demo_on(today)
    soon = today + datetime.timedelta(days=14)

    secretariat = home_of("lars.oestergaard@klynge.test", today)["secretariat"]
    waiting = {(line.body, line.title.split(" ")[0]) for line in secretariat["approval"]}
    assert {
        ("Faglig Strategisk Gruppe", "Agenda"),  # the agenda to approve, with its send-by date
        ("Faglig Strategisk Gruppe", "Minutes"),  # minutes written, waiting for a co-chair
        ("Fokusgruppen Sundhed for voksne", "Agenda"),
    } <= waiting
    assert all(today <= line.when <= soon for line in secretariat["approval"] if line.when)
    assert any(line.note.startswith("By ") for line in secretariat["proposals"])
    [apology] = secretariat["apologies"]
    assert apology.when is not None and today < apology.when <= today + datetime.timedelta(days=30)
    # The reason the member gave is on the meeting's page, for the secretariat.
    assert Apology.objects.get().reason.startswith("Jeg deltager i KKR")

    hanne = home_of("hanne.vinther@klynge.test", today)["co-chair"]["approval"]
    assert sorted(line.title.split(" ")[0] for line in hanne) == ["Agenda", "Minutes"]
    peter = home_of("peter.lykke@klynge.test", today)["co-chair"]["approval"]
    assert [line.body for line in peter] == ["Fokusgruppen Sundhed for voksne"]

    jens = home_of("jens.aagaard@klynge.test", today)["member"]
    meetings = jens["meetings"]
    assert meetings and all(line.url for line in meetings)
    links = [label for line in meetings for label, _url in line.links]
    assert "Meeting pack (PDF)" in links and "Send an apology" in links
    assert [line.urgent for line in jens["actions"]] == [True, False]  # one overdue, one coming
    assert [line.note.split(":")[0] for line in jens["proposals"]] == ["Answered"]

    # Made through the services: audit rows, the search index, the e-mails asking for approval.
    assert AuditEntry.objects.filter(action="meeting.minutes-approval-asked").count() == 1
    assert AuditEntry.objects.filter(action="meeting.minutes-publish").count() == 2
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM meetings_search")
        assert cursor.fetchone()[0] == AgendaItem.objects.count()
    asked = [m for m in mailbox.wait_for(1) if "hanne.vinther@klynge.test" in m["To"]]
    assert len(asked) >= 2  # the minutes and the agenda


def test_loading_the_demo_again_adds_nothing(cluster: object) -> None:
    today = datetime.date(2026, 12, 2)
    load_demo_on(today)
    counts = [m.objects.count() for m in (Meeting, AgendaItem, ActionItem, ItemProposal, Apology)]
    load_demo_on(today + datetime.timedelta(days=40))
    assert [
        m.objects.count() for m in (Meeting, AgendaItem, ActionItem, ItemProposal, Apology)
    ] == counts


def test_the_demo_meets_on_working_days_with_the_agenda_due_within_days() -> None:
    for offset in range(0, 730, 5):
        today = datetime.date(2026, 1, 1) + datetime.timedelta(days=offset)
        for weekday, lead in ((2, 10), (3, 14)):
            day = coming_day(today, weekday, lead)
            assert is_working_day(day) and not (day.month == 12 and day.day >= 22)
            assert today <= agenda_deadline(day, lead) <= today + datetime.timedelta(days=14)
        held = meeting_day(today - datetime.timedelta(days=7), 2, before=True)
        assert is_working_day(held) and held <= today - datetime.timedelta(days=7)


def test_the_demo_shows_a_closed_item_to_its_secretariat_and_not_to_its_observer(
    client: Client, cluster: object
) -> None:
    load_demo_on(timezone.localdate())
    closed = AgendaItem.objects.select_related("meeting").get(closed=True)
    agenda = f"/meetings/{closed.meeting_id}/agenda/"
    assert signs_in(client, "sofie.brandt@klynge.test")
    assert "Som observatør" in client.get("/").content.decode()
    page = client.get(agenda).content.decode()
    assert "Kontraktforhold" in page and "nattevagtsdækning" not in page
    assert client.get(f"/bodies/{closed.meeting.body.key}/").status_code == 200
    client.logout()
    assert signs_in(client, "lars.oestergaard@klynge.test")
    assert "nattevagtsdækning" in client.get(agenda).content.decode()
