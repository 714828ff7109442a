from django.urls import path

from klynge.governance import views

urlpatterns = [
    path("bodies/<slug:key>/", views.body_detail, name="body_detail"),
    path("bodies/<slug:key>/charter/versions/", views.charter_history, name="charter_versions"),
    path("bodies/<slug:key>/charter/compare/", views.charter_diff, name="charter_diff"),
    path("bodies/<slug:key>/charter/import/", views.charter_import, name="charter_import"),
    path("bodies/<slug:key>/charter/edit/", views.charter_edit, name="charter_edit"),
    path(
        "bodies/<slug:key>/charter/v<int:version>.<str:fmt>",
        views.charter_download,
        name="charter_download",
    ),
    path("bodies/<slug:key>/appoint/", views.appoint, name="appoint"),
    path("bodies/<slug:key>/chairs/", views.chairs, name="chairs"),
    path("bodies/<slug:key>/groups/new/", views.new_group, name="new_group"),
    path("bodies/<slug:key>/close/", views.close_body, name="close_body"),
    path(
        "bodies/<slug:key>/appointments/<int:pk>/end/",
        views.end_appointment,
        name="end_appointment",
    ),
    path(
        "bodies/<slug:key>/appointments/<int:pk>/edit/",
        views.edit_appointment,
        name="edit_appointment",
    ),
    path(
        "bodies/<slug:key>/appointments/<int:pk>/replace/",
        views.replace_appointment,
        name="replace_appointment",
    ),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("members/import/", views.member_import, name="member_import"),
    path("charters/schema.json", views.charter_schema, name="charter_schema"),
]
