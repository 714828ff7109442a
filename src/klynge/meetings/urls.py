from django.urls import path

from klynge.meetings import views

urlpatterns = [
    path("meetings/", views.meetings, name="meetings"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/agenda/", views.agenda, name="agenda"),
    path("meetings/<int:pk>/agenda/<int:item_pk>/", views.agenda_item, name="agenda_item"),
    path(
        "meetings/<int:pk>/agenda/<int:item_pk>/move/",
        views.move_agenda_item,
        name="move_agenda_item",
    ),
    path("meetings/calendar/", views.calendar_address, name="calendar_address"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("bodies/<slug:key>/meetings/", views.body_year, name="body_meetings"),
    path("bodies/<slug:key>/meetings/plan/", views.plan_year, name="plan_year"),
    path("bodies/<slug:key>/meetings/new/", views.new_meeting, name="new_meeting"),
]
