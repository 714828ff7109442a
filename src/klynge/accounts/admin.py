from typing import Any

import django_tasks_db.admin  # noqa: F401 -- registered first, so it can be taken out below
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks_db.models import DBTaskResult

from klynge.accounts import services
from klynge.accounts.audit import snapshot
from klynge.accounts.models import AccessEntry, AuditEntry, User

# The admin is Danish throughout; the background tasks' results are English only, and the
# administrator's home page shows the tasks that failed or are stuck.
admin.site.unregister(DBTaskResult)


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    ordering = ["full_name", "email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "invited_at", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser", "language"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["last_login", "date_joined", "invited_at"]
    fieldsets = [
        (None, {"fields": ["email", "full_name", "language", "password"]}),
        (
            _("Access"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined", "invited_at"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "description": _("The new user gets an e-mail with a link to choose a password."),
                "fields": ["email", "full_name", "language", "is_staff"],
            },
        ),
    ]
    actions = ["send_invitation"]

    def get_form(
        self, request: HttpRequest, obj: User | None = None, change: bool = False, **kwargs: Any
    ) -> type[ModelForm[User]]:
        if obj is None:
            # Users choose their own password through the invitation, so the add form has none.
            kwargs["fields"] = ["email", "full_name", "language", "is_staff"]
            return admin.ModelAdmin.get_form(self, request, obj, change, **kwargs)
        return super().get_form(request, obj, change=change, **kwargs)

    def save_model(self, request: HttpRequest, obj: User, form: object, change: bool) -> None:
        assert isinstance(request.user, User)
        if change:
            stored = User.objects.get(pk=obj.pk)
            changes = {
                name: value
                for name, value in snapshot(obj, services.USER_FIELDS).items()
                if snapshot(stored, [name])[name] != value
            }
            if changes:
                services.update_user(acting_user=request.user, user=stored, **changes)
            obj.refresh_from_db()
            return
        created = services.create_user(
            acting_user=request.user,
            email=obj.email,
            full_name=obj.full_name,
            language=obj.language,
            is_staff=obj.is_staff,
        )
        services.invite_user(
            acting_user=request.user, user=created, base_url=request.build_absolute_uri("/")
        )
        obj.pk = created.pk
        obj.refresh_from_db()
        messages.success(
            request, _("An invitation has been sent to %(email)s.") % {"email": obj.email}
        )

    @admin.action(description=_("Send an invitation to choose a password"))
    def send_invitation(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        assert isinstance(request.user, User)
        users = list(queryset.filter(is_active=True))
        for user in users:
            services.invite_user(
                acting_user=request.user, user=user, base_url=request.build_absolute_uri("/")
            )
        messages.success(
            request,
            ngettext(
                "An invitation has been sent to %(count)d user.",
                "Invitations have been sent to %(count)d users.",
                len(users),
            )
            % {"count": len(users)},
        )


class AppendOnlyAdmin(admin.ModelAdmin[Any]):
    """The audit trail and the access log are read here, never written: no adding, changing or
    deleting, and no bulk action that would (the models refuse it too)."""

    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(AppendOnlyAdmin):
    list_display = ["at", "actor", "actor_label", "action", "object_type", "object_id"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_id", "action"]
    list_select_related = ["actor"]


@admin.register(AccessEntry)
class AccessEntryAdmin(AppendOnlyAdmin):
    list_display = ["at", "user", "action", "object_type", "object_id"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_id", "action"]
    list_select_related = ["user"]
