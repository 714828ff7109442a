"""Member files: who sits where, many rows at once, all or nothing (appointing.py writes one
appointment from the forms through the same checks)."""

import datetime
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy

from klynge.accounts import audit
from klynge.accounts.audit import Actor
from klynge.core.elections import council_period
from klynge.core.member_file import MemberRow
from klynge.core.problems import InvalidInput, Problem
from klynge.governance import person_changes, person_history
from klynge.governance.access import people_changed_directly
from klynge.governance.member_names import ClusterNames, name_problem
from klynge.governance.models import (
    AppointingBody,
    Appointment,
    Body,
    Organisation,
    Person,
    Role,
)
from klynge.governance.reads import charter_in_force, charter_of

PERSON_FIELDS = person_changes.PERSON_FIELDS
# The audit rows of a member file imported name it by this type and the file's name.
MEMBER_IMPORT = "governance.memberimport"
APPOINTMENT_FIELDS = [
    "body", "seat", "role", "person", "organisation", "start", "end", "end_from_term",
    "continuing", "appointed_by", "appointing_body", "substitute_for", "named_in_public",
]  # fmt: skip


# The fields of an appointment a preview shows as changed, in this order, and their names.
SHOWN_FIELDS = ("organisation", "end", "continuing", "appointed_by", "substitute_for")
CHANGE_LABELS = {
    "name": gettext_lazy("Name"),
    "organisation": gettext_lazy("Organisation"),
    "end": gettext_lazy("Until"),
    "continuing": gettext_lazy("Continuing member"),
    "appointed_by": gettext_lazy("Appointed by"),
    "substitute_for": gettext_lazy("Substitute for"),
}


@dataclass(frozen=True)
class Change:
    """One field a row changes: values as people read them (names, dates, yes/no)."""

    field: str  # "name" (the person's) or one of SHOWN_FIELDS
    old: str | datetime.date | bool | None
    new: str | datetime.date | bool | None


@dataclass
class RowOutcome:
    """What one row of a member file does, named as people know things (not by keys)."""

    row: int
    name: str
    email: str
    body: str
    seat: str
    role: str
    organisation: str
    start: datetime.date
    end: datetime.date | None
    substitute_for: str = ""  # the name of the member stood in for
    outcome: str = "new"  # new, changed, ended, unchanged
    changes: list[Change] = field(default_factory=list)
    # How the file's name and organisation differ from a person's record left unchanged.
    differences: list[person_changes.Difference] = field(default_factory=list)
    new_person: bool = False
    invited: bool = False  # gets an account and an invitation e-mail
    appointment_id: int = 0


@dataclass
class ImportReport:
    people_created: list[str] = field(default_factory=list)
    created: list[int] = field(default_factory=list)  # rows
    updated: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    invited: list[str] = field(default_factory=list)  # e-mails
    rows: list[RowOutcome] = field(default_factory=list)
    # Existing people the file names otherwise, left as they are (the acting user may not
    # change them): by e-mail, the body of their last row and how they differ.
    differences: dict[str, tuple[Body, list[person_changes.Difference]]] = field(
        default_factory=dict
    )
    proposed: list[str] = field(default_factory=list)  # e-mails proposed to an administrator


@dataclass(frozen=True)
class _Resolved:
    row: MemberRow
    body: Body
    seat: str  # the seat's key
    organisation: Organisation | None
    appointer: AppointingBody | None


def _shown(value: object) -> str | datetime.date | bool | None:
    if isinstance(value, Organisation | Person):
        return value.name
    if value is None or isinstance(value, str | datetime.date | bool):
        return value
    return str(value)


def _changes(existing: Appointment, values: dict[str, Any]) -> list[Change]:
    return [
        Change(name, _shown(getattr(existing, name)), _shown(values[name]))
        for name in SHOWN_FIELDS
        if getattr(existing, name) != values[name]
    ]


def resolve_appointer(
    text: str, body: Body, appointers: list[AppointingBody]
) -> AppointingBody | None:
    wanted = text.strip().casefold()
    for appointer in appointers:
        names = {appointer.key, appointer.name, *appointer.aliases}
        if appointer.cluster_id == body.cluster_id and wanted in {n.casefold() for n in names}:
            return appointer
    return None


def end_by_term(body: Body, start: datetime.date) -> datetime.date | None:
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


def _resolve_rows(rows: list[MemberRow], source: str, names: ClusterNames) -> list[_Resolved]:
    """Every row's body, seat, organisation and appointing body, or every problem at once."""
    appointers = list(AppointingBody.objects.all())
    in_file = {row.email for row in rows}
    wanted = {row.substitute_for for row in rows if row.substitute_for} - in_file
    known = set(Person.objects.filter(email__in=wanted).values_list("email", flat=True))
    problems: list[Problem] = []
    resolved: list[_Resolved] = []
    seen: dict[tuple[int, str, str, datetime.date, str], int] = {}

    def problem(row: MemberRow, column: str, code: str, **params: Any) -> None:
        problems.append(Problem("", code, params, row=row.row, column=row.column(column)))

    def named(found: Problem | None) -> None:
        if found is not None:
            problems.append(found)

    for row in rows:
        found_body = names.body(row.body)
        named(name_problem(found_body, "body", row.body, **_at(row, "body")))
        body = found_body.found
        if body is None:
            continue
        if body.closed_on is not None and row.start > body.closed_on:
            problem(row, "body", "body_closed", body=body.name, day=body.closed_on)
        organisation = None
        if row.organisation:
            found_org = names.organisation(row.organisation, body)
            named(
                name_problem(
                    found_org, "organisation", row.organisation, **_at(row, "organisation")
                )
            )
            organisation = found_org.found
        seat = row.seat
        found_seat = names.seat(row.seat, body, row.start) if row.seat else None
        if found_seat is not None:  # else no seat, or no charter to check the key against
            named(name_problem(found_seat, "seat", row.seat, body=body.name, **_at(row, "seat")))
            seat = found_seat.found.key if found_seat.found else ""
        if row.role == Role.OBSERVER and row.seat:
            problem(row, "seat", "observer_in_seat")
        if row.substitute_for and row.substitute_for == row.email:
            problem(row, "substitute_for", "substitute_for_self")
        elif row.substitute_for and row.substitute_for not in in_file | known:
            problem(row, "substitute_for", "unknown_person", value=row.substitute_for)
        identity = (body.pk, seat, row.email, row.start, row.role)
        if identity in seen:  # the same appointment, named two ways ("FSG" and "fsg")
            problems.append(Problem("", "duplicate_row", {"other": seen[identity]}, row=row.row))
        seen.setdefault(identity, row.row)
        appointer = (
            resolve_appointer(row.appointed_by, body, appointers) if row.appointed_by else None
        )
        resolved.append(_Resolved(row, body, seat, organisation, appointer))
    if problems:
        raise InvalidInput(source, problems)
    return resolved


def _at(row: MemberRow, field_name: str) -> dict[str, Any]:
    return {"row": row.row, "column": row.column(field_name)}


def _people(
    resolved: list[_Resolved], *, acting_user: Actor, report: ImportReport
) -> tuple[dict[str, Person], dict[str, list[Change]]]:
    """Each person of the file, new ones made; the changes to existing people's names and
    organisations saved where the acting user may make them (people_changed_directly), and
    otherwise kept in the report as differences. The changes by e-mail."""
    emails = {r.row.email for r in resolved} | {
        r.row.substitute_for for r in resolved if r.row.substitute_for
    }
    people = {p.email: p for p in Person.objects.filter(email__in=emails)}
    direct = people_changed_directly(acting_user, list(people.values()))
    changes: dict[str, list[Change]] = {}
    for item in resolved:
        row, organisation = item.row, item.organisation
        person = people.get(row.email)
        if person is None:
            person = Person.objects.create(
                email=row.email, name=row.name, organisation=organisation
            )
            person_history.created(
                person, acting_user=acting_user, action="person.create", audited=PERSON_FIELDS
            )
            people[row.email] = person
            direct.add(person.pk)  # new in this file: its later rows may still correct it
            report.people_created.append(row.email)
            continue
        found = person_changes.differences(person, row.name, organisation)
        if not found:
            report.differences.pop(row.email, None)
        elif person.pk not in direct:
            report.differences[row.email] = (item.body, found)
        else:
            if person.name != row.name:
                changes.setdefault(row.email, []).append(Change("name", person.name, row.name))
            person_changes.change_person(
                person, acting_user=acting_user, name=row.name, organisation=organisation
            )
    return people, changes


def _invite(
    people: list[Person],
    *,
    acting_user: Actor,
    dry_run: bool,
    base_url: str | None,
    report: ImportReport,
) -> None:
    """Give each person without an account one, linking an account they already have; someone
    new to Klynge is invited to choose a password. A dry run only says who would be invited."""
    from klynge.accounts.models import User
    from klynge.accounts.services import create_user, invite_user

    without = [p for p in people if p.user_id is None]
    accounts = {u.email: u for u in User.objects.filter(email__in=[p.email for p in without])}
    for person in without:
        user = accounts.get(person.email)
        if user is None:
            report.invited.append(person.email)
            if dry_run:
                continue
            user = create_user(acting_user=acting_user, email=person.email, full_name=person.name)
            invite_user(acting_user=acting_user, user=user, base_url=base_url)
        if not dry_run:
            audit.update(person, acting_user=acting_user, action="person.account", user=user)


def _ended(existing: Appointment, row: MemberRow, changes: list[Change]) -> bool:
    """A row that brings an appointment's end forward ends it."""
    return (
        row.end is not None
        and any(c.field == "end" for c in changes)
        and (existing.end is None or row.end < existing.end)
    )


@transaction.atomic
def import_members(
    rows: list[MemberRow],
    *,
    source: str,
    acting_user: Actor,
    dry_run: bool = False,
    invite: bool = False,
    base_url: str | None = None,
    propose: Collection[str] = (),
) -> ImportReport:
    """Add and update appointments from a member file: all rows or none; it never deletes.

    A person is identified by e-mail, an appointment by body, seat, e-mail, start and role.
    Body, seat and organisation may be named by key, name or short name. With `invite`, each
    person without an account gets one and an invitation with a link to `base_url`. With
    `dry_run` the report says what would change, row by row, and nothing is saved or sent.
    An existing person's name and organisation change only where the acting user may change
    them (people_changed_directly); otherwise the report holds the differences, and those of
    the people whose e-mails are in `propose` are proposed to an administrator.
    """
    names = ClusterNames()
    resolved = _resolve_rows(rows, source, names)
    report = ImportReport()
    people, changed_people = _people(resolved, acting_user=acting_user, report=report)
    if invite:
        in_file = dict.fromkeys(r.row.email for r in resolved)
        _invite(
            [people[e] for e in in_file],
            acting_user=acting_user,
            dry_run=dry_run,
            base_url=base_url,
            report=report,
        )
    for item in resolved:
        row, body = item.row, item.body
        term_end = end_by_term(body, row.start)
        end = row.end or term_end
        if body.closed_on is not None and (end is None or end > body.closed_on):
            end = term_end = body.closed_on  # nobody sits in a body after it closes
        substitute_for = people[row.substitute_for] if row.substitute_for else None
        values = {
            "organisation": item.organisation,
            "end": end,
            "end_from_term": term_end is not None and end == term_end,
            "continuing": row.continuing,
            "appointed_by": row.appointed_by,
            "appointing_body": item.appointer,
            "substitute_for": substitute_for,
        }
        outcome = RowOutcome(
            row=row.row,
            name=row.name,
            email=row.email,
            body=body.name,
            seat=names.seat_name(item.seat, body, row.start) if item.seat else "",
            role=row.role,
            organisation=item.organisation.name if item.organisation else "",
            start=row.start,
            end=end,
            substitute_for=substitute_for.name if substitute_for else "",
            changes=changed_people.pop(row.email, []),
            differences=list(report.differences.get(row.email, (body, []))[1]),
            new_person=row.email in report.people_created,
            invited=row.email in report.invited,
        )
        report.rows.append(outcome)
        person = people[row.email]
        existing = Appointment.objects.filter(
            body=body, seat=item.seat, person=person, start=row.start, role=row.role
        ).first()
        if existing is None:
            appointment = Appointment.objects.create(
                body=body, seat=item.seat, person=person, start=row.start, role=row.role, **values
            )
            audit.created(
                appointment,
                acting_user=acting_user,
                action="appointment.create",
                audited=APPOINTMENT_FIELDS,
            )
            outcome.appointment_id = appointment.pk
            report.created.append(row.row)
            continue
        outcome.appointment_id = existing.pk
        changes = _changes(existing, values)
        ended = _ended(existing, row, changes)
        outcome.changes += changes
        changed = audit.update(
            existing,
            acting_user=acting_user,
            action="appointment.update",
            audited=list(values),
            **values,
        )
        (report.updated if changed else report.unchanged).append(row.row)
        outcome.outcome = "ended" if ended else "changed" if changed else "unchanged"
    for email in propose:
        if email in report.differences and not dry_run:
            body, found = report.differences[email]
            person_changes.propose_person_change(
                acting_user=acting_user, person=people[email], body=body, found=found
            )
            report.proposed.append(email)
    # Like audit.update, an import that changes nothing leaves no row: importing the same file
    # again is a no-op, and the data version the caches are keyed on stays.
    if source and (report.created or report.updated or report.people_created):
        audit.noted(
            acting_user=acting_user,
            action="members.import",
            object_type=MEMBER_IMPORT,
            object_id=PurePath(source).name,
            after={
                "file": PurePath(source).name,
                "rows": len(report.rows),
                "created": len(report.created),
                "updated": len(report.updated),
                "unchanged": len(report.unchanged),
                "people_created": len(report.people_created),
                "invited": len(report.invited),
                "bodies": sorted({item.body.pk for item in resolved}),
            },
        )
    if dry_run:
        transaction.set_rollback(True)
    return report
