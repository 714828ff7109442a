"""Attachments and the meeting's documents (pack, minutes, ZIP). Thin: check who may, call
attachments.py or documents.py, answer.

Everyone who reads the meeting downloads its attachments and its pack; the minutes once they are
published (the secretariat also before, as a draft). Only the secretariat attaches and removes.
Anyone else gets 404, as if the meeting did not exist.
"""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from klynge.accounts.access_log import CLOSED_ATTACHMENT_READ, log_access
from klynge.accounts.http import AuthenticatedHttpRequest
from klynge.governance.access import (
    access_attachment,
    access_editable_item,
    access_meeting,
    may_read_closed,
)
from klynge.meetings import attachments, documents
from klynge.meetings.models import AgendaItem, Meeting
from klynge.web.pages import download, page_on_get


def _item_url(meeting: Meeting, item: AgendaItem) -> str:
    return reverse("agenda_item", args=[meeting.pk, item.pk]) + "#attachments-title"


@page_on_get("agenda_item", "pk", "item_pk")
@require_POST
def upload_attachment(request: AuthenticatedHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting, item = access_editable_item(request.user, pk, item_pk)
    upload = request.FILES.get("file")
    too_large = getattr(request, "upload_too_large", None)
    if too_large is not None:
        messages.error(request, attachments.too_large_message(*too_large))
        return redirect(_item_url(meeting, item))
    if upload is None:
        messages.error(request, _("Choose a file to attach."))
        return redirect(_item_url(meeting, item))
    try:
        attachment = attachments.add_attachment(
            acting_user=request.user,
            item=item,
            upload=upload,
            title=request.POST.get("title", ""),
            closed=bool(request.POST.get("closed")),
            public=bool(request.POST.get("public")),
        )
    except attachments.AttachmentTitleTooLong as refused:
        from klynge.meetings.views.agenda import item_page

        typed = {
            "title": request.POST.get("title", ""),
            "error": refused.message,
            "closed": bool(request.POST.get("closed")),
            "public": bool(request.POST.get("public")),
        }
        # Told beside the title's field; the item's own form below was not what failed.
        return item_page(request, meeting, item, True, status=400, attachment=typed)
    except attachments.AttachmentRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            _("%(name)s is attached as attachment %(number)s.")
            % {"name": attachment.filename, "number": f"{item.position}.{attachment.position}"},
        )
    return redirect(_item_url(meeting, item))


@require_GET
def download_attachment(
    request: AuthenticatedHttpRequest, pk: int, attachment_pk: int
) -> FileResponse:
    _meeting, attachment = access_attachment(request.user, pk, attachment_pk)
    if attachment.closed or attachment.item.closed:
        log_access(request.user, CLOSED_ATTACHMENT_READ, attachment)
    return download(
        attachment.file.open("rb"),
        filename=attachment.filename,
        content_type=attachment.content_type,
    )


@require_POST
def attachment_access(
    request: AuthenticatedHttpRequest, pk: int, attachment_pk: int
) -> HttpResponse:
    """The secretariat marks an attachment closed or public (never both)."""
    meeting, attachment = access_attachment(request.user, pk, attachment_pk, to_change=True)
    try:
        attachments.set_attachment_access(
            acting_user=request.user,
            attachment=attachment,
            closed=bool(request.POST.get("closed")),
            public=bool(request.POST.get("public")),
        )
    except attachments.AttachmentRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("%(name)s is saved.") % {"name": attachment.title})
    return redirect(_item_url(meeting, attachment.item))


@require_POST
def delete_attachment(
    request: AuthenticatedHttpRequest, pk: int, attachment_pk: int
) -> HttpResponse:
    meeting, attachment = access_attachment(request.user, pk, attachment_pk, to_change=True)
    item = attachment.item
    attachments.remove_attachment(acting_user=request.user, attachment=attachment)
    messages.success(request, _("%(name)s is removed.") % {"name": attachment.filename})
    return redirect(_item_url(meeting, item))


# ---- the meeting pack and the minutes ---------------------------------------------------------


def _offered(request: AuthenticatedHttpRequest, pk: int, kind: str) -> tuple[Meeting, bool, bool]:
    """The meeting, if the user reads it and is offered this kind of document (else 404),
    whether they edit it, and whether they get the full variant (with closed content)."""
    meeting, may_change = access_meeting(request.user, pk)
    if kind not in documents.KINDS or not documents.offered(meeting, kind, may_change):
        raise Http404("no such document")
    return meeting, may_change, may_read_closed(request.user, meeting)


def _back(request: HttpRequest, meeting: Meeting) -> str:
    """Where the user came from, if it is one of the meeting's own pages."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    own = f"/meetings/{meeting.pk}/"
    return wanted if wanted.startswith(own) else own


@require_POST
def build_document(request: AuthenticatedHttpRequest, pk: int, kind: str) -> HttpResponse:
    """Ask for the document to be made; the page then shows its progress."""
    meeting, _may_change, full = _offered(request, pk, kind)
    documents.request_document(acting_user=request.user, meeting=meeting, kind=kind, full=full)
    return redirect(_back(request, meeting) + "#documents-title")


@require_GET
def document_status(request: AuthenticatedHttpRequest, pk: int, kind: str) -> HttpResponse:
    """The document's part of the page, for htmx to put in place while the document is made."""
    meeting, may_change, full = _offered(request, pk, kind)
    [state] = [s for s in documents.document_states(meeting, may_change, full) if s.kind == kind]
    response = render(
        request,
        "meetings/partials/document_status.html",
        {"state": state, "next": _back(request, meeting)},
    )
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def download_document(
    request: AuthenticatedHttpRequest, pk: int, kind: str
) -> HttpResponse | FileResponse:
    """The PDF of the current revision. When it is not ready, it is asked for in the background
    and the meeting's page shows its progress: a download never holds a server process while
    the PDF is set."""
    meeting, _may_change, full = _offered(request, pk, kind)
    document = documents.current_document(meeting, kind, full)
    if document is None:
        documents.request_document(acting_user=request.user, meeting=meeting, kind=kind, full=full)
        # Where tasks run at once (tests, or no worker configured) it is ready now.
        document = documents.current_document(meeting, kind, full)
    if document is None:
        messages.info(request, _("It is being made. The link appears here when it is ready."))
        return redirect(f"/meetings/{meeting.pk}/#documents-title")
    return download(
        document.file.open("rb"),
        filename=documents.document_filename(meeting, kind),
        content_type="application/pdf",
        as_attachment=False,
    )


@require_GET
def documents_zip(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse | FileResponse:
    """The pack, the published minutes and every attachment in one ZIP, for filing."""
    meeting, _may_change = access_meeting(request.user, pk)
    try:
        archive = documents.documents_zip(
            acting_user=request.user,
            meeting=meeting,
            full=may_read_closed(request.user, meeting),
        )
    except documents.DocumentFailed:
        messages.error(request, _("The document could not be made. Tell the administrator."))
        return redirect("meeting_detail", pk=meeting.pk)
    return download(
        archive, filename=documents.zip_filename(meeting), content_type="application/zip"
    )
