from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: object) -> "User":
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: object) -> "User":
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. Identified by e-mail: patient representatives have no
    organisational login, so the address is the one thing every user has."""

    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("name"), max_length=200)
    language = models.CharField(
        _("language"), max_length=2, choices=settings.LANGUAGES, default="da"
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("administrator"),
        default=False,
        help_text=_("May sign in to the administration pages."),
    )
    date_joined = models.DateTimeField(_("created"), default=timezone.now)
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return f"{self.full_name} <{self.email}>" if self.full_name else self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class TrailIsAppendOnly(Exception):
    """An attempt to change or delete a row of the audit trail or the access log."""


class AppendOnlyQuerySet(models.QuerySet[Any]):
    """Rows are only ever added: updating or deleting through a queryset is refused."""

    def update(self, **kwargs: Any) -> int:
        raise TrailIsAppendOnly(self.model._meta.label)

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TrailIsAppendOnly(self.model._meta.label)


class AppendOnly(models.Model):
    """A row that is written once and never changed or deleted, whoever asks: the pages, the
    command line and the admin alike (and on PostgreSQL a trigger, migration 0004)."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TrailIsAppendOnly(self._meta.label)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TrailIsAppendOnly(self._meta.label)


class AuditEntry(AppendOnly):
    """One row per write, never changed or deleted: every write function adds one in the same
    transaction as the change, with the values before and after.

    The actor is kept by id; `actor_label` names system actors such as `cli:root`. Values in
    `before` and `after` refer to people by id, never by name, so anonymising a person rewrites
    only the person's own record.
    """

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField(_("system actor"), max_length=100, blank=True)
    action = models.CharField(_("action"), max_length=100)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=100)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)

    class Meta(AppendOnly.Meta):
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type} {self.object_id}"


class AccessEntry(AppendOnly):
    """One row per read that must be accounted for (opening a closed item) and per sign-in.

    Kept apart from the audit trail so that reading changes nothing the caches are keyed on
    (governance.reads.data_version follows AuditEntry only). Never changed or deleted.
    """

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=100)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=100, blank=True)

    class Meta(AppendOnly.Meta):
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type} {self.object_id}"
