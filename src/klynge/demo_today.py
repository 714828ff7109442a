"""The demo's present: meetings around the day the demo is loaded, in every state the home pages
show, so the demo is a living system whenever it is tried.

FSG: a meeting some ten weeks ago whose minutes are published, with open actions for the patient
representative and his organisation (one overdue, one coming); one held about ten days ago whose
minutes are written and wait for a co-chair's approval; one in two to three weeks whose agenda is
a draft the co-chairs have been asked to approve (another member has sent an apology); one in
about two months whose agenda is sent, with a public status note (FSG's public pages are on); and
one later. A proposal from the patient representative with the secretariat's answer, and a new one
from a GP waiting for the secretariat.
The focus group: a meeting held some five weeks ago with published minutes, and coming ones with
draft agendas.

Everything goes through the services the pages use, with the loader's actor, so statuses, audit
rows, the search index and the e-mails are what the pages would have made (the demo saves e-mails
as files). Only the times of what happened before today are set back afterwards, to the days it
happened in the story, so the charters' deadlines read as met.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile

from klynge.accounts.audit import Actor
from klynge.core.meetings import agenda_deadline, is_working_day
from klynge.demo_public import publish_fsg
from klynge.governance.models import Appointment, Body, Organisation, Person
from klynge.governance.reads import agenda_lead_days
from klynge.meetings import attachments, minutes, proposals, services
from klynge.meetings.models import ItemKind, Meeting
from klynge.printing import html_to_pdf

# The plan's meetings this close to the demo's day give way to the meetings made here.
LIVING_WINDOW = datetime.timedelta(days=100)

ONE, THREE = datetime.time(13, 0), datetime.time(15, 0)
DANISH_TIME = ZoneInfo("Europe/Copenhagen")


def _closed(day: datetime.date) -> bool:
    """No meeting on a day offices are closed or between Christmas and New Year."""
    christmas = (day.month == 12 and day.day >= 22) or (day.month == 1 and day.day <= 2)
    return christmas or not is_working_day(day)


def meeting_day(near: datetime.date, weekday: int, *, before: bool = False) -> datetime.date:
    """The body's meeting weekday on or after `near` (on or before it, `before`), moved a week on
    (back) while offices are closed that day."""
    if before:
        day = near - datetime.timedelta(days=(near.weekday() - weekday) % 7)
    else:
        day = near + datetime.timedelta(days=(weekday - near.weekday()) % 7)
    while _closed(day):
        day += datetime.timedelta(weeks=-1 if before else 1)
    return day


def coming_day(today: datetime.date, weekday: int, lead_days: int) -> datetime.date:
    """A coming meeting whose agenda is to be sent within the next days, not before today: on the
    body's weekday if one fits (a working day outside Christmas), else on the first day that does."""
    days = [today + datetime.timedelta(days=n) for n in range(lead_days + 2, lead_days + 21)]
    fitting = [d for d in days if not _closed(d) and agenda_deadline(d, lead_days) >= today]
    soon = today + datetime.timedelta(days=10)
    preferred = [
        d for d in fitting if d.weekday() == weekday and agenda_deadline(d, lead_days) <= soon
    ]
    return (preferred or fitting)[0]


def in_living_window(day: datetime.date, today: datetime.date) -> bool:
    return today - LIVING_WINDOW <= day <= today + LIVING_WINDOW


@dataclass(frozen=True)
class Case:
    title: str
    kind: str
    presenter: str
    summary: str
    recommendation: str = ""
    decision: str = ""

    def values(self) -> dict[str, object]:
        return {
            "title": self.title, "kind": self.kind, "presenter": self.presenter, "minutes": 20,
            "summary": self.summary, "recommendation": self.recommendation,
        }  # fmt: skip


FSG_CASES = {
    "published": Case(
        "Patienter og pårørende i klyngens arbejde",
        ItemKind.DECISION,
        "Sekretariatet",
        "Forslag om, at patienter og pårørende inddrages fra starten, når FSG sætter nye indsatser "
        "i gang.",
        "Det indstilles, at FSG godkender forslaget.",
        "Forslaget blev godkendt. Patientrepræsentanten samler erfaringer fra patienter og "
        "pårørende.",
    ),
    "written": Case(
        "Fælles forløb for borgere med KOL",
        ItemKind.DECISION,
        "Hospitalsledelsen",
        "Udkast til et fælles forløb for borgere med KOL på tværs af hospital, kommuner og almen "
        "praksis.",
        "Det indstilles, at FSG godkender udkastet og beder de operative grupper om en plan.",
        "Udkastet blev godkendt. De operative grupper udarbejder en plan for implementering.",
    ),
    "coming": Case(
        "Kapacitet i akutfunktionerne",
        ItemKind.DISCUSSION,
        "Hospitalsledelsen",
        "Hospitalet og kommunerne gennemgår, hvordan akutfunktionerne klarer de travleste uger.",
    ),
    "sent": Case(
        "Status på sundhedsaftalens indsatser",
        ItemKind.ORIENTATION,
        "Sekretariatet",
        "Sekretariatet giver en status på indsatserne i sundhedsaftalen.",
    ),
}
FOCUS_GROUP_CASES = {
    "published": Case(
        "Forebyggelse af genindlæggelser",
        ItemKind.DISCUSSION,
        "Herning Kommune",
        "Erfaringer fra kommunernes akutteams med ældre medicinske patienter.",
        decision="Fokusgruppen drøftede erfaringerne. Sekretariatet samler dem til FSG.",
    ),
    "coming": Case(
        "Udviklingsgruppe hjertesvigt: første oplæg",
        ItemKind.DISCUSSION,
        "Udviklingsgruppe hjertesvigt",
        "Udviklingsgruppen fremlægger sine første idéer til indsatser for borgere med hjertesvigt.",
    ),
}


def _sit(body: Body, day: datetime.date, **where: str) -> Person | None:
    found = (
        Appointment.objects.filter(body=body, **where)
        .exclude(seat="")
        .valid_on(day)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    return found.person if found else None


def _at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), DANISH_TIME)


class Story:
    """Writes through the services as `actor`, and keeps what happened before today to set its
    times back afterwards."""

    def __init__(self, actor: Actor, today: datetime.date) -> None:
        self.actor, self.today = actor, today

    def add_case(self, meeting: Meeting, case: Case) -> None:
        services.add_item(acting_user=self.actor, meeting=meeting, values=case.values())

    def co_chair(self, meeting: Meeting) -> Person | None:
        chairs = services.co_chairs_of(meeting)
        return chairs[0].person if chairs else None

    def send(self, meeting: Meeting) -> None:
        """Approved by a co-chair and sent; before today, the day before the send-by date."""
        chair = self.co_chair(meeting)
        if chair is None:
            return
        services.approve_agenda(acting_user=self.actor, meeting=meeting, person=chair)
        services.send_agenda(acting_user=self.actor, meeting=meeting)
        if meeting.date < self.today:
            lead = agenda_lead_days(meeting.body, meeting.date) or 10
            sent = agenda_deadline(meeting.date, lead) - datetime.timedelta(days=1)
            Meeting.objects.filter(pk=meeting.pk).update(
                agenda_approved_at=_at(sent, 9), agenda_sent_at=_at(sent)
            )

    def write_minutes(self, meeting: Meeting, decisions: dict[str, str]) -> None:
        """The decisions under the items with these titles, and who took the minutes."""
        items = {i.title: i.pk for i in meeting.items.all()}
        minutes.save_minutes(
            acting_user=self.actor,
            meeting=meeting,
            based_on=meeting.minutes_version,
            values=minutes.MinutesInput(
                decisions={items[title]: text for title, text in decisions.items()},
                minutes_taker="Lars Østergaard",
            ),
        )

    def publish(self, meeting: Meeting) -> None:
        """Approved by a co-chair five days after the meeting and published two days later."""
        chair = self.co_chair(meeting)
        if chair is None:
            return
        minutes.approve_minutes(acting_user=self.actor, meeting=meeting, person=chair)
        minutes.publish_minutes(acting_user=self.actor, meeting=meeting)
        Meeting.objects.filter(pk=meeting.pk).update(
            minutes_approved_at=_at(meeting.date + datetime.timedelta(days=5), 10),
            minutes_published_at=_at(meeting.date + datetime.timedelta(days=7)),
        )


def closed_cases(story: Story, meeting: Meeting, open_title: str) -> None:
    """A closed item with a public title, and a closed attachment on an open item (`open_title`):
    an observer sees »Kontraktforhold« and not the attachment."""
    services.add_item(
        acting_user=story.actor, meeting=meeting,
        values=Case(
            "Forhandling med leverandør af nattevagtsdækning", ItemKind.DECISION, "Sekretariatet",
            "Hospitalet og to kommuner forhandler pris og vilkår for fælles nattevagtsdækning. "
            "Tilbuddene er fortrolige, indtil aftalen er indgået.",
            "Det indstilles, at FSG giver sekretariatet mandat til at forhandle videre.",
        ).values() | {"closed": True, "public_title": "Kontraktforhold"},
    )  # fmt: skip
    item = meeting.items.get(title=open_title)
    pdf = html_to_pdf(
        '<html lang="da"><body><h1>Belægning i akutfunktionerne, uge 1–8</h1><p>Opgørelse pr. '
        "afsnit med navngivne vagtplaner. Må ikke offentliggøres.</p></body></html>"
    )
    attachments.add_attachment(
        acting_user=story.actor, item=item, upload=ContentFile(pdf, name="Vagtplaner.pdf"),
        title="Vagtplaner og belægning (fortroligt)", closed=True,
    )  # fmt: skip


def fsg_today(story: Story) -> None:
    today, days = story.today, datetime.timedelta
    fsg = Body.objects.filter(key="fsg").first()
    if fsg is None:
        return
    place = "Regionshospitalet Gødstrup, mødelokale 1"
    wednesday = 2
    published, written, coming, sent, later = services.create_meetings(
        acting_user=story.actor, body=fsg, notify=False,
        rows=[services.MeetingRow(day, ONE, THREE, place=place) for day in (
            meeting_day(today - days(70), wednesday, before=True),
            meeting_day(today - days(7), wednesday, before=True),
            coming_day(today, wednesday, agenda_lead_days(fsg, today) or 10),
            meeting_day(today + days(50), wednesday),
            meeting_day(today + days(90), wednesday),
        )],
    )  # fmt: skip
    jens = Person.objects.filter(email="jens.aagaard@klynge.test").first()

    # Ten weeks ago: the minutes are published, with actions for Jens and his organisation.
    case = FSG_CASES["published"]
    story.add_case(published, case)
    story.send(published)
    story.write_minutes(
        published, {"Godkendelse af dagsorden": "Dagsordenen blev godkendt.", case.title: case.decision}
    )  # fmt: skip
    item = published.items.get(title=case.title)
    if jens is not None:
        minutes.add_action(
            acting_user=story.actor, meeting=published, item=item, owner=jens,
            title="Beskriv, hvordan patientrådet kan inddrages i nye indsatser",
            due=max(published.date, today - days(6)),
        )  # fmt: skip
    patients = Organisation.objects.filter(cluster=fsg.cluster, key="patienter").first()
    if patients is not None:
        minutes.add_action(
            acting_user=story.actor, meeting=published, item=item, organisation=patients,
            title="Saml erfaringer fra patienter og pårørende om udskrivelse",
            due=today + days(24),
        )  # fmt: skip
    story.publish(published)

    # Last week or the week before: the minutes are written and wait for a co-chair.
    case = FSG_CASES["written"]
    story.add_case(written, case)
    story.send(written)
    story.write_minutes(
        written, {"Godkendelse af dagsorden": "Dagsordenen blev godkendt.", case.title: case.decision}
    )  # fmt: skip
    goedstrup = Organisation.objects.filter(cluster=fsg.cluster, key="goedstrup").first()
    minutes.add_action(
        acting_user=story.actor, meeting=written, organisation=goedstrup,
        title="Plan for implementering af KOL-forløbet", due=today + days(45),
    )  # fmt: skip
    if services.awaits_approval(Meeting.objects.get(pk=written.pk), "minutes"):
        services.ask_co_chairs(acting_user=story.actor, meeting=written, of="minutes")

    # In two to three weeks: the agenda is a draft, the co-chairs are asked, a member cannot come.
    story.add_case(coming, FSG_CASES["coming"])
    closed_cases(story, coming, FSG_CASES["coming"].title)
    services.ask_co_chairs(acting_user=story.actor, meeting=coming, of="agenda")
    away = _sit(fsg, coming.date, seat="kommune-fagdirektoer", organisation__key="herning")
    if away is not None:
        services.send_apology(
            acting_user=story.actor, meeting=coming, person=away,
            reason="Jeg deltager i KKR Midtjyllands møde samme eftermiddag.",
        )  # fmt: skip

    # In about two months: the agenda is approved and sent early.
    story.add_case(sent, FSG_CASES["sent"])
    publish_fsg(
        acting_user=story.actor, fsg=fsg, item=sent.items.get(title=FSG_CASES["sent"].title)
    )
    story.send(sent)
    del later  # only the standard items yet

    # Proposals: Jens's, answered; a GP's, new and waiting for the secretariat.
    if jens is not None:
        answered = proposals.propose(
            acting_user=story.actor, body=fsg, person=jens,
            title="Ventetid på genoptræning efter udskrivelse",
            description="Flere oplever at vente længe på genoptræning, når de kommer hjem.",
        )  # fmt: skip
        proposals.answer_proposal(
            acting_user=story.actor, proposal=answered,
            answer="Tak for forslaget. Fokusgruppen Sundhed for voksne ser på genoptræningen i "
            "år, og FSG får en status på et kommende møde.",
        )  # fmt: skip
    doctor = _sit(fsg, today, seat="almen-praksis")
    if doctor is not None:
        proposals.propose(
            acting_user=story.actor, body=fsg, person=doctor,
            title="Fælles medicingennemgang ved udskrivelse",
            description="Almen praksis foreslår en fælles model for medicingennemgang, når ældre "
            "udskrives.",
        )  # fmt: skip


def focus_group_today(story: Story) -> None:
    today, days = story.today, datetime.timedelta
    body = Body.objects.filter(key="sundhed-for-voksne").first()
    if body is None:
        return
    thursday = 3
    held, coming, later = services.create_meetings(
        acting_user=story.actor, body=body, notify=False,
        rows=[services.MeetingRow(day, ONE, THREE, place="Herning Rådhus, mødesal 2") for day in (
            meeting_day(today - days(35), thursday, before=True),
            coming_day(today, thursday, agenda_lead_days(body, today) or 14),
            meeting_day(today + days(85), thursday),
        )],
    )  # fmt: skip
    case = FOCUS_GROUP_CASES["published"]
    story.add_case(held, case)
    story.send(held)
    story.write_minutes(
        held, {"Godkendelse af dagsorden": "Dagsordenen blev godkendt.", case.title: case.decision}
    )  # fmt: skip
    story.publish(held)
    story.add_case(coming, FOCUS_GROUP_CASES["coming"])
    if services.co_chairs_of(coming):
        services.ask_co_chairs(acting_user=story.actor, meeting=coming, of="agenda")
    del later


def load_today(*, acting_user: Actor, today: datetime.date) -> None:
    """The demo's present around `today` (the day it is loaded, or an earlier one in tests: the
    services check some steps against the clock, such as approving the minutes of a held
    meeting)."""
    story = Story(acting_user, today)
    fsg_today(story)
    focus_group_today(story)
