"""Deadlines coming up, each reminded once, a few days before: agendas and minutes to the
secretariat, action items to whoever is responsible (`klynge remind`: "agenda deadlines, minutes,
actions"; never the same reminder twice)."""

import datetime
from dataclasses import dataclass

from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from klynge.core.compliance import minutes_deadline
from klynge.core.meetings import agenda_deadline
from klynge.governance.models import SentReminder
from klynge.governance.reads import agenda_lead_days, minutes_publish_days
from klynge.governance.reminders import secretariat_emails
from klynge.meetings.calendar import default_base_url
from klynge.meetings.models import (
    ActionItem,
    AgendaStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
    MinutesStatus,
)

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
        .exclude(status=MeetingStatus.CANCELLED)
        .exclude(kind=MeetingKind.THEME_DAY)
        .exclude(agenda_status=AgendaStatus.SENT)
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
    if not dry_run:
        for reminder in reminders:
            _send_once(reminder, "agenda", {})
    return reminders


def _send_once(
    reminder: "AgendaReminder | FollowUpReminder", kind: str, extra: dict[str, object]
) -> None:
    """E-mail a reminder (templates meetings/email/<kind>_due*.txt) and record it under its key
    in the same transaction, so that it is never sent twice."""
    if not reminder.recipients:
        return
    with transaction.atomic():
        SentReminder.objects.create(key=reminder.key, recipients=reminder.recipients)
        with translation.override("da"):
            context = {
                "meeting": reminder.meeting,
                "deadline": reminder.deadline,
                "base_url": default_base_url().rstrip("/"),
                **extra,
            }
            subject = render_to_string(f"meetings/email/{kind}_due_subject.txt", context).strip()
            text = render_to_string(f"meetings/email/{kind}_due.txt", context)
        EmailMessage(subject=subject, body=text, to=reminder.recipients).send()


@dataclass
class FollowUpReminder:
    """Minutes to publish (kind "minutes", to the secretariat) or an action item due (kind
    "action", to its responsible person)."""

    key: str
    kind: str
    meeting: Meeting
    deadline: datetime.date
    recipients: list[str]
    action: ActionItem | None = None


def due_follow_up_reminders(on: datetime.date) -> list[FollowUpReminder]:
    """Minutes not published whose limit is within the next few days, and open action items due
    within them. A changed due date is a new reminder."""
    soon = on + datetime.timedelta(days=AGENDA_REMINDER_DAYS)
    found = []
    held = (
        Meeting.objects.filter(date__lt=on, date__gte=on - datetime.timedelta(days=90))
        .exclude(status=MeetingStatus.CANCELLED)
        .exclude(kind=MeetingKind.THEME_DAY)
        .exclude(minutes_status=MinutesStatus.PUBLISHED)
        .select_related("body")
        .order_by("date")
    )
    for meeting in held:
        deadline = minutes_deadline(meeting.date, minutes_publish_days(meeting.body, meeting.date))
        if on <= deadline <= soon:
            key = f"minutes:{meeting.pk}:{deadline.isoformat()}"
            found.append(FollowUpReminder(key, "minutes", meeting, deadline,
                                          secretariat_emails(meeting.body, on)))  # fmt: skip
    actions = (
        ActionItem.objects.filter(
            done_on=None,
            due__gte=on,
            due__lte=soon,
            meeting__minutes_status=MinutesStatus.PUBLISHED,
        )
        .exclude(owner=None)
        .select_related("meeting__body", "owner")
    )
    for action in actions:
        assert action.due is not None and action.owner is not None
        key = f"action:{action.pk}:{action.due.isoformat()}"
        found.append(FollowUpReminder(key, "action", action.meeting, action.due,
                                      [action.owner.email], action))  # fmt: skip
    sent = set(
        SentReminder.objects.filter(key__in=[r.key for r in found]).values_list("key", flat=True)
    )
    return [r for r in found if r.key not in sent]


def send_follow_up_reminders(on: datetime.date, *, dry_run: bool = False) -> list[FollowUpReminder]:
    reminders = due_follow_up_reminders(on)
    if not dry_run:
        for reminder in reminders:
            _send_once(reminder, reminder.kind, {"action": reminder.action})
    return reminders
