"""A URL that fails, to see the 500 page as a user would."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from klynge.urls import handler403, handler404, handler500, urlpatterns  # noqa: F401


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a deliberate failure")


urlpatterns = [*urlpatterns, path("boom/", boom)]
