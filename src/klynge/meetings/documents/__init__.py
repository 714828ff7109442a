"""A meeting's documents: the meeting pack (mødemappe) and the minutes (referat) as PDF, and a ZIP
of both with every attachment, for the organisations' records systems.

- lifecycle.py: which document is current (queued, built, out of date), asking for one and
  building it in the background;
- pack.py and minutes.py: the two PDFs, set by pdf.py (page numbers that count the appended
  attachments, bookmarks) through klynge.printing, which sets every PDF of the product as tagged
  PDF (PDF/UA-1, Danish hyphenation, "Side 3 af 12");
- zip_archive.py: the ZIP.
"""

from klynge.meetings.documents.lifecycle import (
    BUILDER,
    KINDS,
    LOST_AFTER,
    MINUTES,
    PACK,
    WAIT_FOR_WORKER,
    DocumentFailed,
    DocumentState,
    build_document,
    build_meeting_document,
    current_document,
    document_filename,
    document_states,
    has_closed_content,
    is_current,
    minutes_offered,
    offered,
    ready_document,
    request_document,
    revision_of,
    step_label,
    variant,
)
from klynge.meetings.documents.minutes import minutes_pdf
from klynge.meetings.documents.pack import pack_pdf, pack_source
from klynge.meetings.documents.pdf import Bookmark, PackAttachment, Source, footer_css
from klynge.meetings.documents.zip_archive import attachment_zip_name, documents_zip, zip_filename
from klynge.printing import PDF_VARIANT, STATIC_DIR

__all__ = [
    "BUILDER",
    "KINDS",
    "LOST_AFTER",
    "MINUTES",
    "PACK",
    "PDF_VARIANT",
    "STATIC_DIR",
    "WAIT_FOR_WORKER",
    "Bookmark",
    "DocumentFailed",
    "DocumentState",
    "PackAttachment",
    "Source",
    "attachment_zip_name",
    "build_document",
    "build_meeting_document",
    "current_document",
    "document_filename",
    "document_states",
    "documents_zip",
    "footer_css",
    "has_closed_content",
    "is_current",
    "minutes_offered",
    "minutes_pdf",
    "offered",
    "pack_pdf",
    "pack_source",
    "ready_document",
    "request_document",
    "revision_of",
    "step_label",
    "variant",
    "zip_filename",
]
