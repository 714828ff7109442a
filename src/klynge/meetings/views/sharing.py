"""Requests to share a theme day with a body the charters do not name for it: the asked body's
secretariat accepts or declines each."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from klynge.accounts.http import AuthenticatedHttpRequest
from klynge.governance.access import access_share_request, access_share_requests
from klynge.meetings import services
from klynge.meetings.models import MeetingShareRequest, ShareStatus
from klynge.web.pages import write_and_return


@require_safe
def share_requests(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The theme days other bodies ask to share with the bodies the user runs, and the answers
    to those the user's bodies asked."""
    runs = access_share_requests(request.user)
    found = MeetingShareRequest.objects.select_related(
        "meeting__body", "body", "asked_by", "answered_by"
    )
    asked = found if runs is None else found.filter(body_id__in=runs)
    sent = found.none() if runs is None else found.filter(meeting__body_id__in=runs)
    return render(
        request,
        "meetings/share_requests.html",
        {
            "waiting": [r for r in asked if r.status == ShareStatus.OPEN],
            "answered": [r for r in asked if r.status != ShareStatus.OPEN][:20],
            "sent": list(sent.order_by("-asked_at")[:20]),
        },
    )


@require_POST
def accept_share_request(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = access_share_request(request.user, pk)
    return write_and_return(
        request,
        lambda: services.answer_share_request(acting_user=request.user, request=found, accept=True),
        _("%(body)s now shares the theme day, and its members have been invited.")
        % {"body": found.body.name},
        reverse("share_requests"),
    )


@require_POST
def decline_share_request(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = access_share_request(request.user, pk)
    return write_and_return(
        request,
        lambda: services.answer_share_request(
            acting_user=request.user, request=found, accept=False
        ),
        _("The request has been declined."),
        reverse("share_requests"),
    )
