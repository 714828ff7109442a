"""One appointment at a time, from the pages' forms: appoint (through the member file's checks),
end, replace, and correct an appointment as it was made."""

import datetime

from django.db import transaction

from klynge.accounts import audit
from klynge.accounts.audit import Actor, snapshot
from klynge.core.member_file import MemberRow
from klynge.core.problems import InvalidInput, Problem
from klynge.governance import person_changes
from klynge.governance.membership import (
    APPOINTMENT_FIELDS,
    end_by_term,
    import_members,
    resolve_appointer,
)
from klynge.governance.models import AppointingBody, Appointment, Organisation, Person


@transaction.atomic
def appoint(
    row: MemberRow,
    *,
    acting_user: Actor,
    base_url: str | None = None,
    named_in_public: bool = False,
) -> Appointment:
    """One appointment from a form, through the same checks as a member file. A person new to
    Klynge gets an account and an invitation to choose a password. `named_in_public`: the
    person consented to be named on the body's public pages (a member file cannot say so)."""
    return appoint_reporting(
        row, acting_user=acting_user, base_url=base_url, named_in_public=named_in_public
    )[0]


@transaction.atomic
def appoint_reporting(
    row: MemberRow,
    *,
    acting_user: Actor,
    base_url: str | None = None,
    named_in_public: bool = False,
) -> tuple[Appointment, list[person_changes.Difference]]:
    """As appoint, and how the form's name and organisation differ from the record of an
    existing person that the acting user may not change (people_changed_directly)."""
    report = import_members(
        [row], source="", acting_user=acting_user, invite=True, base_url=base_url
    )
    outcome = report.rows[0]
    appointment = Appointment.objects.get(pk=outcome.appointment_id)
    audit.update(
        appointment,
        acting_user=acting_user,
        action="appointment.update",
        audited=["named_in_public"],
        named_in_public=named_in_public,
    )
    return appointment, outcome.differences


@transaction.atomic
def end_appointment(
    *, acting_user: Actor, appointment: Appointment, end: datetime.date
) -> Appointment:
    if end < appointment.start:
        raise InvalidInput("", [Problem("end", "end_before_start")])
    audit.update(
        appointment,
        acting_user=acting_user,
        action="appointment.end",
        audited=["end", "end_from_term"],
        end=end,
        end_from_term=False,
    )
    return appointment


@transaction.atomic
def replace_appointment(
    *,
    acting_user: Actor,
    appointment: Appointment,
    last_day: datetime.date,
    successor: MemberRow,
    base_url: str | None = None,
) -> tuple[Appointment, list[person_changes.Difference]]:
    """End an appointment and appoint the successor from the next day, in one step: when the
    successor cannot be appointed, the present holder is not ended either. With how the
    successor's record differs (appoint_reporting)."""
    end_appointment(acting_user=acting_user, appointment=appointment, end=last_day)
    return appoint_reporting(successor, acting_user=acting_user, base_url=base_url)


CORRECTABLE = ["organisation", "end", "end_from_term", "continuing", "appointed_by",
               "appointing_body", "substitute_for", "named_in_public"]  # fmt: skip


class AppointmentChanged(Exception):
    """Someone saved the appointment after this form was opened."""


def appointment_version(appointment: Appointment) -> str:
    import hashlib
    import json

    values = snapshot(appointment, APPOINTMENT_FIELDS)
    return hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()[:16]


@transaction.atomic
def correct_appointment(
    *,
    acting_user: Actor,
    appointment: Appointment,
    based_on: str,
    organisation: Organisation | None,
    end: datetime.date | None,
    continuing: bool,
    appointed_by: str,
    substitute_for: Person | None = None,
    named_in_public: bool | None = None,
) -> Appointment:
    """Correct an appointment as it was made: who it represents, its end, whether the member
    carries on, who appointed them, whom they substitute, whether they consented to be named on
    the public pages (None: as it was). An empty end takes the term the charter gives."""
    locked = Appointment.objects.select_for_update().select_related("body").get(pk=appointment.pk)
    if appointment_version(locked) != based_on:
        raise AppointmentChanged
    if end is not None and end < locked.start:
        raise InvalidInput("", [Problem("end", "end_before_start")])
    if substitute_for is not None and substitute_for.pk == locked.person_id:
        raise InvalidInput("", [Problem("substitute_for", "substitute_for_self")])
    term_end = end_by_term(locked.body, locked.start)
    new_end = end or term_end
    appointers = list(AppointingBody.objects.filter(cluster_id=locked.body.cluster_id))
    audit.update(
        locked,
        acting_user=acting_user,
        action="appointment.update",
        audited=CORRECTABLE,
        organisation=organisation,
        end=new_end,
        end_from_term=term_end is not None and new_end == term_end,
        continuing=continuing,
        appointed_by=appointed_by,
        appointing_body=(
            resolve_appointer(appointed_by, locked.body, appointers) if appointed_by else None
        ),
        substitute_for=substitute_for,
        named_in_public=locked.named_in_public if named_in_public is None else named_in_public,
    )
    return locked
