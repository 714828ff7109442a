"""Attachments (bilag) on agenda items, the meeting pack and the minutes as PDF, and the ZIP of a
meeting's documents.

Files are real: PDFs made with pikepdf, an XLSX with openpyxl, PNG and JPEG with Pillow; the
packs are real WeasyPrint PDFs, opened again with pypdf and pikepdf to read their text, pages and
bookmarks. Texts the lead translates are looked up through gettext in Danish, so the tests hold
before and after the translation.
"""

import datetime
import io
import re
import zipfile
from pathlib import Path

import pikepdf
import pypdf
import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext

from klynge.accounts.audit import SystemActor
from klynge.accounts.models import AuditEntry, User
from klynge.governance.models import Body, Organisation, Person
from klynge.meetings import attachments, documents
from klynge.meetings.models import (
    ActionItem,
    AgendaItem,
    Attachment,
    Attendance,
    Disqualification,
    Meeting,
    MeetingDocument,
)
from klynge.meetings.services import MeetingRow, change_item, change_meeting, create_meetings
from tests.helpers import PASSWORD, Visit, make_member, sign_in

D = datetime.date
ACTOR = SystemActor("test")


def da(text: str, **values: object) -> str:
    """A text as the Danish pages and PDFs show it, whatever the state of the translation."""
    with translation.override("da"):
        translated = gettext(text)
    return translated % values if values else translated


# ---- files ----------------------------------------------------------------------------------


def pdf_file(*pages: str) -> bytes:
    """A PDF with one line of text on each page (Helvetica, so pypdf reads it back)."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    for text in pages:
        page = pdf.add_blank_page(page_size=(595, 842))
        page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        page.Contents = pdf.make_stream(f"BT /F1 20 Tf 72 700 Td ({text}) Tj ET".encode())
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def image_file(fmt: str) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, format=fmt)
    return out.getvalue()


def xlsx_file() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Konto", "Beløb"])  # type: ignore[union-attr]
    book.active.append(["Akutpladser", 1200000])  # type: ignore[union-attr]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def docx_file() -> bytes:
    """The smallest shape of a Word document: its content types and a word/ part, in a zip
    whose first entry is not the content types (as some tools write them)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr("docProps/app.xml", "<Properties/>")
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def upload(client: Client, meeting: Meeting, item: AgendaItem, name: str, content: bytes,
           title: str = "") -> object:  # fmt: skip
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        f"/meetings/{meeting.pk}/agenda/{item.pk}/attachments/",
        {"file": SimpleUploadedFile(name, content), "title": title},
        follow=True,
    )


def stored_files() -> set[Path]:
    root = Path(django_settings.MEDIA_ROOT)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def pdf_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def outline(data: bytes) -> list[tuple[int, str, int]]:
    """The bookmarks as (level, title, 1-based page), in order."""
    found: list[tuple[int, str, int]] = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = {page.objgen: number for number, page in enumerate(pdf.pages, start=1)}
        with pdf.open_outline() as tree:

            def walk(entries: list[pikepdf.OutlineItem], level: int) -> None:
                for entry in entries:
                    target = entry.destination[0] if entry.destination else None
                    found.append((level, entry.title, pages.get(target.objgen, 0)))
                    walk(entry.children, level + 1)

            walk(tree.root, 1)
    return found


# ---- people and a meeting -------------------------------------------------------------------


@pytest.fixture
def outsider(db: None) -> User:
    """Someone signed in who sits in no body."""
    from klynge.accounts.services import create_user

    return create_user(
        acting_user=ACTOR, email="ole@klynge.test", full_name="Ole Udenfor", password=PASSWORD
    )


@pytest.fixture
def meeting(fsg: Body) -> Meeting:
    """Wednesday 19 May 2027, 13–15 at Regionshuset Viborg: the standard items, and an item on
    acute places between them."""
    from klynge.meetings.services import add_item

    [found] = create_meetings(
        acting_user=ACTOR, body=fsg, notify=False,
        rows=[MeetingRow(D(2027, 5, 19), datetime.time(13), datetime.time(15),
                         place="Regionshuset Viborg")],
    )  # fmt: skip
    add_item(
        acting_user=ACTOR,
        meeting=found,
        values={
            "title": "Akutpladser i Gødstrup-Klyngen", "kind": "decision",
            "presenter": "Anne Birk", "minutes": 30, "case_number": "1-30-72-4-26",
            "summary": "Kommunerne og hospitalet foreslår en fælles model for akutpladser.",
            "recommendation": "Det indstilles, at FSG godkender modellen.",
            "case_text": "<h3>Baggrund</h3><p>Modellen bygger på erfaringer fra 2026.</p>"
                         "<ul><li>Holstebro</li><li>Herning</li></ul>",
        },
    )  # fmt: skip
    return Meeting.objects.get(pk=found.pk)


def item_at(meeting: Meeting, position: int) -> AgendaItem:
    return meeting.items.get(position=position)


# ---- attachments ----------------------------------------------------------------------------


def test_attachments_are_accepted_by_their_content_and_refused_with_the_reason(
    client: Client, secretary: User, meeting: Meeting, settings: object
) -> None:
    client.force_login(secretary)
    item = item_at(meeting, 3)
    revision = meeting.agenda_revision
    accepted = [
        ("Budget 2027.pdf", pdf_file("Budget side 1")),
        ("Notat.docx", docx_file()),
        ("Budget.xlsx", xlsx_file()),
        ("Kort.png", image_file("PNG")),
        ("Foto.JPEG", image_file("JPEG")),
        ("Referat 3.5.2027", pdf_file("Referat")),  # no suffix of a type: .pdf is added
    ]
    for name, content in accepted:
        response = upload(client, meeting, item, name, content)
        assert response.status_code == 200  # type: ignore[attr-defined]
    saved = list(item.attachments.order_by("position"))
    assert [(a.position, a.filename, a.title, a.content_type) for a in saved] == [
        (1, "Budget 2027.pdf", "Budget 2027", "application/pdf"),
        (2, "Notat.docx", "Notat",
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (3, "Budget.xlsx", "Budget",
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (4, "Kort.png", "Kort", "image/png"),
        (5, "Foto.JPEG", "Foto", "image/jpeg"),
        (6, "Referat 3.5.2027.pdf", "Referat 3.5.2027", "application/pdf"),
    ]  # fmt: skip
    first = saved[0]
    # Stored under a random name in the meeting's folder, never the uploaded one.
    assert re.fullmatch(rf"bilag/{meeting.pk}/[0-9a-f]{{32}}", first.file.name)
    assert first.size == len(pdf_file("Budget side 1")) and len(first.sha256) == 64
    assert Meeting.objects.get(pk=meeting.pk).agenda_revision == revision + len(accepted)
    audit = AuditEntry.objects.filter(action="attachment.create", object_id=str(first.pk)).get()
    assert audit.actor == secretary and audit.after["filename"] == "Budget 2027.pdf"  # type: ignore[index]

    files_before, rows_before = stored_files(), Attachment.objects.count()
    png_as_pdf = upload(client, meeting, item, "budget.pdf", image_file("PNG"))
    page = png_as_pdf.content.decode()  # type: ignore[attr-defined]
    assert da(
        "%(name)s is a %(kind)s, but its name ends in %(suffix)s. Check that it is the right "
        "file, and give it a name that ends in %(expected)s.",
        name="budget.pdf", kind=da("PNG image"), suffix=".pdf", expected=".png",
    ) in page  # fmt: skip
    text_as_pdf = upload(client, meeting, item, "notat.pdf", b"Dette er bare tekst\n" * 50)
    assert (
        da(
            "%(name)s is not a PDF, Word (DOCX), Excel (XLSX), PNG or JPEG file. Klynge reads the "
            "type from the file's content, not from its name.",
            name="notat.pdf",
        )
        in text_as_pdf.content.decode()
    )  # type: ignore[attr-defined]
    # A presentation is a zip with the Office content types, but not Word or Excel.
    pptx = io.BytesIO()
    with zipfile.ZipFile(pptx, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("ppt/presentation.xml", "<p/>")
    assert (
        "slides.pptx"
        in upload(client, meeting, item, "slides.pptx", pptx.getvalue()).content.decode()
    )  # type: ignore[attr-defined]
    assert "tom.pdf" in upload(client, meeting, item, "tom.pdf", b"").content.decode()  # type: ignore[attr-defined]
    settings.KLYNGE_MAX_ATTACHMENT_MB = 1  # type: ignore[attr-defined]
    big = pdf_file("Stor") + b"%" + b"x" * (1024 * 1024)
    too_big = upload(client, meeting, item, "Stor.pdf", big).content.decode()  # type: ignore[attr-defined]
    assert da(
        "%(name)s is %(size)s MB; attachments can be at most %(limit)s MB.",
        name="Stor.pdf", size="1,0", limit=1,
    ) in too_big  # fmt: skip
    # Far beyond the limit, the upload is stopped before any of it is kept (SizeLimitedUpload).
    huge = upload(client, meeting, item, "Kæmpe.pdf", big * 2).content.decode()  # type: ignore[attr-defined]
    assert da(
        "%(name)s is %(size)s MB; attachments can be at most %(limit)s MB.",
        name="Kæmpe.pdf", size="2,0", limit=1,
    ) in huge  # fmt: skip
    # Nothing of the refused files was kept: no row, no file, no change to the agenda.
    assert Attachment.objects.count() == rows_before
    assert stored_files() == files_before
    assert Meeting.objects.get(pk=meeting.pk).agenda_revision == revision + len(accepted)


def test_the_write_function_checks_the_content_too(meeting: Meeting) -> None:
    from django.core.files.base import ContentFile

    item = item_at(meeting, 3)
    with pytest.raises(attachments.AttachmentRefused) as refused:
        attachments.add_attachment(
            acting_user=ACTOR, item=item, upload=ContentFile(image_file("PNG"), name="x.pdf")
        )
    assert "x.pdf" in refused.value.message
    added = attachments.add_attachment(
        acting_user=ACTOR, item=item, upload=ContentFile(pdf_file("A"), name="C:\\Bilag\\a.pdf")
    )
    assert added.filename == "a.pdf"  # an old browser's whole path is not kept


def test_a_title_over_its_limit_is_refused_naming_it_with_the_text_kept(
    client: Client, secretary: User, meeting: Meeting
) -> None:
    client.force_login(secretary)
    item = item_at(meeting, 3)
    page = client.get(f"/meetings/{meeting.pk}/agenda/{item.pk}/").content.decode()
    assert 'id="id_attachment_title"' in page and "maxlength" not in page  # nothing cut
    title = "Budget " + "ø" * 300
    before = stored_files()
    refused = upload(client, meeting, item, "Budget.pdf", pdf_file("Budget"), title=title)
    html = refused.content.decode()  # type: ignore[attr-defined]
    assert refused.status_code == 400  # type: ignore[attr-defined]
    assert (
        "Bilagets titel: Teksten er for lang: Her må højst stå 300 tegn, og den har 307. "
        "Titlen står stadig i feltet; forkort den, og vælg filen igen." in html
    )
    assert f'value="{title}"' in html and 'aria-invalid="true"' in html
    assert not item.attachments.exists() and stored_files() == before
    # Reloading the address the refusal left in the address bar shows the item's page.
    url = f"/meetings/{meeting.pk}/agenda/{item.pk}/attachments/"
    assert client.get(url).url == f"/meetings/{meeting.pk}/agenda/{item.pk}/"  # type: ignore[attr-defined]
    # Exactly at the limit it is attached with the whole title.
    upload(client, meeting, item, "Budget.pdf", pdf_file("Budget"), title=title[:300])
    assert item.attachments.get().title == title[:300]


def test_attachments_are_served_only_to_those_who_read_the_meeting(
    client: Client,
    secretary: User,
    patient_rep: User,
    outsider: User,
    meeting: Meeting,
    django_capture_on_commit_callbacks: object,
) -> None:
    item = item_at(meeting, 3)
    client.force_login(secretary)
    content = pdf_file("Budget")
    upload(client, meeting, item, "Budget æøå.pdf", content)
    upload(client, meeting, item, "Bilag to.pdf", pdf_file("To"))
    first, second = item.attachments.order_by("position")
    url = f"/meetings/{meeting.pk}/attachments/{first.pk}/"

    member = Client()
    member.force_login(patient_rep)
    response = member.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content  # type: ignore[attr-defined]
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''Budget%20%C3%A6%C3%B8%C3%A5.pdf" in response["Content-Disposition"]
    page = member.get(f"/meetings/{meeting.pk}/agenda/{item.pk}/").content.decode()
    assert f'href="{url}"' in page and "upload_attachment" not in page
    assert f"/meetings/{meeting.pk}/agenda/{item.pk}/attachments/" not in page  # no upload form
    # A member neither attaches nor removes.
    assert upload(member, meeting, item, "x.pdf", content).status_code == 403  # type: ignore[attr-defined]
    assert member.post(f"{url}delete/").status_code == 403

    stranger = Client()
    stranger.force_login(outsider)
    assert stranger.get(url).status_code == 404
    assert stranger.post(f"{url}delete/").status_code == 404
    assert client.get(f"/meetings/{meeting.pk}/attachments/999999/").status_code == 404

    # The secretariat removes the first: the file leaves storage, the other becomes number 1.
    path = Path(first.file.path)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        client.post(f"{url}delete/")
    assert not Attachment.objects.filter(pk=first.pk).exists() and not path.exists()
    second.refresh_from_db()
    assert second.position == 1
    assert AuditEntry.objects.filter(action="attachment.delete", object_id=str(first.pk)).exists()


def test_an_attachment_added_to_a_sent_agenda_marks_the_item_changed(
    client: Client, secretary: User, meeting: Meeting
) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(
        agenda_status="sent", agenda_sent_at=timezone.now()
    )
    client.force_login(secretary)
    item = item_at(meeting, 3)
    upload(client, meeting, item, "Sent.pdf", pdf_file("Sent"))
    item.refresh_from_db()
    assert item.changed_after_sending


# ---- the meeting pack ------------------------------------------------------------------------


@pytest.fixture
def pack_meeting(client: Client, secretary: User, meeting: Meeting) -> Meeting:
    """The meeting with two PDF attachments (two pages and one) and a spreadsheet on item 3."""
    client.force_login(secretary)
    item = item_at(meeting, 3)
    upload(client, meeting, item, "Model.pdf", pdf_file("Modellen side 1", "Modellen side 2"),
           title="Model for akutpladser")  # fmt: skip
    upload(client, meeting, item, "Budget.xlsx", xlsx_file(), title="Budget 2027")
    upload(client, meeting, item, "Kort.pdf", pdf_file("Kort over pladserne"))
    return Meeting.objects.get(pk=meeting.pk)


def test_the_meeting_pack_has_cover_agenda_items_attachments_bookmarks_and_page_numbers(
    client: Client, pack_meeting: Meeting, patient_rep: User
) -> None:
    meeting = pack_meeting
    member = Client()
    member.force_login(patient_rep)
    page = member.get(f"/meetings/{meeting.pk}/").content.decode()
    assert f'action="/meetings/{meeting.pk}/documents/pack/build/"' in page
    assert 'id="download-pack"' not in page

    # A member asks for it; in tests the background task runs at once.
    response = member.post(
        f"/meetings/{meeting.pk}/documents/pack/build/", {"next": f"/meetings/{meeting.pk}/agenda/"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/meetings/{meeting.pk}/agenda/#documents-title"
    document = MeetingDocument.objects.get(meeting=meeting, kind="pack")
    assert (document.status, document.progress, document.error) == ("ready", 100, "")
    for where in ("/", "/agenda/"):
        page = member.get(f"/meetings/{meeting.pk}{where}").content.decode()
        assert f'href="/meetings/{meeting.pk}/documents/pack.pdf" id="download-pack"' in page
        assert da("Download the meeting pack (PDF)") in page

    response = member.get(f"/meetings/{meeting.pk}/documents/pack.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert "Regionshuset" not in response["Content-Disposition"]
    assert f"{meeting.body.key}%202027-05-19.pdf" in response["Content-Disposition"]
    data = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    text = pdf_text(data)
    pages = len(text)
    assert pages == document.pages

    # The attachments' three pages come last, in order, as they were.
    assert "Modellen side 1" in text[-3] and "Modellen side 2" in text[-2]
    assert "Kort over pladserne" in text[-1]
    own = pages - 3
    # Every page of Klynge's own counts the attachments' pages in its total.
    for number in range(1, own + 1):
        assert da("Page %(page)s of %(pages)s", page=number, pages=pages) in text[number - 1]

    cover = text[0]
    assert "Faglig Strategisk Gruppe" in cover
    assert "Onsdag den 19. maj 2027" in cover and "kl. 13.00–15.00" in cover
    assert "Regionshuset Viborg" in cover
    agenda = text[1]
    for line in ("Godkendelse af dagsorden", "Opfølgning på referat", "Eventuelt",
                 "13.15–13.45", "Anne Birk"):  # fmt: skip
        assert line in agenda
    items = "\n".join(text[2:own])
    assert "3. Akutpladser i Gødstrup-Klyngen" in items
    assert "Kommunerne og hospitalet foreslår en fælles model" in items
    assert "Det indstilles, at FSG godkender modellen." in items
    assert "Baggrund" in items and "Holstebro" in items and "<h3>" not in items
    # The spreadsheet is listed with where it is found in Klynge; the agenda lists the page each
    # attachment starts on.
    budget = meeting.items.get(position=3).attachments.get(filename="Budget.xlsx")
    assert f"/meetings/{meeting.pk}/attachments/{budget.pk}/" in items.replace("\n", "")
    page_word = pgettext_da("a page in the meeting pack", "page")
    assert re.search(rf"3\.1: Model for akutpladser, {page_word} {own + 1}\b", agenda)
    assert re.search(rf"3\.3: Kort, {page_word} {own + 3}\b", agenda)

    bookmarks = outline(data)
    attachment = da("Attachment %(number)s: %(title)s", number="3.1", title="Model for akutpladser")
    assert [(level, title) for level, title, _page in bookmarks] == [
        (1, da("Meeting pack: %(body)s, %(day)s", body="Faglig Strategisk Gruppe",
               day="onsdag den 19. maj 2027")),
        (1, da("Agenda")),
        (1, "1. Godkendelse af dagsorden"),
        (1, "2. Opfølgning på referat"),
        (1, "3. Akutpladser i Gødstrup-Klyngen"),
        (2, attachment),
        (2, da("Attachment %(number)s: %(title)s", number="3.2", title="Budget 2027")),
        (2, da("Attachment %(number)s: %(title)s", number="3.3", title="Kort")),
        (1, "4. Eventuelt"),
    ]  # fmt: skip
    by_title = {title: page for _level, title, page in bookmarks}
    assert by_title[attachment] == own + 1
    assert by_title[da("Attachment %(number)s: %(title)s", number="3.3", title="Kort")] == pages
    assert "3. Akutpladser" in text[by_title["3. Akutpladser i Gødstrup-Klyngen"] - 1]

    # Tagged, in Danish, PDF/UA-1 for Klynge's own part.
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert str(pdf.Root.Lang) == "da"
        assert "/StructTreeRoot" in pdf.Root
        assert pdf.open_metadata().get("pdfuaid:part") == "1"


def pgettext_da(context: str, text: str) -> str:
    with translation.override("da"):
        return pgettext(context, text)


def test_the_pack_is_kept_until_the_agenda_or_the_meeting_changes(
    client: Client, pack_meeting: Meeting, django_capture_on_commit_callbacks: object
) -> None:
    meeting = pack_meeting
    first = documents.request_document(acting_user=ACTOR, meeting=meeting, kind="pack")
    first.refresh_from_db()
    assert first.status == "ready"
    again = documents.request_document(acting_user=ACTOR, meeting=meeting, kind="pack")
    again.refresh_from_db()
    assert (again.pk, again.built_at) == (first.pk, first.built_at)
    assert AuditEntry.objects.filter(action="meetingdocument.built").count() == 1
    # The ZIP and the download use the ready one as it is.
    assert documents.ready_document(acting_user=ACTOR, meeting=meeting, kind="pack").pk == first.pk

    item = item_at(meeting, 3)
    change_item(acting_user=ACTOR, item=item, based_on=item.version,
                values={"title": "Akutpladser – ny model"})  # fmt: skip
    meeting.refresh_from_db()
    assert documents.current_document(meeting, "pack") is None
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert 'id="build-pack"' in page and 'id="download-pack"' not in page
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        second = documents.request_document(acting_user=ACTOR, meeting=meeting, kind="pack")
    second.refresh_from_db()
    assert second.pk != first.pk and second.status == "ready"
    assert "3. Akutpladser – ny model" in "\n".join(pdf_text(second.file.read()))
    # The old revision and its file are gone.
    assert not MeetingDocument.objects.filter(pk=first.pk).exists()
    assert not Path(first.file.path).exists()

    # Moving the meeting changes the cover: the pack is out of date too.
    change_meeting(
        acting_user=ACTOR, meeting=meeting, based_on=meeting.sequence,
        row=MeetingRow(D(2027, 5, 26), datetime.time(13), datetime.time(15),
                       place="Regionshuset Viborg"),
    )  # fmt: skip
    meeting.refresh_from_db()
    assert documents.current_document(meeting, "pack") is None
    third = documents.ready_document(acting_user=ACTOR, meeting=meeting, kind="pack")
    assert "Onsdag den 26. maj 2027" in pdf_text(third.file.read())[0]


def test_the_page_shows_the_progress_while_the_pack_is_made(
    client: Client, secretary: User, meeting: Meeting
) -> None:
    client.force_login(secretary)
    document = MeetingDocument.objects.create(
        meeting=meeting, kind="pack", revision=documents.revision_of(meeting, "pack"),
        status="building", progress=40, step="merging:3:10",
    )  # fmt: skip
    status_url = f"/meetings/{meeting.pk}/documents/pack/status/"
    page = client.get(f"/meetings/{meeting.pk}/agenda/").content.decode()
    assert '<progress id="progress-pack" max="100" value="40">' in page
    assert f'data-hx-get="{status_url}?next=/meetings/{meeting.pk}/agenda/"' in page
    assert 'data-hx-trigger="every 1s"' in page
    assert da("Adding attachment %(number)s of %(total)s", number=3, total=10) in page
    part = client.get(status_url, {"next": f"/meetings/{meeting.pk}/agenda/"})
    assert part["Cache-Control"] == "no-store"
    assert "<html" not in part.content.decode() and "hx-trigger" in part.content.decode()
    MeetingDocument.objects.filter(pk=document.pk).update(status="ready", progress=100, pages=7)
    done = client.get(status_url).content.decode()
    assert "hx-get" not in done and 'id="download-pack"' in done
    # An address outside the meeting is not taken as where to go back to.
    assert (
        client.post(
            f"/meetings/{meeting.pk}/documents/pack/build/", {"next": "https://example.com/"}
        )["Location"]
        == f"/meetings/{meeting.pk}/#documents-title"
    )
    assert client.get(f"/meetings/{meeting.pk}/documents/other/status/").status_code == 404


def test_a_failed_build_is_shown_and_can_be_tried_again(
    client: Client, secretary: User, meeting: Meeting
) -> None:
    client.force_login(secretary)
    MeetingDocument.objects.create(
        meeting=meeting, kind="pack", revision=documents.revision_of(meeting, "pack"),
        status="failed", error="RuntimeError: out of paper",
    )  # fmt: skip
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert 'id="build-pack"' in page and "form-error-message" in page
    client.post(f"/meetings/{meeting.pk}/documents/pack/build/")
    assert MeetingDocument.objects.get(meeting=meeting, kind="pack").status == "ready"


def test_a_pdf_that_does_not_open_is_listed_instead_of_merged(meeting: Meeting) -> None:
    from django.core.files.base import ContentFile

    item = item_at(meeting, 3)
    broken = b"%PDF-1.7\n" + b"\x00garbage" * 200
    attachments.add_attachment(
        acting_user=ACTOR, item=item, upload=ContentFile(broken, name="Skadet.pdf")
    )
    data, pages = documents.pack_pdf(Meeting.objects.get(pk=meeting.pk), full=True)
    text = "\n".join(pdf_text(data))
    assert "Skadet.pdf" in text and pages == len(pdf_text(data))
    assert da("The PDF could not be included (it is protected by a password or damaged).") in (
        text.replace("\n", " ")
    )


# ---- the minutes -----------------------------------------------------------------------------


@pytest.fixture
def minutes_meeting(meeting: Meeting, fsg: Body) -> Meeting:
    """The meeting held: Lone sent apologies and Kirsten came in her place; a decision on item 3,
    with Jens disqualified, and two actions."""
    lone = Person.objects.get(email="lone@lemvig.test")
    jens = Person.objects.get(email="jens@klynge.test")
    lars = Person.objects.get(email="lars@klynge.test")
    kirsten = Person.objects.create(name="Kirsten Stedfortræder", email="kirsten@lemvig.test")
    Attendance.objects.create(meeting=meeting, person=lars, status="present")
    Attendance.objects.create(meeting=meeting, person=jens, status="present")
    Attendance.objects.create(meeting=meeting, person=lone, status="absent")
    Attendance.objects.create(
        meeting=meeting, person=kirsten, status="substitute", in_place_of=lone
    )
    item = item_at(meeting, 3)
    item.decision = "FSG godkendte modellen med den ændring, at Herning indgår fra 2028."
    item.save()
    Disqualification.objects.create(item=item, person=jens, reason="ansat i Herning Kommune")
    holstebro = Organisation.objects.get(key="holstebro")
    ActionItem.objects.create(
        meeting=meeting, item=item, title="Udarbejde driftsaftale", owner=lars,
        organisation=holstebro, due=D(2027, 6, 30),
    )  # fmt: skip
    ActionItem.objects.create(meeting=meeting, title="Invitere til temadag", organisation=holstebro)
    Meeting.objects.filter(pk=meeting.pk).update(minutes_version=3)
    return Meeting.objects.get(pk=meeting.pk)


def test_the_minutes_pdf_is_a_draft_for_the_secretariat_until_published(
    client: Client, secretary: User, patient_rep: User, outsider: User, minutes_meeting: Meeting
) -> None:
    meeting = minutes_meeting
    member = Client()
    member.force_login(patient_rep)
    client.force_login(secretary)
    url = f"/meetings/{meeting.pk}/documents/minutes.pdf"
    assert member.get(url).status_code == 404
    assert 'id="build-minutes"' not in member.get(f"/meetings/{meeting.pk}/").content.decode()
    assert 'id="build-minutes"' in client.get(f"/meetings/{meeting.pk}/").content.decode()

    client.post(f"/meetings/{meeting.pk}/documents/minutes/build/")
    draft = MeetingDocument.objects.get(meeting=meeting, kind="minutes")
    current = documents.revision_of(Meeting.objects.get(pk=meeting.pk), "minutes")
    assert (draft.revision, draft.status) == (current, "ready")
    response = client.get(url)
    assert "Draft" in response["Content-Disposition"] or "Udkast" in response["Content-Disposition"]
    text = "\n".join(pdf_text(b"".join(response.streaming_content)))  # type: ignore[attr-defined]
    assert da("Draft: these minutes are not published yet.") in text
    assert "Onsdag den 19. maj 2027" in text

    Meeting.objects.filter(pk=meeting.pk).update(
        minutes_status="published", minutes_published_at=timezone.now()
    )
    meeting.refresh_from_db()
    # Asked for before the minutes were published, the draft is not offered as the minutes.
    assert documents.current_document(meeting, "minutes") is None
    response = member.get(url)
    assert response.status_code == 200
    pdf = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    text = "\n".join(pdf_text(pdf))
    assert da("Draft: these minutes are not published yet.") not in text
    for expected in (
        "Lars Østergaard", "Jens Aagaard",
        da("substitute for %(name)s", name="Lone Lemvig"), "Kirsten Stedfortræder",
        "3. Akutpladser i Gødstrup-Klyngen",
        "FSG godkendte modellen med den ændring, at Herning indgår fra 2028.",
        "Jens Aagaard (ansat i Herning Kommune)",
        "Udarbejde driftsaftale", "30. juni 2027", "Holstebro Kommune", "Invitere til temadag",
    ):  # fmt: skip
        assert expected in text, expected
    absent = text.split(da("Absent"))[-1]
    assert "Lone Lemvig" in absent
    titles = [title for _level, title, _page in outline(pdf)]
    assert da("Attendance") in titles and "3. Akutpladser i Gødstrup-Klyngen" in titles
    assert da("Other action items") in titles

    stranger = Client()
    stranger.force_login(outsider)
    assert stranger.get(url).status_code == 404


# ---- the ZIP ---------------------------------------------------------------------------------


def test_the_zip_holds_the_pack_the_published_minutes_and_every_attachment(
    client: Client, pack_meeting: Meeting, patient_rep: User, outsider: User
) -> None:
    meeting = pack_meeting
    url = f"/meetings/{meeting.pk}/documents.zip"
    stranger = Client()
    stranger.force_login(outsider)
    assert stranger.get(url).status_code == 404

    member = Client()
    member.force_login(patient_rep)
    response = member.get(url)  # the pack is made here, as it was not asked for before
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]
    pack_name = documents.document_filename(meeting, "pack")
    assert archive.namelist() == [
        pack_name, "03-01 Model.pdf", "03-02 Budget.xlsx", "03-03 Kort.pdf",
    ]  # fmt: skip
    budget = Attachment.objects.get(filename="Budget.xlsx")
    assert archive.read("03-02 Budget.xlsx") == budget.file.read()
    assert "Akutpladser" in "\n".join(pdf_text(archive.read(pack_name)))

    Meeting.objects.filter(pk=meeting.pk).update(
        minutes_status="published", minutes_published_at=timezone.now()
    )
    meeting.refresh_from_db()
    archive = zipfile.ZipFile(io.BytesIO(b"".join(member.get(url).streaming_content)))  # type: ignore[attr-defined]
    assert archive.namelist()[:2] == [pack_name, documents.document_filename(meeting, "minutes")]
    assert documents.document_filename(meeting, "minutes").startswith(da("Minutes"))


# ---- in the browser --------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_secretariat_attaches_a_file_and_makes_the_meeting_pack_in_the_browser(
    live_server: object, visit: Visit, secretary: User, cluster: object
) -> None:
    from klynge.governance.models import Appointment
    from klynge.governance.services import load_shipped_charters

    load_shipped_charters("goedstrup", acting_user=ACTOR)
    make_member(secretary.email, "Lars Østergaard", "fsg", start="2026-01-01")
    Appointment.objects.filter(person__email=secretary.email).update(role="secretariat")
    [meeting] = create_meetings(
        acting_user=ACTOR, body=Body.objects.get(key="fsg"), notify=False,
        rows=[MeetingRow(D(2027, 5, 19), datetime.time(13), datetime.time(15),
                         place="Regionshuset Viborg")],
    )  # fmt: skip
    item = item_at(meeting, 2)
    page = visit.page  # type: ignore[attr-defined]
    base = live_server.url  # type: ignore[attr-defined]
    sign_in(page, base, secretary.email)

    page.goto(f"{base}/meetings/{meeting.pk}/agenda/{item.pk}/")
    visit.check("an agenda item without attachments")
    upload_form = page.locator(
        f"form[action='/meetings/{meeting.pk}/agenda/{item.pk}/attachments/']"
    )
    page.set_input_files(
        "#id_attachment_file",
        files=[{"name": "budget.pdf", "mimeType": "application/pdf", "buffer": image_file("PNG")}],
    )
    upload_form.locator("button[type=submit]").click()
    assert "budget.pdf" in page.locator(".alert-error").inner_text()
    visit.check("an agenda item with a refused upload")  # type: ignore[attr-defined]
    page.set_input_files(
        "#id_attachment_file",
        files=[{"name": "Model for akutpladser.pdf", "mimeType": "application/pdf",
                "buffer": pdf_file("Modellen side 1", "Modellen side 2")}],
    )  # fmt: skip
    page.fill("#id_attachment_title", "Model for akutpladser")
    upload_form.locator("button[type=submit]").click()
    attachment = Attachment.objects.get(item=item)
    link = page.locator(f"#attachment-{attachment.pk} a")
    assert link.inner_text() == "Model for akutpladser"
    visit.check("an agenda item with an attachment")  # type: ignore[attr-defined]
    download = page.context.request.get(base + link.get_attribute("href"))
    assert download.body() == attachment.file.read()

    page.goto(f"{base}/meetings/{meeting.pk}/")
    page.locator("#build-pack").click()
    page.wait_for_selector("#download-pack")
    visit.check("a meeting with its pack ready")  # type: ignore[attr-defined]
    pack = page.context.request.get(base + page.locator("#download-pack").get_attribute("href"))
    assert pack.headers["content-type"] == "application/pdf"
    text = pdf_text(pack.body())
    assert "Modellen side 2" in text[-1] and "Onsdag den 19. maj 2027" in text[0]

    # While a document is made the page shows its progress, and htmx replaces it with the link
    # once it is ready, under the Content Security Policy.
    building = MeetingDocument.objects.create(
        meeting=meeting, kind="minutes", revision=documents.revision_of(Meeting.objects.get(pk=meeting.pk), "minutes"),
        status="building",
        progress=40, step="layout",
    )  # fmt: skip
    page.goto(f"{base}/meetings/{meeting.pk}/agenda/")
    assert page.locator("#progress-minutes").get_attribute("value") == "40"
    visit.check("an agenda while the minutes are made")  # type: ignore[attr-defined]
    data, pages = documents.minutes_pdf(meeting, full=True)
    from django.core.files.base import ContentFile

    building.file.save("minutes.pdf", ContentFile(data), save=False)
    building.status, building.progress, building.pages = "ready", 100, pages
    building.save()
    page.wait_for_selector("#download-minutes", timeout=10_000)
    assert page.locator("#progress-minutes").count() == 0
    visit.check("an agenda with the minutes ready")  # type: ignore[attr-defined]


def test_a_download_before_the_pack_is_made_asks_for_it_and_shows_the_progress(
    client: Client, secretary: User, meeting: Meeting, settings: object
) -> None:
    settings.TASKS = {  # type: ignore[attr-defined]
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    client.force_login(secretary)
    response = client.get(f"/meetings/{meeting.pk}/documents/pack.pdf")
    assert response.status_code == 302
    assert response["Location"] == f"/meetings/{meeting.pk}/#documents-title"
    [queued] = MeetingDocument.objects.filter(meeting=meeting, kind="pack")
    assert queued.status == "queued"  # for `klynge worker`, not made in the request
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert 'id="progress-pack"' in page
