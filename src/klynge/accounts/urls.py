from django.contrib.auth import views as auth_views
from django.urls import path

from klynge.accounts import views

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("invitation/<uidb64>/<token>/", views.accept_invitation, name="accept_invitation"),
]
