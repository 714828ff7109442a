"""Roles per body and their dates: observers, a secretariat whose appointment ended, what a
person's page shows to whom, and calendar addresses that are each reader's own."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from klynge.accounts.audit import SystemActor
from klynge.accounts.models import User
from klynge.core.problems import InvalidInput
from klynge.governance import access
from klynge.governance.compliance import body_findings
from klynge.governance.models import Appointment, Body, Cluster, Person, Role
from klynge.meetings.models import CalendarFeed, Meeting
from klynge.meetings.services import MeetingRow, create_meetings
from klynge.meetings.tasks import recipients, send_meeting_notice
from tests.helpers import Mailbox, import_lines, make_member, make_person

OBSERVER = "ole@rm.test"


def today() -> datetime.date:
    return timezone.localdate()


def meetings_ahead(body: Body, *days: int) -> list[Meeting]:
    """Ordinary meetings of the body this many days from today, 13–15, nobody told."""
    return create_meetings(
        acting_user=SystemActor("test"),
        body=body,
        notify=False,
        rows=[
            MeetingRow(today() + datetime.timedelta(days=d), datetime.time(13), datetime.time(15))
            for d in days
        ],
    )


def observe(body: str, start: datetime.date, end: datetime.date | None = None) -> Appointment:
    """Ole from Sundhedsplanlægning as an observer of the body, through the member file."""
    import_lines(
        [
            "organ;navn;e-mail;start;slut;rolle",
            f"{body};Ole Observatør;{OBSERVER};{start.isoformat()};"
            f"{end.isoformat() if end else ''};observatør",
        ]
    )
    return Appointment.objects.get(person__email=OBSERVER, body__key=body, start=start)


# ---- observers ---------------------------------------------------------------------------------


def test_the_form_appoints_an_observer_for_one_meeting(
    client: Client, secretary: User, fsg: Body
) -> None:
    first, second = meetings_ahead(fsg, 30, 60)
    client.force_login(secretary)
    page = client.get("/bodies/fsg/appoint/?role=observer").content.decode()
    assert '<option value="observer" selected>observatør</option>' in page
    assert "Til ét møde" in page and f'<option value="{first.pk}">' in page
    fields = {
        "role": "observer", "name": "Ole Observatør", "email": OBSERVER,
        "start": today().isoformat(), "meeting": str(second.pk),
    }  # fmt: skip
    # Only an observer is appointed for one meeting; a member is refused, nothing saved.
    refused = client.post("/bodies/fsg/appoint/", {**fields, "role": ""})
    assert refused.status_code == 400
    assert "Kun en observatør kan udpeges til ét møde." in refused.content.decode()
    assert not Appointment.objects.filter(person__email=OBSERVER).exists()
    # With a last day too, the form asks to leave it empty.
    both = client.post("/bodies/fsg/appoint/", {**fields, "end": "2027-12-31"})
    assert both.status_code == 400
    assert "Lad sidste dag stå tom: Udpegningen gælder mødets dag." in both.content.decode()

    response = client.post("/bodies/fsg/appoint/", fields, follow=True)
    assert "Ole Observatør er udpeget." in response.content.decode()
    appointment = Appointment.objects.get(person__email=OBSERVER)
    assert (appointment.role, appointment.seat) == (Role.OBSERVER, "")
    assert appointment.start == appointment.end == second.date
    # The body page shows the coming observer in their own group, before the day.
    html = client.get("/bodies/fsg/").content.decode()
    group = html[html.index("<h3>Observatører</h3>") :]
    group = group[: group.index("</ul>")]
    assert "Ole Observatør" in group
    day = f"{second.date.day}. "
    assert f"til mødet den {day}" in group
    # They are invited to that meeting, not to the one before it.
    assert OBSERVER in [p.email for p in recipients(second)]
    assert OBSERVER not in [p.email for p in recipients(first)]


def test_an_observer_in_the_member_file_is_stored_and_never_in_a_seat(fsg: Body) -> None:
    observer = observe("fsg", datetime.date(2026, 1, 1))
    assert (observer.role, observer.seat) == ("observer", "")
    with pytest.raises(InvalidInput) as refused:
        import_lines(
            [
                "organ;plads;navn;e-mail;start;rolle",
                "fsg;patienter;Ole Observatør;ole@rm.test;2026-02-01;observer",
            ]
        )
    assert [p.render("da") for p in refused.value.problems] == [
        "række 2, kolonne plads: en observatør har ingen plads; lad pladsen stå tom"
    ]


def test_an_observer_never_counts_toward_a_seat(fsg: Body) -> None:
    before = [(f.rule, f.message_da) for f in body_findings(fsg, today())]
    assert any(rule == "seat.min" and "Patienter" in text for rule, text in before)
    # Even a row that says an observer holds the patients' seat (as an old import might have
    # written it) fills nothing, and an observer is not held to the council period.
    person = Person.objects.create(email=OBSERVER, name="Ole Observatør")
    Appointment.objects.create(
        body=fsg, seat="patienter", role=Role.OBSERVER, person=person, start=today(), end=None
    )
    assert [(f.rule, f.message_da) for f in body_findings(fsg, today())] == before


def test_an_observer_reads_the_body_but_not_its_closed_items_and_neither_proposes_nor_apologises(
    client: Client, fsg: Body
) -> None:
    [meeting] = meetings_ahead(fsg, 30)
    user = make_person(OBSERVER, "Ole Observatør")
    observe("fsg", today() - datetime.timedelta(days=10))
    person = Person.objects.get(email=OBSERVER)
    client.force_login(user)
    assert client.get("/bodies/fsg/").status_code == 200
    assert client.get(f"/meetings/{meeting.pk}/").status_code == 200
    assert fsg.pk not in (access.closed_readable_bodies(user, today()) or set())
    assert not access.may_read_closed(user, meeting)
    # No proposals, no apologies: an observer holds no seat.
    assert access.member_appointment(person, fsg, today()) is None
    assert not access.may_apologise(person, meeting, today())
    proposed = client.post("/bodies/fsg/proposals/new/", {"title": "Et forslag"})
    assert proposed.status_code == 403
    apology = client.post(f"/meetings/{meeting.pk}/apology/", {"reason": ""})
    assert apology.status_code == 403
    assert not meeting.apologies.exists()
    # A member of the same body reads the closed items.
    jens = User.objects.get(email="jens@klynge.test")
    assert access.may_read_closed(jens, meeting)


def test_observers_get_the_invitations_of_the_meetings_in_their_period(
    fsg: Body, mailbox: Mailbox
) -> None:
    inside, after = meetings_ahead(fsg, 20, 90)
    observe("fsg", today(), today() + datetime.timedelta(days=45))
    assert OBSERVER in [p.email for p in recipients(inside)]
    assert OBSERVER not in [p.email for p in recipients(after)]
    send_meeting_notice.enqueue([inside.pk, after.pk], "planned")
    to_observer = [m for m in mailbox.wait_for(3) if OBSERVER in m["To"]]
    assert len(to_observer) == 1
    [invitation] = [
        Calendar.from_ical(part.get_payload(decode=True))
        for part in to_observer[0].walk()
        if part.get_content_type() == "text/calendar"
    ]
    [event] = invitation.walk("VEVENT")
    assert event["DTSTART"].dt.date() == inside.date


def test_consent_to_be_named_in_public_is_set_when_appointing_and_when_correcting(
    client: Client, secretary: User, fsg: Body
) -> None:
    client.force_login(secretary)
    page = client.get("/bodies/fsg/appoint/?seat=patienter").content.decode()
    assert "Må nævnes ved navn på de offentlige sider" in page
    assert "Uden samtykke står der »Patientrepræsentant«" in page
    client.post(
        "/bodies/fsg/appoint/",
        {"seat": "patienter", "name": "Bodil Bruger", "email": "bodil@piu.test",
         "start": today().isoformat(), "named_in_public": "on"},
    )  # fmt: skip
    bodil = Appointment.objects.get(person__email="bodil@piu.test")
    assert bodil.named_in_public
    edit = client.get(f"/bodies/fsg/appointments/{bodil.pk}/edit/").content.decode()
    assert re.search(r'name="named_in_public" id="id_named_in_public" checked', edit)
    version = re.search(r'name="version" value="([^"]+)"', edit)
    assert version is not None
    response = client.post(
        f"/bodies/fsg/appointments/{bodil.pk}/edit/",
        {"version": version.group(1), "organisation": "", "end": "", "appointed_by": "",
         "substitute_for": ""},
    )  # fmt: skip
    assert response.status_code == 302
    bodil.refresh_from_db()
    assert not bodil.named_in_public


# ---- a role follows its appointment's dates ---------------------------------------------------


@pytest.fixture
def ended_secretary(secretary: User, fsg: Body) -> User:
    """Lars, whose appointment as FSG's secretariat ended yesterday; he still holds a seat in
    FSG as a member, so he reads it, but edits nothing."""
    Appointment.objects.filter(person__email=secretary.email, role=Role.SECRETARIAT).update(
        end=today() - datetime.timedelta(days=1)
    )
    make_member(secretary.email, "Lars Østergaard", "fsg", start="2026-02-01")
    return secretary


def test_a_secretariat_whose_appointment_ended_reaches_no_editing_page(
    client: Client, ended_secretary: User, fsg: Body
) -> None:
    [meeting] = meetings_ahead(fsg, 30)
    client.force_login(ended_secretary)
    assert client.get("/bodies/fsg/").status_code == 200  # still a member
    assert client.get("/members/import/").status_code == 403
    assert client.get("/bodies/fsg/appoint/").status_code == 403
    added = client.post(f"/meetings/{meeting.pk}/agenda/add/", {"title": "Nyt punkt"})
    assert added.status_code == 403
    assert not meeting.items.filter(title="Nyt punkt").exists()
    assert not access.may_import_members(ended_secretary)
    home = client.get("/").content.decode()
    assert "Som sekretariat" not in home and "Som medlem" in home


def test_a_secretariat_from_a_later_day_already_imports(
    client: Client, secretary: User, fsg: Body
) -> None:
    Appointment.objects.filter(person__email=secretary.email).update(
        start=today() + datetime.timedelta(days=7)
    )
    client.force_login(secretary)
    assert client.get("/members/import/").status_code == 200


def test_an_ended_secretariat_with_nothing_else_no_longer_reads_the_body(
    client: Client, secretary: User, fsg: Body
) -> None:
    Appointment.objects.filter(person__email=secretary.email).update(
        end=today() - datetime.timedelta(days=1)
    )
    client.force_login(secretary)
    assert client.get("/bodies/fsg/").status_code == 404
    assert client.get("/bodies/fsg/appoint/").status_code == 404
    assert client.get("/members/import/").status_code == 403
    assert "Som sekretariat" not in client.get("/").content.decode()


# ---- a person's page ---------------------------------------------------------------------------


def test_a_persons_page_shows_only_the_seats_in_bodies_the_reader_reads(
    client: Client, admin: User, patient_rep: User, fsg: Body
) -> None:
    make_member("jens@klynge.test", "Jens Aagaard", "sundhed-for-voksne", start="2026-01-01")
    lone = make_person("lone@lemvig.test", "Lone Lemvig")  # a member of FSG only
    jens = Person.objects.get(email="jens@klynge.test")

    def bodies_on_page(user: User) -> set[str]:
        client.force_login(user)
        html = client.get(f"/people/{jens.pk}/").content.decode()
        shown = set()
        for name in ("Faglig Strategisk Gruppe", "Fokusgruppen Sundhed for voksne"):
            if name in html:
                shown.add(name)
        return shown

    both = {"Faglig Strategisk Gruppe", "Fokusgruppen Sundhed for voksne"}
    assert bodies_on_page(lone) == {"Faglig Strategisk Gruppe"}
    assert bodies_on_page(admin) == both
    assert bodies_on_page(patient_rep) == both  # his own page


# ---- calendar addresses per person -------------------------------------------------------------


def _body_feed_url(client: Client, key: str) -> str:
    page = client.post("/meetings/calendar/", {"body": key}, follow=True).content.decode()
    found = re.search(r'id="feed-url" value="http://testserver(/calendar/[\w-]+\.ics)"', page)
    assert found is not None, "the body's page shows the reader's own address"
    return found.group(1)


def _events(client: Client, url: str) -> list[datetime.date]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return sorted(e["DTSTART"].dt.date() for e in calendar.walk("VEVENT"))


def test_each_reader_has_their_own_address_for_a_body_which_empties_when_they_leave(
    client: Client, patient_rep: User, fsg: Body
) -> None:
    meetings = meetings_ahead(fsg, 30, 60)
    lone = make_person("lone@lemvig.test", "Lone Lemvig")
    client.force_login(patient_rep)
    assert 'id="feed-url"' not in client.get("/bodies/fsg/meetings/").content.decode()
    jens_url = _body_feed_url(client, "fsg")
    assert "Adressen er kun din" in client.get("/bodies/fsg/meetings/").content.decode()
    client.force_login(lone)
    lone_url = _body_feed_url(client, "fsg")
    assert jens_url != lone_url
    feeds = CalendarFeed.objects.filter(body=fsg).select_related("person")
    assert {f.person.email for f in feeds} == {"jens@klynge.test", "lone@lemvig.test"}
    client.logout()
    assert _events(client, jens_url) == [m.date for m in meetings]

    # Jens leaves FSG: his address is an empty calendar, without anyone renewing anything;
    # Lone's carries on.
    Appointment.objects.filter(person__email="jens@klynge.test").update(
        end=today() - datetime.timedelta(days=1)
    )
    assert _events(client, jens_url) == []
    assert _events(client, lone_url) == [m.date for m in meetings]


def test_renewing_ones_own_address_for_a_body_ends_the_old_one_and_no_one_renews_anothers(
    client: Client, patient_rep: User, secretary: User, fsg: Body
) -> None:
    client.force_login(patient_rep)
    old = _body_feed_url(client, "fsg")
    response = client.post("/meetings/calendar/renew/", {"body": "fsg"}, follow=True)
    assert "Kalenderen har fået en ny adresse." in response.content.decode()
    new = re.search(r'id="feed-url" value="http://testserver(/calendar/[\w-]+\.ics)"',
                    response.content.decode())  # fmt: skip
    assert new is not None and new.group(1) != old
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(new.group(1)).status_code == 200
    # Not even the body's secretariat renews a member's address.
    jens_feed = CalendarFeed.objects.get(person__email="jens@klynge.test", body=fsg)
    with pytest.raises(PermissionDenied):
        access.access_feed_to_renew(secretary, jens_feed)


def test_someone_who_does_not_read_a_body_gets_no_address_for_it(
    client: Client, fsg: Body, cluster: object
) -> None:
    outsider = make_person("ude@andet.test", "Ude Andetsteds")
    make_member("ude@andet.test", "Ude Andetsteds", "sundhed-for-voksne")
    client.force_login(outsider)
    assert client.post("/meetings/calendar/", {"body": "fsg"}).status_code == 404
    assert not CalendarFeed.objects.exists()


def test_the_migration_removes_the_shared_body_addresses(transactional_db: None) -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("meetings", "0013_closed_items_and_attachments")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    # Only the feeds' table is as it was; the people and bodies are today's.
    OldFeed = executor.loader.project_state(before).apps.get_model("meetings", "CalendarFeed")
    cluster = Cluster.objects.create(key="k", name="K")
    body = Body.objects.create(cluster=cluster, key="b", name="B", kind="other")
    person = Person.objects.create(email="p@x.test", name="P")
    OldFeed.objects.create(token="shared-by-all", body_id=body.pk)
    OldFeed.objects.create(token="persons-own", person_id=person.pk)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert list(CalendarFeed.objects.values_list("token", "person__email", "body_id")) == [
        ("persons-own", "p@x.test", None)
    ]
    client = Client()
    assert client.get("/calendar/shared-by-all.ics").status_code == 404
    assert client.get("/calendar/persons-own.ics").status_code == 200
