"""A body's charter: its versions, a comparison of two, downloads, and changing it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.accounts.http import AuthenticatedHttpRequest
from klynge.core.charter import Charter
from klynge.core.charter_document import charter_document, compare
from klynge.core.problems import InvalidInput, Problem
from klynge.governance import services
from klynge.governance.access import access_body, access_charter_body, may_change_charter
from klynge.governance.documents import charter_as
from klynge.governance.forms import CharterEditForm, CharterImportForm
from klynge.governance.models import CharterVersion
from klynge.governance.reads import charter_of, charter_versions
from klynge.web.pages import page_language, problem_lines


def charter_history(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    body = access_body(request.user, key)
    versions = charter_versions(body)
    return render(
        request,
        "governance/charter_versions.html",
        {"body": body, "versions": versions, "may_change": may_change_charter(request.user, body)},
    )


def charter_diff(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    body = access_body(request.user, key)
    rows = {row.version: row for row in charter_versions(body)}
    try:
        old, new = rows[int(request.GET["from"])], rows[int(request.GET["to"])]
    except (KeyError, ValueError):
        raise Http404("no such versions") from None
    changes = compare(charter_document(charter_of(old)), charter_document(charter_of(new)))
    return render(
        request,
        "governance/charter_diff.html",
        {
            "body": body,
            "old": old,
            "new": new,
            "changes": changes,
            "changed_count": sum(c.status != "unchanged" for c in changes),
        },
    )


DOWNLOADS = {
    "md": ("text/markdown; charset=utf-8", "md"),
    "toml": ("application/toml; charset=utf-8", "toml"),
    "json": ("application/json", "json"),
    "html": ("text/html; charset=utf-8", "html"),
    "pdf": ("application/pdf", "pdf"),
}


def charter_download(
    request: AuthenticatedHttpRequest, key: str, version: int, fmt: str
) -> HttpResponse:
    body = access_body(request.user, key)
    row = CharterVersion.objects.filter(body=body, version=version).first()
    if row is None or fmt not in DOWNLOADS:
        raise Http404("no such charter version")
    charter = charter_of(row)
    content = charter_as(row, charter, fmt, page_language())
    content_type, extension = DOWNLOADS[fmt]
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = (
        f'{disposition}; filename="kommissorium-{body.key}-v{row.version}.{extension}"'
    )
    return response


def _problem_lines(error: InvalidInput | services.CharterRefused) -> list[str]:
    if isinstance(error, InvalidInput):
        return problem_lines(error)
    return [Problem("", error.code, error.params).render(page_language())]


def charter_import(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    body = access_charter_body(request.user, key)
    form = CharterImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            charter = services.parse_uploaded_charter(upload.read(), upload.name, body)
            row, created = services.import_charter(charter, acting_user=request.user)
        except (InvalidInput, services.CharterRefused) as error:
            problems = _problem_lines(error)
        else:
            if created:
                messages.success(
                    request,
                    _("Version %(version)s of the charter has been saved.")
                    % {"version": row.version},
                )
            else:
                messages.info(request, _("This version was already saved; nothing has changed."))
            return redirect("body_detail", key=body.key)
    return render(
        request,
        "governance/charter_import.html",
        {"body": body, "form": form, "problems": problems},
        status=400 if problems else 200,
    )


def charter_edit(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    body = access_charter_body(request.user, key)
    latest = CharterVersion.objects.filter(body=body).order_by("-version").first()
    if latest is None:
        raise Http404("no charter")
    charter = charter_of(latest)
    initial = {
        "based_on_version": latest.version,
        "save_as": "new",
        "title": charter.title,
        "in_force_from": timezone.localdate(),
        "approved_by": latest.approved_by,
        "approved_on": charter.approval.on,
        "approval_precision": charter.approval.precision,
    }
    if charter.meetings:
        initial |= {
            "min_per_year": charter.meetings.min_per_year,
            "agenda_lead_days": charter.meetings.agenda_lead_days,
            "minutes_publish_days": charter.meetings.minutes_publish_days,
        }
    form = CharterEditForm(request.POST or None, initial=initial)
    problems: list[str] = []
    status = 200
    if request.method == "POST" and form.is_valid():
        correction = form.cleaned_data["save_as"] == "correction"
        write = services.correct_charter if correction else services.change_charter
        try:
            row = write(
                acting_user=request.user,
                body=body,
                based_on_version=form.cleaned_data["based_on_version"],
                changes=form.changes(has_meeting_rules=charter.meetings is not None),
            )
        except (InvalidInput, services.CharterRefused) as error:
            problems = _problem_lines(error)
            status = 409 if isinstance(error, services.CharterRefused) else 400
        else:
            if correction:
                done = _("Version %(version)s of the charter has been corrected.")
            else:
                done = _("Version %(version)s of the charter has been saved.")
            messages.success(request, done % {"version": row.version})
            return redirect("body_detail", key=body.key)
    return render(
        request,
        "governance/charter_edit.html",
        {
            "body": body,
            "form": form,
            "problems": problems,
            "latest": latest,
            "has_meetings": charter.meetings is not None,
        },
        status=status,
    )


@login_not_required
def charter_schema(request: HttpRequest) -> JsonResponse:
    """The JSON Schema of the charter file format, for editors and scripts."""
    schema = Charter.model_json_schema()
    schema["$id"] = request.build_absolute_uri()
    schema["title"] = "Klynge charter (kommissorium)"
    return JsonResponse(schema, json_dumps_params={"ensure_ascii": False, "indent": 2})
