"""Personal data: names and e-mail addresses out of the audit trail into the person history, a
person's data exported whole (JSON and PDF), and anonymisation after the retention period."""

import datetime
import io
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from klynge.accounts.audit import SystemActor
from klynge.accounts.models import AccessEntry, AuditEntry, User
from klynge.governance.anonymisation import anonymise_due, set_retention
from klynge.governance.models import Body, Person, PersonHistory
from klynge.governance.person_history import move_personal_fields_out, strip_apology_reasons
from klynge.meetings import minutes
from klynge.meetings.documents.lifecycle import MINUTES, current_document, ready_document
from klynge.meetings.models import Apology, Meeting, MeetingDocument
from klynge.meetings.services import MeetingRow, create_meetings, send_apology
from tests.helpers import import_lines, klynge, make_person

D = datetime.date
HEADER = "body,seat,organisation,name,email,start,end,continuing,appointed_by,substitute_for,role"
TEST = SystemActor("test")
PERSONAL = {"name", "email", "full_name", "title"}


def _personal_in(values: Any) -> bool:
    return isinstance(values, dict) and bool(PERSONAL & values.keys())


def _trail() -> list[dict[str, Any]]:
    return list(AuditEntry.objects.order_by("pk").values())


@pytest.fixture
def sofie_left(fsg: Body) -> Meeting:
    """Sofie Struer sat in FSG until the end of 2023; at its meeting on 1 June 2023 she sent
    apologies with a reason, and she owns an action. Per Struer left FSG a month ago."""
    today = timezone.localdate()
    recently = (today - datetime.timedelta(days=30)).isoformat()
    import_lines([
        HEADER,
        "fsg,kommune-fagdirektoer,struer,Sofie Struer,sofie@struer.test,2020-01-01,2023-12-31,,,,",
        f"fsg,kommune-fagdirektoer,struer,Per Struer,per@struer.test,2020-01-01,{recently},,,,",
    ])  # fmt: skip
    [meeting] = create_meetings(
        acting_user=TEST, body=fsg, notify=False,
        rows=[MeetingRow(D(2023, 6, 1), datetime.time(13), datetime.time(15))],
    )  # fmt: skip
    sofie = Person.objects.get(email="sofie@struer.test")
    send_apology(acting_user=TEST, meeting=meeting, person=sofie, reason="Min mor er syg")
    minutes.add_action(
        acting_user=TEST, meeting=meeting, title="Send notatet om akutpladser", owner=sofie
    )
    return meeting


# ---- the audit trail refers to people by id -------------------------------------------------


def test_person_and_user_audit_rows_hold_no_name_or_email(fsg: Body) -> None:
    import_lines([HEADER, "fsg,,,Karen Blixen,karen@lemvig.test,2026-01-01,,,,,"])
    import_lines([HEADER, "fsg,,,Karen Dinesen,karen@lemvig.test,2026-01-01,,,,,"])
    karen = Person.objects.get(email="karen@lemvig.test")
    rows = AuditEntry.objects.filter(object_type__in=["governance.person", "accounts.user"])
    assert rows.filter(action="person.update", object_id=str(karen.pk)).exists()
    for row in rows:
        text = json.dumps([row.before, row.after], ensure_ascii=False)
        assert "karen@" not in text and "Karen" not in text and "Lars" not in text, text
        assert not _personal_in(row.before) and not _personal_in(row.after)
    update = rows.get(action="person.update", object_id=str(karen.pk))
    assert update.before is not None and update.after is not None
    old, new = (PersonHistory.objects.get(pk=update.before["history"]),
                PersonHistory.objects.get(pk=update.after["history"]))  # fmt: skip
    assert (old.name, new.name) == ("Karen Blixen", "Karen Dinesen")
    assert new.audit_entry_id == update.pk and new.email == "karen@lemvig.test"


def test_a_user_renamed_keeps_the_names_in_the_history(admin: User) -> None:
    from klynge.accounts.services import update_user

    update_user(acting_user=TEST, user=admin, full_name="Mette K. Kjær", language="en")
    row = AuditEntry.objects.filter(action="user.update").get()
    assert row.before is not None and row.after is not None
    assert row.after["language"] == "en" and "full_name" not in row.after
    assert PersonHistory.objects.get(pk=row.after["history"]).name == "Mette K. Kjær"
    assert PersonHistory.objects.get(pk=row.before["history"]).name == "Mette Kjær"


def trail_before_append_only() -> Any:
    """The apps of the migration that moved personal fields out (accounts 0003), whose models
    write the trail as it was then: before 0004 made it append-only. On PostgreSQL the trigger
    of 0004 is switched off for the test's transaction, which rolls the switch back."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Checked now the foreign keys of the rows the test made, which PostgreSQL would
            # otherwise check at commit and which keep the table from being altered.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE accounts_auditentry DISABLE TRIGGER USER")
    state = MigrationExecutor(connection).loader.project_state(
        ("accounts", "0003_personal_fields_out_of_the_trail")
    )
    return state.apps


def test_the_migration_moves_personal_fields_of_existing_rows_into_the_history(
    fsg: Body,
) -> None:
    lone = Person.objects.get(email="lone@lemvig.test")
    user = User.objects.get(email="jens@klynge.test")
    at = timezone.now() - datetime.timedelta(days=400)
    made = AuditEntry.objects.create(
        at=at, actor_label="cli:root", action="person.create",
        object_type="governance.person", object_id=str(lone.pk), before=None,
        after={"email": "lone@lemvig.test", "name": "Lone L.", "title": "Direktør",
               "organisation": None},
    )  # fmt: skip
    renamed = AuditEntry.objects.create(
        at=at + datetime.timedelta(days=1), actor_label="cli:root", action="person.update",
        object_type="governance.person", object_id=str(lone.pk),
        before={"email": "lone@lemvig.test", "name": "Lone L.", "title": "Direktør",
                "organisation": None},
        after={"email": "lone@lemvig.test", "name": "Lone Lemvig", "title": "Direktør",
               "organisation": None},
    )  # fmt: skip
    user_row = AuditEntry.objects.create(
        at=at, actor_label="cli:root", action="user.update", object_type="accounts.user",
        object_id=str(user.pk), before={"full_name": "J. Aagaard"},
        after={"full_name": "Jens Aagaard", "language": "da"},
    )  # fmt: skip

    then = trail_before_append_only()
    moved = move_personal_fields_out(
        then.get_model("accounts", "AuditEntry"),
        then.get_model("governance", "PersonHistory"),
        then.get_model("governance", "Person"),
        then.get_model("accounts", "User"),
    )

    assert moved == 3
    for row in AuditEntry.objects.filter(object_type__in=["governance.person", "accounts.user"]):
        assert not _personal_in(row.before) and not _personal_in(row.after), row.action
    made.refresh_from_db()
    renamed.refresh_from_db()
    user_row.refresh_from_db()
    assert made.after is not None and renamed.before is not None and renamed.after is not None
    first = PersonHistory.objects.get(pk=made.after["history"])
    assert (first.person_id, first.name, first.title, first.at) == (
        lone.pk,
        "Lone L.",
        "Direktør",
        at,
    )
    # The state before the rename is the one just recorded, not a copy of it.
    assert renamed.before["history"] == first.pk
    assert PersonHistory.objects.get(pk=renamed.after["history"]).name == "Lone Lemvig"
    assert user_row.after is not None and user_row.after["language"] == "da"
    assert PersonHistory.objects.get(pk=user_row.after["history"]).name == "Jens Aagaard"
    assert move_personal_fields_out(AuditEntry, PersonHistory, Person, User) == 0


def test_apologies_audit_rows_keep_whether_a_reason_was_given_not_the_reason(
    sofie_left: Meeting,
) -> None:
    row = AuditEntry.objects.get(action="meeting.apology")
    assert row.after is not None and row.after["reason_given"] is True
    assert "Min mor er syg" not in json.dumps(_trail(), default=str, ensure_ascii=False)
    old = AuditEntry.objects.create(
        actor_label="test", action="meeting.apology-withdrawn", object_type="meetings.apology",
        object_id="999", before={"meeting": sofie_left.pk, "person": 1, "reason": "Ferie"},
        after=None,
    )  # fmt: skip
    trail = trail_before_append_only().get_model("accounts", "AuditEntry")
    assert strip_apology_reasons(trail) == 1
    old.refresh_from_db()
    assert old.before == {"meeting": sofie_left.pk, "person": 1, "reason_given": True}
    assert strip_apology_reasons(trail) == 0


# ---- the right of access ----------------------------------------------------------------------


def test_a_member_downloads_their_own_data_as_json_and_pdf(
    client: Client, patient_rep: User, sofie_left: Meeting
) -> None:
    client.force_login(patient_rep)
    profile = client.get("/profile/").content.decode()
    assert "Mine data" in profile and "jens@klynge.test" in profile
    assert 'href="/profile/"' in client.get("/").content.decode()

    response = client.get("/profile/data.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["person"]["email"] == "jens@klynge.test"
    assert data["user"]["full_name"] == "Jens Aagaard"
    assert [a["body"] for a in data["appointments"]] == ["Faglig Strategisk Gruppe"]
    assert data["appointments"][0]["start"] == "2026-01-01"
    assert {h["name"] for h in data["history"]} == {"Jens Aagaard"}
    assert {h["of"] for h in data["history"]} == {"person", "user"}
    assert {r["action"] for r in data["audit"]} >= {"person.create", "user.create"}
    assert data["access_log"][-1]["action"] == "personal_data.exported"

    pdf = client.get("/profile/data.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Personoplysninger om Jens Aagaard" in text
    assert "Pladser og roller" in text and "Faglig Strategisk Gruppe" in text
    assert "1. januar 2026" in text  # the tables' dates in Danish; the audit values as stored


def test_the_export_holds_apologies_actions_and_attendance(
    client: Client, admin: User, sofie_left: Meeting
) -> None:
    sofie = Person.objects.get(email="sofie@struer.test")
    client.force_login(admin)
    page = client.get(f"/people/{sofie.pk}/").content.decode()
    assert f"/people/{sofie.pk}/data.pdf" in page
    data = json.loads(client.get(f"/people/{sofie.pk}/data.json").content)
    assert data["apologies"][0]["reason"] == "Min mor er syg"
    assert data["apologies"][0]["meeting"]["date"] == "2023-06-01"
    assert data["actions"][0]["title"] == "Send notatet om akutpladser"
    assert {r["action"] for r in data["audit"]} >= {"meeting.apology", "action.create"}
    # The administrator's export is in the access log, which Sofie's own export shows her.
    entry = AccessEntry.objects.get(action="personal_data.exported")
    assert (entry.user_id, entry.object_id) == (admin.pk, str(sofie.pk))


def test_who_may_export_whose_data(
    client: Client, secretary: User, patient_rep: User, fsg: Body
) -> None:
    lone = Person.objects.get(email="lone@lemvig.test")
    jens = Person.objects.get(email="jens@klynge.test")
    client.force_login(patient_rep)
    assert client.get(f"/people/{jens.pk}/data.json").status_code == 200
    # Jens sees Lone (both sit in FSG) but may not take her data.
    assert client.get(f"/people/{lone.pk}/").status_code == 200
    assert client.get(f"/people/{lone.pk}/data.json").status_code == 403
    assert client.get(f"/people/{lone.pk}/data.xml").status_code == 403
    client.force_login(secretary)
    assert f"/people/{lone.pk}/data" not in client.get(f"/people/{lone.pk}/").content.decode()
    assert client.get(f"/people/{lone.pk}/data.pdf").status_code == 403
    outsider = make_person("ude@klynge.test", "Ulla Ude")
    client.force_login(outsider)  # type: ignore[arg-type]
    assert client.get(f"/people/{lone.pk}/data.json").status_code == 404
    assert json.loads(client.get("/profile/data.json").content)["person"] is None
    client.logout()
    assert client.get("/profile/data.json").status_code == 302


# ---- the retention period ----------------------------------------------------------------------


def test_the_administrator_sets_the_retention_period_on_a_page(
    client: Client, admin: User, secretary: User
) -> None:
    client.force_login(secretary)
    assert client.get("/privacy/retention/").status_code == 403
    assert client.post("/privacy/retention/save/", {"months": "6"}).status_code == 403
    client.force_login(admin)
    assert "Der er ikke fastsat en periode" in client.get("/privacy/retention/").content.decode()
    assert (
        "indtil administratoren fastsætter en periode" in client.get("/privacy/").content.decode()
    )
    refused = client.post("/privacy/retention/save/", {"months": "nul"})
    assert refused.status_code == 400
    assert 'class="form-error-message"' in refused.content.decode()
    saved = client.post("/privacy/retention/save/", {"months": "24"}, follow=True)
    assert "Personer anonymiseres nu 24 måneder efter" in saved.content.decode()
    assert AuditEntry.objects.filter(action="privacy.retention").count() == 1
    assert "anonymiseres du efter 24 måneder" in client.get("/privacy/").content.decode()
    client.post("/privacy/retention/save/", {"months": ""})
    assert "Der er ikke fastsat en periode" in client.get("/privacy/retention/").content.decode()


# ---- anonymisation ------------------------------------------------------------------------------


def test_nobody_is_anonymised_while_no_period_is_set(sofie_left: Meeting) -> None:
    assert anonymise_due(acting_user=TEST, today=timezone.localdate()) == []
    assert Person.objects.filter(anonymised_at__isnull=False).count() == 0


def _pdf_text(document: MeetingDocument) -> str:
    with document.file.open("rb") as f:
        return "".join(page.extract_text() for page in PdfReader(io.BytesIO(f.read())).pages)


def test_only_those_who_left_long_enough_ago_are_anonymised_and_the_trail_stays(
    client: Client,
    secretary: User,
    sofie_left: Meeting,
    django_capture_on_commit_callbacks: Any,
) -> None:
    meeting = sofie_left
    sofie = Person.objects.get(email="sofie@struer.test")
    built = ready_document(acting_user=TEST, meeting=meeting, kind=MINUTES)
    assert "Sofie Struer" in _pdf_text(built)
    set_retention(acting_user=TEST, months=12)
    trail = _trail()

    with django_capture_on_commit_callbacks(execute=True):
        done = anonymise_due(acting_user=TEST, today=timezone.localdate())

    assert [d.person.email for d in done] == ["sofie@struer.test"]
    assert _trail()[: len(trail)] == trail  # every earlier row byte for byte
    sofie.refresh_from_db()
    assert sofie.name == "Repræsentant for Struer Kommune"
    assert sofie.email == f"anonymiseret-person-{sofie.pk}@anonymiseret.invalid"
    assert sofie.anonymised_at is not None and sofie.title == ""
    account = User.objects.get(pk=sofie.user_id) if sofie.user_id else None
    for user in filter(None, [account]):
        assert not user.is_active and user.full_name == "" and not user.has_usable_password()
    assert not User.objects.filter(email="sofie@struer.test").exists()
    histories = PersonHistory.objects.filter(person=sofie)
    assert histories.exists() and set(histories.values_list("name", flat=True)) == {sofie.name}
    assert not PersonHistory.objects.filter(email="sofie@struer.test").exists()
    assert Apology.objects.get(person=sofie).reason == ""
    assert Person.objects.get(email="per@struer.test").anonymised_at is None
    assert Person.objects.get(email="lone@lemvig.test").anonymised_at is None
    # The built minutes are made again (here at once: the tests' tasks run when enqueued).
    meeting.refresh_from_db()
    rebuilt = current_document(meeting, MINUTES)
    assert rebuilt is not None and rebuilt.status == "ready"
    text = _pdf_text(rebuilt)
    assert "Repræsentant for Struer Kommune" in text and "Sofie" not in text

    client.force_login(secretary)
    page = client.get(f"/meetings/{meeting.pk}/minutes/").content.decode()
    assert "Repræsentant for Struer Kommune" in page and "Sofie" not in page
    found = client.get("/search/", {"q": "Sofie"}).content.decode()
    assert "Sofie Struer" not in found
    person_page = client.get(f"/people/{sofie.pk}/").content.decode()
    assert "Anonymiseret den " in person_page and "anonymiseret.invalid" not in person_page
    # Nothing is done twice.
    assert anonymise_due(acting_user=TEST, today=timezone.localdate()) == []


def test_the_command_line_shows_first_and_anonymises_with_apply(sofie_left: Meeting) -> None:
    off = klynge("people", "anonymise")
    assert off.returncode == 0
    assert "Der er ikke fastsat en opbevaringsperiode" in off.stdout
    set_retention(acting_user=TEST, months=12)
    sofie = Person.objects.get(email="sofie@struer.test")
    shown = klynge("people", "anonymise")
    assert shown.returncode == 0, shown.stderr
    assert (
        f"#{sofie.pk} Sofie Struer → Repræsentant for Struer Kommune "
        "(sidste udpegning sluttede 31. december 2023)"
    ) in shown.stdout
    assert "Prøvekørsel – intet er gemt. Kør med --apply for at anonymisere 1." in shown.stdout
    assert Person.objects.get(pk=sofie.pk).anonymised_at is None
    helped = klynge("people", "anonymise", "--help")
    assert "uden --apply vises kun" in helped.stdout
    applied = klynge("people", "anonymise", "--apply")
    assert "Anonymiseret: 1." in applied.stdout
    assert Person.objects.get(pk=sofie.pk).anonymised_at is not None
    entry = AuditEntry.objects.get(action="person.anonymise")
    assert entry.actor_label.startswith("cli:")


def test_the_daily_reminders_anonymise_too(sofie_left: Meeting) -> None:
    set_retention(acting_user=TEST, months=12)
    sofie = Person.objects.get(email="sofie@struer.test")
    dry = klynge("remind", "--dry-run")
    assert f"Anonymiseres: #{sofie.pk} → Repræsentant for Struer Kommune" in dry.stdout
    assert Person.objects.get(pk=sofie.pk).anonymised_at is None
    ran = klynge("remind")
    assert f"Anonymiseret: #{sofie.pk} → Repræsentant for Struer Kommune" in ran.stdout
    assert Person.objects.get(pk=sofie.pk).anonymised_at is not None
