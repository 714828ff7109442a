"""A meeting's documents: the meeting pack (mødemappe) and the minutes (referat) as PDF, and a ZIP
of both with every attachment, for the organisations' records systems.

A PDF is built once per revision, in the background (`klynge worker`), and its progress is kept
in its row for the page to show; it stays until a new revision makes it out of date. The pack's
revision counts changes to the agenda and to the meeting's time and place; the minutes' revision
is the minutes' version.

The pack is one HTML document, printed from the same partials as the agenda page, set by
WeasyPrint as tagged PDF (PDF/UA-1, Danish hyphenation, "Side 3 af 12"), with the PDF attachments
appended by pikepdf as they are. Page numbers and the references to attachments count the appended
pages too: CSS has no arithmetic, but a counter style may show any string for 1, 2, 3 …, so one
that shows each number n higher prints "af 59" where WeasyPrint counts 19 pages of its own and 40
are appended. The bookmarks are made from the anchors' pages in the layout.
"""

import datetime
import io
import logging
import re
import shutil
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

import pikepdf
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Prefetch
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from klynge.accounts.audit import Actor, SystemActor, record, snapshot
from klynge.meetings.calendar import default_base_url
from klynge.meetings.minutes import open_actions_before
from klynge.meetings.models import (
    ActionItem,
    AgendaItem,
    Attachment,
    Disqualification,
    Meeting,
    MeetingDocument,
)
from klynge.meetings.services import time_slots

if TYPE_CHECKING:
    from klynge.meetings.minutes import Present

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
PDF_VARIANT = "pdf/ua-1"
PACK, MINUTES = "pack", "minutes"
KINDS = (PACK, MINUTES)
# A document still waiting or being built after this long was lost (a worker stopped in the
# middle); asking for it again builds it anew.
LOST_AFTER = datetime.timedelta(minutes=15)
# How long a request waits for a worker already building the document it needs.
WAIT_FOR_WORKER = datetime.timedelta(seconds=60)
BUILDER = SystemActor("task:meeting-documents")
DOCUMENT_FIELDS = ["meeting", "kind", "revision", "status", "pages"]

Progress = Callable[[str, int], None]


def _no_progress(step: str, percent: int) -> None:
    pass


class DocumentFailed(Exception):
    """The document could not be built; the reason is in its `error`."""


# ---- which document is current ---------------------------------------------------------------


def revision_of(meeting: Meeting, kind: str) -> int:
    if kind == PACK:
        # The cover shows the meeting's time and place, so a move (counted in `sequence`)
        # outdates the pack as much as a change to the agenda does. Both only ever grow, so their
        # sum does too and never comes back to an older pack's revision.
        return meeting.agenda_revision + meeting.sequence
    # The minutes show the items' titles and recommendations too, so a change to the agenda
    # outdates them as well; both numbers only ever grow.
    return meeting.minutes_version + meeting.agenda_revision


def is_current(document: MeetingDocument, meeting: Meeting) -> bool:
    """Whether the document shows the meeting as it is now."""
    if document.revision != revision_of(meeting, document.kind):
        return False
    if document.kind == MINUTES and meeting.minutes_status == "published":
        # Publishing does not change the minutes' version; a document asked for before it may
        # show the minutes as a draft.
        published = meeting.minutes_published_at
        return published is not None and published <= document.requested_at
    return True


def _lost(document: MeetingDocument) -> bool:
    return document.status in {"queued", "building"} and (
        document.requested_at < timezone.now() - LOST_AFTER
    )


def minutes_offered(meeting: Meeting, may_edit: bool) -> bool:
    """Members get the minutes once they are published; the secretariat also before, as a
    draft."""
    if meeting.kind == "theme-day" or meeting.status == "cancelled":
        return False
    return meeting.minutes_status == "published" or may_edit


def offered(meeting: Meeting, kind: str, may_edit: bool) -> bool:
    return kind == PACK or (kind == MINUTES and minutes_offered(meeting, may_edit))


STEPS = {
    "queued": lambda: _("Waiting for its turn"),
    "reading": lambda: _("Reading the meeting"),
    "layout": lambda: _("Setting the pages"),
    "writing": lambda: _("Writing the PDF"),
    "saving": lambda: _("Saving"),
}


def step_label(step: str) -> str:
    """The step a build is at, as the page shows it; `merging:3:10` is the third attachment of
    ten."""
    name, _sep, rest = step.partition(":")
    if name == "merging":
        number, _sep, total = rest.partition(":")
        return _("Adding attachment %(number)s of %(total)s") % {"number": number, "total": total}
    return STEPS.get(name, STEPS["queued"])()


@dataclass
class DocumentState:
    """A kind of document for a meeting as the page shows it: ready to download, being built,
    failed, or not asked for yet."""

    meeting: Meeting
    kind: str
    document: MeetingDocument | None

    @property
    def ready(self) -> bool:
        return self.document is not None and self.document.status == "ready"

    @property
    def building(self) -> bool:
        return self.document is not None and self.document.status in {"queued", "building"}

    @property
    def failed(self) -> bool:
        return self.document is not None and self.document.status == "failed"

    @property
    def draft(self) -> bool:
        return self.kind == MINUTES and self.meeting.minutes_status != "published"

    @property
    def step(self) -> str:
        return step_label(self.document.step if self.document else "")


def document_states(meeting: Meeting, may_edit: bool) -> list[DocumentState]:
    """The documents the user is offered for the meeting, each with its current revision's row
    (one query)."""
    kinds = [kind for kind in KINDS if offered(meeting, kind, may_edit)]
    found = {
        d.kind: d
        for d in MeetingDocument.objects.filter(meeting=meeting, kind__in=kinds)
        if is_current(d, meeting) and not _lost(d)
    }
    return [DocumentState(meeting, kind, found.get(kind)) for kind in kinds]


def current_document(meeting: Meeting, kind: str) -> MeetingDocument | None:
    """The ready document of the meeting's current revision, if there is one."""
    document = MeetingDocument.objects.filter(
        meeting=meeting, kind=kind, revision=revision_of(meeting, kind), status="ready"
    ).first()
    return document if document is not None and is_current(document, meeting) else None


def document_filename(meeting: Meeting, kind: str) -> str:
    """E.g. `Mødemappe fsg 2027-05-19.pdf`: in Danish, like the documents themselves."""
    with translation.override("da"):
        if kind == PACK:
            label = _("Meeting pack")
        elif meeting.minutes_status == "published":
            label = _("Minutes")
        else:
            label = _("Draft minutes")
    return f"{label} {meeting.body.key} {meeting.date.isoformat()}.pdf"


# ---- asking for a document and building it ---------------------------------------------------


@transaction.atomic
def request_document(*, acting_user: Actor, meeting: Meeting, kind: str) -> MeetingDocument:
    """Ask for the current revision's document. It is built once, in the background: asking
    again while it is built, or after, gives the same row. A failed, lost or outdated row of the
    same revision (minutes published since) is built again."""
    if kind not in KINDS:
        raise ValueError(f"unknown document kind: {kind}")
    locked = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    revision = revision_of(locked, kind)
    document, created = MeetingDocument.objects.get_or_create(
        meeting=locked, kind=kind, revision=revision
    )
    if not created:
        if document.status != "failed" and is_current(document, locked) and not _lost(document):
            return document
        old_file = document.file.name
        document.status, document.progress, document.step, document.error = "queued", 0, "", ""
        document.pages, document.built_at, document.file.name = 0, None, ""
        document.requested_at = timezone.now()
        document.save()
        if old_file:
            storage = document.file.storage
            transaction.on_commit(lambda: storage.delete(old_file))
    record(
        acting_user=acting_user,
        action="meetingdocument.request",
        instance=document,
        before=None,
        after=snapshot(document, DOCUMENT_FIELDS),
    )
    # Enqueued inside the write's transaction: the task row commits with the document or not.
    build_meeting_document.enqueue(document.pk)
    return document


@task()
def build_meeting_document(document_id: int) -> None:
    """Build a requested document (run by `klynge worker`)."""
    build_document(document_id)


def build_document(document_id: int) -> MeetingDocument | None:
    """Build the document unless another process has taken it, showing progress in its row.
    None when the row is gone or the meeting has moved on to a newer revision."""
    claimed = MeetingDocument.objects.filter(pk=document_id, status="queued").update(
        status="building", progress=1, step="reading"
    )
    document = (
        MeetingDocument.objects.select_related("meeting__body").filter(pk=document_id).first()
    )
    if document is None or not claimed:
        return document
    meeting = document.meeting
    if document.revision != revision_of(meeting, document.kind):
        # The meeting changed before the build began: this revision is wanted by no one.
        document.delete()
        return None

    def progress(step: str, percent: int) -> None:
        MeetingDocument.objects.filter(pk=document_id).update(step=step, progress=percent)

    try:
        if document.kind == PACK:
            pdf, pages = pack_pdf(meeting, progress)
        else:
            pdf, pages = minutes_pdf(meeting, progress)
    except Exception as error:
        logger.exception("meeting document %s could not be built", document_id)
        MeetingDocument.objects.filter(pk=document_id).update(
            status="failed", step="", error=f"{type(error).__name__}: {error}"[:2000]
        )
        return MeetingDocument.objects.filter(pk=document_id).first()
    progress("saving", 99)
    return _save_built(document_id, pdf, pages)


@transaction.atomic
def _save_built(document_id: int, pdf: bytes, pages: int) -> MeetingDocument | None:
    document = MeetingDocument.objects.select_for_update().filter(pk=document_id).first()
    if document is None:
        # A newer revision was finished first and removed this one while it was built.
        return None
    document.file.save(f"{document.kind}.pdf", ContentFile(pdf), save=False)
    document.status, document.progress, document.step = "ready", 100, ""
    document.pages, document.built_at = pages, timezone.now()
    document.save()
    # Older revisions are out of date for good: they and their files go.
    older = list(
        MeetingDocument.objects.filter(
            meeting_id=document.meeting_id, kind=document.kind, revision__lt=document.revision
        )
    )
    for old in older:
        if old.file.name:
            storage, name = old.file.storage, old.file.name
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
        old.delete()
    record(
        acting_user=BUILDER,
        action="meetingdocument.built",
        instance=document,
        before=None,
        after=snapshot(document, DOCUMENT_FIELDS) | {"replaced": [d.revision for d in older]},
    )
    return document


def ready_document(*, acting_user: Actor, meeting: Meeting, kind: str) -> MeetingDocument:
    """The current revision's document, built here and now when the background has not done it
    yet (for a download or the ZIP, which cannot wait for the page to poll)."""
    found = current_document(meeting, kind)
    if found is not None:
        return found
    document_id = request_document(acting_user=acting_user, meeting=meeting, kind=kind).pk
    build_document(document_id)  # nothing to do when the background has taken it or finished it
    deadline = timezone.now() + WAIT_FOR_WORKER
    document = MeetingDocument.objects.filter(pk=document_id).first()
    while document is not None and document.status == "building" and timezone.now() < deadline:
        time.sleep(0.2)  # a worker took it first: wait for its result instead of doing it twice
        document = MeetingDocument.objects.filter(pk=document_id).first()
    if document is None:
        raise DocumentFailed("the meeting changed while its document was made")
    if document.status != "ready":
        raise DocumentFailed(document.error or document.status)
    return document


# ---- the PDF ---------------------------------------------------------------------------------


def _css_string(text: str) -> str:
    # Also "<", so that no text can close the <style> element this string is written into.
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return '"' + escaped + '"'


def footer_css(text: str) -> SafeString:
    return mark_safe(_css_string(text))  # an escaped CSS string


@dataclass
class Bookmark:
    """An entry in the PDF's outline, pointing at an anchor (an element's id) in the layout, or
    at a page appended after it."""

    title: str
    anchor: str = ""
    appended_page: int = 0  # 0-based among the appended pages, where there is no anchor
    children: list["Bookmark"] = field(default_factory=list)


@dataclass
class PackAttachment:
    """An attachment as the pack shows it: merged when it is a PDF that opens, otherwise
    listed with the address where it is found in Klynge."""

    attachment: Attachment
    number: str  # "3.1": item 3, its first attachment
    anchor: str
    url: str
    pdf: pikepdf.Pdf | None = None
    pages: int = 0
    appended_page: int = 0  # where it starts, 0-based among the appended pages
    unreadable: bool = False  # a PDF that would not open (a password, or damaged)

    @property
    def merged(self) -> bool:
        return self.pdf is not None


def _open_pdf(attachment: Attachment) -> pikepdf.Pdf | None:
    try:
        try:
            return pikepdf.open(attachment.file.path)
        except NotImplementedError:  # a storage without local paths
            with attachment.file.open("rb") as stream:
                return pikepdf.open(io.BytesIO(stream.read()))
    except (pikepdf.PdfError, OSError, ValueError):
        logger.warning("attachment %s is a PDF that does not open", attachment.pk)
        return None


# The counter styles below spell out this many numbers; a longer document is set again with more.
PAGE_LIMIT = 500
END_ANCHOR = "klynge-end"  # the last thing of the HTML's own pages (print/pack.html)


def _plus(n: int, limit: int) -> str:
    """A counter style that shows each number n higher."""
    symbols = " ".join(f'"{value + n}"' for value in range(1, limit + 1))
    return f"@counter-style klynge-plus-{n} {{ system: fixed 1; symbols: {symbols}; }}"


@dataclass
class Source:
    """What a PDF is made from: the HTML, its bookmarks, the opened PDF attachments to append
    after it, and the page numbering ("Page %(page)s of %(pages)s", translated)."""

    html: str
    bookmarks: list[Bookmark]
    numbering: str
    merged: list[PackAttachment] = field(default_factory=list)

    def page_css(self, limit: int = PAGE_LIMIT) -> str:
        """The page numbers in the footer, and the page each merged attachment starts on, both
        counting the appended pages: WeasyPrint's counters shown `n` higher by a counter style.
        A page number above `limit` would be shown without them."""
        appended = sum(a.pages for a in self.merged)
        total = f"counter(pages, klynge-plus-{appended})" if appended else "counter(pages)"
        parts = re.split(r"(%\(pages?\)s)", self.numbering)
        numbers = " ".join(
            {"%(page)s": "counter(page)", "%(pages)s": total}.get(part) or _css_string(part)
            for part in parts
            if part
        )
        rules = [f"@page {{ @bottom-right {{ content: {numbers}; }} }}"]
        plus = {appended} | {a.appended_page + 1 for a in self.merged}
        rules += [_plus(n, limit) for n in sorted(plus) if n]
        # An attachment starts `appended_page + 1` pages after the last of the HTML's own.
        rules += [
            f".klynge-page-ref-{a.anchor}::after {{ content: target-counter("
            f"url(#{END_ANCHOR}), page, klynge-plus-{a.appended_page + 1}); }}"
            for a in self.merged
        ]
        return "\n".join(rules)


def pack_pdf(meeting: Meeting, progress: Progress = _no_progress) -> tuple[bytes, int]:
    """The meeting pack: cover, agenda, every item with its texts and the list of its
    attachments, then the PDF attachments in order. Returns the PDF and its number of pages."""
    with pack_source(meeting, progress) as source:
        return _finish(source, progress)


@contextmanager
def pack_source(meeting: Meeting, progress: Progress = _no_progress) -> Iterator[Source]:
    """The pack's HTML and bookmarks, with its PDF attachments open until the block ends."""
    progress("reading", 5)
    items = list(
        meeting.items.order_by("position").prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.order_by("position", "pk"))
        )
    )
    base_url = default_base_url().rstrip("/")
    per_item: dict[int, list[PackAttachment]] = {}
    for item in items:
        per_item[item.pk] = [
            PackAttachment(
                attachment=a,
                number=f"{item.position}.{n}",
                anchor=f"bilag-{item.position}-{n}",
                url=base_url + reverse("meeting_attachment", args=[meeting.pk, a.pk]),
            )
            for n, a in enumerate(item.attachments.all(), start=1)
        ]
    every = [a for item in items for a in per_item[item.pk]]
    slots = time_slots(meeting, items)
    try:
        for entry in every:
            if entry.attachment.content_type == "application/pdf":
                entry.pdf = _open_pdf(entry.attachment)
                entry.unreadable = entry.pdf is None
                entry.pages = len(entry.pdf.pages) if entry.pdf is not None else 0
        merged = [a for a in every if a.merged]
        for before, entry in zip([None, *merged], merged, strict=False):
            entry.appended_page = before.appended_page + before.pages if before else 0
        with translation.override("da"):
            heading = _("Agenda")
            title = _("Meeting pack: %(body)s, %(day)s") % {
                "body": meeting.body.name,
                "day": _long_date(meeting.date),
            }
            html = render_to_string(
                "meetings/print/pack.html",
                {
                    "meeting": meeting,
                    "body": meeting.body,
                    "title": title,
                    "slots": slots,
                    "items": [(item, slot, per_item[item.pk]) for item, slot in slots],
                    "attachments": every,
                    "follow_up": open_actions_before(meeting),
                    "made_at": timezone.localtime(),
                    "base_url": base_url,
                    "footer": footer_css(
                        f"{heading} · {meeting.body.name} · "
                        f"{_long_date(meeting.date, weekday=False)}"
                    ),
                },
            )
            bookmarks = [
                Bookmark(title, "forside"),
                Bookmark(heading, "dagsorden"),
                *[
                    Bookmark(
                        f"{item.position}. {item.title}",
                        f"punkt-{item.position}",
                        children=[
                            Bookmark(
                                _("Attachment %(number)s: %(title)s")
                                % {"number": a.number, "title": a.attachment.title},
                                anchor="" if a.merged else a.anchor,
                                appended_page=a.appended_page,
                            )
                            for a in per_item[item.pk]
                        ],
                    )
                    for item in items
                ],
            ]
            numbering = _("Page %(page)s of %(pages)s")
        yield Source(html, bookmarks, numbering, merged)
    finally:
        for entry in every:
            if entry.pdf is not None:
                entry.pdf.close()


def _long_date(day: datetime.date, weekday: bool = True) -> str:
    """ "tirsdag 8. december 2026" in the active language's month and day names."""
    from django.utils.dateformat import format as date_format

    return date_format(day, "l j. F Y" if weekday else "j. F Y")


def minutes_pdf(meeting: Meeting, progress: Progress = _no_progress) -> tuple[bytes, int]:
    """The minutes: attendance, each item's decision, who was disqualified, the action items.
    Marked as a draft until the minutes are published."""
    progress("reading", 5)
    items = list(
        meeting.items.order_by("position").prefetch_related(
            Prefetch("disqualified", queryset=Disqualification.objects.select_related("person")),
            Prefetch(
                "actions",
                queryset=ActionItem.objects.select_related("owner", "organisation").order_by(
                    "due", "pk"
                ),
            ),
        )
    )
    attendance = _attendance(meeting)
    other_actions = list(
        meeting.actions.filter(item__isnull=True)
        .select_related("owner", "organisation")
        .order_by("due", "pk")
    )
    draft = meeting.minutes_status != "published"
    with translation.override("da"):
        heading = _("Draft minutes") if draft else _("Minutes")
        title = _("%(minutes)s: %(body)s, %(day)s") % {
            "minutes": heading,
            "body": meeting.body.name,
            "day": _long_date(meeting.date),
        }
        html = render_to_string(
            "meetings/print/minutes.html",
            {
                "meeting": meeting,
                "body": meeting.body,
                "title": title,
                "draft": draft,
                "items": items,
                "present": [line for line in attendance if line.status == "present"],
                "absent": [line for line in attendance if line.status == "absent"],
                "substitutes": [line for line in attendance if line.status == "substitute"],
                "other_actions": other_actions,
                "made_at": timezone.localtime(),
                "footer": footer_css(
                    f"{heading} · {meeting.body.name} · {_long_date(meeting.date, weekday=False)}"
                ),
            },
        )
        bookmarks = [
            Bookmark(title, "forside"),
            Bookmark(_("Attendance"), "fremmoede"),
            *[Bookmark(f"{i.position}. {i.title}", f"punkt-{i.position}") for i in items],
        ]
        if other_actions:
            bookmarks.append(Bookmark(_("Other action items"), "handlinger"))
        numbering = _("Page %(page)s of %(pages)s")
    return _finish(Source(html, bookmarks, numbering), progress)


def _attendance(meeting: Meeting) -> list["Present"]:
    from klynge.meetings.minutes import attendance_of

    return attendance_of(meeting)


def _finish(source: Source, progress: Progress) -> tuple[bytes, int]:
    """Set the HTML, append the PDF attachments, and add the bookmarks."""
    from weasyprint import CSS, HTML
    from weasyprint.css.counters import CounterStyle

    progress("layout", 15)
    limit = PAGE_LIMIT
    while True:
        # The counter styles reach the document only through a registry both are given.
        counter_style = CounterStyle()
        page_css = CSS(string=source.page_css(limit), counter_style=counter_style)
        document = HTML(string=source.html, base_url=str(STATIC_DIR)).render(
            stylesheets=[page_css], counter_style=counter_style, pdf_variant=PDF_VARIANT
        )
        if len(document.pages) + sum(a.pages for a in source.merged) <= limit:
            break
        limit *= 4
    anchors: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for name in page.anchors:
            anchors.setdefault(name, index)
    own = len(document.pages)
    if source.merged and anchors.get(END_ANCHOR) != own - 1:
        raise RuntimeError("the end of the pack's own pages is not on its last page")
    progress("writing", 60)
    written = document.write_pdf(pdf_variant=PDF_VARIANT)
    assert written is not None
    with pikepdf.open(io.BytesIO(written)) as pdf:
        for number, attached in enumerate(source.merged, start=1):
            progress(
                f"merging:{number}:{len(source.merged)}", 70 + 25 * number // len(source.merged)
            )
            assert attached.pdf is not None
            pdf.pages.extend(attached.pdf.pages)
        with pdf.open_outline() as outline:
            outline.root.clear()
            outline.root.extend(_outline(b, anchors, own) for b in source.bookmarks)
        pdf.Root.PageMode = pikepdf.Name.UseOutlines  # open with the bookmarks showing
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue(), len(pdf.pages)


def _outline(bookmark: Bookmark, anchors: dict[str, int], own: int) -> pikepdf.OutlineItem:
    page = anchors.get(bookmark.anchor, 0) if bookmark.anchor else own + bookmark.appended_page
    entry = pikepdf.OutlineItem(bookmark.title, page)
    entry.children.extend(_outline(child, anchors, own) for child in bookmark.children)
    return entry


# ---- the ZIP ---------------------------------------------------------------------------------


def zip_filename(meeting: Meeting) -> str:
    with translation.override("da"):
        label = _("Meeting documents")
    return f"{label} {meeting.body.key} {meeting.date.isoformat()}.zip"


def attachment_zip_name(item: AgendaItem, attachment: Attachment) -> str:
    """E.g. `03-01 Budget.xlsx`: item 3, its first attachment, under its own name."""
    return f"{item.position:02d}-{attachment.position:02d} {attachment.filename}"


def documents_zip(*, acting_user: Actor, meeting: Meeting) -> IO[bytes]:
    """The pack, the minutes when published, and every attachment under its own name prefixed
    by its number, in one ZIP; the PDFs are built here if the background has not done it. The
    files are already compressed, so they are stored as they are."""
    documents = [ready_document(acting_user=acting_user, meeting=meeting, kind=PACK)]
    if meeting.minutes_status == "published" and minutes_offered(meeting, may_edit=False):
        documents.append(ready_document(acting_user=acting_user, meeting=meeting, kind=MINUTES))
    attachments = Attachment.objects.filter(item__meeting=meeting).select_related("item")
    # Returned open: the response streams it and closes it.
    out = tempfile.SpooledTemporaryFile(max_size=64 * 1024 * 1024)  # noqa: SIM115
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for document in documents:
            _add_to_zip(
                archive,
                document_filename(meeting, document.kind),
                document.file,
                document.built_at or timezone.now(),
            )
        for attachment in attachments.order_by("item__position", "position", "pk"):
            _add_to_zip(
                archive,
                attachment_zip_name(attachment.item, attachment),
                attachment.file,
                attachment.uploaded_at,
            )
    out.seek(0)
    return out  # type: ignore[return-value]


def _add_to_zip(
    archive: zipfile.ZipFile, name: str, stored: object, when: datetime.datetime
) -> None:
    local = timezone.localtime(when)
    info = zipfile.ZipInfo(name, date_time=local.timetuple()[:6])
    info.compress_type = zipfile.ZIP_STORED
    with stored.open("rb") as source, archive.open(info, "w", force_zip64=True) as target:  # type: ignore[attr-defined]
        shutil.copyfileobj(source, target, 1024 * 1024)
