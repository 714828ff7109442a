import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from klynge.accounts.models import User
from klynge.core.charter import Charter, read_glossary
from klynge.core.charter_document import charter_document, compare
from klynge.core.compliance import Finding
from klynge.core.member_file import MemberRow, read_member_file
from klynge.core.problems import InvalidInput, Problem
from klynge.governance import membership, services
from klynge.governance.compliance import body_findings
from klynge.governance.documents import charter_as, charter_context
from klynge.governance.forms import CharterEditForm, CharterImportForm
from klynge.governance.member_forms import (
    AdHocGroupForm,
    AppointForm,
    CloseBodyForm,
    CorrectAppointmentForm,
    EndForm,
    MemberFileForm,
    PeriodsForm,
    ReplaceForm,
    RotationForm,
)
from klynge.governance.membership import (
    editable_body,
    may_edit_body,
    members_on,
    readable_bodies,
    readable_body,
)
from klynge.governance.models import Appointment, Body, CharterVersion, Person
from klynge.governance.reads import charter_in_force, charter_of, charter_versions
from klynge.web.pages import keep_after_refusal, page_language


def _row_problems(error: InvalidInput) -> list[str]:
    """A form's problems, each with the field it concerns."""
    return [
        f"{p.column}: {p.message(page_language())}" if p.column else p.message(page_language())  # type: ignore[arg-type]
        for p in error.problems
    ]


def _may_change_charter(user: object, body: Body | None = None) -> bool:
    """Administrators, and the body's secretariat."""
    if isinstance(user, User) and user.is_staff:
        return True
    return body is not None and may_edit_body(user, body, timezone.localdate())


def _requested_day(request: HttpRequest) -> datetime.date:
    try:
        return datetime.date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        return timezone.localdate()


def body_detail(request: HttpRequest, key: str) -> HttpResponse:
    body = readable_body(request.user, key)
    on = _requested_day(request)
    row = charter_in_force(body, on)
    context: dict[str, object] = {
        "body": body,
        "on": on,
        "row": row,
        "versions_count": CharterVersion.objects.filter(body=body).count(),
        "may_change": _may_change_charter(request.user, body),
    }
    related = list(
        Body.objects.filter(Q(reports_to=body) | Q(succeeded_by=body)).order_by("position")
    )
    context["sub_bodies"] = [b for b in related if b.reports_to_id == body.pk]
    context["predecessors"] = [b for b in related if b.succeeded_by_id == body.pk]
    if row is not None:
        charter = charter_of(row)
        context |= charter_context(row, charter)
        appointments = members_on(body, on)
        soon = on + datetime.timedelta(days=60)
        context["seats"] = [
            {
                "seat": seat,
                "members": [
                    a for a in appointments if a.seat == seat.key and a.substitute_for is None
                ],
                "substitutes": [
                    a for a in appointments if a.seat == seat.key and a.substitute_for is not None
                ],
            }
            for seat in charter.seats
        ]
        context["chairs"] = [a for a in appointments if a.role == "chair"]
        context["contacts"] = [a for a in appointments if a.role == "contact"]
        context["sets_up_groups"] = charter.ad_hoc_groups is not None
        context["secretariat"] = [a for a in appointments if a.role == "secretariat"]
        served_by = charter.secretariat.served_by_body if charter.secretariat else None
        if served_by and body.reports_to and body.reports_to.key == served_by:
            # FSG's secretariat serves its operative groups (seed 000 § 5).
            context["secretariat"] = [
                a for a in members_on(body.reports_to, on) if a.role == "secretariat"
            ]
        context["ending_soon"] = sorted(
            (a for a in appointments if a.end is not None and a.end <= soon), key=lambda a: a.end
        )
        context["findings"] = [
            (f, _fix_url(body, f, appointments)) for f in body_findings(body, on)
        ]
        context["language"] = page_language()
    else:
        context["glossary"] = read_glossary().terms
    return render(request, "governance/body_detail.html", context)


def _fix_url(body: Body, finding: Finding, appointments: list[Appointment]) -> str | None:
    """The form that fixes a finding, pre-filled for its seat, organisation or person."""
    from urllib.parse import urlencode

    from django.urls import reverse

    subject = dict(finding.subject)
    rule = finding.rule
    if "person" in subject and rule in PERSON_FIXES:
        seat, role = subject.get("seat", ""), PERSON_FIXES[rule]
        held = next(
            (
                a
                for a in appointments
                if a.person.email == subject["person"]
                and (a.seat == seat if seat else True)
                and (a.role == role if role is not None else True)
            ),
            None,
        )
        if held is None:
            return None
        view = "edit_appointment" if rule in EDIT_FIXES else "replace_appointment"
        return reverse(view, args=[body.key, held.pk])
    query: dict[str, str] = {}
    if rule in {"seat.min", "seat.term-ends"}:
        query = {k: subject[k] for k in ("seat", "organisation") if k in subject}
    elif rule == "seat.continuing":
        query = {k: subject[k] for k in ("seat", "organisation") if k in subject}
        query["continuing"] = "on"
    elif rule in {"chair.composition", "chair.rotation", "chair.regional-organisation"}:
        query = {"role": "chair"}
    elif rule == "sub-body.chair":
        query = {"role": "chair", **({"organisation": subject["organisation"]} if "organisation" in subject else {})}  # fmt: skip
    elif rule == "ad-hoc.contact-person":
        query = {"role": "contact"}
    elif rule.startswith("secretariat."):
        query = {
            "role": "secretariat",
            **({"organisation": subject["organisation"]} if "organisation" in subject else {}),
        }
    else:
        return None
    return f"{reverse('appoint', args=[body.key])}?{urlencode(query)}"


# Findings about one person's appointment: the role to look for (None: any), and which are fixed
# by correcting the appointment rather than by replacing the person.
PERSON_FIXES: dict[str, str | None] = {
    "seat.appointed-by": "",
    "term.election-period": None,
    "sub-body.chair-member": "chair",
    "ad-hoc.contact-member": "contact",
    "chair.regional-organisation": "chair",
    "chair.rotation": "chair",
}
EDIT_FIXES = {"seat.appointed-by", "term.election-period"}


def charter_history(request: HttpRequest, key: str) -> HttpResponse:
    body = readable_body(request.user, key)
    versions = charter_versions(body)
    return render(
        request,
        "governance/charter_versions.html",
        {"body": body, "versions": versions, "may_change": _may_change_charter(request.user, body)},
    )


def charter_diff(request: HttpRequest, key: str) -> HttpResponse:
    body = readable_body(request.user, key)
    rows = {row.version: row for row in charter_versions(body)}
    try:
        old, new = rows[int(request.GET["from"])], rows[int(request.GET["to"])]
    except (KeyError, ValueError):
        raise Http404("no such versions") from None
    changes = compare(charter_document(charter_of(old)), charter_document(charter_of(new)))
    return render(
        request,
        "governance/charter_diff.html",
        {
            "body": body,
            "old": old,
            "new": new,
            "changes": changes,
            "changed_count": sum(c.status != "unchanged" for c in changes),
        },
    )


DOWNLOADS = {
    "md": ("text/markdown; charset=utf-8", "md"),
    "toml": ("application/toml; charset=utf-8", "toml"),
    "json": ("application/json", "json"),
    "html": ("text/html; charset=utf-8", "html"),
    "pdf": ("application/pdf", "pdf"),
}


def charter_download(request: HttpRequest, key: str, version: int, fmt: str) -> HttpResponse:
    body = readable_body(request.user, key)
    row = CharterVersion.objects.filter(body=body, version=version).first()
    if row is None or fmt not in DOWNLOADS:
        raise Http404("no such charter version")
    charter = charter_of(row)
    content = charter_as(row, charter, fmt, page_language())
    content_type, extension = DOWNLOADS[fmt]
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = (
        f'{disposition}; filename="kommissorium-{body.key}-v{row.version}.{extension}"'
    )
    return response


def _problem_lines(error: InvalidInput | services.CharterRefused, file_name: str) -> list[str]:
    if isinstance(error, InvalidInput):
        return [p.render(page_language()) for p in error.problems]  # type: ignore[arg-type]
    return [Problem("", error.code, error.params).render(page_language())]  # type: ignore[arg-type]


def charter_import(request: HttpRequest, key: str) -> HttpResponse:
    body = readable_body(request.user, key)
    if not _may_change_charter(request.user, body):
        raise PermissionDenied
    form = CharterImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            charter = services.parse_uploaded_charter(upload.read(), upload.name, body)
            row, created = services.import_charter(charter, acting_user=request.user)  # type: ignore[arg-type]
        except (InvalidInput, services.CharterRefused) as error:
            problems = _problem_lines(error, upload.name)
        else:
            if created:
                messages.success(
                    request,
                    _("Version %(version)s of the charter has been saved.")
                    % {"version": row.version},
                )
            else:
                messages.info(request, _("This version was already saved; nothing has changed."))
            return redirect("body_detail", key=body.key)
    return render(
        request,
        "governance/charter_import.html",
        {"body": body, "form": form, "problems": problems},
        status=400 if problems else 200,
    )


def charter_edit(request: HttpRequest, key: str) -> HttpResponse:
    body = readable_body(request.user, key)
    if not _may_change_charter(request.user, body):
        raise PermissionDenied
    latest = CharterVersion.objects.filter(body=body).order_by("-version").first()
    if latest is None:
        raise Http404("no charter")
    charter = charter_of(latest)
    initial = {
        "based_on_version": latest.version,
        "save_as": "new",
        "title": charter.title,
        "in_force_from": timezone.localdate(),
        "approved_by": latest.approved_by,
        "approved_on": charter.approval.on,
        "approval_precision": charter.approval.precision,
    }
    if charter.meetings:
        initial |= {
            "min_per_year": charter.meetings.min_per_year,
            "agenda_lead_days": charter.meetings.agenda_lead_days,
            "minutes_publish_days": charter.meetings.minutes_publish_days,
        }
    form = CharterEditForm(request.POST or None, initial=initial)
    problems: list[str] = []
    status = 200
    if request.method == "POST" and form.is_valid():
        write = (
            services.correct_charter
            if form.cleaned_data["save_as"] == "correction"
            else services.change_charter
        )
        try:
            row = write(
                acting_user=request.user,  # type: ignore[arg-type]
                body=body,
                based_on_version=form.cleaned_data["based_on_version"],
                changes=form.changes(has_meeting_rules=charter.meetings is not None),
            )
        except (InvalidInput, services.CharterRefused) as error:
            problems = _problem_lines(error, body.key)
            status = 409 if isinstance(error, services.CharterRefused) else 400
        else:
            if form.cleaned_data["save_as"] == "correction":
                done = _("Version %(version)s of the charter has been corrected.")
            else:
                done = _("Version %(version)s of the charter has been saved.")
            messages.success(request, done % {"version": row.version})
            return redirect("body_detail", key=body.key)
    return render(
        request,
        "governance/charter_edit.html",
        {
            "body": body,
            "form": form,
            "problems": problems,
            "latest": latest,
            "has_meetings": charter.meetings is not None,
        },
        status=status,
    )


@login_not_required
def charter_schema(request: HttpRequest) -> JsonResponse:
    """The JSON Schema of the charter file format, for editors and scripts."""
    schema = Charter.model_json_schema()
    schema["$id"] = request.build_absolute_uri()
    schema["title"] = "Klynge charter (kommissorium)"
    return JsonResponse(schema, json_dumps_params={"ensure_ascii": False, "indent": 2})


def _member_row(form: AppointForm, body: Body) -> MemberRow:
    data = form.cleaned_data
    labels = tuple((name, str(field.label)) for name, field in form.fields.items())
    return MemberRow(
        row=0,
        body=f"{body.cluster.key}/{body.key}",
        seat=data["seat"],
        organisation=data["organisation"],
        name=" ".join(data["name"].split()),
        email=data["email"].lower(),
        start=data["start"],
        end=data["end"],
        continuing=data["continuing"],
        appointed_by=data["appointed_by"],
        substitute_for=(data["substitute_for"] or "").lower(),
        role=data["role"],
        columns=labels,
    )


def appoint(request: HttpRequest, key: str) -> HttpResponse:
    body = editable_body(request.user, key)
    today = timezone.localdate()
    row = charter_in_force(body, today)
    seats = [(s.key, s.label) for s in charter_of(row).seats] if row else []
    organisations = [(o.key, o.name) for o in body.cluster.organisations.order_by("position")]
    initial = {
        "start": today,
        **{
            k: v
            for k, v in request.GET.items()
            if k in {"seat", "organisation", "role", "substitute_for", "start", "end", "continuing"}
        },
    }
    form = AppointForm(
        request.POST or None, initial=initial, seats=seats, organisations=organisations
    )
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            membership.appoint(
                _member_row(form, body),
                acting_user=request.user,
                base_url=request.build_absolute_uri("/"),  # type: ignore[arg-type]
            )
        except InvalidInput as error:
            problems = _row_problems(error)
        else:
            messages.success(
                request, _("%(name)s has been appointed.") % {"name": form.cleaned_data["name"]}
            )
            return redirect("body_detail", key=body.key)
    return render(
        request,
        "governance/appoint.html",
        {"body": body, "form": form, "problems": problems},
        status=400 if problems else 200,
    )


def _editable_appointment(request: HttpRequest, key: str, pk: int) -> tuple[Body, Appointment]:
    """The body and one of its appointments, for a user who edits the body; else 403 or 404."""
    body = editable_body(request.user, key)
    appointment = (
        Appointment.objects.select_related("person", "organisation", "body__cluster")
        .filter(body=body, pk=pk)
        .first()
    )
    if appointment is None:
        raise Http404("no such appointment")
    return body, appointment


def end_appointment(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    body, appointment = _editable_appointment(request, key, pk)
    form = EndForm(request.POST or None, initial={"end": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            membership.end_appointment(
                acting_user=request.user, appointment=appointment, end=form.cleaned_data["end"]
            )  # type: ignore[arg-type]
        except InvalidInput:
            form.add_error("end", _("The last day cannot be before the first."))
        else:
            messages.success(
                request,
                _("The appointment of %(name)s has been ended.")
                % {"name": appointment.person.name},
            )
            return redirect("body_detail", key=body.key)
    return render(
        request,
        "governance/end_appointment.html",
        {"body": body, "appointment": appointment, "form": form},
    )


def chairs(request: HttpRequest, key: str) -> HttpResponse:
    """Chair periods past, current and planned, who was chosen, and the order of the rotation."""
    from klynge.governance.chairs import (
        ChairPlanChanged,
        chair_overview,
        chosen_periods,
        plan_version,
        set_chair_plan,
    )

    body = readable_body(request.user, key)
    today = timezone.localdate()
    may_change = may_edit_body(request.user, body, today)
    row = charter_in_force(body, today) or body.charter_versions.order_by("-version").first()
    rule = charter_of(row).chair if row else None
    municipalities = [
        (o.key, o.name) for o in body.cluster.organisations.filter(kind="municipality")
    ]
    version = plan_version(body)
    rotation_form = periods_form = None
    if rule is not None and rule.mode == "rotation":
        order = body.chair_plan.get("rotation_order") or [k for k, _name in municipalities]
        initial = {f"position_{i}": k for i, k in enumerate(order, start=1)}
        rotation_form = RotationForm(
            request.POST if request.POST.get("form") == "rotation" else None,
            initial={**initial, "plan_version": version},
            municipalities=municipalities,
        )
    elif rule is not None and rule.mode == "chosen" and not rule.offset_to_body:
        first, years = chosen_periods(body)
        periods_form = PeriodsForm(
            request.POST if request.POST.get("form") == "periods" else None,
            initial={"first_start": first, "period_years": years, "plan_version": version},
        )
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        form = rotation_form if request.POST.get("form") == "rotation" else periods_form
        if form is None:
            raise Http404("no such form")
        if form.is_valid():
            if isinstance(form, RotationForm):
                changes: dict[str, object] = {"rotation_order": form.order()}
            else:
                changes = {
                    "first_start": form.cleaned_data["first_start"].isoformat(),
                    "period_years": form.cleaned_data["period_years"],
                }
            try:
                set_chair_plan(
                    body, changes, based_on=form.cleaned_data["plan_version"],
                    acting_user=request.user,  # type: ignore[arg-type]
                )  # fmt: skip
            except ChairPlanChanged:
                problems = [
                    _(
                        "Someone else changed the chair plan while you were working. Your choice "
                        "is still in the form: look at the periods above, then save again."
                    )
                ]
                keep_after_refusal(form, "plan_version", version)
                status = 409
            else:
                messages.success(request, _("The chair plan has been saved."))
                return redirect("chairs", key=body.key)
        else:
            status = 400
    rows, handover = chair_overview(body, today)
    return render(
        request,
        "governance/chairs.html",
        {
            "body": body,
            "rule": rule,
            "rows": rows,
            "handover": handover,
            "may_change": may_change,
            "rotation_form": rotation_form,
            "periods_form": periods_form,
            "problems": problems,
            "today": today,
        },
        status=status,
    )


def edit_appointment(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    """Correct an appointment; a second editor's save is refused and their input kept."""
    body, appointment = _editable_appointment(request, key, pk)
    organisations = {o.key: o for o in body.cluster.organisations.order_by("position")}
    version = membership.appointment_version(appointment)
    form = CorrectAppointmentForm(
        request.POST or None,
        initial={
            "version": version,
            "organisation": appointment.organisation.key if appointment.organisation else "",
            "end": None if appointment.end_from_term else appointment.end,
            "continuing": appointment.continuing,
            "appointed_by": appointment.appointed_by,
        },
        organisations=[(k, o.name) for k, o in organisations.items()],
    )
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                membership.correct_appointment(
                    acting_user=request.user,  # type: ignore[arg-type]
                    appointment=appointment,
                    based_on=data["version"],
                    organisation=organisations.get(data["organisation"]),
                    end=data["end"],
                    continuing=data["continuing"],
                    appointed_by=data["appointed_by"].strip(),
                )
            except membership.AppointmentChanged:
                problems = [
                    _(
                        "Someone else changed this appointment while you were working. What you "
                        "typed is still in the form, and what they saved is shown above it. Save "
                        "again to keep yours."
                    )
                ]
                keep_after_refusal(form, "version", version)
                status = 409
            except InvalidInput:
                form.add_error("end", _("The last day cannot be before the first."))
            else:
                messages.success(
                    request,
                    _("The appointment of %(name)s has been corrected.")
                    % {"name": appointment.person.name},
                )
                return redirect("body_detail", key=body.key)
    return render(
        request,
        "governance/edit_appointment.html",
        {"body": body, "appointment": appointment, "form": form, "problems": problems},
        status=status,
    )


def replace_appointment(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    body, appointment = _editable_appointment(request, key, pk)
    today = timezone.localdate()
    organisations = [(o.key, o.name) for o in body.cluster.organisations.order_by("position")]
    form = ReplaceForm(
        request.POST or None,
        initial={
            "last_day": max(today, appointment.start),
            "organisation": appointment.organisation.key if appointment.organisation else "",
            "appointed_by": appointment.appointed_by,
        },
        organisations=organisations,
    )
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        labels = tuple((name, str(field.label)) for name, field in form.fields.items())
        successor = MemberRow(
            row=0,
            body=f"{body.cluster.key}/{body.key}",
            seat=appointment.seat,
            organisation=data["organisation"],
            name=" ".join(data["name"].split()),
            email=data["email"].lower(),
            start=data["last_day"] + datetime.timedelta(days=1),
            end=data["end"],
            continuing=data["continuing"],
            appointed_by=data["appointed_by"],
            substitute_for="",
            role=appointment.role,
            columns=labels,
        )
        try:
            membership.replace_appointment(
                acting_user=request.user,  # type: ignore[arg-type]
                appointment=appointment,
                last_day=data["last_day"],
                successor=successor,
                base_url=request.build_absolute_uri("/"),
            )
        except InvalidInput as error:
            problems = _row_problems(error)
        else:
            messages.success(
                request,
                _("%(new)s takes over from %(old)s.")
                % {"new": successor.name, "old": appointment.person.name},
            )
            return redirect("body_detail", key=body.key)
    return render(
        request,
        "governance/replace_appointment.html",
        {"body": body, "appointment": appointment, "form": form, "problems": problems},
        status=400 if problems or form.errors else 200,
    )


def new_group(request: HttpRequest, key: str) -> HttpResponse:
    """Set up a development or implementation group from its parent body (seed 004)."""
    from klynge.governance.bodies import create_ad_hoc_group
    from klynge.governance.models import BODY_KIND_LABELS

    parent = editable_body(request.user, key)
    today = timezone.localdate()
    row = charter_in_force(parent, today)
    rule = charter_of(row).ad_hoc_groups if row else None
    if rule is None:
        raise Http404("this body sets up no groups")
    members = [a for a in members_on(parent, today) if a.seat and a.substitute_for is None]
    form = AdHocGroupForm(
        request.POST or None,
        initial={"start": today},
        kinds=[(k.value, str(BODY_KIND_LABELS[k])) for k in rule.kinds],
        members=[
            (
                str(a.pk),
                f"{a.person.name}" + (f" ({a.organisation.name})" if a.organisation else ""),
            )
            for a in members
        ],
    )
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        contact = next(a for a in members if str(a.pk) == form.cleaned_data["contact"])
        try:
            group = create_ad_hoc_group(
                acting_user=request.user,  # type: ignore[arg-type]
                parent=parent,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                purpose=form.cleaned_data["purpose"],
                contact=contact,
                start=form.cleaned_data["start"],
            )
        except InvalidInput as error:
            problems = [p.render(page_language()) for p in error.problems]  # type: ignore[arg-type]
        else:
            messages.success(
                request,
                _("%(name)s has been set up with %(contact)s as contact person.")
                % {"name": group.name, "contact": contact.person.name},
            )
            return redirect("body_detail", key=group.key)
    return render(
        request,
        "governance/new_group.html",
        {"body": parent, "form": form, "problems": problems, "rule": rule},
        status=400 if problems or form.errors else 200,
    )


def close_body(request: HttpRequest, key: str) -> HttpResponse:
    """Close a body after a day and hand its open appointments to its successor."""
    from klynge.governance.bodies import close_body as close
    from klynge.governance.models import BODY_KIND_LABELS

    body = editable_body(request.user, key)
    today = timezone.localdate()
    if body.closed_on is not None:
        raise Http404("already closed")
    candidates = {
        str(b.pk): b
        for b in Body.objects.filter(cluster=body.cluster, closed_on__isnull=True).exclude(
            pk=body.pk
        )
    }
    last_day = _requested_day(request) if "on" in request.GET else today
    open_ones = [a for a in members_on(body, last_day) if a.end is None or a.end > last_day]
    form = CloseBodyForm(
        request.POST or None,
        initial={
            "last_day": last_day,
            "hand_over": [str(a.pk) for a in open_ones],
            "new_successor_kind": "health-council",
        },
        successors=[(pk, b.name) for pk, b in candidates.items()],
        kinds=[(k.value, str(label)) for k, label in BODY_KIND_LABELS.items()],
        appointments=[
            (str(a.pk), f"{a.person.name} – {a.seat or a.get_role_display()}") for a in open_ones
        ],
    )
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = set(data["hand_over"])
        everyone = Appointment.objects.filter(body=body).select_related("person", "organisation")
        try:
            close(
                acting_user=request.user,  # type: ignore[arg-type]
                body=body,
                last_day=data["last_day"],
                successor=candidates.get(data["successor"]),
                new_successor=(data["new_successor"], data["new_successor_kind"] or "other")
                if data["new_successor"]
                else None,
                hand_over=[a for a in everyone if str(a.pk) in chosen],
            )
        except InvalidInput as error:
            problems = [p.render(page_language()) for p in error.problems]  # type: ignore[arg-type]
        else:
            messages.success(
                request,
                _("%(name)s is closed after %(day)s.")
                % {"name": body.name, "day": date_format(data["last_day"], "j. F Y")},
            )
            return redirect("body_detail", key=body.key)
    return render(
        request,
        "governance/close_body.html",
        {"body": body, "form": form, "problems": problems},
        status=400 if problems or form.errors else 200,
    )


def _may_see_person(user: object, person: Person) -> bool:
    """Administrators, the person, and those who read a body the person sits in."""
    if getattr(user, "email", None) == person.email:
        return True
    readable = readable_bodies(user, timezone.localdate())
    return (
        readable is None or Appointment.objects.filter(person=person, body_id__in=readable).exists()
    )


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = Person.objects.select_related("organisation").filter(pk=pk).first()
    if person is None or not _may_see_person(request.user, person):
        raise Http404("no such person")
    appointments = list(
        Appointment.objects.filter(person=person)
        .select_related("body", "organisation")
        .order_by("-start")
    )
    today = timezone.localdate()
    current = [a for a in appointments if a.start <= today and (a.end is None or a.end >= today)]
    past = [a for a in appointments if a not in current]
    return render(
        request,
        "governance/person_detail.html",
        {"person": person, "current": current, "past": past},
    )


SESSION_MEMBER_FILE = "klynge_member_file"


def member_import(request: HttpRequest) -> HttpResponse:
    """Upload a member file, see what would change (nothing saved), then confirm to save it all."""
    import base64

    if (
        not (isinstance(request.user, User) and request.user.is_staff)
        and not Appointment.objects.filter(
            person__email=getattr(request.user, "email", ""), role="secretariat"
        ).exists()
    ):
        raise PermissionDenied
    form = MemberFileForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    report = None
    file_name = ""
    if request.method == "POST" and "confirm" in request.POST:
        stored = request.session.get(SESSION_MEMBER_FILE)
        if stored is None:
            return redirect("member_import")
        file_name = stored["name"]
        content = base64.b64decode(stored["content"])
        try:
            rows = read_member_file(content, file_name)
            _check_may_edit(request.user, rows)
            report = membership.import_members(rows, source=file_name, acting_user=request.user)  # type: ignore[arg-type]
        except InvalidInput as error:
            problems = [p.render(page_language()) for p in error.problems]  # type: ignore[arg-type]
        else:
            del request.session[SESSION_MEMBER_FILE]
            messages.success(
                request,
                _("%(name)s is saved: %(created)s new appointments, %(updated)s changed.")
                % {
                    "name": file_name,
                    "created": len(report.created),
                    "updated": len(report.updated),
                },
            )
            return redirect("member_import")
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        file_name = upload.name
        content = upload.read()
        try:
            rows = read_member_file(content, file_name)
            _check_may_edit(request.user, rows)
            report = membership.import_members(
                rows, source=file_name, acting_user=request.user, dry_run=True
            )  # type: ignore[arg-type]
        except InvalidInput as error:
            problems = [p.render(page_language()) for p in error.problems]  # type: ignore[arg-type]
        else:
            request.session[SESSION_MEMBER_FILE] = {
                "name": file_name,
                "content": base64.b64encode(content).decode(),
            }
    return render(
        request,
        "governance/member_import.html",
        {"form": form, "problems": problems, "report": report, "file_name": file_name},
        status=400 if problems else 200,
    )


def _check_may_edit(user: object, rows: list[MemberRow]) -> None:
    """A secretariat imports only into the bodies it runs."""
    today = timezone.localdate()
    bodies = {b.key: b for b in Body.objects.select_related("cluster")}
    refused = []
    for row in rows:
        body = bodies.get(row.body.rpartition("/")[2])
        if body is not None and not may_edit_body(user, body, today):
            refused.append(
                Problem(
                    "", "not_your_body", {"body": body.key}, row=row.row, column=row.column("body")
                )
            )
    if refused:
        raise InvalidInput("", refused)
