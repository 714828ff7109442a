"""Attachments (bilag) on agenda items: adding and removing them, and the check of what a file is.

A file's type is read from its content, never from its name: the first bytes for PDF, PNG and
JPEG, and for DOCX and XLSX (both zip files) the parts inside the zip. The name must then agree
with the content, so that a PNG called `budget.pdf` is refused instead of surprising the members
who open it. Files are stored under MEDIA_ROOT with a random name (models.attachment_path); the
original name is kept in the row and given back only when the file is downloaded.
"""

import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, Any

import filetype
from django.conf import settings
from django.core.files import File
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.db import transaction
from django.db.models import Max
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from klynge.accounts import audit
from klynge.accounts.audit import Actor
from klynge.meetings.models import AgendaItem, Attachment, Meeting
from klynge.meetings.services import agenda_changed

FIELDS = [
    "item",
    "position",
    "title",
    "filename",
    "content_type",
    "size",
    "sha256",
    "closed",
    "public",
]
MB = 1024 * 1024


@dataclass(frozen=True)
class FileKind:
    """A kind of file accepted as an attachment."""

    key: str
    label: str | Promise
    content_type: str
    suffixes: tuple[str, ...]  # the first is added to a name that has none


KINDS = {
    kind.key: kind
    for kind in (
        FileKind("pdf", "PDF", "application/pdf", (".pdf",)),
        FileKind(
            "docx",
            gettext_lazy("Word document (DOCX)"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            (".docx",),
        ),
        FileKind(
            "xlsx",
            gettext_lazy("Excel workbook (XLSX)"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            (".xlsx",),
        ),
        FileKind("png", gettext_lazy("PNG image"), "image/png", (".png",)),
        FileKind("jpeg", gettext_lazy("JPEG image"), "image/jpeg", (".jpg", ".jpeg")),
    )
}
# Suffixes that name a type of file: a name ending in one of these that does not fit the content
# is refused; any other ending ("Referat 3.5.2027") is part of the name, and the right suffix is
# added after it.
KNOWN_SUFFIXES = {f".{t.extension}" for t in filetype.types} | {
    ".jpeg", ".htm", ".html", ".txt", ".csv", ".msg", ".eml", ".odt", ".ods", ".pptx", ".doc",
    ".xls", ".docm", ".xlsm", ".js", ".svg",
}  # fmt: skip


class AttachmentRefused(Exception):
    """An upload that is not saved; `message` names the file and says why, in the user's
    language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class AttachmentTitleTooLong(AttachmentRefused):
    """The title typed is over its limit: the item's page shows it again, to be shortened."""


# The longest title an attachment takes (its column's length).
TITLE_LIMIT = 300


def max_bytes() -> int:
    return int(settings.KLYNGE_MAX_ATTACHMENT_MB) * MB


def kind_of(upload: IO[bytes]) -> FileKind | None:
    """What the file is by its content, if it is one of KINDS."""
    upload.seek(0)
    head = upload.read(8192)
    guess = filetype.guess(head)
    if guess is None:
        return None
    if guess.extension == "pdf":
        return KINDS["pdf"]
    if guess.extension == "png":
        return KINDS["png"]
    if guess.extension == "jpg":
        return KINDS["jpeg"]
    if guess.extension in {"zip", "docx", "xlsx"}:
        return _office_kind(upload)
    return None


def _office_kind(upload: IO[bytes]) -> FileKind | None:
    """DOCX and XLSX are zip files with a content-types part and their own folder of parts;
    filetype only looks at the first few entries, so the zip's directory decides."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if any(name.startswith("word/") for name in names):
        return KINDS["docx"]
    if any(name.startswith("xl/") for name in names):
        return KINDS["xlsx"]
    return None


def clean_filename(name: str) -> str:
    """The name without any folder (old browsers sent the whole path) or control characters: it
    goes into a Content-Disposition header and into ZIP entries."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if c.isprintable()).strip()
    if name in {"", ".", ".."}:
        name = "bilag"
    stem, suffix = PurePath(name).stem, PurePath(name).suffix
    return stem[: 200 - len(suffix)] + suffix


def checked_upload(upload: File[bytes]) -> tuple[FileKind, str]:
    """The file's kind and the name to keep, or AttachmentRefused saying why not."""
    filename = clean_filename(upload.name or "")
    if not upload.size:
        raise AttachmentRefused(_("%(name)s is empty.") % {"name": filename})
    if upload.size > max_bytes():
        raise AttachmentRefused(too_large_message(filename, upload.size))
    kind = kind_of(upload)
    if kind is None:
        raise AttachmentRefused(
            _(
                "%(name)s is not a PDF, Word (DOCX), Excel (XLSX), PNG or JPEG file. Klynge reads "
                "the type from the file's content, not from its name."
            )
            % {"name": filename}
        )
    suffix = PurePath(filename).suffix.lower()
    if suffix not in kind.suffixes:
        if suffix in KNOWN_SUFFIXES:
            raise AttachmentRefused(
                _(
                    "%(name)s is a %(kind)s, but its name ends in %(suffix)s. Check that it is "
                    "the right file, and give it a name that ends in %(expected)s."
                )
                % {
                    "name": filename,
                    "kind": kind.label,
                    "suffix": suffix,
                    "expected": kind.suffixes[0],
                }
            )
        filename += kind.suffixes[0]
    return kind, filename


def _sha256(upload: File[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    return digest.hexdigest()


def add_attachment(
    *,
    acting_user: Actor,
    item: AgendaItem,
    upload: File[bytes],
    title: str = "",
) -> Attachment:
    """Attach a file to an item, after the last of its attachments. Refused (AttachmentRefused)
    when the file is empty, too large, or not one of the accepted kinds by its content; nothing is
    saved then. The meeting pack is out of date afterwards, and on a sent agenda the item is
    marked as changed."""
    title = title.strip()
    if len(title) > TITLE_LIMIT:
        raise AttachmentTitleTooLong(
            _(
                "Title of the attachment: the text is too long: at most %(limit)s characters "
                "here, and it has %(count)s. The title is still in the field; shorten it and "
                "choose the file again."
            )
            % {"limit": TITLE_LIMIT, "count": len(title)}
        )
    kind, filename = checked_upload(upload)
    digest = _sha256(upload)
    upload.seek(0)
    attachment = Attachment(
        title=title or PurePath(filename).stem,
        filename=filename,
        content_type=kind.content_type,
        size=upload.size or 0,
        sha256=digest,
    )
    stored = ""
    try:
        with transaction.atomic():
            meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
            locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
            last = locked.attachments.aggregate(last=Max("position"))["last"] or 0
            attachment.item, attachment.position = locked, last + 1
            attachment.file.save(filename, upload, save=False)
            stored = attachment.file.name or ""
            attachment.save()
            audit.created(
                attachment, acting_user=acting_user, action="attachment.create", audited=FIELDS
            )
            agenda_changed(meeting, locked)
    except BaseException:
        # The file went to storage before the row; without the row nothing refers to it.
        if stored:
            attachment.file.storage.delete(stored)
        raise
    return attachment


@transaction.atomic
def remove_attachment(*, acting_user: Actor, attachment: Attachment) -> None:
    """Remove an attachment; the item's others are numbered again from 1, and the file leaves
    storage once the removal is committed."""
    item = AgendaItem.objects.get(pk=attachment.item_id)
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
    storage, stored = attachment.file.storage, attachment.file.name
    audit.delete(attachment, acting_user=acting_user, action="attachment.delete", audited=FIELDS)
    for number, other in enumerate(locked.attachments.order_by("position", "pk"), start=1):
        if other.position != number:
            other.position = number
            other.save(update_fields=["position"])
    agenda_changed(meeting, locked)
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))


# Room for the form's other fields and the multipart boundaries around the file.
FORM_OVERHEAD = 64 * 1024


class SizeLimitedUpload(FileUploadHandler):
    """Stops an upload whose request is larger than an attachment may be, before any of it is
    kept in memory or a temporary file. The rest of the request is read and thrown away (not cut
    off, which browsers show as a broken connection), and the view says why from
    `request.upload_too_large`."""

    too_large = False

    def handle_raw_input(
        self,
        input_data: IO[bytes],
        META: dict[str, str],
        content_length: int,
        boundary: str,
        encoding: str | None = None,
    ) -> None:
        self.too_large = content_length > max_bytes() + FORM_OVERHEAD
        self.content_length = content_length

    def new_file(self, field_name: str, file_name: str, *args: Any, **kwargs: Any) -> None:
        if self.too_large:
            # The view reads this to say which file was refused and how large the request was.
            setattr(  # noqa: B010 - HttpRequest declares no such attribute
                self.request, "upload_too_large", (clean_filename(file_name), self.content_length)
            )
            raise StopUpload(connection_reset=False)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def too_large_message(name: str, size: int) -> str:
    return _("%(name)s is %(size)s MB; attachments can be at most %(limit)s MB.") % {
        "name": name,
        "size": number_format(size / MB, decimal_pos=1),
        "limit": settings.KLYNGE_MAX_ATTACHMENT_MB,
    }
