"""Nothing typed on the minutes page is lost: every button sends the whole page and saves it with
what it does, a refused write shows everything typed again, and a text over a limit is refused
naming its field with the text kept. Attendance knows afbud, fraværende and stedfortræder for …,
who took the minutes, and guests, who get no access."""

import importlib
import io

import pytest
from django.apps import apps
from django.test import Client, override_settings
from pypdf import PdfReader

from klynge.accounts.audit import SystemActor
from klynge.accounts.models import User
from klynge.governance.models import Organisation, Person
from klynge.meetings import minutes
from klynge.meetings.documents.minutes import minutes_pdf
from klynge.meetings.models import ActionItem, Attendance, Guest, Meeting
from klynge.meetings.services import send_apology
from tests import test_minutes
from tests.helpers import Mailbox

held = test_minutes.held  # the same meeting: a co-chair, a member and her substitute


def _people() -> tuple[Person, Person, Person]:
    return tuple(  # type: ignore[return-value]
        Person.objects.get(email=e)
        for e in ("rikke@goedstrup.test", "sofie@struer.test", "per@struer.test")
    )


def _page(meeting: Meeting, **typed: str) -> dict[str, str]:
    """The minutes form as the page sends it: the draft, and what else was typed."""
    item = meeting.items.get(position=1)
    rikke, sofie, per = _people()
    return {
        "version": str(Meeting.objects.get(pk=meeting.pk).minutes_version), "draft": "1",
        f"decision-{item.pk}": "Dagsordenen blev godkendt.",
        f"attendance-{rikke.pk}": "present", f"attendance-{sofie.pk}": "apologised",
        f"attendance-{per.pk}": "substitute",
        "minutes_taker": "Lars Østergaard", "guests": "Anna Gæst, Region Midtjylland",
        **typed,
    }  # fmt: skip


def test_attendance_and_a_decision_typed_then_add_the_action_saves_all_of_it(
    client: Client, secretary: User, held: Meeting
) -> None:
    client.force_login(secretary)
    org = Organisation.objects.get(key="struer")
    pressed = client.post(
        f"/meetings/{held.pk}/minutes/actions/",
        _page(held, **{"action-title": "Lav en plan", "action-organisation": str(org.pk)}),
        follow=True,
    )
    html = pressed.content.decode()
    assert "Opgaven er tilføjet." in html
    assert held.items.get(position=1).decision == "Dagsordenen blev godkendt."
    assert dict(Attendance.objects.filter(meeting=held).values_list("person__email", "status")) == {
        "rikke@goedstrup.test": "present",
        "sofie@struer.test": "apologised",
        "per@struer.test": "substitute",
    }
    assert [a.title for a in ActionItem.objects.filter(meeting=held)] == ["Lav en plan"]
    assert Meeting.objects.get(pk=held.pk).minutes_taker == "Lars Østergaard"
    assert "Dagsordenen blev godkendt." in html and 'value="apologised" selected' in html


def test_an_action_typed_and_then_save_pressed_is_added_too(
    client: Client, secretary: User, held: Meeting
) -> None:
    client.force_login(secretary)
    org = Organisation.objects.get(key="struer")
    client.post(
        f"/meetings/{held.pk}/minutes/save/",
        _page(held, **{"action-title": "Lav en plan", "action-organisation": str(org.pk)}),
    )
    assert [a.title for a in ActionItem.objects.filter(meeting=held)] == ["Lav en plan"]


def test_a_refused_action_saves_nothing_and_shows_everything_typed(
    client: Client, secretary: User, held: Meeting
) -> None:
    client.force_login(secretary)
    refused = client.post(
        f"/meetings/{held.pk}/minutes/actions/", _page(held, **{"action-title": "Lav en plan"})
    )
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "Angiv en ansvarlig person eller organisation." in html
    assert "Dagsordenen blev godkendt." in html and 'value="Lav en plan"' in html
    assert "Anna Gæst, Region Midtjylland" in html and 'value="apologised" selected' in html
    assert held.items.get(position=1).decision == ""
    assert not Attendance.objects.exists() and not ActionItem.objects.exists()
    assert Meeting.objects.get(pk=held.pk).minutes_version == 0


def test_removing_or_closing_an_action_saves_what_was_typed(
    client: Client, secretary: User, held: Meeting
) -> None:
    client.force_login(secretary)
    actor = SystemActor("test")
    org = Organisation.objects.get(key="struer")
    first = minutes.add_action(acting_user=actor, meeting=held, title="Første", organisation=org)
    second = minutes.add_action(acting_user=actor, meeting=held, title="Anden", organisation=org)
    url = f"/meetings/{held.pk}/minutes/actions"
    client.post(f"{url}/{first.pk}/remove/", _page(held))
    assert held.items.get(position=1).decision == "Dagsordenen blev godkendt."
    assert not ActionItem.objects.filter(pk=first.pk).exists()
    item = held.items.get(position=1)
    client.post(f"{url}/{second.pk}/done/", _page(held, **{f"decision-{item.pk}": "Rettet."}))
    assert held.items.get(position=1).decision == "Rettet."
    assert ActionItem.objects.get(pk=second.pk).done_on is not None
    # An action of another body's meeting is not found here, and nothing typed is saved.
    assert client.post(f"{url}/999999/remove/", _page(held)).status_code == 404
    assert held.items.get(position=1).decision == "Rettet."


def test_a_second_editor_pressing_add_the_action_keeps_their_text(
    client: Client, secretary: User, held: Meeting
) -> None:
    client.force_login(secretary)
    stale = _page(held)
    client.post(f"/meetings/{held.pk}/minutes/save/", _page(held))
    org = Organisation.objects.get(key="struer")
    item = held.items.get(position=1)
    refused = client.post(
        f"/meetings/{held.pk}/minutes/actions/",
        {**stale, f"decision-{item.pk}": "Min egen tekst.", "action-title": "Lav en plan",
         "action-organisation": str(org.pk)},
    )  # fmt: skip
    assert refused.status_code == 409
    html = refused.content.decode()
    assert "Min egen tekst." in html and 'value="Lav en plan"' in html
    assert "Dagsordenen blev godkendt." in html  # what the other saved, beside the field
    assert not ActionItem.objects.exists()
    assert held.items.get(position=1).decision == "Dagsordenen blev godkendt."


def test_attendance_kinds_round_trip_and_read_in_the_page_and_the_pdf(
    client: Client, secretary: User, held: Meeting
) -> None:
    rikke, sofie, per = _people()
    send_apology(acting_user=SystemActor("test"), meeting=held, person=sofie)
    client.force_login(secretary)
    form = client.get(f"/meetings/{held.pk}/minutes/").content.decode()
    # Prefilled from the apology: afbud for Sofie, her substitute called in.
    assert f'id="attendance-{sofie.pk}"' in form
    assert 'value="apologised" selected>Afbud' in form
    assert 'value="substitute" selected>Stedfortræder for Sofie Struer' in form
    for kind in ("present", "apologised", "absent"):
        client.post(f"/meetings/{held.pk}/minutes/save/",
                    _page(held, **{f"attendance-{rikke.pk}": kind}))  # fmt: skip
        assert Attendance.objects.get(meeting=held, person=rikke).status == kind
    assert Attendance.objects.get(meeting=held, person=per).in_place_of == sofie
    # A member cannot be recorded as a substitute; refused naming the person, nothing saved.
    refused = client.post(f"/meetings/{held.pk}/minutes/save/",
                          _page(held, **{f"attendance-{rikke.pk}": "substitute"}))  # fmt: skip
    assert refused.status_code == 400
    assert "Fremmøde for Rikke Holm: er ikke et fremmøde" in refused.content.decode()
    assert Attendance.objects.get(meeting=held, person=rikke).status == "absent"

    Meeting.objects.filter(pk=held.pk).update(minutes_status="published")
    client.force_login(User.objects.create_user(email="sofie@struer.test", password="x" * 12))
    read = client.get(f"/meetings/{held.pk}/minutes/").content.decode()
    for text in ("Afbud", "Fraværende", "Rikke Holm", "stedfortræder for Sofie Struer",
                 "Referent", "Lars Østergaard", "Gæster", "Anna Gæst, Region Midtjylland"):  # fmt: skip
        assert text in read
    pdf = "\n".join(
        p.extract_text()
        for p in PdfReader(
            io.BytesIO(minutes_pdf(Meeting.objects.get(pk=held.pk), full=True)[0])
        ).pages
    )
    for text in ("Afbud", "Fraværende", "Referent", "Lars Østergaard",
                 "Anna Gæst, Region Midtjylland"):  # fmt: skip
        assert text in pdf


def test_guests_are_lines_in_the_minutes_and_get_no_access(
    client: Client, secretary: User, held: Meeting, mailbox: Mailbox
) -> None:
    client.force_login(secretary)
    people, users = Person.objects.count(), User.objects.count()
    client.post(f"/meetings/{held.pk}/minutes/save/",
                _page(held, guests="Anna Gæst, Region Midtjylland\nBo Bruger"))  # fmt: skip
    assert [(g.name, g.role) for g in Guest.objects.filter(meeting=held)] == [
        ("Anna Gæst", "Region Midtjylland"), ("Bo Bruger", ""),
    ]  # fmt: skip
    assert (Person.objects.count(), User.objects.count()) == (people, users)
    refused = client.post(f"/meetings/{held.pk}/minutes/save/",
                          _page(held, guests=", Uden navn"))  # fmt: skip
    assert "Gæster, linje 1: skriv først gæstens navn" in refused.content.decode()
    # Publishing tells the members; no guest is among those e-mailed.
    Meeting.objects.filter(pk=held.pk).update(minutes_status="approved")
    client.post(f"/meetings/{held.pk}/minutes/publish/")
    told = " ".join(m["To"] for m in mailbox.wait_for(4))
    assert "sofie@struer.test" in told and "Anna" not in told and "Bo" not in told


def test_a_decision_over_the_limit_is_refused_naming_it_with_the_text_kept(
    client: Client, secretary: User, held: Meeting
) -> None:
    client.force_login(secretary)
    item = held.items.get(position=1)
    long = "Beslutning " + "x" * minutes.DECISION_LIMIT
    refused = client.post(f"/meetings/{held.pk}/minutes/save/",
                          _page(held, **{f"decision-{item.pk}": long}))  # fmt: skip
    assert refused.status_code == 400
    html = refused.content.decode()
    assert (
        "Beslutning under punkt 1: teksten er på 20.011 tegn, og der må højst være 20.000" in html
    )
    assert long in html and 'aria-invalid="true"' in html
    assert "Teksten er på 20.011 tegn" in html  # beside the field
    assert held.items.get(position=1).decision == ""
    # With a wrong action as well, both are told at once, at the top; no other editor is shown.
    both = client.post(f"/meetings/{held.pk}/minutes/actions/",
                       _page(held, **{f"decision-{item.pk}": long, "action-title": "Plan"}))  # fmt: skip
    html = both.content.decode()
    assert "Beslutning under punkt 1: teksten er på 20.011 tegn" in html
    assert "Ansvarlig person: Angiv en ansvarlig person eller organisation." in html
    assert "Gemt af den anden" not in html
    # An action's title over its 300 characters: the field says so, the whole text is kept,
    # and the browser is not told to cut what is pasted.
    org = Organisation.objects.get(key="struer")
    title = "Opgave " + "y" * 300
    too_long = client.post(f"/meetings/{held.pk}/minutes/actions/",
                           _page(held, **{"action-title": title,
                                          "action-organisation": str(org.pk)}))  # fmt: skip
    html = too_long.content.decode()
    assert too_long.status_code == 400
    assert "Teksten er for lang: Her må højst stå 300 tegn, og den har 307." in html
    assert f'value="{title}"' in html and "maxlength" not in html
    assert not ActionItem.objects.exists()


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=2**20)
def test_a_request_over_the_servers_limit_gets_a_page_that_says_so(
    client: Client, secretary: User, held: Meeting
) -> None:
    client.force_login(secretary)
    item = held.items.get(position=1)
    answer = client.post(f"/meetings/{held.pk}/minutes/save/",
                         _page(held, **{f"decision-{item.pk}": "z" * 2**21}))  # fmt: skip
    assert answer.status_code == 400
    html = answer.content.decode()
    assert "For meget tekst til at gemme på én gang" in html and "1 MB" in html
    assert "tilbage-knap" in html
    assert held.items.get(position=1).decision == ""


def test_publishing_minutes_changed_since_their_approval_is_refused_with_the_text_kept(
    client: Client, secretary: User, held: Meeting
) -> None:
    client.force_login(secretary)
    client.post(f"/meetings/{held.pk}/minutes/save/", _page(held))
    Meeting.objects.filter(pk=held.pk).update(minutes_status="approved")
    item = held.items.get(position=1)
    refused = client.post(f"/meetings/{held.pk}/minutes/publish/",
                          _page(held, **{f"decision-{item.pk}": "Ændret."}))  # fmt: skip
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "du har ændret referatet, efter at en medformand godkendte det" in html
    assert "Ændret." in html
    assert Meeting.objects.get(pk=held.pk).minutes_status == "approved"
    # Unchanged, it is published.
    client.post(f"/meetings/{held.pk}/minutes/publish/", _page(held))
    assert Meeting.objects.get(pk=held.pk).minutes_status == "published"


def test_the_page_as_shown_is_published_without_a_new_approval(
    client: Client, secretary: User, held: Meeting
) -> None:
    """The attendance that follows from the apologies, sent back unchanged, is no change."""
    rikke, sofie, per = _people()
    item = held.items.get(position=1)
    Meeting.objects.filter(pk=held.pk).update(minutes_status="approved")
    client.force_login(secretary)
    as_shown = {
        "version": "0", "draft": "1", f"decision-{item.pk}": "",
        f"attendance-{rikke.pk}": "present", f"attendance-{sofie.pk}": "present",
        f"attendance-{per.pk}": "", "minutes_taker": "", "guests": "",
    }  # fmt: skip
    client.post(f"/meetings/{held.pk}/minutes/publish/", as_shown)
    assert Meeting.objects.get(pk=held.pk).minutes_status == "published"


@pytest.mark.django_db
def test_recorded_absence_with_an_apology_becomes_afbud_in_the_migration(held: Meeting) -> None:
    rikke, sofie, _per = _people()
    send_apology(acting_user=SystemActor("test"), meeting=held, person=sofie)
    for person in (rikke, sofie):
        Attendance.objects.create(meeting=held, person=person, status="absent")
    migration = importlib.import_module(
        "klynge.meetings.migrations.0012_attendance_kinds_minutes_taker_guests"
    )
    migration.absent_with_apologies_sent_apologies(apps, None)
    assert dict(Attendance.objects.values_list("person__email", "status")) == {
        "rikke@goedstrup.test": "absent",
        "sofie@struer.test": "apologised",
    }


def test_a_text_over_a_forms_limit_elsewhere_is_refused_beside_its_field_and_kept(
    client: Client, patient_rep: User, held: Meeting
) -> None:
    """Every form is drawn without maxlength, which would make the browser cut a pasted text."""
    from klynge.meetings.models import ItemProposal

    client.force_login(patient_rep)  # Jens Aagaard sits in FSG
    assert "maxlength" not in client.get("/bodies/fsg/proposals/").content.decode()
    title = "Pårørendes rolle " + "æ" * 300
    refused = client.post("/bodies/fsg/proposals/new/", {"title": title, "description": "Tekst."})
    html = refused.content.decode()
    assert refused.status_code == 400 and not ItemProposal.objects.exists()
    assert "Teksten er for lang: Her må højst stå 300 tegn, og den har 317." in html
    assert title in html and "Tekst." in html


def test_a_co_chair_who_also_writes_the_minutes_approves_what_they_typed(
    client: Client, held: Meeting
) -> None:
    from tests.helpers import import_lines
    from tests.test_minutes import HEADER

    import_lines([HEADER, "fsg,,,Rikke Holm,rikke@goedstrup.test,2026-01-01,,,,,secretariat"])
    client.force_login(User.objects.create_user(email="rikke@goedstrup.test", password="x" * 12))
    page = client.get(f"/meetings/{held.pk}/minutes/").content.decode()
    assert 'id="minutes-form"' in page and f"/meetings/{held.pk}/minutes/approve/" in page
    item = held.items.get(position=1)
    client.post(f"/meetings/{held.pk}/minutes/approve/",
                _page(held, **{f"decision-{item.pk}": "Godkendt som skrevet."}))  # fmt: skip
    meeting = Meeting.objects.get(pk=held.pk)
    assert meeting.minutes_status == "approved" and meeting.minutes_approved_by is not None
    assert held.items.get(position=1).decision == "Godkendt som skrevet."
