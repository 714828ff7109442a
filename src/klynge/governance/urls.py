from django.urls import path

from klynge.governance.views import (
    appointments,
    bodies,
    chairs,
    charters,
    history,
    imports,
    people,
    person_changes,
    personal_data,
    public,
)

urlpatterns = [
    path("bodies/<slug:key>/", bodies.body_detail, name="body_detail"),
    path("bodies/<slug:key>/groups/new/", bodies.new_group, name="new_group"),
    path("bodies/<slug:key>/close/", bodies.close_body, name="close_body"),
    path("bodies/<slug:key>/charter/versions/", charters.charter_history, name="charter_versions"),
    path("bodies/<slug:key>/charter/compare/", charters.charter_diff, name="charter_diff"),
    path("bodies/<slug:key>/charter/import/", charters.charter_import, name="charter_import"),
    path("bodies/<slug:key>/charter/edit/", charters.charter_edit, name="charter_edit"),
    path(
        "bodies/<slug:key>/charter/v<int:version>.<str:fmt>",
        charters.charter_download,
        name="charter_download",
    ),
    path("charters/schema.json", charters.charter_schema, name="charter_schema"),
    path("bodies/<slug:key>/appoint/", appointments.appoint, name="appoint"),
    path(
        "bodies/<slug:key>/appointments/<int:pk>/end/",
        appointments.end_appointment,
        name="end_appointment",
    ),
    path(
        "bodies/<slug:key>/appointments/<int:pk>/edit/",
        appointments.edit_appointment,
        name="edit_appointment",
    ),
    path(
        "bodies/<slug:key>/appointments/<int:pk>/replace/",
        appointments.replace_appointment,
        name="replace_appointment",
    ),
    path(
        "bodies/<slug:key>/appointments/<int:pk>/appointed/",
        person_changes.appointed,
        name="appointed",
    ),
    path(
        "bodies/<slug:key>/appointments/<int:pk>/propose-person-change/",
        person_changes.propose_person_change,
        name="propose_person_change",
    ),
    path("people/changes/", person_changes.person_change_list, name="person_changes"),
    path(
        "people/changes/<int:pk>/apply/",
        person_changes.apply_person_change,
        name="apply_person_change",
    ),
    path(
        "people/changes/<int:pk>/dismiss/",
        person_changes.dismiss_person_change,
        name="dismiss_person_change",
    ),
    path("bodies/<slug:key>/chairs/", chairs.chairs, name="chairs"),
    path("bodies/<slug:key>/chairs/rotation/", chairs.save_rotation, name="chairs_rotation"),
    path("bodies/<slug:key>/chairs/periods/", chairs.save_periods, name="chairs_periods"),
    path("people/<int:pk>/", people.person_detail, name="person_detail"),
    path("people/<int:pk>/data.<slug:fmt>", personal_data.person_data, name="person_data"),
    path("profile/", personal_data.profile, name="profile"),
    path("profile/data.<slug:fmt>", personal_data.my_data, name="my_data"),
    path("privacy/retention/", personal_data.retention, name="retention"),
    path("privacy/retention/save/", personal_data.save_retention, name="save_retention"),
    path("people/<int:pk>/history/", history.person_history, name="person_history"),
    path("bodies/<slug:key>/history/", history.body_history, name="body_history"),
    path("audit/", history.audit_trail, name="audit_trail"),
    path("audit/access/", history.access_log, name="access_log"),
    path("members/import/", imports.member_import, name="member_import"),
    path("members/import/confirm/", imports.member_import_confirm, name="member_import_confirm"),
    path(
        "members/import/template.<slug:file_format>",
        imports.member_template_file,
        name="member_template",
    ),
]

# Public pages, without sign-in: Danish addresses, as the public reads them.
urlpatterns += [
    path("offentlig/", public.public_index, name="public_index"),
    path("offentlig/<slug:key>/", public.public_body_page, name="public_body"),
    path("offentlig/<slug:key>/kommissorium/", public.public_charter_page, name="public_charter"),
    path(
        "offentlig/<slug:key>/moeder/<int:pk>/", public.public_meeting_page, name="public_meeting"
    ),
    path(
        "offentlig/<slug:key>/bilag/<int:pk>/",
        public.public_attachment_file,
        name="public_attachment",
    ),
    path("bodies/<slug:key>/public/", public.switch_public_pages, name="switch_public_pages"),
]
