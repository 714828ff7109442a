"""The audit trail: complete for every kind of write, readable in words per object, body and
person, filtered, exported as CSV, read only by those allowed, and append-only; the access log of
sign-ins apart from it."""

import csv
import datetime
import io
from datetime import date as D

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.utils import timezone

from klynge.accounts.access_log import SIGNED_IN, log_access
from klynge.accounts.audit import SystemActor
from klynge.accounts.models import AccessEntry, AuditEntry, TrailIsAppendOnly
from klynge.core.excel_csv import inert
from klynge.core.member_file import read_member_file
from klynge.governance.appointing import end_appointment
from klynge.governance.membership import import_members
from klynge.governance.models import Appointment, Body
from klynge.governance.reads import data_version
from klynge.meetings import services
from klynge.meetings.attachments import add_attachment, remove_attachment
from klynge.meetings.minutes import add_action, remove_action, set_action_done
from klynge.meetings.models import Meeting
from klynge.meetings.proposals import answer_proposal, propose
from klynge.meetings.services import MeetingRow, create_meetings
from tests.helpers import PASSWORD, make_person, png_file

SYSTEM = SystemActor("test")


def one_meeting(body: Body) -> Meeting:
    [meeting] = create_meetings(
        acting_user=SYSTEM, body=body, notify=False,
        rows=[MeetingRow(D(2027, 5, 19), datetime.time(13), datetime.time(15))],
    )  # fmt: skip
    return meeting


def rows_of(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action))


def trail_csv(response: object) -> list[list[str]]:
    content = response.content  # type: ignore[attr-defined]
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


# ---- complete ---------------------------------------------------------------------------------


def test_a_member_file_import_records_one_row_naming_the_file_and_the_counts(fsg: Body) -> None:
    lines = [
        "organ;navn;e-mail;start",
        "fsg;Ida Holm;ida@holstebro.test;2026-02-01",
        "fsg;Ole Dahl;ole@herning.test;2026-02-01",
    ]
    rows = read_member_file("\n".join(lines).encode(), "fsg-2026.csv")
    import_members(rows, source="/home/lars/fsg-2026.csv", acting_user=SYSTEM)
    [entry] = AuditEntry.objects.filter(action="members.import", object_id="fsg-2026.csv")
    assert entry.after is not None
    assert entry.after["file"] == "fsg-2026.csv"
    assert (entry.after["rows"], entry.after["created"], entry.after["people_created"]) == (2, 2, 2)
    assert entry.after["bodies"] == [fsg.pk]
    assert len(rows_of("appointment.create")) >= 2  # besides the rows it changed


def test_a_dry_run_or_an_import_that_changes_nothing_leaves_no_row(fsg: Body) -> None:
    rows = read_member_file(b"organ;navn;e-mail;start\nfsg;Ida Holm;ida@h.test;2026-02-01", "a.csv")
    before = AuditEntry.objects.count()
    import_members(rows, source="a.csv", acting_user=SYSTEM, dry_run=True)
    assert AuditEntry.objects.count() == before
    import_members(rows, source="a.csv", acting_user=SYSTEM)
    after = AuditEntry.objects.count()
    assert after > before
    import_members(rows, source="a.csv", acting_user=SYSTEM)
    assert AuditEntry.objects.count() == after


def test_linking_a_person_to_a_login_is_recorded(fsg: Body) -> None:
    rows = read_member_file(b"organ;navn;e-mail;start\nfsg;Ida Holm;ida@h.test;2026-02-01", "a.csv")
    import_members(rows, source="", acting_user=SYSTEM, invite=True, base_url="http://x/")
    [entry] = rows_of("person.account")
    assert entry.before == {"user": None} and entry.after is not None and entry.after["user"]


def test_every_kind_of_write_records_a_row(fsg: Body, secretary: object) -> None:
    meeting = one_meeting(fsg)
    assert rows_of("meeting.create") and rows_of("agendaitem.create")
    item = services.add_item(acting_user=secretary, meeting=meeting, values={"title": "Budget"})
    services.change_item(
        acting_user=secretary, item=item, based_on=item.version, values={"title": "Budget 2028"}
    )
    [changed] = rows_of("agendaitem.change")
    assert changed.before is not None and changed.before["title"] == "Budget"
    assert changed.after is not None and changed.after["title"] == "Budget 2028"
    attachment = add_attachment(acting_user=secretary, item=item, upload=png_file_upload())
    [made] = rows_of("attachment.create")
    assert (
        made.after is not None and made.after["closed"] is False and made.after["public"] is False
    )
    remove_attachment(acting_user=secretary, attachment=attachment)
    assert rows_of("attachment.delete")
    jens = Appointment.objects.get(person__email="jens@klynge.test", body=fsg)
    action = add_action(
        acting_user=secretary, meeting=meeting, title="Skriv til PLO", owner=jens.person
    )
    set_action_done(acting_user=secretary, action=action, done_on=D(2027, 6, 1))
    remove_action(acting_user=secretary, action=action)
    assert rows_of("action.create") and rows_of("action.done") and rows_of("action.delete")
    end_appointment(acting_user=secretary, appointment=jens, end=D(2027, 6, 30))
    assert rows_of("appointment.end")
    proposal = propose(acting_user=SYSTEM, body=fsg, person=jens.person, title="Demens")
    answer_proposal(acting_user=secretary, proposal=proposal, answer="Tages op i 2028")
    assert rows_of("proposal.create") and rows_of("proposal.answer")


def png_file_upload() -> object:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("diagram.png", png_file(), content_type="image/png")


# ---- readable ---------------------------------------------------------------------------------


def test_a_changed_appointment_end_reads_in_words(fsg: Body, admin: object, client: Client) -> None:
    jens = Appointment.objects.get(person__email="jens@klynge.test", body=fsg)
    from klynge.accounts import audit

    audit.update(jens, acting_user=SYSTEM, action="appointment.update", end=D(2027, 12, 31))
    end_appointment(acting_user=SYSTEM, appointment=jens, end=D(2027, 6, 30))
    client.force_login(admin)  # type: ignore[arg-type]
    html = client.get("/bodies/fsg/history/?action=appointment.end").content.decode()
    assert "Slut:</strong> 31. december 2027 → 30. juni 2027" in html
    assert "Jens Aagaard, " in html  # the appointment named by its person and body
    assert "Udpegning afsluttet" in html


def test_html_is_stripped_and_long_texts_shortened(
    fsg: Body, admin: object, client: Client
) -> None:
    meeting = one_meeting(fsg)
    text = "<p>Et <strong>langt</strong> oplæg</p>" + "<p>" + "ord " * 100 + "</p>"
    services.add_item(
        acting_user=SYSTEM, meeting=meeting, values={"title": "Oplæg", "case_text": text}
    )
    client.force_login(admin)  # type: ignore[arg-type]
    html = client.get("/audit/?action=agendaitem.create").content.decode()
    assert "Et langt oplæg ord ord" in html and "&lt;strong" not in html
    assert "…" in html


def test_the_trail_filters_by_date_and_kind(fsg: Body, admin: object, client: Client) -> None:
    one_meeting(fsg)
    client.force_login(admin)  # type: ignore[arg-type]
    everything = client.get("/audit/?format=csv")
    meetings = trail_csv(client.get("/audit/?format=csv&action=meeting.create"))
    assert len(meetings) == 2 and meetings[1][2] == "Møde planlagt"
    assert len(trail_csv(everything)) > 3
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    assert len(trail_csv(client.get(f"/audit/?format=csv&from={tomorrow}"))) == 1
    assert len(trail_csv(client.get(f"/audit/?format=csv&to={tomorrow}"))) == len(
        trail_csv(everything)
    )


def test_the_csv_export_makes_formula_cells_inert(fsg: Body, admin: object, client: Client) -> None:
    meeting = one_meeting(fsg)
    mallory = make_person("mallory@klynge.test", '=HYPERLINK("http://x")')
    services.add_item(acting_user=mallory, meeting=meeting, values={"title": "Punkt"})
    client.force_login(admin)  # type: ignore[arg-type]
    response = client.get("/audit/?format=csv&action=agendaitem.create")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = trail_csv(response)
    assert rows[0] == ["Tidspunkt", "Af", "Ændring", "Type", "Hvad", "Før → efter"]
    [row] = [r for r in rows if "HYPERLINK" in r[1]]
    assert row[1] == '\'=HYPERLINK("http://x")'
    assert [inert(x) for x in ("=1", "+1", "-1", "@a", "\tx", "\rx", "ok")] == [
        "'=1", "'+1", "'-1", "'@a", "'\tx", "'\rx", "ok",
    ]  # fmt: skip


def test_a_body_trail_holds_the_body_s_things_only(
    fsg: Body, admin: object, client: Client
) -> None:
    meeting = one_meeting(fsg)
    services.add_item(acting_user=SYSTEM, meeting=meeting, values={"title": "Kun FSG"})
    other = (
        Body.objects.exclude(pk=fsg.pk).filter(kind=fsg.kind).first()
        or Body.objects.exclude(pk=fsg.pk).first()
    )
    assert other is not None
    one_meeting(other)
    client.force_login(admin)  # type: ignore[arg-type]
    rows = trail_csv(client.get("/bodies/fsg/history/?format=csv"))
    assert any("Kun FSG" in r[4] for r in rows)
    assert any("Jens Aagaard" in r[4] for r in rows)  # the appointments
    assert not any(other.name in r[4] for r in rows)


def test_a_person_trail_holds_what_they_did_and_what_was_done_to_them(
    fsg: Body, secretary: object, patient_rep: object, client: Client
) -> None:
    meeting = one_meeting(fsg)
    services.add_item(acting_user=secretary, meeting=meeting, values={"title": "Lars' punkt"})
    lars = Appointment.objects.get(person__email="lars@klynge.test").person
    client.force_login(secretary)  # type: ignore[arg-type]
    did = trail_csv(client.get(f"/people/{lars.pk}/history/?format=csv&show=did"))
    done = trail_csv(client.get(f"/people/{lars.pk}/history/?format=csv&show=done"))
    assert any("Lars' punkt" in r[4] for r in did) and all(
        r[1] in ("Af", "Lars Østergaard") for r in did
    )
    assert any(r[2] == "Udpegning registreret" for r in done)
    assert not any("Lars' punkt" in r[4] for r in done)


# ---- who reads it -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "url", "status"),
    [
        ("admin", "/audit/", 200),
        ("admin", "/audit/access/", 200),
        ("admin", "/bodies/fsg/history/", 200),
        ("secretary", "/audit/", 403),
        ("secretary", "/audit/access/", 403),
        ("secretary", "/bodies/fsg/history/", 200),
        ("patient_rep", "/bodies/fsg/history/", 403),
        ("patient_rep", "/audit/", 403),
        ("outsider", "/bodies/fsg/history/", 404),
        (None, "/audit/", 302),
        (None, "/bodies/fsg/history/", 302),
    ],
)
def test_who_reads_the_trail(
    fsg: Body, admin: object, client: Client, who: str | None, url: str, status: int,
    request: pytest.FixtureRequest,
) -> None:  # fmt: skip
    if who == "outsider":
        client.force_login(make_person("x@klynge.test", "Udenforstående"))  # type: ignore[arg-type]
    elif who:
        client.force_login(request.getfixturevalue(who))
    assert client.get(url).status_code == status


def test_a_person_reads_their_own_trail_and_nobody_else_s(
    fsg: Body, secretary: object, patient_rep: object, admin: object, client: Client
) -> None:
    jens = Appointment.objects.get(person__email="jens@klynge.test", body=fsg).person
    client.force_login(patient_rep)  # type: ignore[arg-type]
    page = client.get(f"/people/{jens.pk}/")
    assert f"/people/{jens.pk}/history/" in page.content.decode()
    assert client.get(f"/people/{jens.pk}/history/").status_code == 200
    client.force_login(secretary)  # type: ignore[arg-type]
    assert client.get(f"/people/{jens.pk}/history/").status_code == 403
    assert f"/people/{jens.pk}/history/" not in client.get(f"/people/{jens.pk}/").content.decode()
    client.force_login(admin)  # type: ignore[arg-type]
    assert client.get(f"/people/{jens.pk}/history/").status_code == 200


def test_the_body_page_links_its_history_for_the_secretariat_only(
    fsg: Body, secretary: object, patient_rep: object, client: Client
) -> None:
    client.force_login(secretary)  # type: ignore[arg-type]
    assert "/bodies/fsg/history/" in client.get("/bodies/fsg/").content.decode()
    client.force_login(patient_rep)  # type: ignore[arg-type]
    assert "/bodies/fsg/history/" not in client.get("/bodies/fsg/").content.decode()


def test_trail_pages_use_a_fixed_number_of_queries(
    fsg: Body, admin: object, client: Client, django_assert_num_queries: object
) -> None:
    client.force_login(admin)  # type: ignore[arg-type]
    one_meeting(fsg)
    jens = Appointment.objects.get(person__email="jens@klynge.test", body=fsg).person
    pages = {
        "/audit/": 0,
        "/bodies/fsg/history/": 0,
        f"/people/{jens.pk}/history/": 0,
        "/audit/access/": 0,
    }
    for url in pages:
        client.get(url)  # warm the session and the caches
    with django_assert_num_queries(TRAIL_QUERIES):  # type: ignore[operator]
        assert client.get("/audit/").status_code == 200
    with django_assert_num_queries(BODY_QUERIES):  # type: ignore[operator]
        assert client.get("/bodies/fsg/history/").status_code == 200
    one_meeting(fsg)  # more rows of the same kinds: no more queries
    with django_assert_num_queries(BODY_QUERIES):  # type: ignore[operator]
        assert client.get("/bodies/fsg/history/").status_code == 200
    with django_assert_num_queries(PERSON_QUERIES):  # type: ignore[operator]
        assert client.get(f"/people/{jens.pk}/history/").status_code == 200
    with django_assert_num_queries(ACCESS_QUERIES):  # type: ignore[operator]
        assert client.get("/audit/access/").status_code == 200


# The trail pages: the session, the user, the access check, the count, the page, and one query
# per kind of thing named on it (not per row).
TRAIL_QUERIES, BODY_QUERIES, PERSON_QUERIES, ACCESS_QUERIES = 18, 18, 14, 8


# ---- append-only ------------------------------------------------------------------------------


def test_the_trail_refuses_changes_and_deletions(fsg: Body) -> None:
    entry = AuditEntry.objects.first()
    assert entry is not None
    entry.action = "forged"
    with pytest.raises(TrailIsAppendOnly):
        entry.save()
    with pytest.raises(TrailIsAppendOnly):
        entry.delete()
    with pytest.raises(TrailIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(action="forged")
    with pytest.raises(TrailIsAppendOnly):
        AuditEntry.objects.all().delete()
    access = log_access(None, SIGNED_IN)
    with pytest.raises(TrailIsAppendOnly):
        access.save()
    with pytest.raises(TrailIsAppendOnly):
        AccessEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).action != "forged"


def test_the_admin_shows_the_trail_and_the_log_read_only(admin: object, client: Client) -> None:
    log_access(admin, SIGNED_IN)
    client.force_login(admin)  # type: ignore[arg-type]
    for model in ("auditentry", "accessentry"):
        assert client.get(f"/admin/accounts/{model}/").status_code == 200
        assert client.get(f"/admin/accounts/{model}/add/").status_code == 403
    entry = AccessEntry.objects.first()
    assert entry is not None
    page = client.get(f"/admin/accounts/accessentry/{entry.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.post(f"/admin/accounts/accessentry/{entry.pk}/delete/").status_code == 403


@pytest.mark.postgresql
def test_on_postgresql_the_database_refuses_changes_too(fsg: Body) -> None:
    entry = AuditEntry.objects.first()
    access = log_access(None, SIGNED_IN)
    assert entry is not None
    for table, pk in [("accounts_auditentry", entry.pk), ("accounts_accessentry", access.pk)]:
        for sql in (
            f"UPDATE {table} SET action = 'forged' WHERE id = %s",
            f"DELETE FROM {table} WHERE id = %s",
        ):
            with (
                pytest.raises(DatabaseError, match="append-only"),
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute(sql, [pk])
    assert AuditEntry.objects.get(pk=entry.pk).action != "forged"
    assert AccessEntry.objects.filter(pk=access.pk).exists()


# ---- the access log ---------------------------------------------------------------------------


def test_a_sign_in_is_logged_and_does_not_change_the_data_version(
    secretary: object, client: Client
) -> None:
    version = data_version()
    response = client.post("/login/", {"username": "lars@klynge.test", "password": PASSWORD})
    assert response.status_code == 302
    [entry] = AccessEntry.objects.filter(action=SIGNED_IN)
    assert entry.user == secretary
    assert data_version() == version


def test_a_failed_sign_in_is_not_in_the_access_log(secretary: object, client: Client) -> None:
    client.post("/login/", {"username": "lars@klynge.test", "password": "forkert"})
    assert not AccessEntry.objects.exists()


def test_the_access_log_reads_per_person_and_as_csv(
    fsg: Body, secretary: object, patient_rep: object, admin: object, client: Client
) -> None:
    log_access(secretary, SIGNED_IN)
    log_access(patient_rep, SIGNED_IN)
    lars = Appointment.objects.get(person__email="lars@klynge.test").person
    client.force_login(admin)  # type: ignore[arg-type]
    assert "Logget ind" in client.get("/audit/access/").content.decode()
    rows = trail_csv(client.get(f"/audit/access/?person={lars.pk}&format=csv"))
    assert [r[1] for r in rows[1:]] == ["Lars Østergaard"]
    assert rows[1][2] == "Logget ind"
    assert len(trail_csv(client.get("/audit/access/?format=csv&action=closed_item.read"))) == 1


def test_a_shared_theme_day_and_the_co_chairs_asked_are_named(
    fsg: Body, admin: object, client: Client
) -> None:
    from klynge.accounts import audit
    from klynge.meetings.models import MeetingKind

    steering = Body.objects.exclude(pk=fsg.pk).first()
    assert steering is not None
    [day] = create_meetings(
        acting_user=SYSTEM, body=fsg, notify=False, shared_with=[steering],
        rows=[MeetingRow(D(2027, 9, 1), datetime.time(9), datetime.time(15), kind=MeetingKind.THEME_DAY)],
    )  # fmt: skip
    [made] = AuditEntry.objects.filter(action="meeting.share", object_id=str(day.pk))
    assert made.after == {"also_for": [steering.pk]}
    jens = Appointment.objects.get(person__email="jens@klynge.test", body=fsg).person
    audit.record(
        acting_user=SYSTEM, action="meeting.agenda-approval-asked", instance=day,
        before=None, after={"asked": [jens.pk]},
    )  # fmt: skip
    client.force_login(admin)  # type: ignore[arg-type]
    rows = trail_csv(client.get(f"/audit/?format=csv&from={timezone.localdate().isoformat()}"))
    [shared] = [r for r in rows if r[2] == "Temadag delt med flere organer"]
    assert steering.name in shared[5]
    [asked] = [r for r in rows if r[2] == "Medformændene bedt om at godkende dagsordenen"]
    assert asked[5] == "Spurgt: Jens Aagaard"


def test_one_object_s_trail_is_a_link_away(fsg: Body, admin: object, client: Client) -> None:
    jens = Appointment.objects.get(person__email="jens@klynge.test", body=fsg)
    end_appointment(acting_user=SYSTEM, appointment=jens, end=D(2027, 6, 30))
    one_meeting(fsg)
    client.force_login(admin)  # type: ignore[arg-type]
    key = f"governance.appointment:{jens.pk}"
    assert f"?object=governance.appointment%3A{jens.pk}" in client.get("/audit/").content.decode()
    html = client.get(f"/bodies/fsg/history/?object={key}").content.decode()
    assert "Kun ændringerne af Udpegning: Jens Aagaard" in html
    rows = trail_csv(client.get(f"/audit/?object={key}&format=csv"))
    assert [r[2] for r in rows[1:]] == ["Udpegning afsluttet", "Udpegning registreret"]
    assert client.get("/audit/?object=x';drop").status_code == 200  # ignored, not an error


def test_every_kind_of_change_the_code_records_has_words() -> None:
    """Each action a write records reads as words in the trail's filter and rows: a new write
    with an action the trail does not know fails here."""
    import pathlib
    import re

    from klynge.accounts import access_log
    from klynge.governance.trail_words import ACCESS_ACTIONS, ACTIONS

    source = pathlib.Path(access_log.__file__).parents[1]
    written = {
        found
        for path in source.rglob("*.py")
        if "migrations" not in path.parts
        for found in re.findall(r'action="([a-z_]+\.[a-z_.-]+)"', path.read_text())
    }
    # Those whose action is made from parts (f-strings), spelled out.
    written |= {
        "meeting.cancel", "meeting.change", "meeting.agenda-approve", "meeting.minutes-approve",
        "meeting.agenda-approval-asked", "meeting.minutes-approval-asked",
        "meetingsharerequest.accept", "meetingsharerequest.decline",
        "personchangeproposal.apply", "personchangeproposal.dismiss",
    }  # fmt: skip
    assert sorted(written - set(ACTIONS)) == []
    logged = {v for k, v in vars(access_log).items() if k.isupper() and isinstance(v, str)}
    assert sorted(logged - set(ACCESS_ACTIONS)) == []
