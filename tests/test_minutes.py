"""Decision minutes: attendance, decisions, disqualification, action items, approval by a co-chair,
publication with e-mail, follow-up on the next agenda, the one-page summary per organisation, and
the compliance rules for late minutes and leadership that does not alternate."""

import datetime
import io

import pytest
from django.test import Client
from pypdf import PdfReader

from klynge.accounts.audit import SystemActor
from klynge.accounts.models import User
from klynge.core.compliance import MeetingFact, check_meetings
from klynge.governance.models import Body, Organisation, Person
from klynge.meetings import minutes
from klynge.meetings.models import ActionItem, AgendaItem, Attendance, Meeting
from klynge.meetings.services import MeetingRow, create_meetings, send_apology
from tests.helpers import CHARTERS, Mailbox, import_lines

D = datetime.date
HEADER = "body,seat,organisation,name,email,start,end,continuing,appointed_by,substitute_for,role"


@pytest.fixture
def held(fsg: Body) -> Meeting:
    """An FSG meeting held on 18 November 2026, with a co-chair, a member and her substitute."""
    import_lines([
        HEADER,
        "fsg,hospitalsledelse,goedstrup,Rikke Holm,rikke@goedstrup.test,2026-01-01,,,,,chair",
        "fsg,kommune-fagdirektoer,struer,Sofie Struer,sofie@struer.test,2026-01-01,,,,,",
        "fsg,kommune-fagdirektoer,struer,Per Struer,per@struer.test,2026-01-01,,,,sofie@struer.test,",
    ])  # fmt: skip
    [meeting] = create_meetings(
        acting_user=SystemActor("test"), body=fsg, notify=False,
        rows=[MeetingRow(D(2026, 11, 18), datetime.time(13), datetime.time(15))],
    )  # fmt: skip
    return meeting


def test_attendance_follows_the_apologies_until_it_is_recorded(held: Meeting) -> None:
    sofie = Person.objects.get(email="sofie@struer.test")
    send_apology(acting_user=SystemActor("test"), meeting=held, person=sofie)
    lines = {line.person.email: line for line in minutes.attendance_of(held)}
    assert lines["sofie@struer.test"].status == "apologised"
    assert lines["per@struer.test"].status == "substitute"
    assert lines["per@struer.test"].in_place_of == sofie
    assert lines["rikke@goedstrup.test"].status == "present"


def test_the_secretariat_writes_the_minutes_and_a_second_save_is_refused(
    client: Client, secretary: User, held: Meeting
) -> None:
    client.force_login(secretary)
    page = client.get(f"/meetings/{held.pk}/minutes/")
    assert page.status_code == 200
    assert "Fremmøde" in page.content.decode()
    item = held.items.get(position=1)
    sofie, per = (Person.objects.get(email=e) for e in ("sofie@struer.test", "per@struer.test"))
    form = {
        "version": "0", f"decision-{item.pk}": "Dagsordenen blev godkendt.",
        f"attendance-{sofie.pk}": "absent", f"attendance-{per.pk}": "substitute",
    }  # fmt: skip
    saved = client.post(f"/meetings/{held.pk}/minutes/save/", form, follow=True)
    assert "Referatet er gemt." in saved.content.decode()
    held.refresh_from_db()
    assert held.minutes_version == 1
    item.refresh_from_db()
    assert item.decision == "Dagsordenen blev godkendt."
    assert Attendance.objects.get(meeting=held, person=per).in_place_of == sofie

    # Someone else's save from the same version is refused, and their text is kept for them.
    refused = client.post(
        f"/meetings/{held.pk}/minutes/save/",
        {**form, f"decision-{item.pk}": "Godkendt med en rettelse."},
    )
    assert refused.status_code == 409
    html = refused.content.decode()
    assert "Godkendt med en rettelse." in html and "Dagsordenen blev godkendt." in html
    item.refresh_from_db()
    assert item.decision == "Dagsordenen blev godkendt."


def test_disqualification_and_actions_then_approval_publication_and_email(
    client: Client, secretary: User, held: Meeting, mailbox: Mailbox
) -> None:
    from klynge.meetings.services import add_item

    case = add_item(acting_user=SystemActor("test"), meeting=held,
                    values={"title": "Akutpladser i Struer", "kind": "decision"})  # fmt: skip
    per = Person.objects.get(email="per@struer.test")
    sofie = Person.objects.get(email="sofie@struer.test")
    client.force_login(secretary)
    form = {"version": "0", f"decision-{case.pk}": "Modellen godkendes.",
            f"disqualified-{case.pk}": [str(sofie.pk)]}  # fmt: skip
    client.post(f"/meetings/{held.pk}/minutes/save/", form)
    assert [d.person for d in case.disqualified.all()] == [sofie]

    # An action needs someone responsible; with a person, their organisation follows.
    bad = client.post(f"/meetings/{held.pk}/minutes/actions/",
                      {"action-title": "Lav en plan"})  # fmt: skip
    assert bad.status_code == 400
    assert "Angiv en ansvarlig person eller organisation." in bad.content.decode()
    assert not ActionItem.objects.exists()
    client.post(f"/meetings/{held.pk}/minutes/actions/", {
        "action-title": "Lav en plan for akutpladser",
        "action-item": str(case.pk), "action-owner": str(per.pk), "action-due": "2027-01-15",
    })  # fmt: skip
    [action] = ActionItem.objects.all()
    assert action.organisation.key == "struer"  # type: ignore[union-attr]

    # Only a co-chair approves; the secretariat then publishes, and everyone is told.
    refused = client.post(f"/meetings/{held.pk}/minutes/approve/", follow=True)
    assert "kan ikke godkende referatet" in refused.content.decode()
    client.force_login(User.objects.create_user(email="rikke@goedstrup.test", password="x" * 12))
    client.post(f"/meetings/{held.pk}/minutes/approve/", {"version": "2"})
    client.force_login(secretary)
    published = client.post(f"/meetings/{held.pk}/minutes/publish/", follow=True)
    assert "Referatet er offentliggjort" in published.content.decode()
    held.refresh_from_db()
    assert (
        held.minutes_status == "published"
        and held.minutes_approved_by.email == "rikke@goedstrup.test"
    )  # type: ignore[union-attr]
    notices = mailbox.wait_for(5)
    assert {m["To"] for m in notices} >= {
        "per@struer.test",
        "sofie@struer.test",
        "jens@klynge.test",
    }
    assert (
        notices[0]["Subject"] == "Referat: mødet i Faglig Strategisk Gruppe den 18. november 2026"
    )
    assert f"/meetings/{held.pk}/summary/" in notices[0].get_body(("plain",)).get_content()  # type: ignore[union-attr]

    # Published minutes are not changed any more, but actions can still be followed up.
    locked = client.post(f"/meetings/{held.pk}/minutes/save/", {**form, "version": "1"})
    assert "kan ikke længere ændres" in locked.content.decode()
    assert client.get(f"/meetings/{held.pk}/minutes/").content.decode().count("<textarea") == 0


def test_open_actions_are_followed_up_at_the_next_meeting(held: Meeting, fsg: Body) -> None:
    per = Person.objects.get(email="per@struer.test")
    actor = SystemActor("test")
    action = minutes.add_action(acting_user=actor, meeting=held, title="Lav en plan", owner=per,
                                due=D(2027, 1, 15))  # fmt: skip
    [later] = create_meetings(acting_user=actor, body=fsg, notify=False, rows=[
        MeetingRow(D(2027, 2, 17), datetime.time(13), datetime.time(15))])  # fmt: skip
    assert minutes.open_actions_before(later) == []  # not until the minutes are published
    Meeting.objects.filter(pk=held.pk).update(minutes_status="published")
    assert minutes.open_actions_before(later) == [action]
    revision = Meeting.objects.get(pk=later.pk).agenda_revision
    minutes.set_action_done(acting_user=actor, action=action, done_on=D(2027, 1, 10))
    assert minutes.open_actions_before(later) == []
    # The next agenda's follow-up changed: its meeting pack is made again.
    assert Meeting.objects.get(pk=later.pk).agenda_revision == revision + 1


def test_each_organisation_takes_a_one_page_summary(
    client: Client, secretary: User, held: Meeting
) -> None:
    from klynge.meetings.services import add_item

    actor = SystemActor("test")
    case = add_item(acting_user=actor, meeting=held,
                    values={"title": "Akutpladser i Struer", "kind": "decision"})  # fmt: skip
    case.decision = "Modellen godkendes for Struer og Holstebro."
    case.save()
    minutes.add_action(acting_user=actor, meeting=held, title="Udpeg en kontaktperson",
                       organisation=Organisation.objects.get(key="struer"), item=case)  # fmt: skip
    minutes.add_action(acting_user=actor, meeting=held, title="Lav en tidsplan",
                       organisation=Organisation.objects.get(key="goedstrup"))  # fmt: skip
    client.force_login(User.objects.create_user(email="per@struer.test", password="x" * 12))
    assert client.get(f"/meetings/{held.pk}/summary/").status_code == 404  # not published yet
    Meeting.objects.filter(pk=held.pk).update(minutes_status="published")
    page = client.get(f"/meetings/{held.pk}/summary/").content.decode()
    assert "Opgaver til Struer Kommune" in page
    assert "Udpeg en kontaktperson" in page and "Lav en tidsplan" not in page
    pdf = client.get(f"/meetings/{held.pk}/summary/?organisation=goedstrup&format=pdf")
    assert pdf["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Modellen godkendes for Struer og Holstebro." in text
    assert "Lav en tidsplan" in text and "Udpeg en kontaktperson" not in text


def test_minutes_published_late_or_not_at_all(fsg: Body) -> None:
    charter = CHARTERS["fsg"]
    facts = [
        MeetingFact(D(2027, 2, 17), "ordinary", minutes_published=D(2027, 3, 1)),  # on time
        MeetingFact(D(2027, 5, 19), "ordinary", minutes_published=D(2027, 6, 9)),  # late
        MeetingFact(D(2027, 8, 18), "ordinary"),  # not published, limit passed
        MeetingFact(D(2027, 9, 8), "ordinary"),  # held, still within the limit
        MeetingFact(D(2027, 9, 10), "theme-day"),  # no minutes for a theme day
        MeetingFact(D(2027, 11, 17), "ordinary"),  # not held yet
    ]
    found = check_meetings(body="fsg", charter=charter, meetings=facts, on=D(2027, 9, 15),
                           rules_since=D(2027, 1, 1))  # fmt: skip
    minutes_findings = [(f.rule, f.severity, dict(f.subject)["meeting"]) for f in found
                        if f.rule.startswith("minutes")]  # fmt: skip
    assert minutes_findings == [
        ("minutes.late", "error", "2027-05-19"),
        ("minutes.late", "error", "2027-08-18"),
        ("minutes.due", "warning", "2027-09-08"),
    ]
    late = next(f for f in found if f.rule == "minutes.late")
    assert late.message_da == (
        "Referatet af mødet den 19. maj 2027 blev offentliggjort den 9. juni 2027; fristen var den "
        "2. juni 2027."
    )


def test_a_charter_sets_its_own_limit_for_the_minutes() -> None:
    charter = CHARTERS["fsg"]
    rules = charter.meetings.model_copy(update={"minutes_publish_days": 30})  # type: ignore[union-attr]
    own = charter.model_copy(update={"meetings": rules})
    facts = [MeetingFact(D(2027, 5, 19), "ordinary", minutes_published=D(2027, 6, 9))]
    found = check_meetings(body="fsg", charter=own, meetings=facts, on=D(2027, 9, 15),
                           rules_since=D(2027, 1, 1))  # fmt: skip
    assert not [f for f in found if f.rule.startswith("minutes")]


def test_leadership_that_does_not_alternate_is_found() -> None:
    facts = [
        MeetingFact(D(2027, 2, 17), "ordinary", leader="a@x.dk", leader_name="Anne"),
        MeetingFact(D(2027, 5, 19), "ordinary", leader="b@x.dk", leader_name="Bo"),
        MeetingFact(
            D(2027, 8, 18), "ordinary", leader="b@x.dk", leader_name="Bo", leader_chosen=True
        ),
        MeetingFact(D(2027, 9, 1), "theme-day", leader=None),
        MeetingFact(
            D(2027, 11, 17), "ordinary", leader="b@x.dk", leader_name="Bo", leader_chosen=True
        ),
    ]
    found = check_meetings(body="fsg", charter=CHARTERS["fsg"], meetings=facts,
                           on=D(2027, 9, 15), rules_since=D(2027, 1, 1))  # fmt: skip
    assert [(f.severity, dict(f.subject)["meeting"]) for f in found
            if f.rule == "meetings.leadership"] == [("error", "2027-08-18"),
                                                   ("warning", "2027-11-17")]  # fmt: skip
    # Seed 004 sets no alternation: the same facts give no finding there.
    other = check_meetings(body="sundhed-for-voksne", charter=CHARTERS["sundhed-for-voksne"],
                           meetings=facts, on=D(2027, 9, 15), rules_since=D(2027, 1, 1))  # fmt: skip
    assert not [f for f in other if f.rule == "meetings.leadership"]


def test_a_leader_chosen_twice_in_a_row_shows_on_the_body(held: Meeting, fsg: Body) -> None:
    from klynge.governance.compliance import body_findings
    from klynge.meetings.services import set_leader

    actor = SystemActor("test")
    import_lines([HEADER, "fsg,,herning,Hanne Herning,hanne@herning.test,2026-01-01,,,,,chair"])
    rikke = Person.objects.get(email="rikke@goedstrup.test")
    [later] = create_meetings(acting_user=actor, body=fsg, notify=False, rows=[
        MeetingRow(D(2026, 12, 9), datetime.time(13), datetime.time(15))])  # fmt: skip
    set_leader(acting_user=actor, meeting=held, person=rikke)
    assert not [f for f in body_findings(fsg, D(2026, 11, 24)) if f.rule == "meetings.leadership"]
    set_leader(acting_user=actor, meeting=later, person=rikke)
    [finding] = [f for f in body_findings(fsg, D(2026, 11, 24)) if f.rule == "meetings.leadership"]
    # By turn alone there is nothing to find: the turn passes to the other co-chair.
    set_leader(acting_user=actor, meeting=later, person=None)
    assert not [f for f in body_findings(fsg, D(2026, 11, 24)) if f.rule == "meetings.leadership"]
    assert finding.severity == "warning"
    assert "Rikke Holm" in finding.message_da


def test_klynge_remind_reminds_of_minutes_and_actions_once(held: Meeting, mailbox: Mailbox) -> None:
    from klynge.meetings.reminders import send_follow_up_reminders

    per = Person.objects.get(email="per@struer.test")
    minutes.add_action(acting_user=SystemActor("test"), meeting=held, title="Lav en plan",
                       owner=per, due=D(2026, 12, 4))  # fmt: skip
    # Held 18 November: the minutes are due 2 December; the action 4 December.
    assert send_follow_up_reminders(D(2026, 11, 28)) == []
    [due] = send_follow_up_reminders(D(2026, 11, 29))
    assert (due.kind, due.deadline, due.recipients) == (
        "minutes",
        D(2026, 12, 2),
        ["lars@klynge.test"],
    )
    [message] = mailbox.wait_for(1)
    assert (
        message["Subject"]
        == "Referatet for Faglig Strategisk Gruppe skal offentliggøres senest den 2. december"
    )
    assert send_follow_up_reminders(D(2026, 12, 1)) == []  # not while the minutes are a draft
    Meeting.objects.filter(pk=held.pk).update(minutes_status="published")
    [action] = send_follow_up_reminders(D(2026, 12, 1))
    assert (action.kind, action.recipients) == ("action", ["per@struer.test"])
    assert "»Lav en plan«" in mailbox.wait_for(2)[1].get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert send_follow_up_reminders(D(2026, 12, 2)) == []  # never the same reminder twice


def test_an_item_links_to_the_charters_tasks(
    client: Client, secretary: User, held: Meeting
) -> None:
    from klynge.governance.reads import charter_tasks

    tasks = charter_tasks(held.body, held.date)
    assert len(tasks) >= 4 and tasks[0][1].startswith("§ ")
    item = held.items.get(position=2)
    client.force_login(secretary)
    form = client.get(f"/meetings/{held.pk}/agenda/{item.pk}/").content.decode()
    assert f'value="{tasks[0][0]}"' in form
    client.post(f"/meetings/{held.pk}/agenda/{item.pk}/", {
        "version": "0", "title": item.title, "kind": item.kind, "minutes": "10",
        "charter_tasks": [tasks[0][0], "no-such-task"],
    })  # fmt: skip
    item.refresh_from_db()
    assert item.charter_tasks == []  # an unknown key is refused, nothing saved
    client.post(f"/meetings/{held.pk}/agenda/{item.pk}/", {
        "version": "0", "title": item.title, "kind": item.kind, "minutes": "10",
        "charter_tasks": [tasks[0][0]],
    })  # fmt: skip
    item.refresh_from_db()
    assert item.charter_tasks == [tasks[0][0]]
    page = client.get(f"/meetings/{held.pk}/agenda/{item.pk}/").content.decode()
    assert "Kommissoriets opgaver, som punktet vedrører" in page and tasks[0][1][:30] in page


def test_an_item_moves_to_a_later_meeting(
    client: Client,
    secretary: User,
    held: Meeting,
    fsg: Body,
) -> None:
    from klynge.meetings.services import add_item

    actor = SystemActor("test")
    [later] = create_meetings(acting_user=actor, body=fsg, notify=False, rows=[
        MeetingRow(D(2027, 2, 17), datetime.time(13), datetime.time(15))])  # fmt: skip
    item = add_item(acting_user=actor, meeting=held, values={"title": "Akutpladser"})
    client.force_login(secretary)
    page = client.get(f"/meetings/{held.pk}/agenda/{item.pk}/").content.decode()
    assert "Flyt punktet til et senere møde" in page
    moved = client.post(f"/meetings/{held.pk}/agenda/{item.pk}/postpone/",
                        {"to_meeting": later.pk}, follow=True)  # fmt: skip
    assert "»Akutpladser« er flyttet til mødet den 17. februar 2027." in moved.content.decode()
    item.refresh_from_db()
    assert (item.meeting, item.moved_from) == (later, held)
    assert [i.title for i in later.items.order_by("position")] == [
        "Godkendelse af dagsorden", "Opfølgning på referat", "Akutpladser", "Eventuelt"]  # fmt: skip
    assert [i.position for i in held.items.order_by("position")] == [1, 2, 3]
    assert "Flyttet hertil fra mødet den 18. november 2026." in client.get(
        f"/meetings/{later.pk}/agenda/{item.pk}/").content.decode()  # fmt: skip
    # Not back to an earlier meeting, and never a standard item.
    back = client.post(f"/meetings/{later.pk}/agenda/{item.pk}/postpone/",
                       {"to_meeting": held.pk}, follow=True)  # fmt: skip
    assert "kan kun flyttes til et senere" in back.content.decode()
    standard = held.items.get(position=1)
    client.post(f"/meetings/{held.pk}/agenda/{standard.pk}/postpone/", {"to_meeting": later.pk})
    assert AgendaItem.objects.get(pk=standard.pk).meeting == held


def test_open_actions_show_under_the_follow_up_item_on_the_next_agenda(
    client: Client,
    secretary: User,
    held: Meeting,
    fsg: Body,
) -> None:
    actor = SystemActor("test")
    minutes.add_action(acting_user=actor, meeting=held, title="Lav en plan for akutpladser",
                       organisation=Organisation.objects.get(key="struer"), due=D(2027, 1, 15))  # fmt: skip
    Meeting.objects.filter(pk=held.pk).update(minutes_status="published")
    [later] = create_meetings(acting_user=actor, body=fsg, notify=False, rows=[
        MeetingRow(D(2027, 2, 17), datetime.time(13), datetime.time(15))])  # fmt: skip
    client.force_login(secretary)
    agenda = client.get(f"/meetings/{later.pk}/agenda/").content.decode()
    assert "Åbne opgaver fra tidligere møder" in agenda and "Lav en plan for akutpladser" in agenda
    follow_up = later.items.get(title="Opfølgning på referat")
    item_page = client.get(f"/meetings/{later.pk}/agenda/{follow_up.pk}/").content.decode()
    assert (
        "Lav en plan for akutpladser" in item_page
        and "fra mødet den 18. november 2026" in item_page
    )


def test_the_minutes_agenda_and_proposals_pages_use_a_fixed_number_of_queries(
    client: Client, secretary: User, held: Meeting
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from klynge.meetings.proposals import propose
    from klynge.meetings.services import add_item

    actor = SystemActor("test")
    client.force_login(secretary)
    pages = [f"/meetings/{held.pk}/minutes/", f"/meetings/{held.pk}/agenda/",
             "/bodies/fsg/proposals/"]  # fmt: skip

    def counts() -> list[int]:
        found = []
        for url in pages:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries))
        return found

    before = counts()
    per = Person.objects.get(email="per@struer.test")
    for n in range(10):
        item = add_item(acting_user=actor, meeting=held, values={"title": f"Punkt {n}"})
        minutes.add_action(acting_user=actor, meeting=held, title=f"Opgave {n}", owner=per,
                           item=item)  # fmt: skip
        propose(acting_user=actor, body=held.body, person=per, title=f"Forslag {n}")
    assert counts() == before
    minutes_page, agenda_page, proposals_page = before
    # Three of them ask whether the reader reads closed items and whether the meeting has any.
    assert minutes_page <= 31 and agenda_page <= 21 and proposals_page <= 13


def test_draft_minutes_are_read_by_the_secretariat_and_the_co_chairs_only(
    client: Client, secretary: User, held: Meeting
) -> None:
    client.force_login(User.objects.create_user(email="per@struer.test", password="x" * 12))
    assert client.get(f"/meetings/{held.pk}/minutes/").status_code == 404
    client.force_login(User.objects.create_user(email="rikke@goedstrup.test", password="x" * 12))
    assert client.get(f"/meetings/{held.pk}/minutes/").status_code == 200
    Meeting.objects.filter(pk=held.pk).update(minutes_status="published")
    client.force_login(User.objects.get(email="per@struer.test"))
    assert client.get(f"/meetings/{held.pk}/minutes/").status_code == 200


def test_a_co_chair_approves_the_version_they_read(
    client: Client, secretary: User, held: Meeting
) -> None:
    client.force_login(User.objects.create_user(email="rikke@goedstrup.test", password="x" * 12))
    minutes.add_action(acting_user=SystemActor("test"), meeting=held, title="Ny opgave",
                       organisation=Organisation.objects.get(key="struer"))  # fmt: skip
    stale = client.post(f"/meetings/{held.pk}/minutes/approve/", {"version": "0"},
                        follow=True)  # fmt: skip
    assert "Referatet er ændret, efter du åbnede det" in stale.content.decode()
    held.refresh_from_db()
    assert held.minutes_status == "draft"
    client.post(f"/meetings/{held.pk}/minutes/approve/", {"version": "1"})
    held.refresh_from_db()
    assert held.minutes_status == "approved"


def test_an_item_dealt_with_in_the_minutes_stays_at_its_meeting(
    held: Meeting,
    fsg: Body,
) -> None:
    from klynge.core.problems import InvalidInput
    from klynge.meetings.services import add_item, postpone_item

    actor = SystemActor("test")
    [later] = create_meetings(acting_user=actor, body=fsg, notify=False, rows=[
        MeetingRow(D(2027, 2, 17), datetime.time(13), datetime.time(15))])  # fmt: skip
    item = add_item(acting_user=actor, meeting=held, values={"title": "Akutpladser"})
    item.decision = "Udsat."
    item.save()
    with pytest.raises(InvalidInput) as refused:
        postpone_item(acting_user=actor, item=item, meeting=later)
    assert refused.value.problems[0].code == "item_in_the_minutes"
    assert AgendaItem.objects.get(pk=item.pk).meeting == held
