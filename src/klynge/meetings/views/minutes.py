"""The decision minutes and the one-page summary per organisation: the secretariat writes the
minutes and their action items, a co-chair approves them, the secretariat publishes them."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from klynge.accounts.http import AuthenticatedHttpRequest
from klynge.core.problems import InvalidInput, Problem
from klynge.governance.access import (
    access_action,
    access_editable_minutes,
    access_minutes,
    access_minutes_to_approve,
    access_summary,
    may_read_closed,
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
from klynge.web.pages import page_language, page_on_get, tell_problems


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
    problems: list[Problem] | None = None,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    """The minutes page; after a refused write, with everything typed and why it was refused,
    each problem beside its field and in the list at the top."""
    items = items if items is not None else minutes_items(meeting)
    form = form or _action_form(meeting)
    meeting.refresh_from_db()
    labels = _field_labels(items, problems or [])
    language = page_language()
    # Beside its field a problem reads as a sentence of its own.
    field_errors = {
        p.location: p.message(language)[:1].upper() + p.message(language)[1:]
        for p in problems or []
        if p.location
    }
    context = minutes_page(
        meeting,
        items,
        typed,
        may_change,
        person,
        field_errors,
        readable_closed=may_read_closed(request.user, meeting),
    )
    lines = [refusal] if refusal else []
    lines += _action_problems(form)
    lines += [
        f"{labels.get(p.location, p.location)}: {p.message(language)}"
        if p.location
        else p.message(language)
        for p in problems or []
    ]
    shown = {
        "form": form,
        "problems": lines,
        "typed": typed is not None,
        # Someone else saved meanwhile (409): what they saved is shown beside each field.
        "other_saved": status == 409,
        "taker_error": field_errors.get("minutes_taker", ""),
        "guests_error": [
            f"{labels[where]}: {error}" if ":" in where else error
            for where, error in field_errors.items()
            if where.partition(":")[0] == "guests"
        ],
    }
    return render(request, "meetings/minutes.html", context | shown, status=status)


def _action_problems(form: ActionForm) -> list[str]:
    """The new action's problems for the list at the top: the button may be far below."""
    if not form.is_bound:
        return []
    lines = []
    for name, errors in form.errors.items():
        text = " ".join(str(e) for e in errors)
        lines.append(f"{form.fields[name].label}: {text}" if name in form.fields else text)
    return lines


def _field_labels(items: list[AgendaItem], problems: list[Problem]) -> dict[str, str]:
    """The fields of the minutes form that problems name, as the page labels them."""
    labels = {"minutes_taker": _("Minutes taken by"), "guests": _("Guests")}
    labels |= {
        f"decision-{i.pk}": _("Decision on item %(number)s") % {"number": i.position} for i in items
    }
    wrong = [p.location for p in problems]
    people = [int(w.removeprefix("attendance-")) for w in wrong if w.startswith("attendance-")]
    for person in Person.objects.filter(pk__in=people):
        labels[f"attendance-{person.pk}"] = _("Attendance of %(name)s") % {"name": person.name}
    for where in wrong:
        if where.startswith("guests:"):
            number = where.removeprefix("guests:")
            labels[where] = _("Guests, line %(number)s") % {"number": number}
    return labels


# Reading only: each write has its own URL, so a POST here (an old form) is refused, not lost.
@require_safe
def minutes(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The decision minutes: attendance, the decision under each item, disqualifications and
    action items."""
    meeting, may_change, person = access_minutes(request.user, pk)
    return _minutes_page(request, meeting, may_change, person)


def _typed(request: AuthenticatedHttpRequest, items: list[AgendaItem]) -> service.MinutesInput:
    """The minutes form's values: attendance per person, decision and disqualified per item,
    who took the minutes, the guests."""
    post = request.POST
    attendance = {
        int(name.removeprefix("attendance-")): post.get(name, "")
        for name in post
        if name.startswith("attendance-") and name.removeprefix("attendance-").isdigit()
    }
    # Browsers send a textarea's lines with CRLF; saved and typed texts compare with LF.
    decisions = {
        i.pk: post.get(f"decision-{i.pk}", "").replace("\r\n", "\n").strip() for i in items
    }
    disqualified = {
        i.pk: {int(v) for v in post.getlist(f"disqualified-{i.pk}") if v.isdigit()} for i in items
    }
    return service.MinutesInput(
        attendance,
        decisions,
        disqualified,
        minutes_taker=post.get("minutes_taker", "").strip(),
        guests=post.get("guests", "").replace("\r\n", "\n").strip(),
    )


ACTION_KEYS = ("action-title", "action-item", "action-owner", "action-organisation", "action-due")


def _write_from_page(
    request: AuthenticatedHttpRequest,
    pk: int,
    write: Callable[[Meeting], object] | None,
    done: str,
    anchor: str = "",
    *,
    action_required: bool = False,
    draft_required: bool = False,
) -> HttpResponse:
    """Every button on the minutes page sends the whole page: what was typed in the minutes
    (when the page is a draft) and in the new action is saved with what the button does, in one
    transaction, so nothing typed is lost. Refused, nothing is saved and the page is shown
    again with everything typed: 409 when someone else saved the minutes meanwhile, 400 for a
    problem in what was typed."""
    meeting, person = access_editable_minutes(request.user, pk)
    items = minutes_items(meeting)
    has_draft = draft_required or bool(request.POST.get("draft"))
    typed = _typed(request, items) if has_draft else None
    wants_action = action_required or any(request.POST.get(k, "").strip() for k in ACTION_KEYS)
    form = _action_form(meeting, request.POST if wants_action else None)

    def again(
        status: int, problems: list[Problem] | None = None, refusal: str = ""
    ) -> HttpResponse:
        return _minutes_page(
            request, meeting, True, person, items=items, typed=typed, form=form,
            problems=problems, refusal=refusal, status=status,
        )  # fmt: skip

    action_valid = form.is_valid() if wants_action else True
    try:
        with transaction.atomic():
            # The draft is saved even when the action is wrong, to find its problems too; the
            # refusal then undoes it, so both are told at once and nothing is half-saved.
            if typed is not None:
                service.save_minutes(
                    acting_user=request.user,
                    meeting=meeting,
                    based_on=int(request.POST.get("version", "0") or 0),
                    values=typed,
                )
            if not action_valid:
                raise InvalidInput("", [])
            if wants_action:
                _add_action(request, meeting, form.cleaned_data)
            if write is not None:
                write(meeting)
    except service.MinutesChanged:
        refusal = _(
            "Someone else saved these minutes while you were working. What you typed is "
            "still in the form; what they saved is shown beside each field. Copy what "
            "you need, then save again."
        )
        return again(409, refusal=refusal)
    except InvalidInput as error:
        return again(400, error.problems)
    if wants_action and not action_required:
        messages.success(request, _("The action has been added."))
    messages.success(request, done)
    return redirect(_minutes_url(meeting, anchor))


def _add_action(request: AuthenticatedHttpRequest, meeting: Meeting, data: dict[str, Any]) -> None:
    service.add_action(
        acting_user=request.user,
        meeting=meeting,
        title=data["title"],
        item=meeting.items.filter(pk=data["item"]).first() if data["item"] else None,
        owner=Person.objects.filter(pk=data["owner"]).first() if data["owner"] else None,
        organisation=Organisation.objects.filter(pk=data["organisation"]).first()
        if data["organisation"]
        else None,
        due=data["due"],
    )


@page_on_get("minutes", "pk")
@require_POST
def save_minutes(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Save the minutes as typed, and an action when one is typed."""
    return _write_from_page(
        request, pk, None, _("The minutes have been saved."), draft_required=True
    )


@page_on_get("minutes", "pk")
@require_POST
def approve_minutes(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A co-chair approves the minutes as they read them (`version`). A co-chair who also
    writes the minutes approves what they typed: it is saved first."""
    if request.POST.get("draft"):
        return _write_from_page(
            request, pk, lambda meeting: _approve(request, meeting, None),
            _("The minutes are approved and can be published."),
        )  # fmt: skip
    meeting, _person = access_minutes_to_approve(request.user, pk)
    try:
        _approve(request, meeting, int(request.POST.get("version", "0") or 0))
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


def _approve(request: AuthenticatedHttpRequest, meeting: Meeting, based_on: int | None) -> None:
    _meeting, person = access_minutes_to_approve(request.user, meeting.pk)
    service.approve_minutes(
        acting_user=request.user, meeting=meeting, person=person, based_on=based_on
    )


def _minutes_url(meeting: Meeting, anchor: str = "") -> str:
    url = f"/meetings/{meeting.pk}/minutes/"
    return f"{url}#{anchor}" if anchor else url


@page_on_get("minutes", "pk")
@require_POST
def publish_minutes(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Publish the minutes; what was typed is saved first, and minutes changed since their
    approval are refused until a co-chair approves them again."""
    return _write_from_page(
        request,
        pk,
        lambda meeting: service.publish_minutes(
            acting_user=request.user, meeting=meeting, unchanged_since=meeting.minutes_status
        ),
        _("The minutes are published, and the members have been told."),
    )


@page_on_get("minutes", "pk")
@require_POST
def add_action(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _write_from_page(
        request, pk, None, _("The action has been added."), "actions-title", action_required=True
    )


def _set_action_done(
    request: AuthenticatedHttpRequest, pk: int, action_pk: int, done: bool
) -> HttpResponse:
    done_on = timezone.localdate() if done else None
    return _write_from_page(
        request,
        pk,
        lambda meeting: service.set_action_done(
            acting_user=request.user, action=access_action(meeting, action_pk), done_on=done_on
        ),
        _("The action is marked as done.") if done_on else _("The action is open again."),
        "actions-title",
    )


@page_on_get("minutes", "pk")
@require_POST
def action_done(request: AuthenticatedHttpRequest, pk: int, action_pk: int) -> HttpResponse:
    return _set_action_done(request, pk, action_pk, done=True)


@page_on_get("minutes", "pk")
@require_POST
def reopen_action(request: AuthenticatedHttpRequest, pk: int, action_pk: int) -> HttpResponse:
    return _set_action_done(request, pk, action_pk, done=False)


@page_on_get("minutes", "pk")
@require_POST
def remove_action(request: AuthenticatedHttpRequest, pk: int, action_pk: int) -> HttpResponse:
    """Remove an action of this meeting (not one followed up from an earlier meeting)."""
    return _write_from_page(
        request,
        pk,
        lambda meeting: service.remove_action(
            acting_user=request.user, action=access_action(meeting, action_pk, of_this_meeting=True)
        ),
        _("The action has been removed."),
        "actions-title",
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
    context = summary_page(
        meeting, organisations, chosen, readable_closed=may_read_closed(request.user, meeting)
    )
    if request.GET.get("format") == "pdf":
        html = render_to_string("meetings/summary_print.html", context, request=request)
        pdf = html_to_pdf(html)
        name = f"resume-{meeting.date.isoformat()}-{chosen.key if chosen else 'alle'}.pdf"
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(request, "meetings/summary.html", context)
