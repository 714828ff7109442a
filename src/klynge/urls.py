from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from django.utils.translation import gettext_lazy as _

from klynge.web import views

admin.site.site_header = _("Klynge administration")
admin.site.site_title = _("Klynge administration")
admin.site.index_title = _("Administration")

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("klynge.web.urls")),
    path("", include("klynge.governance.urls")),
    path("", include("klynge.meetings.urls")),
    path("", include("klynge.accounts.urls")),
    path("admin/", admin.site.urls),
]
if settings.BENCH:
    urlpatterns.append(path("_bench/minimal", views.bench_minimal))

handler400 = "klynge.web.views.bad_request"
handler403 = "klynge.web.views.forbidden"
handler404 = "klynge.web.views.not_found"
handler500 = "klynge.web.views.server_error"
