"""Agenda deadlines coming up: the secretariat is reminded once, a few days before (issue: "klynge
remind e-mails the secretariat before the deadline, never the same reminder twice")."""

import datetime
from dataclasses import dataclass

from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from klynge.core.meetings import agenda_deadline
from klynge.governance.models import SentReminder
from klynge.governance.reads import agenda_lead_days
from klynge.governance.reminders import secretariat_emails
from klynge.meetings.calendar import default_base_url
from klynge.meetings.models import Meeting

AGENDA_REMINDER_DAYS = 3


@dataclass
class AgendaReminder:
    key: str
    meeting: Meeting
    deadline: datetime.date
    recipients: list[str]


def due_agenda_reminders(on: datetime.date) -> list[AgendaReminder]:
    """Meetings whose agenda is not sent and is due within the next few days. A moved meeting
    has a new deadline and so a new reminder."""
    coming = (
        Meeting.objects.filter(date__gte=on, date__lte=on + datetime.timedelta(days=60))
        .exclude(status="cancelled")
        .exclude(kind="theme-day")
        .exclude(agenda_status="sent")
        .select_related("body")
        .order_by("date")
    )
    found = []
    for meeting in coming:
        lead = agenda_lead_days(meeting.body, meeting.date)
        if not lead:
            continue
        deadline = agenda_deadline(meeting.date, lead)
        if not on <= deadline <= on + datetime.timedelta(days=AGENDA_REMINDER_DAYS):
            continue
        key = f"agenda:{meeting.pk}:{deadline.isoformat()}"
        found.append(AgendaReminder(key, meeting, deadline, secretariat_emails(meeting.body, on)))
    sent = set(
        SentReminder.objects.filter(key__in=[r.key for r in found]).values_list("key", flat=True)
    )
    return [r for r in found if r.key not in sent]


def send_agenda_reminders(on: datetime.date, *, dry_run: bool = False) -> list[AgendaReminder]:
    reminders = due_agenda_reminders(on)
    if dry_run:
        return reminders
    for reminder in reminders:
        if not reminder.recipients:
            continue
        with transaction.atomic():
            SentReminder.objects.create(key=reminder.key, recipients=reminder.recipients)
            with translation.override("da"):
                context = {
                    "meeting": reminder.meeting,
                    "deadline": reminder.deadline,
                    "base_url": default_base_url().rstrip("/"),
                }
                subject = render_to_string("meetings/email/agenda_due_subject.txt", context).strip()
                text = render_to_string("meetings/email/agenda_due.txt", context)
            EmailMessage(subject=subject, body=text, to=reminder.recipients).send()
    return reminders
