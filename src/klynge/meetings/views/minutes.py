"""The decision minutes and the one-page summary per organisation: the secretariat writes the
minutes and their action items, a co-chair approves them, the secretariat publishes them."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from klynge.accounts.http import AuthenticatedHttpRequest
from klynge.core.problems import InvalidInput
from klynge.governance.access import (
    access_action,
    access_editable_minutes,
    access_minutes,
    access_minutes_to_approve,
    access_summary,
)
from klynge.governance.models import Organisation, Person
from klynge.meetings import minutes as service
from klynge.meetings.forms import ActionForm
from klynge.meetings.models import AgendaItem, Meeting
from klynge.meetings.reads import (
    action_choices,
    chosen_organisation,
    minutes_items,
    minutes_page,
    organisations_of,
    summary_page,
)
from klynge.printing import html_to_pdf
from klynge.web.pages import (
    page_on_get,
    problem_lines,
    tell_problems,
    write_and_return,
)


def _action_form(meeting: Meeting, data: object = None) -> ActionForm:
    items, people, organisations = action_choices(meeting)
    return ActionForm(
        data, items=items, people=people, organisations=organisations, prefix="action"
    )


def _minutes_page(
    request: AuthenticatedHttpRequest,
    meeting: Meeting,
    may_change: bool,
    person: Person | None,
    *,
    items: list[AgendaItem] | None = None,
    typed: service.MinutesInput | None = None,
    form: ActionForm | None = None,
    problems: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The minutes page; after a refused write, with what was typed and why it was refused."""
    items = items if items is not None else minutes_items(meeting)
    form = form or _action_form(meeting)
    meeting.refresh_from_db()
    context = minutes_page(meeting, items, typed, may_change, person)
    return render(
        request,
        "meetings/minutes.html",
        context | {"form": form, "problems": problems or []},
        status=status,
    )


# Reading only: each write has its own URL, so a POST here (an old form) is refused, not lost.
@require_safe
def minutes(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The decision minutes: attendance, the decision under each item, disqualifications and
    action items."""
    meeting, may_change, person = access_minutes(request.user, pk)
    return _minutes_page(request, meeting, may_change, person)


def _typed(request: AuthenticatedHttpRequest, items: list[AgendaItem]) -> service.MinutesInput:
    """The minutes form's values: attendance per person, decision and disqualified per item."""
    post = request.POST
    attendance = {
        int(name.removeprefix("attendance-")): value
        for name, value in post.items()
        if name.startswith("attendance-") and name.removeprefix("attendance-").isdigit()
        and value in {"present", "absent", "substitute", ""}
    }  # fmt: skip
    decisions = {i.pk: post.get(f"decision-{i.pk}", "").strip() for i in items}
    disqualified = {
        i.pk: {int(v) for v in post.getlist(f"disqualified-{i.pk}") if v.isdigit()} for i in items
    }
    return service.MinutesInput(attendance, decisions, disqualified)


@page_on_get("minutes", "pk")
@require_POST
def save_minutes(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Save attendance and decisions; a second editor's save is refused with their text kept."""
    meeting, person = access_editable_minutes(request.user, pk)
    items = minutes_items(meeting)
    typed = _typed(request, items)
    try:
        service.save_minutes(
            acting_user=request.user,
            meeting=meeting,
            based_on=int(request.POST.get("version", "0") or 0),
            values=typed,
        )
    except service.MinutesChanged:
        problems = [
            _(
                "Someone else saved these minutes while you were working. What you typed is "
                "still in the form; what they saved is shown beside each field. Copy what "
                "you need, then save again."
            )
        ]
        return _minutes_page(
            request, meeting, True, person, items=items, typed=typed, problems=problems, status=409
        )
    except InvalidInput as error:
        return _minutes_page(
            request, meeting, True, person, items=items, typed=typed,
            problems=problem_lines(error), status=400,
        )  # fmt: skip
    messages.success(request, _("The minutes have been saved."))
    return redirect("minutes", pk=meeting.pk)


@require_POST
def approve_minutes(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A co-chair approves the minutes as they read them (`version`)."""
    meeting, person = access_minutes_to_approve(request.user, pk)
    try:
        service.approve_minutes(
            acting_user=request.user,
            meeting=meeting,
            person=person,
            based_on=int(request.POST.get("version", "0") or 0),
        )
    except service.MinutesChanged:
        messages.error(
            request,
            _("The minutes were changed after you opened them. Read them again, then approve."),
        )
    except InvalidInput as error:
        tell_problems(request, error)
    else:
        messages.success(request, _("The minutes are approved and can be published."))
    return redirect("minutes", pk=meeting.pk)


def _minutes_url(meeting: Meeting, anchor: str = "") -> str:
    url = f"/meetings/{meeting.pk}/minutes/"
    return f"{url}#{anchor}" if anchor else url


@require_POST
def publish_minutes(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting, _person = access_editable_minutes(request.user, pk)
    return write_and_return(
        request,
        lambda: service.publish_minutes(acting_user=request.user, meeting=meeting),
        _("The minutes are published, and the members have been told."),
        _minutes_url(meeting),
    )


@page_on_get("minutes", "pk")
@require_POST
def add_action(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting, person = access_editable_minutes(request.user, pk)
    form = _action_form(meeting, request.POST)
    if not form.is_valid():
        return _minutes_page(request, meeting, True, person, form=form, status=400)
    data = form.cleaned_data
    return write_and_return(
        request,
        lambda: service.add_action(
            acting_user=request.user,
            meeting=meeting,
            title=data["title"],
            item=meeting.items.filter(pk=data["item"]).first() if data["item"] else None,
            owner=Person.objects.filter(pk=data["owner"]).first() if data["owner"] else None,
            organisation=Organisation.objects.filter(pk=data["organisation"]).first()
            if data["organisation"]
            else None,
            due=data["due"],
        ),
        _("The action has been added."),
        _minutes_url(meeting, "actions-title"),
    )


def _set_action_done(
    request: AuthenticatedHttpRequest, pk: int, action_pk: int, done: bool
) -> HttpResponse:
    meeting, _person = access_editable_minutes(request.user, pk)
    found = access_action(meeting, action_pk)
    done_on = timezone.localdate() if done else None
    service.set_action_done(acting_user=request.user, action=found, done_on=done_on)
    messages.success(
        request, _("The action is marked as done.") if done_on else _("The action is open again.")
    )
    return redirect(_minutes_url(meeting, "actions-title"))


@require_POST
def action_done(request: AuthenticatedHttpRequest, pk: int, action_pk: int) -> HttpResponse:
    return _set_action_done(request, pk, action_pk, done=True)


@require_POST
def reopen_action(request: AuthenticatedHttpRequest, pk: int, action_pk: int) -> HttpResponse:
    return _set_action_done(request, pk, action_pk, done=False)


@require_POST
def remove_action(request: AuthenticatedHttpRequest, pk: int, action_pk: int) -> HttpResponse:
    """Remove an action of this meeting (not one followed up from an earlier meeting)."""
    meeting, _person = access_editable_minutes(request.user, pk)
    found = access_action(meeting, action_pk, of_this_meeting=True)
    return write_and_return(
        request,
        lambda: service.remove_action(acting_user=request.user, action=found),
        _("The action has been removed."),
        _minutes_url(meeting, "actions-title"),
    )


# ---- the one-page summary per organisation ------------------------------------------------


def summary(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One page for a member to carry the decisions back to their organisation (seed 004): the
    decisions, what falls to the organisation, and its actions. As HTML to print, or as PDF."""
    meeting, _may_change = access_summary(request.user, pk)
    organisations = organisations_of(meeting)
    chosen = chosen_organisation(
        meeting, organisations, request.GET.get("organisation"), request.user.email
    )
    context = summary_page(meeting, organisations, chosen)
    if request.GET.get("format") == "pdf":
        html = render_to_string("meetings/summary_print.html", context, request=request)
        pdf = html_to_pdf(html)
        name = f"resume-{meeting.date.isoformat()}-{chosen.key if chosen else 'alle'}.pdf"
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(request, "meetings/summary.html", context)
