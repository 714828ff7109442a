"""Approval and sending that explain themselves: the draft agenda names both co-chairs and the
secretariat asks them by e-mail; the status says who approved and who sent or published, and the
countdown stops once the agenda is sent; the secretariat hears of each apology and its reason;
cancelling asks for a reason and shows what it does to the charter's minimum."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format

from klynge.accounts.audit import SystemActor
from klynge.accounts.models import AuditEntry, User
from klynge.core.problems import InvalidInput
from klynge.governance.models import Appointment, Body, Person
from klynge.meetings import minutes
from klynge.meetings.models import Apology, Meeting
from klynge.meetings.services import (
    MeetingRow,
    approve_agenda,
    ask_co_chairs,
    cancel_meeting,
    create_meetings,
)
from tests.helpers import Mailbox, import_lines, make_person

D = datetime.date
ACTOR = SystemActor("test")
BASE = "http://127.0.0.1:8000"


def body_of(message: object) -> str:
    return message.get_body(("plain",)).get_content()  # type: ignore[attr-defined,no-any-return]


def today_in_text() -> str:
    return date_format(timezone.localdate(), "j. F Y")


@pytest.fixture
def chairs(fsg: Body) -> tuple[User, User]:
    """FSG's two co-chairs, the regional (Rikke, reads Danish) and the municipal (Hans, who chose
    English), each with a sign-in."""
    import_lines([
        "organ;organisation;navn;e-mail;start;rolle",
        "fsg;goedstrup;Rikke Region;rikke@goedstrup.test;2026-01-01;formand",
        "fsg;herning;Hans Herning;hans@herning.test;2026-01-01;formand",
    ])  # fmt: skip
    rikke = make_person("rikke@goedstrup.test", "Rikke Region")
    hans = make_person("hans@herning.test", "Hans Herning")
    User.objects.filter(pk=hans.pk).update(language="en")  # type: ignore[attr-defined]
    for user in (rikke, hans):
        Person.objects.filter(email=user.email).update(user=user)  # type: ignore[attr-defined]
    return rikke, hans  # type: ignore[return-value]


def plan(body: Body, *days: datetime.date) -> list[Meeting]:
    rows = [MeetingRow(day, datetime.time(13), datetime.time(15)) for day in days]
    return create_meetings(acting_user=ACTOR, body=body, rows=rows, notify=False)


# ---- asking the co-chairs -----------------------------------------------------------------


def test_a_draft_agenda_names_both_co_chairs_and_the_secretariat_asks_them(
    client: Client, secretary: User, patient_rep: User, chairs: tuple[User, User],
    mailbox: Mailbox,
) -> None:  # fmt: skip
    [meeting] = plan(Body.objects.get(key="fsg"), D(2027, 5, 19))
    either = (
        "Dagsordenen kan godkendes af en af medformændene: Rikke Region (Regionshospitalet "
        "Gødstrup) eller Hans Herning (Herning Kommune)."
    )
    client.force_login(secretary)
    for url in (f"/meetings/{meeting.pk}/", f"/meetings/{meeting.pk}/agenda/"):
        page = client.get(url).content.decode()
        assert either in page and "Bed medformændene om godkendelse" in page, url

    # A co-chair is told the same, without the secretariat's button.
    client.force_login(chairs[0])
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert either in page and "Bed medformændene" not in page
    # A member reads the agenda but is not told who approves, nor may ask.
    client.force_login(patient_rep)
    for url in (f"/meetings/{meeting.pk}/", f"/meetings/{meeting.pk}/agenda/"):
        page = client.get(url).content.decode()
        assert "Bed medformændene" not in page and "kan godkendes" not in page, url
    assert client.post(f"/meetings/{meeting.pk}/agenda/ask/").status_code == 403
    assert mailbox.messages == []

    client.force_login(secretary)
    asked = client.post(f"/meetings/{meeting.pk}/agenda/ask/", {"back": "meeting"}, follow=True)
    assert asked.redirect_chain == [(f"/meetings/{meeting.pk}/", 302)]
    text = asked.content.decode()
    assert (
        "Rikke Region (Regionshospitalet Gødstrup) og Hans Herning (Herning Kommune) har fået en "
        "e-mail med en anmodning om at godkende dagsordenen." in text
    )
    assert "Medformændene blev spurgt den " + today_in_text() in text

    messages = {m["To"]: m for m in mailbox.wait_for(2)}
    assert sorted(messages) == ["hans@herning.test", "rikke@goedstrup.test"]
    rikke = messages["rikke@goedstrup.test"]
    assert (
        rikke["Subject"] == "Godkend dagsordenen: mødet i Faglig Strategisk Gruppe den 19. maj 2027"
    )
    text = body_of(rikke)
    assert text.startswith("Kære Rikke Region")
    assert (
        "Dagsordenen til mødet i Faglig Strategisk Gruppe onsdag den 19. maj 2027 kl. 13.00–15.00 "
        "er klar til at blive godkendt af en medformand." in text
    )
    assert "Den skal sendes til medlemmerne senest fredag den 7. maj 2027." in text
    assert "Det er nok, at én af jer godkender: dig eller Hans Herning." in text
    assert f"Læs og godkend dagsordenen her: {BASE}/meetings/{meeting.pk}/agenda/" in text
    hans = messages["hans@herning.test"]  # in the language he chose
    assert hans["Subject"] == (
        "Please approve the agenda: the meeting of Faglig Strategisk Gruppe on 19 May 2027"
    )
    assert f"{BASE}/meetings/{meeting.pk}/agenda/" in body_of(hans)
    meeting.refresh_from_db()
    assert meeting.agenda_approval_asked_at is not None
    entry = AuditEntry.objects.get(action="meeting.agenda-approval-asked")
    asked = [Person.objects.get(email=e).pk for e in ("rikke@goedstrup.test", "hans@herning.test")]
    assert entry.after == {"asked": asked}  # people by id, never by address


def test_after_sending_the_status_says_who_approved_and_who_sent_and_the_countdown_stops(
    client: Client, secretary: User, chairs: tuple[User, User], mailbox: Mailbox
) -> None:
    [meeting] = plan(Body.objects.get(key="fsg"), D(2027, 5, 19))
    client.force_login(secretary)
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert re.search(r"\d+ dage tilbage", page)
    rikke = Person.objects.get(email="rikke@goedstrup.test")
    approve_agenda(acting_user=chairs[0], meeting=meeting, person=rikke)
    today = today_in_text()
    approved = client.get(f"/meetings/{meeting.pk}/agenda/").content.decode()
    assert f"Godkendt af Rikke Region den {today}." in approved
    assert "Bed medformændene" not in approved  # nothing awaits them now
    # Asking once the agenda is approved is refused, with why.
    refused = client.post(f"/meetings/{meeting.pk}/agenda/ask/", follow=True).content.decode()
    assert "dagsordenen er ikke længere et udkast, der venter på godkendelse" in refused

    client.post(f"/meetings/{meeting.pk}/agenda/send/")
    meeting.refresh_from_db()
    assert meeting.agenda_sent_by == secretary
    status = f"Godkendt af Rikke Region den {today}; sendt af Lars Østergaard den {today}."
    for url in (f"/meetings/{meeting.pk}/", f"/meetings/{meeting.pk}/agenda/"):
        page = client.get(url).content.decode()
        assert status in page, url
        assert not re.search(r"\d+ dage? tilbage", page) and "Skal udsendes senest" not in page


def test_an_agenda_sent_before_anyone_was_recorded_says_when(
    client: Client, secretary: User, fsg: Body
) -> None:
    [meeting] = plan(fsg, D(2027, 5, 19))
    sent = datetime.datetime(2027, 5, 6, 12, tzinfo=datetime.UTC)
    Meeting.objects.filter(pk=meeting.pk).update(agenda_status="sent", agenda_sent_at=sent)
    client.force_login(secretary)
    assert "Sendt den 6. maj 2027." in client.get(f"/meetings/{meeting.pk}/").content.decode()


def test_the_co_chairs_are_asked_to_approve_the_minutes_and_the_status_says_who_published(
    client: Client, secretary: User, chairs: tuple[User, User], mailbox: Mailbox
) -> None:
    [meeting] = plan(Body.objects.get(key="fsg"), D(2026, 11, 18))
    client.force_login(secretary)
    # Nothing to approve until the minutes are saved.
    early = client.post(f"/meetings/{meeting.pk}/minutes/ask/", follow=True).content.decode()
    assert (
        "medformændene kan bedes om at godkende, når mødet er holdt, og referatet er gemt" in early
    )
    first = meeting.items.get(position=1)
    typed = minutes.MinutesInput(decisions={first.pk: "Dagsordenen blev godkendt."})
    minutes.save_minutes(acting_user=ACTOR, meeting=meeting, based_on=0, values=typed)
    page = client.get(f"/meetings/{meeting.pk}/minutes/").content.decode()
    assert "Referatet kan godkendes af en af medformændene: Rikke Region" in page
    asked = client.post(f"/meetings/{meeting.pk}/minutes/ask/", follow=True)
    assert asked.redirect_chain == [(f"/meetings/{meeting.pk}/minutes/", 302)]
    messages = {m["To"]: m for m in mailbox.wait_for(2)}
    rikke = messages["rikke@goedstrup.test"]
    assert rikke["Subject"] == (
        "Godkend referatet: mødet i Faglig Strategisk Gruppe den 18. november 2026"
    )
    text = body_of(rikke)
    assert "Det skal offentliggøres senest" in text
    assert f"Læs og godkend referatet her: {BASE}/meetings/{meeting.pk}/minutes/" in text

    rikke_person = Person.objects.get(email="rikke@goedstrup.test")
    minutes.approve_minutes(acting_user=chairs[0], meeting=meeting, person=rikke_person)
    client.post(f"/meetings/{meeting.pk}/minutes/publish/")
    today = today_in_text()
    page = client.get(f"/meetings/{meeting.pk}/minutes/").content.decode()
    assert (
        f"Godkendt af Rikke Region den {today}; offentliggjort af Lars Østergaard den {today}."
        in page
    )


def test_a_body_without_co_chairs_says_so_and_no_one_is_asked(
    client: Client, secretary: User, fsg: Body, mailbox: Mailbox
) -> None:
    [meeting] = plan(fsg, D(2027, 5, 19))
    client.force_login(secretary)
    page = client.get(f"/meetings/{meeting.pk}/agenda/").content.decode()
    assert "Organet har ingen medformand på mødedagen" in page
    assert "Bed medformændene" not in page
    with pytest.raises(InvalidInput) as refused:
        ask_co_chairs(acting_user=ACTOR, meeting=meeting, of="agenda")
    assert refused.value.problems[0].render("da") == (
        "Faglig Strategisk Gruppe har ingen medformand på mødedagen; registrér medformændene først"
    )
    assert mailbox.messages == []


# ---- apologies ------------------------------------------------------------------------------


@pytest.fixture
def seated(fsg: Body) -> Body:
    """Jens holds the patients' seat, with Sara as his substitute; Lone sits without one."""
    import_lines([
        "organ;plads;organisation;navn;e-mail;start;stedfortræder_for",
        "fsg;;patienter;Sara Stedfortræder;sara@patient.test;2026-01-01;jens@klynge.test",
    ])  # fmt: skip
    Appointment.objects.filter(person__email="jens@klynge.test").update(seat="patienter")
    Appointment.objects.filter(person__email="lone@lemvig.test").update(seat="almen-praksis")
    return fsg


def test_the_secretariat_is_told_of_an_apology_with_its_reason_and_the_substitute(
    client: Client, secretary: User, patient_rep: User, seated: Body, mailbox: Mailbox
) -> None:
    [meeting] = plan(seated, D(2027, 5, 19))
    client.force_login(patient_rep)
    sent = client.post(
        f"/meetings/{meeting.pk}/apology/", {"apology-reason": "Indlagt på sygehuset"}, follow=True
    )
    assert "Dit afbud er noteret. Din stedfortræder, Sara Stedfortræder, er inviteret." in (
        sent.content.decode()
    )
    # The member's own page shows the apology, not the reason (that is for the secretariat), and
    # says again who was invited in their place.
    assert "Indlagt på sygehuset" not in sent.content.decode()
    again = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert (
        "<p>Dit afbud er noteret. Din stedfortræder, Sara Stedfortræder, er inviteret.</p>" in again
    )
    [notice] = [m for m in mailbox.wait_for(2) if m["To"] == "lars@klynge.test"]
    assert notice["Subject"] == (
        "Afbud fra Jens Aagaard til mødet i Faglig Strategisk Gruppe den 19. maj 2027"
    )
    text = body_of(notice)
    assert (
        "Jens Aagaard har meldt afbud til mødet i Faglig Strategisk Gruppe onsdag den 19. maj 2027 "
        "kl. 13.00–15.00." in text
    )
    assert "Begrundelse: Indlagt på sygehuset" in text
    assert "Stedfortræderen, Sara Stedfortræder, er inviteret." in text
    assert f"{BASE}/meetings/{meeting.pk}/" in text
    assert Apology.objects.get(meeting=meeting).reason == "Indlagt på sygehuset"

    client.force_login(secretary)
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Indlagt på sygehuset" in page and "Kun sekretariatet kan se begrundelserne." in page


def test_a_member_without_a_substitute_is_told_no_one_was_invited(
    client: Client, seated: Body, mailbox: Mailbox
) -> None:
    [meeting] = plan(seated, D(2027, 5, 19))
    lone = make_person("lone@lemvig.test", "Lone Lemvig")
    client.force_login(lone)
    sent = client.post(f"/meetings/{meeting.pk}/apology/", follow=True).content.decode()
    assert (
        "Dit afbud er noteret. Du har ingen stedfortræder registreret, så ingen er inviteret i "
        "dit sted." in sent
    )
    [notice] = mailbox.wait_for(1)
    assert notice["To"] == "lars@klynge.test"
    text = body_of(notice)
    assert "Der er ikke givet nogen begrundelse." in text
    assert "Der er ingen stedfortræder registreret, så ingen er inviteret i stedet." in text


def test_a_reason_over_the_limit_is_refused_and_kept(
    client: Client, patient_rep: User, seated: Body, mailbox: Mailbox
) -> None:
    [meeting] = plan(seated, D(2027, 5, 19))
    client.force_login(patient_rep)
    long = "Lang begrundelse " * 20
    refused = client.post(f"/meetings/{meeting.pk}/apology/", {"apology-reason": long})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "må højst stå 300 tegn" in page and long.strip() in page
    assert not Apology.objects.exists() and mailbox.messages == []
    # Reloading the refused address lands on the meeting's page.
    assert client.get(f"/meetings/{meeting.pk}/apology/").status_code == 302


# ---- cancelling -------------------------------------------------------------------------------


def test_cancelling_asks_for_a_reason_and_shows_what_it_does_to_the_minimum(
    client: Client, secretary: User, patient_rep: User, fsg: Body, mailbox: Mailbox
) -> None:
    meetings = plan(fsg, D(2027, 2, 24), D(2027, 5, 19), D(2027, 8, 18), D(2027, 11, 17))
    meeting = meetings[1]
    client.force_login(patient_rep)
    assert client.get(f"/meetings/{meeting.pk}/cancel/").status_code == 403
    client.force_login(secretary)
    detail = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert f'href="/meetings/{meeting.pk}/cancel/"' in detail  # a page first, not the write

    page = client.get(f"/meetings/{meeting.pk}/cancel/").content.decode()
    assert "Vil du aflyse mødet i Faglig Strategisk Gruppe onsdag den 19. maj 2027?" in page
    assert "Organets 3 medlemmer og stedfortrædere får en e-mail med din begrundelse" in page
    assert "Derefter: 3 af mindst 4 ordinære møder tilbage i 2027 (kommissoriet, § 7)." in page
    assert "Planlæg et nyt møde for at overholde kommissoriets minimum." in page

    confirm = f"/meetings/{meeting.pk}/cancel/confirm/"
    no_reason = client.post(confirm, {"sequence": "0", "reason": "  "})
    assert no_reason.status_code == 400
    assert "Skriv den begrundelse, medlemmerne skal have." in no_reason.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == "planned" and mailbox.messages == []

    # Someone moved the meeting meanwhile: refused, the reason kept.
    stale = client.post(confirm, {"sequence": "7", "reason": "For få punkter"})
    assert stale.status_code == 409 and 'value="For få punkter"' in stale.content.decode()

    done = client.post(confirm, {"sequence": "0", "reason": "For få punkter"}, follow=True)
    text = done.content.decode()
    assert "Mødet er aflyst, og medlemmerne har fået besked." in text
    assert "Begrundelse: For få punkter" in text
    assert "Kommissoriets minimum: 3 af mindst 4 ordinære møder tilbage i 2027." in text
    assert "For få punkter" in body_of(mailbox.wait_for(3)[0])

    year = client.get("/bodies/fsg/meetings/?year=2027").content.decode()
    assert "Aflyst: 3 af mindst 4 ordinære møder tilbage i 2027" in year
    assert 'href="/bodies/fsg/meetings/new/">tilføj et møde</a>' in year
    proposals = client.get("/bodies/fsg/meetings/plan/?year=2027").content.decode()
    assert "3 møder er allerede i planen og tæller med i minimum." in proposals
    assert "Aflyst og derfor ikke medregnet: mødet den 19. maj." in proposals
    assert "Dermed er der 3 af mindst 4 ordinære møder tilbage i 2027." in proposals
    # A cancelled meeting has no cancel page; its address leads back to the meeting.
    assert client.get(f"/meetings/{meeting.pk}/cancel/").status_code == 302


# ---- query counts ---------------------------------------------------------------------------


def test_the_meeting_page_does_not_grow_with_its_apologies(
    client: Client, secretary: User, chairs: tuple[User, User], fsg: Body
) -> None:
    [meeting] = plan(fsg, D(2027, 5, 19))
    client.force_login(secretary)
    urls = [f"/meetings/{meeting.pk}/", f"/meetings/{meeting.pk}/agenda/"]

    def counts() -> list[int]:
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries))
        return found

    before = counts()
    for n in range(5):
        person = Person.objects.create(name=f"Medlem {n}", email=f"m{n}@klynge.test")
        Apology.objects.create(meeting=meeting, person=person, reason=f"Grund {n}")
    Meeting.objects.filter(pk=meeting.pk).update(
        agenda_status="sent", agenda_sent_at=timezone.now(), agenda_sent_by=secretary,
        agenda_approved_by=Person.objects.get(email="rikke@goedstrup.test"),
        agenda_approved_at=timezone.now(),
    )  # fmt: skip
    assert counts() == before


def test_a_meeting_already_held_is_not_moved_or_cancelled(
    client: Client, secretary: User, fsg: Body, mailbox: Mailbox
) -> None:
    held, coming = plan(fsg, timezone.localdate() - datetime.timedelta(days=14),
                        timezone.localdate() + datetime.timedelta(days=14))  # fmt: skip
    client.force_login(secretary)
    page = client.get(f"/meetings/{coming.pk}/").content.decode()
    assert "Aflys mødet …" in page and 'id="change-title"' in page
    page = client.get(f"/meetings/{held.pk}/").content.decode()
    assert "Aflys mødet" not in page and 'id="change-title"' not in page
    told = client.get(f"/meetings/{held.pk}/cancel/", follow=True).content.decode()
    assert "Mødet er holdt, så det kan ikke længere aflyses." in told
    refused = client.post(f"/meetings/{held.pk}/cancel/confirm/",
                          {"sequence": held.sequence, "reason": "Sygdom"})  # fmt: skip
    assert refused.status_code == 400 and "et møde i fortiden kan ikke aflyses" in (
        refused.content.decode()
    )
    assert Meeting.objects.get(pk=held.pk).status == "planned" and mailbox.messages == []
    with pytest.raises(InvalidInput):
        cancel_meeting(acting_user=SystemActor("test"), meeting=held, based_on=held.sequence,
                       reason="Sygdom")  # fmt: skip
