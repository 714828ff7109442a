"""Calendar addresses: a person's or a body's meetings for calendar clients (RFC 5545)."""

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


def feed_urls(request: HttpRequest, feed: CalendarFeed | None) -> dict[str, str]:
    """The calendar address as it is copied, and as a webcal: link that opens the calendar
    program to subscribe (the same address with the scheme webcal)."""
    if feed is None:
        return {"feed_url": "", "feed_webcal_url": ""}
    url = request.build_absolute_uri(reverse("calendar_feed", args=[feed.token]))
    return {"feed_url": url, "feed_webcal_url": "webcal:" + url.split(":", 1)[1]}


@login_not_required
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A person's or a body's meetings for calendar clients to subscribe to (RFC 5545)."""
    feed = CalendarFeed.objects.select_related("person", "body").filter(token=token).first()
    if feed is None:
        raise Http404("no such calendar")
    meetings = services.feed_meetings(feed, timezone.localdate())
    if feed.body is not None:
        name = feed.body.name
    else:
        assert feed.person is not None  # a feed is a body's or a person's
        name = f"Klynge – {feed.person.name}"
    content = calendar_of(
        meetings, method=None, name=name, base_url=request.build_absolute_uri("/")
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="klynge.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response


def _feed(request: AuthenticatedHttpRequest) -> tuple[CalendarFeed, str]:
    """The calendar address of the body named in the form (`body`), else the signed-in
    person's, made if it is missing; and the page to go back to."""
    key = request.POST.get("body", "")
    if key:
        body = access_body(request.user, key)
        feed = services.feed_for(acting_user=request.user, body=body)
        return feed, reverse("body_meetings", args=[body.key]) + "#feed-title"
    person = person_of(request.user)
    if person is None:
        raise Http404("no person")
    feed = services.feed_for(acting_user=request.user, person=person)
    return feed, "/meetings/#feed-title"


@require_POST
def calendar_address(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Make the signed-in person's calendar address, or a body's. A POST: reading a page never
    writes."""
    _feed_made, back = _feed(request)
    return redirect(back)


@require_POST
def renew_calendar_address(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Give the calendar a new address, ending the old one: a body's only by its secretariat."""
    feed, back = _feed(request)
    services.renew_feed(acting_user=request.user, feed=access_feed_to_renew(request.user, feed))
    messages.success(request, _("The calendar has a new address. The old one no longer works."))
    return redirect(back)
