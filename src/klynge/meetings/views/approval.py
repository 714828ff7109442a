"""The secretariat asks the co-chairs to approve an agenda or minutes, and cancels a meeting
from a page that says what the cancellation does."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from klynge.accounts.http import AuthenticatedHttpRequest
from klynge.core.problems import InvalidInput
from klynge.governance.access import access_editable_meeting, access_editable_minutes
from klynge.meetings import services
from klynge.meetings.forms import CancelForm
from klynge.meetings.models import Meeting, MeetingStatus
from klynge.meetings.services.approval import Document
from klynge.meetings.status import after_cancelling, chair_names
from klynge.meetings.tasks import recipients
from klynge.web.pages import keep_after_refusal, page_on_get, problem_lines, tell_problems


def _ask(request: AuthenticatedHttpRequest, meeting: Meeting, of: Document) -> HttpResponse:
    """Ask, and go back to the page the button was on (the meeting's, or the agenda's or
    minutes' own)."""
    back = "meeting_detail" if request.POST.get("back") == "meeting" else of
    try:
        chairs = services.ask_co_chairs(acting_user=request.user, meeting=meeting, of=of)
    except InvalidInput as error:
        tell_problems(request, error)
    else:
        names = {"names": chair_names(chairs, both=True)}
        messages.success(
            request,
            _("%(names)s have been asked by e-mail to approve the agenda.") % names
            if of == "agenda"
            else _("%(names)s have been asked by e-mail to approve the minutes.") % names,
        )
    return redirect(reverse(back, args=[meeting.pk]))


@require_POST
def ask_agenda_approval(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """E-mail both co-chairs the link to the draft agenda: either may approve it."""
    return _ask(request, access_editable_meeting(request.user, pk), "agenda")


@require_POST
def ask_minutes_approval(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """E-mail both co-chairs the link to the draft minutes: either may approve them."""
    meeting, _person = access_editable_minutes(request.user, pk)
    return _ask(request, meeting, "minutes")


# ---- cancelling -------------------------------------------------------------------------------


def _cancel_page(
    request: AuthenticatedHttpRequest,
    meeting: Meeting,
    form: CancelForm,
    problems: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "meetings/cancel_meeting.html",
        {
            "meeting": meeting,
            "body": meeting.body,
            "form": form,
            "problems": problems or [],
            "told": len(recipients(meeting)),
            "left": after_cancelling(meeting),
        },
        status=status,
    )


def _editable_planned(request: AuthenticatedHttpRequest, pk: int) -> Meeting:
    meeting = access_editable_meeting(request.user, pk)
    if meeting.status == MeetingStatus.CANCELLED:
        messages.info(request, _("The meeting is already cancelled."))
    return meeting


@require_safe
def cancel_meeting_page(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """What cancelling the meeting does (the members told, the charter's minimum), the reason
    they will read, and the button that cancels it."""
    meeting = _editable_planned(request, pk)
    if meeting.status == MeetingStatus.CANCELLED:
        return redirect("meeting_detail", pk=meeting.pk)
    if meeting.date < timezone.localdate():
        messages.info(request, _("The meeting has been held, so it can no longer be cancelled."))
        return redirect("meeting_detail", pk=meeting.pk)
    return _cancel_page(request, meeting, CancelForm(initial={"sequence": meeting.sequence}))


@page_on_get("cancel_meeting_page", "pk")
@require_POST
def cancel_meeting(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Cancel the meeting with the reason the members are told."""
    meeting = _editable_planned(request, pk)
    if meeting.status == MeetingStatus.CANCELLED:
        return redirect("meeting_detail", pk=meeting.pk)
    form = CancelForm(request.POST)
    if not form.is_valid():
        return _cancel_page(request, meeting, form, status=400)
    try:
        services.cancel_meeting(
            acting_user=request.user,
            meeting=meeting,
            based_on=form.cleaned_data["sequence"],
            reason=form.cleaned_data["reason"],
        )
    except services.MeetingChanged:
        keep_after_refusal(form, "sequence", meeting.sequence)
        changed = _(
            "Someone else changed this meeting while you were working. Check the date and "
            "place above; your reason is still in the form. Cancel again to go ahead."
        )
        return _cancel_page(request, meeting, form, [changed], status=409)
    except InvalidInput as error:
        return _cancel_page(request, meeting, form, problem_lines(error), status=400)
    messages.success(request, _("The meeting has been cancelled, and the members have been told."))
    return redirect("meeting_detail", pk=meeting.pk)
