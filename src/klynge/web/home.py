"""What each person has to do, most urgent first: the home page's reads.

One section per role the reader holds (secretariat, co-chair, member, administrator), each a few
groups of lines, each line linked to the page where the thing is done. Pure reading, in a fixed
number of queries whatever the amount of data. What is read from Klynge's own data changes only
with a write, and every write adds an audit row: it is cached under the data version, per person,
day and language, so it is never stale. The background jobs change without a write and are read
on every request.
"""

import datetime
from collections import defaultdict

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from klynge.accounts.models import User
from klynge.core.compliance import Finding
from klynge.governance.access import closed_readable_bodies
from klynge.governance.compliance import all_findings_on
from klynge.governance.fixes import fix_url
from klynge.governance.models import Appointment, Body, Role
from klynge.governance.reads import cached_by_version, data_version
from klynge.meetings.followup import open_actions, responsible
from klynge.meetings.models import (
    AgendaStatus,
    Apology,
    ItemProposal,
    MeetingKind,
    MeetingStatus,
    MinutesStatus,
    ProposalStatus,
)
from klynge.meetings.services.approval import awaits_approval
from klynge.web.home_reads import (
    Deadlines,
    Group,
    Line,
    MeetingRow,
    Names,
    Reader,
    Section,
    day,
    deadline_rules,
    meetings_of,
    person_change_group,
    publish_by,
    reader_of,
    send_by,
    share_request_group,
)
from klynge.web.jobs import RUNNING, Job, jobs_to_look_at
from klynge.web.templatetags.klynge_dates import time_span

# A draft agenda whose send-by date is this close waits for a co-chair's approval.
APPROVAL_WINDOW = datetime.timedelta(days=14)
# The member's next meetings, at most.
NEXT_MEETINGS = 5
# Handled proposals stay on the member's home this long after they were made.
PROPOSALS_SHOWN = datetime.timedelta(days=90)
# Warnings the secretariat's own lists already show, each with its deadline.
LISTED_ELSEWHERE = {"agenda.due", "minutes.due"}
# The findings about meetings rather than about who sits where.
MEETING_RULES = {"agenda", "minutes", "meetings"}


def _agenda_note(m: MeetingRow) -> str:
    return (
        _("Approved by a co-chair, ready to send")
        if m.agenda_status == AgendaStatus.APPROVED
        else _("Draft")
    )


def _settled(f: Finding, meeting: MeetingRow | None, today: datetime.date) -> bool:
    """A breach that is history and can no longer be put right: last year's meetings, an agenda
    sent late, minutes published late. The body's page still lists it."""
    if f.rule in {"meetings.min-per-year", "meetings.theme-days"}:
        return f.severity == "error"
    if f.rule == "agenda.late":
        return meeting is None or meeting.agenda_status == AgendaStatus.SENT or meeting.date < today
    if f.rule == "minutes.late":
        return meeting is None or meeting.minutes_status == MinutesStatus.PUBLISHED
    return False


def _finding_lines(
    findings: list[Finding], names: Names, by_key: dict[str, int], meetings: list[MeetingRow],
    today: datetime.date,
) -> list[Line]:  # fmt: skip
    """Each finding that can still be put right, with its clause and the page where it is."""
    language = get_language() or "da"
    on_day = {(m.body_id, m.date.isoformat()): m for m in meetings}
    open_ = [
        (f, by_key[f.body], on_day.get((by_key[f.body], dict(f.subject).get("meeting", ""))))
        for f in findings
        if f.body in by_key
    ]
    open_ = [(f, body_id, m) for f, body_id, m in open_ if not _settled(f, m, today)]
    appointments: dict[int, list[Appointment]] = defaultdict(list)
    composition = {body_id for f, body_id, _m in open_ if f.rule.split(".")[0] not in MEETING_RULES}
    for a in (
        Appointment.objects.filter(body_id__in=composition).valid_on(today).select_related("person")
    ):
        appointments[a.body_id].append(a)
    bodies = {pk: Body(pk=pk, key=key, name=name) for pk, (key, name, _p) in names.bodies.items()}
    open_.sort(key=lambda found: names.bodies[found[1]][2])
    return [
        Line(f.message(language), _finding_url(bodies[body_id], f, appointments[body_id], m),
             body=names.name(body_id), note=f.clause, urgent=f.severity == "error")
        for f, body_id, m in open_
    ]  # fmt: skip


def _breach_groups(
    findings: list[Finding], names: Names, by_key: dict[str, int], meetings: list[MeetingRow],
    today: datetime.date,
) -> list[Group]:  # fmt: skip
    """Breaches now, and breaches coming within 60 days, as two groups."""
    lines = _finding_lines(findings, names, by_key, meetings, today)
    return [
        Group("breaches", _("Breaches of the charters"), [line for line in lines if line.urgent]),
        Group("coming", _("Breaches coming within 60 days"),
              [line for line in lines if not line.urgent]),
    ]  # fmt: skip


def _finding_url(
    body: Body, f: Finding, appointments: list[Appointment], meeting: MeetingRow | None
) -> str:
    """The agenda or the minutes of the meeting a deadline is about, the year's plan for a
    shortfall of meetings, the form that fixes a composition; else the body's page."""
    area = f.rule.split(".")[0]
    if area in {"agenda", "minutes"} and meeting is not None:
        return reverse(area, args=[meeting.pk])
    if area == "meetings":
        if meeting is not None:
            return reverse("meeting_detail", args=[meeting.pk])
        return reverse("body_meetings", args=[body.key])
    return fix_url(body, f, appointments) or reverse("body_detail", args=[body.key])


def _approvals(
    meetings: list[MeetingRow], rules: Deadlines, names: Names, today: datetime.date
) -> list[Line]:
    """Draft agendas the co-chairs were asked to approve or whose send-by date is within two
    weeks, and minutes waiting for a co-chair (asking about them needs the same)."""
    lines = []
    for m in meetings:
        if not m.held:
            continue
        if awaits_approval(m, "agenda") and m.date >= today:
            deadline = send_by(rules, m)
            if m.agenda_approval_asked_at is not None or deadline <= today + APPROVAL_WINDOW:
                lines.append(Line(
                    _("Agenda for the meeting on %(day)s") % {"day": day(m.date)},
                    reverse("agenda", args=[m.pk]), names.name(m.body_id), deadline,
                    _("To be sent by"), urgent=deadline < today,
                ))  # fmt: skip
        elif awaits_approval(m, "minutes", today):
            deadline = publish_by(rules, m)
            lines.append(Line(
                _("Minutes of the meeting on %(day)s") % {"day": day(m.date)},
                reverse("minutes", args=[m.pk]), names.name(m.body_id), deadline,
                _("To be published by"), urgent=deadline < today,
            ))  # fmt: skip
    return sorted(lines, key=_by_when)


def _by_when(line: Line) -> tuple[datetime.date, str]:
    return (line.when or datetime.date.max, line.body)


def secretariat_section(
    reader: Reader, names: Names, meetings: list[MeetingRow], rules: Deadlines,
    findings: dict[str, list[Finding]], by_key: dict[str, int], today: datetime.date,
) -> Section:  # fmt: skip
    runs = reader.runs
    own = [m for m in meetings if m.body_id in runs]
    breaches = [
        f for key, found in findings.items() if by_key.get(key) in runs for f in found
        if f.severity in {"error", "warning"} and f.rule not in LISTED_ELSEWHERE
    ]  # fmt: skip
    to_send = [
        Line(_("Agenda for the meeting on %(day)s") % {"day": day(m.date)},
             reverse("agenda", args=[m.pk]), names.name(m.body_id), send_by(rules, m),
             _("To be sent by"), _agenda_note(m), urgent=send_by(rules, m) < today)
        for m in own
        if m.held and m.date >= today and m.agenda_status == AgendaStatus.APPROVED
    ]  # fmt: skip
    minutes = []
    for m in own:
        if not m.held or m.date >= today or m.minutes_status == MinutesStatus.PUBLISHED:
            continue
        if m.minutes_status == MinutesStatus.DRAFT and m.minutes_version > 0:
            continue  # written: waiting for a co-chair
        note = (
            _("Approved by a co-chair, ready to publish")
            if m.minutes_status == MinutesStatus.APPROVED
            else _("Not written yet")
        )
        deadline = publish_by(rules, m)
        minutes.append(Line(
            _("Minutes of the meeting on %(day)s") % {"day": day(m.date)},
            reverse("minutes", args=[m.pk]), names.name(m.body_id), deadline, _("To be published by"),
            note, urgent=deadline < today,
        ))  # fmt: skip
    return Section("secretariat", _("As secretariat"), [
        *_breach_groups(breaches, names, by_key, own, today),
        Group("agendas", _("Agendas to send"), sorted(to_send, key=_by_when)),
        Group("minutes", _("Minutes to write and publish"), sorted(minutes, key=_by_when)),
        Group("approval", _("Waiting for a co-chair's approval"),
              _approvals(own, rules, names, today)),
    ], _("There is nothing for you to do as secretariat right now."))  # fmt: skip


def _secretariat_proposals(proposals: list[ItemProposal], runs: set[int], names: Names) -> Group:
    lines = [
        Line(p.title, reverse("proposals", args=[names.key(p.body_id)]) + f"#proposal-{p.pk}",
             names.name(p.body_id), timezone.localdate(p.proposed_at), _("Proposed"),
             _("By %(name)s") % {"name": p.proposed_by.name})
        for p in sorted(proposals, key=lambda p: p.proposed_at)
        if p.body_id in runs and p.status == ProposalStatus.OPEN
    ]  # fmt: skip
    return Group("proposals", _("New proposals from members"), lines)


def _apologies(
    apologies: list[Apology], coming: dict[int, MeetingRow], runs: set[int], names: Names
) -> Group:
    lines = []
    for a in apologies:
        m = coming.get(a.meeting_id)
        if m is None or m.body_id not in runs:
            continue
        lines.append(Line(
            _("%(name)s has sent an apology") % {"name": a.person.name},
            reverse("meeting_detail", args=[m.pk]) + "#apologies-title", names.name(m.body_id),
            m.date, _("Meeting day"),
        ))  # fmt: skip
    return Group("apologies", _("Apologies for the coming meetings"), sorted(lines, key=_by_when))


def co_chair_section(
    reader: Reader, names: Names, meetings: list[MeetingRow], rules: Deadlines,
    today: datetime.date,
) -> Section:  # fmt: skip
    theirs = [m for m in meetings if reader.chairs(m.body_id, m.date)]
    return Section("co-chair", _("As co-chair"), [
        Group("approval", _("Waiting for your approval"), _approvals(theirs, rules, names, today)),
    ], _("No agenda or minutes are waiting for your approval."))  # fmt: skip


def _time_and_place(m: MeetingRow) -> str:
    hours = time_span(m.starts, m.ends)
    return f"{hours}, {m.place}" if m.place else hours


def member_section(
    reader: Reader, names: Names, meetings: list[MeetingRow], apologies: list[Apology],
    proposals: list[ItemProposal], today: datetime.date,
) -> Section:  # fmt: skip
    from klynge.meetings.followup import BODY

    apologised = {
        a.meeting_id for a in apologies if reader.person and a.person_id == reader.person.pk
    }
    coming = [
        m for m in meetings
        if m.date >= today and reader.sits({m.body_id, *m.shared_with}, m.date)
    ][:NEXT_MEETINGS]  # fmt: skip
    next_meetings = []
    for m in coming:
        page = reverse("meeting_detail", args=[m.pk])
        links: list[tuple[str, str]] = []
        status = ""
        if m.status == MeetingStatus.CANCELLED:
            status = _("Cancelled")
        else:
            if m.agenda_status == AgendaStatus.SENT:
                links.append(
                    (_("Meeting pack (PDF)"), reverse("meeting_document", args=[m.pk, "pack"]))
                )
            if m.pk in apologised:
                status = _("You have sent an apology")
            elif reader.sits({m.body_id}, m.date, seat=True):
                links.append((_("Send an apology"), page + "#apologies-title"))
        # The day is the link: it tells one meeting from the next.
        when = capfirst(date_format(m.date, _("l, j F Y")))
        kind = m.title or dict(MeetingKind.choices).get(m.kind, m.kind)
        next_meetings.append(Line(
            when, page, names.name(m.body_id), note=f"{kind}, {_time_and_place(m)}",
            status=status, links=tuple(links),
        ))  # fmt: skip
    organisations = {a.organisation_id for a in reader.appointments if a.organisation_id}
    if reader.person and reader.person.organisation_id:
        organisations.add(reader.person.organisation_id)
    actions = [
        Line(o.action.title, reverse("minutes", args=[o.action.meeting_id]) + "#actions-title",
             o.action.meeting.body.name, o.action.due, _("Due"), responsible(o.action),
             urgent=o.action.due is not None and o.action.due < today)
        for o in open_actions(person=reader.person, organisation_ids=organisations,
                              run_body_ids=set(), readable=reader.readable,
                              closed_readable=closed_readable_bodies(reader.user, today))
        if o.why != BODY
    ]  # fmt: skip
    own = [
        Line(p.title,
             reverse("proposals", args=[names.key(p.body_id)]) + f"#proposal-{p.pk}"
             if reader.may_read(p.body_id) else None,
             names.name(p.body_id), timezone.localdate(p.proposed_at), _("Proposed"),
             _proposal_state(p))
        for p in proposals
        if reader.person and p.proposed_by_id == reader.person.pk
    ]  # fmt: skip
    # Someone who only observes is told so: they read, but neither propose nor send apologies.
    observes = bool(reader.appointments) and all(
        a.role == Role.OBSERVER for a in reader.appointments
    )
    return Section("member", _("As observer") if observes else _("As member"), [
        Group("meetings", _("Your next meetings"), next_meetings),
        Group("actions", _("Your and your organisation's open actions"), actions),
        Group("proposals", _("Your proposals"), own),
    ], _("You have no coming meetings, open actions or proposals."))  # fmt: skip


def _proposal_state(p: ItemProposal) -> str:
    if p.status == ProposalStatus.ANSWERED:
        return _("Answered: %(answer)s") % {"answer": p.answer}
    if p.status == ProposalStatus.ON_AGENDA and p.item and p.item.meeting:
        return _("On the agenda of the meeting on %(day)s") % {"day": day(p.item.meeting.date)}
    return str(ProposalStatus(p.status).label)


def admin_section(
    names: Names, meetings: list[MeetingRow], findings: dict[str, list[Finding]],
    by_key: dict[str, int], today: datetime.date,
) -> Section:  # fmt: skip
    """The cluster's breaches; the background jobs are added on each request (job_groups)."""
    breaches = [
        f for found in findings.values() for f in found if f.severity in {"error", "warning"}
    ]
    return Section("administrator", _("As administrator"), [
        *_breach_groups(breaches, names, by_key, meetings, today),
    ], _("There is nothing for you to do as administrator right now."))  # fmt: skip


def job_groups(user: User, now: datetime.datetime) -> list[Group]:
    failed, stuck = jobs_to_look_at(user, now)
    return [
        Group("failed", _("Notices that could not be sent"), [_job_line(j) for j in failed]),
        Group("stuck", _("Background jobs that are stuck"), [_job_line(j) for j in stuck]),
    ]


def _job_line(job: Job) -> Line:
    at = timezone.localtime(job.since)
    when = _("%(day)s at %(time)s") % {"day": day(at.date()), "time": at.strftime("%H.%M")}
    if job.error:
        note = _("Failed %(when)s: %(error)s") % {"when": when, "error": job.error}
    elif job.state == RUNNING:
        note = _("Running since %(when)s") % {"when": when}
    else:
        note = _("Waiting since %(when)s") % {"when": when}
    return Line(job.what, job.url, note=note, urgent=True)


# ---- the page ---------------------------------------------------------------------------------


def home_sections(user: User, now: datetime.datetime) -> list[Section]:
    """A section per role the user holds on the day. What comes from Klynge's own data is cached
    per person, day and language under the data version (any write makes a new one, so it is
    never stale); the background jobs, which change without a write, are read on each request."""
    today = timezone.localdate(now)
    is_admin = user.is_active and user.is_staff
    version = data_version()
    key = f"home:{user.pk}:{is_admin}:{today.isoformat()}:{get_language()}"
    sections = cached_by_version(key, version, lambda: _sections(user, today, version))
    for section in sections:
        if section.role == "administrator":
            section.groups += job_groups(user, now)
    return sections


def _sections(user: User, today: datetime.date, version: str) -> list[Section]:
    """The sections, read in a fixed number of queries whatever the amount of data."""
    reader = reader_of(user, today)
    is_admin = user.is_active and user.is_staff
    chairs = {a.body_id for a in reader.appointments if a.role == Role.CHAIR}
    sits = {a.body_id for a in reader.appointments if a.role != Role.SECRETARIAT}
    relevant = reader.runs | chairs | sits
    if not relevant and not is_admin:
        return []
    names = Names({pk: (key, name, position) for pk, key, name, position
                   in Body.objects.values_list("pk", "key", "name", "position")})  # fmt: skip
    by_key = {key: pk for pk, (key, _name, _position) in names.bodies.items()}
    meetings = meetings_of(None if is_admin else relevant, today)
    rules = deadline_rules(version)
    findings = all_findings_on(today, version) if reader.runs or is_admin else {}
    coming = {m.pk: m for m in meetings if m.date >= today}
    apologies: list[Apology] = []
    proposals: list[ItemProposal] = []
    if reader.runs or sits:
        apologies = list(Apology.objects.filter(meeting_id__in=coming).select_related("person"))
        proposals = list(
            ItemProposal.objects.filter(
                Q(body_id__in=reader.runs, status=ProposalStatus.OPEN)
                | Q(proposed_by=reader.person, proposed_at__date__gte=today - PROPOSALS_SHOWN)
                | Q(proposed_by=reader.person, status=ProposalStatus.OPEN)
            ).select_related("proposed_by", "item__meeting")
        )
    sections = []
    if reader.runs:
        section = secretariat_section(reader, names, meetings, rules, findings, by_key, today)
        section.groups += [
            _secretariat_proposals(proposals, reader.runs, names),
            _apologies(apologies, coming, reader.runs, names),
            share_request_group(reader.runs, names),
        ]
        sections.append(section)
    if chairs:
        sections.append(co_chair_section(reader, names, meetings, rules, today))
    if sits:
        sections.append(member_section(reader, names, meetings, apologies, proposals, today))
    if is_admin:
        sections.append(admin_section(names, meetings, findings, by_key, today))
        sections[-1].groups.append(person_change_group())
    return sections
