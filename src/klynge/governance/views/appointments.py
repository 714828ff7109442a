"""Appointing someone to a seat or a role, and ending, correcting or replacing an appointment."""

import datetime

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from klynge.accounts.http import AuthenticatedHttpRequest
from klynge.core.problems import InvalidInput
from klynge.governance import appointing
from klynge.governance.access import access_appointment, access_editable_body
from klynge.governance.member_forms import (
    AppointForm,
    CorrectAppointmentForm,
    EndForm,
    ReplaceForm,
)
from klynge.governance.models import Appointment, Body, Person
from klynge.governance.reads import charter_in_force, charter_of, name_seats, substitutable
from klynge.governance.views.common import row_problems
from klynge.governance.views.person_changes import appointed_url
from klynge.meetings.models import Meeting, MeetingStatus
from klynge.web.pages import keep_after_refusal, page_language

# What a finding's "fix it" link (or a meeting's "invite an observer") may fill in on the form.
PREFILLED = {
    "seat", "organisation", "role", "substitute_for", "start", "end", "continuing", "meeting",
}  # fmt: skip


def coming_meetings(body: Body, today: datetime.date) -> list[tuple[datetime.date, str, str]]:
    """The body's coming meetings that are not cancelled, as the form offers them for an
    observer appointed for one meeting: (day, value, "Wednesday 2 December 2026, kind")."""
    found = (
        Meeting.objects.of_body(body)
        .filter(date__gte=today)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("date", "starts")
    )
    return [
        (
            m.date,
            str(m.pk),
            f"{capfirst(date_format(m.date, _('l, j F Y')))}, {m.title or m.get_kind_display()}",
        )
        for m in found
    ]


def appoint(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    body = access_editable_body(request.user, key)
    today = timezone.localdate()
    row = charter_in_force(body, today)
    seats = [(s.key, s.label) for s in charter_of(row).seats] if row else []
    organisations = [(o.key, o.name) for o in body.cluster.organisations.order_by("position")]
    initial = {"start": today, **{k: v for k, v in request.GET.items() if k in PREFILLED}}
    form = AppointForm(
        request.POST or None,
        initial=initial,
        seats=seats,
        organisations=organisations,
        members=substitutable(body, today),
        meetings=coming_meetings(body, today),
    )
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            appointment, found = appointing.appoint_reporting(
                form.to_member_row(body),
                acting_user=request.user,
                base_url=request.build_absolute_uri("/"),
                named_in_public=form.cleaned_data["named_in_public"],
            )
        except InvalidInput as error:
            problems = row_problems(error)
        else:
            if found:  # the page says it was saved, and what was left as it is
                return redirect(appointed_url(appointment, found))
            messages.success(
                request, _("%(name)s has been appointed.") % {"name": appointment.person.name}
            )
            return redirect("body_detail", key=body.key)
    return render(
        request,
        "governance/appoint.html",
        {"body": body, "form": form, "problems": problems},
        status=400 if problems or form.errors else 200,
    )


def end_appointment(request: AuthenticatedHttpRequest, key: str, pk: int) -> HttpResponse:
    """End an appointment on a last day: the first press shows what ending does, and only the
    confirming button ends it."""
    body, appointment = access_appointment(request.user, key, pk)
    form = EndForm(request.POST or None, initial={"end": timezone.localdate()})
    confirming = False
    if request.method == "POST" and form.is_valid():
        if request.POST.get("confirm") != "yes" or "change" in request.POST:
            confirming = "change" not in request.POST
        else:
            return _end(request, body, appointment, form)
    return render(
        request,
        "governance/end_appointment.html",
        {
            "body": body,
            "appointment": name_seats([appointment])[0],
            "form": form,
            "confirming": confirming,
        },
        status=400 if form.errors else 200,
    )


def _end(
    request: AuthenticatedHttpRequest, body: Body, appointment: Appointment, form: EndForm
) -> HttpResponse:
    """End the appointment as confirmed; a last day before the first shows the form again."""
    try:
        appointing.end_appointment(
            acting_user=request.user, appointment=appointment, end=form.cleaned_data["end"]
        )
    except InvalidInput:
        form.add_error("end", _("The last day cannot be before the first."))
        return render(
            request,
            "governance/end_appointment.html",
            {"body": body, "appointment": appointment, "form": form},
            status=400,
        )
    messages.success(
        request,
        _("The appointment of %(name)s has been ended.") % {"name": appointment.person.name},
    )
    return redirect("body_detail", key=body.key)


def edit_appointment(request: AuthenticatedHttpRequest, key: str, pk: int) -> HttpResponse:
    """Correct an appointment; a second editor's save is refused and their input kept."""
    body, appointment = access_appointment(request.user, key, pk)
    today = timezone.localdate()
    organisations = {o.key: o for o in body.cluster.organisations.order_by("position")}
    version = appointing.appointment_version(appointment)
    members = [m for m in substitutable(body, today) if m[0] != appointment.person.email]
    current = appointment.substitute_for
    if current is not None and current.email not in dict(members):
        members.append((current.email, current.name))  # no longer seated, still the saved value
    form = CorrectAppointmentForm(
        request.POST or None,
        initial={
            "version": version,
            "organisation": appointment.organisation.key if appointment.organisation else "",
            "end": None if appointment.end_from_term else appointment.end,
            "continuing": appointment.continuing,
            "appointed_by": appointment.appointed_by,
            "substitute_for": current.email if current else "",
            "named_in_public": appointment.named_in_public,
        },
        organisations=[(k, o.name) for k, o in organisations.items()],
        members=members,
    )
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                appointing.correct_appointment(
                    acting_user=request.user,
                    appointment=appointment,
                    based_on=data["version"],
                    organisation=organisations.get(data["organisation"]),
                    end=data["end"],
                    continuing=data["continuing"],
                    appointed_by=data["appointed_by"].strip(),
                    substitute_for=Person.objects.filter(email=data["substitute_for"]).first()
                    if data["substitute_for"]
                    else None,
                    named_in_public=data["named_in_public"],
                )
            except appointing.AppointmentChanged:
                problems = [
                    _(
                        "Someone else changed this appointment while you were working. What you "
                        "typed is still in the form, and what they saved is shown above it. Save "
                        "again to keep yours."
                    )
                ]
                keep_after_refusal(form, "version", version)
                status = 409
            except InvalidInput as error:
                for problem in error.problems:
                    if problem.location == "end":
                        form.add_error("end", _("The last day cannot be before the first."))
                    else:
                        form.add_error(problem.location, problem.message(page_language()))
            else:
                messages.success(
                    request,
                    _("The appointment of %(name)s has been corrected.")
                    % {"name": appointment.person.name},
                )
                return redirect("body_detail", key=body.key)
    return render(
        request,
        "governance/edit_appointment.html",
        {
            "body": body,
            "appointment": name_seats([appointment])[0],
            "form": form,
            "problems": problems,
        },
        status=status,
    )


def replace_appointment(request: AuthenticatedHttpRequest, key: str, pk: int) -> HttpResponse:
    body, appointment = access_appointment(request.user, key, pk)
    today = timezone.localdate()
    organisations = [(o.key, o.name) for o in body.cluster.organisations.order_by("position")]
    form = ReplaceForm(
        request.POST or None,
        initial={
            "last_day": max(today, appointment.start),
            "organisation": appointment.organisation.key if appointment.organisation else "",
            "appointed_by": appointment.appointed_by,
        },
        organisations=organisations,
    )
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        successor = form.to_member_row(body, appointment)
        try:
            successor_appointment, found = appointing.replace_appointment(
                acting_user=request.user,
                appointment=appointment,
                last_day=form.cleaned_data["last_day"],
                successor=successor,
                base_url=request.build_absolute_uri("/"),
            )
        except InvalidInput as error:
            problems = row_problems(error)
        else:
            messages.success(
                request,
                _("%(new)s takes over from %(old)s.")
                % {"new": successor_appointment.person.name, "old": appointment.person.name},
            )
            if found:
                return redirect(appointed_url(successor_appointment, found))
            return redirect("body_detail", key=body.key)
    return render(
        request,
        "governance/replace_appointment.html",
        {
            "body": body,
            "appointment": name_seats([appointment])[0],
            "form": form,
            "problems": problems,
        },
        status=400 if problems or form.errors else 200,
    )
