"""Member files: upload one, see what would change (nothing saved), then confirm to save it all."""

import base64

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.accounts.http import AuthenticatedHttpRequest
from klynge.core.member_file import read_member_file
from klynge.core.problems import InvalidInput
from klynge.governance import membership
from klynge.governance.access import access_member_import, check_may_import_rows
from klynge.governance.member_forms import MemberFileForm
from klynge.web.pages import page_on_get, problem_lines

SESSION_MEMBER_FILE = "klynge_member_file"


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
        {"form": form, "problems": problems, "report": report, "file_name": file_name},
        status=400 if problems else 200,
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
        rows = read_member_file(content, upload.name)
        check_may_import_rows(request.user, rows)
        report = membership.import_members(
            rows, source=upload.name, acting_user=request.user, dry_run=True
        )
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
        rows = read_member_file(base64.b64decode(stored["content"]), file_name)
        check_may_import_rows(request.user, rows)
        report = membership.import_members(rows, source=file_name, acting_user=request.user)
    except InvalidInput as error:
        form = MemberFileForm(request.POST, request.FILES)
        return _page(request, form, problem_lines(error), file_name=file_name)
    del request.session[SESSION_MEMBER_FILE]
    messages.success(
        request,
        _("%(name)s is saved: %(created)s new appointments, %(updated)s changed.")
        % {"name": file_name, "created": len(report.created), "updated": len(report.updated)},
    )
    return redirect("member_import")
