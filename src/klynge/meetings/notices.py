"""E-mails that keep the secretariat and the co-chairs in step: a co-chair asked to approve an
agenda or minutes, and the secretariat told of each apology. Sent off the request as tasks, each
in its reader's language (Danish unless they chose English), with absolute links."""

from django.tasks import task
from django.utils import timezone

from klynge.accounts.models import User
from klynge.core.compliance import minutes_deadline
from klynge.core.meetings import agenda_deadline
from klynge.governance.models import Person
from klynge.governance.reads import agenda_lead_days, minutes_publish_days
from klynge.meetings.calendar import default_base_url
from klynge.meetings.models import Apology, Meeting
from klynge.meetings.tasks import language_of, mail


@task()
def send_approval_request(meeting_id: int, of: str, chair_id: int) -> None:
    """Ask one co-chair to read and approve the agenda or the minutes (`of`), naming the other
    co-chairs, since one approval is enough."""
    from klynge.meetings.services.approval import co_chairs_of

    meeting = Meeting.objects.select_related("body").get(pk=meeting_id)
    chair = Person.objects.select_related("user").get(pk=chair_id)
    others = [a.person.name for a in co_chairs_of(meeting) if a.person.pk != chair.pk]
    if of == "agenda":
        lead = agenda_lead_days(meeting.body, meeting.date)
        deadline = agenda_deadline(meeting.date, lead) if lead else None
    else:
        deadline = minutes_deadline(meeting.date, minutes_publish_days(meeting.body, meeting.date))
    base_url = default_base_url().rstrip("/")
    context = {
        "meeting": meeting,
        "person": chair,
        "others": others,
        "of": of,
        "deadline": deadline,
        "link": f"{base_url}/meetings/{meeting.pk}/{of}/",
    }
    mail("approval_request", context, [chair.email], language_of(chair.user)).send()


@task()
def send_apology_notice(apology_id: int, substitute_ids: list[int]) -> None:
    """Tell the body's secretariat of a member's apology: who, the reason they gave, and which
    substitutes were invited in their place."""
    from klynge.governance.reminders import secretariat_emails

    apology = Apology.objects.select_related("meeting__body", "person").get(pk=apology_id)
    meeting = apology.meeting
    substitutes = list(
        Person.objects.filter(pk__in=substitute_ids).order_by("name").values_list("name", flat=True)
    )
    emails = secretariat_emails(meeting.body, timezone.localdate())
    users = {u.email: u for u in User.objects.filter(email__in=emails)}
    base_url = default_base_url().rstrip("/")
    context = {
        "apology": apology,
        "meeting": meeting,
        "substitutes": substitutes,
        "link": f"{base_url}/meetings/{meeting.pk}/",
    }
    for email in emails:
        mail("apology", context, [email], language_of(users.get(email))).send()
