"""The audit trail and the access log."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from klynge.accounts.models import User
from klynge.governance.access.bodies import (
    access_body,
    may_edit_body,
)
from klynge.governance.access.people import (
    access_person,
)
from klynge.governance.access.users import (
    is_signed_in,
    sees_all,
)
from klynge.governance.models import Body, Person


def may_read_trail(user: object) -> bool:
    """The whole audit trail and the access log: administrators only."""
    return isinstance(user, User) and sees_all(user)


def access_trail(user: object) -> None:
    if not may_read_trail(user):
        raise PermissionDenied


def may_read_body_history(user: object, body: Body) -> bool:
    """A body's trail: administrators and the secretariat that runs the body (as may_edit_body)."""
    return may_edit_body(user, body, timezone.localdate())


def access_body_history(user: object, key: str) -> Body:
    """The body whose trail the user reads; 404 for who does not read the body, else 403."""
    body = access_body(user, key)
    if not may_read_body_history(user, body):
        raise PermissionDenied
    return body


def may_read_person_history(user: object, person: Person) -> bool:
    """A person's trail: administrators, and the person themselves (what they did and what was
    done to their records: their own data). A body's secretariat reads the person's appointments
    in the body's trail instead."""
    return may_read_trail(user) or (
        is_signed_in(user) and getattr(user, "email", None) == person.email
    )


def access_person_history(user: object, pk: int) -> Person:
    """The person whose trail the user reads; 404 for who may not see the person, else 403."""
    person = access_person(user, pk)
    if not may_read_person_history(user, person):
        raise PermissionDenied
    return person
