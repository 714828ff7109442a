"""The archive of past meetings and the full-text search over agendas and minutes, in Danish, in
the database's own index (SQLite FTS5; PostgreSQL's `danish` configuration). Runs on both."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klynge.accounts.audit import SystemActor
from klynge.accounts.models import User
from klynge.governance.models import Appointment, Body
from klynge.meetings import search
from klynge.meetings.models import ActionItem, AgendaItem, Meeting
from klynge.meetings.services import (
    MeetingRow,
    add_item,
    change_item,
    change_meeting,
    create_meetings,
)
from tests.helpers import Visit, main_menu, make_member, make_person, sign_in

D = datetime.date
ACTOR = SystemActor("test")
TODAY = timezone.localdate()
LAST_YEAR = TODAY.year - 1
CASE_TEXT = (
    "<h2>Baggrund</h2><p>Antallet af <strong>genindlæggelser</strong> blandt ældre borgere "
    "over 75 år er steget i Gødstrup-området.</p><ul><li>Sygeplejeklinikker</li>"
    "<li>Opfølgende hjemmebesøg &amp; telefonopkald</li></ul>"
)


def cancelled_back_then(meeting: Meeting) -> None:
    """A meeting of last year that was cancelled before it was held: written as it stands now,
    since cancelling today refuses a meeting in the past."""
    Meeting.objects.filter(pk=meeting.pk).update(
        status="cancelled", cancelled_reason="Sygdom", sequence=meeting.sequence + 1
    )


def meeting_on(body: Body, day: datetime.date, **row: object) -> Meeting:
    [meeting] = create_meetings(
        acting_user=ACTOR, body=body, notify=False,
        rows=[MeetingRow(day, datetime.time(13), datetime.time(15), **row)],  # type: ignore[arg-type]
    )  # fmt: skip
    return meeting


def item_on(meeting: Meeting, title: str, **values: object) -> AgendaItem:
    return add_item(acting_user=ACTOR, meeting=meeting, values={"title": title, **values})


def decide(item: AgendaItem, decision: str) -> None:
    """The decision as the minutes record it (minutes.save_minutes saves it the same way)."""
    item.decision = decision
    item.save(update_fields=["decision"])


def publish(meeting: Meeting) -> None:
    # The status is read live at search time, so even a write past save() counts.
    Meeting.objects.filter(pk=meeting.pk).update(minutes_status="published")


@pytest.fixture
def bodies(cluster: object, secretary: User, patient_rep: User) -> dict[str, Body]:
    """Lars runs FSG's secretariat; Jens sits in the focus group for adults only; Karen sits in
    FSG."""
    make_member(secretary.email, "Lars Østergaard", "fsg")
    Appointment.objects.filter(person__email=secretary.email).update(role="secretariat")
    make_member(patient_rep.email, "Jens Aagaard", "sundhed-for-voksne")
    make_person("karen@klynge.test", "Karen Holm")
    make_member("karen@klynge.test", "Karen Holm", "fsg")
    return {b.key: b for b in Body.objects.filter(key__in=["fsg", "sundhed-for-voksne"])}


@pytest.fixture
def archive(bodies: dict[str, Body]) -> dict[str, object]:
    """FSG's meetings last year and the year before, one cancelled, and one to come; one
    meeting of the focus group."""
    fsg, voksne = bodies["fsg"], bodies["sundhed-for-voksne"]
    march = meeting_on(fsg, D(LAST_YEAR, 3, 4), title="Forårsmøde")
    readmissions = item_on(
        march,
        "Færre genindlæggelser af ældre",
        kind="decision",
        case_number="24/1234",
        summary="Status på indsatsen mod genindlæggelser.",
        recommendation="Det indstilles, at styregruppen godkender modellen for opfølgning.",
        case_text=CASE_TEXT,
    )
    decide(readmissions, "Godkendt. Akutteamet udvider til Struer og Lemvig.")
    publish(march)
    june = meeting_on(fsg, D(LAST_YEAR, 6, 10))
    psychiatry = item_on(june, "Psykiatri og misbrug", summary="Dobbeltdiagnoser i Holstebro.")
    decide(psychiatry, "Hemmelighedsfuld beslutning om sengepladser.")  # still a draft
    cancelled = meeting_on(fsg, D(LAST_YEAR, 9, 2))
    item_on(cancelled, "Aflyst punkt om børnesundhed")
    cancelled_back_then(cancelled)
    older = meeting_on(fsg, D(LAST_YEAR - 1, 11, 5))
    item_on(older, "Sundhedsaftalen 2024-2027", summary="Høring af sundhedsaftalen.")
    coming = meeting_on(fsg, TODAY + datetime.timedelta(days=40))
    item_on(coming, "Kommende punkt om rehabilitering")
    other = meeting_on(voksne, D(LAST_YEAR, 4, 8))
    item_on(other, "Hjertesvigt på tværs af sektorer", summary="Fælles forløb for hjertesvigt.")
    return {"march": march, "june": june, "cancelled": cancelled, "readmissions": readmissions,
            "psychiatry": psychiatry, "other": other, "older": older}  # fmt: skip


def titles(user: User, text: str, **options: object) -> list[str]:
    found = search.search(
        user,
        text,
        readable=_readable(user),
        on=TODAY,
        per_page=100,
        **options,  # type: ignore[arg-type]
    )
    return [hit.item.title for hit in found.hits]


def _readable(user: User) -> set[int] | None:
    from klynge.governance.access import readable_bodies

    return readable_bodies(user, TODAY)


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


# ---- Danish words ------------------------------------------------------------------------------


def test_danish_letters_stay_letters_of_their_own(archive: dict[str, object], admin: User) -> None:
    assert titles(admin, "ældre") == ["Færre genindlæggelser af ældre"]
    assert titles(admin, "ÆLDRE") == ["Færre genindlæggelser af ældre"]
    assert titles(admin, "aeldre") == []  # æ is not ae
    assert titles(admin, "Gødstrup-området") == ["Færre genindlæggelser af ældre"]
    assert titles(admin, "Godstrup") == []  # ø is not o
    assert titles(admin, "børnesundhed") == ["Aflyst punkt om børnesundhed"]
    assert titles(admin, "sundhedsaftalen") == ["Sundhedsaftalen 2024-2027"]


def test_a_word_finds_its_longer_forms(archive: dict[str, object], admin: User) -> None:
    # Stemming on PostgreSQL, a prefix on SQLite; the prefix on both.
    assert titles(admin, "genindlæggelse") == ["Færre genindlæggelser af ældre"]
    assert titles(admin, "genindlæg") == ["Færre genindlæggelser af ældre"]
    assert titles(admin, "sygeplejeklinik") == ["Færre genindlæggelser af ældre"]
    assert titles(admin, "hjertesvigt forløb") == ["Hjertesvigt på tværs af sektorer"]
    assert titles(admin, '"ældre borgere"') == ["Færre genindlæggelser af ældre"]
    assert titles(admin, '"borgere ældre"') == []
    assert set(titles(admin, "hjertesvigt or psykiatri")) == {
        "Hjertesvigt på tværs af sektorer",
        "Psykiatri og misbrug",
    }
    # Danish readers write "eller" between alternatives, as the search hint says.
    assert set(titles(admin, "hjertesvigt ELLER psykiatri")) == {
        "Hjertesvigt på tværs af sektorer",
        "Psykiatri og misbrug",
    }
    assert titles(admin, "genindlæggelser -akutteamet") == []
    assert titles(admin, "genindlæggelser -hjertesvigt") == ["Færre genindlæggelser af ældre"]


def test_everything_an_item_says_is_searched(archive: dict[str, object], admin: User) -> None:
    readmissions = "Færre genindlæggelser af ældre"
    assert titles(admin, "24/1234") == [readmissions]  # the case number
    assert titles(admin, "styregruppen godkender") == [readmissions]  # the recommendation
    assert titles(admin, "telefonopkald") == [readmissions]  # the case text, tags taken off
    assert titles(admin, "Struer") == [readmissions]  # the published decision
    # The meeting's title: every item of the meeting, the standard ones too.
    assert set(titles(admin, "forårsmøde")) == {
        readmissions, "Godkendelse af dagsorden", "Opfølgning på referat", "Eventuelt",
    }  # fmt: skip
    assert readmissions in titles(admin, "Faglig Strategisk Gruppe")  # the body's name
    assert titles(admin, "strong") == [] and titles(admin, "amp") == []  # not the tags


def test_results_are_ranked_paged_counted_and_highlighted_safely(
    archive: dict[str, object], admin: User
) -> None:
    found = search.search(admin, "genindlæggelser", readable=None, on=TODAY)
    assert found.total == 1
    [hit] = found.hits
    assert "<mark>" in hit.snippet and "&lt;" not in hit.snippet and "<strong>" not in hit.snippet
    assert hit.with_minutes
    # Whatever an item says is escaped: only the highlight is markup.
    meeting = archive["march"]
    item_on(meeting, "Script <script>alert(1)</script> genindlæggelser")  # type: ignore[arg-type]
    found = search.search(admin, "genindlæggelser", readable=None, on=TODAY)
    assert found.total == 2
    for hit in found.hits:
        assert "<script>" not in hit.snippet
        assert str(hit.snippet).replace("<mark>", "").replace("</mark>", "").count("<") == 0
    assert search.highlighted("a <b> \ue000c\ue001 \ue000") == "a &lt;b&gt; <mark>c</mark> "
    page_two = search.search(admin, "genindlæggelser", readable=None, on=TODAY, per_page=1, page=2)
    assert page_two.total == 2 and page_two.pages == 2 and len(page_two.hits) == 1
    assert page_two.first == 2
    beyond = search.search(admin, "genindlæggelser", readable=None, on=TODAY, per_page=1, page=9)
    assert beyond.page == 2 and len(beyond.hits) == 1  # the last page


def test_a_word_in_the_title_ranks_above_one_in_the_case_text(
    archive: dict[str, object], admin: User
) -> None:
    older: Meeting = archive["older"]  # type: ignore[assignment]
    item_on(older, "Akutpladser", case_text="<p>Plan for træning efter udskrivelse.</p>")
    item_on(older, "Udskrivelse til eget hjem")
    assert titles(admin, "udskrivelse") == ["Udskrivelse til eget hjem", "Akutpladser"]


SYNTAX = [
    '"', '""', '"ældre', 'ældre"', "AND", "OR", "NOT", "NEAR", "NEAR(ældre borgere)",
    "ældre AND", "OR ældre", "ældre OR OR", "-", "--", "-ældre", "- ældre", ":", "title:ældre",
    "{title}: ældre", "ældre*", "*", "^ældre", "(ældre", "ældre)", "'", "\\", "%", "_", "&",
    "!ældre", "ældre | borgere", "ældre <-> borgere", "ældre:*", "'ældre'", "24/1234 OR",
    "😀", "a\x00b", "\x00", "a" * 500, "ord " * 80, "og", "é", "ældre\u0301",
]  # fmt: skip


def test_search_syntax_in_the_query_is_only_text(
    archive: dict[str, object], admin: User, bodies: dict[str, Body]
) -> None:
    client = signed_in(admin)
    member = User.objects.get(email="karen@klynge.test")
    for text in SYNTAX:
        assert client.get(reverse("search"), {"q": text}).status_code == 200, text
        search.search(admin, text, readable=_readable(admin), on=TODAY, year=LAST_YEAR)
        search.search(member, text, readable=_readable(member), on=TODAY)
    assert titles(admin, '(ældre) "borgere') == ["Færre genindlæggelser af ældre"]
    assert titles(admin, "title:ældre*") == []  # "title" is a word here, not a column


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=60))
def test_no_query_is_an_error(archive: dict[str, object], admin: User, text: str) -> None:
    found = search.search(admin, text, readable=None, on=TODAY)
    assert 0 <= len(found.hits) <= found.total <= AgendaItem.objects.count()


def test_the_query_is_parsed_as_websearch_reads_it() -> None:
    query = search.parse('akut "ældre borgere" -psyk or 24/1234 ::')
    assert len(query.groups) == 2
    first, second = query.groups
    assert [t.words for t in first.wanted] == [("akut",), ("ældre", "borgere")]
    assert [t.words for t in first.unwanted] == [("psyk",)]
    assert [t.words for t in second.wanted] == [("24", "1234")]
    assert search.fts5_expression(query) == (
        '(("akut"* AND "ældre borgere"*) NOT "psyk"*) OR (("24 1234"*))'
    )
    assert not search.parse("") and not search.parse(" - : * or ")
    assert not search.parse("-alene")  # nothing wanted: nothing to look for


# ---- who finds what --------------------------------------------------------------------------


def test_a_member_of_another_body_finds_nothing_from_bodies_they_cannot_read(
    archive: dict[str, object], patient_rep: User
) -> None:
    assert titles(patient_rep, "genindlæggelser") == []
    assert titles(patient_rep, "hjertesvigt") == ["Hjertesvigt på tværs af sektorer"]
    client = signed_in(patient_rep)
    html = client.get(reverse("search"), {"q": "genindlæggelser", "body": "fsg"}).content.decode()
    assert "Færre genindlæggelser" not in html
    assert 'value="fsg"' not in html  # FSG is not offered
    assert client.get(reverse("body_archive", args=["fsg"])).status_code == 404


def test_a_draft_decision_is_found_only_by_those_who_edit_the_body(
    archive: dict[str, object], secretary: User
) -> None:
    karen = User.objects.get(email="karen@klynge.test")
    assert titles(secretary, "hemmelighedsfuld") == ["Psykiatri og misbrug"]
    assert titles(karen, "hemmelighedsfuld") == []
    # The agenda's part of the same item is found, without a word of the draft decision.
    [hit] = search.search(karen, "psykiatri", readable=_readable(karen), on=TODAY).hits
    assert not hit.with_minutes and "emmelighedsfuld" not in hit.snippet
    # Words in both: the snippet comes from the agenda, never from the draft.
    decide(archive["psychiatry"], "Psykiatri psykiatri psykiatri: hemmelighedsfuld.")  # type: ignore[arg-type]
    [hit] = search.search(karen, "psykiatri", readable=_readable(karen), on=TODAY).hits
    assert "emmelighedsfuld" not in hit.snippet
    # Action items are the minutes' too.
    ActionItem.objects.create(
        meeting=archive["june"], item=archive["psychiatry"], title="Kortlæg ventelisterne"
    )
    assert titles(karen, "ventelisterne") == []
    assert titles(secretary, "ventelisterne") == ["Psykiatri og misbrug"]
    publish(archive["june"])  # type: ignore[arg-type]
    assert titles(karen, "hemmelighedsfuld") == ["Psykiatri og misbrug"]
    assert titles(karen, "ventelisterne") == ["Psykiatri og misbrug"]


def test_a_former_member_reads_what_the_readable_rules_allow(
    archive: dict[str, object], cluster: object
) -> None:
    """access.readable_bodies: a member reads a body from the day they are appointed, even
    when the seat starts later, until the appointment ends; then no longer. Meetings from before
    a member came are theirs to read, so the archive stays readable as the members change."""
    former = make_person("tidligere@klynge.test", "Tidligere Medlem")
    make_member(former.email, "Tidligere Medlem", "fsg", start=f"{LAST_YEAR - 2}-01-01")
    Appointment.objects.filter(person__email=former.email).update(
        end=TODAY - datetime.timedelta(days=1)
    )
    coming = make_person("kommende@klynge.test", "Kommende Medlem")
    start = TODAY + datetime.timedelta(days=30)
    make_member(coming.email, "Kommende Medlem", "fsg", start=start.isoformat())

    assert titles(former, "genindlæggelser") == []
    assert signed_in(former).get(reverse("body_archive", args=["fsg"])).status_code == 404
    assert titles(coming, "genindlæggelser") == ["Færre genindlæggelser af ældre"]
    page = signed_in(coming).get(reverse("body_archive", args=["fsg"]), {"year": LAST_YEAR})
    assert page.status_code == 200
    assert reverse("meeting_detail", args=[archive["march"].pk]) in page.content.decode()  # type: ignore[attr-defined]
    # The former member's appointment continues again: what they read is back.
    Appointment.objects.filter(person__email=former.email).update(end=None)
    assert titles(former, "genindlæggelser") == ["Færre genindlæggelser af ældre"]


def test_body_and_year_narrow_the_search(archive: dict[str, object], admin: User) -> None:
    fsg = archive["march"].body_id  # type: ignore[attr-defined]
    assert "Hjertesvigt på tværs af sektorer" not in titles(admin, "hjertesvigt", bodies={fsg})
    assert titles(admin, "sundhedsaftalen", year=LAST_YEAR) == []
    assert titles(admin, "sundhedsaftalen", year=LAST_YEAR - 1) == ["Sundhedsaftalen 2024-2027"]
    client = signed_in(admin)
    html = client.get(
        reverse("search"), {"q": "hjertesvigt", "body": "fsg", "year": LAST_YEAR}
    ).content.decode()
    assert 'id="search-results"' not in html and 'id="search-status"' in html


# ---- the index follows the writes ----------------------------------------------------------


def test_the_index_follows_edits_and_deletions(
    archive: dict[str, object], admin: User, bodies: dict[str, Body]
) -> None:
    item: AgendaItem = archive["readmissions"]  # type: ignore[assignment]
    change_item(
        acting_user=ACTOR,
        item=item,
        based_on=item.version,
        values={"title": "Akutpladser i Holstebro", "case_text": "<p>Ny sagsfremstilling</p>"},
    )
    assert titles(admin, "færre") == [] and titles(admin, "telefonopkald") == []
    assert titles(admin, "akutpladser") == ["Akutpladser i Holstebro"]
    assert titles(admin, "sagsfremstilling") == ["Akutpladser i Holstebro"]
    assert titles(admin, "styregruppen") == ["Akutpladser i Holstebro"]  # the rest kept

    decide(item, "Udsat til næste møde.")
    assert titles(admin, "Struer") == [] and titles(admin, "udsat") == ["Akutpladser i Holstebro"]

    # The meeting's title, the body's name.
    march: Meeting = archive["march"]  # type: ignore[assignment]
    change_meeting(
        acting_user=ACTOR,
        meeting=march,
        based_on=march.sequence,
        row=MeetingRow(march.date, march.starts, march.ends, title="Temamøde om akutområdet"),
    )
    assert "Akutpladser i Holstebro" in titles(admin, "temamøde")
    assert titles(admin, "forårsmøde") == []
    fsg = bodies["fsg"]
    fsg.name = "Styregruppen for Gødstrupklyngen"
    fsg.save()
    assert "Akutpladser i Holstebro" in titles(admin, "gødstrupklyngen")

    # Actions: added, moved, removed.
    action = ActionItem.objects.create(meeting=march, item=item, title="Beskriv visitationen")
    assert titles(admin, "visitationen") == ["Akutpladser i Holstebro"]
    other = item_on(march, "Andet punkt")
    action.item = other
    action.save()
    assert titles(admin, "visitationen") == ["Andet punkt"]
    action.delete()
    assert titles(admin, "visitationen") == []

    # Deleting an item, and a whole meeting.
    other.delete()
    assert titles(admin, "andet punkt") == []
    june: Meeting = archive["june"]  # type: ignore[assignment]
    ActionItem.objects.create(meeting=june, item=archive["psychiatry"], title="Noget")  # type: ignore[misc]
    june.delete()
    assert titles(admin, "psykiatri") == []
    with connection.cursor() as cursor:
        key = "rowid" if connection.vendor == "sqlite" else "item_id"
        cursor.execute(f"SELECT COUNT(*) FROM meetings_search WHERE {key} NOT IN "
                       "(SELECT id FROM meetings_agendaitem)")  # fmt: skip
        assert cursor.fetchone()[0] == 0


def test_rebuild_catches_writes_that_bypass_save(archive: dict[str, object], admin: User) -> None:
    AgendaItem.objects.filter(pk=archive["readmissions"].pk).update(title="Opdateret uden om")  # type: ignore[attr-defined]
    assert titles(admin, "opdateret") == []
    search.reindex_items([archive["readmissions"].pk])  # type: ignore[attr-defined]
    assert titles(admin, "opdateret") == ["Opdateret uden om"]
    AgendaItem.objects.filter(title__startswith="Hjertesvigt").update(title="Flyttet uden om")
    search.rebuild()
    assert titles(admin, "flyttet") == ["Flyttet uden om"]
    assert titles(admin, "indsatsen") == ["Opdateret uden om"]


def test_html_becomes_words() -> None:
    assert " ".join(search.html_to_text(CASE_TEXT).split()) == (
        "Baggrund Antallet af genindlæggelser blandt ældre borgere over 75 år er steget i "
        "Gødstrup-området. Sygeplejeklinikker Opfølgende hjemmebesøg & telefonopkald"
    )
    assert search.html_to_text("<p>gen<strong>indlæg</strong>gelser</p>").split() == [
        "genindlæggelser"
    ]
    assert search.html_to_text("a<br>b<style>x</style>").split() == ["a", "b"]


# ---- the pages -----------------------------------------------------------------------------


def test_the_archive_lists_past_meetings_by_year_with_cancelled_ones_marked(
    archive: dict[str, object], bodies: dict[str, Body]
) -> None:
    karen = User.objects.get(email="karen@klynge.test")
    client = signed_in(karen)
    html = client.get(reverse("body_archive", args=["fsg"])).content.decode()
    assert f"?year={LAST_YEAR}" in html and f"?year={LAST_YEAR - 1}" in html
    for name in ("march", "june", "cancelled"):
        assert reverse("meeting_detail", args=[archive[name].pk]) in html  # type: ignore[attr-defined]
    assert reverse("agenda", args=[archive["march"].pk]) in html  # type: ignore[attr-defined]
    assert "(aflyst)" in html
    assert "Offentliggjort" in html or "Published" in html
    assert reverse("meeting_detail", args=[archive["older"].pk]) not in html  # type: ignore[attr-defined]
    assert "Kommende punkt" not in html and str(TODAY.year + 1) not in html.split("<h1>")[1][:40]
    older = client.get(reverse("body_archive", args=["fsg"]), {"year": LAST_YEAR - 1})
    assert reverse("meeting_detail", args=[archive["older"].pk]) in older.content.decode()  # type: ignore[attr-defined]
    empty = client.get(reverse("body_archive", args=["fsg"]), {"year": 2001}).content.decode()
    assert 'id="archive-meetings"' not in empty
    plan = client.get(reverse("body_meetings", args=["fsg"])).content.decode()
    assert reverse("body_archive", args=["fsg"]) in plan


def test_the_search_page_says_what_it_found(archive: dict[str, object], secretary: User) -> None:
    client = signed_in(secretary)
    empty = client.get(reverse("search")).content.decode()
    assert 'role="search"' in empty and 'id="search-results"' not in empty
    assert 'for="search-q"' in empty and reverse("search") in empty.split("</nav>")[0]
    nothing = client.get(reverse("search"), {"q": "zzyzx"}).content.decode()
    assert "zzyzx" in nothing and 'id="search-results"' not in nothing
    found = client.get(reverse("search"), {"q": "genindlæggelse"}).content.decode()
    assert 'id="search-results"' in found
    assert "<mark>genindlæggelser</mark>" in found
    assert reverse("agenda_item", args=[archive["march"].pk, archive["readmissions"].pk]) in found  # type: ignore[attr-defined]
    cancelled = client.get(reverse("search"), {"q": "børnesundhed"}).content.decode()
    assert "(aflyst)" in cancelled


def test_the_pages_need_a_sign_in(client: Client, db: None) -> None:
    for url in (reverse("search"), reverse("body_archive", args=["fsg"])):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# ---- query counts ----------------------------------------------------------------------------


def test_the_pages_use_a_fixed_number_of_queries(
    archive: dict[str, object], secretary: User, django_assert_max_num_queries: object
) -> None:
    client = signed_in(secretary)
    march: Meeting = archive["march"]  # type: ignore[assignment]
    # Two of them: the bodies whose closed items the reader reads.
    with django_assert_max_num_queries(16):  # type: ignore[operator]
        assert client.get(reverse("search"), {"q": "genindlæggelser"}).status_code == 200
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        assert client.get(reverse("body_archive", args=["fsg"])).status_code == 200
    for n in range(30):
        item_on(march, f"Genindlæggelser del {n}", summary="Mere om genindlæggelser.")
        meeting_on(march.body, D(LAST_YEAR, 1, 5) + datetime.timedelta(days=7 * n))
    with django_assert_max_num_queries(16):  # type: ignore[operator]
        html = client.get(reverse("search"), {"q": "genindlæggelser"}).content.decode()
    assert html.count("<mark>") >= 20 and 'rel="next"' in html
    with django_assert_max_num_queries(16):  # type: ignore[operator]
        assert client.get(reverse("search"), {"q": "genindlæggelser", "page": 2}).status_code == 200
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        assert client.get(reverse("body_archive", args=["fsg"])).status_code == 200


# ---- in a real browser -----------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_member_browses_the_archive_and_searches(
    live_server: object,
    visit: Visit,
    cluster: object,
    secretary: User,
) -> None:
    make_member(secretary.email, "Lars Østergaard", "fsg")
    fsg = Body.objects.get(key="fsg")
    march = meeting_on(fsg, D(LAST_YEAR, 3, 4))
    item = item_on(march, "Færre genindlæggelser af ældre", case_text=CASE_TEXT)
    cancelled = meeting_on(fsg, D(LAST_YEAR, 9, 2))
    cancelled_back_then(cancelled)
    meeting_on(fsg, D(LAST_YEAR - 1, 5, 5))
    page = visit.page
    base = live_server.url  # type: ignore[attr-defined]
    sign_in(page, base, secretary.email)

    page.goto(f"{base}/bodies/fsg/meetings/")  # type: ignore[attr-defined]
    page.locator("#archive-link").click()  # type: ignore[attr-defined]
    assert page.locator("#archive-meetings tbody tr").count() == 2  # type: ignore[attr-defined]
    visit.check("the archive of a year")
    page.locator(f"#archive-years a[href='?year={LAST_YEAR - 1}']").click()  # type: ignore[attr-defined]
    assert page.locator("#archive-meetings tbody tr").count() == 1  # type: ignore[attr-defined]
    page.fill("#archive-q", "genindlæggelse")  # type: ignore[attr-defined]
    page.locator("#archive-q").press("Enter")  # type: ignore[attr-defined]
    page.wait_for_url("**/search/**")  # type: ignore[attr-defined]
    assert page.locator("#search-results li").count() == 1  # type: ignore[attr-defined]
    assert page.locator("#search-results mark").first.inner_text() == "genindlæggelser"  # type: ignore[attr-defined]
    visit.check("search results")
    page.locator(f"#search-results a[href$='/agenda/{item.pk}/']").click()  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text() == f"{item.position}. Færre genindlæggelser af ældre"  # type: ignore[attr-defined]

    page.goto(f"{base}/search/?q=%22NEAR%28%3A+-")  # type: ignore[attr-defined]
    assert page.locator("#search-results").count() == 0  # type: ignore[attr-defined]
    visit.check("a search that finds nothing")
    main_menu(page).locator("a[href='/search/']").click()  # type: ignore[attr-defined]
    assert page.locator("#search-status").count() == 1  # type: ignore[attr-defined]
    visit.check("the empty search page")
