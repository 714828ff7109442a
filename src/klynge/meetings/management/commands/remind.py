"""`klynge remind`: sends the reminders that are due, of appointments, agendas, minutes and actions."""

from typing import Any

from django.core.management.base import CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from klynge.command_line import KlyngeCommand, cli_actor
from klynge.governance.anonymisation import anonymise_due, due_for_anonymisation
from klynge.governance.reminders import send_reminders
from klynge.meetings.reminders import send_agenda_reminders, send_follow_up_reminders

FOLLOW_UP_ROWS = {
    "minutes": gettext_lazy(
        "%(body)s: the minutes of the meeting on %(day)s are due by %(deadline)s → %(to)s"
    ),
    "action": gettext_lazy(
        '%(body)s: the action "%(title)s" from the meeting on %(day)s is due by %(deadline)s → %(to)s'
    ),
}


class Command(KlyngeCommand):
    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help=_("show what would change, saving nothing")
        )

    def run(self, **options: Any) -> int:
        today = timezone.localdate()
        dry_run: bool = options["dry_run"]
        nobody = _("nobody in the secretariat")
        reminders = send_reminders(today, dry_run=dry_run)
        for r in reminders:
            self.out(
                _("%(body)s: %(count)s appointment(s) ending – to %(to)s")
                % {
                    "body": r.body.key,
                    "count": len(r.appointments),
                    "to": ", ".join(r.recipients) or nobody,
                }
            )
        agendas = send_agenda_reminders(today, dry_run=dry_run)
        for a in agendas:
            self.out(
                _("%(body)s: the agenda for the meeting on %(day)s is due by %(deadline)s → %(to)s")
                % {
                    "body": a.meeting.body.key,
                    "day": a.meeting.date.isoformat(),
                    "deadline": a.deadline.isoformat(),
                    "to": ", ".join(a.recipients) or nobody,
                }
            )
        follow_ups = send_follow_up_reminders(today, dry_run=dry_run)
        for f in follow_ups:
            self.out(
                str(FOLLOW_UP_ROWS[f.kind])
                % {
                    "body": f.meeting.body.key,
                    "day": f.meeting.date.isoformat(),
                    "deadline": f.deadline.isoformat(),
                    "title": f.action.title if f.action else "",
                    "to": ", ".join(f.recipients) or nobody,
                }
            )
        # The daily run is also when people who left long enough ago are anonymised.
        if dry_run:
            anonymised = due_for_anonymisation(today)
        else:
            anonymised = anonymise_due(acting_user=cli_actor(), today=today)
        shown = (
            _("To be anonymised: #%(id)s → %(label)s")
            if dry_run
            else _("Anonymised: #%(id)s → %(label)s")
        )
        for person in anonymised:
            self.out(shown % {"id": person.person.pk, "label": person.label})
        if dry_run:
            self.out(_("Dry run – nothing was saved."))
        else:
            told = sum(
                1 for group in (reminders, agendas, follow_ups) for r in group if r.recipients
            )
            self.out(_("Reminders sent: %(count)s.") % {"count": told})
        return 0
