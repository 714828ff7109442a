"""The agenda: its items, in order, with their time slots; the secretariat adds, changes, orders
and postpones items and sends the agenda once a co-chair has approved it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from klynge.accounts.access_log import CLOSED_ITEM_READ, log_access
from klynge.accounts.http import AuthenticatedHttpRequest
from klynge.core.problems import InvalidInput
from klynge.governance.access import (
    access_acting_person,
    access_editable_meeting,
    access_item,
    access_meeting,
    may_read_closed,
    person_of,
)
from klynge.governance.reads import charter_tasks
from klynge.meetings import services
from klynge.meetings.closed import hidden, shown_actions, shown_attachments, shown_item
from klynge.meetings.forms import AgendaItemForm
from klynge.meetings.minutes import open_actions_before
from klynge.meetings.models import AgendaItem, Meeting, MeetingStatus
from klynge.meetings.reads import agenda_page
from klynge.web.pages import (
    keep_after_refusal,
    page_on_get,
    tell_problems,
    write_and_return,
)


def _agenda_page(
    request: AuthenticatedHttpRequest, meeting: Meeting, may_change: bool, form: AgendaItemForm
) -> HttpResponse:
    context = agenda_page(
        meeting,
        person_of(request.user),
        may_change,
        readable_closed=may_read_closed(request.user, meeting),
    )
    return render(
        request,
        "meetings/agenda.html",
        context | {"form": form},
        status=400 if form.errors else 200,
    )


# Reading only: each write has its own URL, so a POST here (an old form) is refused, not lost.
@require_safe
def agenda(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The meeting's agenda: items with number, time slot, kind and presenter."""
    meeting, may_change = access_meeting(request.user, pk)
    form = AgendaItemForm(tasks=charter_tasks(meeting.body, meeting.date))
    return _agenda_page(request, meeting, may_change, form)


@page_on_get("agenda", "pk")
@require_POST
def add_item(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = access_editable_meeting(request.user, pk)
    form = AgendaItemForm(request.POST, tasks=charter_tasks(meeting.body, meeting.date))
    if not form.is_valid():
        return _agenda_page(request, meeting, True, form)
    item = services.add_item(acting_user=request.user, meeting=meeting, values=form.values())
    messages.success(
        request,
        _("Item %(n)s, %(title)s, is on the agenda.") % {"n": item.position, "title": item.title},
    )
    return redirect("agenda", pk=meeting.pk)


def _back_to_agenda(meeting: Meeting) -> str:
    return f"/meetings/{meeting.pk}/agenda/"


@require_POST
def approve_agenda(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A co-chair approves the agenda; anyone else is told they may not."""
    meeting, _may_change = access_meeting(request.user, pk)
    person = access_acting_person(request.user)
    return write_and_return(
        request,
        lambda: services.approve_agenda(acting_user=request.user, meeting=meeting, person=person),
        _("The agenda is approved and can be sent."),
        _back_to_agenda(meeting),
    )


@require_POST
def send_agenda(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = access_editable_meeting(request.user, pk)
    return write_and_return(
        request,
        lambda: services.send_agenda(acting_user=request.user, meeting=meeting),
        _("The agenda has been sent to every member."),
        _back_to_agenda(meeting),
    )


@require_POST
def announce_changes(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Tell the members of the items changed after the agenda was sent."""
    meeting = access_editable_meeting(request.user, pk)
    return write_and_return(
        request,
        lambda: services.announce_changes(acting_user=request.user, meeting=meeting),
        _("The members have been told of the changed items."),
        _back_to_agenda(meeting),
    )


def agenda_item(request: AuthenticatedHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """One item; the secretariat changes it, and a second editor's save is refused with their
    text kept."""
    meeting, may_change = access_meeting(request.user, pk)
    item = access_item(meeting, item_pk)
    if request.method != "POST" and item.closed and may_read_closed(request.user, meeting):
        log_access(request.user, CLOSED_ITEM_READ, item)
    initial = {"version": item.version, **{f: getattr(item, f) for f in services.ITEM_FIELDS}}
    tasks = charter_tasks(meeting.body, meeting.date)
    form = AgendaItemForm(request.POST or None, initial=initial, tasks=tasks)
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        status = 400
        if form.is_valid():
            try:
                services.change_item(
                    acting_user=request.user,
                    item=item,
                    based_on=form.cleaned_data["version"] or 0,
                    values=form.values(),
                )
            except services.ItemChanged:
                problems = [
                    _(
                        "Someone else saved this item while you were working. Your text is still "
                        "in the form; what they saved is shown above it. Copy what you need, then "
                        "save again."
                    )
                ]
                keep_after_refusal(form, "version", item.version)
                status = 409
            else:
                messages.success(request, _("The item has been saved."))
                return redirect("agenda", pk=meeting.pk)
    return item_page(request, meeting, item, may_change, form, problems, status)


def item_page(
    request: AuthenticatedHttpRequest, meeting: Meeting, item: AgendaItem, may_change: bool,
    form: AgendaItemForm | None = None, problems: list[str] | None = None, status: int = 200,
    attachment: dict[str, object] | None = None,
) -> HttpResponse:  # fmt: skip
    """The item's page; `attachment`: the title typed in a refused upload, and why. A closed item
    shows a reader without the right its number and closed title only."""
    tasks = charter_tasks(meeting.body, meeting.date)
    readable = may_read_closed(request.user, meeting)
    shown = shown_item(item, readable)
    if form is None:
        initial = {"version": item.version, **{f: getattr(item, f) for f in services.ITEM_FIELDS}}
        form = AgendaItemForm(initial=initial, tasks=tasks)
    return render(
        request,
        "meetings/agenda_item.html",
        {
            "meeting": meeting,
            "body": meeting.body,
            "item": shown,
            "hidden": hidden(shown),
            "attachments": shown_attachments(shown, shown.attachments.all(), readable),
            "linked_tasks": [label for key, label in tasks if key in shown.charter_tasks],
            "follow_up": shown_actions(open_actions_before(meeting), readable)
            if shown.is_follow_up
            else [],
            "later_meetings": services.later_meetings(item) if not item.standard else [],
            "form": form,
            "problems": problems or [],
            "may_change": may_change and meeting.status != MeetingStatus.CANCELLED,
            "attachment": attachment or {},
        },
        status=status,
    )


@require_POST
def move_agenda_item(request: AuthenticatedHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Move the item one place up or down (`direction`)."""
    meeting = access_editable_meeting(request.user, pk)
    item = access_item(meeting, item_pk)
    direction = request.POST.get("direction")
    if direction not in {"up", "down"}:
        return HttpResponseBadRequest("direction: up or down")
    services.move_item(acting_user=request.user, item=item, up=direction == "up")
    return redirect(f"/meetings/{meeting.pk}/agenda/#item-{item.pk}")


@require_POST
def postpone_item(request: AuthenticatedHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Move the item to a later meeting of the body (`to_meeting`), and go with it."""
    meeting = access_editable_meeting(request.user, pk)
    item = access_item(meeting, item_pk)
    target = Meeting.objects.filter(
        pk=request.POST.get("to_meeting") or 0, body_id=meeting.body_id
    ).first()
    if target is None:
        messages.error(request, _("Choose a later meeting."))
        return redirect("agenda_item", pk=meeting.pk, item_pk=item.pk)
    try:
        services.postpone_item(acting_user=request.user, item=item, meeting=target)
    except InvalidInput as error:
        tell_problems(request, error)
        return redirect("agenda_item", pk=meeting.pk, item_pk=item.pk)
    messages.success(
        request,
        _("%(title)s is moved to the meeting on %(day)s.")
        % {"title": item.title, "day": date_format(target.date, "DATE_FORMAT")},
    )
    return redirect(f"/meetings/{target.pk}/agenda/#item-{item.pk}")
