"""Fictional demo data for `klynge cluster load NAME --demo-data` and `klynge demo`.

Sign-ins, and fictional people in every seat of FSG and the focus group since 2022 — with a few
deliberate gaps, so the compliance findings show something real. Meetings since 2022 and for the
next year as the planner proposes them; around the day the demo is loaded, the meetings of
demo_today.py, so the demo is a living system whenever it is tried.
"""

import datetime
import itertools
from typing import TYPE_CHECKING

from klynge.accounts import services
from klynge.accounts.audit import Actor
from klynge.accounts.models import User

if TYPE_CHECKING:
    from klynge.governance.membership import ImportReport

DEMO_PASSWORD = "demo-klynge-2026"

# (role shown when the demo starts, e-mail, name, administrator?)
DEMO_USERS = [
    ("Administrator", "mette.kjaer@klynge.test", "Mette Kjær", True),
    ("Sekretariat (hospitalet)", "lars.oestergaard@klynge.test", "Lars Østergaard", False),
    ("Sekretariat (Holstebro Kommune)", "anne.birk@klynge.test", "Anne Birk", False),
    ("Medformand for FSG", "hanne.vinther@klynge.test", "Hanne Vinther", False),
    ("Medformand for fokusgruppen", "peter.lykke@klynge.test", "Peter Lykke", False),
    ("Patientrepræsentant (FSG)", "jens.aagaard@klynge.test", "Jens Aagaard", False),
    ("Observatør i FSG (Region Midtjylland)", "sofie.brandt@klynge.test", "Sofie Brandt", False),
]
# The co-chairs the demo signs in as: of FSG for the hospital, of the focus group for Herning.
FSG_CO_CHAIR = {"name": "Hanne Vinther", "email": "hanne.vinther@klynge.test"}
FOCUS_GROUP_CO_CHAIR = {"name": "Peter Lykke", "email": "peter.lykke@klynge.test"}


FIRST_NAMES = [
    "Anders", "Birgitte", "Camilla", "Dorthe", "Erik", "Frederik", "Gitte", "Hanne", "Ida", "Jakob",
    "Karen", "Lars", "Maria", "Niels", "Ole", "Pernille", "Rasmus", "Signe", "Torben", "Ulla",
    "Vibeke", "William", "Yvonne", "Åse", "Søren", "Mikkel", "Line", "Henrik", "Trine", "Jens",
]  # fmt: skip
SURNAMES = [
    "Andersen", "Bach", "Christensen", "Dahl", "Eriksen", "Frost", "Gregersen", "Holm", "Iversen",
    "Jensen", "Kjærgaard", "Lauridsen", "Mørk", "Nørgaard", "Overgaard", "Poulsen", "Rasmussen",
    "Skov", "Thomsen", "Vestergaard", "Østergaard", "Aagaard", "Bødker", "Lund", "Krogh",
]  # fmt: skip
ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def _people() -> "itertools.cycle[tuple[str, str]]":
    pairs = [(f, s) for f, s in zip(FIRST_NAMES * 3, SURNAMES * 4, strict=False)]
    return itertools.cycle(pairs[:60])


def demo_member_rows() -> list[dict[str, str]]:
    """Member-file rows for FSG (2022–2025 and 2026–) and the focus group, with deliberate gaps:
    FSG lacks Lemvig's director and one patient representative now; the focus group's
    Ringkøbing-Skjern representatives are not continuing, and its Struer seat is empty."""
    people = _people()
    municipalities = [
        "herning",
        "holstebro",
        "ikast-brande",
        "lemvig",
        "ringkoebing-skjern",
        "struer",
    ]
    rows: list[dict[str, str]] = []

    def add(
        body: str, seat: str, org: str, start: str, role: str = "", **extra: str
    ) -> dict[str, str]:
        if "email" not in extra:
            first, last = next(people)
            email = f"{first}.{last}@{org}.test".lower().translate(ASCII)
            extra |= {"name": f"{first} {last}", "email": email}
        row = {
            "body": body,
            "seat": seat,
            "organisation": org,
            "start": start,
            "role": role,
            **extra,
        }
        rows.append(row)
        return row

    for start, chair in (("2022-01-01", "herning"), ("2026-01-01", "holstebro")):
        now = start == "2026-01-01"
        add(
            "fsg",
            "hospitalsledelse",
            "goedstrup",
            start,
            role="chair",
            **(FSG_CO_CHAIR if now else {}),
        )
        hospital = add("fsg", "hospitalsledelse", "goedstrup", start)
        add("fsg", "psykiatriledelse", "psykiatrien", start)
        directors = {}
        for municipality in municipalities:
            if now and municipality == "lemvig":
                continue  # a vacancy
            role = "chair" if municipality == chair else ""
            directors[municipality] = add(
                "fsg", "kommune-fagdirektoer", municipality, start, role=role
            )
        # The operative groups are chaired by FSG members from the hospital and the chair
        # municipality (seed 000 § 5).
        for group in ("fog-voksen-somatik", "fog-voksen-psykiatri", "fog-boern-unge"):
            for person in (hospital, directors[chair]):
                org, name, email = person["organisation"], person["name"], person["email"]
                end = "" if now else "2025-12-31"
                add(group, "", org, start, role="chair", name=name, email=email, end=end)
        add("fsg", "boern-unge-fagdirektoer", "ikast-brande", start)
        add("fsg", "almen-praksis", "almen-praksis", start, appointed_by="PLO")
        add("fsg", "almen-praksis", "almen-praksis", start, appointed_by="PLO")
        patient = {"name": "Jens Aagaard", "email": "jens.aagaard@klynge.test"} if now else {}
        add(
            "fsg",
            "patienter",
            "patienter",
            start,
            appointed_by="Patientinddragelsesudvalget",
            **patient,
        )
        if not now:
            add("fsg", "patienter", "patienter", start, appointed_by="PIU")
        # The demo sign-ins are the secretariat of today's period (see DEMO_USERS).
        lars = {"name": "Lars Østergaard", "email": "lars.oestergaard@klynge.test"} if now else {}
        anne = {"name": "Anne Birk", "email": "anne.birk@klynge.test"} if now else {}
        add("fsg", "", "goedstrup", start, role="secretariat", **lars)
        add("fsg", "", chair, start, role="secretariat", **anne)
        if now:  # a consultant from Sundhedsplanlægning, who reads all but the closed items
            sofie = {"name": "Sofie Brandt", "email": "sofie.brandt@klynge.test"}
            add("fsg", "", "rm", start, role="observer", **sofie)
    for municipality in municipalities:
        if municipality == "struer":
            continue  # an empty seat
        continuing = "nej" if municipality == "ringkoebing-skjern" else "ja"
        add("sundhed-for-voksne", "kommune", municipality, "2022-07-01", continuing=continuing)
        add("sundhed-for-voksne", "kommune", municipality, "2022-07-01", continuing="nej")
    add("sundhed-for-voksne", "psykiatri", "psykiatrien", "2022-07-01")
    add(
        "sundhed-for-voksne", "hospitalsafdelinger", "goedstrup", "2022-07-01", role="chair"
    )  # regional co-chair
    add("sundhed-for-voksne", "hospitalsafdelinger", "goedstrup", "2022-07-01")
    add("sundhed-for-voksne", "almen-praksis", "almen-praksis", "2022-07-01")
    lars = {"name": "Lars Østergaard", "email": "lars.oestergaard@klynge.test"}
    add("sundhed-for-voksne", "konsulent", "goedstrup", "2022-07-01", role="secretariat", **lars)
    # Chosen co-chairs in 2-year periods from 1 July; the municipal consultant follows the chair.
    for start, end, municipality in (
        ("2022-07-01", "2024-06-30", "ikast-brande"),
        ("2024-07-01", "2026-06-30", "ringkoebing-skjern"),
        ("2026-07-01", "", "herning"),
    ):
        named = FOCUS_GROUP_CO_CHAIR if municipality == "herning" else {}
        add("sundhed-for-voksne", "", municipality, start, role="chair", end=end, **named)
        add("sundhed-for-voksne", "konsulent", municipality, start, role="secretariat", end=end)
    # Members of the operative groups, set by FSG without seat bounds (seed 000 § 5).
    for group, orgs in (
        ("fog-voksen-somatik", ("goedstrup", "herning", "struer", "almen-praksis")),
        ("fog-voksen-psykiatri", ("psykiatrien", "holstebro", "lemvig", "almen-praksis")),
        ("fog-boern-unge", ("goedstrup", "psykiatrien", "ikast-brande", "ringkoebing-skjern")),
    ):
        for org in orgs:
            add(group, "medlemmer", org, "2026-01-01")
    # The steering group's co-chairs, in 2-year periods from 1 January of even years.
    for start, end, municipality in (
        ("2022-01-01", "2023-12-31", "herning"),
        ("2024-01-01", "2025-12-31", "struer"),
        ("2026-01-01", "", "lemvig"),
    ):
        add("klyngestyregruppe", "", "rm", start, role="chair", end=end)
        add("klyngestyregruppe", "", municipality, start, role="chair", end=end)
    return rows


def load_demo_members(*, acting_user: Actor, today: datetime.date | None = None) -> "ImportReport":
    """Import the demo members through the same path as a member file, and the meetings around
    `today` (the day it is loaded; tests choose one); a second load changes nothing."""
    from django.utils import timezone

    from klynge.core.member_file import COLUMNS, read_member_file, write_member_rows
    from klynge.governance.membership import import_members

    rows = [{c: row.get(c, "") for c in COLUMNS} for row in demo_member_rows()]
    content = write_member_rows(rows).encode("utf-8")
    report = import_members(
        read_member_file(content, "demo"), source="demo", acting_user=acting_user
    )
    _demo_group(acting_user)
    _demo_meetings(acting_user, today or timezone.localdate())
    return report


DEMO_PLACES = {
    "fsg": "Regionshospitalet Gødstrup, mødelokale 1",
    "sundhed-for-voksne": "Herning Rådhus, mødesal 2",
}


def _demo_meetings(acting_user: Actor, today: datetime.date) -> None:
    """The meetings since 2022 and until the end of next year as the planner proposes them, and
    the focus group's theme days shared with the steering group; FSG's and the focus group's
    ordinary meetings around today are those of demo_today.py. A deliberate gap: the operative
    group for children and young people holds three meetings in 2026, not four."""
    from klynge.core.meetings import propose_dates
    from klynge.demo_today import in_living_window, load_today
    from klynge.governance.models import Body
    from klynge.meetings.models import Meeting, MeetingKind
    from klynge.meetings.services import MeetingRow, create_meetings

    if Meeting.objects.exists():
        return
    bodies = {b.key: b for b in Body.objects.all()}
    weekdays = {"fsg": 2, "sundhed-for-voksne": 3, "fog-voksen-somatik": 1,
                "fog-voksen-psykiatri": 1, "fog-boern-unge": 3, "klyngestyregruppe": 4}  # fmt: skip
    one, three = datetime.time(13, 0), datetime.time(15, 0)
    for key, weekday in weekdays.items():
        body = bodies.get(key)
        if body is None:
            continue
        place = DEMO_PLACES.get(key, "Regionshospitalet Gødstrup")
        for year in range(2022, today.year + 2):
            days = [p.day for p in propose_dates(year, 4, weekday=weekday)]
            if key == "fog-boern-unge" and year == 2026:
                days = days[:3]
            if key in {"fsg", "sundhed-for-voksne"}:
                days = [d for d in days if not in_living_window(d, today)]
            rows = [MeetingRow(d, one, three, place=place) for d in days]
            if key == "sundhed-for-voksne":
                rows += [
                    MeetingRow(p.day, datetime.time(9, 0), three, kind=MeetingKind.THEME_DAY,
                               place="MCH Herning", title="Temadag for fokusgrupperne")
                    for p in propose_dates(year, 2, weekday=4, taken=[r.date for r in rows])
                ]  # fmt: skip
            create_meetings(
                acting_user=acting_user,
                body=body,
                rows=rows,
                shared_with=[bodies["klyngestyregruppe"]],
                notify=False,
            )
    _demo_agendas_sent(today)
    load_today(acting_user=acting_user, today=today)


def _demo_agendas_sent(today: datetime.date) -> None:
    """The demo's history: every agenda of a meeting before today went out the day before its
    deadline, and minutes were published a week after the meeting.
    (Recorded directly: this is the past that the demo starts from, not something anyone did in
    Klynge.)"""
    from zoneinfo import ZoneInfo

    from klynge.core.meetings import agenda_deadline
    from klynge.governance.reads import agenda_lead_days
    from klynge.meetings.models import (
        STANDARD_ITEMS,
        AgendaItem,
        AgendaStatus,
        Meeting,
        MeetingKind,
        MinutesStatus,
    )

    noon = datetime.time(12, 0)
    for meeting in (
        Meeting.objects.filter(date__lt=today)
        .exclude(kind=MeetingKind.THEME_DAY)
        .select_related("body")
    ):
        lead = agenda_lead_days(meeting.body, meeting.date) or 10
        sent = agenda_deadline(meeting.date, lead) - datetime.timedelta(days=1)
        meeting.agenda_status = AgendaStatus.SENT
        meeting.agenda_sent_at = datetime.datetime.combine(
            sent, noon, ZoneInfo("Europe/Copenhagen")
        )
        update = ["agenda_status", "agenda_sent_at"]
        # Minutes of the meetings held until ten days ago were published a week after; the
        # latest meetings' minutes are still being written (the minutes.due warnings).
        if meeting.date < today - datetime.timedelta(days=10):
            meeting.minutes_status = MinutesStatus.PUBLISHED
            meeting.minutes_published_at = datetime.datetime.combine(
                meeting.date + datetime.timedelta(days=7), noon, ZoneInfo("Europe/Copenhagen")
            )
            update += ["minutes_status", "minutes_published_at"]
        meeting.save(update_fields=update)
    AgendaItem.objects.filter(
        meeting__minutes_status=MinutesStatus.PUBLISHED, standard=True, title=STANDARD_ITEMS[0][0]
    ).update(decision="Dagsordenen blev godkendt.")
    _demo_case(today)
    from klynge.meetings import search

    search.rebuild()  # update() passes the search index's signals by


DEMO_CASE_TEXT = (
    "<h2>Baggrund</h2><p>Akutpladserne i kommunerne bruges forskelligt, og "
    "genindlæggelserne af ældre medicinske patienter ligger over landsgennemsnittet.</p>"
    "<ul><li>Fælles visitation mellem Akutafdelingen og kommunerne</li>"
    "<li>Én indgang for almen praksis døgnet rundt</li></ul>"
    "<table><tr><th>Kommune</th><th>Pladser</th></tr><tr><td>Herning</td><td>6</td></tr>"
    "<tr><td>Holstebro</td><td>4</td></tr><tr><td>Struer</td><td>2</td></tr></table>"
)


def _demo_case(today: datetime.date) -> None:
    """One case worked through the cycle at FSG's August 2026 meeting: an item with its texts,
    the decision, and an action for Struer that is still open (followed up in November); and a
    member's proposal waiting for the secretariat. Recorded directly, as history: where the
    demo's day is close to that meeting, demo_today.py's meetings take its place."""
    from klynge.governance.models import Appointment, Organisation
    from klynge.meetings.models import (
        ActionItem,
        AgendaItem,
        ItemKind,
        ItemProposal,
        Meeting,
        MeetingKind,
        MinutesStatus,
    )
    from klynge.meetings.services import renumber

    meeting = Meeting.objects.filter(
        body__key="fsg", date__year=2026, date__month=8, kind=MeetingKind.ORDINARY,
        minutes_status=MinutesStatus.PUBLISHED,
    ).first()  # fmt: skip
    if meeting is None:
        return
    item = AgendaItem.objects.create(
        meeting=meeting, position=3, title="Fælles model for akutpladser", kind=ItemKind.DECISION,
        presenter="Hospitalsledelsen", minutes=30, case_number="26/04512",
        summary="Forslag til en fælles model for brugen af kommunale akutpladser.",
        recommendation="Det indstilles, at FSG godkender modellen og beder kommunerne om en "
        "plan for implementering.",
        case_text=DEMO_CASE_TEXT, charter_tasks=["1"],
        decision="Modellen blev godkendt. Kommunerne udarbejder en plan for implementering.",
    )  # fmt: skip
    renumber(meeting)
    ActionItem.objects.create(
        meeting=meeting, item=item, title="Plan for implementering af akutpladser",
        organisation=Organisation.objects.get(cluster=meeting.body.cluster, key="struer"),
        due=datetime.date(2026, 12, 15),
    )  # fmt: skip
    proposer = (
        Appointment.objects.filter(body=meeting.body, seat="patienter")
        .select_related("person", "organisation")
        .first()
    )
    if proposer is not None:
        ItemProposal.objects.create(
            body=meeting.body, proposed_by=proposer.person, organisation=proposer.organisation,
            title="Pårørendes rolle ved udskrivelse",
            description="Pårørende oplever, at de ikke får besked, når en ældre udskrives.",
        )  # fmt: skip


def _demo_group(acting_user: Actor) -> None:
    """A development group the focus group set up, with its contact person (seed 004)."""
    from klynge.governance.bodies import create_ad_hoc_group
    from klynge.governance.models import Appointment, Body

    if Body.objects.filter(key="udviklingsgruppe-hjertesvigt").exists():
        return
    parent = Body.objects.get(key="sundhed-for-voksne")
    start = datetime.date(2026, 3, 1)
    contact = (
        Appointment.objects.filter(body=parent, seat="kommune", organisation__key="herning")
        .valid_on(start)
        .order_by("pk")
        .first()
    )
    if contact is None:
        return
    create_ad_hoc_group(
        acting_user=acting_user,
        parent=parent,
        name="Udviklingsgruppe hjertesvigt",
        kind="development-group",
        purpose="Idéer og oplæg til nye indsatser for borgere med hjertesvigt på tværs af "
        "sektorer (opgave 8 i kommissoriet for Fokusgruppen Sundhed for voksne).",
        contact=contact,
        start=start,
    )


def demo_sign_ins() -> list[tuple[str, str]]:
    return [(role, email) for role, email, _, _ in DEMO_USERS]


def load_demo_data(*, acting_user: Actor) -> list[User]:
    """Create the demo users that do not exist yet; existing ones are left as they are."""
    created = []
    existing = set(
        User.objects.filter(email__in=[u[1] for u in DEMO_USERS]).values_list("email", flat=True)
    )
    for _, email, name, admin in DEMO_USERS:
        if email in existing:
            continue
        created.append(
            services.create_user(
                acting_user=acting_user,
                email=email,
                full_name=name,
                password=DEMO_PASSWORD,
                is_staff=admin,
                is_superuser=admin,
            )
        )
    return created
