from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from klynge.governance.access import may_import_members, readable_body_keys
from klynge.governance.compliance import status_on
from klynge.governance.reads import cached_by_version, cluster_structures, data_version


def overview(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    version = data_version()
    keys = readable_body_keys(request.user, today)
    status = status_on(today, version)
    clusters = cached_by_version("cluster-structures", version, cluster_structures)
    if keys is not None:
        status = {key: value for key, value in status.items() if key in keys}
    for cluster in clusters:
        cluster.bodies = [b for b in cluster.bodies if b.key in status]
        for body in cluster.bodies:
            body.status = status[body.key]
    visible = ",".join(sorted(status))
    context = {"clusters": clusters, "today": today, "version": version, "visible": visible}
    return render(request, "web/overview.html", context)


def bodies(request: HttpRequest) -> HttpResponse:
    keys = readable_body_keys(request.user, timezone.localdate())
    clusters = cluster_structures()
    if keys is not None:
        for cluster in clusters:
            cluster.bodies = [b for b in cluster.bodies if b.key in keys]
    context = {"clusters": clusters, "may_import": may_import_members(request.user)}
    return render(request, "web/bodies.html", context)


def followup(request: HttpRequest) -> HttpResponse:
    return render(request, "web/followup.html")


def figures(request: HttpRequest) -> HttpResponse:
    return render(request, "web/figures.html")


def _in_language(name: str) -> str:
    # Long prose pages are written whole in each language rather than sentence by sentence.
    return f"web/{name}.{'en' if get_language() == 'en' else 'da'}.html"


@login_not_required
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, _in_language("accessibility"))


@login_not_required
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, _in_language("privacy"))


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


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without context processors: the error may be the database itself.
    return HttpResponse(loader.get_template("errors/500.html").render(), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "errors/csrf.html", status=403)
