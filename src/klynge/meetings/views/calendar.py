"""Calendar addresses: a person's meetings, or a body's as one of its readers subscribes to them,
for calendar clients (RFC 5545). Every address is one person's."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.accounts.http import AuthenticatedHttpRequest
from klynge.governance.access import access_body, access_feed_to_renew, person_of
from klynge.meetings import services
from klynge.meetings.calendar import calendar_of
from klynge.meetings.models import CalendarFeed


def feed_urls(request: HttpRequest, token: str | None) -> dict[str, str]:
    """The calendar address of a feed's token as it is copied, and as a webcal: link that opens
    the calendar program to subscribe (the same address with the scheme webcal)."""
    if not token:
        return {"feed_url": "", "feed_webcal_url": ""}
    url = request.build_absolute_uri(reverse("calendar_feed", args=[token]))
    return {"feed_url": url, "feed_webcal_url": "webcal:" + url.split(":", 1)[1]}


@login_not_required
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A person's meetings, or a body's for one of its readers, for calendar clients to
    subscribe to (RFC 5545). A body's address of someone who no longer reads the body is an
    empty calendar, not an error, so that subscribed clients empty instead of failing."""
    feed = CalendarFeed.objects.select_related("person__user", "body").filter(token=token).first()
    if feed is None:
        raise Http404("no such calendar")
    meetings = services.feed_meetings(feed, timezone.localdate())
    name = feed.body.name if feed.body is not None else f"Klynge – {feed.person.name}"
    content = calendar_of(
        meetings, method=None, name=name, base_url=request.build_absolute_uri("/")
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="klynge.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response


def _feed(request: AuthenticatedHttpRequest) -> tuple[CalendarFeed, str]:
    """The signed-in person's calendar address for the body named in the form (`body`), which
    they must read, else their own; made if it is missing; and the page to go back to."""
    key = request.POST.get("body", "")
    body = access_body(request.user, key) if key else None
    person = person_of(request.user)
    if person is None:
        raise Http404("no person")
    feed = services.feed_for(acting_user=request.user, person=person, body=body)
    if body is not None:
        return feed, reverse("body_meetings", args=[body.key]) + "#feed-title"
    return feed, "/meetings/#feed-title"


@require_POST
def calendar_address(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Make the signed-in person's calendar address, or their address for a body. A POST:
    reading a page never writes."""
    _feed_made, back = _feed(request)
    return redirect(back)


@require_POST
def renew_calendar_address(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Give one's own calendar address, or one's address for a body, a new token, ending the
    old one."""
    feed, back = _feed(request)
    services.renew_feed(acting_user=request.user, feed=access_feed_to_renew(request.user, feed))
    messages.success(request, _("The calendar has a new address. The old one no longer works."))
    return redirect(back)
