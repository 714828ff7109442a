"""The meetings: the list, a body's year and its plan, a new meeting, and one meeting's page with
its writes (change, leader, apology); cancelling is in views/approval.py."""

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Q, Subquery
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from klynge.accounts.http import AuthenticatedHttpRequest
from klynge.core.meetings import closed_days, propose_dates
from klynge.core.problems import InvalidInput
from klynge.governance.access import (
    access_acting_person,
    access_body,
    access_editable_body,
    access_editable_meeting,
    access_meeting,
    editable_body_ids,
    may_edit_body,
    may_read_closed,
    person_of,
    readable_bodies,
)
from klynge.governance.models import Body, Person
from klynge.governance.reads import meeting_rules
from klynge.meetings import services
from klynge.meetings.forms import ApologyForm, MeetingForm, PlanFormSet
from klynge.meetings.leadership import co_chairs
from klynge.meetings.models import CalendarFeed, Meeting, MeetingKind, MeetingStatus
from klynge.meetings.reads import (
    meeting_page,
    meeting_values,
    partner_choices,
    theme_day_partners,
    year_page,
)
from klynge.meetings.status import apology_noted, minimum_left
from klynge.meetings.views.calendar import feed_urls
from klynge.meetings.views.common import requested_year
from klynge.web.pages import keep_after_refusal, page_on_get, problem_lines


def meetings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The meetings of the bodies the user reads, from today on."""
    today = timezone.localdate()
    readable = readable_bodies(request.user, today)
    found = Meeting.objects.filter(date__gte=today).select_related("body")
    if readable is not None:
        found = found.filter(Q(body_id__in=readable) | Q(also_for__in=readable)).distinct()
    person = _with_feed_token(request.user.email, None)
    return render(
        request,
        "meetings/meetings.html",
        {
            "meetings": list(found[:100]),
            "today": today,
            **feed_urls(request, getattr(person, "feed_token", None)),
            "is_person": person is not None,
        },
    )


def _with_feed_token(email: str, body: Body | None) -> Person | None:
    """The person signed in with the token of their calendar address for the body (None: their
    own) as `feed_token`, empty while they have none; in one query."""
    feed = CalendarFeed.objects.filter(person=OuterRef("pk"), body=body).values("token")
    return Person.objects.filter(email=email).annotate(feed_token=Subquery(feed[:1])).first()


def body_year(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    """A body's meetings for a year: a list with week numbers, and the annual wheel."""
    body = access_body(request.user, key)
    today = timezone.localdate()
    context = year_page(body, requested_year(request), today)
    context["may_change"] = may_edit_body(request.user, body, today)
    # Each reader has their own address for the body; someone who is no person has none.
    person = _with_feed_token(request.user.email, body)
    context |= feed_urls(request, getattr(person, "feed_token", None))
    context["is_person"] = person is not None
    return render(request, "meetings/body_year.html", context)


def year_url(body: Body) -> str:
    return reverse("body_meetings", args=[body.key])


def plan_year(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    """Proposed dates for a year that meet the charter's minimum, avoiding weekends, public
    holidays and the holiday weeks; the secretariat adjusts them and saves them all at once."""
    body = access_editable_body(request.user, key)
    year = requested_year(request)
    today = timezone.localdate()
    rules = meeting_rules(body, datetime.date(year, 1, 1), today)
    already = list(Meeting.objects.of_body(body).filter(date__year=year))
    tomorrow = today + datetime.timedelta(days=1)
    taken = [m.date for m in already]
    wanted_meetings = max((rules.min_per_year or 4) if rules else 4, 0) - sum(
        m.kind == MeetingKind.ORDINARY and m.status != MeetingStatus.CANCELLED for m in already
    )
    wanted_themes = ((rules.theme_days_per_year or 0) if rules else 0) - sum(
        m.kind == MeetingKind.THEME_DAY and m.status != MeetingStatus.CANCELLED for m in already
    )
    cancelled = [m for m in already if m.status == MeetingStatus.CANCELLED]
    place = already[-1].place if already else ""
    initial: list[dict[str, Any]] = [
        {"include": True, "kind": "ordinary", "date": p.day, "starts": datetime.time(13, 0),
         "ends": datetime.time(15, 0), "place": place, "moved": p.moved_because}
        for p in propose_dates(
            year, max(wanted_meetings, 0), weekday=2, taken=taken, not_before=tomorrow
        )
    ]  # fmt: skip
    taken += [r["date"] for r in initial]
    initial += [
        {"include": True, "kind": "theme-day", "date": p.day, "starts": datetime.time(9, 0),
         "ends": datetime.time(15, 0), "place": "", "moved": p.moved_because}
        for p in propose_dates(
            year, max(wanted_themes, 0), weekday=3, taken=taken, not_before=tomorrow
        )
    ]  # fmt: skip
    formset = PlanFormSet(request.POST or None, initial=initial, prefix="m")
    problems: list[str] = []
    if request.method == "POST" and formset.is_valid():
        rows = [f.to_meeting_row() for f in formset.forms if f.cleaned_data.get("include")]
        shared = theme_day_partners(body, datetime.date(year, 1, 1))
        try:
            created = services.create_meetings(
                acting_user=request.user, body=body, rows=rows, shared_with=shared
            )
        except InvalidInput as error:
            problems = problem_lines(error)
        else:
            messages.success(
                request,
                _("%(n)s meetings are in the plan, and the members have been told.")
                % {"n": len(created)},
            )
            return redirect(f"{year_url(body)}?year={year}")
    return render(
        request,
        "meetings/plan_year.html",
        {
            "body": body,
            "year": year,
            "formset": formset,
            "rules": rules,
            "problems": problems,
            "counting": [m for m in already if m.status != MeetingStatus.CANCELLED],
            "cancelled": cancelled,
            "cancelled_days": ", ".join(date_format(m.date, "MONTH_DAY_FORMAT") for m in cancelled),
            "left": minimum_left(year, MeetingKind.ORDINARY, already, rules),
            "closed": sorted(closed_days(year).items()),
        },
        status=400 if problems or (request.method == "POST" and not formset.is_valid()) else 200,
    )


def new_meeting(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    body = access_editable_body(request.user, key)
    form = MeetingForm(
        request.POST or None,
        initial={"kind": request.GET.get("kind", "ordinary"), "starts": "13:00", "ends": "15:00"},
        bodies=partner_choices(
            body, timezone.localdate(), editable_body_ids(request.user, timezone.localdate())
        ),
    )
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        shared = list(Body.objects.filter(pk__in=form.cleaned_data["shared_with"]))
        try:
            [meeting] = services.create_meetings(
                acting_user=request.user,
                body=body,
                rows=[form.to_meeting_row()],
                shared_with=shared,
            )
        except InvalidInput as error:
            problems = problem_lines(error)
        else:
            messages.success(
                request, _("The meeting is in the plan, and the members have been told.")
            )
            if meeting.kind == MeetingKind.THEME_DAY:
                _tell_asked(request, meeting, form.cleaned_data["shared_with"])
            return redirect("meeting_detail", pk=meeting.pk)
    return render(
        request,
        "meetings/new_meeting.html",
        {"body": body, "form": form, "problems": problems},
        status=400 if problems or form.errors else 200,
    )


# ---- one meeting ----------------------------------------------------------------------------


def _meeting_page(
    request: AuthenticatedHttpRequest,
    meeting: Meeting,
    may_change: bool,
    *,
    change_data: QueryDict | None = None,
    apology_data: QueryDict | None = None,
) -> tuple[dict[str, object], MeetingForm, ApologyForm]:
    """The meeting's page with its forms; the posted one (`*_data`) is bound."""
    shared = list(meeting.also_for.all())
    form = MeetingForm(
        change_data,
        initial=meeting_values(meeting, shared),
        bodies=partner_choices(meeting.body),
    )
    apology_form = ApologyForm(apology_data, prefix="apology")
    context = meeting_page(
        meeting,
        shared,
        person_of(request.user),
        may_change,
        readable_closed=may_read_closed(request.user, meeting),
    )
    return context | {"form": form, "apology_form": apology_form}, form, apology_form


# Reading only: each write has its own URL, so a POST here (an old form) is refused, not lost.
@require_safe
def meeting_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One meeting: when and where, the agenda deadline; the secretariat moves or cancels it."""
    meeting, may_change = access_meeting(request.user, pk)
    context, _form, _apology = _meeting_page(request, meeting, may_change)
    return render(request, "meetings/meeting_detail.html", context)


def _refused(
    request: AuthenticatedHttpRequest, context: dict[str, object], problems: list[str], status: int
) -> HttpResponse:
    """The meeting's page again, with the refused form as typed and why it was refused."""
    return render(
        request, "meetings/meeting_detail.html", context | {"problems": problems}, status=status
    )


def _changed_meanwhile() -> str:
    return _(
        "Someone else changed this meeting while you were working. What you typed is "
        "still in the form, and the meeting as they saved it is shown above. Save "
        "again to keep yours."
    )


@page_on_get("meeting_detail", "pk")
@require_POST
def change_meeting(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Move the meeting or change its details, and tell the members."""
    meeting = access_editable_meeting(request.user, pk)
    context, form, _apology = _meeting_page(request, meeting, True, change_data=request.POST)
    if not form.is_valid():
        return _refused(request, context, [], 400)
    try:
        services.change_meeting(
            acting_user=request.user,
            meeting=meeting,
            based_on=form.cleaned_data["sequence"],
            row=form.to_meeting_row(),
        )
    except services.MeetingChanged:
        keep_after_refusal(form, "sequence", meeting.sequence)
        return _refused(request, context, [_changed_meanwhile()], 409)
    except InvalidInput as error:
        return _refused(request, context, problem_lines(error), 400)
    messages.success(request, _("The meeting has been changed, and the members have been told."))
    if form.cleaned_data["kind"] == MeetingKind.THEME_DAY:
        _tell_asked(request, meeting, form.cleaned_data["shared_with"])
    return redirect("meeting_detail", pk=meeting.pk)


def _tell_asked(request: AuthenticatedHttpRequest, meeting: Meeting, chosen: list[str]) -> None:
    """Share the theme day with the bodies newly ticked: at once with those the charters name,
    and ask the others' secretariat (services.share_meeting); say who was asked."""
    bodies = list(Body.objects.filter(pk__in=chosen))
    asked = services.share_meeting(acting_user=request.user, meeting=meeting, bodies=bodies).asked
    if asked:
        messages.info(
            request,
            _(
                "The charter does not name %(bodies)s for theme days, so their "
                "secretariat has been asked. Their members are invited when it accepts."
            )
            % {"bodies": ", ".join(b.name for b in asked)},
        )


@require_POST
def set_leader(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Choose which co-chair leads the meeting, or leave it to their turn (empty)."""
    meeting = access_editable_meeting(request.user, pk)
    chosen = request.POST.get("leader", "")
    people = {str(a.person.pk): a.person for a in co_chairs(meeting.body)}
    if chosen and chosen not in people:
        raise Http404("not a co-chair")
    services.set_leader(acting_user=request.user, meeting=meeting, person=people.get(chosen))
    messages.success(request, _("The meeting's leader has been saved."))
    return redirect("meeting_detail", pk=meeting.pk)


@page_on_get("meeting_detail", "pk")
@require_POST
def send_apology(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The signed-in member cannot come (afbud), with a reason for the secretariat if they
    give one; they are told whether a substitute was invited in their place."""
    meeting, may_change = access_meeting(request.user, pk)
    person = access_acting_person(request.user)
    context, _form, apology_form = _meeting_page(
        request, meeting, may_change, apology_data=request.POST
    )
    if not apology_form.is_valid():
        return _refused(request, context, [], 400)
    try:
        services.send_apology(
            acting_user=request.user,
            meeting=meeting,
            person=person,
            reason=apology_form.cleaned_data["reason"],
        )
    except InvalidInput:
        raise PermissionDenied from None
    messages.success(request, apology_noted(services.substitutes_for(person, meeting)))
    return redirect("meeting_detail", pk=meeting.pk)


@require_POST
def withdraw_apology(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting, _may_change = access_meeting(request.user, pk)
    person = access_acting_person(request.user)
    apology = meeting.apologies.filter(person=person).first()
    if apology is not None:
        services.withdraw_apology(acting_user=request.user, apology=apology)
    messages.success(request, _("Your apology is withdrawn."))
    return redirect("meeting_detail", pk=meeting.pk)
