from django.urls import path

from klynge.meetings import views

urlpatterns = [
    path("meetings/", views.meetings, name="meetings"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("bodies/<slug:key>/meetings/", views.body_year, name="body_meetings"),
    path("bodies/<slug:key>/meetings/plan/", views.plan_year, name="plan_year"),
    path("bodies/<slug:key>/meetings/new/", views.new_meeting, name="new_meeting"),
]
