"""What the meeting pages show: each page's context, built from the models in a fixed number of
queries, for the page's GET view and for the write views that show it again with a refused form."""

import datetime

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from klynge.core.compliance import minutes_deadline
from klynge.core.meetings import agenda_deadline, wheel_position
from klynge.governance.access import is_co_chair_on, may_apologise, may_read_draft_minutes
from klynge.governance.models import Appointment, Body, Organisation, Person
from klynge.governance.reads import agenda_lead_days, meeting_rules, minutes_publish_days
from klynge.meetings import minutes as minutes_service
from klynge.meetings import services
from klynge.meetings.leadership import chairs_on, co_chairs, leaders
from klynge.meetings.models import (
    AgendaItem,
    Disqualification,
    Meeting,
    MeetingKind,
    MeetingStatus,
    MinutesStatus,
)

WHEEL = {"size": 320, "centre": 160, "ring": 120, "labels": 143}
MONTHS = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


def partner_choices(body: Body) -> list[tuple[str, str]]:
    """The open bodies of the cluster a meeting may be shared with."""
    return [
        (str(b.pk), b.name)
        for b in Body.objects.filter(cluster=body.cluster, closed_on__isnull=True).exclude(
            pk=body.pk
        )
    ]


def theme_day_partners(body: Body, keys: tuple[str, ...]) -> list[Body]:
    """The bodies a theme day is shared with (seed 004: the steering group and the other focus
    groups), by the keys the charter names."""
    return list(Body.objects.filter(cluster=body.cluster, key__in=keys).exclude(pk=body.pk))


def year_page(body: Body, year: int, today: datetime.date) -> dict[str, object]:
    """A body's meetings for a year: a list with week numbers, and the annual wheel."""
    rows = list(
        Meeting.objects.of_body(body)
        .filter(date__year=year)
        .select_related("body")
        .order_by("date", "starts")
    )
    rules = meeting_rules(body, datetime.date(year, 12, 31), today)
    lead = rules.agenda_lead_days if rules else None
    led = leaders(body, year)
    planned = [
        {
            "meeting": m,
            "leader": led.get(m.pk, (None, False))[0],
            "week": m.date.isocalendar().week,
            "deadline": agenda_deadline(m.date, lead) if lead else None,
            "point": wheel_position(m.date, WHEEL["ring"], WHEEL["centre"]),
        }
        for m in rows
    ]
    months = [
        (name, *wheel_position(datetime.date(year, i + 1, 15), WHEEL["labels"], WHEEL["centre"]))
        for i, name in enumerate(MONTHS)
    ]
    ticks = [
        wheel_position(datetime.date(year, i + 1, 1), WHEEL["ring"], WHEEL["centre"])
        for i in range(12)
    ]
    return {
        "body": body,
        "year": year,
        "planned": planned,
        "rules": rules,
        "ordinary": sum(
            m.kind == MeetingKind.ORDINARY and m.status != MeetingStatus.CANCELLED for m in rows
        ),
        "theme_days": sum(
            m.kind == MeetingKind.THEME_DAY and m.status != MeetingStatus.CANCELLED for m in rows
        ),
        "wheel": WHEEL,
        "months": months,
        "ticks": ticks,
        "today": today,
    }


def meeting_values(meeting: Meeting, shared: list[Body]) -> dict[str, object]:
    """The meeting as its form starts out."""
    return {
        "sequence": meeting.sequence, "kind": meeting.kind, "title": meeting.title,
        "date": meeting.date, "starts": meeting.starts, "ends": meeting.ends,
        "place": meeting.place, "video_link": meeting.video_link,
        "shared_with": [str(b.pk) for b in shared],
    }  # fmt: skip


def meeting_page(
    meeting: Meeting, shared: list[Body], person: Person | None, may_change: bool
) -> dict[str, object]:
    """One meeting: when and where, the agenda deadline, the apologies and who leads it."""
    today = timezone.localdate()
    lead = agenda_lead_days(meeting.body, meeting.date)
    deadline = agenda_deadline(meeting.date, lead) if lead else None
    return {
        "meeting": meeting,
        "body": meeting.body,
        "page_url": reverse("meeting_detail", args=[meeting.pk]),
        "shared": shared,
        "deadline": deadline,
        "days_left": (deadline - today).days if deadline else None,
        "lead": lead,
        "may_change": may_change and meeting.status != MeetingStatus.CANCELLED,
        "week": meeting.date.isocalendar().week,
        "items": services.time_slots(meeting, list(meeting.items.order_by("position"))),
        "leader": leaders(meeting.body, meeting.date.year).get(meeting.pk, (None, False)),
        "apologies": list(meeting.apologies.select_related("person").order_by("given_at")),
        "my_apology": person is not None and meeting.apologies.filter(person=person).exists(),
        "may_apologise": may_apologise(person, meeting, today),
        "may_read_minutes": may_read_draft_minutes(person, meeting, may_change),
        "co_chairs": chairs_on(co_chairs(meeting.body), meeting.date),
    }


def agenda_page(meeting: Meeting, person: Person | None, may_change: bool) -> dict[str, object]:
    """The meeting's agenda: items with number, time slot, kind and presenter."""
    items = list(meeting.items.order_by("position"))
    lead = agenda_lead_days(meeting.body, meeting.date)
    return {
        "meeting": meeting,
        "body": meeting.body,
        "page_url": reverse("agenda", args=[meeting.pk]),
        "slots": services.time_slots(meeting, items),
        "changed_after_sending": any(i.changed_after_sending for i in items),
        "follow_up": minutes_service.open_actions_before(meeting),
        "today": timezone.localdate(),
        "may_change": may_change and meeting.status != MeetingStatus.CANCELLED,
        "may_approve": person is not None and is_co_chair_on(person, meeting),
        "deadline": agenda_deadline(meeting.date, lead) if lead else None,
    }


def minutes_items(meeting: Meeting) -> list[AgendaItem]:
    return list(
        meeting.items.order_by("position").prefetch_related(
            Prefetch("disqualified", queryset=Disqualification.objects.select_related("person"))
        )
    )


def minutes_page(
    meeting: Meeting,
    items: list[AgendaItem],
    typed: minutes_service.MinutesInput | None,
    may_change: bool,
    person: Person | None,
) -> dict[str, object]:
    """The decision minutes: attendance, the decision under each item, disqualifications and
    action items, as saved or, after a refused save, as typed (`typed`)."""
    attendance = minutes_service.attendance_of(meeting)
    present = [line for line in attendance if line.status in {"present", "substitute"}]
    rows = []
    for item in items:
        saved = {d.person_id for d in item.disqualified.all()}
        rows.append(
            {
                "item": item,
                "decision": typed.decisions.get(item.pk, "") if typed else item.decision,
                "saved_decision": item.decision,
                "disqualified": typed.disqualified.get(item.pk, set()) if typed else saved,
            }
        )
    lines = [
        {"line": line, "saved": line.status,
         "value": typed.attendance.get(line.person.pk, line.status) if typed else line.status}
        for line in attendance
    ]  # fmt: skip
    days = minutes_publish_days(meeting.body, meeting.date)
    editable = (
        may_change
        and meeting.minutes_status != MinutesStatus.PUBLISHED
        and meeting.status != MeetingStatus.CANCELLED
    )
    return {
        "meeting": meeting,
        "body": meeting.body,
        "page_url": reverse("minutes", args=[meeting.pk]),
        "rows": rows,
        "attendance": lines,
        "present": present,
        "actions": list(
            meeting.actions.select_related("owner", "organisation", "item").order_by("due", "pk")
        ),
        "follow_up": minutes_service.open_actions_before(meeting),
        "may_change": may_change,
        "editable": editable,
        "may_approve": person is not None
        and meeting.minutes_status == MinutesStatus.DRAFT
        and meeting.date <= timezone.localdate()
        and is_co_chair_on(person, meeting),
        "deadline": minutes_deadline(meeting.date, days),
        "limit_days": days,
        "today": timezone.localdate(),
    }


def action_choices(
    meeting: Meeting,
) -> tuple[list[tuple[int, str]], list[tuple[int, str]], list[tuple[int, str]]]:
    """What an action may be under: the meeting's items, its people, the cluster's
    organisations."""
    members, substitutes = minutes_service.people_of(meeting)
    people = sorted({a.person for a in [*members, *substitutes]}, key=lambda p: p.name)
    return (
        [(i.pk, f"{i.position}. {i.title}") for i in meeting.items.order_by("position")],
        [(p.pk, p.name) for p in people],
        [
            (o.pk, o.name)
            for o in Organisation.objects.filter(cluster_id=meeting.body.cluster_id).order_by(
                "position"
            )
        ],
    )


def organisations_of(meeting: Meeting) -> list[Organisation]:
    """The organisations with members in the body on the day, in the cluster's order."""
    keys = set(
        Appointment.objects.filter(body_id=meeting.body_id)
        .valid_on(meeting.date)
        .exclude(organisation=None)
        .values_list("organisation_id", flat=True)
    )
    return list(Organisation.objects.filter(pk__in=keys).order_by("position"))


def chosen_organisation(
    meeting: Meeting, organisations: list[Organisation], wanted: str | None, email: str
) -> Organisation | None:
    """The organisation asked for (`wanted`, a key), else the reader's own in the body on the
    day."""
    by_key = {o.key: o for o in organisations}
    if wanted in by_key:
        return by_key[wanted]
    mine = (
        Appointment.objects.filter(body_id=meeting.body_id, person__email=email)
        .valid_on(meeting.date)
        .values_list("organisation_id", flat=True)
        .first()
    )
    return next((o for o in organisations if o.pk == mine), None)


def summary_page(
    meeting: Meeting, organisations: list[Organisation], chosen: Organisation | None
) -> dict[str, object]:
    """One page for a member to carry the decisions back to their organisation (seed 004)."""
    items = [i for i in meeting.items.order_by("position") if i.decision.strip()]
    actions = list(meeting.actions.select_related("owner", "organisation", "item"))
    theirs = [a for a in actions if chosen is not None and a.organisation_id == chosen.pk]
    falls_to = {a.item_id for a in theirs}
    return {
        "meeting": meeting,
        "body": meeting.body,
        "organisations": organisations,
        "chosen": chosen,
        "items": [(i, i.pk in falls_to) for i in items],
        "their_actions": theirs,
    }
