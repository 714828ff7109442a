"""A real Chromium walks the pages as a user would, at desktop and phone widths.

Every page visited is checked with axe-core (WCAG 2.1 A and AA) and the Nu Html Checker, and must
load without a Content Security Policy violation.
"""

import pytest

from tests.helpers import PASSWORD, Visit, main_menu, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_overview_english_and_sign_out(
    live_server: object, visit: Visit, secretary: object, cluster: object
) -> None:
    from tests.helpers import ALL_BODIES, make_member

    make_member("lars@klynge.test", "Lars Østergaard", *ALL_BODIES)
    page = visit.page
    base = live_server.url  # type: ignore[attr-defined]

    page.goto(base + "/")  # type: ignore[attr-defined]
    assert page.url.startswith(base + "/login/")  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text() == "Log ind"  # type: ignore[attr-defined]
    visit.check("sign-in page")

    # The skip link is the first thing the keyboard reaches, and it moves focus to the content.
    page.keyboard.press("Tab")  # type: ignore[attr-defined]
    assert page.evaluate("document.activeElement.textContent") == "Gå til sidens indhold"  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    assert page.evaluate("document.activeElement.id") == "main-content"  # type: ignore[attr-defined]

    page.fill("#id_username", "lars@klynge.test")  # type: ignore[attr-defined]
    page.fill("#id_password", "forkert")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Log ind").click()  # type: ignore[attr-defined]
    assert "E-mailen eller adgangskoden er forkert." in page.locator("[role=alert]").inner_text()  # type: ignore[attr-defined]
    visit.check("sign-in page with an error")

    page.fill("#id_password", PASSWORD)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Log ind").click()  # type: ignore[attr-defined]
    page.wait_for_url(base + "/")  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text() == "Overblik"  # type: ignore[attr-defined]
    assert "Som medlem" in page.locator("main h2").first.inner_text()  # type: ignore[attr-defined]
    assert page.locator(".solution-heading").inner_text() == "Gødstrup-Klyngen"  # type: ignore[attr-defined]
    visit.check("overview")

    assert main_menu(page).get_by_role("link", name="Nøgletal").count() == 0  # type: ignore[attr-defined]
    page.keyboard.press("Escape")  # type: ignore[attr-defined]
    for label, heading in [
        ("Organer", "Organer"),
        ("Møder", "Møder"),
        ("Opfølgning", "Opfølgning"),
        ("Søg", None),
    ]:
        main_menu(page).get_by_role("link", name=label).click()  # type: ignore[attr-defined]
        if heading is not None:
            assert page.locator("h1").inner_text() == heading  # type: ignore[attr-defined]
        link = main_menu(page).get_by_role("link", name=label)  # type: ignore[attr-defined]
        assert link.get_attribute("aria-current") == "page"
        if label == "Organer":
            assert "Ringkøbing-Skjern Kommune" in page.locator("main").inner_text()  # type: ignore[attr-defined]
        visit.check(f"{label} page" + (" with the menu open" if visit.width < 992 else ""))
        page.keyboard.press("Escape")  # type: ignore[attr-defined]

    page.get_by_role("link", name="Tilgængelighedserklæring").click()  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text() == "Tilgængelighedserklæring for Klynge"  # type: ignore[attr-defined]
    visit.check("accessibility statement")
    page.get_by_role("link", name="Privatlivspolitik").click()  # type: ignore[attr-defined]
    visit.check("privacy notice")

    response = page.goto(base + "/findes-ikke/")  # type: ignore[attr-defined]
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Siden findes ikke"  # type: ignore[attr-defined]
    visit.check("404 page")

    page.get_by_role("link", name="Gå til overblikket").click()  # type: ignore[attr-defined]
    main_menu(page)
    page.get_by_role("button", name="English").click()  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text() == "Overview"  # type: ignore[attr-defined]
    assert page.evaluate("document.documentElement.lang") == "en"  # type: ignore[attr-defined]
    assert "As member" in page.locator("main").inner_text()  # type: ignore[attr-defined]
    visit.check("overview in English")
    main_menu(page).get_by_role("link", name="Bodies").click()  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text() == "Bodies"  # type: ignore[attr-defined]
    assert "Faglig Strategisk Gruppe" in page.locator("main table").inner_text()  # type: ignore[attr-defined]
    assert "No charter of its own yet" in page.locator("main table").inner_text()  # type: ignore[attr-defined]
    visit.check("bodies in English")

    main_menu(page)
    page.get_by_role("button", name="Sign out").click()  # type: ignore[attr-defined]
    page.wait_for_url(base + "/login/")  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text() == "Sign in"  # type: ignore[attr-defined]
    page.get_by_role("button", name="Dansk").click()  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text() == "Log ind"  # type: ignore[attr-defined]
    page.goto(base + "/")  # type: ignore[attr-defined]
    assert page.url.startswith(base + "/login/")  # type: ignore[attr-defined]


def test_an_invited_person_chooses_a_password(
    live_server: object, visit: Visit, cluster: object, mailbox: object
) -> None:
    import re

    from klynge.accounts.audit import SystemActor
    from klynge.accounts.services import create_user, invite_user

    base = live_server.url  # type: ignore[attr-defined]
    user = create_user(
        acting_user=SystemActor("test"), email="jens@klynge.test", full_name="Jens Aagaard"
    )
    invite_user(acting_user=SystemActor("test"), user=user, base_url=base)
    [message] = mailbox.wait_for(1)  # type: ignore[attr-defined]
    link = re.search(r"http://\S+/invitation/\S+/", message.get_content()).group(0)  # type: ignore[union-attr]
    page = visit.page
    page.goto(link)  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text() == "Vælg din adgangskode"  # type: ignore[attr-defined]
    visit.check("choose password")
    page.fill("#id_new_password1", "123")  # type: ignore[attr-defined]
    page.fill("#id_new_password2", "123")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Gem adgangskode og log ind").click()  # type: ignore[attr-defined]
    assert page.locator(".form-error-message").count() >= 1  # type: ignore[attr-defined]
    visit.check("choose password with errors")
    page.fill("#id_new_password1", "sommer-i-lemvig-2026")  # type: ignore[attr-defined]
    page.fill("#id_new_password2", "sommer-i-lemvig-2026")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Gem adgangskode og log ind").click()  # type: ignore[attr-defined]
    page.wait_for_url(base + "/")  # type: ignore[attr-defined]
    main_menu(page)
    assert "Jens Aagaard" in page.locator("header").inner_text()  # type: ignore[attr-defined]


def test_a_charter_is_read_compared_and_changed(
    live_server: object, visit: Visit, admin: object, cluster: object
) -> None:
    from klynge.accounts.audit import SystemActor
    from klynge.governance.services import load_shipped_charters

    load_shipped_charters("goedstrup", acting_user=SystemActor("test"))
    page = visit.page
    base = live_server.url  # type: ignore[attr-defined]
    sign_in(page, base, "mette@klynge.test")

    main_menu(page).get_by_role("link", name="Organer").click()  # type: ignore[attr-defined]
    page.get_by_role("link", name="Faglig Strategisk Gruppe", exact=True).click()  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text() == "Faglig Strategisk Gruppe (FSG)"  # type: ignore[attr-defined]
    charter = page.locator("article.klynge-charter")  # type: ignore[attr-defined]
    assert (
        "§ 7. Faglig Strategisk Gruppe mødes som minimum fire gange årligt." in charter.inner_text()
    )
    visit.check("body page with its charter")

    page.get_by_role("link", name="Ret kommissoriet").click()  # type: ignore[attr-defined]
    visit.check("charter edit form")
    page.fill("#id_agenda_lead_days", "0")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Gem", exact=True).click()  # type: ignore[attr-defined]
    assert page.locator(".form-error-message").count() == 1  # type: ignore[attr-defined]
    visit.check("charter edit form with an error")
    page.fill("#id_agenda_lead_days", "12")  # type: ignore[attr-defined]
    page.fill("#id_in_force_from", "2027-01-01")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Gem", exact=True).click()  # type: ignore[attr-defined]
    assert "Version 2 af kommissoriet er gemt." in page.locator("[role=status]").inner_text()  # type: ignore[attr-defined]

    page.get_by_role("link", name="Versionshistorik (2 versioner)").click()  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text() == "Versionshistorik"  # type: ignore[attr-defined]
    visit.check("version history")
    page.get_by_role("button", name="Sammenlign").click()  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text() == "Version 1 sammenlignet med version 2"  # type: ignore[attr-defined]
    assert page.locator(".klynge-change--changed del").first.inner_text() == "10"  # type: ignore[attr-defined]
    visit.check("comparison of two versions")

    page.goto(base + "/bodies/fsg/charter/import/")  # type: ignore[attr-defined]
    page.set_input_files(
        "#id_file",
        files=[{"name": "fsg.toml", "mimeType": "application/toml", "buffer": b'title = "x"'}],
    )  # type: ignore[attr-defined]
    page.get_by_role("button", name="Kontrollér og gem").click()  # type: ignore[attr-defined]
    assert "Filen blev ikke gemt:" in page.locator("[role=alert]").inner_text()  # type: ignore[attr-defined]
    visit.check("charter import with errors")


def test_the_secretariat_fixes_a_vacancy_from_the_finding(
    live_server: object, visit: Visit, secretary: object, cluster: object
) -> None:
    from klynge.accounts.audit import SystemActor
    from klynge.core.member_file import read_member_file
    from klynge.governance.membership import import_members
    from klynge.governance.services import load_shipped_charters

    load_shipped_charters("goedstrup", acting_user=SystemActor("test"))
    rows = read_member_file(
        b"organ;plads;organisation;navn;e-mail;start;rolle\nfsg;;goedstrup;Lars \xc3\x98stergaard;lars@klynge.test;2026-01-01;sekretariat\n",
        "x.csv",
    )
    import_members(rows, source="x.csv", acting_user=SystemActor("test"))
    page = visit.page
    base = live_server.url  # type: ignore[attr-defined]
    sign_in(page, base, "lars@klynge.test")
    page.goto(base + "/bodies/fsg/?on=2026-11-23")  # type: ignore[attr-defined]
    assert "Ledig" in page.locator("section.klynge-composition").inner_text()  # type: ignore[attr-defined]
    visit.check("body page with its composition and findings")
    page.locator("section.klynge-composition a", has_text="Ret det").first.click()  # type: ignore[attr-defined]
    visit.check("appoint form")
    page.fill("#id_name", "Lone Lemvig")  # type: ignore[attr-defined]
    page.fill("#id_email", "ikke-en-mail")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Registrér udpegningen").click()  # type: ignore[attr-defined]
    assert page.locator(".form-error-message").count() >= 1  # type: ignore[attr-defined]
    visit.check("appoint form with an error")
    page.fill("#id_email", "lone@lemvig.test")  # type: ignore[attr-defined]
    page.select_option("#id_organisation", "lemvig")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Registrér udpegningen").click()  # type: ignore[attr-defined]
    assert "Lone Lemvig er udpeget." in page.locator("[role=status]").first.inner_text()  # type: ignore[attr-defined]
    page.get_by_role("link", name="Lone Lemvig", exact=True).click()  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text() == "Lone Lemvig"  # type: ignore[attr-defined]
    visit.check("person page")
    page.goto(base + "/members/import/")  # type: ignore[attr-defined]
    visit.check("member import")
    ambiguous = "Organ;Plads;Organisation;Navn;E-mail;Start\nFSG;psykiatriledelse;Midtjylland;Ib;ib@x.dk;01-02-2026\n"
    page.set_input_files(
        "#id_file",
        files=[{"name": "m.csv", "mimeType": "text/csv", "buffer": ambiguous.encode("cp1252")}],
    )  # type: ignore[attr-defined]
    page.get_by_role("button", name="Kontrollér filen").click()  # type: ignore[attr-defined]
    assert "»Region Midtjylland«" in page.locator("[role=alert]").inner_text()  # type: ignore[attr-defined]
    visit.check("member import with an ambiguous name")
    csv = "organ;plads;organisation;navn;e-mail;start\nfsg;kommune-fagdirektoer;661;Åge Holst;aage@holstebro.test;01-02-2026\n"
    page.set_input_files(
        "#id_file",
        files=[{"name": "medlemmer.csv", "mimeType": "text/csv", "buffer": csv.encode("cp1252")}],
    )  # type: ignore[attr-defined]
    page.get_by_role("button", name="Kontrollér filen").click()  # type: ignore[attr-defined]
    assert "1 ny udpegning" in page.locator("main").inner_text()  # type: ignore[attr-defined]
    visit.check("member import preview")
    page.get_by_role("button", name="Gem ændringerne").click()  # type: ignore[attr-defined]
    assert "medlemmer.csv er gemt" in page.locator("[role=status]").first.inner_text()  # type: ignore[attr-defined]


def test_the_secretariat_runs_chairs_groups_and_the_closing_of_a_body(
    live_server: object, visit: Visit, secretary: object, cluster: object
) -> None:
    from klynge.accounts.audit import SystemActor
    from klynge.demo import load_demo_members
    from klynge.governance.services import load_shipped_charters
    from tests.helpers import make_member

    load_shipped_charters("goedstrup", acting_user=SystemActor("test"))
    load_demo_members(acting_user=SystemActor("test"))
    for body in ("fsg", "sundhed-for-voksne", "klyngestyregruppe"):
        make_member("lars@klynge.test", "Lars Østergaard", body, start="2026-01-01")
    from klynge.governance.models import Appointment

    Appointment.objects.filter(person__email="lars@klynge.test").update(role="secretariat")
    page = visit.page
    base = live_server.url  # type: ignore[attr-defined]
    sign_in(page, base, "lars@klynge.test")

    page.goto(base + "/bodies/fsg/")  # type: ignore[attr-defined]
    page.get_by_role("link", name="Formandskab og formandsperioder").click()  # type: ignore[attr-defined]
    assert (
        "overgår det kommunale formandskab til Ikast-Brande Kommune"
        in page.locator("main").inner_text()
    )  # type: ignore[attr-defined]
    visit.check("chairs page with the rotation")
    page.select_option("#id_position_2", "herning")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Gem rækkefølgen").click()  # type: ignore[attr-defined]
    assert page.locator(".form-error-message").count() >= 1  # type: ignore[attr-defined]
    visit.check("chairs page with an error in the order")
    page.goto(base + "/bodies/klyngestyregruppe/chairs/")  # type: ignore[attr-defined]
    page.fill("#id_period_years", "3")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Gem perioderne").click()  # type: ignore[attr-defined]
    assert "Formandsplanen er gemt." in page.locator("[role=status]").first.inner_text()  # type: ignore[attr-defined]
    visit.check("the steering group's chair periods")

    page.goto(base + "/bodies/fsg/")  # type: ignore[attr-defined]
    page.get_by_role("link", name="Udskift Jens Aagaard").click()  # type: ignore[attr-defined]
    visit.check("replace form")
    page.fill("#id_name", "Signe Sand")  # type: ignore[attr-defined]
    page.fill("#id_email", "signe@patient.test")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Udskift").click()  # type: ignore[attr-defined]
    assert "Signe Sand afløser Jens Aagaard." in page.locator("[role=status]").first.inner_text()  # type: ignore[attr-defined]
    page.get_by_role("link", name="Ret udpegningen af Jens Aagaard").click()  # type: ignore[attr-defined]
    page.fill("#id_end", "2020-01-01")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Gem rettelsen").click()  # type: ignore[attr-defined]
    assert page.locator(".form-error-message").count() == 1  # type: ignore[attr-defined]
    visit.check("correct an appointment, with an error")

    page.goto(base + "/bodies/sundhed-for-voksne/")  # type: ignore[attr-defined]
    page.get_by_role("link", name="Nedsæt en udviklings- eller implementeringsgruppe").click()  # type: ignore[attr-defined]
    visit.check("new group form")
    page.fill("#id_name", "Implementeringsgruppe akutpladser")  # type: ignore[attr-defined]
    page.select_option("#id_kind", "implementation-group")  # type: ignore[attr-defined]
    page.fill("#id_purpose", "At implementere aftalen om akutpladser i de udførende niveauer.")  # type: ignore[attr-defined]
    page.locator("#id_contact").select_option(index=1)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Nedsæt gruppen").click()  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text() == "Implementeringsgruppe akutpladser"  # type: ignore[attr-defined]
    visit.check("an implementation group's page")

    page.goto(base + "/bodies/fog-voksen-somatik/close/")  # type: ignore[attr-defined]
    visit.check("close form")
    page.fill("#id_last_day", "2026-12-31")  # type: ignore[attr-defined]
    page.fill("#id_new_successor", "Sundhedsråd Vest")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Videre til bekræftelse").click()  # type: ignore[attr-defined]
    visit.check("close confirmation")
    page.get_by_role("button", name="Nedlæg organet").click()  # type: ignore[attr-defined]
    assert (
        "er nedlagt – sidste dag var den 31. december 2026"
        in page.locator("[role=status]").first.inner_text()
    )  # type: ignore[attr-defined]
    visit.check("a closed body's page")


def test_the_secretariat_plans_a_year_and_moves_a_meeting(
    live_server: object, visit: Visit, secretary: object, cluster: object
) -> None:
    from klynge.accounts.audit import SystemActor
    from klynge.demo import load_demo_members
    from klynge.governance.models import Appointment
    from klynge.governance.services import load_shipped_charters
    from tests.helpers import make_member

    load_shipped_charters("goedstrup", acting_user=SystemActor("test"))
    load_demo_members(acting_user=SystemActor("test"))
    make_member("lars@klynge.test", "Lars Østergaard", "fsg", start="2026-01-01")
    Appointment.objects.filter(person__email="lars@klynge.test").update(role="secretariat")
    page = visit.page
    base = live_server.url  # type: ignore[attr-defined]
    sign_in(page, base, "lars@klynge.test")

    page.goto(base + "/bodies/fsg/")  # type: ignore[attr-defined]
    page.get_by_role("link", name="Møder og årsplan").click()  # type: ignore[attr-defined]
    from django.utils import timezone

    from klynge.meetings.models import Meeting

    # This year's meetings on the wheel; the demo has planned next year too, so the year after.
    this_year = timezone.localdate().year
    planned = Meeting.objects.filter(body__key="fsg", date__year=this_year).count()
    assert page.locator("svg[role=img] circle.klynge-wheel__meeting").count() == planned  # type: ignore[attr-defined]
    visit.check("annual plan with the wheel")
    unplanned = this_year + 2
    page.goto(base + f"/bodies/fsg/meetings/?year={unplanned}")  # type: ignore[attr-defined]
    page.get_by_role("link", name=f"Foreslå datoer for {unplanned}").click()  # type: ignore[attr-defined]
    visit.check("the planner")
    page.fill("#id_m-1-ends", "12:00")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Gem planen").click()  # type: ignore[attr-defined]
    assert page.locator(".form-error-message").count() == 1  # type: ignore[attr-defined]
    visit.check("the planner with an error")
    page.fill("#id_m-1-ends", "15:00")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Gem planen").click()  # type: ignore[attr-defined]
    assert "4 møder er i planen" in page.locator("[role=status]").first.inner_text()  # type: ignore[attr-defined]
    page.locator("table a").first.click()  # type: ignore[attr-defined]
    visit.check("a meeting")
    page.fill("#id_place", "Holstebro Rådhus")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Gem og giv medlemmerne besked").click()  # type: ignore[attr-defined]
    assert "Mødet er ændret" in page.locator("[role=status]").first.inner_text()  # type: ignore[attr-defined]
    page.get_by_role("link", name="Åbn dagsordenen").click()  # type: ignore[attr-defined]
    visit.check("the agenda")
    page.get_by_role("button", name="Tilføj punktet").click()  # type: ignore[attr-defined]
    assert page.locator(".form-error-message").count() >= 1  # type: ignore[attr-defined]
    visit.check("the agenda with an error in the new item")
    page.fill("#id_title", "Akutpladser")  # type: ignore[attr-defined]
    page.fill("#id_recommendation", "Det indstilles, at modellen godkendes.")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Tilføj punktet").click()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Flyt Akutpladser op").click()  # type: ignore[attr-defined]
    page.get_by_role("link", name="Akutpladser").click()  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text() == "2. Akutpladser"  # type: ignore[attr-defined]
    visit.check("an agenda item")
    page.goto(base + "/meetings/")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Lav en kalenderadresse").click()  # type: ignore[attr-defined]
    assert "/calendar/" in page.locator("#feed-url").input_value()  # type: ignore[attr-defined]
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Kopiér adressen").click()  # type: ignore[attr-defined]
    # The clipboard answers asynchronously; the status says so once it has.
    page.wait_for_selector("#feed-url-status:text-is('Adressen er kopieret.')")  # type: ignore[attr-defined]
    copied = page.evaluate("navigator.clipboard.readText()")  # type: ignore[attr-defined]
    assert copied == page.locator("#feed-url").input_value()  # type: ignore[attr-defined]
    subscribe = page.get_by_role("link", name="Abonnér i dit kalenderprogram")  # type: ignore[attr-defined]
    assert subscribe.get_attribute("href") == "webcal:" + copied.split(":", 1)[1]
    visit.check("coming meetings with the calendar address")
    # The secretariat's home: breaches, agendas and minutes to see to, each a link.
    main_menu(page).get_by_role("link", name="Overblik").click()  # type: ignore[attr-defined]
    assert "Brud på kommissorierne" in page.locator("#home-secretariat-breaches").inner_text()  # type: ignore[attr-defined]
    visit.check("the secretariat's home")
