from django.urls import path

from klynge.meetings import archive_views, document_views, minutes_views, proposal_views, views

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
    path(
        "meetings/<int:pk>/agenda/<int:item_pk>/attachments/",
        document_views.upload_attachment,
        name="upload_attachment",
    ),
    path(
        "meetings/<int:pk>/attachments/<int:attachment_pk>/",
        document_views.download_attachment,
        name="meeting_attachment",
    ),
    path(
        "meetings/<int:pk>/attachments/<int:attachment_pk>/delete/",
        document_views.delete_attachment,
        name="delete_attachment",
    ),
    path(
        "meetings/<int:pk>/documents/<str:kind>.pdf",
        document_views.download_document,
        name="meeting_document",
    ),
    path(
        "meetings/<int:pk>/documents/<str:kind>/build/",
        document_views.build_document,
        name="build_meeting_document",
    ),
    path(
        "meetings/<int:pk>/documents/<str:kind>/status/",
        document_views.document_status,
        name="meeting_document_status",
    ),
    path(
        "meetings/<int:pk>/documents.zip",
        document_views.documents_zip,
        name="meeting_documents_zip",
    ),
    path("meetings/<int:pk>/minutes/", minutes_views.minutes, name="minutes"),
    path("meetings/<int:pk>/summary/", minutes_views.summary, name="minutes_summary"),
    path("meetings/calendar/", views.calendar_address, name="calendar_address"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("bodies/<slug:key>/meetings/", views.body_year, name="body_meetings"),
    path("bodies/<slug:key>/meetings/plan/", views.plan_year, name="plan_year"),
    path("bodies/<slug:key>/meetings/new/", views.new_meeting, name="new_meeting"),
    path("bodies/<slug:key>/proposals/", proposal_views.proposals, name="proposals"),
    path("bodies/<slug:key>/archive/", archive_views.archive, name="body_archive"),
    path("search/", archive_views.search, name="search"),
]
