"""People: their pages, changes proposed to them, and their personal data."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from klynge.governance.access.bodies import (
    readable_bodies,
    run_body_ids,
)
from klynge.governance.access.users import (
    is_signed_in,
    sees_all,
)
from klynge.governance.models import Appointment, Person, PersonChangeProposal


def person_of(user: object) -> Person | None:
    """The person a signed-in user is (people are known by e-mail), or None."""
    email = getattr(user, "email", "")
    return Person.objects.filter(email=email).first() if email else None


def may_see_person(user: object, person: Person) -> bool:
    """Administrators, the person, and those who read a body the person sits in."""
    if getattr(user, "email", None) == person.email:
        return True
    readable = readable_bodies(user, timezone.localdate())
    return (
        readable is None or Appointment.objects.filter(person=person, body_id__in=readable).exists()
    )


def people_changed_directly(user: object, people: list[Person]) -> set[int]:
    """The ids of the people among these whose name and organisation the user changes when
    appointing them: administrators and the system change anyone; a secretariat only people
    appointed to its bodies and to no other body, ever. For anyone else the difference is shown
    and may be proposed to an administrator (PersonChangeProposal)."""
    if sees_all(user):
        return {p.pk for p in people}
    runs = run_body_ids(user, timezone.localdate())
    seats = list(Appointment.objects.filter(person__in=people).values_list("person_id", "body_id"))
    own = {person for person, body in seats if body in runs}
    return own - {person for person, body in seats if body not in runs}


def may_decide_person_changes(user: object) -> bool:
    """Administrators apply or dismiss the changes to people that secretariats propose."""
    return sees_all(user)


def access_person_changes(user: object) -> None:
    if not may_decide_person_changes(user):
        raise PermissionDenied


def access_person_change(user: object, pk: int) -> PersonChangeProposal:
    access_person_changes(user)
    proposal = PersonChangeProposal.objects.select_related("person").filter(pk=pk).first()
    if proposal is None:
        raise Http404("no such proposal")
    return proposal


def access_person(user: object, pk: int) -> Person:
    person = Person.objects.select_related("organisation").filter(pk=pk).first()
    if person is None or not may_see_person(user, person):
        raise Http404("no such person")
    return person


def is_own_person(user: object, person: Person) -> bool:
    return is_signed_in(user) and (
        person.user_id == getattr(user, "pk", None) or person.email == getattr(user, "email", "")
    )


def may_export_personal_data(user: object, person: Person) -> bool:
    """A person's data, whole: the person themself, and administrators for anyone."""
    return sees_all(user) or is_own_person(user, person)


def may_export_anyones_data(user: object) -> bool:
    """Administrators make the export for anyone (the person page's link)."""
    return sees_all(user)


def access_personal_data(user: object, pk: int) -> Person:
    """The person whose data is to be exported: 404 for those who do not see the person, 403
    for those who see them but are neither they nor an administrator."""
    person = access_person(user, pk)
    if not may_export_personal_data(user, person):
        raise PermissionDenied
    return person


def may_set_retention(user: object) -> bool:
    """The retention period of personal data is the administrators' to set."""
    return sees_all(user)


def access_retention(user: object) -> None:
    if not may_set_retention(user):
        raise PermissionDenied
