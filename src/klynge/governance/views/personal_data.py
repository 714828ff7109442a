"""The profile page with the reader's own data to download, an administrator's export of anyone's
data, and the retention period after which people who left are anonymised."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from klynge.accounts.access_log import PERSONAL_DATA_EXPORTED, log_access
from klynge.accounts.http import AuthenticatedHttpRequest
from klynge.accounts.models import User
from klynge.governance.access import (
    access_personal_data,
    access_retention,
    may_set_retention,
    person_of,
)
from klynge.governance.anonymisation import privacy_settings, set_retention
from klynge.governance.forms import RetentionForm
from klynge.governance.models import Person
from klynge.governance.personal_data import (
    account_of,
    export_filename,
    personal_data_json,
    personal_data_pdf,
)
from klynge.web.pages import page_on_get

FORMATS = {"json": "application/json", "pdf": "application/pdf"}


def _export(
    request: AuthenticatedHttpRequest, person: Person | None, user: User | None, fmt: str
) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("no such format")
    log_access(request.user, PERSONAL_DATA_EXPORTED, person or user)
    content = personal_data_json(person, user) if fmt == "json" else personal_data_pdf(person, user)
    response = HttpResponse(content, content_type=FORMATS[fmt])
    filename = export_filename(person, user, fmt)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Who the reader is in Klynge, and their data to download (the right of access)."""
    person = person_of(request.user)
    context = {"person": person, "may_set_retention": may_set_retention(request.user)}
    return render(request, "governance/profile.html", context)


@require_safe
def my_data(request: AuthenticatedHttpRequest, fmt: str) -> HttpResponse:
    return _export(request, person_of(request.user), request.user, fmt)


@require_safe
def person_data(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    """An administrator's export of anyone's data (and a person's of their own)."""
    person = access_personal_data(request.user, pk)
    return _export(request, person, account_of(person), fmt)


def _retention_page(
    request: AuthenticatedHttpRequest, form: RetentionForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "governance/retention.html",
        {"form": form, "months": privacy_settings().retention_months},
        status=status,
    )


@require_safe
def retention(request: AuthenticatedHttpRequest) -> HttpResponse:
    access_retention(request.user)
    form = RetentionForm(initial={"months": privacy_settings().retention_months})
    return _retention_page(request, form)


@page_on_get("retention")
@require_POST
def save_retention(request: AuthenticatedHttpRequest) -> HttpResponse:
    access_retention(request.user)
    form = RetentionForm(request.POST)
    if not form.is_valid():
        return _retention_page(request, form, 400)
    months = form.cleaned_data["months"]
    set_retention(acting_user=request.user, months=months)
    if months:
        messages.success(
            request,
            ngettext(
                "People are now anonymised %(months)s month after they left every body.",
                "People are now anonymised %(months)s months after they left every body.",
                months,
            )
            % {"months": months},
        )
    else:
        messages.success(request, _("Nobody is anonymised until you set a period."))
    return redirect("retention")
