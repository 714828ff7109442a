"""Members propose items from their organisations (seed 004); the secretariat puts them on an
agenda or answers, and each side is told by e-mail."""

import datetime

import pytest
from django.test import Client

from klynge.accounts.audit import SystemActor
from klynge.accounts.models import User
from klynge.governance.models import Body
from klynge.meetings.models import ItemProposal, Meeting
from klynge.meetings.services import MeetingRow, create_meetings
from tests.helpers import Mailbox

D = datetime.date


@pytest.fixture
def coming(fsg: Body) -> Meeting:
    [meeting] = create_meetings(
        acting_user=SystemActor("test"), body=fsg, notify=False,
        rows=[MeetingRow(D(2027, 5, 19), datetime.time(13), datetime.time(15))],
    )  # fmt: skip
    return meeting


def test_a_member_proposes_and_the_secretariat_puts_it_on_an_agenda(
    client: Client, secretary: User, patient_rep: User, coming: Meeting, mailbox: Mailbox
) -> None:
    client.force_login(patient_rep)  # Jens Aagaard sits in FSG
    page = client.get("/bodies/fsg/proposals/")
    assert "Foreslå et punkt" in page.content.decode()
    empty = client.post("/bodies/fsg/proposals/new/", {"title": ""})
    assert empty.status_code == 400 and not ItemProposal.objects.exists()
    sent = client.post("/bodies/fsg/proposals/new/", {
        "title": "Pårørendes rolle ved udskrivelse",
        "description": "Pårørende oplever, at de ikke får besked.",
    }, follow=True)  # fmt: skip
    assert "sekretariatet har dit forslag" in sent.content.decode()
    [to_secretariat] = mailbox.wait_for(1)
    assert to_secretariat["To"] == secretary.email
    assert "Pårørendes rolle ved udskrivelse" in to_secretariat["Subject"]

    # A member who is not the secretariat cannot put it on an agenda.
    proposal = ItemProposal.objects.get()
    form = {"meeting": coming.pk}
    put_on_agenda = f"/bodies/fsg/proposals/{proposal.pk}/agenda/"
    assert client.post(put_on_agenda, form).status_code == 403

    client.force_login(secretary)
    assert (
        "Pårørendes rolle ved udskrivelse" in client.get("/bodies/fsg/proposals/").content.decode()
    )
    client.post(put_on_agenda, form)
    again = client.post(put_on_agenda, form, follow=True)  # a second secretary
    assert "er allerede behandlet" in again.content.decode()
    item = coming.items.get(title="Pårørendes rolle ved udskrivelse")
    assert item.presenter == "Jens Aagaard"
    assert item.position == coming.items.count() - 1  # before eventuelt
    proposal.refresh_from_db()
    assert (proposal.status, proposal.item) == ("on-agenda", item)
    told = mailbox.wait_for(2)[1]
    assert told["To"] == patient_rep.email
    assert f"/meetings/{coming.pk}/agenda/" in told.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def test_the_secretariat_answers_a_proposal(
    client: Client, secretary: User, patient_rep: User, coming: Meeting, mailbox: Mailbox
) -> None:
    client.force_login(patient_rep)
    client.post("/bodies/fsg/proposals/new/", {"title": "Fælles app"})
    proposal = ItemProposal.objects.get()
    client.force_login(secretary)
    client.post(f"/bodies/fsg/proposals/{proposal.pk}/answer/",
                {"answer": "Det hører til i Sundhed for voksne."})  # fmt: skip
    proposal.refresh_from_db()
    assert (proposal.status, proposal.answer) == ("answered", "Det hører til i Sundhed for voksne.")
    assert (
        "Det hører til i Sundhed for voksne."
        in mailbox.wait_for(2)[1].get_body(("plain",)).get_content()
    )  # type: ignore[union-attr]
    client.force_login(patient_rep)
    mine = client.get("/bodies/fsg/proposals/").content.decode()
    assert "Det hører til i Sundhed for voksne." in mine


def test_only_members_propose(client: Client, admin: User, coming: Meeting) -> None:
    client.force_login(admin)  # reads every body, but sits in none
    assert "Foreslå et punkt" not in client.get("/bodies/fsg/proposals/").content.decode()
    assert client.post("/bodies/fsg/proposals/new/", {"title": "X"}).status_code == 403
