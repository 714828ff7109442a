"""The secretariat keeps the membership current from the body page: appoint, end, see a person."""

import datetime
import re

import pytest
from django.test import Client

from klynge.accounts.audit import SystemActor
from klynge.accounts.models import AuditEntry, User
from klynge.core.member_file import read_member_file
from klynge.governance.membership import import_members
from klynge.governance.models import Appointment, Person
from tests.helpers import Mailbox

HEADER = "organ;plads;organisation;navn;e-mail;start;rolle"


@pytest.fixture
def fsg_with_secretariat(charters: object, secretary: User, patient_rep: User) -> None:
    lines = [
        HEADER,
        f"fsg;;goedstrup;Lars Østergaard;{secretary.email};2026-01-01;sekretariat",
        f"fsg;patienter;patienter;Jens Aagaard;{patient_rep.email};2026-01-01;",
    ]
    rows = read_member_file("\n".join(lines).encode(), "x.csv")
    import_members(rows, source="x.csv", acting_user=SystemActor("test"))


def form(**changes: str) -> dict[str, str]:
    return {
        "seat": "kommune-fagdirektoer",
        "role": "",
        "name": "Lone Lemvig",
        "email": "Lone@Lemvig.test",
        "organisation": "lemvig",
        "start": "2026-11-01",
        "end": "",
        "appointed_by": "",
        "substitute_for": "",
    } | changes


def test_the_secretariat_appoints_and_the_new_person_is_invited(
    client: Client, secretary: User, fsg_with_secretariat: None, mailbox: Mailbox
) -> None:
    client.force_login(secretary)
    page = client.get(
        "/bodies/fsg/appoint/?seat=kommune-fagdirektoer&organisation=lemvig"
    ).content.decode()
    assert '<option value="kommune-fagdirektoer" selected>' in page
    assert '<option value="lemvig" selected>' in page
    response = client.post("/bodies/fsg/appoint/", form(), follow=True)
    assert "Lone Lemvig er udpeget." in response.content.decode()
    appointment = Appointment.objects.get(person__email="lone@lemvig.test")
    assert appointment.end == datetime.date(2029, 12, 31) and appointment.end_from_term  # FSG § 4
    assert Person.objects.get(email="lone@lemvig.test").user.email == "lone@lemvig.test"  # type: ignore[union-attr]
    [invitation] = mailbox.wait_for(1)
    assert invitation["To"] == "lone@lemvig.test"
    assert AuditEntry.objects.filter(action="appointment.create", actor=secretary).exists()


def test_a_refused_appointment_keeps_what_was_typed(
    client: Client, secretary: User, fsg_with_secretariat: None
) -> None:
    client.force_login(secretary)
    response = client.post(
        "/bodies/fsg/appoint/",
        form(name="Ib Ibsen", email="jens@klynge.test", substitute_for="jens@klynge.test"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Stedfortræder for: et medlem kan ikke være stedfortræder for sig selv" in html
    assert 'value="Ib Ibsen"' in html
    assert Person.objects.get(email="jens@klynge.test").name == "Jens Aagaard"
    assert not Person.objects.filter(name="Ib Ibsen").exists()


def test_members_who_are_not_the_secretariat_may_not_change_the_body(
    client: Client, patient_rep: User, fsg_with_secretariat: None
) -> None:
    client.force_login(patient_rep)
    assert client.get("/bodies/fsg/appoint/").status_code == 403
    assert client.get("/bodies/fsg/charter/edit/").status_code == 403
    html = client.get("/bodies/fsg/").content.decode()
    assert "/appoint/" not in html and "Ret det" not in html


def test_the_fsg_secretariat_also_runs_the_operative_groups_and_the_charter(
    client: Client, secretary: User, fsg_with_secretariat: None
) -> None:
    client.force_login(secretary)
    assert client.get("/bodies/fog-boern-unge/appoint/").status_code == 200
    assert client.get("/bodies/fsg/charter/edit/").status_code == 200
    assert (
        client.get("/bodies/sundhed-for-voksne/appoint/").status_code == 404
    )  # not theirs: as if absent


def test_ending_an_appointment_and_the_person_page(
    client: Client, secretary: User, fsg_with_secretariat: None
) -> None:
    client.force_login(secretary)
    jens = Appointment.objects.get(person__email="jens@klynge.test")
    html = client.get("/bodies/fsg/?on=2026-11-23").content.decode()
    assert f"/bodies/fsg/appointments/{jens.pk}/end/" in html
    fix = re.search(r'href="(/bodies/fsg/appoint/\?seat=patienter[^"]*)"', html)
    assert fix, "the finding for the patients' seat links to the appoint form"
    end_url = f"/bodies/fsg/appointments/{jens.pk}/end/"
    # The first press shows what ending does, with the date kept; nothing is ended yet.
    check = client.post(end_url, {"end": "2026-10-31"}).content.decode()
    assert "Tjek, før du afslutter udpegningen" in check
    assert "Udpegningen slutter lørdag den 31. oktober 2026." in check
    assert '<input type="hidden" name="end" value="2026-10-31"' in check
    jens.refresh_from_db()
    assert jens.end is None or jens.end != datetime.date(2026, 10, 31)
    changing = client.post(end_url, {"end": "2026-10-31", "change": "1"}).content.decode()
    assert 'value="2026-10-31"' in changing and "Videre til bekræftelse" in changing
    response = client.post(end_url, {"end": "2026-10-31", "confirm": "yes"}, follow=True)
    assert "Udpegningen af Jens Aagaard er afsluttet." in response.content.decode()
    jens.refresh_from_db()
    assert jens.end == datetime.date(2026, 10, 31) and not jens.end_from_term
    person = client.get(f"/people/{jens.person_id}/").content.decode()
    assert "<h1>Jens Aagaard</h1>" in person
    assert "Tidligere pladser og roller" in person and "1. januar 2026 – 31. oktober 2026" in person
    early = client.post(end_url, {"end": "2025-01-01", "confirm": "yes"})
    assert early.status_code == 400
    assert "Sidste dag kan ikke ligge før den første." in early.content.decode()


def test_the_web_import_previews_before_saving(
    client: Client, secretary: User, fsg_with_secretariat: None
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(secretary)
    lines = [HEADER, "fsg;kommune-fagdirektoer;661;Åge Holst;aage@holstebro.test;01-02-2026;"]
    upload = SimpleUploadedFile("medlemmer.csv", "\r\n".join(lines).encode("cp1252"))
    preview = client.post("/members/import/", {"file": upload}).content.decode()
    assert "Det vil medlemmer.csv ændre" in preview and "1 ny udpegning" in preview
    assert "Intet er gemt endnu." in preview
    assert not Person.objects.filter(email="aage@holstebro.test").exists()
    saved = client.post("/members/import/confirm/", follow=True).content.decode()
    assert (
        "medlemmer.csv er gemt: 1 ny udpegning, 0 ændrede. "
        "1 person har fået en invitation til at logge ind." in saved
    )
    assert (
        Appointment.objects.get(person__email="aage@holstebro.test").organisation.key == "holstebro"
    )  # type: ignore[union-attr]


def test_the_web_import_names_row_and_column_and_saves_nothing(
    client: Client, secretary: User, fsg_with_secretariat: None
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(secretary)
    lines = [
        HEADER,
        "fsg;kommune-fagdirektoer;661;A;a@x.dk;2026-02-01;",
        "sundhed-for-voksne;kommune;661;B;b@x.dk;2026-02-01;",
    ]
    response = client.post(
        "/members/import/", {"file": SimpleUploadedFile("m.csv", "\n".join(lines).encode())}
    )
    assert response.status_code == 400
    assert (
        "række 3, kolonne organ: du er ikke sekretariat for Fokusgruppen Sundhed for voksne"
        in response.content.decode()
    )
    assert not Person.objects.filter(email="a@x.dk").exists()


def test_only_a_secretariat_may_import(
    client: Client, patient_rep: User, fsg_with_secretariat: None
) -> None:
    client.force_login(patient_rep)
    assert client.get("/members/import/").status_code == 403


def test_reminders_before_terms_end_are_sent_once(
    fsg_with_secretariat: None, mailbox: Mailbox
) -> None:
    from klynge.governance.appointing import end_appointment
    from klynge.governance.reminders import send_reminders

    jens = Appointment.objects.get(person__email="jens@klynge.test")
    end_appointment(
        acting_user=SystemActor("test"), appointment=jens, end=datetime.date(2027, 2, 28)
    )
    assert send_reminders(datetime.date(2026, 12, 1)) == []  # more than 60 days ahead
    on = datetime.date(2027, 1, 15)
    assert [r.body.key for r in send_reminders(on, dry_run=True)] == ["fsg"]
    assert mailbox.messages == []
    [reminder] = send_reminders(on)
    assert reminder.recipients == ["lars@klynge.test"]
    [message] = mailbox.wait_for(1)
    assert message["Subject"] == "Udpegninger udløber snart i Faglig Strategisk Gruppe"
    assert (
        "Jens Aagaard, Patienter og pårørende (Patienter og pårørende): 28. februar 2027"
        in message.get_content()
    )
    assert send_reminders(on) == [] and send_reminders(on + datetime.timedelta(days=1)) == []
    end_appointment(
        acting_user=SystemActor("test"), appointment=jens, end=datetime.date(2027, 3, 1)
    )
    assert len(send_reminders(on)) == 1  # a new end date is a new reminder


def test_remind_from_the_command_line(db: None) -> None:
    from tests.helpers import klynge

    result = klynge("remind", "--dry-run")
    assert result.returncode == 0 and "Prøvekørsel – intet er gemt." in result.stdout


def test_a_member_is_replaced_in_one_step_and_nothing_is_half_saved(
    client: Client, secretary: User, fsg_with_secretariat: None, mailbox: Mailbox
) -> None:
    client.force_login(secretary)
    old = Appointment.objects.get(person__email="jens@klynge.test")
    page = client.get(f"/bodies/fsg/appointments/{old.pk}/replace/").content.decode()
    assert "Jens Aagaard, Patienter og pårørende, fra den" in page
    assert '<option value="patienter" selected>' in page
    post = {
        "last_day": "2026-11-30", "name": "Signe Sand", "email": "Signe@Patient.test",
        "organisation": "patienter", "end": "", "appointed_by": "PIU",
    }  # fmt: skip
    response = client.post(f"/bodies/fsg/appointments/{old.pk}/replace/", post, follow=True)
    assert "Signe Sand afløser Jens Aagaard." in response.content.decode()
    old.refresh_from_db()
    assert old.end == datetime.date(2026, 11, 30)
    new = Appointment.objects.get(person__email="signe@patient.test")
    assert (new.seat, new.start, new.end) == (
        "patienter",
        datetime.date(2026, 12, 1),
        datetime.date(2029, 12, 31),
    )
    assert new.appointing_body is not None and new.appointing_body.key == "piu"
    [invitation] = mailbox.wait_for(1)
    assert invitation["To"] == "signe@patient.test"

    # A successor who cannot be appointed leaves the present holder as they were.
    before = AuditEntry.objects.count()
    refused = client.post(
        f"/bodies/fsg/appointments/{new.pk}/replace/",
        post | {"email": "anna@patient.test", "last_day": "2026-10-01"},
    )
    assert refused.status_code == 400
    assert "Intet blev gemt:" in refused.content.decode()
    new.refresh_from_db()
    assert new.end == datetime.date(2029, 12, 31)
    assert AuditEntry.objects.count() == before


def test_an_appointment_is_corrected_from_its_finding_and_a_second_editor_is_refused(
    client: Client, secretary: User, fsg_with_secretariat: None
) -> None:
    client.force_login(secretary)
    jens = Appointment.objects.get(person__email="jens@klynge.test")
    jens.appointed_by, jens.appointing_body = "", None
    jens.save()
    page = client.get("/bodies/fsg/?on=2026-11-23").content.decode()
    assert f'/bodies/fsg/appointments/{jens.pk}/edit/">Ret det</a>' in page  # seat.appointed-by
    assert (
        "?seat=patienter&amp;organisation=patienter&amp;substitute_for=jens%40klynge.test" in page
    )
    form = client.get(f"/bodies/fsg/appointments/{jens.pk}/edit/").content.decode()
    version = re.search(r'name="version" value="(\w+)"', form).group(1)  # type: ignore[union-attr]
    post = {"version": version, "organisation": "patienter", "end": "2027-06-30",
            "appointed_by": "piu", "continuing": "on"}  # fmt: skip
    response = client.post(f"/bodies/fsg/appointments/{jens.pk}/edit/", post, follow=True)
    assert "Udpegningen af Jens Aagaard er rettet." in response.content.decode()
    jens.refresh_from_db()
    assert (jens.end, jens.end_from_term, jens.continuing) == (
        datetime.date(2027, 6, 30),
        False,
        True,
    )
    assert jens.appointing_body is not None and jens.appointing_body.key == "piu"
    assert AuditEntry.objects.filter(action="appointment.update", object_id=str(jens.pk)).exists()

    # The same form saved again from the old page is refused; what was typed stays.
    stale = client.post(f"/bodies/fsg/appointments/{jens.pk}/edit/", post | {"end": "2028-01-31"})
    assert stale.status_code == 409
    assert "En anden har ændret udpegningen" in stale.content.decode()
    assert 'value="2028-01-31"' in stale.content.decode()
    jens.refresh_from_db()
    assert jens.end == datetime.date(2027, 6, 30)
    # An empty end takes the charter's term again.
    fresh = client.get(f"/bodies/fsg/appointments/{jens.pk}/edit/").content.decode()
    version = re.search(r'name="version" value="(\w+)"', fresh).group(1)  # type: ignore[union-attr]
    client.post(f"/bodies/fsg/appointments/{jens.pk}/edit/", post | {"version": version, "end": ""})
    jens.refresh_from_db()
    assert (jens.end, jens.end_from_term) == (datetime.date(2029, 12, 31), True)
