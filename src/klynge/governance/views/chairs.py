"""Chair periods past, current and planned, who was chosen, and the plan the secretariat sets:
the order of a rotation, or the length of chosen periods."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from klynge.accounts.http import AuthenticatedHttpRequest
from klynge.core.charter import ChairRule
from klynge.core.cluster import OrganisationKind
from klynge.governance.access import access_body, may_edit_body
from klynge.governance.chairs import (
    ChairPlanChanged,
    chair_overview,
    chosen_periods,
    plan_version,
    set_chair_plan,
)
from klynge.governance.member_forms import PeriodsForm, RotationForm
from klynge.governance.models import Body
from klynge.governance.reads import charter_in_force, charter_of
from klynge.web.pages import keep_after_refusal, page_on_get

ROTATION, PERIODS = "rotation", "periods"


@dataclass
class ChairsPage:
    """The page's body and plan forms; the one that was posted (`posted`) is bound."""

    body: Body
    rule: ChairRule | None
    version: str
    may_change: bool
    rotation_form: RotationForm | None = None
    periods_form: PeriodsForm | None = None


def _chairs_page(
    request: AuthenticatedHttpRequest, key: str, posted: str | None = None
) -> ChairsPage:
    body = access_body(request.user, key)
    today = timezone.localdate()
    row = charter_in_force(body, today) or body.charter_versions.order_by("-version").first()
    page = ChairsPage(
        body=body,
        rule=charter_of(row).chair if row else None,
        version=plan_version(body),
        may_change=may_edit_body(request.user, body, today),
    )
    data = request.POST if posted else None
    if page.rule is not None and page.rule.mode == "rotation":
        municipalities = [
            (o.key, o.name)
            for o in body.cluster.organisations.filter(kind=OrganisationKind.MUNICIPALITY)
        ]
        order = body.chair_plan.get("rotation_order") or [k for k, _name in municipalities]
        initial = {f"position_{i}": k for i, k in enumerate(order, start=1)}
        page.rotation_form = RotationForm(
            data if posted == ROTATION else None,
            initial={**initial, "plan_version": page.version},
            municipalities=municipalities,
        )
    elif page.rule is not None and page.rule.mode == "chosen" and not page.rule.offset_to_body:
        first, years = chosen_periods(body)
        page.periods_form = PeriodsForm(
            data if posted == PERIODS else None,
            initial={"first_start": first, "period_years": years, "plan_version": page.version},
        )
    return page


def _render(
    request: AuthenticatedHttpRequest, page: ChairsPage, problems: list[str], status: int
) -> HttpResponse:
    today = timezone.localdate()
    rows, handover = chair_overview(page.body, today)
    return render(
        request,
        "governance/chairs.html",
        {
            "body": page.body,
            "rule": page.rule,
            "rows": rows,
            "handover": handover,
            "may_change": page.may_change,
            "rotation_form": page.rotation_form,
            "periods_form": page.periods_form,
            "problems": problems,
            "today": today,
        },
        status=status,
    )


# Reading only: each write has its own URL, so a POST here (an old form) is refused, not lost.
@require_safe
def chairs(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    return _render(request, _chairs_page(request, key), [], 200)


def _save_plan(
    request: AuthenticatedHttpRequest,
    page: ChairsPage,
    form: RotationForm | PeriodsForm | None,
) -> HttpResponse:
    """Save the posted plan; a second editor's save is refused (409) with their choice kept."""
    if not page.may_change:
        raise PermissionDenied
    if form is None:
        raise Http404("no such form")
    if not form.is_valid():
        return _render(request, page, [], 400)
    if isinstance(form, RotationForm):
        changes: dict[str, object] = {"rotation_order": form.order()}
    else:
        changes = {
            "first_start": form.cleaned_data["first_start"].isoformat(),
            "period_years": form.cleaned_data["period_years"],
        }
    try:
        set_chair_plan(
            page.body, changes, based_on=form.cleaned_data["plan_version"], acting_user=request.user
        )
    except ChairPlanChanged:
        keep_after_refusal(form, "plan_version", page.version)
        problems = [
            _(
                "Someone else changed the chair plan while you were working. Your choice "
                "is still in the form: look at the periods above, then save again."
            )
        ]
        return _render(request, page, problems, 409)
    messages.success(request, _("The chair plan has been saved."))
    return redirect("chairs", key=page.body.key)


@page_on_get("chairs", "key")
@require_POST
def save_rotation(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    """The order in which the municipalities take the co-chair."""
    page = _chairs_page(request, key, posted=ROTATION)
    return _save_plan(request, page, page.rotation_form)


@page_on_get("chairs", "key")
@require_POST
def save_periods(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    """When the chosen co-chairs' periods start, and how long they last."""
    page = _chairs_page(request, key, posted=PERIODS)
    return _save_plan(request, page, page.periods_form)
