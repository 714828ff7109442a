"""Member files: upload one, see what each row would change (nothing saved), then confirm to save
it all. New people get an account and an invitation, as the appoint form gives them."""

import base64
import datetime

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from klynge.accounts.http import AuthenticatedHttpRequest
from klynge.core.member_file import member_template, read_member_file
from klynge.core.problems import InvalidInput
from klynge.governance import membership
from klynge.governance.access import access_member_import, check_may_import_rows
from klynge.governance.member_forms import MemberFileForm
from klynge.governance.models import Role
from klynge.web.pages import page_on_get, problem_lines

SESSION_MEMBER_FILE = "klynge_member_file"
TEMPLATE_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.date):
        return date_format(value, "DATE_FORMAT")
    return str(value) if value else "–"


def _preview_rows(report: membership.ImportReport) -> list[dict[str, object]]:
    """Each row of the file as the preview table shows it: names and Danish dates."""
    outcomes = {
        "new": _("New appointment"),
        "changed": _("Changed"),
        "unchanged": _("Unchanged"),
    }
    rows = []
    for row in report.rows:
        where = [row.body, row.seat, Role(row.role).label if row.role else "", row.organisation]
        if row.substitute_for:
            where.append(_("substitute for %(name)s") % {"name": row.substitute_for})
        outcome = outcomes.get(row.outcome, "")
        if row.outcome == "ended" and row.end:
            outcome = _("Ends: last day %(day)s") % {"day": _shown(row.end)}
        rows.append(
            {
                "row": row.row,
                "name": row.name,
                "email": row.email,
                "new_person": row.new_person,
                "invited": row.invited,
                "where": [str(w) for w in where if w],
                "start": row.start,
                "outcome": row.outcome,
                "outcome_text": outcome,
                "changes": [
                    (membership.CHANGE_LABELS[c.field], _shown(c.old), _shown(c.new))
                    for c in row.changes
                ],
                "differences": [d.text(in_file=True) for d in row.differences],
            }
        )
    return rows


def _differences(report: membership.ImportReport) -> list[tuple[str, str, list[str]]]:
    """The people the file names otherwise than their record, which is left as it is."""
    names = {row.email: row.name for row in report.rows}
    registered = {
        email: next((d.registered for d in found if d.field == "name"), names.get(email, email))
        for email, (_body, found) in report.differences.items()
    }
    return [
        (email, registered[email], [d.text(in_file=True) for d in found])
        for email, (_body, found) in report.differences.items()
    ]


def _page(
    request: AuthenticatedHttpRequest,
    form: MemberFileForm,
    problems: list[str],
    report: membership.ImportReport | None = None,
    file_name: str = "",
) -> HttpResponse:
    return render(
        request,
        "governance/member_import.html",
        {
            "form": form,
            "problems": problems,
            "report": report,
            "rows": _preview_rows(report) if report else [],
            "differences": _differences(report) if report else [],
            "file_name": file_name,
        },
        status=400 if problems else 200,
    )


def _import(
    request: AuthenticatedHttpRequest,
    content: bytes,
    file_name: str,
    *,
    dry_run: bool,
    propose: list[str] | None = None,
) -> membership.ImportReport:
    rows = read_member_file(content, file_name)
    check_may_import_rows(request.user, rows)
    return membership.import_members(
        rows,
        source=file_name,
        acting_user=request.user,
        dry_run=dry_run,
        invite=True,
        base_url=request.build_absolute_uri("/"),
        propose=propose or (),
    )


def member_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The upload form; an uploaded file is checked and its changes shown, and kept in the
    session for member_import_confirm to save."""
    access_member_import(request.user)
    form = MemberFileForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _page(request, form, [])
    upload = form.cleaned_data["file"]
    content = upload.read()
    try:
        report = _import(request, content, upload.name, dry_run=True)
    except InvalidInput as error:
        return _page(request, form, problem_lines(error), file_name=upload.name)
    request.session[SESSION_MEMBER_FILE] = {
        "name": upload.name,
        "content": base64.b64encode(content).decode(),
    }
    return _page(request, form, [], report, upload.name)


@page_on_get("member_import")
@require_POST
def member_import_confirm(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Save the file the user has just seen the changes of."""
    access_member_import(request.user)
    stored = request.session.get(SESSION_MEMBER_FILE)
    if stored is None:
        return redirect("member_import")
    file_name = stored["name"]
    try:
        report = _import(
            request,
            base64.b64decode(stored["content"]),
            file_name,
            dry_run=False,
            propose=request.POST.getlist("propose"),
        )
    except InvalidInput as error:
        form = MemberFileForm(request.POST, request.FILES)
        return _page(request, form, problem_lines(error), file_name=file_name)
    del request.session[SESSION_MEMBER_FILE]
    created, updated = len(report.created), len(report.updated)
    saved = _("%(name)s is saved: %(created)s, %(updated)s.") % {
        "name": file_name,
        "created": ngettext("%(n)s new appointment", "%(n)s new appointments", created)
        % {"n": created},
        "updated": ngettext("%(n)s changed", "%(n)s changed", updated) % {"n": updated},
    }
    if report.invited:
        saved += " " + ngettext(
            "%(n)s person has been sent an invitation to sign in.",
            "%(n)s people have been sent an invitation to sign in.",
            len(report.invited),
        ) % {"n": len(report.invited)}
    if report.proposed:
        saved += " " + ngettext(
            "The change to %(n)s person has been proposed to an administrator.",
            "The changes to %(n)s people have been proposed to an administrator.",
            len(report.proposed),
        ) % {"n": len(report.proposed)}
    messages.success(request, saved)
    return redirect("member_import")


@require_safe
def member_template_file(request: AuthenticatedHttpRequest, file_format: str) -> HttpResponse:
    """An empty member file with the Danish headers, to fill in and import."""
    access_member_import(request.user)
    if file_format not in TEMPLATE_TYPES:
        raise Http404(file_format)
    response = HttpResponse(member_template(file_format), content_type=TEMPLATE_TYPES[file_format])
    name = _("members-template")
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response
