"""Asking the co-chairs, an apology with a reason and cancelling a meeting, in a real browser and
without JavaScript doing any of it: every page checked as in test_browser.py."""

import datetime

import pytest

from tests.helpers import Visit, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEMBERS = [
    "organ;plads;organisation;navn;e-mail;start;rolle",
    "fsg;;;Lars Østergaard;lars@klynge.test;2026-01-01;sekretariat",
    "fsg;hospitalsledelse;goedstrup;Rikke Holm;rikke@goedstrup.test;2026-01-01;formand",
    "fsg;kommune-fagdirektoer;herning;Hanne Herning;hanne@herning.test;2026-01-01;formand",
    "fsg;patienter;patienter;Jens Aagaard;jens@klynge.test;2026-01-01;",
]


def as_user(page: object, base: str, email: str) -> None:
    page.context.clear_cookies()  # type: ignore[attr-defined]
    sign_in(page, base, email)


def test_the_secretariat_asks_the_co_chairs_a_member_apologises_and_a_meeting_is_cancelled(
    live_server: object, visit: Visit, cluster: object
) -> None:
    from klynge.accounts.audit import SystemActor
    from klynge.accounts.services import create_user
    from klynge.core.member_file import read_member_file
    from klynge.governance.membership import import_members
    from klynge.governance.services import load_shipped_charters
    from klynge.meetings.models import Apology, Meeting
    from klynge.meetings.services import MeetingRow, create_meetings
    from tests.helpers import PASSWORD

    actor = SystemActor("test")
    load_shipped_charters("goedstrup", acting_user=actor)
    rows = read_member_file("\n".join(MEMBERS).encode(), "fsg.csv")
    import_members(rows, source="fsg.csv", acting_user=actor)
    for line in MEMBERS[1:]:
        name, email = line.split(";")[3:5]
        create_user(acting_user=actor, email=email, full_name=name, password=PASSWORD)
    from klynge.governance.models import Body

    days = [datetime.date(2027, 2, 24), datetime.date(2027, 5, 19)]
    first, second = create_meetings(
        acting_user=actor, body=Body.objects.get(key="fsg"), notify=False,
        rows=[MeetingRow(day, datetime.time(13), datetime.time(15)) for day in days],
    )  # fmt: skip
    page = visit.page
    base = live_server.url  # type: ignore[attr-defined]

    as_user(page, base, "lars@klynge.test")
    page.goto(f"{base}/meetings/{first.pk}/")  # type: ignore[attr-defined]
    visit.check("a meeting with a draft agenda")
    page.get_by_role("button", name="Bed medformændene om godkendelse").click()  # type: ignore[attr-defined]
    status = page.locator("[role=status]").first.inner_text()  # type: ignore[attr-defined]
    assert "Rikke Holm (Regionshospitalet Gødstrup) og Hanne Herning (Herning Kommune)" in status
    visit.check("the meeting after asking the co-chairs")

    as_user(page, base, "jens@klynge.test")
    page.goto(f"{base}/meetings/{first.pk}/")  # type: ignore[attr-defined]
    page.fill("#id_apology-reason", "Jeg er på ferie.")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Meld afbud").click()  # type: ignore[attr-defined]
    told = page.locator("[role=status]").first.inner_text()  # type: ignore[attr-defined]
    assert "Du har ingen stedfortræder registreret" in told
    visit.check("the meeting after an apology")
    assert Apology.objects.get(meeting=first).reason == "Jeg er på ferie."

    as_user(page, base, "lars@klynge.test")
    page.goto(f"{base}/meetings/{second.pk}/")  # type: ignore[attr-defined]
    page.get_by_role("link", name="Aflys mødet …").click()  # type: ignore[attr-defined]
    visit.check("the cancel page")
    page.get_by_role("button", name="Aflys mødet og giv medlemmerne besked").click()  # type: ignore[attr-defined]
    assert "Skriv den begrundelse" in page.locator("main").inner_text()  # type: ignore[attr-defined]
    visit.check("the cancel page refused")
    assert Meeting.objects.get(pk=second.pk).status == "planned"
    page.fill("#id_reason", "For få punkter.")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Aflys mødet og giv medlemmerne besked").click()  # type: ignore[attr-defined]
    text = page.locator("main").inner_text()  # type: ignore[attr-defined]
    assert "Begrundelse: For få punkter." in text
    assert "1 af mindst 4 ordinære møder tilbage i 2027" in text
    visit.check("a cancelled meeting")
    page.goto(f"{base}/bodies/fsg/meetings/?year=2027")  # type: ignore[attr-defined]
    visit.check("the annual plan with a cancelled meeting")
