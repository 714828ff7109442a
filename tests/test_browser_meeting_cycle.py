"""The secretary's whole meeting cycle in a real browser: a new meeting, its agenda approved by a
co-chair and sent, the meeting pack, the minutes written, approved and published, and a member's
one-page summary for their organisation. Every page is checked as in test_browser.py."""

import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from tests.helpers import Visit, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEMBERS = [
    "organ;plads;organisation;navn;e-mail;start;rolle",
    "fsg;;;Lars Østergaard;lars@klynge.test;2026-01-01;sekretariat",
    "fsg;hospitalsledelse;goedstrup;Rikke Holm;rikke@goedstrup.test;2026-01-01;formand",
    "fsg;kommune-fagdirektoer;herning;Hanne Herning;hanne@herning.test;2026-01-01;formand",
    "fsg;kommune-fagdirektoer;struer;Sofie Struer;sofie@struer.test;2026-01-01;",
]


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def as_user(page: object, base: str, email: str) -> None:
    page.context.clear_cookies()  # type: ignore[attr-defined]
    sign_in(page, base, email)


def test_the_secretary_runs_a_meeting_from_planning_to_published_minutes(
    live_server: object,
    visit: Visit,
    cluster: object,
) -> None:
    from klynge.accounts.audit import SystemActor
    from klynge.accounts.services import create_user
    from klynge.core.member_file import read_member_file
    from klynge.governance.membership import import_members
    from klynge.governance.services import load_shipped_charters
    from tests.helpers import PASSWORD

    load_shipped_charters("goedstrup", acting_user=SystemActor("test"))
    rows = read_member_file("\n".join(MEMBERS).encode(), "fsg.csv")
    import_members(rows, source="fsg.csv", acting_user=SystemActor("test"))
    for line in MEMBERS[1:]:
        name, email = line.split(";")[3:5]
        create_user(acting_user=SystemActor("test"), email=email, full_name=name, password=PASSWORD)
    today = timezone.localdate()
    page = visit.page
    base = live_server.url  # type: ignore[attr-defined]

    # The secretary adds today's meeting to the plan.
    as_user(page, base, "lars@klynge.test")
    page.goto(base + "/bodies/fsg/meetings/new/")  # type: ignore[attr-defined]
    visit.check("a new meeting")
    page.fill("#id_date", today.isoformat())  # type: ignore[attr-defined]
    page.fill("#id_starts", "13:00")  # type: ignore[attr-defined]
    page.fill("#id_ends", "15:00")  # type: ignore[attr-defined]
    page.fill("#id_place", "Regionshospitalet Gødstrup")  # type: ignore[attr-defined]
    page.locator("main form button[type=submit]").last.click()  # type: ignore[attr-defined]
    from klynge.meetings.models import Meeting

    meeting = Meeting.objects.get(body__key="fsg", date=today)

    # The agenda: one item of its own between the standard items.
    page.goto(f"{base}/meetings/{meeting.pk}/agenda/")  # type: ignore[attr-defined]
    page.fill("#id_title", "Akutpladser i Struer")  # type: ignore[attr-defined]
    page.select_option("#id_kind", "decision")  # type: ignore[attr-defined]
    page.fill("#id_recommendation", "Det indstilles, at modellen godkendes.")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Tilføj punktet").click()  # type: ignore[attr-defined]
    assert "Akutpladser i Struer" in page.locator("table").first.inner_text()  # type: ignore[attr-defined]

    # A co-chair approves, the secretary sends.
    as_user(page, base, "rikke@goedstrup.test")
    page.goto(f"{base}/meetings/{meeting.pk}/agenda/")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Godkend dagsordenen").click()  # type: ignore[attr-defined]
    as_user(page, base, "lars@klynge.test")
    page.goto(f"{base}/meetings/{meeting.pk}/agenda/")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Send dagsordenen til medlemmerne").click()  # type: ignore[attr-defined]
    assert "Dagsordenen er sendt" in page.locator("[role=status]").first.inner_text()  # type: ignore[attr-defined]
    visit.check("the sent agenda")
    page.locator("#build-pack").click()  # type: ignore[attr-defined]
    page.wait_for_selector("#download-pack")  # type: ignore[attr-defined]
    pack = page.context.request.get(base + page.locator("#download-pack").get_attribute("href"))  # type: ignore[attr-defined]
    assert pack.headers["content-type"] == "application/pdf"
    assert "Akutpladser i Struer" in pdf_text(pack.body())

    # The minutes: Sofie sent no apology but was absent; a decision, who took the minutes, a
    # guest and an action are typed, and "Tilføj opgaven" is pressed without saving first:
    # nothing typed is lost.
    page.goto(f"{base}/meetings/{meeting.pk}/")  # type: ignore[attr-defined]
    page.get_by_role("link", name="Åbn referatet").click()  # type: ignore[attr-defined]
    visit.check("the minutes form")
    sofie = page.get_by_label("Fremmøde for Sofie Struer")  # type: ignore[attr-defined]
    sofie.select_option("absent")
    item = meeting.items.get(title="Akutpladser i Struer")
    page.fill(f"#decision-{item.pk}", "Modellen godkendes.")  # type: ignore[attr-defined]
    page.fill("#minutes-taker", "Lars Østergaard")  # type: ignore[attr-defined]
    page.fill("#guests", "Anna Gæst, Region Midtjylland")  # type: ignore[attr-defined]
    page.fill("#id_action-title", "Lav en plan for akutpladser")  # type: ignore[attr-defined]
    page.select_option("#id_action-organisation", label="Struer Kommune")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Tilføj opgaven").click()  # type: ignore[attr-defined]
    assert "Opgaven er tilføjet." in page.locator("[role=status]").first.inner_text()  # type: ignore[attr-defined]
    assert "Lav en plan for akutpladser" in page.locator("#actions-title + table").inner_text()  # type: ignore[attr-defined]
    assert page.input_value(f"#decision-{item.pk}") == "Modellen godkendes."  # type: ignore[attr-defined]
    assert sofie.input_value() == "absent"
    assert page.input_value("#guests") == "Anna Gæst, Region Midtjylland"  # type: ignore[attr-defined]
    item.refresh_from_db()
    assert item.decision == "Modellen godkendes."
    assert meeting.attendance.get(person__email="sofie@struer.test").status == "absent"
    visit.check("the minutes with an action")

    # The other co-chair approves; the secretary publishes.
    as_user(page, base, "hanne@herning.test")
    page.goto(f"{base}/meetings/{meeting.pk}/minutes/")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Godkend referatet").click()  # type: ignore[attr-defined]
    as_user(page, base, "lars@klynge.test")
    page.goto(f"{base}/meetings/{meeting.pk}/minutes/")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Offentliggør referatet").click()  # type: ignore[attr-defined]
    assert "Referatet er offentliggjort" in page.locator("[role=status]").first.inner_text()  # type: ignore[attr-defined]
    visit.check("the published minutes")
    page.locator("#build-minutes").click()  # type: ignore[attr-defined]
    page.wait_for_selector("#download-minutes")  # type: ignore[attr-defined]
    href = page.locator("#download-minutes").get_attribute("href")  # type: ignore[attr-defined]
    text = pdf_text(page.context.request.get(base + href).body())  # type: ignore[attr-defined]
    assert "Modellen godkendes." in text and "Lav en plan for akutpladser" in text
    assert "Fraværende" in text and "Anna Gæst, Region Midtjylland" in text

    # The decision is found in the archive's search.
    page.goto(base + "/search/?q=akutplads")  # type: ignore[attr-defined]
    assert "Akutpladser i Struer" in page.locator("main").inner_text()  # type: ignore[attr-defined]
    visit.check("a search in the agendas and minutes")

    # A member takes the summary for her organisation.
    as_user(page, base, "sofie@struer.test")
    page.goto(f"{base}/meetings/{meeting.pk}/minutes/")  # type: ignore[attr-defined]
    page.get_by_role("link", name="Resumé til din organisation").click()  # type: ignore[attr-defined]
    summary = page.locator("main").inner_text()  # type: ignore[attr-defined]
    assert "Opgaver til Struer Kommune" in summary
    assert "Lav en plan for akutpladser" in summary and "Modellen godkendes." in summary
    visit.check("the summary for an organisation")

    # She proposes an item from her organisation for a coming meeting.
    page.goto(base + "/bodies/fsg/proposals/")  # type: ignore[attr-defined]
    page.fill("#id_title", "Pårørendes rolle ved udskrivelse")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Send forslaget").click()  # type: ignore[attr-defined]
    assert "sekretariatet har dit forslag" in page.locator("[role=status]").first.inner_text()  # type: ignore[attr-defined]
    visit.check("a member's proposed items")
