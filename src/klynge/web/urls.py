from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.views.i18n import set_language

from klynge.web import views

urlpatterns = [
    path("", views.overview, name="overview"),
    path("bodies/", views.bodies, name="bodies"),
    path("followup/", views.followup, name="followup"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("language/", login_not_required(set_language), name="set_language"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
]
