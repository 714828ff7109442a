"""The meeting's documents in one ZIP, for the organisations' records systems."""

import datetime
import shutil
import tempfile
import zipfile
from typing import IO

from django.db.models.fields.files import FieldFile
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from klynge.accounts.audit import Actor
from klynge.meetings.documents.lifecycle import (
    MINUTES,
    PACK,
    document_filename,
    minutes_offered,
    ready_document,
)
from klynge.meetings.models import AgendaItem, Attachment, Meeting, MinutesStatus


def zip_filename(meeting: Meeting) -> str:
    with translation.override("da"):
        label = _("Meeting documents")
    return f"{label} {meeting.body.key} {meeting.date.isoformat()}.zip"


def attachment_zip_name(item: AgendaItem, attachment: Attachment) -> str:
    """E.g. `03-01 Budget.xlsx`: item 3, its first attachment, under its own name."""
    return f"{item.position:02d}-{attachment.position:02d} {attachment.filename}"


def documents_zip(*, acting_user: Actor, meeting: Meeting, full: bool = False) -> IO[bytes]:
    """The pack, the minutes when published, and every attachment under its own name prefixed
    by its number, in one ZIP; the PDFs are built here if the background has not done it. The
    files are already compressed, so they are stored as they are. Without `full` (a reader who
    may not read closed content), the documents' variant without it and no closed attachment
    and none of a closed item."""
    documents = [ready_document(acting_user=acting_user, meeting=meeting, kind=PACK, full=full)]
    if meeting.minutes_status == MinutesStatus.PUBLISHED and minutes_offered(
        meeting, may_edit=False
    ):
        documents.append(
            ready_document(acting_user=acting_user, meeting=meeting, kind=MINUTES, full=full)
        )
    attachments = Attachment.objects.filter(item__meeting=meeting).select_related("item")
    if not full:
        attachments = attachments.filter(closed=False, item__closed=False)
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
    return out


def _add_to_zip(
    archive: zipfile.ZipFile, name: str, stored: FieldFile, when: datetime.datetime
) -> None:
    local = timezone.localtime(when)
    info = zipfile.ZipInfo(name, date_time=local.timetuple()[:6])
    info.compress_type = zipfile.ZIP_STORED
    with stored.open("rb") as source, archive.open(info, "w", force_zip64=True) as target:
        shutil.copyfileobj(source, target, 1024 * 1024)
