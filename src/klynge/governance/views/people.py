"""A person's page: where they sit now and sat before."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from klynge.accounts.http import AuthenticatedHttpRequest
from klynge.governance.access import access_person, may_read_person_history, readable_bodies
from klynge.governance.models import Appointment
from klynge.governance.reads import name_seats


def person_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = access_person(request.user, pk)
    appointments = name_seats(
        Appointment.objects.filter(person=person)
        .select_related("body", "organisation")
        .order_by("-start")
    )
    today = timezone.localdate()
    current = [a for a in appointments if a.start <= today and (a.end is None or a.end >= today)]
    past = [a for a in appointments if a not in current]
    return render(
        request,
        "governance/person_detail.html",
        {
            "person": person,
            "current": current,
            "past": past,
            "readable": readable_bodies(request.user, today),
            "may_read_history": may_read_person_history(request.user, person),
        },
    )
