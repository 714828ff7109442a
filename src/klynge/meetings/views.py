import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from klynge.core.meetings import agenda_deadline, closed_days, propose_dates, wheel_position
from klynge.core.problems import InvalidInput
from klynge.governance.membership import (
    editable_body,
    may_edit_body,
    may_read_body,
    person_of,
    readable_bodies,
    readable_body,
)
from klynge.governance.models import Appointment, Body, Person
from klynge.governance.reads import agenda_lead_days, charter_tasks, meeting_rules
from klynge.meetings import services
from klynge.meetings.calendar import calendar_of
from klynge.meetings.forms import AgendaItemForm, CancelForm, MeetingForm, PlanFormSet
from klynge.meetings.leadership import chairs_on, co_chairs, leaders
from klynge.meetings.minutes import open_actions_before
from klynge.meetings.models import AgendaItem, CalendarFeed, Meeting
from klynge.web.pages import keep_after_refusal, number_in, page_language

WHEEL = {"size": 320, "centre": 160, "ring": 120, "labels": 143}
MONTHS = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


def _year(request: HttpRequest) -> int:
    return number_in(request.GET.get("year"), 2000, 2100) or timezone.localdate().year


def meetings(request: HttpRequest) -> HttpResponse:
    """The meetings of the bodies the user reads, from today on."""
    today = timezone.localdate()
    readable = readable_bodies(request.user, today)
    found = Meeting.objects.filter(date__gte=today).select_related("body")
    if readable is not None:
        found = found.filter(Q(body_id__in=readable) | Q(also_for__in=readable)).distinct()
    email = getattr(request.user, "email", "")
    person = Person.objects.filter(email=email).select_related("feed").first()
    return render(
        request,
        "meetings/meetings.html",
        {
            "meetings": list(found[:100]),
            "today": today,
            "feed_url": _feed_url(request, getattr(person, "feed", None)),
            "is_person": person is not None,
        },
    )


def _feed_url(request: HttpRequest, feed: CalendarFeed | None) -> str:
    from django.urls import reverse

    if feed is None:
        return ""
    return request.build_absolute_uri(reverse("calendar_feed", args=[feed.token]))


def body_year(request: HttpRequest, key: str) -> HttpResponse:
    """A body's meetings for a year: a list with week numbers, and the annual wheel."""
    body = readable_body(request.user, key)
    year = _year(request)
    today = timezone.localdate()
    rows = list(
        Meeting.objects.of_body(body)
        .filter(date__year=year)
        .select_related("body")
        .order_by("date", "starts")
    )
    rules = meeting_rules(body, datetime.date(year, 12, 31), today)
    lead = rules.agenda_lead_days if rules else None
    led = leaders(body, year)
    planned = [
        {
            "meeting": m,
            "leader": led.get(m.pk, (None, False))[0],
            "week": m.date.isocalendar().week,
            "deadline": agenda_deadline(m.date, lead) if lead else None,
            "point": wheel_position(m.date, WHEEL["ring"], WHEEL["centre"]),
        }
        for m in rows
    ]
    months = [
        (name, *wheel_position(datetime.date(year, i + 1, 15), WHEEL["labels"], WHEEL["centre"]))
        for i, name in enumerate(MONTHS)
    ]
    ticks = [
        wheel_position(datetime.date(year, i + 1, 1), WHEEL["ring"], WHEEL["centre"])
        for i in range(12)
    ]
    ordinary = sum(m.kind == "ordinary" and m.status != "cancelled" for m in rows)
    theme_days = sum(m.kind == "theme-day" and m.status != "cancelled" for m in rows)
    return render(
        request,
        "meetings/body_year.html",
        {
            "body": body,
            "year": year,
            "planned": planned,
            "rules": rules,
            "ordinary": ordinary,
            "theme_days": theme_days,
            "wheel": WHEEL,
            "months": months,
            "ticks": ticks,
            "may_change": may_edit_body(request.user, body, today),
            "today": today,
            "feed_url": _feed_url(request, CalendarFeed.objects.filter(body=body).first()),
        },
    )


def plan_year(request: HttpRequest, key: str) -> HttpResponse:
    """Proposed dates for a year that meet the charter's minimum, avoiding weekends, public
    holidays and the holiday weeks; the secretariat adjusts them and saves them all at once."""
    body = editable_body(request.user, key)
    year = _year(request)
    rules = meeting_rules(body, datetime.date(year, 1, 1), timezone.localdate())
    already = list(Meeting.objects.of_body(body).filter(date__year=year))
    taken = [m.date for m in already]
    wanted_meetings = max((rules.min_per_year or 4) if rules else 4, 0) - sum(
        m.kind == "ordinary" and m.status != "cancelled" for m in already
    )
    wanted_themes = ((rules.theme_days_per_year or 0) if rules else 0) - sum(
        m.kind == "theme-day" and m.status != "cancelled" for m in already
    )
    place = already[-1].place if already else ""
    initial = [
        {"include": True, "kind": "ordinary", "date": p.day, "starts": datetime.time(13, 0),
         "ends": datetime.time(15, 0), "place": place, "moved": p.moved_because}
        for p in propose_dates(year, max(wanted_meetings, 0), weekday=2, taken=taken)
    ]  # fmt: skip
    taken += [r["date"] for r in initial]
    initial += [
        {"include": True, "kind": "theme-day", "date": p.day, "starts": datetime.time(9, 0),
         "ends": datetime.time(15, 0), "place": "", "moved": p.moved_because}
        for p in propose_dates(year, max(wanted_themes, 0), weekday=3, taken=taken)
    ]  # fmt: skip
    formset = PlanFormSet(request.POST or None, initial=initial, prefix="m")
    problems: list[str] = []
    if request.method == "POST" and formset.is_valid():
        rows = [
            services.MeetingRow(
                date=f.cleaned_data["date"],
                starts=f.cleaned_data["starts"],
                ends=f.cleaned_data["ends"],
                kind=f.cleaned_data["kind"],
                place=f.cleaned_data["place"],
            )
            for f in formset.forms
            if f.cleaned_data.get("include")
        ]
        shared = _theme_day_partners(body, rules.theme_days_with if rules else ())
        try:
            created = services.create_meetings(
                acting_user=request.user,  # type: ignore[arg-type]
                body=body,
                rows=rows,
                shared_with=shared,
            )
        except InvalidInput as error:
            problems = [p.render(page_language()) for p in error.problems]  # type: ignore[arg-type]
        else:
            messages.success(
                request,
                _("%(n)s meetings are in the plan, and the members have been told.")
                % {"n": len(created)},
            )
            return redirect(f"{_year_url(body)}?year={year}")
    return render(
        request,
        "meetings/plan_year.html",
        {
            "body": body,
            "year": year,
            "formset": formset,
            "rules": rules,
            "problems": problems,
            "already": already,
            "closed": sorted(closed_days(year).items()),
        },
        status=400 if problems or (request.method == "POST" and not formset.is_valid()) else 200,
    )


def _year_url(body: Body) -> str:
    from django.urls import reverse

    return reverse("body_meetings", args=[body.key])


def _theme_day_partners(body: Body, keys: tuple[str, ...]) -> list[Body]:
    """The bodies a theme day is shared with (seed 004: the steering group and the other focus
    groups), by the keys the charter names."""
    return list(Body.objects.filter(cluster=body.cluster, key__in=keys).exclude(pk=body.pk))


def _row(form: MeetingForm) -> services.MeetingRow:
    data = form.cleaned_data
    return services.MeetingRow(
        date=data["date"],
        starts=data["starts"],
        ends=data["ends"],
        kind=data["kind"],
        place=data["place"],
        video_link=data["video_link"],
        title=data["title"],
    )


def _partner_choices(body: Body) -> list[tuple[str, str]]:
    return [
        (str(b.pk), b.name)
        for b in Body.objects.filter(cluster=body.cluster, closed_on__isnull=True).exclude(
            pk=body.pk
        )
    ]


def new_meeting(request: HttpRequest, key: str) -> HttpResponse:
    body = editable_body(request.user, key)
    choices = _partner_choices(body)
    form = MeetingForm(
        request.POST or None,
        initial={"kind": request.GET.get("kind", "ordinary"), "starts": "13:00", "ends": "15:00"},
        bodies=choices,
    )
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        shared = list(Body.objects.filter(pk__in=form.cleaned_data["shared_with"]))
        try:
            [meeting] = services.create_meetings(
                acting_user=request.user,  # type: ignore[arg-type]
                body=body,
                rows=[_row(form)],
                shared_with=shared,
            )
        except InvalidInput as error:
            problems = [p.render(page_language()) for p in error.problems]  # type: ignore[arg-type]
        else:
            messages.success(
                request, _("The meeting is in the plan, and the members have been told.")
            )
            return redirect("meeting_detail", pk=meeting.pk)
    return render(
        request,
        "meetings/new_meeting.html",
        {"body": body, "form": form, "problems": problems},
        status=400 if problems or form.errors else 200,
    )


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One meeting: when and where, the agenda deadline; the secretariat moves or cancels it."""
    meeting, may_change = readable_meeting(request, pk)
    today = timezone.localdate()
    bodies = [meeting.body, *meeting.also_for.all()]
    action = request.POST.get("action") if request.method == "POST" else None
    if action not in {None, "apology", "withdraw-apology"} and not may_change:
        raise PermissionDenied
    current = {
        "sequence": meeting.sequence, "kind": meeting.kind, "title": meeting.title,
        "date": meeting.date, "starts": meeting.starts, "ends": meeting.ends,
        "place": meeting.place, "video_link": meeting.video_link,
        "shared_with": [str(b.pk) for b in bodies[1:]],
    }  # fmt: skip
    form = MeetingForm(
        request.POST if action == "change" else None,
        initial=current,
        bodies=_partner_choices(meeting.body),
    )
    cancel_form = CancelForm(
        request.POST if action == "cancel" else None,
        initial={"sequence": meeting.sequence},
        prefix="cancel",
    )
    problems: list[str] = []
    status = 200
    if action == "leader":
        return _set_leader(request, meeting)
    me = person_of(request.user)
    if action in {"apology", "withdraw-apology"}:
        return _apology(request, meeting, me, action)
    chosen = form if action == "change" else cancel_form
    if action and chosen.is_valid():
        try:
            if action == "change":
                services.change_meeting(
                    acting_user=request.user,  # type: ignore[arg-type]
                    meeting=meeting,
                    based_on=form.cleaned_data["sequence"],
                    row=_row(form),
                )
                done = _("The meeting has been changed, and the members have been told.")
            else:
                services.cancel_meeting(
                    acting_user=request.user,  # type: ignore[arg-type]
                    meeting=meeting,
                    based_on=cancel_form.cleaned_data["sequence"],
                    reason=cancel_form.cleaned_data["reason"],
                )
                done = _("The meeting has been cancelled, and the members have been told.")
        except services.MeetingChanged:
            problems = [
                _(
                    "Someone else changed this meeting while you were working. What you typed is "
                    "still in the form, and the meeting as they saved it is shown above. Save "
                    "again to keep yours."
                )
            ]
            keep_after_refusal(chosen, "sequence", meeting.sequence)
            status = 409
        except InvalidInput as error:
            problems = [p.render(page_language()) for p in error.problems]  # type: ignore[arg-type]
            status = 400
        else:
            messages.success(request, done)
            return redirect("meeting_detail", pk=meeting.pk)
    elif action:
        status = 400
    lead = agenda_lead_days(meeting.body, meeting.date)
    deadline = agenda_deadline(meeting.date, lead) if lead else None
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "body": meeting.body,
            "shared": bodies[1:],
            "deadline": deadline,
            "days_left": (deadline - today).days if deadline else None,
            "lead": lead,
            "form": form,
            "cancel_form": cancel_form,
            "may_change": may_change and meeting.status != "cancelled",
            "problems": problems,
            "week": meeting.date.isocalendar().week,
            "items": services.time_slots(meeting, list(meeting.items.order_by("position"))),
            "leader": leaders(meeting.body, meeting.date.year).get(meeting.pk, (None, False)),
            "apologies": list(meeting.apologies.select_related("person").order_by("given_at")),
            "my_apology": me is not None and meeting.apologies.filter(person=me).exists(),
            "may_apologise": me is not None
            and meeting.status != "cancelled"
            and meeting.date >= today
            and Appointment.objects.filter(body=meeting.body, person=me)
            .exclude(seat="")
            .valid_on(meeting.date)
            .exists(),
            "co_chairs": chairs_on(co_chairs(meeting.body), meeting.date),
        },
        status=status,
    )


@login_not_required
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A person's or a body's meetings for calendar clients to subscribe to (RFC 5545)."""
    feed = CalendarFeed.objects.select_related("person", "body").filter(token=token).first()
    if feed is None:
        raise Http404("no such calendar")
    meetings = services.feed_meetings(feed, timezone.localdate())
    name = feed.body.name if feed.body else f"Klynge – {feed.person.name}"  # type: ignore[union-attr]
    content = calendar_of(
        meetings, method=None, name=name, base_url=request.build_absolute_uri("/")
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="klynge.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response


def calendar_address(request: HttpRequest) -> HttpResponse:
    """Make the signed-in person's calendar address, or a body's (`body` in the form), or give it
    a new one (`renew`), ending the old. A POST: reading a page never writes."""
    if request.method != "POST":
        raise Http404("POST only")
    key = request.POST.get("body", "")
    if key:
        body = readable_body(request.user, key)
        feed = services.feed_for(acting_user=request.user, body=body)  # type: ignore[arg-type]
        back = f"{_year_url(body)}#feed-title"
    else:
        person = person_of(request.user)
        if person is None:
            raise Http404("no person")
        feed = services.feed_for(acting_user=request.user, person=person)  # type: ignore[arg-type]
        back = "/meetings/#feed-title"
    if request.POST.get("renew"):
        if key and not may_edit_body(request.user, feed.body, timezone.localdate()):  # type: ignore[arg-type]
            raise PermissionDenied
        services.renew_feed(acting_user=request.user, feed=feed)  # type: ignore[arg-type]
        messages.success(request, _("The calendar has a new address. The old one no longer works."))
    return redirect(back)


def _apology(
    request: HttpRequest, meeting: Meeting, me: Person | None, action: str
) -> HttpResponse:
    """The signed-in member gives or withdraws their apology (afbud) for the meeting."""
    if me is None:
        raise PermissionDenied
    if action == "apology":
        try:
            services.send_apology(acting_user=request.user, meeting=meeting, person=me)  # type: ignore[arg-type]
        except InvalidInput:
            raise PermissionDenied from None
        messages.success(
            request, _("Your apology is noted; your substitute, if you have one, is invited.")
        )
    else:
        apology = meeting.apologies.filter(person=me).first()
        if apology is not None:
            services.withdraw_apology(acting_user=request.user, apology=apology)  # type: ignore[arg-type]
        messages.success(request, _("Your apology is withdrawn."))
    return redirect("meeting_detail", pk=meeting.pk)


def _set_leader(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    chosen = request.POST.get("leader", "")
    people = {str(a.person.pk): a.person for a in co_chairs(meeting.body)}
    if chosen and chosen not in people:
        raise Http404("not a co-chair")
    services.set_leader(
        acting_user=request.user,  # type: ignore[arg-type]
        meeting=meeting,
        person=people.get(chosen),
    )
    messages.success(request, _("The meeting's leader has been saved."))
    return redirect("meeting_detail", pk=meeting.pk)


def readable_meeting(request: HttpRequest, pk: int) -> tuple[Meeting, bool]:
    """The meeting, if the user reads one of its bodies (else 404), and whether they edit it."""
    meeting = Meeting.objects.select_related("body__cluster").filter(pk=pk).first()
    today = timezone.localdate()
    if meeting is None:
        raise Http404("no such meeting")
    bodies = [meeting.body, *meeting.also_for.all()]
    if not any(may_read_body(request.user, b, today) for b in bodies):
        raise Http404("no such meeting")
    return meeting, may_edit_body(request.user, meeting.body, today)


def meeting_item(meeting: Meeting, item_pk: int) -> AgendaItem:
    """One item of the meeting's agenda, or 404."""
    item = AgendaItem.objects.filter(meeting=meeting, pk=item_pk).first()
    if item is None:
        raise Http404("no such item")
    return item


def agenda(request: HttpRequest, pk: int) -> HttpResponse:
    """The meeting's agenda: items with number, time slot, kind and presenter; the secretariat
    adds items and orders them."""
    meeting, may_change = readable_meeting(request, pk)
    action = request.POST.get("action", "add") if request.method == "POST" else None
    if action in {"approve", "send", "announce"}:
        return _approve_or_send(request, meeting, action, may_change)
    form = AgendaItemForm(
        request.POST if action == "add" else None, tasks=charter_tasks(meeting.body, meeting.date)
    )
    if action == "add":
        if not may_change:
            raise PermissionDenied
        if form.is_valid():
            item = services.add_item(
                acting_user=request.user,  # type: ignore[arg-type]
                meeting=meeting,
                values=form.values(),
            )
            messages.success(
                request,
                _("Item %(n)s, %(title)s, is on the agenda.")
                % {"n": item.position, "title": item.title},
            )
            return redirect("agenda", pk=meeting.pk)
    items = list(meeting.items.order_by("position"))
    person = person_of(request.user)
    lead = agenda_lead_days(meeting.body, meeting.date)
    return render(
        request,
        "meetings/agenda.html",
        {
            "meeting": meeting,
            "body": meeting.body,
            "slots": services.time_slots(meeting, items),
            "changed_after_sending": any(i.changed_after_sending for i in items),
            "follow_up": open_actions_before(meeting),
            "today": timezone.localdate(),
            "form": form,
            "may_change": may_change and meeting.status != "cancelled",
            "may_approve": person is not None and services.co_chair_on(person, meeting),
            "deadline": agenda_deadline(meeting.date, lead) if lead else None,
        },
        status=400 if form.errors else 200,
    )


def _approve_or_send(
    request: HttpRequest, meeting: Meeting, action: str, may_change: bool
) -> HttpResponse:
    try:
        if action == "approve":
            person = person_of(request.user)
            if person is None:
                raise PermissionDenied
            services.approve_agenda(acting_user=request.user, meeting=meeting, person=person)  # type: ignore[arg-type]
            messages.success(request, _("The agenda is approved and can be sent."))
        elif action == "announce":
            if not may_change:
                raise PermissionDenied
            services.announce_changes(acting_user=request.user, meeting=meeting)  # type: ignore[arg-type]
            messages.success(request, _("The members have been told of the changed items."))
        else:
            if not may_change:
                raise PermissionDenied
            services.send_agenda(acting_user=request.user, meeting=meeting)  # type: ignore[arg-type]
            messages.success(request, _("The agenda has been sent to every member."))
    except InvalidInput as error:
        for problem in error.problems:
            messages.error(request, problem.render(page_language()))  # type: ignore[arg-type]
    return redirect("agenda", pk=meeting.pk)


def agenda_item(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting, may_change = readable_meeting(request, pk)
    item = meeting_item(meeting, item_pk)
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
                    acting_user=request.user,  # type: ignore[arg-type]
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
    return render(
        request,
        "meetings/agenda_item.html",
        {
            "meeting": meeting,
            "body": meeting.body,
            "item": item,
            "linked_tasks": [label for key, label in tasks if key in item.charter_tasks],
            "follow_up": open_actions_before(meeting) if item.is_follow_up else [],
            "later_meetings": services.later_meetings(item) if not item.standard else [],
            "form": form,
            "problems": problems,
            "may_change": may_change and meeting.status != "cancelled",
        },
        status=status,
    )


def move_agenda_item(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting, may_change = readable_meeting(request, pk)
    if request.method != "POST" or not may_change:
        raise PermissionDenied
    item = meeting_item(meeting, item_pk)
    if "to_meeting" in request.POST:
        return _postpone(request, item)
    services.move_item(
        acting_user=request.user,  # type: ignore[arg-type]
        item=item,
        up=request.POST.get("direction") == "up",
    )
    return redirect(f"/meetings/{meeting.pk}/agenda/#item-{item.pk}")


def _postpone(request: HttpRequest, item: AgendaItem) -> HttpResponse:
    """Move the item to a later meeting of the body, and go with it."""
    target = Meeting.objects.filter(
        pk=request.POST.get("to_meeting") or 0, body_id=item.meeting.body_id
    ).first()
    if target is None:
        messages.error(request, _("Choose a later meeting."))
        return redirect("agenda_item", pk=item.meeting_id, item_pk=item.pk)
    try:
        services.postpone_item(acting_user=request.user, item=item, meeting=target)  # type: ignore[arg-type]
    except InvalidInput as error:
        for problem in error.problems:
            messages.error(request, problem.render(page_language()))  # type: ignore[arg-type]
        return redirect("agenda_item", pk=item.meeting_id, item_pk=item.pk)
    messages.success(
        request,
        _("%(title)s is moved to the meeting on %(day)s.")
        % {"title": item.title, "day": date_format(target.date, "j. F Y")},
    )
    return redirect(f"/meetings/{target.pk}/agenda/#item-{item.pk}")
