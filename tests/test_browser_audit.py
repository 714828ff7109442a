"""The audit trail's pages in a real browser, at desktop and phone width, each checked as in
test_browser.py (axe, the Nu Html Checker, no sideways scrolling)."""

import datetime

import pytest

from tests.helpers import Visit, make_person, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_trail_pages_read_well(live_server: object, visit: Visit, fsg: object) -> None:
    from klynge.accounts.audit import SystemActor
    from klynge.governance.models import Person
    from klynge.meetings import services
    from klynge.meetings.services import MeetingRow, create_meetings

    [meeting] = create_meetings(
        acting_user=SystemActor("test"), body=fsg, notify=False,  # type: ignore[arg-type]
        rows=[MeetingRow(datetime.date(2027, 5, 19), datetime.time(13), datetime.time(15))],
    )  # fmt: skip
    services.add_item(
        acting_user=SystemActor("test"),
        meeting=meeting,
        values={"title": "Budget", "case_text": "<p>Et <strong>oplæg</strong></p>"},
    )
    make_person("mette@klynge.test", "Mette Kjær", is_staff=True, is_superuser=True)
    jens = Person.objects.get(email="jens@klynge.test")
    page, base = visit.page, live_server.url  # type: ignore[attr-defined]

    sign_in(page, base, "mette@klynge.test")
    for url, what in [
        ("/audit/", "the audit trail"),
        ("/audit/?action=agendaitem.create&from=2026-01-01", "the audit trail, filtered"),
        ("/audit/access/", "the access log"),
        ("/bodies/fsg/history/", "a body's history"),
        (f"/people/{jens.pk}/history/", "a person's history"),
    ]:
        page.goto(base + url)  # type: ignore[attr-defined]
        visit.check(what)
    assert "Punkt tilføjet" in page.content()  # type: ignore[attr-defined]

    page.context.clear_cookies()  # type: ignore[attr-defined]
    sign_in(page, base, "jens@klynge.test")
    page.goto(f"{base}/people/{jens.pk}/")  # type: ignore[attr-defined]
    page.get_by_role("link", name="Historik").click()  # type: ignore[attr-defined]
    visit.check("the person's own history")
    assert "Udpegning registreret" in page.content()  # type: ignore[attr-defined]
