"""The audit trail in words: the whole of it and the access log (administrators), a body's (its
secretariat) and a person's (the person). Filtered by date and kind of change, a page at a time,
or everything filtered as CSV (?format=csv)."""

from typing import Any

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_safe

from klynge.accounts.http import AuthenticatedHttpRequest
from klynge.accounts.models import AccessEntry, AuditEntry
from klynge.core.danish import sort_key
from klynge.governance import history
from klynge.governance.access import (
    access_body_history,
    access_person_history,
    access_trail,
    may_read_trail,
)
from klynge.governance.models import Person
from klynge.governance.trail_words import ACCESS_ACTIONS, ACTIONS, Row, access_rows, audit_rows
from klynge.web.pages import number_in

EXPORT_BATCH = 500


def _choices(labels: dict[str, Any]) -> list[tuple[str, str]]:
    return sorted(
        ((code, str(label)) for code, label in labels.items()), key=lambda c: sort_key(c[1])
    )


def _headers() -> list[str]:
    return [
        pgettext("trail", "Time"),
        pgettext("trail", "By"),
        pgettext("trail", "Change"),
        pgettext("trail", "Kind"),
        pgettext("trail", "What"),
        pgettext("trail", "Before → after"),
    ]


def _trail_page(
    request: AuthenticatedHttpRequest,
    entries: QuerySet[AuditEntry],
    *,
    title: str,
    filename: str,
    context: dict[str, Any],
) -> HttpResponse:
    filters = history.Filters.of(request.GET, ACTIONS)
    entries = filters.apply(entries).select_related("actor").order_by("-at", "-pk")
    if request.GET.get("format") == "csv":
        return history.csv_response(_in_batches(entries), _headers(), filename)
    page = Paginator(entries, history.PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "governance/trail.html",
        context
        | {
            "title": title,
            "page": page,
            "rows": audit_rows(list(page)),
            "filters": filters,
            "actions": _choices(ACTIONS),
        },
    )


def _in_batches(entries: QuerySet[AuditEntry]) -> Any:
    """Every entry in words, a batch at a time: the names are looked up per batch. Entries
    added while exporting are left out, so that none is written twice."""
    top = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    entries = entries.filter(pk__lte=top)
    last = 0
    total = entries.count()
    while last < total:
        yield from audit_rows(list(entries[last : last + EXPORT_BATCH]))
        last += EXPORT_BATCH


@require_safe
def audit_trail(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every change in Klynge: administrators."""
    access_trail(request.user)
    return _trail_page(
        request,
        AuditEntry.objects.all(),
        title=_("Audit trail"),
        filename="klynge-audit.csv",
        context={"scope": "all"},
    )


@require_safe
def body_history(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    """Everything that changed in a body: its charter, appointments, meetings, items, minutes,
    attachments, actions and proposals; for its secretariat and administrators."""
    body = access_body_history(request.user, key)
    return _trail_page(
        request,
        AuditEntry.objects.filter(history.body_scope(body)),
        title=_("History of %(name)s") % {"name": body.name},
        filename=f"klynge-history-{body.key}.csv",
        context={"scope": "body", "body": body},
    )


@require_safe
def person_history(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """What a person did in Klynge and what was done to their records; for administrators and the
    person."""
    person = access_person_history(request.user, pk)
    account = history.account_of(person)
    show = history.Filters.of(request.GET, ACTIONS).show
    return _trail_page(
        request,
        AuditEntry.objects.filter(history.person_scope(person, account, show)),
        title=_("History of %(name)s") % {"name": person.name},
        filename=f"klynge-history-person-{person.pk}.csv",
        context={
            "scope": "person",
            "person": person,
            "may_read_access_log": may_read_trail(request.user),
        },
    )


@require_safe
def access_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Sign-ins and the reading of closed items, apart from the audit trail: administrators;
    ?person= narrows it to one person's."""
    access_trail(request.user)
    filters = history.Filters.of(request.GET, ACCESS_ACTIONS)
    entries = filters.apply_access(AccessEntry.objects.all())
    person = _person_asked(request.GET.get("person", ""))
    if person is not None:
        account = history.account_of(person)
        entries = entries.filter(Q(user=account) if account else Q(pk__in=[]))
    entries = entries.select_related("user").order_by("-at", "-pk")
    if request.GET.get("format") == "csv":
        suffix = f"-person-{person.pk}" if person else ""
        return history.csv_response(
            _access_batches(entries), _headers(), f"klynge-access-log{suffix}.csv"
        )
    page = Paginator(entries, history.PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "governance/trail.html",
        {
            "title": _("Access log"),
            "scope": "access",
            "person": person,
            "page": page,
            "rows": access_rows(list(page)),
            "filters": filters,
            "actions": _choices(ACCESS_ACTIONS),
        },
    )


def _person_asked(text: str) -> Person | None:
    pk = number_in(text, 1, 2**31 - 1)
    return Person.objects.filter(pk=pk).first() if pk else None


def _access_batches(entries: QuerySet[AccessEntry]) -> Any:
    top = AccessEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    entries = entries.filter(pk__lte=top)
    last = 0
    total = entries.count()
    rows: list[Row]
    while last < total:
        rows = access_rows(list(entries[last : last + EXPORT_BATCH]))
        yield from rows
        last += EXPORT_BATCH
