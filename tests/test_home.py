"""The home page: what each person has to do, a section per role, most urgent first, each line
linked to the page where it is done; the follow-up page; the menu without placeholders."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from klynge.accounts.audit import SystemActor
from klynge.accounts.models import User
from klynge.core.meetings import agenda_deadline
from klynge.governance.models import Body, Organisation, Person
from klynge.meetings import minutes
from klynge.meetings import proposals as proposal_service
from klynge.meetings.models import Meeting
from klynge.meetings.services import MeetingRow, approve_agenda, create_meetings, send_apology
from tests.helpers import import_lines, make_person

SYSTEM = SystemActor("test")
HEADER = "body,seat,organisation,name,email,start,end,continuing,appointed_by,substitute_for,role"


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def danish(day: datetime.date) -> str:
    months = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
              "september", "oktober", "november", "december"]  # fmt: skip
    return f"{day.day}. {months[day.month - 1]} {day.year}"


def meeting_on(body: Body, day: datetime.date) -> Meeting:
    [meeting] = create_meetings(
        acting_user=SYSTEM, body=body, notify=False,
        rows=[MeetingRow(day, datetime.time(13), datetime.time(15), place="Gødstrup")],
    )  # fmt: skip
    return meeting


@pytest.fixture
def work(fsg: Body, secretary: User, patient_rep: User) -> dict[str, Meeting]:
    """FSG with Lars as its secretariat, Rikke as co-chair (also in a seat), Jens and Sofie
    from Struer as members, and a meeting in each state the home cares about."""
    import_lines([
        HEADER,
        "fsg,hospitalsledelse,goedstrup,Rikke Holm,rikke@goedstrup.test,2026-01-01,,,,,chair",
        "fsg,kommune-fagdirektoer,struer,Sofie Struer,sofie@struer.test,2026-01-01,,,,,",
        "fsg,patienter,patienter,Jens Aagaard,jens@klynge.test,2026-01-01,,,PIU,,",
    ])  # fmt: skip
    make_person("rikke@goedstrup.test", "Rikke Holm")
    make_person("sofie@struer.test", "Sofie Struer")
    rikke, jens = (
        Person.objects.get(email=e) for e in ("rikke@goedstrup.test", "jens@klynge.test")
    )
    struer = Organisation.objects.get(key="struer")
    found = {
        "soon": meeting_on(fsg, days(12)),  # send-by in two days: a draft waiting for approval
        "ready": meeting_on(fsg, days(30)),  # approved, to send
        "held": meeting_on(fsg, days(-3)),  # minutes not written
        "written": meeting_on(fsg, days(-6)),  # minutes written, waiting for approval
        "draft": meeting_on(fsg, days(-9)),  # an action in minutes not published
        "published": meeting_on(fsg, days(-20)),
    }
    approve_agenda(acting_user=SYSTEM, meeting=found["ready"], person=rikke)
    item = found["written"].items.get(position=1)
    minutes.save_minutes(acting_user=SYSTEM, meeting=found["written"], based_on=0,
                         values=minutes.MinutesInput(decisions={item.pk: "Godkendt."}))  # fmt: skip
    minutes.add_action(acting_user=SYSTEM, meeting=found["draft"], title="Hemmelig opgave",
                       owner=jens, due=days(5))  # fmt: skip
    published = found["published"]
    minutes.add_action(acting_user=SYSTEM, meeting=published, title="Skriv til PIU", owner=jens,
                       due=days(3))  # fmt: skip
    minutes.add_action(acting_user=SYSTEM, meeting=published, title="Plan for akutpladser",
                       organisation=struer, due=days(-1))  # fmt: skip
    minutes.add_action(acting_user=SYSTEM, meeting=published, title="Udkast til årsrapport",
                       owner=rikke, due=days(20))  # fmt: skip
    published.refresh_from_db()
    minutes.approve_minutes(acting_user=SYSTEM, meeting=published, person=rikke)
    minutes.publish_minutes(acting_user=SYSTEM, meeting=published)
    proposal_service.propose(acting_user=SYSTEM, body=fsg, person=jens,
                             title="Pårørendes rolle ved udskrivelse")  # fmt: skip
    send_apology(acting_user=SYSTEM, meeting=found["soon"], person=jens)
    return found


def home(client: Client, user: User) -> str:
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, role: str) -> str:
    """One role's section of the home page."""
    start = html.index(f'aria-labelledby="home-{role}"')
    return html[start : html.index("</section>", start)]


def test_the_secretariat_sees_what_to_do_with_links_and_deadlines(
    client: Client, secretary: User, work: dict[str, Meeting]
) -> None:
    html = home(client, secretary)
    assert '<h2 id="home-secretariat">Som sekretariat</h2>' in html
    mine = section(html, "secretariat")
    soon, ready, held, written = (work[k] for k in ("soon", "ready", "held", "written"))
    # Breaches and coming breaches, with the clause and the page that fixes them.
    breaches = mine[
        mine.index("Brud på kommissorierne") : mine.index("Dagsordener, der skal sendes")
    ]
    assert "Faglig Strategisk Gruppe" in breaches and "§ 1" in breaches
    assert 'href="/bodies/fsg/appoint/?' in breaches
    # The approved agenda to send, with its send-by date in Danish.
    to_send = mine[mine.index("Dagsordener, der skal sendes") : mine.index("Referater, der skal")]
    assert f'href="/meetings/{ready.pk}/agenda/"' in to_send
    assert "Godkendt af en medformand – klar til at sende" in to_send
    assert f"Sendes senest {danish(agenda_deadline(ready.date, 10))}" in to_send  # FSG § 7
    # Minutes not written yet, with the date they must be published by.
    due = mine[mine.index("Referater, der skal") : mine.index("Venter på godkendelse")]
    assert f'href="/meetings/{held.pk}/minutes/"' in due
    assert f"Offentliggøres senest {danish(held.date + datetime.timedelta(days=14))}" in due
    assert f"/meetings/{written.pk}/minutes/" not in due
    # Waiting for a co-chair: the draft agenda due soon and the written minutes.
    waiting = mine[mine.index("Venter på godkendelse") : mine.index("Nye forslag")]
    assert f'href="/meetings/{soon.pk}/agenda/"' in waiting
    assert f"Sendes senest {danish(agenda_deadline(soon.date, 10))}" in waiting
    assert f'href="/meetings/{written.pk}/minutes/"' in waiting
    assert f"/meetings/{ready.pk}/" not in waiting
    # The member's proposal and the apology for the coming meeting.
    assert "Pårørendes rolle ved udskrivelse" in mine[mine.index("Nye forslag") :]
    assert 'href="/bodies/fsg/proposals/#proposal-' in mine
    apologies = mine[mine.index("Afbud til de kommende møder") :]
    assert "Jens Aagaard har meldt afbud" in apologies
    assert f'href="/meetings/{soon.pk}/#apologies-title"' in apologies
    # Lars holds no seat: no member section; he is no administrator.
    assert "home-member" not in html and "home-administrator" not in html


def test_the_co_chair_sees_what_waits_for_their_approval(
    client: Client, work: dict[str, Meeting]
) -> None:
    html = home(client, User.objects.get(email="rikke@goedstrup.test"))
    chair = section(html, "co-chair")
    assert f'href="/meetings/{work["soon"].pk}/agenda/"' in chair
    assert f'href="/meetings/{work["written"].pk}/minutes/"' in chair
    assert f"/meetings/{work['ready'].pk}/" not in chair  # approved already
    assert f"/meetings/{work['held'].pk}/" not in chair  # nothing written yet
    # Rikke also holds a seat: a second section, as member, with her own action.
    assert "Udkast til årsrapport" in section(html, "member")
    assert "home-secretariat" not in html


def test_an_agenda_far_ahead_waits_for_the_co_chairs_once_they_are_asked(
    client: Client, fsg: Body, work: dict[str, Meeting], mailbox: object
) -> None:
    from klynge.meetings.services.approval import ask_co_chairs

    later = meeting_on(fsg, days(60))  # its send-by date is weeks away
    rikke = User.objects.get(email="rikke@goedstrup.test")
    assert f"/meetings/{later.pk}/agenda/" not in section(home(client, rikke), "co-chair")
    ask_co_chairs(acting_user=SYSTEM, meeting=later, of="agenda")
    assert f'href="/meetings/{later.pk}/agenda/"' in section(home(client, rikke), "co-chair")


def test_a_member_sees_meetings_actions_and_proposals_but_no_draft_minutes(
    client: Client, patient_rep: User, work: dict[str, Meeting]
) -> None:
    html = home(client, patient_rep)
    assert [s for s in re.findall(r'<h2 id="home-([a-z-]+)"', html)] == ["member"]
    mine = section(html, "member")
    soon, ready = work["soon"], work["ready"]
    assert f'href="/meetings/{soon.pk}/"' in mine and f'href="/meetings/{ready.pk}/"' in mine
    assert "<strong>Du har meldt afbud</strong>" in mine
    weekday = ["Mandag", "Tirsdag", "Onsdag", "Torsdag", "Fredag", "Lørdag", "Søndag"]
    assert f'">{weekday[ready.date.weekday()]} den {danish(ready.date)}</a>' in mine
    assert f'href="/meetings/{ready.pk}/#apologies-title">Meld afbud</a>' in mine
    assert "kl. 13.00–15.00, Gødstrup" in mine
    # His own action and his organisation's are shown; the draft minutes' action is not.
    assert "Skriv til PIU" in mine and f"Frist {danish(days(3))}" in mine
    assert f'href="/meetings/{work["published"].pk}/minutes/#actions-title"' in mine
    assert "Hemmelig opgave" not in html
    assert "Plan for akutpladser" not in mine  # Struer's, not his organisation's
    assert "Pårørendes rolle ved udskrivelse" in mine and "Venter på sekretariatet" in mine
    # Every link on his home answers him.
    for href in set(re.findall(r'href="(/[^"#]*)', mine)):
        assert client.get(href).status_code in {200, 302}, href


def test_an_organisations_action_reaches_its_other_members(
    client: Client, work: dict[str, Meeting]
) -> None:
    html = home(client, User.objects.get(email="sofie@struer.test"))
    assert "Plan for akutpladser" in section(html, "member")
    assert "(forsinket)" in section(html, "member")  # its date has passed


def test_a_person_with_several_roles_sees_a_section_for_each(
    client: Client, work: dict[str, Meeting]
) -> None:
    # Mette is an administrator and, as well, in FSG's secretariat.
    import_lines([HEADER, "fsg,,goedstrup,Mette Kjær,mette@klynge.test,2026-01-01,,,,,secretariat"])
    mette = make_person("mette@klynge.test", "Mette Kjær", is_staff=True, is_superuser=True)
    html = home(client, mette)  # type: ignore[arg-type]
    assert re.findall(r'<h2 id="home-([a-z-]+)"', html) == ["secretariat", "administrator"]
    rikke = home(client, User.objects.get(email="rikke@goedstrup.test"))
    assert re.findall(r'<h2 id="home-([a-z-]+)"', rikke) == ["co-chair", "member"]


def test_the_administrator_sees_breaches_a_failed_notice_and_a_stuck_job(
    client: Client, admin: User, work: dict[str, Meeting]
) -> None:
    from django_tasks_db.models import DBTaskResult

    from klynge.meetings.models import ItemProposal
    from klynge.meetings.tasks import send_minutes_notice

    failed = send_minutes_notice.using(backend="database").enqueue(work["published"].pk)
    stuck = send_minutes_notice.using(backend="database").enqueue(work["published"].pk)
    send_minutes_notice.using(backend="database").enqueue(work["published"].pk)
    now = timezone.now()
    DBTaskResult.objects.filter(pk=failed.id).update(
        status="FAILED", finished_at=now - datetime.timedelta(hours=2),
        exception_class_path="smtplib.SMTPServerDisconnected",
    )  # fmt: skip
    DBTaskResult.objects.filter(pk=stuck.id).update(enqueued_at=now - datetime.timedelta(hours=1))
    assert ItemProposal.objects.exists()
    html = home(client, admin)
    mine = section(html, "administrator")
    assert "Brud på kommissorierne" in mine and 'href="/bodies/fsg/appoint/?' in mine
    notices = mine[mine.index("Beskeder, der ikke kunne sendes") : mine.index("Baggrundsjob")]
    assert "Besked om et offentliggjort referat" in notices and "SMTPServerDisconnected" in notices
    jobs = mine[mine.index("Baggrundsjob") :]
    assert "Venter siden" in jobs
    # The task results are not in the administration (their fields exist in English only), so
    # the lines are not linked to it; the admin's menu never leads to a page in English.
    assert "/admin/django_tasks_database/" not in mine
    assert (
        client.get(f"/admin/django_tasks_database/dbtaskresult/{failed.id}/change/").status_code
        == 404
    )
    assert jobs.count("Besked om et offentliggjort referat") == 1  # the stuck one, not the fresh


def test_an_empty_section_says_there_is_nothing_to_do(
    client: Client, admin: User, cluster: object
) -> None:
    html = home(client, admin)
    assert "Der er ikke noget, du skal gøre som administrator lige nu." in html


def test_someone_without_roles_is_told_why_the_home_is_empty(
    client: Client, patient_rep: User, cluster: object
) -> None:
    html = home(client, patient_rep)
    assert "Du er endnu ikke medlem af nogen af klyngens organer." in html


def test_the_home_reads_a_fixed_number_of_queries_as_data_grows(
    client: Client, secretary: User, work: dict[str, Meeting], fsg: Body
) -> None:
    def counted(user: User) -> int:
        """The queries of the home read afresh, the findings and the deadlines included."""
        client.force_login(user)
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return len(queries)

    rikke, jens = (User.objects.get(email=e) for e in ("rikke@goedstrup.test", "jens@klynge.test"))
    before = [counted(secretary), counted(rikke), counted(jens)]
    person = Person.objects.get(email="jens@klynge.test")
    for n in range(6):
        meeting = meeting_on(fsg, days(-40 - n * 7))
        minutes.add_action(acting_user=SYSTEM, meeting=meeting, title=f"Opgave {n}", owner=person)
        meeting.refresh_from_db()
        minutes.approve_minutes(acting_user=SYSTEM, meeting=meeting,
                                person=Person.objects.get(email="rikke@goedstrup.test"))  # fmt: skip
        minutes.publish_minutes(acting_user=SYSTEM, meeting=meeting)
        coming = meeting_on(fsg, days(40 + n * 7))
        send_apology(acting_user=SYSTEM, meeting=coming, person=person)
        proposal_service.propose(acting_user=SYSTEM, body=fsg, person=person, title=f"Forslag {n}")
    assert "Opgave 5" in home(client, jens)
    assert [counted(secretary), counted(rikke), counted(jens)] == before
    # Read from the cache, the home asks only for the session, the user, the data version and
    # the header's cluster.
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert len(queries) <= 7


def test_the_home_shows_a_write_at_once(
    client: Client, patient_rep: User, work: dict[str, Meeting]
) -> None:
    """The home is cached under the data version: a write shows on the next request."""
    ready = work["ready"]
    assert f'href="/meetings/{ready.pk}/#apologies-title">Meld afbud</a>' in home(
        client, patient_rep
    )
    send_apology(
        acting_user=SYSTEM, meeting=ready, person=Person.objects.get(email="jens@klynge.test")
    )
    html = home(client, patient_rep)
    assert f'href="/meetings/{ready.pk}/#apologies-title">Meld afbud</a>' not in html


# ---- the follow-up page --------------------------------------------------------------------


def test_follow_up_shows_open_actions_of_published_minutes_only(
    client: Client, secretary: User, patient_rep: User, work: dict[str, Meeting]
) -> None:
    client.force_login(patient_rep)
    html = client.get("/followup/").content.decode()
    assert "<h1>Opfølgning</h1>" in html
    assert "Skriv til PIU" in html and "Hemmelig opgave" not in html
    assert "Plan for akutpladser" not in html and "Udkast til årsrapport" not in html
    assert f"{danish(days(3))}" in html
    assert f'href="/meetings/{work["published"].pk}/minutes/#actions-title"' in html
    # The secretariat sees every open action of its bodies, the others' too.
    client.force_login(secretary)
    html = client.get("/followup/").content.decode()
    for title in ("Skriv til PIU", "Plan for akutpladser", "Udkast til årsrapport"):
        assert title in html
    assert "Hemmelig opgave" not in html
    assert "Struer Kommune" in html and "(forsinket)" in html


def test_follow_up_says_when_there_is_nothing(
    client: Client, patient_rep: User, cluster: object
) -> None:
    client.force_login(patient_rep)
    html = client.get("/followup/").content.decode()
    assert "Der er ingen åbne opgaver, du skal følge op på." in html


# ---- the structure page and the menu --------------------------------------------------------


def test_the_structure_page_links_only_the_bodies_the_reader_reads(
    client: Client, patient_rep: User, work: dict[str, Meeting]
) -> None:
    client.force_login(patient_rep)
    html = client.get("/bodies/").content.decode()
    assert "Struer Kommune" in html and "(kommunekode 671)" in html
    assert "Regionshospitalet Gødstrup" in html
    assert '<a href="/bodies/fsg/">Faglig Strategisk Gruppe</a>' in html
    assert "Klyngestyregruppen" in html and 'href="/bodies/klyngestyregruppe/"' not in html
    assert "Ikke et af dine organer" in html
    assert "/members/import/" not in html  # he may not import
    for href in set(re.findall(r'href="(/bodies/[^"#]*)', html)):
        assert client.get(href).status_code == 200, href


@pytest.mark.parametrize(
    "email", ["mette.kjaer@klynge.test", "lars.oestergaard@klynge.test",
              "jens.aagaard@klynge.test", "vibeke.oestergaard@holstebro.test"],
)  # fmt: skip
def test_every_menu_link_answers_every_demo_role(
    client: Client, cluster: object, email: str
) -> None:
    from klynge.demo import load_demo_data, load_demo_members
    from klynge.governance.services import load_shipped_charters

    load_shipped_charters("goedstrup", acting_user=SYSTEM)
    load_demo_data(acting_user=SYSTEM)
    load_demo_members(acting_user=SYSTEM)
    user = User.objects.filter(email=email).first() or make_person(email, "Vibeke Østergaard")
    html = home(client, user)  # type: ignore[arg-type]
    nav = html[html.index('aria-label="Hovedmenu"') : html.index("</nav>")]
    assert "Nøgletal" not in nav and "/figures/" not in nav
    links = re.findall(r'href="([^"]+)"', nav)
    assert {"/", "/bodies/", "/meetings/", "/followup/", "/search/"} <= set(links)
    for href in links:
        assert client.get(href).status_code == 200, href
    assert client.get("/figures/").status_code == 404
    # Nothing on the home leads where the reader may not go.
    main = html[html.index("<main") : html.index("</main>")]
    for href in set(re.findall(r'href="(/[^"#]*)', main)):
        if not href.endswith(".pdf"):
            assert client.get(href).status_code == 200, href
