"""The public pages (/offentlig/): off by default and then 404 for everyone; when on, readable
without signing in — the charter, the members (patient representatives named only with consent),
the meeting plan, sent agendas, published decisions and public attachments — and a closed item is
its number and public title, nothing else."""

import datetime
import re

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from klynge.accounts.audit import SystemActor
from klynge.accounts.models import AuditEntry, User
from klynge.governance.models import Appointment, Body, Person
from klynge.governance.public import PublicItem, shown_item
from klynge.meetings import minutes, services
from klynge.meetings.attachments import add_attachment
from klynge.meetings.models import AgendaItem, Attachment, ItemKind, Meeting
from tests.helpers import Visit, import_lines, make_member, png_file

ACTOR = SystemActor("test")
SECRET = "HEMMELIGORD"
# The public body page: the body, the cluster in the header, the charter, the patients'
# organisations, the members and the meeting plan's years and meetings. The meeting page: the
# body, the cluster, the meeting, its items and their attachments.
BODY_QUERIES, MEETING_QUERIES, INDEX_QUERIES = 7, 5, 2


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def _meeting(body: Body, day: datetime.date) -> Meeting:
    [meeting] = services.create_meetings(
        acting_user=ACTOR,
        body=body,
        notify=False,
        rows=[services.MeetingRow(day, datetime.time(13), datetime.time(15), place="Mødelokale 1")],
    )
    return meeting


def _attach(item: AgendaItem, title: str, **flags: bool) -> Attachment:
    attachment = add_attachment(
        acting_user=ACTOR, item=item, upload=ContentFile(png_file(), name="Kort.png"), title=title
    )
    Attachment.objects.filter(pk=attachment.pk).update(**flags)
    attachment.refresh_from_db()
    return attachment


@pytest.fixture
def world(fsg: Body) -> dict[str, object]:
    """FSG with a co-chair, two patient representatives (Pia consented to be named, Otto did
    not), an observer; a meeting held with published minutes, one held whose minutes are still
    a draft, one coming with its agenda sent (an open item with a public, a non-public and a
    closed attachment; a closed item full of the secret word), and one whose agenda is a draft."""
    import_lines(
        [
            "organ;plads;organisation;navn;e-mail;start;rolle",
            "fsg;hospitalsledelse;goedstrup;Hanne Vinther;hanne@g.test;2026-01-01;medformand",
            "fsg;patienter;patienter;Pia Navngiven;pia@p.test;2026-01-01;",
            "fsg;patienter;patienter;Otto Anonym;otto@p.test;2026-01-01;",
            "fsg;;goedstrup;Olga Observatør;olga@rm.test;2026-01-01;observatør",
        ]
    )
    Appointment.objects.filter(person__email="pia@p.test").update(named_in_public=True)
    chair = Person.objects.get(email="hanne@g.test")
    held, written, coming, draft = (
        _meeting(fsg, d) for d in (days(-30), days(-10), days(20), days(60))
    )
    for meeting in (held, written):
        first = meeting.items.order_by("position").first()
        assert first is not None
        minutes.save_minutes(
            acting_user=ACTOR,
            meeting=meeting,
            based_on=0,
            values=minutes.MinutesInput(decisions={first.pk: "Dagsordenen blev godkendt."}),
        )
    minutes.approve_minutes(acting_user=ACTOR, meeting=held, person=chair)
    minutes.publish_minutes(acting_user=ACTOR, meeting=held)

    case = services.add_item(
        acting_user=ACTOR,
        meeting=coming,
        values={"title": "Akutpladser i Struer", "kind": ItemKind.DECISION},
    )
    public = _attach(case, "Kort over akutpladser", public=True)
    hidden = _attach(case, "Internt notat")
    closed_attachment = _attach(case, f"Bilag {SECRET} A", public=True, closed=True)
    closed = services.add_item(
        acting_user=ACTOR,
        meeting=coming,
        values={
            "title": f"Personsag {SECRET}",
            "kind": ItemKind.DECISION,
            "presenter": f"Oplæg {SECRET}",
            "summary": f"Resumé {SECRET}",
            "recommendation": f"Indstilling {SECRET}",
            "case_text": f"<p>Sagen {SECRET}</p>",
        },
    )
    AgendaItem.objects.filter(pk=closed.pk).update(
        closed=True, public_title="Personalesag", decision=f"Beslutning {SECRET}"
    )
    closed_item_attachment = _attach(closed, f"Bilag {SECRET} B", public=True)
    services.approve_agenda(acting_user=ACTOR, meeting=coming, person=chair)
    services.send_agenda(acting_user=ACTOR, meeting=coming)
    services.add_item(
        acting_user=ACTOR,
        meeting=draft,
        values={"title": "Udkast til et punkt", "kind": "decision"},
    )
    fsg.refresh_from_db()
    return {
        "body": fsg,
        "held": held,
        "written": written,
        "coming": coming,
        "draft": draft,
        "closed": AgendaItem.objects.get(pk=closed.pk),
        "public": public,
        "hidden": hidden,
        "closed_attachment": closed_attachment,
        "closed_item_attachment": closed_item_attachment,
    }


def switch_on(body: Body) -> None:
    Body.objects.filter(pk=body.pk).update(public_pages=True)


def urls(world: dict[str, object]) -> list[str]:
    body = "/offentlig/fsg/"
    return [
        body,
        body + "kommissorium/",
        *(body + f"moeder/{world[m].pk}/" for m in ("held", "written", "coming", "draft")),  # type: ignore[attr-defined]
        body + f"bilag/{world['public'].pk}/",  # type: ignore[attr-defined]
    ]


# ---- off and on ---------------------------------------------------------------------------------


def test_off_by_default_every_public_page_is_404_for_everyone(
    client: Client, world: dict[str, object], admin: User, secretary: User
) -> None:
    assert world["body"].public_pages is False  # type: ignore[attr-defined]
    for user in (None, secretary, admin):
        if user is not None:
            client.force_login(user)
        for url in urls(world):
            assert client.get(url).status_code == 404, (user, url)
        assert "Faglig Strategisk Gruppe" not in client.get("/offentlig/").content.decode()
    # Exactly as for a body that does not exist.
    assert client.get("/offentlig/findes-ikke/").status_code == 404


def test_on_every_public_page_answers_signed_out(client: Client, world: dict[str, object]) -> None:
    switch_on(world["body"])  # type: ignore[arg-type]
    for url in urls(world):
        response = client.get(url)
        assert response.status_code == 200, url
    index = client.get("/offentlig/").content.decode()
    assert '<a href="/offentlig/fsg/">Faglig Strategisk Gruppe</a> (FSG)' in index
    # The front page stays the sign-in.
    assert client.get("/")["Location"].startswith("/login/")
    # Pages take no writes.
    assert client.post("/offentlig/fsg/").status_code == 405


def test_the_pages_link_nowhere_that_needs_a_sign_in(
    client: Client, world: dict[str, object], secretary: User
) -> None:
    switch_on(world["body"])  # type: ignore[arg-type]
    client.force_login(secretary)  # the same page as for the public, menu and all
    for url in urls(world)[:-1]:
        html = client.get(url).content.decode()
        links = set(re.findall(r'href="(/[^"]*)"', html))
        inside = {
            link
            for link in links
            if not link.startswith(("/offentlig/", "/static/", "/accessibility/", "/privacy/"))
        }
        assert inside == set(), (url, inside)
        assert "Log ud" not in html


# ---- members ------------------------------------------------------------------------------------


def test_patient_representatives_are_named_only_with_consent(
    client: Client, world: dict[str, object]
) -> None:
    switch_on(world["body"])  # type: ignore[arg-type]
    html = client.get("/offentlig/fsg/").content.decode()
    members = html[html.index('id="members-title"') : html.index('id="plan-title"')]
    assert '<td data-title="Plads">Patienter og pårørende</td>' in members
    # Ordered by the name shown: the order tells nothing of the name withheld.
    assert (
        '<td data-title="Medlemmer">\n            Patientrepræsentant<br>Pia Navngiven\n' in members
    )
    assert "Otto Anonym" not in html
    assert "Hanne Vinther (Regionshospitalet Gødstrup), medformand" in members
    # Plain members, without a seat of the charter.
    assert "Lone Lemvig" in members and "Jens Aagaard" in members
    # Observers and the secretariat are not members; nobody's e-mail is shown.
    assert "Olga" not in html and "Lars Østergaard" not in html
    assert "@" not in members
    # Consent given: named.
    Appointment.objects.filter(person__email="otto@p.test").update(named_in_public=True)
    assert "Otto Anonym" in client.get("/offentlig/fsg/").content.decode()


# ---- the meeting plan and the agendas -----------------------------------------------------------


def test_the_plan_shows_dates_times_places_and_cancelled_meetings(
    client: Client, world: dict[str, object]
) -> None:
    from klynge.meetings.services import cancel_meeting

    switch_on(world["body"])  # type: ignore[arg-type]
    draft: Meeting = world["draft"]  # type: ignore[assignment]
    cancel_meeting(
        acting_user=ACTOR, meeting=draft, based_on=draft.sequence, reason=f"Grund {SECRET}"
    )
    html = client.get(f"/offentlig/fsg/?year={draft.date.year}").content.decode()
    assert f'<h2 id="plan-title">Mødeplan {draft.date.year}</h2>' in html
    row = html[html.index(f'href="/offentlig/fsg/moeder/{draft.pk}/"') :]
    row = row[: row.index("</tr>")]
    assert f">{draft.date.day}. " in row and "<strong>(aflyst)</strong>" in row
    assert "kl. 13.00–15.00" in row and "Mødelokale 1" in row
    page = client.get(f"/offentlig/fsg/moeder/{draft.pk}/").content.decode()
    assert "Mødet er aflyst" in page
    assert SECRET not in page + html


def test_a_sent_agenda_shows_number_title_and_kind_and_a_draft_shows_nothing(
    client: Client, world: dict[str, object]
) -> None:
    switch_on(world["body"])  # type: ignore[arg-type]
    coming = client.get(f"/offentlig/fsg/moeder/{world['coming'].pk}/").content.decode()  # type: ignore[attr-defined]
    assert "Akutpladser i Struer</h3>" in coming
    assert "<dt>Type</dt><dd>Beslutning</dd>" in coming
    assert "<dt>Type</dt><dd>Orientering</dd>" in coming
    draft = client.get(f"/offentlig/fsg/moeder/{world['draft'].pk}/").content.decode()  # type: ignore[attr-defined]
    assert "Dagsordenen er ikke udsendt endnu." in draft
    assert "Udkast til et punkt" not in draft
    assert "Udkast til et punkt" not in client.get("/offentlig/fsg/").content.decode()


def test_decisions_show_only_once_the_minutes_are_published(
    client: Client, world: dict[str, object]
) -> None:
    switch_on(world["body"])  # type: ignore[arg-type]
    held = client.get(f"/offentlig/fsg/moeder/{world['held'].pk}/").content.decode()  # type: ignore[attr-defined]
    assert "<dt>Beslutning</dt><dd>Dagsordenen blev godkendt.</dd>" in held
    written = client.get(f"/offentlig/fsg/moeder/{world['written'].pk}/").content.decode()  # type: ignore[attr-defined]
    assert "Dagsordenen blev godkendt." not in written
    coming = client.get(f"/offentlig/fsg/moeder/{world['coming'].pk}/").content.decode()  # type: ignore[attr-defined]
    assert "<dt>Beslutning</dt>" not in coming


# ---- closed items and attachments ---------------------------------------------------------------


def test_the_strict_rule_leaves_a_closed_item_its_number_and_public_title() -> None:
    item = AgendaItem(
        position=4,
        title=f"Personsag {SECRET}",
        kind=ItemKind.DECISION,
        summary=SECRET,
        decision=SECRET,
        closed=True,
        public_title="Personalesag",
    )
    assert shown_item(item, minutes_published=True) == PublicItem(4, "Personalesag", closed=True)
    item.public_title = ""
    assert shown_item(item, minutes_published=True) == PublicItem(4, "Lukket punkt", closed=True)


def test_a_closed_item_shows_nothing_but_its_number_and_public_title(
    client: Client, world: dict[str, object]
) -> None:
    switch_on(world["body"])  # type: ignore[arg-type]
    coming: Meeting = world["coming"]  # type: ignore[assignment]
    closed: AgendaItem = world["closed"]  # type: ignore[assignment]
    html = client.get(f"/offentlig/fsg/moeder/{coming.pk}/").content.decode()
    section = html[html.index(f'id="item-{closed.position}"') :]
    section = section[: section.index("</section>")]
    assert (
        section == f'id="item-{closed.position}">{closed.position}. Personalesag</h3>\n      \n    '
    )
    # Published minutes do not open it either; without a public title it is "Lukket punkt".
    AgendaItem.objects.filter(pk=closed.pk).update(public_title="")
    Meeting.objects.filter(pk=coming.pk).update(minutes_status="published")
    html = client.get(f"/offentlig/fsg/moeder/{coming.pk}/").content.decode()
    assert f"{closed.position}. Lukket punkt</h3>" in html
    for url in ["/offentlig/", "/offentlig/fsg/", f"/offentlig/fsg/moeder/{coming.pk}/"]:
        assert SECRET not in client.get(url).content.decode(), url
    for attachment in ("closed_attachment", "closed_item_attachment"):
        assert client.get(f"/offentlig/fsg/bilag/{world[attachment].pk}/").status_code == 404  # type: ignore[attr-defined]


def test_only_public_attachments_are_listed_and_served(
    client: Client, world: dict[str, object]
) -> None:
    switch_on(world["body"])  # type: ignore[arg-type]
    public: Attachment = world["public"]  # type: ignore[assignment]
    hidden: Attachment = world["hidden"]  # type: ignore[assignment]
    html = client.get(f"/offentlig/fsg/moeder/{world['coming'].pk}/").content.decode()  # type: ignore[attr-defined]
    assert f'<a href="/offentlig/fsg/bilag/{public.pk}/">Kort over akutpladser</a>' in html
    assert "Internt notat" not in html
    response = client.get(f"/offentlig/fsg/bilag/{public.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png_file()  # type: ignore[attr-defined]
    assert 'filename="Kort.png"' in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-cache"
    assert client.get(f"/offentlig/fsg/bilag/{hidden.pk}/").status_code == 404
    # Another body's address does not serve it; a draft agenda's attachment is not public yet.
    other = Body.objects.get(key="fog-boern-unge")
    Body.objects.filter(pk=other.pk).update(public_pages=True)
    assert client.get(f"/offentlig/fog-boern-unge/bilag/{public.pk}/").status_code == 404
    draft_item = world["draft"].items.get(title="Udkast til et punkt")  # type: ignore[attr-defined]
    early = _attach(draft_item, "Tidligt bilag", public=True)
    assert client.get(f"/offentlig/fsg/bilag/{early.pk}/").status_code == 404
    # Switched off: gone.
    Body.objects.filter(pk=world["body"].pk).update(public_pages=False)  # type: ignore[attr-defined]
    assert client.get(f"/offentlig/fsg/bilag/{public.pk}/").status_code == 404


# ---- the charter and the languages --------------------------------------------------------------


def test_the_charter_in_force_reads_as_on_the_body_page(
    client: Client, world: dict[str, object]
) -> None:
    switch_on(world["body"])  # type: ignore[arg-type]
    html = client.get("/offentlig/fsg/kommissorium/").content.decode()
    assert '<article class="klynge-charter" lang="da"' in html
    assert "Faglig Strategisk Gruppe mødes som minimum fire gange årligt." in html
    assert "<form" not in html.split("<main", 1)[1].split("</main>")[0]


def test_the_pages_are_danish_and_english_through_the_language_switch(
    client: Client, world: dict[str, object]
) -> None:
    switch_on(world["body"])  # type: ignore[arg-type]
    html = client.get("/offentlig/fsg/").content.decode()
    assert '<html lang="da">' in html and "Medlemmer den" in html
    assert 'action="/language/"' in html
    client.post("/language/", {"language": "en", "next": "/offentlig/fsg/"})
    html = client.get("/offentlig/fsg/").content.decode()
    assert '<html lang="en">' in html and "Members on" in html and "Patient representative" in html
    meeting = client.get(f"/offentlig/fsg/moeder/{world['coming'].pk}/").content.decode()  # type: ignore[attr-defined]
    assert "<dt>Kind</dt><dd>Decision</dd>" in meeting


# ---- queries ------------------------------------------------------------------------------------


def test_the_public_pages_read_a_fixed_number_of_queries_as_data_grows(
    client: Client, world: dict[str, object], django_assert_num_queries: object
) -> None:
    switch_on(world["body"])  # type: ignore[arg-type]
    coming: Meeting = world["coming"]  # type: ignore[assignment]

    def read_all() -> None:
        with django_assert_num_queries(INDEX_QUERIES):  # type: ignore[operator]
            assert client.get("/offentlig/").status_code == 200
        with django_assert_num_queries(BODY_QUERIES):  # type: ignore[operator]
            assert client.get(f"/offentlig/fsg/?year={coming.date.year}").status_code == 200
        with django_assert_num_queries(MEETING_QUERIES):  # type: ignore[operator]
            assert client.get(f"/offentlig/fsg/moeder/{coming.pk}/").status_code == 200

    read_all()
    for n in range(5):
        make_member(f"m{n}@p.test", f"Medlem {n}", "fsg", start="2026-01-01")
        item = services.add_item(
            acting_user=ACTOR, meeting=coming, values={"title": f"Punkt {n}", "kind": "decision"}
        )
        _attach(item, f"Bilag {n}", public=True)
        _meeting(world["body"], coming.date + datetime.timedelta(days=n + 1))  # type: ignore[arg-type]
    Body.objects.filter(key="fog-boern-unge").update(public_pages=True)
    read_all()


# ---- the switch on the body's page --------------------------------------------------------------


def test_the_secretariat_switches_the_public_pages_and_the_audit_records_it(
    client: Client, world: dict[str, object], secretary: User, patient_rep: User
) -> None:
    body: Body = world["body"]  # type: ignore[assignment]
    client.force_login(patient_rep)
    page = client.get("/bodies/fsg/").content.decode()
    assert "Organets offentlige sider er slået fra." in page
    assert 'action="/bodies/fsg/public/"' not in page
    assert client.post("/bodies/fsg/public/", {"public_pages": "on"}).status_code == 403

    client.force_login(secretary)
    assert client.get("/bodies/fsg/public/")["Location"] == "/bodies/fsg/"
    response = client.post("/bodies/fsg/public/", {"public_pages": "on"}, follow=True)
    body.refresh_from_db()
    assert body.public_pages is True
    page = response.content.decode()
    assert "De offentlige sider for Faglig Strategisk Gruppe er slået til." in page
    assert '<a href="/offentlig/fsg/">http://testserver/offentlig/fsg/</a>' in page
    entry = AuditEntry.objects.filter(action="body.public_pages").get()
    assert (entry.before, entry.after) == ({"public_pages": False}, {"public_pages": True})
    # Pressed twice: nothing changes, nothing more is recorded.
    client.post("/bodies/fsg/public/", {"public_pages": "on"})
    assert AuditEntry.objects.filter(action="body.public_pages").count() == 1
    client.post("/bodies/fsg/public/", {"public_pages": "off"})
    body.refresh_from_db()
    assert body.public_pages is False
    client.logout()
    assert client.get("/offentlig/fsg/").status_code == 404


# ---- the demo -----------------------------------------------------------------------------------


def test_the_demo_publishes_fsg_with_a_public_attachment_and_one_named_patient_representative(
    client: Client, charters: object
) -> None:
    from klynge.demo import load_demo_members

    load_demo_members(acting_user=ACTOR)
    assert list(Body.objects.filter(public_pages=True).values_list("key", flat=True)) == ["fsg"]
    html = client.get("/offentlig/fsg/").content.decode()
    patients = html[html.index('<td data-title="Plads">Patienter og pårørende</td>') :]
    patients = patients[: patients.index("</tr>")]
    assert "Jens Aagaard" in patients and "Patientrepræsentant, stedfortræder" in patients
    assert "Birte Holm" not in html
    [attachment] = Attachment.objects.filter(public=True)
    meeting = attachment.item.meeting
    page = client.get(f"/offentlig/fsg/moeder/{meeting.pk}/").content.decode()
    [link] = re.findall(r'href="(/offentlig/fsg/bilag/\d+/)"', page)
    response = client.get(link)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")  # type: ignore[attr-defined]
    # Attached before the agenda was sent: not marked as changed afterwards.
    assert attachment.item.changed_after_sending is False


# ---- in a browser -------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_public_pages_pass_axe_and_work_without_javascript(
    live_server: object, visit: Visit, browser: object, world: dict[str, object]
) -> None:
    switch_on(world["body"])  # type: ignore[arg-type]
    base = live_server.url  # type: ignore[attr-defined]
    coming, held = world["coming"], world["held"]
    page = visit.page
    page.goto(base + "/offentlig/")  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text() == "Offentlige sider"  # type: ignore[attr-defined]
    visit.check("public index")
    page.get_by_role("link", name="Faglig Strategisk Gruppe").click()  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text() == "Faglig Strategisk Gruppe (FSG)"  # type: ignore[attr-defined]
    visit.check("public body page")
    page.get_by_role("link", name=re.compile("^Læs kommissoriet")).click()  # type: ignore[attr-defined]
    assert "Faglig Strategisk Gruppe mødes" in page.locator("article").inner_text()  # type: ignore[attr-defined]
    visit.check("public charter")
    for meeting in (coming, held):
        page.goto(f"{base}/offentlig/fsg/moeder/{meeting.pk}/")  # type: ignore[attr-defined]
        visit.check(f"public meeting {meeting}")
    page.get_by_role("button", name="English").click()  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text().startswith("Meeting of FSG on")  # type: ignore[attr-defined]
    visit.check("public meeting in English")

    # Without JavaScript: everything reads, the language switch and the download work.
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": visit.width, "height": 800}, locale="da-DK", java_script_enabled=False
    )
    page = context.new_page()
    page.goto(f"{base}/offentlig/fsg/?year={coming.date.year}")  # type: ignore[attr-defined]
    assert "Patientrepræsentant" in page.locator("main").inner_text()
    page.locator(f"a[href='/offentlig/fsg/moeder/{coming.pk}/']").click()  # type: ignore[attr-defined]
    assert page.locator("h1").is_visible()
    assert "Akutpladser i Struer" in page.locator("main").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="Kort over akutpladser").click()
    assert download.value.suggested_filename == "Kort.png"
    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Decision" in page.locator("main").inner_text()
    context.close()
