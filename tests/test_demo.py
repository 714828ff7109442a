"""The demo: its sign-ins, among them a co-chair of FSG and of the focus group, and the address
in the e-mails its web process and worker send."""

import datetime

from django.test import Client

from klynge.accounts.audit import SystemActor
from klynge.demo import DEMO_PASSWORD, DEMO_USERS, load_demo_data, load_demo_members
from klynge.governance.access import is_co_chair_on
from klynge.governance.models import Person
from klynge.governance.services import load_shipped_charters
from klynge.meetings.models import Meeting
from klynge.web.management.commands.demo import demo_environment


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
