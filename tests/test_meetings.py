"""Meetings: the year planned to the charter's minimum on Danish working days, the agenda deadline,
moves and cancellations told to members with iCalendar, and the yearly compliance rules."""

import datetime
import email
import re

from django.test import Client
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from klynge.accounts.audit import SystemActor
from klynge.accounts.models import AuditEntry, User
from klynge.core.compliance import MeetingFact, check_meetings
from klynge.core.meetings import (
    agenda_deadline,
    closed_days,
    is_working_day,
    propose_dates,
)
from klynge.governance.compliance import body_findings
from klynge.governance.models import Body, Person
from klynge.meetings.models import Meeting
from klynge.meetings.services import MeetingRow, create_meetings
from tests.helpers import CHARTERS, Mailbox, import_lines, make_member

D = datetime.date


# ---- the core ------------------------------------------------------------------------------


def test_closed_days_are_the_public_holidays_and_the_days_offices_close() -> None:
    days = closed_days(2027)
    assert days[D(2027, 3, 26)] == "Langfredag"
    assert days[D(2027, 5, 6)] == "Kristi himmelfartsdag"
    assert days[D(2027, 6, 5)] == "Grundlovsdag"
    assert days[D(2027, 12, 24)] == "Juleaftensdag"
    assert D(2027, 4, 30) not in days  # Store bededag was abolished from 2024
    assert D(2023, 5, 5) in closed_days(2023)
    assert not is_working_day(D(2027, 3, 25)) and is_working_day(D(2027, 3, 24))


def test_the_agenda_deadline_counts_calendar_days_then_steps_back_to_a_working_day() -> None:
    # FSG § 7: 10 days. A meeting on Wednesday 7 April 2027: 28 March is Easter Sunday, and the
    # days before it are Easter too, so the agenda goes out on Wednesday 24 March.
    assert agenda_deadline(D(2027, 4, 7), 10) == D(2027, 3, 24)
    # Seed 004: 14 days. Thursday 18 November 2027 → Thursday 4 November.
    assert agenda_deadline(D(2027, 11, 18), 14) == D(2027, 11, 4)
    # A Monday meeting 10 days ahead lands on a Friday, a working day.
    assert agenda_deadline(D(2027, 9, 13), 10) == D(2027, 9, 3)
    # 10 days before 3 January is 24 December: closed; the 23rd is a Thursday.
    assert agenda_deadline(D(2028, 1, 3), 10) == D(2027, 12, 23)


def test_four_meetings_are_spread_one_a_quarter_on_wednesdays() -> None:
    proposed = propose_dates(2027, 4, weekday=2)
    assert [(p.day.month, p.day.weekday()) for p in proposed] == [
        (2, 2), (5, 2), (8, 2), (11, 2),
    ]  # fmt: skip
    assert proposed[0].moved_because == "holiday-week"  # mid-February is the winter holiday
    assert all(p.week == p.day.isocalendar().week for p in proposed)


@settings(max_examples=60, deadline=None)
@given(st.integers(2022, 2040), st.integers(1, 12), st.integers(0, 4))
def test_proposed_days_are_working_days_outside_the_holidays(
    year: int, count: int, weekday: int
) -> None:
    proposed = propose_dates(year, count, weekday=weekday)
    days = [p.day for p in proposed]
    assert len(set(days)) == count and days == sorted(days)
    for day in days:
        assert day.year == year and is_working_day(day)
        assert day.isocalendar().week not in {7, 28, 29, 30, 31}


def test_the_rest_of_a_year_gets_no_meeting_in_the_past() -> None:
    """Planning on 2 December: the meetings fall after today, not in January or July."""
    proposed = propose_dates(2026, 2, weekday=2, not_before=D(2026, 12, 3))
    assert all(p.day >= D(2026, 12, 3) and is_working_day(p.day) for p in proposed)
    assert len({p.day for p in proposed}) == 2
    assert propose_dates(2026, 2, not_before=D(2027, 1, 1)) == []


def yearly(**kwargs: object) -> list:  # type: ignore[type-arg]
    """The yearly counts only, not the agenda deadlines of the same meetings."""
    return [f for f in check_meetings(**kwargs) if f.rule.startswith("meetings.")]  # type: ignore[arg-type]


def test_the_yearly_meeting_rules_warn_while_the_year_runs_and_fail_after() -> None:
    fsg = CHARTERS["fsg"]
    held = [MeetingFact(D(2026, m, 10), "ordinary") for m in (2, 5, 8)]
    found = yearly(
        body="fsg", charter=fsg, meetings=held, on=D(2026, 11, 23), rules_since=D(2022, 9, 1)
    )
    assert [(f.rule, f.clause, f.severity) for f in found] == [
        ("meetings.min-per-year", "§ 7", "error"),  # 2025: none
        ("meetings.min-per-year", "§ 7", "warning"),  # 2026: three so far
    ]
    assert found[1].message_da == "2026: 3 ordinære møder planlagt; kommissoriet kræver mindst 4."
    more = [
        *held,
        MeetingFact(D(2026, 11, 25), "ordinary"),
        MeetingFact(D(2026, 6, 1), "theme-day"),
    ]
    more += [MeetingFact(D(2025, m, 10), "ordinary") for m in (1, 4, 7)]
    more += [MeetingFact(D(2025, 10, 10), "ordinary", cancelled=True)]
    found = yearly(
        body="fsg", charter=fsg, meetings=more, on=D(2026, 11, 23), rules_since=D(2022, 9, 1)
    )
    assert [(f.severity, f.message_en) for f in found] == [
        (
            "error",
            "2025: 3 ordinary meetings held; the charter requires at least 4.",
        )  # cancelled and theme days don't count
    ]
    sfv = CHARTERS["sundhed-for-voksne"]
    found = yearly(
        body="sundhed-for-voksne", charter=sfv, meetings=[MeetingFact(D(2026, 3, 5), "theme-day")],
        on=D(2026, 5, 1), rules_since=D(2026, 1, 1),
    )  # fmt: skip
    assert [(f.rule, f.clause, f.severity) for f in found] == [
        ("meetings.min-per-year", "Mødekadence", "warning"),
        ("meetings.theme-days", "Mødekadence", "warning"),
    ]


# ---- the secretariat's pages -----------------------------------------------------------------


def one_meeting(body: Body) -> Meeting:
    """An ordinary meeting on Wednesday 19 May 2027, 13–15, with nobody told."""
    [meeting] = create_meetings(
        acting_user=SystemActor("test"), body=body, notify=False,
        rows=[MeetingRow(D(2027, 5, 19), datetime.time(13), datetime.time(15))],
    )  # fmt: skip
    return meeting


def attachments(message: email.message.EmailMessage) -> list[Calendar]:
    return [
        Calendar.from_ical(part.get_payload(decode=True))
        for part in message.walk()
        if part.get_content_type() == "text/calendar"
    ]


def test_the_secretariat_plans_the_year_and_every_member_gets_the_invitations(
    client: Client, secretary: User, fsg: Body, mailbox: Mailbox
) -> None:
    client.force_login(secretary)
    page = client.get("/bodies/fsg/meetings/plan/?year=2027").content.decode()
    assert page.count('name="m-') >= 4 * 6
    assert "Flyttet ud af en ferieuge." in page
    post = {"m-TOTAL_FORMS": "4", "m-INITIAL_FORMS": "4", "m-MIN_NUM_FORMS": "0",
            "m-MAX_NUM_FORMS": "40"}  # fmt: skip
    for i, day in enumerate(["2027-02-24", "2027-05-19", "2027-08-18", "2027-11-17"]):
        post |= {f"m-{i}-include": "on", f"m-{i}-kind": "ordinary", f"m-{i}-date": day,
                 f"m-{i}-starts": "13:00", f"m-{i}-ends": "15:00",
                 f"m-{i}-place": "Regionshospitalet Gødstrup"}  # fmt: skip
    post["m-3-include"] = ""  # untick the last one
    response = client.post("/bodies/fsg/meetings/plan/?year=2027", post, follow=True)
    assert "3 møder er i planen, og medlemmerne har fået besked." in response.content.decode()
    assert Meeting.objects.filter(body=fsg).count() == 3
    assert AuditEntry.objects.filter(action="meeting.create").count() == 3
    messages = mailbox.wait_for(3)
    assert sorted(m["To"] for m in messages) == [
        "jens@klynge.test", "lars@klynge.test", "lone@lemvig.test",
    ]  # fmt: skip
    jens = next(m for m in messages if m["To"] == "jens@klynge.test")
    assert jens["Subject"] == "3 møder i Faglig Strategisk Gruppe er planlagt"
    calendars = attachments(jens)
    assert len(calendars) == 3
    first = calendars[0]
    assert first["METHOD"] == "REQUEST"
    [event] = first.walk("VEVENT")
    assert event["DTSTART"].dt == datetime.datetime(
        2027, 2, 24, 13, 0, tzinfo=event["DTSTART"].dt.tzinfo
    )
    assert str(event["DTSTART"].dt.tzinfo) == "Europe/Copenhagen"
    assert first.walk("VTIMEZONE")[0]["TZID"] == "Europe/Copenhagen"
    assert event["SUMMARY"] == "Møde i FSG"
    assert event["LOCATION"] == "Regionshospitalet Gødstrup"

    year = client.get("/bodies/fsg/meetings/?year=2027").content.decode()
    assert "Onsdag 24. februar" in year and '<td data-title="Uge">8</td>' in year
    assert "klynge-wheel__meeting" in year
    assert "3 ordinære møder i planen; kommissoriet kræver mindst 4 om året (§ 7)." in year
    # FSG § 7: 10 days; 9 May is a Sunday, so the agenda for 19 May goes out Friday 7 May.
    assert "7. maj" in year


def test_a_meeting_is_moved_and_cancelled_and_members_calendars_follow(
    client: Client, secretary: User, fsg: Body, mailbox: Mailbox
) -> None:
    [meeting] = create_meetings(
        acting_user=SystemActor("test"), body=fsg, notify=False,
        rows=[MeetingRow(D(2027, 5, 19), datetime.time(13), datetime.time(15), place="Gødstrup")],
    )  # fmt: skip
    client.force_login(secretary)
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Onsdag den 19. maj 2027 (uge 20)" in page
    assert "Fredag den 7. maj 2027" in page  # the agenda deadline
    form = {"sequence": "0", "kind": "ordinary", "title": "",
            "date": "2027-05-26", "starts": "13:00", "ends": "15:30", "place": "Holstebro Rådhus",
            "video_link": ""}  # fmt: skip
    moved = client.post(f"/meetings/{meeting.pk}/change/", form, follow=True)
    assert "Mødet er ændret, og medlemmerne har fået besked." in moved.content.decode()
    meeting.refresh_from_db()
    assert (meeting.date, meeting.sequence, meeting.place) == (
        D(2027, 5, 26),
        1,
        "Holstebro Rådhus",
    )
    notices = mailbox.wait_for(3)
    assert all(
        m["Subject"] == "Ændret: mødet i Faglig Strategisk Gruppe den 26. maj 2027" for m in notices
    )
    [event] = attachments(notices[0])[0].walk("VEVENT")
    assert (event["SEQUENCE"], event["UID"]) == (1, meeting.uid)

    # A second editor who opened the form before the move is refused; their input stays.
    stale = client.post(f"/meetings/{meeting.pk}/change/", form | {"place": "Lemvig"})
    assert stale.status_code == 409
    assert "En anden har ændret mødet" in stale.content.decode()
    assert 'value="Lemvig"' in stale.content.decode()
    meeting.refresh_from_db()
    assert meeting.place == "Holstebro Rådhus"

    mailbox.messages.clear()
    cancelled = client.post(
        f"/meetings/{meeting.pk}/cancel/confirm/", {"sequence": "1", "reason": "For få punkter"},
        follow=True,
    )  # fmt: skip
    assert "Mødet er aflyst, og medlemmerne har fået besked." in cancelled.content.decode()
    notice = mailbox.wait_for(3)[0]
    calendar = attachments(notice)[0]
    [event] = calendar.walk("VEVENT")
    assert (calendar["METHOD"], event["STATUS"], event["SEQUENCE"]) == ("CANCEL", "CANCELLED", 2)
    assert "For få punkter" in notice.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def test_a_meeting_must_end_after_it_starts(client: Client, secretary: User, fsg: Body) -> None:
    client.force_login(secretary)
    response = client.post(
        "/bodies/fsg/meetings/new/",
        {"kind": "ordinary", "date": "2027-03-03", "starts": "15:00", "ends": "13:00"},
    )
    assert response.status_code == 400
    assert "Sluttidspunktet skal ligge efter starttidspunktet." in response.content.decode()
    assert Meeting.objects.count() == 0


def test_members_read_the_plan_but_only_the_secretariat_changes_it(
    client: Client, patient_rep: User, fsg: Body
) -> None:
    meeting = one_meeting(fsg)
    client.force_login(patient_rep)
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Flyt eller ændr mødet" not in page
    cancel = f"/meetings/{meeting.pk}/cancel/"
    assert client.get(cancel).status_code == 403
    assert client.post(f"{cancel}confirm/", {"sequence": "0", "reason": "x"}).status_code == 403
    assert client.get("/bodies/fsg/meetings/plan/").status_code == 403
    assert "Onsdag den 19. maj 2027" in client.get("/meetings/").content.decode()
    assert client.get("/bodies/sundhed-for-voksne/meetings/").status_code == 404


def test_a_shared_theme_day_counts_for_each_body(cluster: object) -> None:
    from klynge.governance.services import load_shipped_charters

    load_shipped_charters("goedstrup", acting_user=SystemActor("test"))
    sfv = Body.objects.get(key="sundhed-for-voksne")
    steering = Body.objects.get(key="klyngestyregruppe")
    rows = [MeetingRow(D(2026, m, 4), datetime.time(9), datetime.time(15), kind="theme-day")
            for m in (3, 10)]  # fmt: skip
    rows += [
        MeetingRow(D(2026, m, 12), datetime.time(13), datetime.time(15)) for m in (2, 5, 8, 11)
    ]
    create_meetings(
        acting_user=SystemActor("test"), body=sfv, rows=rows, shared_with=[steering], notify=False
    )
    assert [m.date for m in Meeting.objects.of_body(steering)] == [D(2026, 3, 4), D(2026, 10, 4)]
    found = [f for f in body_findings(sfv, D(2026, 11, 23)) if f.rule.startswith("meetings.")]
    # 2026 is complete; only 2025, with no meetings recorded, falls short.
    assert [(f.rule, f.severity, f.message_da[:5]) for f in found] == [
        ("meetings.min-per-year", "error", "2025:"), ("meetings.theme-days", "error", "2025:"),
    ]  # fmt: skip


def test_calendar_feeds_parse_in_two_independent_parsers(
    client: Client, patient_rep: User, fsg: Body
) -> None:
    import vobject

    sfv = Body.objects.get(key="sundhed-for-voksne")
    create_meetings(
        acting_user=SystemActor("test"), body=fsg, notify=False,
        rows=[MeetingRow(D(2027, 3, 3), datetime.time(13), datetime.time(15), place="Gødstrup"),
              MeetingRow(D(2027, 6, 2), datetime.time(9, 30), datetime.time(12))],
    )  # fmt: skip
    create_meetings(
        acting_user=SystemActor("test"), body=sfv, notify=False,
        rows=[MeetingRow(D(2027, 3, 4), datetime.time(13), datetime.time(15))],
    )  # fmt: skip
    client.force_login(patient_rep)
    assert 'id="feed-url"' not in client.get("/meetings/").content.decode()
    page = client.post("/meetings/calendar/", follow=True).content.decode()
    url = re.search(r'id="feed-url" value="http://testserver(/calendar/[\w-]+\.ics)"', page)
    assert url is not None
    # A webcal: link subscribes in the calendar program; the copy button waits for the script.
    assert f'href="webcal://testserver{url.group(1)}"' in page
    assert re.search(r'<button type="button"[^>]* data-klynge-copy="feed-url"[^>]* hidden>', page)
    assert "readonly data-klynge-select-all" in page
    client.logout()  # calendar clients do not sign in: the secret address is the key
    response = client.get(url.group(1))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode()
    calendar = Calendar.from_ical(text)
    events = sorted(calendar.walk("VEVENT"), key=lambda e: e["DTSTART"].dt)
    assert [e["DTSTART"].dt.isoformat() for e in events] == [
        "2027-03-03T13:00:00+01:00", "2027-06-02T09:30:00+02:00",  # winter and summer time
    ]  # fmt: skip
    parsed = vobject.readOne(text)
    starts = sorted(e.dtstart.value for e in parsed.vevent_list)
    assert [s.isoformat() for s in starts] == [
        "2027-03-03T13:00:00+01:00", "2027-06-02T09:30:00+02:00",
    ]  # fmt: skip
    assert {e.uid.value for e in parsed.vevent_list} == {
        m.uid for m in Meeting.objects.filter(body=fsg)
    }
    assert "\r\n" in text and all(len(line.encode()) <= 75 for line in text.split("\r\n"))

    # A new address ends the old one.
    client.force_login(patient_rep)
    client.post("/meetings/calendar/renew/")
    client.logout()
    assert client.get(url.group(1)).status_code == 404


def test_a_body_feed_carries_its_shared_theme_days(
    client: Client, fsg: Body, secretary: User
) -> None:
    steering = Body.objects.get(key="klyngestyregruppe")
    sfv = Body.objects.get(key="sundhed-for-voksne")
    create_meetings(
        acting_user=SystemActor("test"), body=sfv, shared_with=[steering], notify=False,
        rows=[MeetingRow(D(2027, 4, 8), datetime.time(9), datetime.time(15), kind="theme-day",
                         title="Sammenhæng for ældre")],
    )  # fmt: skip
    from klynge.meetings.models import CalendarFeed
    from klynge.meetings.services import feed_for

    make_member(secretary.email, "Lars Østergaard", "klyngestyregruppe")
    lars = Person.objects.get(email=secretary.email)
    feed = feed_for(acting_user=SystemActor("test"), person=lars, body=steering)
    text = client.get(f"/calendar/{feed.token}.ics").content.decode()
    [event] = Calendar.from_ical(text).walk("VEVENT")
    assert event["SUMMARY"] == "Fokusgruppen Sundhed for voksne: Sammenhæng for ældre"
    assert CalendarFeed.objects.count() == 1
    assert client.get("/calendar/not-a-token.ics").status_code == 404


# ---- the agenda ------------------------------------------------------------------------------


def test_an_ordinary_meeting_starts_with_the_standard_items_and_new_ones_go_before_eventuelt(
    client: Client, secretary: User, fsg: Body
) -> None:
    meeting = one_meeting(fsg)
    assert [i.title for i in meeting.items.order_by("position")] == [
        "Godkendelse af dagsorden", "Opfølgning på referat", "Eventuelt",
    ]  # fmt: skip
    client.force_login(secretary)
    response = client.post(
        f"/meetings/{meeting.pk}/agenda/add/",
        {"title": "Akutpladser i Gødstrup-Klyngen", "kind": "decision", "presenter": "Anne Birk",
         "minutes": "30", "case_number": "1-30-72-4-26", "summary": "", "recommendation":
         "Det indstilles, at FSG godkender modellen.", "case_text": ""},
        follow=True,
    )  # fmt: skip
    page = response.content.decode()
    assert "Punkt 3, Akutpladser i Gødstrup-Klyngen, er på dagsordenen." in page
    assert [(i.position, i.title) for i in meeting.items.order_by("position")] == [
        (1, "Godkendelse af dagsorden"), (2, "Opfølgning på referat"),
        (3, "Akutpladser i Gødstrup-Klyngen"), (4, "Eventuelt"),
    ]  # fmt: skip
    # Time slots follow from 13.00: 5 + 10 + 30 minutes.
    assert "13.15–13.45" in page and "13.45–13.50" in page
    new = meeting.items.get(position=3)
    client.post(f"/meetings/{meeting.pk}/agenda/{new.pk}/move/", {"direction": "up"})
    assert meeting.items.get(pk=new.pk).position == 2
    client.post(f"/meetings/{meeting.pk}/agenda/{new.pk}/move/", {"direction": "down"})
    client.post(f"/meetings/{meeting.pk}/agenda/{new.pk}/move/", {"direction": "down"})
    assert meeting.items.get(title="Eventuelt").position == 4  # eventuelt stays last


def test_two_editors_of_one_item_the_second_is_refused_and_keeps_the_text(
    client: Client, secretary: User, fsg: Body
) -> None:
    meeting = one_meeting(fsg)
    item = meeting.items.get(position=2)
    client.force_login(secretary)
    form = {"version": "0", "title": "Opfølgning på referat", "kind": "orientation",
            "presenter": "", "minutes": "10", "case_number": "", "summary": "",
            "recommendation": "", "case_text": "Referatet fra 17. februar er godkendt."}  # fmt: skip
    first = client.post(f"/meetings/{meeting.pk}/agenda/{item.pk}/", form)
    assert first.status_code == 302
    second = client.post(
        f"/meetings/{meeting.pk}/agenda/{item.pk}/", form | {"case_text": "Min egen tekst."}
    )
    assert second.status_code == 409
    text = second.content.decode()
    assert "En anden har gemt punktet, mens du arbejdede." in text
    assert "Min egen tekst." in text and "Referatet fra 17. februar er godkendt." in text
    item.refresh_from_db()
    assert (item.case_text, item.version) == ("<p>Referatet fra 17. februar er godkendt.</p>", 1)


def test_members_read_the_agenda_and_a_theme_day_has_no_standard_items(
    client: Client, patient_rep: User, fsg: Body
) -> None:
    meeting, theme = create_meetings(
        acting_user=SystemActor("test"), body=fsg, notify=False,
        rows=[MeetingRow(D(2027, 5, 19), datetime.time(13), datetime.time(15)),
              MeetingRow(D(2027, 9, 9), datetime.time(9), datetime.time(15), kind="theme-day")],
    )  # fmt: skip
    assert theme.items.count() == 0
    client.force_login(patient_rep)
    page = client.get(f"/meetings/{meeting.pk}/agenda/").content.decode()
    assert "Godkendelse af dagsorden" in page and "Tilføj et punkt" not in page
    assert client.post(f"/meetings/{meeting.pk}/agenda/add/", {"title": "X"}).status_code == 403


# ---- who leads the meeting -------------------------------------------------------------------


def test_the_co_chairs_take_turns_unless_the_secretariat_chooses() -> None:
    from klynge.core.meetings import alternate_leaders

    chairs = ["regional@goedstrup.test", "kommunal@holstebro.test"]
    meetings = [(i, D(2027, m, 10), None) for i, m in enumerate((2, 5, 8, 11), start=1)]
    found = alternate_leaders(meetings, lambda day: chairs)
    assert [f.leader for f in found] == [chairs[0], chairs[1], chairs[0], chairs[1]]
    meetings[1] = (2, D(2027, 5, 10), chairs[0])  # the municipal co-chair is away in May
    found = alternate_leaders(meetings, lambda day: chairs)
    assert [(f.leader, f.chosen) for f in found] == [
        (chairs[0], False), (chairs[0], True), (chairs[1], False), (chairs[0], False),
    ]  # fmt: skip
    assert [f.leader for f in alternate_leaders(meetings[:1], lambda day: [])] == [None]


def test_the_meeting_page_shows_and_changes_who_leads(
    client: Client, secretary: User, fsg: Body
) -> None:
    lines = ["organ;organisation;navn;e-mail;start;rolle",
             "fsg;goedstrup;Rikke Region;rikke@goedstrup.test;2026-01-01;formand",
             "fsg;holstebro;Karl Kommune;karl@holstebro.test;2026-01-01;formand"]  # fmt: skip
    import_lines(lines)
    _first, second, _third = create_meetings(
        acting_user=SystemActor("test"), body=fsg, notify=False,
        rows=[MeetingRow(D(2027, m, 3), datetime.time(13), datetime.time(15)) for m in (3, 6, 9)],
    )  # fmt: skip
    client.force_login(secretary)
    year = client.get("/bodies/fsg/meetings/?year=2027").content.decode()
    assert re.findall(r'data-title="Ledes af">([^<]+)<', year) == [
        "Rikke Region", "Karl Kommune", "Rikke Region",
    ]  # fmt: skip
    rikke = Person.objects.get(email="rikke@goedstrup.test")
    page = client.post(
        f"/meetings/{second.pk}/leader/", {"leader": str(rikke.pk)}, follow=True
    ).content.decode()
    assert "Rikke Region (valgt af sekretariatet)" in page
    year = client.get("/bodies/fsg/meetings/?year=2027").content.decode()
    assert re.findall(r'data-title="Ledes af">([^<]+)<', year) == [
        "Rikke Region", "Rikke Region", "Karl Kommune",
    ]  # fmt: skip
    assert AuditEntry.objects.filter(action="meeting.leader").count() == 1


# ---- approving and sending the agenda --------------------------------------------------------


def test_a_co_chair_approves_the_secretariat_sends_and_late_agendas_are_found(
    client: Client, secretary: User, fsg: Body, mailbox: Mailbox
) -> None:
    lines = ["organ;organisation;navn;e-mail;start;rolle",
             "fsg;goedstrup;Rikke Region;rikke@goedstrup.test;2026-01-01;formand"]  # fmt: skip
    import_lines(lines)
    meeting = one_meeting(fsg)
    client.force_login(secretary)
    page = client.get(f"/meetings/{meeting.pk}/agenda/").content.decode()
    assert "Udkast" in page and "Skal udsendes senest fredag den 7. maj 2027." in page
    assert "Godkend dagsordenen" not in page  # the secretariat does not approve
    refused = client.post(f"/meetings/{meeting.pk}/agenda/send/", follow=True)
    assert "dagsordenen skal godkendes af en af medformændene" in refused.content.decode()

    rikke = User.objects.create_user(email="rikke@goedstrup.test", password="x" * 12)
    Person.objects.filter(email=rikke.email).update(user=rikke)
    client.force_login(rikke)
    approved = client.post(f"/meetings/{meeting.pk}/agenda/approve/", follow=True)
    assert "Dagsordenen er godkendt og kan udsendes." in approved.content.decode()
    meeting.refresh_from_db()
    assert (meeting.agenda_status, meeting.agenda_approved_by.email) == (  # type: ignore[union-attr]
        "approved",
        "rikke@goedstrup.test",
    )
    client.force_login(secretary)
    sent = client.post(f"/meetings/{meeting.pk}/agenda/send/", follow=True)
    assert "Dagsordenen er sendt til alle medlemmer." in sent.content.decode()
    notices = mailbox.wait_for(4)
    assert {m["To"] for m in notices} == {
        "jens@klynge.test", "lars@klynge.test", "lone@lemvig.test", "rikke@goedstrup.test",
    }  # fmt: skip
    assert notices[0]["Subject"] == "Dagsorden: mødet i Faglig Strategisk Gruppe den 19. maj 2027"
    [invitation] = attachments(notices[0])  # the agenda comes with the calendar invitation
    assert invitation["METHOD"] == "REQUEST"
    assert f"/meetings/{meeting.pk}/agenda/" in notices[0].get_body(("plain",)).get_content()  # type: ignore[union-attr]

    # An item changed after sending is marked for the members.
    item = meeting.items.get(position=2)
    form = {"version": "0", "title": item.title, "kind": item.kind, "minutes": "10",
            "case_text": "Nyt bilag."}  # fmt: skip
    client.post(f"/meetings/{meeting.pk}/agenda/{item.pk}/", form)
    assert (
        "ændret efter udsendelsen" in client.get(f"/meetings/{meeting.pk}/agenda/").content.decode()
    )
    # The secretariat tells the members which items changed.
    told = client.post(f"/meetings/{meeting.pk}/agenda/announce/", follow=True)
    assert "Medlemmerne har fået besked om de ændrede punkter." in told.content.decode()
    changed = [m for m in mailbox.wait_for(8) if m["Subject"].startswith("Ændret dagsorden")]
    assert len(changed) == 4
    text = changed[0].get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert f"2. {item.title}" in text and f"/meetings/{meeting.pk}/agenda/" in text

    # Sent on the day it is checked: on time for 19 May, as the deadline is 7 May 2027.
    sent_on = timezone.localtime(Meeting.objects.get(pk=meeting.pk).agenda_sent_at).date()  # type: ignore[arg-type]
    facts = [MeetingFact(D(2027, 5, 19), "ordinary", agenda_sent=D(2027, 5, 8))]
    late = check_meetings(body="fsg", charter=CHARTERS["fsg"], meetings=facts,
                          on=D(2027, 6, 1), rules_since=D(2027, 1, 1))  # fmt: skip
    assert [(f.rule, f.severity, dict(f.subject)) for f in late if f.rule.startswith("agenda")] == [
        ("agenda.late", "error", {"meeting": "2027-05-19"})
    ]
    unsent = [MeetingFact(D(2027, 5, 19), "ordinary")]
    due = check_meetings(body="fsg", charter=CHARTERS["fsg"], meetings=unsent,
                         on=D(2027, 5, 3), rules_since=D(2027, 1, 1))  # fmt: skip
    assert [f.message_da for f in due if f.rule == "agenda.due"] == [
        "Dagsordenen til mødet den 19. maj 2027 skal udsendes senest den 7. maj 2027."
    ]
    assert sent_on <= D(2027, 5, 7)


def test_the_secretariat_is_reminded_of_an_agenda_deadline_once(
    fsg: Body, mailbox: Mailbox
) -> None:
    from klynge.meetings.reminders import send_agenda_reminders
    from klynge.meetings.services import change_meeting

    meeting = one_meeting(fsg)  # 19 May 2027: the agenda is due Friday 7 May
    assert send_agenda_reminders(D(2027, 5, 3)) == []  # more than three days ahead
    [reminder] = send_agenda_reminders(D(2027, 5, 4), dry_run=True)
    assert (reminder.deadline, reminder.recipients) == (D(2027, 5, 7), ["lars@klynge.test"])
    assert len(send_agenda_reminders(D(2027, 5, 4))) == 1
    [message] = mailbox.wait_for(1)
    assert (
        message["Subject"].strip()  # folded: it is longer than a header line
        == "Dagsordenen for Faglig Strategisk Gruppe skal udsendes senest den 7. maj"
    )
    assert f"/meetings/{meeting.pk}/agenda/" in message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert send_agenda_reminders(D(2027, 5, 5)) == []  # never the same reminder twice
    row = MeetingRow(D(2027, 5, 20), datetime.time(13), datetime.time(15))
    change_meeting(acting_user=SystemActor("test"), meeting=meeting, based_on=0, row=row)
    # Moved a day: the deadline is now Monday 10 May, a new reminder when it comes near.
    assert [r.deadline for r in send_agenda_reminders(D(2027, 5, 7), dry_run=True)] == [
        D(2027, 5, 10)
    ]


# ---- apologies -------------------------------------------------------------------------------


def test_a_member_sends_apologies_and_the_substitute_is_invited(
    client: Client, patient_rep: User, fsg: Body, mailbox: Mailbox
) -> None:
    lines = ["organ;plads;organisation;navn;e-mail;start;stedfortræder_for",
             "fsg;;patienter;Sara Stedfortræder;sara@patient.test;2026-01-01;jens@klynge.test"]  # fmt: skip
    import_lines(lines)
    from klynge.governance.models import Appointment

    # Jens holds a seat (patienter); the fixture seated him without one.
    Appointment.objects.filter(person__email="jens@klynge.test").update(seat="patienter")
    meeting = one_meeting(fsg)
    client.force_login(patient_rep)
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Meld afbud" in page and "Begrundelse (frivillig)" in page
    response = client.post(f"/meetings/{meeting.pk}/apology/", follow=True)
    text = response.content.decode()
    assert "Dit afbud er noteret. Din stedfortræder, Sara Stedfortræder, er inviteret." in text
    assert "<li>Jens Aagaard</li>" in text
    [invitation] = [m for m in mailbox.wait_for(2) if m["To"] == "sara@patient.test"]
    assert invitation["To"] == "sara@patient.test"
    assert invitation["Subject"] == (
        "Du er inviteret som stedfortræder: Faglig Strategisk Gruppe den 19. maj 2027"
    )
    assert "Jens Aagaard har meldt afbud" in invitation.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    [calendar] = attachments(invitation)
    assert calendar["METHOD"] == "REQUEST"
    client.post(f"/meetings/{meeting.pk}/apology/")  # twice is still once
    # The invitation, and the notice to the secretariat.
    assert meeting.apologies.count() == 1 and len(mailbox.messages) == 2
    client.post(f"/meetings/{meeting.pk}/apology/withdraw/")
    assert meeting.apologies.count() == 0
    assert AuditEntry.objects.filter(action="meeting.apology-withdrawn").count() == 1
