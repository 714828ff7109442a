"""Closed items (lukkede punkter) and closed attachments: the matrix of every place that can show
an item, as each role, with marker words in the closed item's texts, its action, its attachment
and a closed attachment on an open item. The table is written by hand; it never asks the access
helpers. Also: how the secretariat marks items and attachments, and the access log."""

import datetime
import io
import zipfile

import pytest
from django.test import Client
from pypdf import PdfReader

from klynge.accounts.access_log import CLOSED_ATTACHMENT_READ, CLOSED_ITEM_READ, SIGNED_IN
from klynge.accounts.audit import SystemActor
from klynge.accounts.models import AccessEntry, AuditEntry, User
from klynge.governance.models import Body, Person
from klynge.meetings import attachments, minutes
from klynge.meetings.models import (
    AgendaItem,
    Attachment,
    CalendarFeed,
    Meeting,
    MeetingStatus,
)
from klynge.meetings.reminders import send_follow_up_reminders
from klynge.meetings.services import MeetingRow, add_item, announce_changes, create_meetings
from klynge.printing import html_to_pdf
from tests.helpers import Mailbox, import_lines

D = datetime.date
ACTOR = SystemActor("test")
HEADER = "body,seat,organisation,name,email,start,end,continuing,appointed_by,substitute_for,role"

# Every text of the closed item, its action and its attachment, and the closed attachment of an
# open item, carries one of these; none of them may reach a reader without the right.
MARKERS = {
    "title": "QZXTITEL",
    "summary": "QZXRESUME",
    "case_text": "QZXSAGSFREMSTILLING",
    "recommendation": "QZXINDSTILLING",
    "presenter": "QZXOPLAEGSHOLDER",
    "decision": "QZXBESLUTNING",
    "action": "QZXOPGAVE",
    "attachment_title": "QZXBILAGSTITEL",
    "attachment_file": "QZXBILAGSINDHOLD",
    "open_item_attachment_title": "QZXLUKKETBILAG",
    "open_item_attachment_file": "QZXLUKKETINDHOLD",
}
PUBLIC_TITLE = "Personalesag"

ROLES = [
    "signed_out", "outsider", "observer", "member", "substitute", "co_chair", "secretariat",
    "other_secretariat", "administrator",
]  # fmt: skip
EMAILS = {
    "outsider": "otto@udenfor.test",
    "observer": "olga@rm.test",
    "member": "jens@klynge.test",
    "substitute": "sara@patient.test",
    "co_chair": "rikke@goedstrup.test",
    "secretariat": "lars@klynge.test",
    "other_secretariat": "anne@psykiatrien.test",
    "administrator": "mette@klynge.test",
}

Y, N = True, False
# Place → whether a marker word may appear, per role in the order of ROLES:
#             out  outs obs  mem  sub  chair secr oth  admin
MATRIX: dict[str, tuple[bool, ...]] = {
    "meeting page":                 (N, N, N, Y, Y, Y, Y, N, Y),
    "agenda page":                  (N, N, N, Y, Y, Y, Y, N, Y),
    "closed item page":             (N, N, N, Y, Y, Y, Y, N, Y),
    "open item page":               (N, N, N, Y, Y, Y, Y, N, Y),
    "minutes page":                 (N, N, N, Y, Y, Y, Y, N, Y),
    "summary page":                 (N, N, N, Y, Y, Y, Y, N, Y),
    "summary PDF":                  (N, N, N, Y, Y, Y, Y, N, Y),
    "meeting pack PDF":             (N, N, N, Y, Y, Y, Y, N, Y),
    "minutes PDF":                  (N, N, N, Y, Y, Y, Y, N, Y),
    "documents ZIP":                (N, N, N, Y, Y, Y, Y, N, Y),
    "closed attachment":            (N, N, N, Y, Y, Y, Y, N, Y),
    "closed attachment, open item": (N, N, N, Y, Y, Y, Y, N, Y),
    "search":                       (N, N, N, Y, Y, Y, Y, N, Y),
    "next meeting's agenda":        (N, N, N, Y, Y, Y, Y, N, Y),
    "next meeting's follow-up item": (N, N, N, Y, Y, Y, Y, N, Y),
    # The action is Jens's, and its organisation the observer's: it is on their lists, and on
    # the secretariat's and the administrator's, who follow the body's actions.
    "follow-up page":               (N, N, N, Y, N, N, Y, N, Y),
    "home page":                    (N, N, N, Y, N, N, N, N, N),
    "body archive":                 (N, N, N, N, N, N, N, N, N),
    "body's year":                  (N, N, N, N, N, N, N, N, N),
    "calendar feed":                (N, N, N, N, N, N, N, N, N),
}  # fmt: skip


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def _zip_text(data: bytes) -> str:
    """The names in the ZIP and the text of its PDFs."""
    parts = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            parts.append(name)
            if name.endswith(".pdf"):
                parts.append(_pdf_text(archive.read(name)))
    return "\n".join(parts)


def _text(response: object) -> str:
    """What a reader gets from a response, as text: a page, a PDF's text, a ZIP's names and
    PDFs, a file."""
    status = response.status_code  # type: ignore[attr-defined]
    if status != 200:
        return f"<{status}>"
    content = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
    kind = response.get("Content-Type", "")  # type: ignore[attr-defined]
    if "pdf" in kind or content.startswith(b"%PDF"):
        return _pdf_text(content)
    if "zip" in kind:
        return _zip_text(content)
    return content.decode("utf-8", "replace")


def _pdf_attachment(marker: str, name: str) -> object:
    from django.core.files.base import ContentFile

    return ContentFile(
        html_to_pdf(f'<html lang="da"><body><p>Bilagets tekst: {marker}.</p></body></html>'),
        name=name,
    )


@pytest.fixture
def closed_world(fsg: Body) -> dict[str, object]:
    """An FSG meeting held on 18 November 2026 with published minutes, a closed item with every
    text, a decision, an action and an attachment, an open item with a closed attachment, and a
    later meeting whose agenda follows the action up."""
    import_lines([
        HEADER,
        "fsg,hospitalsledelse,goedstrup,Rikke Holm,rikke@goedstrup.test,2026-01-01,,,,,chair",
        "fsg,,patienter,Sara Stedfortræder,sara@patient.test,2026-01-01,,,,jens@klynge.test,",
        "fsg,,rm,Olga Observatør,olga@rm.test,2026-01-01,,,,,observer",
        "fog-voksen-psykiatri,,psykiatrien,Anne Anden,anne@psykiatrien.test,2026-01-01,,,,,"
        "secretariat",
    ])  # fmt: skip
    held, later = create_meetings(
        acting_user=ACTOR, body=fsg, notify=False,
        rows=[MeetingRow(D(2026, 11, 18), datetime.time(13), datetime.time(15)),
              MeetingRow(D(2027, 1, 20), datetime.time(13), datetime.time(15))],
    )  # fmt: skip
    closed = add_item(
        acting_user=ACTOR,
        meeting=held,
        values={
            "title": f"Sag om {MARKERS['title']}",
            "summary": f"Resumé {MARKERS['summary']}",
            "case_text": f"<p>Sagen {MARKERS['case_text']}</p>",
            "recommendation": f"Indstilling {MARKERS['recommendation']}",
            "presenter": f"Oplæg {MARKERS['presenter']}",
            "closed": True,
            "public_title": PUBLIC_TITLE,
        },
    )
    opened = add_item(acting_user=ACTOR, meeting=held, values={"title": "Budget 2027"})
    attachments.add_attachment(
        acting_user=ACTOR, item=closed,
        upload=_pdf_attachment(MARKERS["attachment_file"], f"{MARKERS['attachment_title']}.pdf"),
        title=MARKERS["attachment_title"],
    )  # fmt: skip
    open_attachment = attachments.add_attachment(
        acting_user=ACTOR, item=opened,
        upload=_pdf_attachment(
            MARKERS["open_item_attachment_file"], f"{MARKERS['open_item_attachment_title']}.pdf"
        ),
        title=MARKERS["open_item_attachment_title"], closed=True,
    )  # fmt: skip
    attachments.add_attachment(
        acting_user=ACTOR, item=opened,
        upload=_pdf_attachment("Offentligt indhold", "Budget.pdf"), title="Budgetoversigt",
    )  # fmt: skip
    closed.refresh_from_db()
    closed.decision = f"Besluttet {MARKERS['decision']}"
    closed.save()
    olga = Person.objects.get(email="olga@rm.test")
    minutes.add_action(
        acting_user=ACTOR, meeting=held, title=f"Følg op {MARKERS['action']}", item=closed,
        owner=Person.objects.get(email="jens@klynge.test"), organisation=olga.organisation,
        due=D(2027, 3, 1),
    )  # fmt: skip
    Meeting.objects.filter(pk=held.pk).update(
        minutes_status="published",
        minutes_published_at=datetime.datetime(2026, 11, 25, 12, tzinfo=datetime.UTC),
    )
    for email in EMAILS.values():
        if not User.objects.filter(email=email).exists():
            User.objects.create_user(email=email, password="x" * 12)
    User.objects.filter(email=EMAILS["administrator"]).update(is_staff=True, is_superuser=True)
    # A member's own address for FSG's meetings: a feed carries no item text to anyone.
    feed = CalendarFeed.objects.create(
        person=Person.objects.get(email="jens@klynge.test"), body=fsg
    )
    return {
        "held": held,
        "later": later,
        "closed": closed,
        "opened": opened,
        "closed_attachment": Attachment.objects.get(item=closed),
        "open_item_attachment": open_attachment,
        "follow_up_item": AgendaItem.objects.get(meeting=later, position=2),
        "feed": feed,
    }


def _places(world: dict[str, object]) -> dict[str, list[str]]:
    """Each place of the matrix as the URLs it is read at."""
    held, later = world["held"], world["later"]
    assert isinstance(held, Meeting) and isinstance(later, Meeting)
    closed, opened, follow_up = world["closed"], world["opened"], world["follow_up_item"]
    a, b = world["closed_attachment"], world["open_item_attachment"]
    m = f"/meetings/{held.pk}"
    return {
        "meeting page": [f"{m}/"],
        "agenda page": [f"{m}/agenda/"],
        "closed item page": [f"{m}/agenda/{closed.pk}/"],  # type: ignore[attr-defined]
        "open item page": [f"{m}/agenda/{opened.pk}/"],  # type: ignore[attr-defined]
        "minutes page": [f"{m}/minutes/"],
        "summary page": [f"{m}/summary/"],
        "summary PDF": [f"{m}/summary/?format=pdf"],
        "meeting pack PDF": [f"{m}/documents/pack.pdf"],
        "minutes PDF": [f"{m}/documents/minutes.pdf"],
        "documents ZIP": [f"{m}/documents.zip"],
        "closed attachment": [f"{m}/attachments/{a.pk}/"],  # type: ignore[attr-defined]
        "closed attachment, open item": [f"{m}/attachments/{b.pk}/"],  # type: ignore[attr-defined]
        # By the start of each word (the search finds words by their beginning), so that the
        # page's echo of what was searched for is not the marker itself.
        "search": [f"/search/?q={w[:-2]}" for w in MARKERS.values()],
        "next meeting's agenda": [f"/meetings/{later.pk}/agenda/"],
        "next meeting's follow-up item": [f"/meetings/{later.pk}/agenda/{follow_up.pk}/"],  # type: ignore[attr-defined]
        "follow-up page": ["/followup/"],
        "home page": ["/"],
        "body archive": ["/bodies/fsg/archive/?year=2026"],
        "body's year": ["/bodies/fsg/meetings/?year=2026"],
        "calendar feed": [f"/calendar/{world['feed'].token}.ics"],  # type: ignore[attr-defined]
    }


def _client(role: str) -> Client:
    client = Client()
    if role != "signed_out":
        client.force_login(User.objects.get(email=EMAILS[role]))
    return client


def test_every_place_is_in_the_matrix_with_every_role(closed_world: dict[str, object]) -> None:
    assert set(_places(closed_world)) == set(MATRIX)
    assert all(len(row) == len(ROLES) for row in MATRIX.values())


@pytest.mark.parametrize("role", ROLES)
def test_the_marker_reaches_exactly_those_with_the_right(
    closed_world: dict[str, object], role: str
) -> None:
    client = _client(role)
    column = ROLES.index(role)
    wrong = []
    for place, urls in _places(closed_world).items():
        text = "\n".join(_text(client.get(url)) for url in urls)
        found = sorted(name for name, word in MARKERS.items() if word in text)
        if MATRIX[place][column] != bool(found):
            wrong.append(f"{place}: expected {MATRIX[place][column]}, found {found or 'none'}")
    assert wrong == []


@pytest.mark.parametrize("role", ["observer", "other_secretariat", "outsider"])
def test_the_closed_attachments_are_not_there_for_those_without_the_right(
    closed_world: dict[str, object], role: str
) -> None:
    client = _client(role)
    for url in (
        _places(closed_world)["closed attachment"]
        + _places(closed_world)["closed attachment, open item"]
    ):
        assert client.get(url).status_code == 404


def test_an_observer_sees_the_number_and_the_public_title_only(
    closed_world: dict[str, object],
) -> None:
    client = _client("observer")
    places = _places(closed_world)
    agenda = client.get(places["agenda page"][0]).content.decode()
    assert f">{PUBLIC_TITLE}</a>" in agenda and ">Lukket punkt</td>" in agenda
    item = client.get(places["closed item page"][0]).content.decode()
    position = closed_world["closed"].position  # type: ignore[attr-defined]
    assert f"{position}. {PUBLIC_TITLE}" in item
    assert "Dette er et lukket punkt." in item
    assert "Bilag" not in item and "Resumé" not in item
    follow_up = client.get("/followup/").content.decode()
    assert "Opgave under lukket punkt" in follow_up or "Action under a closed item" in follow_up
    opened = client.get(places["open item page"][0]).content.decode()
    assert "Budgetoversigt" in opened  # the open attachment of the open item is there


def test_a_closed_item_without_a_public_title_reads_closed_item(
    closed_world: dict[str, object],
) -> None:
    AgendaItem.objects.filter(pk=closed_world["closed"].pk).update(public_title="")  # type: ignore[attr-defined]
    agenda = _client("observer").get(_places(closed_world)["agenda page"][0])
    assert ">Lukket punkt</a>" in agenda.content.decode() or ">Closed item</a>" in (
        agenda.content.decode()
    )


def test_opening_a_closed_item_or_attachment_is_logged_for_those_with_the_right(
    closed_world: dict[str, object],
) -> None:
    places = _places(closed_world)
    member = _client("member")
    assert member.get(places["closed item page"][0]).status_code == 200
    assert member.get(places["closed attachment"][0]).status_code == 200
    assert member.get(places["closed attachment, open item"][0]).status_code == 200
    member.get(places["agenda page"][0])  # a list page is not logged
    jens = User.objects.get(email=EMAILS["member"])
    logged = list(
        AccessEntry.objects.filter(user=jens)
        .exclude(action=SIGNED_IN)  # signing in is logged too
        .order_by("pk")
        .values_list("action", "object_id")
    )
    assert logged == [
        (CLOSED_ITEM_READ, str(closed_world["closed"].pk)),  # type: ignore[attr-defined]
        (CLOSED_ATTACHMENT_READ, str(closed_world["closed_attachment"].pk)),  # type: ignore[attr-defined]
        (CLOSED_ATTACHMENT_READ, str(closed_world["open_item_attachment"].pk)),  # type: ignore[attr-defined]
    ]
    _client("observer").get(places["closed item page"][0])
    observer = AccessEntry.objects.filter(user__email=EMAILS["observer"])
    assert not observer.exclude(action=SIGNED_IN).exists()


def test_no_e_mail_carries_a_closed_item_s_text(
    closed_world: dict[str, object], mailbox: Mailbox
) -> None:
    """Neither the changed items of a sent agenda nor the reminder of an action under a closed
    item: e-mail leaves Klynge, so a closed item is named by its closed title even to members."""
    later = closed_world["later"]
    assert isinstance(later, Meeting)
    Meeting.objects.filter(pk=later.pk).update(agenda_status="sent")
    later.refresh_from_db()
    item = add_item(
        acting_user=ACTOR,
        meeting=later,
        values={"title": f"Ny sag {MARKERS['title']}", "closed": True},
    )
    assert AgendaItem.objects.get(pk=item.pk).changed_after_sending
    announce_changes(acting_user=ACTOR, meeting=Meeting.objects.get(pk=later.pk))
    notices = list(mailbox.wait_for(len(EMAILS) - 3))
    assert notices, "the members are told of the changed items"
    for message in notices:
        body = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        assert not any(word in body or word in message["subject"] for word in MARKERS.values())
        assert "Lukket punkt" in body or "Closed item" in body
    mailbox.messages.clear()
    assert send_follow_up_reminders(D(2027, 2, 28))
    [reminder] = mailbox.wait_for(1)
    body = reminder.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert MARKERS["action"] not in body and MARKERS["action"] not in reminder["subject"]
    assert "lukket punkt" in body or "closed item" in body


# ---- the secretariat marks items and attachments --------------------------------------------


def test_the_secretariat_marks_an_item_closed_with_a_public_title(
    closed_world: dict[str, object],
) -> None:
    opened = closed_world["opened"]
    assert isinstance(opened, AgendaItem)
    client = _client("secretariat")
    url = f"/meetings/{opened.meeting_id}/agenda/{opened.pk}/"
    page = client.get(url).content.decode()
    assert 'name="closed"' in page and 'name="public_title"' in page
    response = client.post(url, {
        "version": opened.version, "title": "Budget 2027", "kind": "discussion", "minutes": 15,
        "closed": "on", "public_title": "Økonomisag",
    })  # fmt: skip
    assert response.status_code == 302
    opened.refresh_from_db()
    assert opened.closed and opened.public_title == "Økonomisag"
    change = AuditEntry.objects.filter(action="agendaitem.change", object_id=str(opened.pk)).last()
    assert change is not None
    assert change.before["closed"] is False and change.after["closed"] is True
    assert change.after["public_title"] == "Økonomisag"


def test_a_closed_attachment_cannot_be_public(closed_world: dict[str, object]) -> None:
    attachment = closed_world["open_item_attachment"]
    assert isinstance(attachment, Attachment)
    client = _client("secretariat")
    url = f"/meetings/{attachment.item.meeting_id}/attachments/{attachment.pk}/access/"
    response = client.post(url, {"closed": "on", "public": "on"}, follow=True)
    assert "Offentligt" in response.content.decode() or "Public" in response.content.decode()
    attachment.refresh_from_db()
    assert attachment.closed and not attachment.public
    client.post(url, {"public": "on"})
    attachment.refresh_from_db()
    assert not attachment.closed and attachment.public
    assert AuditEntry.objects.filter(action="attachment.change", object_id=str(attachment.pk))
    # Now open, the observer gets it.
    assert _client("observer").get(f"/meetings/{attachment.item.meeting_id}/attachments/"
                                   f"{attachment.pk}/").status_code == 200  # fmt: skip
    with pytest.raises(attachments.AttachmentRefused):
        attachments.add_attachment(
            acting_user=ACTOR, item=attachment.item,
            upload=_pdf_attachment("x", "x.pdf"), closed=True, public=True,  # type: ignore[arg-type]
        )  # fmt: skip


def test_only_the_secretariat_changes_who_gets_an_attachment(
    closed_world: dict[str, object],
) -> None:
    attachment = closed_world["open_item_attachment"]
    assert isinstance(attachment, Attachment)
    url = f"/meetings/{attachment.item.meeting_id}/attachments/{attachment.pk}/access/"
    assert _client("member").post(url, {"public": "on"}).status_code == 403
    assert _client("observer").post(url, {"public": "on"}).status_code == 404
    attachment.refresh_from_db()
    assert attachment.closed and not attachment.public


def test_a_cancelled_meeting_keeps_its_closed_items_closed(
    closed_world: dict[str, object],
) -> None:
    held = closed_world["held"]
    assert isinstance(held, Meeting)
    Meeting.objects.filter(pk=held.pk).update(status=MeetingStatus.CANCELLED)
    text = _client("observer").get(f"/meetings/{held.pk}/agenda/").content.decode()
    assert not any(word in text for word in MARKERS.values())


def test_the_answer_kept_on_a_meeting_is_never_another_reader_s(
    closed_world: dict[str, object],
) -> None:
    from django.contrib.auth.models import AnonymousUser

    from klynge.governance.access import may_read_closed

    meeting = Meeting.objects.get(pk=closed_world["held"].pk)  # type: ignore[attr-defined]
    assert may_read_closed(SystemActor("test"), meeting)
    assert not may_read_closed(AnonymousUser(), meeting)  # neither has a pk
    assert not may_read_closed(User.objects.get(email=EMAILS["observer"]), meeting)
    assert may_read_closed(User.objects.get(email=EMAILS["member"]), meeting)
