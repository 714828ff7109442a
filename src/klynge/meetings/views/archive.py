"""The archive of a body's past meetings by year, and the search over agendas and minutes. Thin:
read, call meetings.search, render."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from klynge.accounts.http import AuthenticatedHttpRequest
from klynge.core.danish import sort_key
from klynge.governance.access import (
    access_body,
    meetings_with_readable_minutes,
    readable_bodies,
)
from klynge.governance.models import Body
from klynge.meetings import search as index
from klynge.meetings.models import Meeting
from klynge.web.pages import number_in

ARCHIVE_PER_PAGE = 50
RESULTS_PER_PAGE = 20


def archive(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    """A body's meetings before today, one year at a time, cancelled ones marked; what members
    read stays readable whoever sat in the body then."""
    body = access_body(request.user, key)
    today = timezone.localdate()
    past = Meeting.objects.of_body(body).filter(date__lt=today)
    years = sorted({day.year for day in past.dates("date", "year")}, reverse=True)
    year = number_in(request.GET.get("year"), 2000, 2100) or (years[0] if years else today.year)
    meetings = Paginator(
        past.filter(date__year=year).select_related("body").order_by("date", "starts", "pk"),
        ARCHIVE_PER_PAGE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/archive.html",
        {
            "body": body,
            "year": year,
            "years": years,
            "meetings": meetings,
            "minutes_readable": meetings_with_readable_minutes(request.user, list(meetings)),
        },
    )


def search(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Search the agendas and minutes of the bodies the user reads, by body and year."""
    today = timezone.localdate()
    text = request.GET.get("q", "").strip()[: index.MAX_QUERY]
    readable = readable_bodies(request.user, today)
    bodies = Body.objects.select_related("cluster")
    if readable is not None:
        bodies = bodies.filter(pk__in=readable)
    choices = sorted(bodies, key=lambda b: sort_key(b.name))
    wanted = request.GET.get("body", "")
    chosen = {b.pk for b in choices if b.key == wanted} if wanted else None
    if chosen == set():  # a body the user does not read, or none such: nothing, as if unknown
        wanted, chosen = "", None
    years = Meeting.objects.all()
    if readable is not None:
        years = years.filter(body_id__in=readable)
    year_choices = sorted({day.year for day in years.dates("date", "year")}, reverse=True)
    year = number_in(request.GET.get("year"), 2000, 2100)
    page = number_in(request.GET.get("page"), 1, 10_000) or 1
    results = index.search(
        request.user,
        text,
        readable=readable,
        on=today,
        bodies=chosen,
        year=year,
        page=page,
        per_page=RESULTS_PER_PAGE,
    )
    return render(
        request,
        "meetings/search.html",
        {
            "q": text,
            "searched": bool(index.parse(text)),
            "results": results,
            "bodies": choices,
            "body_key": wanted,
            "years": year_choices,
            "year": year,
        },
    )
