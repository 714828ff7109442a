"""People who left every body are anonymised once the retention period the administrator set has
passed (none until it is set). Their name becomes their role and organisation, which every page,
e-mail, minutes, meeting pack, ZIP and the search index then show; the person history is rewritten
and the audit trail, which refers to people by id only, stays as it is."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from klynge.accounts import audit
from klynge.accounts.audit import Actor
from klynge.accounts.models import User
from klynge.governance import person_history
from klynge.governance.models import (
    Appointment,
    Person,
    PersonChangeProposal,
    PersonHistory,
    PrivacySettings,
    Role,
)
from klynge.governance.personal_data import account_of

ANONYMOUS_DOMAIN = "anonymiseret.invalid"


# ---- the retention period --------------------------------------------------------------------


def privacy_settings() -> PrivacySettings:
    """The one row of settings (not saved until the administrator sets something)."""
    return PrivacySettings.objects.order_by("pk").first() or PrivacySettings()


def retention_months() -> int | None:
    return privacy_settings().retention_months


@transaction.atomic
def set_retention(*, acting_user: Actor, months: int | None) -> PrivacySettings:
    """How many months after a person left every body they are anonymised; None: never."""
    row = PrivacySettings.objects.select_for_update().order_by("pk").first()
    if row is None:
        row = PrivacySettings.objects.create(retention_months=months)
        audit.created(
            row, acting_user=acting_user, action="privacy.retention", audited=["retention_months"]
        )
        return row
    audit.update(row, acting_user=acting_user, action="privacy.retention", retention_months=months)
    return row


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` months earlier (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


# ---- who is due --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    person: Person
    left_on: datetime.date  # the last day of their last appointment
    label: str  # what they will be called


def due_for_anonymisation(today: datetime.date) -> list[Due]:
    """People whose every appointment ended more than the retention period ago, not yet
    anonymised; nobody while no period is set. Administrators' accounts are kept: they work in
    Klynge whether or not they sit in a body."""
    months = retention_months()
    if not months:
        return []
    cutoff = months_before(today, months)
    found = (
        Person.objects.filter(anonymised_at__isnull=True)
        .exclude(user__is_staff=True)
        .annotate(
            seats=Count("appointments"),
            open=Count("appointments", filter=Q(appointments__end__isnull=True)),
            left_on=Max("appointments__end"),
        )
        .filter(seats__gt=0, open=0, left_on__lt=cutoff)
        .select_related("organisation")
        .order_by("pk")
    )
    return [Due(p, p.left_on, anonymous_label(p)) for p in found]


def anonymous_label(person: Person) -> str:
    """What an anonymised person is called, in Danish as the documents are: the role and
    organisation of their last appointment, e.g. "Repræsentant for Herning Kommune"."""
    last = (
        Appointment.objects.filter(person=person)
        .select_related("organisation")
        .order_by("-end", "-start", "-pk")
        .first()
    )
    organisation = (last.organisation if last else None) or person.organisation
    role = last.role if last else ""
    with translation.override("da"):
        if organisation is None:
            return _("Anonymised person")
        texts: dict[str, str] = {
            Role.CHAIR: _("Co-chair, %(organisation)s"),
            Role.SECRETARIAT: _("Secretariat, %(organisation)s"),
            Role.OBSERVER: _("Observer, %(organisation)s"),
            Role.CONTACT: _("Contact person, %(organisation)s"),
        }
        text = texts.get(role, _("Representative of %(organisation)s"))
        return text % {"organisation": organisation.name}


# ---- anonymising ------------------------------------------------------------------------------


def _placeholder(kind: str, pk: int) -> str:
    return f"anonymiseret-{kind}-{pk}@{ANONYMOUS_DOMAIN}"


def _meetings_of(person: Person, label: str, old_name: str) -> set[int]:
    """The meetings whose pages and documents name the person: those of the bodies they sat
    in while they did, and every meeting that names them in its minutes or approvals."""
    from klynge.meetings.models import (
        ActionItem,
        Apology,
        Attendance,
        Disqualification,
        Meeting,
    )

    ids: set[int] = set()
    for a in Appointment.objects.filter(person=person):
        sat = Meeting.objects.filter(
            Q(body_id=a.body_id) | Q(also_for=a.body_id), date__gte=a.start
        )
        if a.end is not None:
            sat = sat.filter(date__lte=a.end)
        ids.update(sat.values_list("pk", flat=True))
    ids.update(Attendance.objects.filter(person=person).values_list("meeting_id", flat=True))
    ids.update(Attendance.objects.filter(in_place_of=person).values_list("meeting_id", flat=True))
    ids.update(Apology.objects.filter(person=person).values_list("meeting_id", flat=True))
    ids.update(ActionItem.objects.filter(owner=person).values_list("meeting_id", flat=True))
    ids.update(
        Disqualification.objects.filter(person=person).values_list("item__meeting_id", flat=True)
    )
    ids.update(
        Meeting.objects.filter(
            Q(led_by=person)
            | Q(agenda_approved_by=person)
            | Q(minutes_approved_by=person)
            | Q(minutes_taker=old_name)
        ).values_list("pk", flat=True)
    )
    return ids


def _clear_free_text(person: Person, label: str, old_name: str) -> None:
    from klynge.meetings.models import Apology, Disqualification, Meeting

    Apology.objects.filter(person=person).update(reason="")
    PersonChangeProposal.objects.filter(person=person).update(name="", title="")
    Disqualification.objects.filter(person=person).update(reason="")
    if old_name:
        Meeting.objects.filter(minutes_taker=old_name).update(minutes_taker=label)


@transaction.atomic
def anonymise(*, acting_user: Actor, person: Person) -> set[int]:
    """Anonymise one person: name → role and organisation, e-mail → a placeholder at an
    invalid domain, title cleared; their account deactivated with name and e-mail cleared; every
    history row of theirs rewritten the same way; apologies' and disqualifications' reasons
    cleared. Returns the meetings whose documents and search rows must be made again."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    label, old_name = anonymous_label(person), person.name
    meetings = _meetings_of(person, label, old_name)
    user = account_of(person)
    person_history.update(
        person,
        acting_user=acting_user,
        action="person.anonymise",
        audited=["anonymised_at"],
        name=label,
        email=_placeholder("person", person.pk),
        title="",
        anonymised_at=timezone.now(),
    )
    PersonHistory.objects.filter(person=person).update(name=label, email=person.email, title="")
    if user is not None:
        user = User.objects.select_for_update().get(pk=user.pk)
        user.set_unusable_password()
        user.save(update_fields=["password"])
        person_history.update(
            user,
            acting_user=acting_user,
            action="user.anonymise",
            full_name="",
            email=_placeholder("user", user.pk),
            is_active=False,
        )
        PersonHistory.objects.filter(user=user).update(name="", email=user.email, title="")
    _clear_free_text(person, label, old_name)
    # Reasons and the minutes taker's typed name are cleared without audit rows of their own:
    # such a row would hold the very text removed. The person.anonymise row accounts for them.
    transaction.on_commit(lambda: remake_documents(meetings, acting_user=acting_user))
    return meetings


def remake_documents(meeting_ids: set[int], *, acting_user: Actor) -> None:
    """The built documents of these meetings made again in the background, and their search
    rows written anew: both were made with the names they held then."""
    from klynge.meetings.documents.lifecycle import build_meeting_document
    from klynge.meetings.models import DocumentStatus, MeetingDocument
    from klynge.meetings.search.index import reindex_meetings

    reindex_meetings(meeting_ids)
    for document in MeetingDocument.objects.filter(meeting_id__in=meeting_ids).exclude(
        status=DocumentStatus.QUEUED
    ):
        with transaction.atomic():
            if document.file.name:
                document.file.storage.delete(document.file.name)
            MeetingDocument.objects.filter(pk=document.pk).update(
                status=DocumentStatus.QUEUED, progress=0, step="", error="", pages=0, file=""
            )
            audit.record(
                acting_user=acting_user,
                action="meetingdocument.remake",
                instance=document,
                before={"status": document.status},
                after={"status": DocumentStatus.QUEUED, "why": "anonymised"},
            )
            build_meeting_document.enqueue(document.pk)


def anonymise_due(*, acting_user: Actor, today: datetime.date) -> list[Due]:
    """Anonymise everyone due (the daily run, and `klynge people anonymise --apply`)."""
    due = due_for_anonymisation(today)
    for item in due:
        anonymise(acting_user=acting_user, person=item.person)
    return due
