"""Bodies over time: development and implementation groups set up by the focus group with a contact
person from it (seed 004), and a body closed and succeeded by another (the 2027 reform)."""

import datetime

import pytest
from django.test import Client

from klynge.accounts.audit import SystemActor
from klynge.accounts.models import AuditEntry, User
from klynge.core.member_file import read_member_file
from klynge.core.problems import InvalidInput
from klynge.governance.bodies import close_body, key_for
from klynge.governance.compliance import body_findings
from klynge.governance.membership import import_members
from klynge.governance.models import Appointment, Body, CharterVersion
from klynge.governance.reads import charter_in_force, members_on

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def focus_group(charters: object, secretary: User, patient_rep: User) -> None:
    lines = [
        "organ;plads;organisation;navn;e-mail;start;rolle",
        f"sundhed-for-voksne;konsulent;goedstrup;Lars Østergaard;{secretary.email};2026-01-01;sekretariat",
        "sundhed-for-voksne;kommune;herning;Birgit Bach;birgit@herning.test;2026-01-01;",
        "sundhed-for-voksne;kommune;holstebro;Carl Cold;carl@holstebro.test;2026-01-01;",
        f"fsg;patienter;patienter;Jens Aagaard;{patient_rep.email};2026-01-01;",
    ]
    import_members(
        read_member_file("\n".join(lines).encode(), "x.csv"),
        source="x.csv",
        acting_user=SystemActor("test"),
    )


def test_a_key_is_made_from_a_danish_name_and_kept_unique() -> None:
    assert key_for("Udviklingsgruppe Æblehaven – Søvn & Ro", set()) == (
        "udviklingsgruppe-aeblehaven-soevn-ro"
    )
    assert key_for("Gruppe", {"gruppe", "gruppe-2"}) == "gruppe-3"


def test_the_focus_group_sets_up_a_development_group_with_a_contact_person(
    client: Client, secretary: User, focus_group: None
) -> None:
    client.force_login(secretary)
    page = client.get("/bodies/sundhed-for-voksne/").content.decode()
    assert "Nedsæt en udviklings- eller implementeringsgruppe" in page
    form = client.get("/bodies/sundhed-for-voksne/groups/new/").content.decode()
    birgit = Appointment.objects.get(person__email="birgit@herning.test")
    assert f'<option value="{birgit.pk}">Birgit Bach (Herning Kommune)</option>' in form
    assert '<option value="development-group">Udviklingsgruppe</option>' in form
    response = client.post(
        "/bodies/sundhed-for-voksne/groups/new/",
        {
            "name": "Udviklingsgruppe for hjertesvigt",
            "kind": "development-group",
            "purpose": "Idéer til nye forløb for borgere med hjertesvigt.",
            "contact": str(birgit.pk),
            "start": "2026-11-23",
        },
        follow=True,
    )
    text = response.content.decode()
    assert "Udviklingsgruppe for hjertesvigt er nedsat med Birgit Bach som kontaktperson." in text
    group = Body.objects.get(key="udviklingsgruppe-for-hjertesvigt")
    assert (group.kind, group.reports_to.key) == ("development-group", "sundhed-for-voksne")  # type: ignore[union-attr]
    assert "Idéer til nye forløb for borgere med hjertesvigt." in text
    assert "Kontaktperson" in text
    row = charter_in_force(group, TODAY)
    assert row is not None and row.approved_by == "Fokusgruppen Sundhed for voksne"
    assert body_findings(group, TODAY) == []
    assert AuditEntry.objects.filter(action="body.create", object_id=str(group.pk)).exists()

    # The contact person leaves the focus group: the group's finding says so and cites the clause.
    end = client.post(
        f"/bodies/sundhed-for-voksne/appointments/{birgit.pk}/end/",
        {"end": "2026-11-30", "confirm": "yes"},
    )
    assert end.status_code == 302
    [finding] = body_findings(group, datetime.date(2026, 12, 1))
    assert (finding.rule, finding.clause, finding.severity) == (
        "ad-hoc.contact-member", "Roller i Fokusgruppen Sundhed for voksne", "error",
    )  # fmt: skip
    assert finding.message_da == (
        "Kontaktpersonen Birgit Bach er ikke medlem af Fokusgruppen Sundhed for voksne."
    )
    page = client.get(f"/bodies/{group.key}/?on=2026-12-01").content.decode()
    contact = Appointment.objects.get(body=group, role="contact")
    assert f'/bodies/{group.key}/appointments/{contact.pk}/replace/">Ret det</a>' in page


def test_a_group_without_a_contact_person_is_a_breach(focus_group: None) -> None:
    from klynge.governance.bodies import create_ad_hoc_group

    parent = Body.objects.get(key="sundhed-for-voksne")
    carl = Appointment.objects.get(person__email="carl@holstebro.test")
    group = create_ad_hoc_group(
        acting_user=SystemActor("test"), parent=parent, name="Implementering af akutpladser",
        kind="implementation-group", purpose="", contact=carl, start=TODAY,
    )  # fmt: skip
    contact = Appointment.objects.get(body=group, role="contact")
    contact.end = TODAY
    contact.save()
    rules = [f.rule for f in body_findings(group, TODAY + datetime.timedelta(days=1))]
    assert rules == ["ad-hoc.contact-person"]
    with pytest.raises(InvalidInput) as refused:
        create_ad_hoc_group(
            acting_user=SystemActor("test"), parent=parent, name="X", kind="operative-group",
            purpose="", contact=Appointment.objects.get(person__email="jens@klynge.test"),
            start=TODAY,
        )  # fmt: skip
    assert [p.code for p in refused.value.problems] == [
        "not_an_ad_hoc_kind",
        "contact_not_a_member",
    ]
    assert Body.objects.filter(key="x").count() == 0


def test_only_bodies_whose_charter_says_so_set_up_groups(
    client: Client, secretary: User, focus_group: None
) -> None:
    import_members(
        read_member_file(
            f"organ;organisation;navn;e-mail;start;rolle\nfsg;goedstrup;Lars;{secretary.email};2026-01-01;sekretariat".encode(),
            "x.csv",
        ),
        source="x.csv",
        acting_user=SystemActor("test"),
    )
    client.force_login(secretary)
    assert client.get("/bodies/fsg/groups/new/").status_code == 404
    assert "Nedsæt en udviklings-" not in client.get("/bodies/fsg/").content.decode()


def test_a_body_closes_and_hands_its_members_to_the_health_council(
    client: Client, secretary: User, focus_group: None
) -> None:
    client.force_login(secretary)
    form = client.get("/bodies/sundhed-for-voksne/close/?on=2026-12-31").content.decode()
    assert 'name="last_day" value="2026-12-31"' in form
    assert "Birgit Bach – Kommunernes Sundheds- og Ældreområde" in form  # the seat by its name
    carl = Appointment.objects.get(person__email="carl@holstebro.test")
    kept = [
        a.pk for a in Appointment.objects.filter(body__key="sundhed-for-voksne") if a.pk != carl.pk
    ]
    form = {
        "last_day": "2026-12-31",
        "successor": "",
        "new_successor": "Sundhedsråd Vest",
        "new_successor_kind": "health-council",
        "hand_over": [str(pk) for pk in kept],
    }
    # The first press only shows what closing does; nothing is closed yet.
    check = client.post("/bodies/sundhed-for-voksne/close/", form).content.decode()
    assert (
        "Tjek, før du nedlægger organet" in check and "Sundhedsråd Vest afløser organet." in check
    )
    assert Body.objects.get(key="sundhed-for-voksne").closed_on is None
    response = client.post(
        "/bodies/sundhed-for-voksne/close/", form | {"confirm": "yes"}, follow=True
    )
    text = response.content.decode()
    assert (
        "Fokusgruppen Sundhed for voksne er nedlagt – sidste dag var den 31. december 2026." in text
    )
    assert "Efterfølges af" in text and "Sundhedsråd Vest" in text
    body = Body.objects.get(key="sundhed-for-voksne")
    council = Body.objects.get(key="sundhedsraad-vest")
    assert (body.closed_on, body.succeeded_by, council.kind) == (
        datetime.date(2026, 12, 31), council, "health-council",
    )  # fmt: skip
    assert CharterVersion.objects.get(body=body).in_force_until == datetime.date(2026, 12, 31)
    # The history stays: on a day before the closing everything is as it was.
    assert len(members_on(body, datetime.date(2026, 12, 31))) == 3
    assert members_on(body, datetime.date(2027, 1, 1)) == []
    assert body_findings(body, datetime.date(2027, 1, 1)) == []
    moved = members_on(council, datetime.date(2027, 1, 1))
    assert sorted((a.person.name, a.role) for a in moved) == [
        ("Birgit Bach", ""), ("Lars Østergaard", "secretariat"),
    ]  # fmt: skip
    assert "Afløser" in client.get("/bodies/sundhedsraad-vest/").content.decode()
    listing = client.get("/bodies/").content.decode()
    assert "nedlagt – sidste dag 31. december 2026" in listing
    # Nobody is appointed to a closed body after it closed.
    with pytest.raises(InvalidInput) as refused:
        import_members(
            read_member_file(
                b"organ;navn;e-mail;start\nsundhed-for-voksne;Ny;ny@x.test;2027-02-01", "y.csv"
            ),
            source="y.csv",
            acting_user=SystemActor("test"),
        )
    assert refused.value.problems[0].render("da") == (
        "række 2, kolonne organ: Fokusgruppen Sundhed for voksne er nedlagt – sidste dag var den "
        "31. december 2026; der kan ikke registreres udpegninger efter den dag"
    )
    assert client.get("/bodies/sundhed-for-voksne/close/").status_code == 404


def test_closing_refuses_a_successor_that_cannot_take_over(focus_group: None) -> None:
    body = Body.objects.get(key="sundhed-for-voksne")
    with pytest.raises(InvalidInput) as refused:
        close_body(
            acting_user=SystemActor("test"), body=body, last_day=datetime.date(2010, 1, 1),
            successor=body, hand_over=list(Appointment.objects.filter(body=body)),
        )  # fmt: skip
    assert [p.code for p in refused.value.problems] == ["not_a_successor", "before_first_charter"]
    body.refresh_from_db()
    assert body.closed_on is None
    assert not Appointment.objects.filter(body=body, end__isnull=False).exists()


def test_the_two_ways_to_ask_what_a_user_reads_agree(focus_group: None, secretary: User) -> None:
    from klynge.demo import load_demo_members
    from klynge.governance.access import readable_bodies, readable_body_keys

    load_demo_members(acting_user=SystemActor("test"))
    people = [secretary, User.objects.get(email="jens@klynge.test")]
    for email in ("anne.birk@klynge.test", "birgit@herning.test"):
        people.append(User.objects.create(email=email, full_name=email))
    for on in (TODAY, datetime.date(2022, 3, 1), datetime.date(2031, 1, 1)):
        for user in people:
            ids = readable_bodies(user, on)
            assert ids is not None
            keys = set(Body.objects.filter(pk__in=ids).values_list("key", flat=True))
            assert readable_body_keys(user, on) == keys, (user.email, on)
