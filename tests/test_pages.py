"""The pages: Danish by default, English on request, signed-in only, and a fixed number of queries."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.helpers import ALL_BODIES, make_member

SIGNED_IN_PAGES = ["overview", "bodies", "meetings", "followup"]
# The home of a member with no roles, and the structure page; tests/test_home.py pins the home's
# queries for each role as the data grows.
# Two of the home's and the follow-up's: the bodies whose closed items the reader reads.
HOME_QUERIES, BODIES_QUERIES = 17, 18
PUBLIC_PAGES = ["login", "accessibility", "privacy"]


@pytest.fixture
def signed_in(client: Client, secretary: object, cluster: object) -> Client:
    make_member("lars@klynge.test", "Lars Østergaard", *ALL_BODIES)
    client.force_login(secretary)  # type: ignore[arg-type]
    return client


@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_it_sends_an_anonymous_visitor_to_sign_in(client: Client, name: str, db: None) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_need_no_sign_in(client: Client, name: str, db: None) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert response.content.startswith(b"<!DOCTYPE html>")
    assert b'<html lang="da">' in response.content


def test_the_bodies_page_shows_the_cluster_in_danish(signed_in: Client) -> None:
    response = signed_in.get(reverse("bodies"))
    html = response.content.decode()
    assert "<h1>Organer</h1>" in html
    assert "Gødstrup-Klyngen" in html
    assert "Tidligere: Vestklyngen." in html
    for municipality in [
        "Herning",
        "Holstebro",
        "Ikast-Brande",
        "Lemvig",
        "Ringkøbing-Skjern",
        "Struer",
    ]:
        assert f"{municipality} Kommune" in html
    assert "Faglig Strategisk Gruppe" in html
    assert '<td data-title="Refererer til">Faglig Strategisk Gruppe</td>' in html
    assert "Organerne og deres kommissorier den" in html
    nav = html[html.index('aria-label="Hovedmenu"') :]
    for label in ["Overblik", "Organer", "Møder", "Opfølgning", "Søg"]:
        assert f"<span>{label}</span></a>" in nav
    assert "Nøgletal" not in nav  # not in the menu until it exists
    assert 'aria-current="page"><span>Organer<' in nav
    assert "Administration" not in nav  # only for administrators


def test_municipalities_are_listed_in_danish_order(signed_in: Client) -> None:
    html = signed_in.get(reverse("bodies")).content.decode()
    positions = [
        html.index(f"{m} Kommune")
        for m in ["Herning", "Holstebro", "Ikast-Brande", "Lemvig", "Ringkøbing-Skjern", "Struer"]
    ]
    assert positions == sorted(positions)


def test_english_through_accept_language(signed_in: Client) -> None:
    html = signed_in.get(reverse("overview"), headers={"accept-language": "en"}).content.decode()
    assert '<html lang="en">' in html
    assert "<h1>Overview</h1>" in html
    html = signed_in.get(reverse("bodies"), headers={"accept-language": "en"}).content.decode()
    assert '<td data-title="Reports to">Faglig Strategisk Gruppe</td>' in html
    assert ">Dansk</button>" in html


def test_the_language_switch_sticks(signed_in: Client) -> None:
    response = signed_in.post(reverse("set_language"), {"language": "en", "next": "/bodies/"})
    assert response.status_code == 302 and response["Location"] == "/bodies/"
    html = signed_in.get("/bodies/").content.decode()
    assert "<h1>Bodies</h1>" in html and "Operative group" in html
    signed_in.post(reverse("set_language"), {"language": "da", "next": "/"})
    assert "<h1>Organer</h1>" in signed_in.get("/bodies/").content.decode()


def test_the_language_switch_works_before_sign_in(client: Client, db: None) -> None:
    response = client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    assert response.status_code == 302
    assert "<h1>Sign in</h1>" in client.get("/login/").content.decode()


@pytest.mark.parametrize(
    ("name", "danish"),
    [
        ("meetings", "Der er endnu ingen møder planlagt."),
        ("followup", "Der er ingen åbne opgaver, du skal følge op på."),
    ],
)
def test_empty_sections_say_so_honestly(signed_in: Client, name: str, danish: str) -> None:
    assert danish in signed_in.get(reverse(name)).content.decode()


def test_the_bodies_page_lists_kinds_and_reporting_lines(signed_in: Client) -> None:
    html = signed_in.get(reverse("bodies")).content.decode()
    rows = [re.sub(r"\s*\n\s*", "", row) for row in html.split("<tr>")]
    voksne = next(r for r in rows if "/bodies/sundhed-for-voksne/" in r)
    assert (
        '<td data-title="Organ"><a href="/bodies/sundhed-for-voksne/">Fokusgruppen Sundhed for voksne</a></td>'
        '<td data-title="Type">Taktisk-operationel gruppe</td>'
        '<td data-title="Refererer til">Klyngestyregruppen</td>'
    ) in voksne
    fsg = next(r for r in rows if "/bodies/fsg/" in r)
    assert (
        '<td data-title="Organ"><a href="/bodies/fsg/">Faglig Strategisk Gruppe</a> (FSG)</td>'
        '<td data-title="Type">Faglig strategisk gruppe</td>'
    ) in fsg
    assert 'href="/members/import/"' not in html  # Lars is no secretariat here


def test_accessibility_statement_and_privacy_notice_in_both_languages(
    client: Client, db: None
) -> None:
    assert "Tilgængelighedserklæring for Klynge" in client.get("/accessibility/").content.decode()
    assert "WCAG 2.1" in client.get("/accessibility/").content.decode()
    english = client.get("/accessibility/", headers={"accept-language": "en"}).content.decode()
    assert "Accessibility statement for Klynge" in english
    assert "Sådan behandler Klynge dine oplysninger" in client.get("/privacy/").content.decode()
    assert (
        "How Klynge handles your information"
        in client.get("/privacy/", headers={"accept-language": "en"}).content.decode()
    )


def test_an_unknown_address_gets_the_danish_404_page(signed_in: Client) -> None:
    response = signed_in.get("/findes-ikke/")
    assert response.status_code == 404
    assert "<h1>Siden findes ikke</h1>" in response.content.decode()


def test_a_member_is_refused_the_administration_with_403(signed_in: Client) -> None:
    response = signed_in.get("/admin/", follow=False)
    # Django's admin sends non-staff users to its own sign-in; our 403 page is used by views.
    assert response.status_code == 302


def test_the_403_and_500_pages_are_danish(rf: object, db: None) -> None:
    from django.test import RequestFactory
    from django.utils import translation

    from klynge.web.views import forbidden, server_error

    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    with translation.override("da"):
        assert "Ingen adgang" in forbidden(request).content.decode()
        page = server_error(request)
    assert page.status_code == 500
    assert "Der opstod en fejl" in page.content.decode()


def test_a_server_error_shows_the_danish_500_page(signed_in: Client, settings: object) -> None:
    settings.ROOT_URLCONF = "tests.failing_urls"  # type: ignore[attr-defined]
    signed_in.raise_request_exception = False
    response = signed_in.get("/boom/")
    assert response.status_code == 500
    assert "Der opstod en fejl" in response.content.decode()
    assert "Det, du har gemt tidligere, er bevaret." in response.content.decode()


QUERY_LIMITS = {"overview": HOME_QUERIES, "bodies": BODIES_QUERIES, "followup": 13}


@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_pages_use_a_fixed_number_of_queries(
    signed_in: Client, name: str, django_assert_max_num_queries: object
) -> None:
    with django_assert_max_num_queries(QUERY_LIMITS.get(name, 9)):  # type: ignore[operator]
        assert signed_in.get(reverse(name)).status_code == 200


def test_the_bodies_page_query_count_does_not_grow_with_more_bodies(
    signed_in: Client, django_assert_num_queries: object
) -> None:
    from klynge.accounts.audit import SystemActor
    from klynge.demo import load_demo_members
    from klynge.governance.models import Body, Cluster
    from klynge.governance.services import load_shipped_charters

    with django_assert_num_queries(BODIES_QUERIES):  # type: ignore[operator]
        signed_in.get(reverse("bodies"))
    load_shipped_charters("goedstrup", acting_user=SystemActor("test"))
    load_demo_members(acting_user=SystemActor("test"))
    cluster = Cluster.objects.get()
    for i in range(30):
        Body.objects.create(
            cluster=cluster, key=f"gruppe-{i}", name=f"Gruppe {i}", kind="development-group"
        )
    with django_assert_num_queries(BODIES_QUERIES):  # type: ignore[operator]
        html = signed_in.get(reverse("bodies")).content.decode()
    assert "2 brud på kommissoriet" in html and "I orden" in html


def test_an_outsider_sees_no_bodies_and_gets_404(
    client: Client, patient_rep: object, cluster: object
) -> None:
    make_member("jens@klynge.test", "Jens Aagaard", "sundhed-for-voksne")
    client.force_login(patient_rep)  # type: ignore[arg-type]
    html = client.get("/bodies/").content.decode()
    assert 'href="/bodies/sundhed-for-voksne/"' in html and 'href="/bodies/fsg/"' not in html
    assert "Faglig Strategisk Gruppe" in html  # the structure, not a link
    assert client.get("/bodies/fsg/").status_code == 404
    assert client.get("/bodies/fsg/charter/versions/").status_code == 404
    assert client.get("/bodies/sundhed-for-voksne/").status_code == 200


def test_someone_without_seats_is_told_why_the_overview_is_empty(
    client: Client, patient_rep: object, cluster: object
) -> None:
    client.force_login(patient_rep)  # type: ignore[arg-type]
    html = client.get("/").content.decode()
    assert "Du er endnu ikke medlem af nogen af klyngens organer." in html


def test_the_demo_sign_ins_see_their_own_bodies(client: Client, cluster: object) -> None:
    from klynge.accounts.audit import SystemActor
    from klynge.accounts.models import User
    from klynge.demo import load_demo_data, load_demo_members
    from klynge.governance.services import load_shipped_charters

    load_shipped_charters("goedstrup", acting_user=SystemActor("test"))
    load_demo_data(acting_user=SystemActor("test"))
    load_demo_members(acting_user=SystemActor("test"))
    client.force_login(User.objects.get(email="lars.oestergaard@klynge.test"))
    html = client.get("/bodies/").content.decode()
    for key in ["fsg", "fog-boern-unge", "sundhed-for-voksne"]:
        assert f"/bodies/{key}/" in html
    assert "Ret det" in client.get("/bodies/fsg/").content.decode()
    client.force_login(User.objects.get(email="jens.aagaard@klynge.test"))
    html = client.get("/bodies/").content.decode()
    assert 'href="/bodies/fsg/"' in html and 'href="/bodies/sundhed-for-voksne/"' not in html
    assert "Ret det" not in client.get("/bodies/fsg/").content.decode()
    assert client.get("/bodies/sundhed-for-voksne/").status_code == 404


def test_the_bodies_page_shows_a_change_at_once(signed_in: Client) -> None:
    """The structure and its status are cached under the data version: any write must show on
    the next request."""
    from klynge.accounts.audit import SystemActor
    from klynge.governance.services import load_shipped_charters

    assert "Intet eget kommissorium endnu" in signed_in.get("/bodies/").content.decode()
    before = signed_in.get("/bodies/").content.decode()
    load_shipped_charters("goedstrup", acting_user=SystemActor("test"))
    after = signed_in.get("/bodies/").content.decode()
    assert after != before
    assert "brud på kommissoriet" in after


def test_the_favicon_is_linked_and_served_where_browsers_ask_for_it(
    client: Client, db: None
) -> None:
    from django.contrib.staticfiles import finders

    html = client.get(reverse("login")).content.decode()
    for name in ("favicon.svg", "favicon.ico", "apple-touch-icon.png"):
        assert f"/static/klynge/{name.split('.')[0]}" in html
        assert finders.find(f"klynge/{name}")
    # Browsers ask for /favicon.ico whatever the page links, signed in or not.
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].startswith("/static/klynge/favicon")
    assert response["Location"].endswith(".ico")
