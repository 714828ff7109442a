"""The public pages (/offentlig/): readable by anyone without signing in, for the bodies whose
secretariat has switched them on; and the switch itself, on the body's page.

What the public may see is governance/public.py's to say; these views only render it. A body
whose pages are off answers 404, as a body that does not exist.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import AnonymousUser
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from klynge.accounts.http import AuthenticatedHttpRequest
from klynge.governance import public
from klynge.governance.access import access_editable_body
from klynge.governance.documents import charter_context
from klynge.web.pages import download, number_in, page_on_get


def _context(**values: object) -> dict[str, object]:
    # The same page for everyone: the header's home link leads to the public list, and a
    # signed-in reader gets no menu into the signed-in pages here.
    return {"home_url": reverse("public_index"), "user": AnonymousUser(), **values}


@login_not_required
@require_safe
def public_index(request: HttpRequest) -> HttpResponse:
    """The bodies whose public pages are on: the way in."""
    return render(request, "governance/public/index.html", _context(bodies=public.public_bodies()))


@login_not_required
@require_safe
def public_body_page(request: HttpRequest, key: str) -> HttpResponse:
    """A body for the public: its members by seat and its meeting plan for a year."""
    body = public.public_body(key)
    today = timezone.localdate()
    found = public.public_charter(body, today)
    charter = found[1] if found else None
    years = public.public_years(body, today)
    year = number_in(request.GET.get("year"), min(years), max(years)) or today.year
    context = _context(
        body=body,
        today=today,
        row=found[0] if found else None,
        seats=public.public_members(body, charter, today),
        year=year,
        years=years,
        meetings=public.public_meetings(body, year),
    )
    return render(request, "governance/public/body.html", context)


@login_not_required
@require_safe
def public_charter_page(request: HttpRequest, key: str) -> HttpResponse:
    """The charter in force today, as the body's page shows it, to read only."""
    body = public.public_body(key)
    today = timezone.localdate()
    found = public.public_charter(body, today)
    context = _context(body=body, today=today)
    if found is not None:
        context |= charter_context(*found)
    return render(request, "governance/public/charter.html", context)


@login_not_required
@require_safe
def public_meeting_page(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    """A meeting: when and where; its sent agenda's items; the decisions once published."""
    body = public.public_body(key)
    meeting = public.public_meeting(body, pk)
    context = _context(body=body, meeting=meeting, items=public.public_agenda(meeting))
    return render(request, "governance/public/meeting.html", context)


@login_not_required
@require_safe
def public_attachment_file(request: HttpRequest, key: str, pk: int) -> FileResponse:
    """A public attachment (see public.public_attachment); anything else is 404."""
    attachment = public.public_attachment(public.public_body(key), pk)
    return download(
        attachment.file.open("rb"),
        filename=attachment.filename,
        content_type=attachment.content_type,
        private=False,
    )


@page_on_get("body_detail", "key")
@require_POST
def switch_public_pages(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    """The body's secretariat (or an administrator) turns its public pages on or off."""
    body = access_editable_body(request.user, key)
    on = request.POST.get("public_pages") == "on"
    public.switch_public_pages(acting_user=request.user, body=body, on=on)
    messages.success(
        request,
        (
            _("The public pages of %(name)s are on.")
            if on
            else _("The public pages of %(name)s are off.")
        )
        % {"name": body.name},
    )
    return redirect("body_detail", key=body.key)
