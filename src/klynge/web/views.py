from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from klynge.accounts.http import AuthenticatedHttpRequest
from klynge.governance.access import may_import_members, readable_body_keys
from klynge.governance.compliance import status_on
from klynge.governance.reads import cached_by_version, cluster_structures, data_version
from klynge.meetings.followup import BODY, ORGANISATION, OWN, actions_of, responsible
from klynge.web.home import home_sections


@require_safe
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The home page: what the reader has to do, a section per role, most urgent first."""
    sections = home_sections(request.user, timezone.now())
    return render(request, "web/overview.html", {"sections": sections})


@require_safe
def bodies(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The cluster's structure: municipalities, other partners, and the bodies with whom they
    report to and whether they are composed as their charters say. Every body is listed; only
    those the reader may read are linked, with their status."""
    today = timezone.localdate()
    version = data_version()
    readable = readable_body_keys(request.user, today)
    status = status_on(today, version)
    clusters = cached_by_version("cluster-structures", version, cluster_structures)
    for cluster in clusters:
        for body in cluster.bodies:
            body.readable = readable is None or body.key in readable
            body.status = status.get(body.key) if body.readable else None
    context = {
        "clusters": clusters,
        "today": today,
        "may_import": may_import_members(request.user),
    }
    return render(request, "web/bodies.html", context)


@require_safe
def followup(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The reader's open actions from published minutes: their own, their organisation's, and
    for the secretariat those of the bodies they run (administrators: every body)."""
    today = timezone.localdate()
    everything = request.user.is_active and request.user.is_staff
    found = actions_of(request.user, today)
    groups = [
        (OWN, _("Your actions")),
        (ORGANISATION, _("Your organisation's actions")),
        (
            BODY,
            _("Actions in the bodies you are the secretariat of")
            if not everything
            else _("All actions"),
        ),
    ]
    shown = [
        (key, title, [(o.action, responsible(o.action)) for o in found if o.why == key])
        for key, title in groups
    ]
    context = {"groups": shown, "any": bool(found), "today": today}
    return render(request, "web/followup.html", context)


def _in_language(name: str) -> str:
    # Long prose pages are written whole in each language rather than sentence by sentence.
    return f"web/{name}.{'en' if get_language() == 'en' else 'da'}.html"


@login_not_required
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, _in_language("accessibility"))


@login_not_required
def privacy(request: HttpRequest) -> HttpResponse:
    from klynge.governance.anonymisation import retention_months

    return render(request, _in_language("privacy"), {"retention_months": retention_months()})


@login_not_required
@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@login_not_required
@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever a page links to; it is a static file like the rest
    (its name carries its hash, so the address is looked up, not written here)."""
    return redirect(static("klynge/favicon.ico"))


@login_not_required
def bench_minimal(request: HttpRequest) -> HttpResponse:
    """The reference the overview's latency is divided by in `make bench` (KLYNGE_BENCH=1 only)."""
    return HttpResponse("ok", content_type="text/plain")


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A request Django refuses before any view sees it: most often a form sent with more text
    than the server takes (DATA_UPLOAD_MAX_MEMORY_SIZE). Nothing was saved; the browser's back
    button brings the form back with what was typed."""
    too_large = isinstance(exception, RequestDataTooBig | TooManyFieldsSent)
    context = {"too_large": too_large, "limit_mb": settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 2**20}
    return render(request, "errors/400.html", context, status=400)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without context processors: the error may be the database itself.
    return HttpResponse(loader.get_template("errors/500.html").render(), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "errors/csrf.html", status=403)
