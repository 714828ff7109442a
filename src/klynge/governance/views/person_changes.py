"""Differences between what a secretariat gave for someone and their record: shown after the
appoint form, proposed to an administrator with one click, applied or dismissed by one."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from klynge.accounts.http import AuthenticatedHttpRequest
from klynge.governance import person_changes
from klynge.governance.access import (
    access_appointment,
    access_person_change,
    access_person_changes,
)
from klynge.governance.models import Appointment, ChangeStatus, Organisation, PersonChangeProposal
from klynge.web.pages import write_and_return


def appointed_url(appointment: Appointment, found: list[person_changes.Difference]) -> str:
    """The page that shows an appointment's differences, with what the form gave."""
    given = {d.field: d.organisation.key if d.organisation else d.given for d in found}
    return reverse(
        "appointed", args=[appointment.body.key, appointment.pk]
    ) + "?" + urlencode(given)  # fmt: skip


def _given(
    appointment: Appointment, name: str, organisation_key: str
) -> list[person_changes.Difference]:
    organisation = (
        Organisation.objects.filter(
            cluster_id=appointment.body.cluster_id, key=organisation_key
        ).first()
        if organisation_key
        else None
    )
    return person_changes.differences(appointment.person, name.strip(), organisation)


@require_safe
def appointed(request: AuthenticatedHttpRequest, key: str, pk: int) -> HttpResponse:
    """After the appoint form: the appointment is saved, but the person's record is left as it
    is, since they sit in other bodies too; the secretariat may propose the change."""
    body, appointment = access_appointment(request.user, key, pk)
    found = _given(appointment, request.GET.get("name", ""), request.GET.get("organisation", ""))
    open_proposals = PersonChangeProposal.objects.filter(
        person=appointment.person, status=ChangeStatus.OPEN
    )
    return render(
        request,
        "governance/appointed.html",
        {
            "body": body,
            "appointment": appointment,
            "differences": [(d, d.text(in_file=False)) for d in found],
            "given": {d.field: d.organisation.key if d.organisation else d.given for d in found},
            "proposed": open_proposals.exists(),
        },
    )


@require_POST
def propose_person_change(request: AuthenticatedHttpRequest, key: str, pk: int) -> HttpResponse:
    """Propose what the form gave for the person to an administrator."""
    body, appointment = access_appointment(request.user, key, pk)
    found = _given(appointment, request.POST.get("name", ""), request.POST.get("organisation", ""))
    proposal = person_changes.propose_person_change(
        acting_user=request.user, person=appointment.person, body=body, found=found
    )
    if proposal is None:
        messages.info(request, _("Nothing differs from the registered record any longer."))
    else:
        messages.success(
            request,
            _("The change to %(name)s has been proposed to an administrator.")
            % {"name": appointment.person.name},
        )
    return redirect("body_detail", key=body.key)


@require_safe
def person_change_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The changes to people that secretariats propose, for an administrator to decide."""
    access_person_changes(request.user)
    shown = PersonChangeProposal.objects.select_related(
        "person__organisation", "organisation", "body", "proposed_by", "decided_by"
    )
    return render(
        request,
        "governance/person_changes.html",
        {
            "open": list(shown.filter(status=ChangeStatus.OPEN)),
            "decided": list(shown.exclude(status=ChangeStatus.OPEN).order_by("-decided_at")[:20]),
        },
    )


@require_POST
def apply_person_change(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = access_person_change(request.user, pk)
    return write_and_return(
        request,
        lambda: person_changes.decide_person_change(
            acting_user=request.user, proposal=proposal, apply=True
        ),
        _("The change to %(name)s has been applied.") % {"name": proposal.person.name},
        reverse("person_changes"),
    )


@require_POST
def dismiss_person_change(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = access_person_change(request.user, pk)
    return write_and_return(
        request,
        lambda: person_changes.decide_person_change(
            acting_user=request.user, proposal=proposal, apply=False
        ),
        _("The proposed change to %(name)s has been dismissed.") % {"name": proposal.person.name},
        reverse("person_changes"),
    )
