"""Who a user is to the rules: the system or an administrator, or a signed-in person."""

from klynge.accounts.audit import SystemActor
from klynge.accounts.models import User


def sees_all(user: object) -> bool:
    return isinstance(user, SystemActor) or (
        isinstance(user, User) and user.is_active and user.is_staff
    )


def is_signed_in(user: object) -> bool:
    return isinstance(user, User) and user.is_active
