"""Between bodies (issue 12): a secretariat changes only what belongs to its bodies. Someone who
also sits elsewhere is not renamed or re-homed by it: the difference is shown and may be proposed
to an administrator. A theme day is shared with the bodies the charters name, and with any other
only when that body's secretariat accepts."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from klynge.accounts.models import AuditEntry, User
from klynge.core.problems import InvalidInput
from klynge.governance.bodies import close_body
from klynge.governance.models import (
    Appointment,
    Body,
    ChangeStatus,
    Organisation,
    Person,
    PersonChangeProposal,
)
from klynge.meetings.models import Meeting, MeetingShareRequest, ShareStatus
from klynge.meetings.services import MeetingRow, charter_partners, create_meetings
from tests.helpers import Mailbox, import_lines, make_person

HEADER = "organ;plads;organisation;navn;e-mail;start;rolle"
D = datetime.date


@pytest.fixture
def two_bodies(fsg: Body) -> dict[str, object]:
    """FSG run by Lars (the `fsg` fixture); Sundhed for voksne run by Anne, with Birgit from
    Herning, who also sits in FSG; the steering group with a mayor."""
    anne = make_person("anne@klynge.test", "Anne Birk")
    import_lines([
        HEADER,
        "sundhed-for-voksne;konsulent;goedstrup;Anne Birk;anne@klynge.test;2026-01-01;sekretariat",
        "sundhed-for-voksne;kommune;herning;Birgit Bach;birgit@herning.test;2026-01-01;",
        "fsg;kommune-fagdirektoer;herning;Birgit Bach;birgit@herning.test;2026-01-01;",
        "sundhed-for-voksne;kommune;holstebro;Carl Cold;carl@holstebro.test;2026-01-01;",
        "klyngestyregruppe;;herning;Borgmester Hansen;mayor@herning.test;2026-01-01;",
    ])  # fmt: skip
    return {"anne": anne}


def appoint_form(**changes: str) -> dict[str, str]:
    return {
        "seat": "kommune", "role": "", "name": "Birgit Bach-Nielsen",
        "email": "birgit@herning.test", "organisation": "holstebro", "start": "2026-11-01",
        "end": "", "appointed_by": "", "substitute_for": "",
    } | changes  # fmt: skip


# ---- people who sit elsewhere ------------------------------------------------------------------


def test_the_appoint_form_leaves_someone_from_another_body_as_registered_and_proposes_the_change(
    client: Client, two_bodies: dict[str, object], admin: User
) -> None:
    client.force_login(two_bodies["anne"])  # type: ignore[arg-type]
    response = client.post("/bodies/sundhed-for-voksne/appoint/", appoint_form(), follow=True)
    page = response.content.decode()
    birgit = Person.objects.get(email="birgit@herning.test")
    # Appointed, but FSG's Birgit is neither renamed nor moved to Holstebro by Anne.
    assert (birgit.name, birgit.organisation.key) == ("Birgit Bach", "herning")  # type: ignore[union-attr]
    assert Appointment.objects.filter(person=birgit, start=D(2026, 11, 1)).exists()
    assert not AuditEntry.objects.filter(action="person.update").exists()
    assert "Udpegningen af Birgit Bach er registreret" in page
    assert (
        "Navnet, du skrev (Birgit Bach-Nielsen), afviger fra det registrerede (Birgit Bach)."
        in page
    )
    assert (
        "Organisationen, du valgte (Holstebro Kommune), afviger fra den registrerede "
        "(Herning Kommune)." in page
    )
    appointment = Appointment.objects.get(person=birgit, start=D(2026, 11, 1))
    proposed = client.post(
        f"/bodies/sundhed-for-voksne/appointments/{appointment.pk}/propose-person-change/",
        {"name": "Birgit Bach-Nielsen", "organisation": "holstebro"},
        follow=True,
    )
    assert (
        "Ændringen af Birgit Bach er foreslået til en administrator." in proposed.content.decode()
    )
    [proposal] = PersonChangeProposal.objects.all()
    assert (proposal.name, proposal.organisation.key, proposal.status) == (  # type: ignore[union-attr]
        "Birgit Bach-Nielsen", "holstebro", ChangeStatus.OPEN,
    )  # fmt: skip
    assert AuditEntry.objects.filter(action="personchangeproposal.create").count() == 1
    # Only administrators decide: Anne may not even see the page.
    assert client.get("/people/changes/").status_code == 403
    assert client.post(f"/people/changes/{proposal.pk}/apply/").status_code == 403
    # The administrator sees it on the home page and applies it.
    client.force_login(admin)
    assert "Ændring af Birgit Bach" in client.get("/").content.decode()
    listing = client.get("/people/changes/").content.decode()
    assert "Birgit Bach → Birgit Bach-Nielsen" in listing
    applied = client.post(f"/people/changes/{proposal.pk}/apply/", follow=True)
    assert "Ændringen af Birgit Bach er gennemført." in applied.content.decode()
    birgit.refresh_from_db()
    assert (birgit.name, birgit.organisation.key) == ("Birgit Bach-Nielsen", "holstebro")  # type: ignore[union-attr]
    assert AuditEntry.objects.filter(action="person.update", actor=admin).count() == 1
    assert AuditEntry.objects.filter(action="personchangeproposal.apply", actor=admin).exists()
    # A proposal is decided once.
    again = client.post(f"/people/changes/{proposal.pk}/dismiss/", follow=True)
    assert "den foreslåede ændring er allerede afgjort" in again.content.decode().lower()
    assert PersonChangeProposal.objects.get().status == ChangeStatus.APPLIED
    assert "Ændring af Birgit" not in client.get("/").content.decode()


def test_a_secretariat_cannot_propose_for_someone_outside_its_bodies(
    client: Client, two_bodies: dict[str, object]
) -> None:
    mayor = Appointment.objects.get(person__email="mayor@herning.test")
    client.force_login(two_bodies["anne"])  # type: ignore[arg-type]
    for url in (
        f"/bodies/klyngestyregruppe/appointments/{mayor.pk}/propose-person-change/",
        f"/bodies/sundhed-for-voksne/appointments/{mayor.pk}/propose-person-change/",
    ):
        assert client.post(url, {"name": "Anden Borgmester"}).status_code in {403, 404}
    assert not PersonChangeProposal.objects.exists()


def test_the_administrator_dismisses_a_proposal_and_nothing_changes(
    client: Client, two_bodies: dict[str, object], admin: User
) -> None:
    client.force_login(two_bodies["anne"])  # type: ignore[arg-type]
    client.post("/bodies/sundhed-for-voksne/appoint/", appoint_form(organisation="herning"))
    appointment = Appointment.objects.get(person__email="birgit@herning.test", start=D(2026, 11, 1))
    client.post(
        f"/bodies/sundhed-for-voksne/appointments/{appointment.pk}/propose-person-change/",
        {"name": "Birgit Bach-Nielsen"},
    )
    proposal = PersonChangeProposal.objects.get()
    assert proposal.organisation is None  # the organisation did not differ
    client.force_login(admin)
    client.post(f"/people/changes/{proposal.pk}/dismiss/")
    proposal.refresh_from_db()
    assert proposal.status == ChangeStatus.DISMISSED and proposal.decided_by == admin
    assert Person.objects.get(email="birgit@herning.test").name == "Birgit Bach"


def test_a_secretariat_still_corrects_someone_who_sits_only_in_its_bodies(
    client: Client, two_bodies: dict[str, object]
) -> None:
    client.force_login(two_bodies["anne"])  # type: ignore[arg-type]
    response = client.post(
        "/bodies/sundhed-for-voksne/appoint/",
        appoint_form(
            name="Carl Cold Jensen", email="carl@holstebro.test", organisation="holstebro"
        ),
    )
    assert response.status_code == 302 and response["Location"] == "/bodies/sundhed-for-voksne/"
    assert Person.objects.get(email="carl@holstebro.test").name == "Carl Cold Jensen"
    assert not PersonChangeProposal.objects.exists()


def test_the_administrators_own_appointment_changes_the_person(
    client: Client, two_bodies: dict[str, object], admin: User
) -> None:
    client.force_login(admin)
    response = client.post("/bodies/sundhed-for-voksne/appoint/", appoint_form())
    assert response["Location"] == "/bodies/sundhed-for-voksne/"
    birgit = Person.objects.get(email="birgit@herning.test")
    assert (birgit.name, birgit.organisation.key) == ("Birgit Bach-Nielsen", "holstebro")  # type: ignore[union-attr]


def test_the_command_line_changes_the_person_as_an_administrator_would(
    two_bodies: dict[str, object],
) -> None:
    import_lines(
        [
            HEADER,
            "sundhed-for-voksne;kommune;herning;Birgit B. Bach;birgit@herning.test;2026-01-01;",
        ]
    )
    assert Person.objects.get(email="birgit@herning.test").name == "Birgit B. Bach"


def test_the_import_preview_shows_the_difference_and_the_confirm_proposes_it(
    client: Client, two_bodies: dict[str, object]
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = "\n".join([
        HEADER,
        "sundhed-for-voksne;kommune;herning;Birgit Bach-Nielsen;birgit@herning.test;2026-01-01;",
        "sundhed-for-voksne;kommune;holstebro;Carl C. Cold;carl@holstebro.test;2026-01-01;",
    ]).encode()  # fmt: skip
    client.force_login(two_bodies["anne"])  # type: ignore[arg-type]
    preview = client.post(
        "/members/import/", {"file": SimpleUploadedFile("sfv.csv", content)}
    ).content.decode()
    assert (
        "Navnet i filen (Birgit Bach-Nielsen) afviger fra det registrerede (Birgit Bach)."
        in preview
    )
    assert "Foreslå ændringen af Birgit Bach til en administrator" in preview
    assert 'value="birgit@herning.test"' in preview
    assert 'carl@holstebro.test" id="propose' not in preview  # Carl is Anne's alone: changed
    saved = client.post(
        "/members/import/confirm/", {"propose": ["birgit@herning.test", "carl@holstebro.test"]},
        follow=True,
    ).content.decode()  # fmt: skip
    assert "Ændringen af 1 person er foreslået til en administrator." in saved
    assert Person.objects.get(email="birgit@herning.test").name == "Birgit Bach"
    assert Person.objects.get(email="carl@holstebro.test").name == "Carl C. Cold"
    [proposal] = PersonChangeProposal.objects.all()
    assert (proposal.person.email, proposal.name, proposal.body.key) == (  # type: ignore[union-attr]
        "birgit@herning.test", "Birgit Bach-Nielsen", "sundhed-for-voksne",
    )  # fmt: skip


def test_a_development_group_does_not_re_home_its_contact_person(
    two_bodies: dict[str, object],
) -> None:
    from klynge.governance.bodies import create_ad_hoc_group

    birgit = Appointment.objects.get(
        person__email="birgit@herning.test", body__key="sundhed-for-voksne"
    )
    Appointment.objects.filter(pk=birgit.pk).update(
        organisation=Organisation.objects.get(key="holstebro")
    )
    birgit.refresh_from_db()
    create_ad_hoc_group(
        acting_user=two_bodies["anne"], parent=birgit.body, name="Udviklingsgruppe for søvn",  # type: ignore[arg-type]
        kind="development-group", purpose="Søvn.", contact=birgit, start=D(2026, 11, 1),
    )  # fmt: skip
    assert Person.objects.get(email="birgit@herning.test").organisation.key == "herning"  # type: ignore[union-attr]


def test_a_closing_body_hands_members_only_to_a_successor_its_secretariat_runs(
    two_bodies: dict[str, object],
) -> None:
    sfv = Body.objects.get(key="sundhed-for-voksne")
    steering = Body.objects.get(key="klyngestyregruppe")
    with pytest.raises(InvalidInput) as refused:
        close_body(
            acting_user=two_bodies["anne"], body=sfv, last_day=D(2026, 12, 31),  # type: ignore[arg-type]
            successor=steering, hand_over=list(Appointment.objects.filter(body=sfv)),
        )  # fmt: skip
    assert [p.render("da") for p in refused.value.problems] == [
        "successor: du er ikke sekretariat for Klyngestyregruppen"
    ]
    assert not Appointment.objects.filter(body=steering, start=D(2027, 1, 1)).exists()
    assert Body.objects.get(key="sundhed-for-voksne").closed_on is None


# ---- theme days shared between bodies ----------------------------------------------------------


def test_the_charters_name_the_steering_group_and_the_other_focus_groups(charters: object) -> None:
    sfv = Body.objects.get(key="sundhed-for-voksne")
    steering = Body.objects.get(key="klyngestyregruppe")
    other_focus = Body.objects.create(
        cluster=sfv.cluster, key="sundhed-for-boern", name="Fokusgruppen Sundhed for børn",
        kind="tactical-operational",
    )  # fmt: skip
    on = D(2026, 11, 1)
    assert charter_partners(sfv, on) == {steering.pk, other_focus.pk}
    # The steering group's theme days are the focus group's: named by the focus group's charter.
    assert sfv.pk in charter_partners(steering, on)
    assert charter_partners(Body.objects.get(key="fsg"), on) == set()


def theme_day_form(*bodies: Body) -> dict[str, object]:
    return {
        "kind": "theme-day", "title": "Sammenhæng for ældre", "date": "2027-04-08",
        "starts": "09:00", "ends": "15:00", "place": "Gødstrup", "video_link": "",
        "shared_with": [str(b.pk) for b in bodies],
    }  # fmt: skip


def test_a_theme_day_is_shared_at_once_only_with_the_bodies_the_charters_name(
    client: Client, two_bodies: dict[str, object], secretary: User, mailbox: Mailbox
) -> None:
    fsg = Body.objects.get(key="fsg")
    steering = Body.objects.get(key="klyngestyregruppe")
    client.force_login(two_bodies["anne"])  # type: ignore[arg-type]
    form = client.get("/bodies/sundhed-for-voksne/meetings/new/").content.decode()
    assert "Faglig Strategisk Gruppe (spørges først)" in form
    assert "Klyngestyregruppen (spørges først)" not in form
    response = client.post(
        "/bodies/sundhed-for-voksne/meetings/new/", theme_day_form(steering, fsg), follow=True
    )
    assert (
        "Kommissoriet nævner ikke Faglig Strategisk Gruppe ved temadage"
        in response.content.decode()
    )
    meeting = Meeting.objects.get(title="Sammenhæng for ældre")
    assert list(meeting.also_for.all()) == [steering]
    [request] = MeetingShareRequest.objects.all()
    assert (request.body, request.status, request.asked_by) == (
        fsg,
        ShareStatus.OPEN,
        two_bodies["anne"],
    )
    # The notice went to the focus group and the steering group, not to FSG's members.
    invited = sorted(m["To"] for m in mailbox.wait_for(4))
    assert invited == [
        "anne@klynge.test", "birgit@herning.test", "carl@holstebro.test", "mayor@herning.test",
    ]  # fmt: skip
    assert AuditEntry.objects.filter(action="meetingsharerequest.create").count() == 1
    # Jens, of FSG, does not see the theme day yet.
    jens = User.objects.get(email="jens@klynge.test")
    client.force_login(jens)
    assert client.get(f"/meetings/{meeting.pk}/").status_code == 404
    # Anne may not answer for FSG.
    client.force_login(two_bodies["anne"])  # type: ignore[arg-type]
    assert client.post(f"/meetings/sharing/{request.pk}/accept/").status_code == 404
    # FSG's secretariat sees the request on its home page and accepts it.
    mailbox.messages.clear()
    client.force_login(secretary)
    home = client.get("/").content.decode()
    assert "Fokusgruppen Sundhed for voksne spørger, om I vil deltage i en temadag" in home
    page = client.get("/meetings/sharing/").content.decode()
    assert "Sammenhæng for ældre" in page and "Torsdag den 8. april 2027" in page
    accepted = client.post(f"/meetings/sharing/{request.pk}/accept/", follow=True)
    assert "Faglig Strategisk Gruppe deltager nu i temadagen" in accepted.content.decode()
    assert set(meeting.also_for.all()) == {steering, fsg}
    request.refresh_from_db()
    assert (request.status, request.answered_by) == (ShareStatus.ACCEPTED, secretary)
    # Now FSG's members are invited, and only they.
    invited = sorted(m["To"] for m in mailbox.wait_for(4))
    assert invited == [
        "birgit@herning.test", "jens@klynge.test", "lars@klynge.test", "lone@lemvig.test",
    ]  # fmt: skip
    assert AuditEntry.objects.filter(action="meetingsharerequest.accept", actor=secretary).exists()
    assert AuditEntry.objects.filter(action="meeting.share").count() == 2
    client.force_login(jens)
    assert client.get(f"/meetings/{meeting.pk}/").status_code == 200
    # A request is answered once.
    client.force_login(secretary)
    again = client.post(f"/meetings/sharing/{request.pk}/decline/", follow=True)
    assert "anmodningen er allerede besvaret" in again.content.decode().lower()


def test_a_declined_request_leaves_the_other_body_out(
    client: Client, two_bodies: dict[str, object], secretary: User
) -> None:
    fsg = Body.objects.get(key="fsg")
    sfv = Body.objects.get(key="sundhed-for-voksne")
    [meeting] = create_meetings(
        acting_user=two_bodies["anne"], body=sfv, shared_with=[fsg], notify=False,  # type: ignore[arg-type]
        rows=[MeetingRow(D(2027, 4, 8), datetime.time(9), datetime.time(15), kind="theme-day")],
    )  # fmt: skip
    request = MeetingShareRequest.objects.get()
    client.force_login(secretary)
    client.post(f"/meetings/sharing/{request.pk}/decline/")
    request.refresh_from_db()
    assert request.status == ShareStatus.DECLINED
    assert not meeting.also_for.exists()
    # Members and people outside any secretariat do not reach the page.
    client.force_login(User.objects.get(email="jens@klynge.test"))
    assert client.get("/meetings/sharing/").status_code == 403


def test_a_secretariat_that_runs_both_bodies_shares_at_once(two_bodies: dict[str, object]) -> None:
    import_lines([HEADER, "fsg;;goedstrup;Anne Birk;anne@klynge.test;2026-01-01;sekretariat"])
    fsg = Body.objects.get(key="fsg")
    [meeting] = create_meetings(
        acting_user=two_bodies["anne"], body=Body.objects.get(key="sundhed-for-voksne"),  # type: ignore[arg-type]
        shared_with=[fsg], notify=False,
        rows=[MeetingRow(D(2027, 4, 8), datetime.time(9), datetime.time(15), kind="theme-day")],
    )  # fmt: skip
    assert list(meeting.also_for.all()) == [fsg]
    assert not MeetingShareRequest.objects.exists()


def test_only_the_asked_bodys_secretariat_answers(two_bodies: dict[str, object]) -> None:
    from klynge.governance.access import access_share_request, access_share_requests

    fsg = Body.objects.get(key="fsg")
    create_meetings(
        acting_user=two_bodies["anne"], body=Body.objects.get(key="sundhed-for-voksne"),  # type: ignore[arg-type]
        shared_with=[fsg], notify=False,
        rows=[MeetingRow(D(2027, 4, 8), datetime.time(9), datetime.time(15), kind="theme-day")],
    )  # fmt: skip
    request = MeetingShareRequest.objects.get()
    lars = User.objects.get(email="lars@klynge.test")
    assert access_share_request(lars, request.pk) == request
    with pytest.raises(PermissionDenied):
        access_share_requests(User.objects.get(email="jens@klynge.test"))


def test_ticking_another_body_on_a_planned_theme_day_asks_it_first(
    client: Client, two_bodies: dict[str, object]
) -> None:
    fsg = Body.objects.get(key="fsg")
    steering = Body.objects.get(key="klyngestyregruppe")
    sfv = Body.objects.get(key="sundhed-for-voksne")
    [meeting] = create_meetings(
        acting_user=two_bodies["anne"], body=sfv, notify=False,  # type: ignore[arg-type]
        rows=[MeetingRow(D(2027, 4, 8), datetime.time(9), datetime.time(15), kind="theme-day")],
    )  # fmt: skip
    client.force_login(two_bodies["anne"])  # type: ignore[arg-type]
    form = theme_day_form(steering, fsg) | {"sequence": str(meeting.sequence)}
    response = client.post(f"/meetings/{meeting.pk}/change/", form, follow=True)
    assert "Kommissoriet nævner ikke Faglig Strategisk Gruppe" in response.content.decode()
    assert list(meeting.also_for.all()) == [steering]
    assert MeetingShareRequest.objects.get().body == fsg
    # An ordinary meeting is shared with nobody, whatever is ticked.
    client.post("/bodies/sundhed-for-voksne/meetings/new/", theme_day_form(steering) | {
        "kind": "ordinary", "date": "2027-05-05", "title": "Ordinært"})  # fmt: skip
    assert not Meeting.objects.get(title="Ordinært").also_for.exists()


def test_the_form_marks_only_the_bodies_that_would_be_asked(
    client: Client, two_bodies: dict[str, object], secretary: User
) -> None:
    client.force_login(secretary)  # FSG's secretariat also runs the operative groups
    form = client.get("/bodies/fsg/meetings/new/?kind=theme-day").content.decode()
    assert "Fokusgruppen Sundhed for voksne (spørges først)" in form
    assert "Fagligt operativ gruppe Voksen-somatik (spørges først)" not in form
    assert "Fagligt operativ gruppe Voksen-somatik" in form


def test_replacing_with_someone_from_another_body_leaves_their_record_and_shows_it(
    client: Client, two_bodies: dict[str, object]
) -> None:
    carl = Appointment.objects.get(person__email="carl@holstebro.test")
    client.force_login(two_bodies["anne"])  # type: ignore[arg-type]
    post = {
        "last_day": "2026-10-31", "name": "B. Bach", "email": "birgit@herning.test",
        "organisation": "holstebro", "end": "", "appointed_by": "",
    }  # fmt: skip
    response = client.post(
        f"/bodies/sundhed-for-voksne/appointments/{carl.pk}/replace/", post, follow=True
    )
    page = response.content.decode()
    assert "Navnet, du skrev (B. Bach), afviger fra det registrerede (Birgit Bach)." in page
    assert Person.objects.get(email="birgit@herning.test").name == "Birgit Bach"
    assert Appointment.objects.get(person__email="carl@holstebro.test").end == D(2026, 10, 31)


def test_a_group_of_bodies_in_the_cluster_file_names_known_bodies() -> None:
    from klynge.core.cluster import parse_cluster

    data = {
        "key": "c", "name": "C",
        "organisations": [{"key": "o", "name": "O", "kind": "hospital"}],
        "bodies": [{"key": "b", "name": "B", "kind": "tactical-operational"}],
        "body_groups": [{"name": "de øvrige", "bodies": ["b", "nope"]}],
    }  # fmt: skip
    with pytest.raises(InvalidInput) as refused:
        parse_cluster(data, "c.toml")
    assert [(p.location, p.code) for p in refused.value.problems] == [
        ("body_groups[0].bodies[1]", "unknown_body")
    ]
