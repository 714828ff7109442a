"""The pages between bodies in a real browser, each checked for accessibility and valid HTML: the
appointment left as registered, the import preview with a difference, the administrator's
proposed changes, and a theme day another body's secretariat is asked to share."""

import datetime

import pytest

from tests.helpers import Visit, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEMBERS = [
    "organ;plads;organisation;navn;e-mail;start;rolle",
    "fsg;;goedstrup;Lars Østergaard;lars@klynge.test;2026-01-01;sekretariat",
    "sundhed-for-voksne;konsulent;goedstrup;Anne Birk;anne@klynge.test;2026-01-01;sekretariat",
    "sundhed-for-voksne;kommune;herning;Birgit Bach;birgit@herning.test;2026-01-01;",
    "fsg;kommune-fagdirektoer;herning;Birgit Bach;birgit@herning.test;2026-01-01;",
]


def as_user(page: object, base: str, email: str) -> None:
    page.context.clear_cookies()  # type: ignore[attr-defined]
    sign_in(page, base, email)


def test_the_pages_between_bodies(
    live_server: object, visit: Visit, cluster: object, tmp_path: object
) -> None:
    from klynge.accounts.audit import SystemActor
    from klynge.accounts.models import User
    from klynge.accounts.services import create_user
    from klynge.governance.models import Appointment, Body
    from klynge.governance.services import load_shipped_charters
    from klynge.meetings.services import MeetingRow, create_meetings
    from tests.helpers import PASSWORD, import_lines

    actor = SystemActor("test")
    load_shipped_charters("goedstrup", acting_user=actor)
    import_lines(MEMBERS)
    for email, name in [("lars@klynge.test", "Lars Østergaard"), ("anne@klynge.test", "Anne Birk")]:
        create_user(acting_user=actor, email=email, full_name=name, password=PASSWORD)
    create_user(acting_user=actor, email="mette@klynge.test", full_name="Mette Kjær",
                password=PASSWORD, is_staff=True, is_superuser=True)  # fmt: skip
    anne = User.objects.get(email="anne@klynge.test")
    create_meetings(
        acting_user=anne, body=Body.objects.get(key="sundhed-for-voksne"), notify=False,
        shared_with=[Body.objects.get(key="fsg")], rows=[MeetingRow(
            datetime.date(2027, 4, 8), datetime.time(9), datetime.time(15), kind="theme-day",
            title="Sammenhæng for ældre")],
    )  # fmt: skip
    page = visit.page
    base = live_server.url  # type: ignore[attr-defined]

    as_user(page, base, "anne@klynge.test")
    page.goto(f"{base}/bodies/sundhed-for-voksne/appoint/")  # type: ignore[attr-defined]
    page.select_option("select[name=seat]", "kommune")  # type: ignore[attr-defined]
    page.fill("input[name=name]", "Birgit Bach-Nielsen")  # type: ignore[attr-defined]
    page.fill("input[name=email]", "birgit@herning.test")  # type: ignore[attr-defined]
    page.fill("input[name=start]", "2026-11-01")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Registrér udpegningen").click()  # type: ignore[attr-defined]
    page.wait_for_url(f"{base}/bodies/sundhed-for-voksne/appointments/**")  # type: ignore[attr-defined]
    visit.check("the appointment left as registered")
    page.get_by_role("button", name="Foreslå ændringen til en administrator").click()  # type: ignore[attr-defined]
    page.wait_for_url(f"{base}/bodies/sundhed-for-voksne/")  # type: ignore[attr-defined]
    assert Appointment.objects.filter(person__name="Birgit Bach").count() == 3

    member_file = tmp_path / "sfv.csv"  # type: ignore[operator]
    member_file.write_text(  # type: ignore[attr-defined]
        "organ;plads;organisation;navn;e-mail;start\n"
        "sundhed-for-voksne;kommune;herning;Birgit B. Bach;birgit@herning.test;2026-01-01\n",
        encoding="utf-8",
    )
    page.goto(f"{base}/members/import/")  # type: ignore[attr-defined]
    page.set_input_files("input[name=file]", str(member_file))  # type: ignore[attr-defined]
    page.get_by_role("button", name="Kontrollér filen").click()  # type: ignore[attr-defined]
    page.wait_for_load_state("load")  # type: ignore[attr-defined]
    visit.check("the import preview with a difference")

    as_user(page, base, "lars@klynge.test")
    visit.check("the home with a theme day to share")
    page.goto(f"{base}/meetings/sharing/")  # type: ignore[attr-defined]
    visit.check("the theme days to share")

    as_user(page, base, "mette@klynge.test")
    page.goto(f"{base}/people/changes/")  # type: ignore[attr-defined]
    visit.check("the proposed changes to people")
    page.get_by_role("button", name="Gennemfør ændringen").click()  # type: ignore[attr-defined]
    page.wait_for_url(f"{base}/people/changes/")  # type: ignore[attr-defined]
    visit.check("the proposed changes after applying one")
