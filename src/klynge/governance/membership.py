"""Every write to who sits where: people and their appointments, from forms and member files."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from klynge.accounts import audit
from klynge.accounts.audit import Actor, snapshot
from klynge.core.elections import council_period
from klynge.core.member_file import MemberRow
from klynge.core.problems import InvalidInput, Problem
from klynge.governance.models import AppointingBody, Appointment, Body, Organisation, Person
from klynge.governance.reads import charter_in_force, charter_of

PERSON_FIELDS = ["email", "name", "title", "organisation"]
APPOINTMENT_FIELDS = [
    "body", "seat", "role", "person", "organisation", "start", "end", "end_from_term",
    "continuing", "appointed_by", "appointing_body", "substitute_for",
]  # fmt: skip


@dataclass
class ImportReport:
    people_created: list[str] = field(default_factory=list)
    created: list[int] = field(default_factory=list)  # rows
    updated: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)


def _resolve_body(text: str, bodies: list[Body]) -> Body | str:
    cluster_key, _, key = text.rpartition("/")
    found = [
        b for b in bodies if b.key == key and (not cluster_key or b.cluster.key == cluster_key)
    ]
    if len(found) == 1:
        return found[0]
    return "ambiguous_body" if found else "unknown_body"


def _resolve_organisation(
    text: str, body: Body, organisations: list[Organisation]
) -> Organisation | None:
    wanted = text.strip().lower()
    for org in organisations:
        if org.cluster_id == body.cluster_id and wanted in {
            org.key,
            org.municipality_code,
            org.name.lower(),
        }:
            return org
    return None


def _resolve_appointer(
    text: str, body: Body, appointers: list[AppointingBody]
) -> AppointingBody | None:
    wanted = text.strip().casefold()
    for appointer in appointers:
        names = {appointer.key, appointer.name, *appointer.aliases}
        if appointer.cluster_id == body.cluster_id and wanted in {n.casefold() for n in names}:
            return appointer
    return None


def _term_end(body: Body, start: datetime.date) -> datetime.date | None:
    """The end the charter's term rule gives an appointment that starts on `start`."""
    # An appointment from before the first charter follows the first charter's rule.
    row = charter_in_force(body, start) or body.charter_versions.order_by("version").first()
    if row is None:
        return None
    term = charter_of(row).term
    if term.rule == "election-period":
        return council_period(start)[1]
    if term.rule == "fixed" and term.years:
        try:
            return start.replace(year=start.year + term.years) - datetime.timedelta(days=1)
        except ValueError:  # 29 February
            return start.replace(year=start.year + term.years, day=28)
    return None


def _seat_keys(
    body: Body, on: datetime.date, cache: dict[tuple[int, datetime.date], set[str] | None]
) -> set[str] | None:
    """The seats of the charter in force on `on`; None where the body has no charter then."""
    if (body.pk, on) not in cache:
        row = charter_in_force(body, on)
        cache[(body.pk, on)] = {s.key for s in charter_of(row).seats} if row else None
    return cache[(body.pk, on)]


@transaction.atomic
def import_members(
    rows: list[MemberRow], *, source: str, acting_user: Actor, dry_run: bool = False
) -> ImportReport:
    """Add and update appointments from a member file: all rows or none; it never deletes.

    A person is identified by e-mail, an appointment by body, seat, e-mail, start and role.
    With `dry_run` the report says what would change and nothing is saved.
    """
    bodies = list(Body.objects.select_related("cluster"))
    organisations = list(Organisation.objects.all())
    appointers = list(AppointingBody.objects.all())
    known_people = {p.email: p for p in Person.objects.all()}
    in_file = {row.email for row in rows}
    problems: list[Problem] = []
    seats_cache: dict[tuple[int, datetime.date], set[str] | None] = {}
    resolved: list[tuple[MemberRow, Body, Organisation | None, AppointingBody | None]] = []

    def problem(row: MemberRow, column: str, code: str, **params: Any) -> None:
        problems.append(Problem("", code, params, row=row.row, column=row.column(column)))

    for row in rows:
        body = _resolve_body(row.body, bodies)
        if isinstance(body, str):
            problem(
                row,
                "body",
                body if body == "ambiguous_body" else "unknown_body",
                value=row.body,
                key=row.body,
            )
            continue
        if body.closed_on is not None and row.start > body.closed_on:
            problem(row, "body", "body_closed", body=body.name, day=body.closed_on)
        organisation = None
        if row.organisation:
            organisation = _resolve_organisation(row.organisation, body, organisations)
            if organisation is None:
                problem(row, "organisation", "unknown_organisation_key", value=row.organisation)
        if row.seat:
            seats = _seat_keys(body, row.start, seats_cache)
            if seats is not None and row.seat not in seats:
                problem(
                    row,
                    "seat",
                    "unknown_seat_of_body",
                    body=body.key,
                    seat=row.seat,
                    on=row.start,
                )
        if (
            row.substitute_for
            and row.substitute_for not in in_file
            and row.substitute_for not in known_people
        ):
            problem(row, "substitute_for", "unknown_person", value=row.substitute_for)
        appointer = (
            _resolve_appointer(row.appointed_by, body, appointers) if row.appointed_by else None
        )
        resolved.append((row, body, organisation, appointer))
    if problems:
        raise InvalidInput(source, problems)

    report = ImportReport()
    people: dict[str, Person] = dict(known_people)
    for row, _body, organisation, _appointer in resolved:
        person = people.get(row.email)
        if person is None:
            person = Person.objects.create(
                email=row.email, name=row.name, organisation=organisation
            )
            audit.created(
                person, acting_user=acting_user, action="person.create", audited=PERSON_FIELDS
            )
            people[row.email] = person
            report.people_created.append(row.email)
        elif person.name != row.name or (
            organisation and person.organisation_id != organisation.pk
        ):
            audit.update(
                person,
                acting_user=acting_user,
                action="person.update",
                audited=PERSON_FIELDS,
                name=row.name,
                organisation=organisation or person.organisation,
            )
    for row, body, organisation, appointer in resolved:
        term_end = _term_end(body, row.start)
        end = row.end or term_end
        if body.closed_on is not None and (end is None or end > body.closed_on):
            end = term_end = body.closed_on  # nobody sits in a body after it closes
        from_term = term_end is not None and end == term_end
        values = {
            "organisation": organisation,
            "end": end,
            "end_from_term": from_term,
            "continuing": row.continuing,
            "appointed_by": row.appointed_by,
            "appointing_body": appointer,
            "substitute_for": people[row.substitute_for] if row.substitute_for else None,
        }
        person = people[row.email]
        existing = Appointment.objects.filter(
            body=body, seat=row.seat, person=person, start=row.start, role=row.role
        ).first()
        if existing is None:
            appointment = Appointment.objects.create(
                body=body, seat=row.seat, person=person, start=row.start, role=row.role, **values
            )
            audit.created(
                appointment,
                acting_user=acting_user,
                action="appointment.create",
                audited=APPOINTMENT_FIELDS,
            )
            report.created.append(row.row)
            continue
        changed = audit.update(
            existing,
            acting_user=acting_user,
            action="appointment.update",
            audited=list(values),
            **values,
        )
        (report.updated if changed else report.unchanged).append(row.row)
    if dry_run:
        transaction.set_rollback(True)
    return report


@transaction.atomic
def appoint(row: MemberRow, *, acting_user: Actor, base_url: str | None = None) -> Appointment:
    """One appointment from a form, through the same checks as a member file. A person new to
    Klynge gets an account and an invitation to choose a password."""
    from klynge.accounts.models import User
    from klynge.accounts.services import create_user, invite_user

    import_members([row], source="", acting_user=acting_user)
    person = Person.objects.get(email=row.email)
    if person.user_id is None:
        user = User.objects.filter(email=row.email).first()
        if user is None:
            user = create_user(acting_user=acting_user, email=row.email, full_name=row.name)
            invite_user(acting_user=acting_user, user=user, base_url=base_url)
        person.user = user
        person.save(update_fields=["user"])
    body = _resolve_body(row.body, list(Body.objects.select_related("cluster")))
    assert isinstance(body, Body)
    return Appointment.objects.get(
        body=body, seat=row.seat, person=person, start=row.start, role=row.role
    )


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
) -> Appointment:
    """End an appointment and appoint the successor from the next day, in one step: when the
    successor cannot be appointed, the present holder is not ended either."""
    end_appointment(acting_user=acting_user, appointment=appointment, end=last_day)
    return appoint(successor, acting_user=acting_user, base_url=base_url)


CORRECTABLE = ["organisation", "end", "end_from_term", "continuing", "appointed_by",
               "appointing_body"]  # fmt: skip


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
) -> Appointment:
    """Correct an appointment as it was made: who it represents, its end, whether the member
    carries on, who appointed them. An empty end takes the term the charter gives."""
    locked = Appointment.objects.select_for_update().select_related("body").get(pk=appointment.pk)
    if appointment_version(locked) != based_on:
        raise AppointmentChanged
    if end is not None and end < locked.start:
        raise InvalidInput("", [Problem("end", "end_before_start")])
    term_end = _term_end(locked.body, locked.start)
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
            _resolve_appointer(appointed_by, locked.body, appointers) if appointed_by else None
        ),
    )
    return locked
