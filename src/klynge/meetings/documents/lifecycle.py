"""Which document of a meeting is current, and building it: a PDF is built once per revision, in
the background (`klynge worker`), its progress kept in its row for the page to show; it stays
until a new revision makes it out of date. A meeting with closed items or closed attachments has
each document in two variants: full, for those who read closed content, and without it (`full`:
see variant()); a meeting without has only the one, the same for everyone. The pack's revision counts changes to the agenda and to
the meeting's time and place; the minutes' revision is the minutes' version."""

import datetime
import logging
import time
from dataclasses import dataclass
from functools import partial

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from klynge.accounts.audit import Actor, SystemActor, record, snapshot
from klynge.core.workflow import check_transition
from klynge.meetings.documents.minutes import minutes_pdf
from klynge.meetings.documents.pack import pack_pdf
from klynge.meetings.models import (
    DOCUMENT_STEPS,
    AgendaItem,
    DocumentStatus,
    Meeting,
    MeetingDocument,
    MeetingKind,
    MeetingStatus,
    MinutesStatus,
)

logger = logging.getLogger(__name__)

PACK, MINUTES = "pack", "minutes"
KINDS = (PACK, MINUTES)
# A document still waiting or being built after this long was lost (a worker stopped in the
# middle); asking for it again builds it anew.
LOST_AFTER = datetime.timedelta(minutes=15)
# How long a request waits for a worker already building the document it needs.
WAIT_FOR_WORKER = datetime.timedelta(seconds=60)
BUILDER = SystemActor("task:meeting-documents")
DOCUMENT_FIELDS = ["meeting", "kind", "revision", "status", "pages"]


class DocumentFailed(Exception):
    """The document could not be built; the reason is in its `error`."""


def has_closed_content(meeting: Meeting) -> bool:
    """Whether the meeting has a closed item, or a closed attachment on an open item."""
    return AgendaItem.objects.filter(
        Q(closed=True) | Q(attachments__closed=True), meeting_id=meeting.pk
    ).exists()


def variant(meeting: Meeting, full: bool) -> bool:
    """The variant a reader gets (`full`: they read closed content, from may_read_closed): the
    full one only where it differs, so that a meeting without closed content is built once."""
    return full and has_closed_content(meeting)


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
    if document.kind == MINUTES and meeting.minutes_status == MinutesStatus.PUBLISHED:
        # Publishing does not change the minutes' version; a document asked for before it may
        # show the minutes as a draft.
        published = meeting.minutes_published_at
        return published is not None and published <= document.requested_at
    return True


def _lost(document: MeetingDocument) -> bool:
    return document.status in {DocumentStatus.QUEUED, DocumentStatus.BUILDING} and (
        document.requested_at < timezone.now() - LOST_AFTER
    )


def minutes_offered(meeting: Meeting, may_edit: bool) -> bool:
    """Members get the minutes once they are published; the secretariat also before, as a
    draft."""
    if meeting.kind == MeetingKind.THEME_DAY or meeting.status == MeetingStatus.CANCELLED:
        return False
    return meeting.minutes_status == MinutesStatus.PUBLISHED or may_edit


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
        return self.document is not None and self.document.status == DocumentStatus.READY

    @property
    def building(self) -> bool:
        return self.document is not None and self.document.status in {
            DocumentStatus.QUEUED,
            DocumentStatus.BUILDING,
        }

    @property
    def failed(self) -> bool:
        return self.document is not None and self.document.status == DocumentStatus.FAILED

    @property
    def draft(self) -> bool:
        return self.kind == MINUTES and self.meeting.minutes_status != MinutesStatus.PUBLISHED

    @property
    def step(self) -> str:
        return step_label(self.document.step if self.document else "")


def document_states(meeting: Meeting, may_edit: bool, full: bool = False) -> list[DocumentState]:
    """The documents the user is offered for the meeting in their variant (`full`), each with
    its current revision's row."""
    kinds = [kind for kind in KINDS if offered(meeting, kind, may_edit)]
    found = {
        d.kind: d
        for d in MeetingDocument.objects.filter(
            meeting=meeting, kind__in=kinds, full=variant(meeting, full)
        )
        if is_current(d, meeting) and not _lost(d)
    }
    return [DocumentState(meeting, kind, found.get(kind)) for kind in kinds]


def current_document(meeting: Meeting, kind: str, full: bool = False) -> MeetingDocument | None:
    """The ready document of the meeting's current revision in the reader's variant (`full`),
    if there is one."""
    document = MeetingDocument.objects.filter(
        meeting=meeting,
        kind=kind,
        revision=revision_of(meeting, kind),
        status=DocumentStatus.READY,
        full=variant(meeting, full),
    ).first()
    return document if document is not None and is_current(document, meeting) else None


def document_filename(meeting: Meeting, kind: str) -> str:
    """E.g. `Mødemappe fsg 2027-05-19.pdf`: in Danish, like the documents themselves."""
    with translation.override("da"):
        if kind == PACK:
            label = _("Meeting pack")
        elif meeting.minutes_status == MinutesStatus.PUBLISHED:
            label = _("Minutes")
        else:
            label = _("Draft minutes")
    return f"{label} {meeting.body.key} {meeting.date.isoformat()}.pdf"


@transaction.atomic
def request_document(
    *, acting_user: Actor, meeting: Meeting, kind: str, full: bool = False
) -> MeetingDocument:
    """Ask for the current revision's document in the reader's variant (`full`). It is built
    once, in the background: asking again while it is built, or after, gives the same row. A
    failed, lost or outdated row of the same revision (minutes published since) is built
    again."""
    if kind not in KINDS:
        raise ValueError(f"unknown document kind: {kind}")
    locked = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    revision = revision_of(locked, kind)
    document, created = MeetingDocument.objects.get_or_create(
        meeting=locked, kind=kind, revision=revision, full=variant(locked, full)
    )
    if not created:
        if (
            document.status != DocumentStatus.FAILED
            and is_current(document, locked)
            and not _lost(document)
        ):
            return document
        check_transition(DOCUMENT_STEPS, document.status, DocumentStatus.QUEUED)
        old_file = document.file.name
        document.status, document.progress, document.step, document.error = (
            DocumentStatus.QUEUED,
            0,
            "",
            "",
        )
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
    # Claimed by a compare-and-set on the status, so that two workers never build one row.
    claimed = MeetingDocument.objects.filter(pk=document_id, status=DocumentStatus.QUEUED).update(
        status=DocumentStatus.BUILDING, progress=1, step="reading"
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
            pdf, pages = pack_pdf(meeting, progress, full=document.full)
        else:
            pdf, pages = minutes_pdf(meeting, progress, full=document.full)
    except Exception as error:
        logger.exception("meeting document %s could not be built", document_id)
        MeetingDocument.objects.filter(pk=document_id).update(
            status=DocumentStatus.FAILED, step="", error=f"{type(error).__name__}: {error}"[:2000]
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
    document.status, document.progress, document.step = DocumentStatus.READY, 100, ""
    document.pages, document.built_at = pages, timezone.now()
    document.save()
    # Older revisions are out of date for good: they and their files go.
    older = list(
        MeetingDocument.objects.filter(
            meeting_id=document.meeting_id,
            kind=document.kind,
            full=document.full,
            revision__lt=document.revision,
        )
    )
    for old in older:
        if old.file.name:
            storage, name = old.file.storage, old.file.name
            transaction.on_commit(partial(storage.delete, name))
        old.delete()
    record(
        acting_user=BUILDER,
        action="meetingdocument.built",
        instance=document,
        before=None,
        after=snapshot(document, DOCUMENT_FIELDS) | {"replaced": [d.revision for d in older]},
    )
    return document


def ready_document(
    *, acting_user: Actor, meeting: Meeting, kind: str, full: bool = False
) -> MeetingDocument:
    """The current revision's document in the reader's variant (`full`), built here and now when
    the background has not done it yet (for a download or the ZIP, which cannot wait for the
    page to poll)."""
    found = current_document(meeting, kind, full)
    if found is not None:
        return found
    document_id = request_document(
        acting_user=acting_user, meeting=meeting, kind=kind, full=full
    ).pk
    build_document(document_id)  # nothing to do when the background has taken it or finished it
    deadline = timezone.now() + WAIT_FOR_WORKER
    document = MeetingDocument.objects.filter(pk=document_id).first()
    while (
        document is not None
        and document.status == DocumentStatus.BUILDING
        and timezone.now() < deadline
    ):
        time.sleep(0.2)  # a worker took it first: wait for its result instead of doing it twice
        document = MeetingDocument.objects.filter(pk=document_id).first()
    if document is None:
        raise DocumentFailed("the meeting changed while its document was made")
    if document.status != DocumentStatus.READY:
        raise DocumentFailed(document.error or document.status)
    return document
