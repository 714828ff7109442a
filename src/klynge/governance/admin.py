from typing import Any

from django.contrib import admin

from klynge.governance.models import (
    AppointingBody,
    Appointment,
    Body,
    CharterVersion,
    Cluster,
    Organisation,
    Person,
    PersonHistory,
)


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """The cluster's structure comes from its cluster file (`klynge cluster load`), so the
    administration pages show it without offering edits that the next load would undo."""

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Cluster)
class ClusterAdmin(ReadOnlyAdmin):
    list_display = ["name", "key"]


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ["name", "key", "kind", "municipality_code", "cluster"]
    list_filter = ["cluster", "kind"]
    list_select_related = ["cluster"]


@admin.register(AppointingBody)
class AppointingBodyAdmin(ReadOnlyAdmin):
    list_display = ["name", "key", "cluster"]
    list_select_related = ["cluster"]


@admin.register(Body)
class BodyAdmin(ReadOnlyAdmin):
    list_display = ["name", "key", "kind", "reports_to", "cluster"]
    list_filter = ["cluster", "kind"]
    list_select_related = ["cluster", "reports_to"]


@admin.register(CharterVersion)
class CharterVersionAdmin(ReadOnlyAdmin):
    list_display = [
        "body",
        "version",
        "in_force_from",
        "in_force_until",
        "approved_by",
        "approved_on",
    ]
    list_select_related = ["body"]


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ["name", "email", "organisation"]
    search_fields = ["name", "email"]
    list_select_related = ["organisation"]


@admin.register(Appointment)
class AppointmentAdmin(ReadOnlyAdmin):
    list_display = ["person", "body", "seat", "role", "organisation", "start", "end", "continuing"]
    list_filter = ["body", "role"]
    search_fields = ["person__name", "person__email"]
    list_select_related = ["person", "body", "organisation"]


@admin.register(PersonHistory)
class PersonHistoryAdmin(ReadOnlyAdmin):
    """What the audit trail's {"history": id} refers to; written by the write functions and
    rewritten only by anonymisation."""

    list_display = ["at", "person", "user", "name", "email", "title", "organisation", "audit_entry"]
    search_fields = ["name", "email"]
    list_select_related = ["person", "user", "organisation"]
