"""Proposed items: members propose, the secretariat puts them on an agenda or answers."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from klynge.accounts.http import AuthenticatedHttpRequest
from klynge.governance.access import (
    access_body,
    access_editable_body,
    access_proposal,
    access_proposer,
    may_edit_body,
    member_appointment,
    person_of,
)
from klynge.governance.models import Body
from klynge.meetings import proposals as service
from klynge.meetings.forms import ProposalForm
from klynge.meetings.models import ItemProposal, Meeting, MeetingStatus, ProposalStatus
from klynge.web.pages import page_on_get, write_and_return


def _proposals_page(
    request: AuthenticatedHttpRequest, key: str, form: ProposalForm | None = None
) -> HttpResponse:
    """A body's proposed items: a member's own and the form to propose; for the secretariat,
    all of them with the coming meetings to put them on."""
    body = access_body(request.user, key)
    today = timezone.localdate()
    may_change = may_edit_body(request.user, body, today)
    person = person_of(request.user)
    seat = member_appointment(person, body, today) if person else None
    form = form or ProposalForm()
    shown = ItemProposal.objects.filter(body=body).select_related(
        "proposed_by", "organisation", "item__meeting"
    )
    if not may_change:
        shown = shown.filter(proposed_by=person) if person else shown.none()
    return render(
        request,
        "meetings/proposals.html",
        {
            "body": body,
            "form": form,
            "may_propose": seat is not None,
            "may_change": may_change,
            "open": [p for p in shown if p.status == ProposalStatus.OPEN],
            "handled": [p for p in shown if p.status != ProposalStatus.OPEN],
            "coming": list(
                Meeting.objects.filter(body=body, date__gte=today, status=MeetingStatus.PLANNED)
                .exclude(kind="theme-day")
                .order_by("date")[:8]
            ),
        },
        status=400 if form.errors else 200,
    )


# Reading only: each write has its own URL, so a POST here (an old form) is refused, not lost.
@require_safe
def proposals(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    return _proposals_page(request, key)


def _back(body: Body) -> str:
    return f"/bodies/{body.key}/proposals/"


@page_on_get("proposals", "key")
@require_POST
def propose(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    """A member, substitute or co-chair brings a need, idea or task; the secretariat is told."""
    body, person = access_proposer(request.user, key)
    form = ProposalForm(request.POST)
    if not form.is_valid():
        return _proposals_page(request, key, form)
    return write_and_return(
        request,
        lambda: service.propose(
            acting_user=request.user,
            body=body,
            person=person,
            title=form.cleaned_data["title"],
            description=form.cleaned_data["description"],
        ),
        _("Thank you. The secretariat has your proposal."),
        _back(body),
    )


@require_POST
def put_on_agenda(request: AuthenticatedHttpRequest, key: str, proposal_pk: int) -> HttpResponse:
    """Put the proposal on a coming meeting's agenda (`meeting`); the member is told."""
    body = access_editable_body(request.user, key)
    proposal = access_proposal(body, proposal_pk)
    meeting = Meeting.objects.filter(body=body, pk=request.POST.get("meeting") or 0).first()
    if meeting is None:
        messages.error(request, _("Choose a meeting."))
        return redirect("proposals", key=body.key)
    return write_and_return(
        request,
        lambda: service.put_on_agenda(acting_user=request.user, proposal=proposal, meeting=meeting),
        _("The proposal is on the agenda, and the member has been told."),
        _back(body),
    )


@require_POST
def answer_proposal(request: AuthenticatedHttpRequest, key: str, proposal_pk: int) -> HttpResponse:
    """Answer the member instead (`answer`)."""
    body = access_editable_body(request.user, key)
    proposal = access_proposal(body, proposal_pk)
    return write_and_return(
        request,
        lambda: service.answer_proposal(
            acting_user=request.user, proposal=proposal, answer=request.POST.get("answer", "")
        ),
        _("The answer has been sent to the member."),
        _back(body),
    )
