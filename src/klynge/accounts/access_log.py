"""The access log: reads that must be accounted for, and sign-ins (see AccessEntry)."""

from typing import Any

from django.db import models

from klynge.accounts.models import AccessEntry, User

# The kinds of entry, as stored in AccessEntry.action.
CLOSED_ITEM_READ = "closed_item.read"
CLOSED_ATTACHMENT_READ = "closed_attachment.read"
SIGNED_IN = "signed_in"
# A person's data exported whole, by themself or an administrator.
PERSONAL_DATA_EXPORTED = "personal_data.exported"


def log_access(user: object, action: str, instance: models.Model | None = None) -> AccessEntry:
    """Append one access row: who (a signed-in user, else nobody), what, and of which object."""
    return AccessEntry.objects.create(
        user=user if isinstance(user, User) else None,
        action=action,
        object_type=instance._meta.label_lower if instance is not None else "",
        object_id=str(instance.pk) if instance is not None else "",
    )


def log_sign_in(sender: object, request: object, user: object, **kwargs: Any) -> None:
    """Django's user_logged_in: a successful sign-in. Failed attempts are not logged here:
    django-axes already counts them (to lock out guessing) with the typed address, and an address
    typed by mistake may be anyone's, so the access log keeps only who actually signed in."""
    log_access(user, SIGNED_IN)
