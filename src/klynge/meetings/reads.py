"""What the meeting pages show: each page's context, built from the models in a fixed number of
queries, for the page's GET view and for the write views that show it again with a refused form."""

import datetime
from collections.abc import Mapping

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.core.compliance import minutes_deadline
from klynge.core.meetings import agenda_deadline, wheel_position
from klynge.governance.access import may_apologise, may_read_draft_minutes
from klynge.governance.models import Appointment, Body, Organisation, Person, Role
from klynge.governance.reads import agenda_lead_days, meeting_rules, minutes_publish_days
from klynge.meetings import minutes as minutes_service
from klynge.meetings import services
from klynge.meetings.closed import shown_actions, shown_items
from klynge.meetings.leadership import chairs_on, co_chairs, leaders
from klynge.meetings.models import (
    THERE,
    AgendaItem,
    AttendanceStatus,
    Disqualification,
    Meeting,
    MeetingKind,
    MeetingStatus,
    MinutesStatus,
)
from klynge.meetings.services.approval import Document
from klynge.meetings.status import (
    Minimum,
    after_cancelling,
    agenda_status_line,
    apology_noted,
    asked_line,
    chair_names,
    minimum_left,
    minutes_status_line,
)

WHEEL = {"size": 320, "centre": 160, "ring": 120, "labels": 143}
MONTHS = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


def partner_choices(
    body: Body, on: datetime.date | None = None, runs: set[int] | None = None
) -> list[tuple[str, str]]:
    """The open bodies of the cluster a theme day may be shared with. With a day, those that
    would be asked first are marked: neither named for theme days by the charters then nor among
    the bodies the user `runs` (None: the user runs every body), see services.share_meeting."""
    direct = services.charter_partners(body, on) if on is not None and runs is not None else None
    return [
        (
            str(b.pk),
            b.name
            if direct is None or runs is None or b.pk in direct | runs
            else _("%(name)s (asked first)") % {"name": b.name},
        )
        for b in Body.objects.filter(cluster=body.cluster, closed_on__isnull=True).exclude(
            pk=body.pk
        )
    ]


def theme_day_partners(body: Body, on: datetime.date) -> list[Body]:
    """The bodies a theme day is shared with as the charters say (seed 004: the steering group
    and the other focus groups)."""
    return list(Body.objects.filter(pk__in=services.charter_partners(body, on)))


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
    # What the cancelled meetings leave of the charter's minimum, per kind, for the year.
    left: dict[str, Minimum | None] = {
        kind: minimum_left(year, kind, rows, rules)
        for kind in (MeetingKind.ORDINARY, MeetingKind.THEME_DAY)
    }
    planned = [
        {
            "meeting": m,
            "left": left.get(m.kind) if m.status == MeetingStatus.CANCELLED else None,
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
    meeting: Meeting,
    shared: list[Body],
    person: Person | None,
    may_change: bool,
    *,
    readable_closed: bool,
) -> dict[str, object]:
    """One meeting: when and where, the agenda deadline and how far the agenda has come, the
    apologies, who leads it, and for a cancelled meeting what is left of the charter's
    minimum; closed items as the reader may see them (`readable_closed`, closed.py)."""
    today = timezone.localdate()
    lead = agenda_lead_days(meeting.body, meeting.date)
    deadline = agenda_deadline(meeting.date, lead) if lead else None
    chairs = chairs_on(co_chairs(meeting.body), meeting.date)
    cancelled = meeting.status == MeetingStatus.CANCELLED
    mine = person is not None and meeting.apologies.filter(person=person).exists()
    return approval_facts(meeting, "agenda", chairs) | {
        "meeting": meeting,
        "body": meeting.body,
        "page_url": reverse("meeting_detail", args=[meeting.pk]),
        "shared": shared,
        "deadline": deadline,
        "days_left": (deadline - today).days if deadline else None,
        "lead": lead,
        "may_change": may_change and meeting.status != MeetingStatus.CANCELLED,
        "may_plan": may_change,
        # A meeting already held is not moved, re-led or cancelled; its minutes are what is left.
        "may_reschedule": may_change
        and meeting.status != MeetingStatus.CANCELLED
        and meeting.date >= today,
        "held": meeting.date < today,
        "week": meeting.date.isocalendar().week,
        "items": services.time_slots(
            meeting, shown_items(meeting.items.order_by("position"), readable_closed)
        ),
        "leader": leaders(meeting.body, meeting.date.year).get(meeting.pk, (None, False)),
        "apologies": list(meeting.apologies.select_related("person").order_by("given_at")),
        "my_apology": mine,
        # Said again on the page, not only once after sending: who was invited in their place.
        "my_apology_line": apology_noted(services.substitutes_for(person, meeting))
        if mine and person is not None
        else "",
        "may_apologise": may_apologise(person, meeting, today),
        "co_chairs": chairs,
        "may_approve": is_among(person, chairs),
        "left_after_cancelling": after_cancelling(meeting) if cancelled else None,
        "may_read_minutes": may_read_draft_minutes(person, meeting, may_change),
    }


def agenda_page(
    meeting: Meeting, person: Person | None, may_change: bool, *, readable_closed: bool
) -> dict[str, object]:
    """The meeting's agenda: items with number, time slot, kind and presenter; closed items as
    the reader may see them."""
    items = shown_items(meeting.items.order_by("position"), readable_closed)
    lead = agenda_lead_days(meeting.body, meeting.date)
    chairs = chairs_on(co_chairs(meeting.body), meeting.date)
    return approval_facts(meeting, "agenda", chairs) | {
        "meeting": meeting,
        "body": meeting.body,
        "page_url": reverse("agenda", args=[meeting.pk]),
        "slots": services.time_slots(meeting, items),
        "changed_after_sending": any(i.changed_after_sending for i in items),
        "follow_up": shown_actions(minutes_service.open_actions_before(meeting), readable_closed),
        "today": timezone.localdate(),
        "may_change": may_change and meeting.status != MeetingStatus.CANCELLED,
        "may_approve": is_among(person, chairs),
        "deadline": agenda_deadline(meeting.date, lead) if lead else None,
    }


def is_among(person: Person | None, chairs: list[Appointment]) -> bool:
    """Whether the person is one of the co-chairs on the day (as governance.access.is_co_chair_on
    says), from the co-chairs the page has already read."""
    return person is not None and any(a.person_id == person.pk for a in chairs)


def approval_facts(meeting: Meeting, of: Document, chairs: list[Appointment]) -> dict[str, object]:
    """How far the agenda or the minutes (`of`) have come, and who of the co-chairs may approve
    while they await it: the status block of the meeting, agenda and minutes pages."""
    line = agenda_status_line(meeting) if of == "agenda" else minutes_status_line(meeting)
    asked = (
        meeting.agenda_approval_asked_at if of == "agenda" else meeting.minutes_approval_asked_at
    )
    return {
        f"{of}_line": line,
        f"{of}_awaits": services.awaits_approval(meeting, of),
        f"{of}_asked": asked_line(asked),
        "chair_names": chair_names(chairs),
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
    errors: Mapping[str, str] | None = None,
    *,
    readable_closed: bool,
) -> dict[str, object]:
    """The decision minutes: attendance, who took them, the guests, the decision under each
    item, disqualifications and action items, as saved or, after a refused write, as typed
    (`typed`), each field with its problem (`errors`, by field name)."""
    errors = errors or {}
    items = shown_items(items, readable_closed)
    attendance = minutes_service.attendance_of(meeting)
    rows = []
    for item in items:
        saved = {d.person_id for d in item.disqualified.all()}
        rows.append(
            {
                "item": item,
                "decision": typed.decisions.get(item.pk, "") if typed else item.decision,
                "saved_decision": item.decision,
                "disqualified": typed.disqualified.get(item.pk, set()) if typed else saved,
                "error": errors.get(f"decision-{item.pk}", ""),
            }
        )
    lines = []
    for line in attendance:
        value = typed.attendance.get(line.person.pk, line.status) if typed else line.status
        lines.append({
            "line": line, "value": value, "saved": line.status,
            "label": minutes_service.attendance_label(line, line.status),
            "choices": minutes_service.attendance_choices(line),
            "error": errors.get(f"attendance-{line.person.pk}", ""),
        })  # fmt: skip
    guests = list(meeting.guests.all())
    saved_guests = minutes_service.guests_text(guests)
    days = minutes_publish_days(meeting.body, meeting.date)
    chairs = chairs_on(co_chairs(meeting.body), meeting.date)
    editable = (
        may_change
        and meeting.minutes_status != MinutesStatus.PUBLISHED
        and meeting.status != MeetingStatus.CANCELLED
    )
    return approval_facts(meeting, "minutes", chairs) | {
        "meeting": meeting,
        "body": meeting.body,
        "page_url": reverse("minutes", args=[meeting.pk]),
        "rows": rows,
        "attendance": lines,
        "groups": _attendance_groups(attendance),
        "present": [line for line in attendance if line.status in THERE],
        "minutes_taker": typed.minutes_taker if typed else meeting.minutes_taker,
        "taker_choices": _taker_choices(meeting, attendance) if editable else [],
        "guests": guests,
        "guests_text": typed.guests if typed else saved_guests,
        "saved_guests": saved_guests,
        "actions": shown_actions(
            meeting.actions.select_related("owner", "organisation", "item").order_by("due", "pk"),
            readable_closed,
        ),
        "follow_up": shown_actions(minutes_service.open_actions_before(meeting), readable_closed),
        "may_change": may_change,
        "editable": editable,
        "may_approve": person is not None
        and meeting.minutes_status == MinutesStatus.DRAFT
        and meeting.date <= timezone.localdate()
        and is_among(person, chairs),
        "deadline": minutes_deadline(meeting.date, days),
        "limit_days": days,
        "today": timezone.localdate(),
    }


def _attendance_groups(
    attendance: list[minutes_service.Present],
) -> list[tuple[str, list[minutes_service.Present]]]:
    """The attendance as the published minutes read: present, substitutes, apologies, absent;
    a substitute not called in is not named."""
    kinds = [
        (AttendanceStatus.PRESENT, _("Present")),
        (AttendanceStatus.SUBSTITUTE, _("Substitutes")),
        (AttendanceStatus.APOLOGISED, _("Sent apologies")),
        (AttendanceStatus.ABSENT, _("Absent")),
    ]
    return [
        (heading, [line for line in attendance if line.status == kind]) for kind, heading in kinds
    ]


def _taker_choices(meeting: Meeting, attendance: list[minutes_service.Present]) -> list[str]:
    """Names to suggest for who took the minutes: the body's secretariat, then its members."""
    secretariat = (
        Appointment.objects.filter(body_id=meeting.body_id, role=Role.SECRETARIAT)
        .valid_on(meeting.date)
        .values_list("person__name", flat=True)
    )
    names = [*sorted(set(secretariat)), *(line.person.name for line in attendance)]
    return list(dict.fromkeys(names))


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
    meeting: Meeting,
    organisations: list[Organisation],
    chosen: Organisation | None,
    *,
    readable_closed: bool,
) -> dict[str, object]:
    """One page for a member to carry the decisions back to their organisation (seed 004); a
    closed item's decision is left out for a reader without the right."""
    items = [
        i
        for i in shown_items(meeting.items.order_by("position"), readable_closed)
        if i.decision.strip()
    ]
    actions = shown_actions(
        meeting.actions.select_related("owner", "organisation", "item"), readable_closed
    )
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
