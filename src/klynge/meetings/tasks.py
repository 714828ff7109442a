from collections import defaultdict

from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation

from klynge.accounts.models import User
from klynge.governance.models import Appointment, Person
from klynge.meetings.calendar import calendar_of, default_base_url
from klynge.meetings.models import Meeting


def language_of(user: User | None) -> str:
    """The language a person reads their e-mail in: the one they chose, or Danish."""
    return user.language if user is not None else "da"


def mail(template: str, context: dict[str, object], to: list[str], language: str) -> EmailMessage:
    """The e-mail `meetings/email/<template>.txt` with its subject, written in `language`, ready
    to send or to have a calendar file attached."""
    with translation.override(language):
        subject = render_to_string(f"meetings/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"meetings/email/{template}.txt", context)
    return EmailMessage(subject=subject, body=body, to=to)


def recipients(meeting: Meeting, only: list[int] | None = None) -> list[Person]:
    """Everyone appointed to the meeting's bodies on its day: members, substitutes, co-chairs,
    the secretariat, and observers (for a period that holds the day, or for this meeting), each
    once and with their account (`person.user`), so that what is sent can ask
    `access.closed_readable_bodies(person.user, meeting.date)` whether they read closed items:
    observers do not. `only`: in these of its bodies (those that have just joined a shared theme
    day)."""
    bodies = [meeting.body_id, *meeting.also_for.values_list("pk", flat=True)]
    if only is not None:
        bodies = [b for b in bodies if b in only]
    people = (
        Appointment.objects.filter(body_id__in=bodies)
        .valid_on(meeting.date)
        .select_related("person__user")
    )
    return list({a.person.pk: a.person for a in people}.values())


@task()
def send_meeting_notice(
    meeting_ids: list[int], what: str, only_bodies: list[int] | None = None
) -> None:
    """Tell each member of planned, changed or cancelled meetings, with an iCalendar attachment per
    meeting (REQUEST adds or updates the event, CANCEL removes it); `only_bodies`: only the
    members of these bodies (that have just joined a shared theme day)."""
    meetings = list(
        Meeting.objects.filter(pk__in=meeting_ids).select_related("body").order_by("date")
    )
    base_url = default_base_url()
    per_person: dict[int, list[Meeting]] = defaultdict(list)
    people: dict[int, Person] = {}
    for meeting in meetings:
        for person in recipients(meeting, only_bodies):
            per_person[person.pk].append(meeting)
            people[person.pk] = person
    method = "CANCEL" if what == "cancelled" else "REQUEST"
    # One calendar file per meeting, the same for every member it goes to.
    invitations = {
        m.pk: calendar_of([m], method=method, name=m.body.name, base_url=base_url) for m in meetings
    }
    for pk, theirs in per_person.items():
        person = people[pk]
        context = {
            "person": person,
            "meetings": theirs,
            "what": what,
            "base_url": base_url.rstrip("/"),
        }
        message = mail("notice", context, [person.email], language_of(person.user))
        for meeting in theirs:
            message.attach(
                f"moede-{meeting.date.isoformat()}.ics",
                invitations[meeting.pk],
                f"text/calendar; charset=utf-8; method={method}",
            )
        message.send()


@task()
def send_substitute_invitation(meeting_id: int, absent_id: int, substitute_id: int) -> None:
    """Invite a substitute to a meeting their member cannot come to, with the event attached."""
    meeting = Meeting.objects.select_related("body").get(pk=meeting_id)
    absent = Person.objects.get(pk=absent_id)
    substitute = Person.objects.select_related("user").get(pk=substitute_id)
    base_url = default_base_url().rstrip("/")
    context = {"meeting": meeting, "absent": absent, "person": substitute, "base_url": base_url}
    message = mail("substitute", context, [substitute.email], language_of(substitute.user))
    ics = calendar_of([meeting], method="REQUEST", name=meeting.body.name, base_url=base_url)
    message.attach(
        f"moede-{meeting.date.isoformat()}.ics", ics, "text/calendar; charset=utf-8; method=REQUEST"
    )
    message.send()


@task()
def send_minutes_notice(meeting_id: int) -> None:
    """Tell every member, substitute and the secretariat that the minutes are published, with the
    link to read them and to take the summary for their own organisation (seed 004)."""
    meeting = Meeting.objects.select_related("body").get(pk=meeting_id)
    base_url = default_base_url().rstrip("/")
    for person in recipients(meeting):
        context = {"meeting": meeting, "person": person, "base_url": base_url}
        mail("minutes", context, [person.email], language_of(person.user)).send()


@task()
def send_proposal_notice(proposal_id: int, what: str) -> None:
    """A new proposed item goes to the body's secretariat; an answer, or its place on an agenda,
    goes back to the member who proposed it."""
    from klynge.governance.reminders import secretariat_emails
    from klynge.meetings.models import ItemProposal

    proposal = ItemProposal.objects.select_related(
        "body", "proposed_by__user", "organisation", "item__meeting"
    ).get(pk=proposal_id)
    base_url = default_base_url().rstrip("/")
    if what == "new":
        to = secretariat_emails(proposal.body, timezone.localdate(proposal.proposed_at))
        language = "da"
    else:
        to = [proposal.proposed_by.email]
        language = language_of(proposal.proposed_by.user)
    if not to:
        return
    context = {"proposal": proposal, "what": what, "base_url": base_url}
    mail("proposal", context, to, language).send()
