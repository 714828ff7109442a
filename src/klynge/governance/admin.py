from django.contrib import admin

from klynge.governance.models import AppointingBody, Body, Cluster, Organisation


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
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
