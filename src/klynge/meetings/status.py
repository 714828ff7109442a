"""What the pages say of a meeting's agenda, minutes, apologies and cancellation: who approved and
who sent or published, who may approve, who was invited in a member's place, and what a
cancellation does to the charter's yearly minimum."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from klynge.accounts.models import User
from klynge.core.charter import MeetingRules
from klynge.governance.models import Appointment, Person
from klynge.governance.reads import meeting_rules
from klynge.meetings.models import Meeting, MeetingKind, MeetingStatus


def _day(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment).date(), "DATE_FORMAT")


def _name(user: User | None) -> str:
    return (user.full_name or user.email) if user is not None else ""


def _sentence(parts: list[str]) -> str:
    line = "; ".join(parts)
    return f"{line[:1].upper()}{line[1:]}." if line else ""


def _approved(person: Person | None, at: datetime.datetime | None) -> list[str]:
    if person is None:
        return []
    if at is None:
        return [_("approved by %(name)s") % {"name": person.name}]
    return [_("approved by %(name)s on %(day)s") % {"name": person.name, "day": _day(at)}]


def agenda_status_line(meeting: Meeting) -> str:
    """How far the agenda has come: "Godkendt af X den …; sendt af Y den …"."""
    parts = _approved(meeting.agenda_approved_by, meeting.agenda_approved_at)
    if meeting.agenda_sent_at is not None:
        day = _day(meeting.agenda_sent_at)
        by = _name(meeting.agenda_sent_by)
        parts.append(
            _("sent by %(name)s on %(day)s") % {"name": by, "day": day}
            if by
            else _("sent on %(day)s") % {"day": day}
        )
    return _sentence(parts)


def minutes_status_line(meeting: Meeting) -> str:
    """How far the minutes have come: "Godkendt af X den …; offentliggjort af Y den …"."""
    parts = _approved(meeting.minutes_approved_by, meeting.minutes_approved_at)
    if meeting.minutes_published_at is not None:
        day = _day(meeting.minutes_published_at)
        by = _name(meeting.minutes_published_by)
        parts.append(
            _("published by %(name)s on %(day)s") % {"name": by, "day": day}
            if by
            else _("published on %(day)s") % {"day": day}
        )
    return _sentence(parts)


def asked_line(asked_at: datetime.datetime | None) -> str:
    if asked_at is None:
        return ""
    local = timezone.localtime(asked_at)
    return _("The co-chairs were asked on %(day)s at %(time)s.") % {
        "day": date_format(local.date(), "DATE_FORMAT"),
        "time": local.strftime("%H.%M"),
    }


def chair_names(chairs: list[Appointment], *, both: bool = False) -> str:
    """Whoever of them approves: "A (Region Midtjylland) or B (Herning Kommune)"; with `both`,
    who were asked: "A and B"."""
    names = [f"{a.person.name} ({a.organisation.name})" if a.organisation else a.person.name
             for a in chairs]  # fmt: skip
    if len(names) < 2:
        return "".join(names)
    values = {"first": ", ".join(names[:-1]), "last": names[-1]}
    return (_("%(first)s and %(last)s") if both else _("%(first)s or %(last)s")) % values


def apology_noted(substitutes: list[Person]) -> str:
    """The apology is noted, and who was invited in the member's place, or that no one was."""
    if not substitutes:
        return _(
            "Your apology is noted. You have no substitute registered, so no one has been "
            "invited in your place."
        )
    names = ", ".join(s.name for s in substitutes)
    return ngettext(
        "Your apology is noted. Your substitute, %(names)s, has been invited.",
        "Your apology is noted. Your substitutes, %(names)s, have been invited.",
        len(substitutes),
    ) % {"names": names}


# ---- cancelling and the charter's minimum ---------------------------------------------------


@dataclass(frozen=True)
class Minimum:
    """How many meetings of a kind are left in the year against the charter's minimum."""

    kind: str  # "ordinary" or "theme-day"
    left: int
    minimum: int
    year: int
    clause: str

    @property
    def short(self) -> bool:
        return self.left < self.minimum

    def text(self) -> str:
        """The count against the minimum: "3 af mindst 4 ordinære møder tilbage i 2026"."""
        values = {"left": self.left, "min": self.minimum, "year": self.year}
        if self.kind == MeetingKind.THEME_DAY:
            return (
                ngettext(
                    "%(left)s of at least %(min)s theme day left in %(year)s",
                    "%(left)s of at least %(min)s theme days left in %(year)s",
                    self.minimum,
                )
                % values
            )
        return (
            ngettext(
                "%(left)s of at least %(min)s ordinary meeting left in %(year)s",
                "%(left)s of at least %(min)s ordinary meetings left in %(year)s",
                self.minimum,
            )
            % values
        )


def minimum_left(
    year: int, kind: str, meetings: list[Meeting], rules: MeetingRules | None
) -> Minimum | None:
    """The meetings of `kind` not cancelled among `meetings` (the body's year), against the
    charter's yearly minimum for that kind; None where the charter sets none (extraordinary
    meetings never count)."""
    if rules is None:
        return None
    if kind == MeetingKind.ORDINARY:
        minimum, clause = rules.min_per_year, rules.clause
    elif kind == MeetingKind.THEME_DAY:
        minimum, clause = rules.theme_days_per_year, rules.theme_days_clause or rules.clause
    else:
        return None
    if not minimum:
        return None
    left = sum(m.kind == kind and m.status != MeetingStatus.CANCELLED for m in meetings)
    return Minimum(kind, left, minimum, year, clause)


def year_of(meeting: Meeting) -> tuple[list[Meeting], MeetingRules | None]:
    """The body's meetings in the meeting's year and the charter's rules for that year."""
    year = meeting.date.year
    meetings = list(Meeting.objects.of_body(meeting.body).filter(date__year=year))
    rules = meeting_rules(meeting.body, datetime.date(year, 12, 31), timezone.localdate())
    return meetings, rules


def after_cancelling(meeting: Meeting) -> Minimum | None:
    """What cancelling the meeting would leave of the charter's minimum for its year."""
    meetings, rules = year_of(meeting)
    others = [m for m in meetings if m.pk != meeting.pk]
    return minimum_left(meeting.date.year, meeting.kind, others, rules)
