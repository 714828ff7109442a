"""The minutes page and the one-page summary per organisation. Thin: read, call meetings.minutes,
render."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.core.compliance import minutes_deadline
from klynge.core.problems import InvalidInput
from klynge.governance.documents import html_to_pdf
from klynge.governance.membership import person_of
from klynge.governance.models import Appointment, Organisation, Person
from klynge.governance.reads import minutes_publish_days
from klynge.meetings import minutes as service
from klynge.meetings.forms import ActionForm
from klynge.meetings.models import ActionItem, AgendaItem, Disqualification, Meeting
from klynge.meetings.services import co_chair_on
from klynge.meetings.views import readable_meeting
from klynge.web.pages import page_language, write_and_return


def _items(meeting: Meeting) -> list[AgendaItem]:
    return list(
        meeting.items.order_by("position").prefetch_related(
            Prefetch("disqualified", queryset=Disqualification.objects.select_related("person"))
        )
    )


def _typed(request: HttpRequest, items: list[AgendaItem]) -> service.MinutesInput:
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


def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    """The decision minutes: attendance, the decision under each item, disqualifications and
    action items; a co-chair approves, the secretariat publishes."""
    meeting, may_change = readable_meeting(request, pk)
    me = person_of(request.user)
    # Members read the minutes once published; until then the secretariat and the co-chairs.
    if not (
        may_change
        or meeting.minutes_status == "published"
        or (me is not None and co_chair_on(me, meeting))
    ):
        raise Http404("the minutes are not published")
    items = _items(meeting)
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "approve":
        return _approve(request, meeting, me)
    if action and not may_change:
        raise PermissionDenied
    if action == "publish":
        return _run(request, meeting, lambda: service.publish_minutes(
            acting_user=request.user, meeting=meeting),  # type: ignore[arg-type]
            _("The minutes are published, and the members have been told."))  # fmt: skip
    if action in {"action-done", "action-reopen", "action-remove"}:
        return _change_action(request, meeting, action)
    form = _action_form(meeting, request.POST if action == "add-action" else None)
    typed: service.MinutesInput | None = None
    problems: list[str] = []
    status = 200
    if action == "add-action":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            return _run(request, meeting, lambda: service.add_action(
                acting_user=request.user, meeting=meeting, title=data["title"],  # type: ignore[arg-type]
                item=meeting.items.filter(pk=data["item"]).first() if data["item"] else None,
                owner=Person.objects.filter(pk=data["owner"]).first() if data["owner"] else None,
                organisation=Organisation.objects.filter(pk=data["organisation"]).first()
                if data["organisation"] else None,
                due=data["due"],
            ), _("The action has been added."), anchor="actions-title")  # fmt: skip
    if action == "save":
        typed = _typed(request, items)
        try:
            service.save_minutes(
                acting_user=request.user,  # type: ignore[arg-type]
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
            status = 409
        except InvalidInput as error:
            problems = [p.render(page_language()) for p in error.problems]  # type: ignore[arg-type]
            status = 400
        else:
            messages.success(request, _("The minutes have been saved."))
            return redirect("minutes", pk=meeting.pk)
    meeting.refresh_from_db()
    return render(
        request,
        "meetings/minutes.html",
        _context(meeting, items, typed, form, problems, may_change, me),
        status=status,
    )


def _context(
    meeting: Meeting,
    items: list[AgendaItem],
    typed: service.MinutesInput | None,
    form: ActionForm,
    problems: list[str],
    may_change: bool,
    me: Person | None,
) -> dict[str, object]:
    attendance = service.attendance_of(meeting)
    present = [line for line in attendance if line.status in {"present", "substitute"}]
    rows = []
    for item in items:
        saved = {d.person_id for d in item.disqualified.all()}
        rows.append(
            {
                "item": item,
                "decision": typed.decisions.get(item.pk, "") if typed else item.decision,
                "saved_decision": item.decision,
                "disqualified": typed.disqualified.get(item.pk, set()) if typed else saved,
            }
        )
    lines = [
        {"line": line, "saved": line.status,
         "value": typed.attendance.get(line.person.pk, line.status) if typed else line.status}
        for line in attendance
    ]  # fmt: skip
    days = minutes_publish_days(meeting.body, meeting.date)
    editable = (
        may_change and meeting.minutes_status != "published" and meeting.status != "cancelled"
    )
    return {
        "meeting": meeting,
        "body": meeting.body,
        "rows": rows,
        "attendance": lines,
        "present": present,
        "actions": list(
            meeting.actions.select_related("owner", "organisation", "item").order_by("due", "pk")
        ),
        "follow_up": service.open_actions_before(meeting),
        "form": form,
        "problems": problems,
        "may_change": may_change,
        "editable": editable,
        "may_approve": me is not None
        and meeting.minutes_status == "draft"
        and meeting.date <= timezone.localdate()
        and co_chair_on(me, meeting),
        "deadline": minutes_deadline(meeting.date, days),
        "limit_days": days,
        "today": timezone.localdate(),
    }


def _action_form(meeting: Meeting, data: object) -> ActionForm:
    members, substitutes = service.people_of(meeting)
    people = sorted({a.person for a in [*members, *substitutes]}, key=lambda p: p.name)
    return ActionForm(
        data,
        items=[(i.pk, f"{i.position}. {i.title}") for i in meeting.items.order_by("position")],
        people=[(p.pk, p.name) for p in people],
        organisations=[
            (o.pk, o.name)
            for o in Organisation.objects.filter(cluster_id=meeting.body.cluster_id).order_by(
                "position"
            )
        ],
        prefix="action",
    )


def _run(
    request: HttpRequest, meeting: Meeting, write: object, done: str, anchor: str = ""
) -> HttpResponse:
    url = f"/meetings/{meeting.pk}/minutes/"
    return write_and_return(request, write, done, f"{url}#{anchor}" if anchor else url)  # type: ignore[arg-type]


def _approve(request: HttpRequest, meeting: Meeting, me: Person | None) -> HttpResponse:
    if me is None:
        raise PermissionDenied
    try:
        service.approve_minutes(
            acting_user=request.user,  # type: ignore[arg-type]
            meeting=meeting,
            person=me,
            based_on=int(request.POST.get("version", "0") or 0),
        )
    except service.MinutesChanged:
        messages.error(
            request,
            _("The minutes were changed after you opened them. Read them again, then approve."),
        )
    except InvalidInput as error:
        for problem in error.problems:
            messages.error(request, problem.render(page_language()))  # type: ignore[arg-type]
    else:
        messages.success(request, _("The minutes are approved and can be published."))
    return redirect("minutes", pk=meeting.pk)


def _change_action(request: HttpRequest, meeting: Meeting, action: str) -> HttpResponse:
    """Mark an action done or open, or remove it; open actions from earlier meetings of the body
    are followed up here too."""
    found = (
        ActionItem.objects.filter(pk=request.POST.get("action_id") or 0, meeting__body=meeting.body)
        .select_related("meeting")
        .first()
    )
    if found is None:
        raise Http404("no such action")
    if action == "action-remove":
        if found.meeting_id != meeting.pk:
            raise PermissionDenied
        return _run(request, meeting, lambda: service.remove_action(
            acting_user=request.user, action=found),  # type: ignore[arg-type]
            _("The action has been removed."), anchor="actions-title")  # fmt: skip
    done_on = timezone.localdate() if action == "action-done" else None
    service.set_action_done(acting_user=request.user, action=found, done_on=done_on)  # type: ignore[arg-type]
    messages.success(
        request, _("The action is marked as done.") if done_on else _("The action is open again.")
    )
    return redirect(f"/meetings/{meeting.pk}/minutes/#actions-title")


# ---- the one-page summary per organisation ------------------------------------------------


def summary(request: HttpRequest, pk: int) -> HttpResponse:
    """One page for a member to carry the decisions back to their organisation (seed 004): the
    decisions, what falls to the organisation, and its actions. As HTML to print, or as PDF."""
    meeting, may_change = readable_meeting(request, pk)
    if meeting.minutes_status != "published" and not may_change:
        raise Http404("the minutes are not published")
    organisations = _organisations_of(meeting)
    chosen = _chosen_organisation(request, meeting, organisations)
    context = _summary_context(meeting, organisations, chosen)
    if request.GET.get("format") == "pdf":
        html = render_to_string("meetings/summary_print.html", context, request=request)
        pdf = html_to_pdf(html)
        name = f"resume-{meeting.date.isoformat()}-{chosen.key if chosen else 'alle'}.pdf"
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(request, "meetings/summary.html", context)


def _organisations_of(meeting: Meeting) -> list[Organisation]:
    """The organisations with members in the body on the day, in the cluster's order."""
    keys = set(
        Appointment.objects.filter(body_id=meeting.body_id)
        .valid_on(meeting.date)
        .exclude(organisation=None)
        .values_list("organisation_id", flat=True)
    )
    return list(Organisation.objects.filter(pk__in=keys).order_by("position"))


def _chosen_organisation(
    request: HttpRequest, meeting: Meeting, organisations: list[Organisation]
) -> Organisation | None:
    """The organisation asked for, else the reader's own in the body on the day."""
    by_key = {o.key: o for o in organisations}
    if request.GET.get("organisation") in by_key:
        return by_key[request.GET["organisation"]]
    mine = (
        Appointment.objects.filter(
            body_id=meeting.body_id, person__email=getattr(request.user, "email", "")
        )
        .valid_on(meeting.date)
        .values_list("organisation_id", flat=True)
        .first()
    )
    return next((o for o in organisations if o.pk == mine), None)


def _summary_context(
    meeting: Meeting, organisations: list[Organisation], chosen: Organisation | None
) -> dict[str, object]:
    items = [i for i in meeting.items.order_by("position") if i.decision.strip()]
    actions = list(meeting.actions.select_related("owner", "organisation", "item"))
    theirs = [a for a in actions if chosen is not None and a.organisation_id == chosen.pk]
    falls_to = {a.item_id for a in theirs}
    return {
        "meeting": meeting,
        "body": meeting.body,
        "organisations": organisations,
        "chosen": chosen,
        "items": [(i, i.pk in falls_to) for i in items],
        "their_actions": theirs,
    }
