"""Who leads each meeting: alternating between the co-chairs where the charter says so (seed 000
§ 8), or whom the secretariat chose."""

import datetime

from klynge.core.cluster import OrganisationKind
from klynge.core.meetings import Leadership, alternate_leaders
from klynge.governance.models import Appointment, Body, Person, Role
from klynge.governance.reads import meeting_rules
from klynge.meetings.models import Meeting, MeetingKind, MeetingStatus


def co_chairs(body: Body) -> list[Appointment]:
    return list(
        Appointment.objects.filter(body=body, role=Role.CHAIR).select_related(
            "person", "organisation"
        )
    )


def chairs_on(chairs: list[Appointment], day: datetime.date) -> list[Appointment]:
    """The co-chairs on a day, the regional side first."""
    valid = [a for a in chairs if a.start <= day and (a.end is None or day <= a.end)]
    return sorted(
        valid,
        key=lambda a: (a.organisation is not None and a.organisation.kind == OrganisationKind.MUNICIPALITY,
                       a.person.email),
    )  # fmt: skip


def by_turn(
    meetings: list[tuple[int, datetime.date, str | None]], chairs: list[Appointment]
) -> list[Leadership]:
    """Who leads each meeting (id, day, chosen leader's e-mail or None): the one the secretariat
    chose, else the co-chair on the day whose turn it is (seed 000 § 8)."""
    return alternate_leaders(meetings, lambda day: [a.person.email for a in chairs_on(chairs, day)])


def leaders(body: Body, year: int) -> dict[int, tuple[Person | None, bool]]:
    """Each of the body's own meetings in `year` (and the one before it, to know whose turn it
    is): its leader and whether the secretariat chose them."""
    rules = meeting_rules(body, datetime.date(year, 12, 31), datetime.date(year, 1, 1))
    alternating = rules is not None and rules.leadership == "alternating-co-chairs"
    meetings = list(
        Meeting.objects.filter(body=body, date__year__in=[year - 1, year])
        .exclude(status=MeetingStatus.CANCELLED)
        .exclude(kind=MeetingKind.THEME_DAY)
        .select_related("led_by")
    )
    chairs = co_chairs(body)
    people = {a.person.email: a.person for a in chairs}
    people |= {m.led_by.email: m.led_by for m in meetings if m.led_by}
    if alternating:
        found = by_turn(
            [(m.pk, m.date, m.led_by.email if m.led_by else None) for m in meetings], chairs
        )
    else:
        found = [Leadership(m.pk, m.led_by.email if m.led_by else None, m.led_by is not None)
                 for m in meetings]  # fmt: skip
    return {
        lead.meeting: (people.get(lead.leader) if lead.leader else None, lead.chosen)
        for lead in found
    }
