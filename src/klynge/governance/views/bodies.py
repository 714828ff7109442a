"""A body's page, and setting up and closing bodies."""

import datetime
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from klynge.accounts.http import AuthenticatedHttpRequest
from klynge.core.problems import InvalidInput
from klynge.governance.access import (
    access_body_and_readable,
    access_editable_body,
    may_change_charter,
)
from klynge.governance.bodies import close_body as close
from klynge.governance.bodies import create_ad_hoc_group
from klynge.governance.fixes import fix_url
from klynge.governance.member_forms import AdHocGroupForm, CloseBodyForm
from klynge.governance.models import BODY_KIND_LABELS, Appointment, Body
from klynge.governance.reads import (
    body_page,
    charter_in_force,
    charter_of,
    members_on,
    name_seats,
)
from klynge.governance.views.common import requested_day
from klynge.web.pages import page_language, problem_lines


def body_detail(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    body, readable = access_body_and_readable(request.user, key)
    page = body_page(body, requested_day(request))
    context = page.context | {
        "may_change": may_change_charter(request.user, body),
        "readable": readable,
    }
    if context["row"] is not None:
        findings = [(f, fix_url(body, f, page.appointments)) for f in page.findings]
        context["findings"] = findings
        # Breaches, coming breaches and advice each in an alert of their own kind.
        context["breaches"] = [(f, url) for f, url in findings if f.severity == "error"]
        context["coming"] = [(f, url) for f, url in findings if f.severity == "warning"]
        context["advice"] = [
            (f, url) for f, url in findings if f.severity not in ("error", "warning")
        ]
        context["language"] = page_language()
    return render(request, "governance/body_detail.html", context)


def new_group(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    """Set up a development or implementation group from its parent body (seed 004)."""
    parent = access_editable_body(request.user, key)
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
                acting_user=request.user,
                parent=parent,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                purpose=form.cleaned_data["purpose"],
                contact=contact,
                start=form.cleaned_data["start"],
            )
        except InvalidInput as error:
            problems = problem_lines(error)
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


def _closing(
    body: Body, data: dict[str, Any], candidates: dict[str, Body], chosen: set[str]
) -> dict[str, object]:
    """What closing the body as the form says will do, for the secretariat to confirm."""
    last_day = data["last_day"]
    open_ones = [a for a in members_on(body, last_day) if a.end is None or a.end > last_day]
    successor = candidates.get(data["successor"])
    return {
        "last_day": last_day,
        "ending": len(open_ones),
        "successor": successor.name if successor else data["new_successor"],
        "continuing": [a for a in open_ones if str(a.pk) in chosen],
        "first_day": last_day + datetime.timedelta(days=1),
    }


def close_body(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    """Close a body after a day and hand its open appointments to its successor: the first
    press shows what closing does, and only the confirming button closes it."""
    body = access_editable_body(request.user, key)
    today = timezone.localdate()
    if body.closed_on is not None:
        raise Http404("already closed")
    candidates = {
        str(b.pk): b
        for b in Body.objects.filter(cluster=body.cluster, closed_on__isnull=True).exclude(
            pk=body.pk
        )
    }
    last_day = requested_day(request) if "on" in request.GET else today
    open_ones = name_seats(
        [a for a in members_on(body, last_day) if a.end is None or a.end > last_day]
    )
    form = CloseBodyForm(
        request.POST or None,
        initial={
            "last_day": last_day,
            "hand_over": [str(a.pk) for a in open_ones],
            "new_successor_kind": "health-council",
        },
        successors=[(pk, b.name) for pk, b in candidates.items()],
        kinds=[(str(k), str(label)) for k, label in BODY_KIND_LABELS.items()],
        appointments=[
            (str(a.pk), f"{a.person.name} – {a.seat_name or a.get_role_display()}")
            for a in open_ones
        ],
    )
    problems: list[str] = []
    confirming: dict[str, object] | None = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = set(data["hand_over"])
        everyone = Appointment.objects.filter(body=body).select_related("person", "organisation")
        if request.POST.get("confirm") != "yes" or "change" in request.POST:
            # A first press, or "change": what closing will do, and the button that does it.
            if "change" not in request.POST:
                confirming = _closing(body, data, candidates, chosen)
            return render(
                request,
                "governance/close_body.html",
                {"body": body, "form": form, "problems": [], "confirming": confirming},
            )
        try:
            close(
                acting_user=request.user,
                body=body,
                last_day=data["last_day"],
                successor=candidates.get(data["successor"]),
                new_successor=(data["new_successor"], data["new_successor_kind"] or "other")
                if data["new_successor"]
                else None,
                hand_over=[a for a in everyone if str(a.pk) in chosen],
            )
        except InvalidInput as error:
            problems = problem_lines(error)
        else:
            messages.success(
                request,
                _("%(name)s is closed after %(day)s.")
                % {"name": body.name, "day": date_format(data["last_day"], "DATE_FORMAT")},
            )
            return redirect("body_detail", key=body.key)
    return render(
        request,
        "governance/close_body.html",
        {"body": body, "form": form, "problems": problems},
        status=400 if problems or form.errors else 200,
    )
