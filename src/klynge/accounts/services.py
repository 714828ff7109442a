"""Every write to users goes through these functions: one transaction, one audit row each."""

from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from klynge.accounts import audit
from klynge.accounts.audit import Actor, record
from klynge.accounts.models import User

USER_FIELDS = ["email", "full_name", "language", "is_active", "is_staff", "is_superuser"]


def invitation_url(user: User, base_url: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return base_url.rstrip("/") + reverse("accept_invitation", args=[uid, token])


@transaction.atomic
def create_user(
    *,
    acting_user: Actor,
    email: str,
    full_name: str,
    language: str = "da",
    password: str | None = None,
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    user = User.objects.create_user(
        email,
        password,
        full_name=full_name,
        language=language,
        is_staff=is_staff,
        is_superuser=is_superuser,
    )
    from klynge.governance import person_history

    person_history.created(user, acting_user=acting_user, action="user.create", audited=USER_FIELDS)
    return user


@transaction.atomic
def invite_user(*, acting_user: Actor, user: User, base_url: str | None = None) -> User:
    """E-mail the user a link to choose a password; the e-mail is sent by the worker.

    The link works once and expires after KLYNGE_INVITATION_DAYS days (default 14).
    """
    from klynge.accounts.tasks import send_invitation

    audit.update(user, acting_user=acting_user, action="user.invite", invited_at=timezone.now())
    send_invitation.enqueue(user.pk, base_url or settings.KLYNGE_BASE_URL)
    return user


@transaction.atomic
def accept_invitation(*, user: User, password: str) -> User:
    """The invited person chose a password: they are their own acting user."""
    user.set_password(password)
    user.save(update_fields=["password"])
    record(
        acting_user=user,
        action="user.accept_invitation",
        instance=user,
        before=None,
        after={"password": "set"},
    )
    return user


@transaction.atomic
def update_user(*, acting_user: Actor, user: User, **changes: object) -> User:
    unknown = set(changes) - set(USER_FIELDS)
    if unknown:
        raise ValueError(f"not user fields: {sorted(unknown)}")
    stored = User.objects.select_for_update().get(pk=user.pk)
    values: dict[str, Any] = changes
    from klynge.governance import person_history

    # Name and e-mail go to the person history; the audit row refers to it by id.
    person_history.update(stored, acting_user=acting_user, action="user.update", **values)
    for name in changes:
        setattr(user, name, getattr(stored, name))
    return user
