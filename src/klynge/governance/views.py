import datetime
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from klynge.accounts.models import User
from klynge.core.charter import Charter, charter_to_data, charter_to_toml, read_glossary
from klynge.core.charter_document import charter_document, compare, to_markdown
from klynge.core.problems import InvalidInput, Problem
from klynge.governance import services
from klynge.governance.compliance import body_findings
from klynge.governance.documents import charter_context, charter_html, charter_pdf
from klynge.governance.forms import CharterEditForm, CharterImportForm
from klynge.governance.membership import members_on
from klynge.governance.models import CharterVersion
from klynge.governance.reads import access_body, charter_in_force, charter_of, charter_versions


def _language() -> str:
    return "en" if get_language() == "en" else "da"


def _may_change_charter(user: object) -> bool:
    # Administrators for now; the governance issue adds the body's secretariat.
    return isinstance(user, User) and user.is_staff


def _requested_day(request: HttpRequest) -> datetime.date:
    try:
        return datetime.date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        return timezone.localdate()


def body_detail(request: HttpRequest, key: str) -> HttpResponse:
    body = access_body(key)
    on = _requested_day(request)
    row = charter_in_force(body, on)
    context: dict[str, object] = {
        "body": body,
        "on": on,
        "row": row,
        "versions_count": CharterVersion.objects.filter(body=body).count(),
        "may_change": _may_change_charter(request.user),
    }
    if row is not None:
        charter = charter_of(row)
        context |= charter_context(row, charter)
        appointments = members_on(body, on)
        soon = on + datetime.timedelta(days=60)
        context["seats"] = [
            {
                "seat": seat,
                "members": [
                    a for a in appointments if a.seat == seat.key and a.substitute_for is None
                ],
                "substitutes": [
                    a for a in appointments if a.seat == seat.key and a.substitute_for is not None
                ],
            }
            for seat in charter.seats
        ]
        context["chairs"] = [a for a in appointments if a.role == "chair"]
        context["secretariat"] = [a for a in appointments if a.role == "secretariat"]
        context["ending_soon"] = sorted(
            (a for a in appointments if a.end is not None and a.end <= soon), key=lambda a: a.end
        )
        context["findings"] = body_findings(body, on)
        context["language"] = _language()
    else:
        context["glossary"] = read_glossary().terms
    return render(request, "governance/body_detail.html", context)


def charter_history(request: HttpRequest, key: str) -> HttpResponse:
    body = access_body(key)
    versions = charter_versions(body)
    return render(
        request,
        "governance/charter_versions.html",
        {"body": body, "versions": versions, "may_change": _may_change_charter(request.user)},
    )


def charter_diff(request: HttpRequest, key: str) -> HttpResponse:
    body = access_body(key)
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


def charter_download(request: HttpRequest, key: str, version: int, fmt: str) -> HttpResponse:
    body = access_body(key)
    row = CharterVersion.objects.filter(body=body, version=version).first()
    if row is None or fmt not in DOWNLOADS:
        raise Http404("no such charter version")
    charter = charter_of(row)
    content: str | bytes
    if fmt == "md":
        content = to_markdown(charter_document(charter))
    elif fmt == "toml":
        content = charter_to_toml(charter)
    elif fmt == "json":
        content = json.dumps(charter_to_data(charter), ensure_ascii=False, indent=2, default=str)
    elif fmt == "html":
        content = charter_html(row, charter, _language())
    else:
        content = charter_pdf(row, charter, _language())
    content_type, extension = DOWNLOADS[fmt]
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = (
        f'{disposition}; filename="kommissorium-{body.key}-v{row.version}.{extension}"'
    )
    return response


def _problem_lines(error: InvalidInput | services.CharterRefused, file_name: str) -> list[str]:
    if isinstance(error, InvalidInput):
        return [p.render(_language()) for p in error.problems]  # type: ignore[arg-type]
    return [Problem("", error.code, error.params).render(_language())]  # type: ignore[arg-type]


def charter_import(request: HttpRequest, key: str) -> HttpResponse:
    body = access_body(key)
    if not _may_change_charter(request.user):
        raise PermissionDenied
    form = CharterImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            charter = services.parse_uploaded_charter(upload.read(), upload.name, body)
            row, created = services.import_charter(charter, acting_user=request.user)  # type: ignore[arg-type]
        except (InvalidInput, services.CharterRefused) as error:
            problems = _problem_lines(error, upload.name)
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


def charter_edit(request: HttpRequest, key: str) -> HttpResponse:
    body = access_body(key)
    if not _may_change_charter(request.user):
        raise PermissionDenied
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
        write = (
            services.correct_charter
            if form.cleaned_data["save_as"] == "correction"
            else services.change_charter
        )
        try:
            row = write(
                acting_user=request.user,  # type: ignore[arg-type]
                body=body,
                based_on_version=form.cleaned_data["based_on_version"],
                changes=form.changes(has_meeting_rules=charter.meetings is not None),
            )
        except (InvalidInput, services.CharterRefused) as error:
            problems = _problem_lines(error, body.key)
            status = 409 if isinstance(error, services.CharterRefused) else 400
        else:
            if form.cleaned_data["save_as"] == "correction":
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
