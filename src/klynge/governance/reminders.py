"""Reminders that are due: today, terms that end within 60 days (agenda deadlines, minutes and
actions join them with the meetings issue). Each reminder is sent once: its key is recorded."""

import datetime
from dataclasses import dataclass, field

from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from klynge.governance.models import Appointment, Body, Role, SentReminder
from klynge.governance.reads import name_seats

TERM_REMINDER_DAYS = 60


@dataclass
class Reminder:
    key: str
    body: Body
    recipients: list[str]
    appointments: list[Appointment] = field(default_factory=list)


def secretariat_emails(body: Body, on: datetime.date) -> list[str]:
    """The e-mails of the body's own secretariat, else of the parent's that serves it."""
    bodies = [body.pk] + ([body.reports_to_id] if body.reports_to_id else [])
    staff = (
        Appointment.objects.filter(body_id__in=bodies, role=Role.SECRETARIAT)
        .valid_on(on)
        .select_related("person")
    )
    own = [a.person.email for a in staff if a.body_id == body.pk]
    return sorted(set(own or [a.person.email for a in staff]))


def due_reminders(on: datetime.date) -> list[Reminder]:
    """One reminder per body with terms ending in the next 60 days that were not reminded of yet."""
    ending = (
        Appointment.objects.filter(
            end__gte=on, end__lte=on + datetime.timedelta(days=TERM_REMINDER_DAYS)
        )
        .select_related("person", "body", "organisation")
        .order_by("body_id", "end", "person__name")
    )
    keys = {f"term-end:{a.pk}:{a.end.isoformat()}": a for a in name_seats(ending) if a.end}
    sent = set(SentReminder.objects.filter(key__in=keys).values_list("key", flat=True))
    by_body: dict[int, Reminder] = {}
    for key, appointment in keys.items():
        if key in sent:
            continue
        body = appointment.body
        reminder = by_body.setdefault(
            body.pk, Reminder(key="", body=body, recipients=secretariat_emails(body, on))
        )
        reminder.appointments.append(appointment)
        reminder.key += ("," if reminder.key else "") + key
    return list(by_body.values())


def send_reminders(on: datetime.date, *, dry_run: bool = False) -> list[Reminder]:
    reminders = due_reminders(on)
    if dry_run:
        return reminders
    for reminder in reminders:
        if not reminder.recipients:
            continue  # no secretariat to tell: shown by the command, sent when one is appointed
        with transaction.atomic():
            for key in reminder.key.split(","):
                SentReminder.objects.create(key=key, recipients=reminder.recipients)
            with translation.override("da"):
                context = {
                    "body": reminder.body,
                    "appointments": reminder.appointments,
                    "days": TERM_REMINDER_DAYS,
                }
                subject = render_to_string(
                    "governance/email/terms_ending_subject.txt", context
                ).strip()
                text = render_to_string("governance/email/terms_ending.txt", context)
            EmailMessage(subject=subject, body=text, to=reminder.recipients).send()
    return reminders
