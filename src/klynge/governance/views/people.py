"""A person's page: where they sit now and sat before, in the bodies the reader reads."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from klynge.accounts.http import AuthenticatedHttpRequest
from klynge.governance.access import (
    access_person,
    may_export_anyones_data,
    may_read_person_history,
    readable_bodies,
)
from klynge.governance.models import Appointment
from klynge.governance.reads import name_seats


def person_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Seats and roles in the bodies the reader reads: administrators see them all, and so do
    people on their own page; a member of one body does not learn where else someone sits."""
    person = access_person(request.user, pk)
    today = timezone.localdate()
    readable = readable_bodies(request.user, today)
    found = Appointment.objects.filter(person=person)
    if readable is not None and request.user.email != person.email:
        found = found.filter(body_id__in=readable)
    appointments = name_seats(found.select_related("body", "organisation").order_by("-start"))
    current = [a for a in appointments if a.start <= today and (a.end is None or a.end >= today)]
    past = [a for a in appointments if a not in current]
    return render(
        request,
        "governance/person_detail.html",
        {
            "person": person,
            "current": current,
            "past": past,
            "readable": readable,
            "may_export": may_export_anyones_data(request.user),
            "may_read_history": may_read_person_history(request.user, person),
        },
    )
