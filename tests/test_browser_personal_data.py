"""The profile with »Mine data« and the administrator's retention page, in a real browser at
desktop and phone widths, each checked with axe-core and the Nu Html Checker."""

import pytest

from tests.helpers import Visit, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_profile_and_retention_pages(
    live_server: object, visit: Visit, admin: object, fsg: object
) -> None:
    page = visit.page
    base = live_server.url  # type: ignore[attr-defined]
    sign_in(page, base, "mette@klynge.test")
    if visit.width < 992:
        page.get_by_role("button", name="Menu").click()  # type: ignore[attr-defined]
        page.locator(".portal-info-mobile").get_by_role("link", name="Mette Kjær").click()  # type: ignore[attr-defined]
    else:
        page.locator(".portal-user").get_by_role("link", name="Mette Kjær").click()  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text() == "Din profil"  # type: ignore[attr-defined]
    assert page.get_by_role("link", name="Hent som PDF (til at læse)").count() == 1  # type: ignore[attr-defined]
    visit.check("profile")

    page.get_by_role("link", name="Opbevaring af personoplysninger").click()  # type: ignore[attr-defined]
    page.fill("#id_months", "0")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Gem perioden").click()  # type: ignore[attr-defined]
    assert "1" in page.locator(".form-error-message").inner_text()  # type: ignore[attr-defined]
    visit.check("retention page with an error")
    page.fill("#id_months", "36")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Gem perioden").click()  # type: ignore[attr-defined]
    assert "36 måneder" in page.locator("main").inner_text()  # type: ignore[attr-defined]
    visit.check("retention page")
