"""Proposed items: members propose, the secretariat puts them on an agenda or answers. Thin: read,
call meetings.proposals, render."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from klynge.governance.membership import may_edit_body, person_of, readable_body
from klynge.meetings import proposals as service
from klynge.meetings.models import ItemProposal, Meeting
from klynge.web.pages import write_and_return


class ProposalForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    description = forms.CharField(
        label=gettext_lazy("What is the need, idea or task?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("What your organisation brings, and what you want the body to do."),
    )


def proposals(request: HttpRequest, key: str) -> HttpResponse:
    """A body's proposed items: a member's own and the form to propose; for the secretariat, all
    of them with the coming meetings to put them on."""
    body = readable_body(request.user, key)
    today = timezone.localdate()
    may_change = may_edit_body(request.user, body, today)
    me = person_of(request.user)
    seat = service.member_appointment(me, body, today) if me else None
    action = request.POST.get("action") if request.method == "POST" else None
    form = ProposalForm(request.POST if action == "propose" else None)
    if action == "propose":
        if me is None or seat is None:
            raise PermissionDenied
        if form.is_valid():
            return _run(request, body.key, lambda: service.propose(
                acting_user=request.user, body=body, person=me,  # type: ignore[arg-type]
                title=form.cleaned_data["title"], description=form.cleaned_data["description"],
            ), _("Thank you. The secretariat has your proposal."))  # fmt: skip
    elif action in {"agenda", "answer"}:
        if not may_change:
            raise PermissionDenied
        proposal = ItemProposal.objects.filter(
            body=body, pk=request.POST.get("proposal") or 0
        ).first()
        if proposal is None:
            raise Http404("no such proposal")
        if action == "agenda":
            meeting = Meeting.objects.filter(body=body, pk=request.POST.get("meeting") or 0).first()
            if meeting is None:
                messages.error(request, _("Choose a meeting."))
                return redirect("proposals", key=body.key)
            return _run(request, body.key, lambda: service.put_on_agenda(
                acting_user=request.user, proposal=proposal, meeting=meeting),  # type: ignore[arg-type]
                _("The proposal is on the agenda, and the member has been told."))  # fmt: skip
        return _run(request, body.key, lambda: service.answer_proposal(
            acting_user=request.user, proposal=proposal,  # type: ignore[arg-type]
            answer=request.POST.get("answer", "")),
            _("The answer has been sent to the member."))  # fmt: skip
    shown = ItemProposal.objects.filter(body=body).select_related(
        "proposed_by", "organisation", "item__meeting"
    )
    if not may_change:
        shown = shown.filter(proposed_by=me) if me else shown.none()
    return render(
        request,
        "meetings/proposals.html",
        {
            "body": body,
            "form": form,
            "may_propose": seat is not None,
            "may_change": may_change,
            "open": [p for p in shown if p.status == "open"],
            "handled": [p for p in shown if p.status != "open"],
            "coming": list(
                Meeting.objects.filter(body=body, date__gte=today, status="planned")
                .exclude(kind="theme-day")
                .order_by("date")[:8]
            ),
        },
        status=400 if form.errors else 200,
    )


def _run(request: HttpRequest, key: str, write: object, done: str) -> HttpResponse:
    return write_and_return(request, write, done, f"/bodies/{key}/proposals/")  # type: ignore[arg-type]
