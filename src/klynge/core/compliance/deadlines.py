"""Deadlines of this year's meetings: the agenda sent in time (FSG § 7: 10 days before; seed 004:
14), the minutes published in time (the charter's limit, or DEFAULT_MINUTES_DAYS)."""

import datetime

from klynge.core.compliance.facts import MeetingFact
from klynge.core.compliance.findings import Finding, message
from klynge.core.i18n import gettext_noop
from klynge.core.meetings import MeetingKind, agenda_deadline

# The seeds set no limit for publishing minutes; this is the default a body's charter can change
# (MeetingRules.minutes_publish_days).
DEFAULT_MINUTES_DAYS = 14


def minutes_deadline(day: datetime.date, days: int = DEFAULT_MINUTES_DAYS) -> datetime.date:
    """The last day to publish a meeting's minutes: `days` calendar days after the meeting."""
    return day + datetime.timedelta(days=days)


def late_minutes(
    body: str, clause: str, days: int, meetings: list[MeetingFact], on: datetime.date
) -> list[Finding]:
    """This year's held meetings whose minutes were published after the limit, or not yet when it
    has passed (error); minutes not yet published for a meeting that has been held (warning)."""
    findings = []
    for m in sorted(meetings, key=lambda m: m.day):
        if m.kind == MeetingKind.THEME_DAY or m.day.year != on.year or m.day >= on:
            continue
        deadline = minutes_deadline(m.day, days)
        subject = (("meeting", m.day.isoformat()),)
        day, due = m.day, deadline
        published = m.minutes_published
        if published is not None and published > deadline:
            findings.append(Finding(body, "minutes.late", clause, "error",
                message(gettext_noop("The minutes of the meeting on {day} were published on {published}; the deadline was {deadline}."),
                        day=day, published=published, deadline=due),
                subject))  # fmt: skip
        elif published is None and deadline < on:
            findings.append(Finding(body, "minutes.late", clause, "error",
                message(gettext_noop("The minutes of the meeting on {day} were due by {deadline}."), day=day, deadline=due),
                subject))  # fmt: skip
        elif published is None:
            findings.append(Finding(body, "minutes.due", clause, "warning",
                message(gettext_noop("The minutes of the meeting on {day} are due by {deadline}."), day=day, deadline=due),
                subject))  # fmt: skip
    return findings


def late_agendas(
    body: str, clause: str, lead_days: int, meetings: list[MeetingFact], on: datetime.date
) -> list[Finding]:
    """This year's agendas sent after their deadline, or not sent when it has passed. A deadline
    within the coming week is a warning."""

    findings = []
    for m in sorted(meetings, key=lambda m: m.day):
        if m.kind == MeetingKind.THEME_DAY or m.day.year != on.year:
            continue
        deadline = agenda_deadline(m.day, lead_days)
        subject = (("meeting", m.day.isoformat()),)
        day, due = m.day, deadline
        if m.agenda_sent is not None and m.agenda_sent > deadline:
            findings.append(Finding(body, "agenda.late", clause, "error",
                message(gettext_noop("The agenda for the meeting on {day} was sent on {sent}; the deadline was {deadline}."),
                        day=day, sent=m.agenda_sent, deadline=due),
                subject))  # fmt: skip
        elif m.agenda_sent is None and deadline < on:
            findings.append(Finding(body, "agenda.late", clause, "error",
                message(gettext_noop("The agenda for the meeting on {day} was due by {deadline}."), day=day, deadline=due),
                subject))  # fmt: skip
        elif m.agenda_sent is None and deadline <= on + datetime.timedelta(days=7):
            findings.append(Finding(body, "agenda.due", clause, "warning",
                message(gettext_noop("The agenda for the meeting on {day} is due by {deadline}."), day=day, deadline=due),
                subject))  # fmt: skip
    return findings
