"""The compliance engine on both seed charters, and its properties (hypothesis)."""

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from klynge.core.charter import read_charter_file, shipped_charter_paths
from klynge.core.cluster import read_cluster_file, shipped_cluster_path
from klynge.core.compliance import Holding, Organisation, check_body

CLUSTER = read_cluster_file(shipped_cluster_path("goedstrup"))
ORGS = [Organisation(o.key, o.kind.value, o.name) for o in CLUSTER.organisations]
CHARTERS = {p.stem: read_charter_file(p, CLUSTER) for p in shipped_charter_paths("goedstrup")}
FSG, SFV = CHARTERS["fsg"], CHARTERS["sundhed-for-voksne"]
MUNICIPALITIES = [o.key for o in CLUSTER.municipalities()]
ON = datetime.date(2023, 5, 1)
START, END = datetime.date(2022, 1, 1), datetime.date(2025, 12, 31)


def h(person: str, seat: str = "", org: str | None = None, **kw: object) -> Holding:
    values = {"start": START, "end": END, "end_from_term": True} | kw
    return Holding(person=f"{person}@x.dk", seat=seat, organisation=org, **values)  # type: ignore[arg-type]


def complete_fsg() -> list[Holding]:
    """FSG composed exactly as § 1–3 say, with Herning holding the municipal chair (2022–2025)."""
    people = [
        h("hosp1", "hospitalsledelse", "goedstrup", role="chair"),
        h("psyk", "psykiatriledelse", "psykiatrien"),
        *[
            h(f"dir-{m}", "kommune-fagdirektoer", m, role="chair" if m == "herning" else "")
            for m in MUNICIPALITIES
        ],
        h("bu", "boern-unge-fagdirektoer", "lemvig"),
        h("gp1", "almen-praksis", "almen-praksis", appointing_body="plo"),
        h("gp2", "almen-praksis", "almen-praksis", appointing_body="plo"),
        h("pt1", "patienter", "patienter", appointing_body="piu"),
        h("pt2", "patienter", "patienter", appointing_body="piu"),
        h("sek-hosp", "", "goedstrup", role="secretariat"),
        h("sek-kom", "", "herning", role="secretariat"),
    ]
    return people


def fsg(
    holdings: list[Holding], on: datetime.date = ON
) -> list[tuple[str, str, tuple[tuple[str, str], ...]]]:
    findings = check_body(
        body="fsg",
        charter=FSG,
        holdings=holdings,
        organisations=ORGS,
        on=on,
        chair_municipality="herning",
    )
    return [(f.rule, f.severity, f.subject) for f in findings]


def test_a_complete_fsg_has_no_findings() -> None:
    assert fsg(complete_fsg()) == []


def test_a_missing_municipal_director_names_the_municipality_and_clause() -> None:
    holdings = [x for x in complete_fsg() if x.person != "dir-struer@x.dk"]
    findings = check_body(
        body="fsg",
        charter=FSG,
        holdings=holdings,
        organisations=ORGS,
        on=ON,
        chair_municipality="herning",
    )
    [finding] = findings
    assert (finding.rule, finding.clause, finding.severity) == ("seat.min", "§ 1", "error")
    # People read the seat by its name; the command line and JSON keep its key.
    assert (
        finding.message_da
        == "Pladsen »Kommunale fagdirektører« mangler medlemmer fra Struer Kommune: 0 af 1."
    )
    assert (
        finding.message("da", for_people=False)
        == "Pladsen »kommune-fagdirektoer« mangler medlemmer fra Struer Kommune: 0 af 1."
    )
    assert finding.as_json()["message"] == finding.message("da", for_people=False)
    assert dict(finding.subject) == {"seat": "kommune-fagdirektoer", "organisation": "struer"}


def test_too_many_hospital_leaders_and_the_wrong_appointer() -> None:
    extra = [
        h("hosp2", "hospitalsledelse", "goedstrup"),
        h("hosp3", "hospitalsledelse", "goedstrup"),
    ]
    wrong = [x for x in complete_fsg() if x.person != "gp2@x.dk"] + [
        h("gp3", "almen-praksis", "almen-praksis", appointing_body="piu")
    ]
    assert fsg([*complete_fsg(), *extra]) == [
        ("seat.max", "error", (("organisation", "goedstrup"), ("seat", "hospitalsledelse")))
    ]
    assert fsg(wrong) == [
        ("seat.appointed-by", "error", (("person", "gp3@x.dk"), ("seat", "almen-praksis")))
    ]


def test_the_children_and_youth_director_comes_from_one_municipality() -> None:
    holdings = [*complete_fsg(), h("bu2", "boern-unge-fagdirektoer", "struer")]
    assert [r for r, _, _ in fsg(holdings)] == ["seat.max", "seat.one-organisation"]


def test_substitutes_and_roles_never_count_toward_a_seat() -> None:
    holdings = [x for x in complete_fsg() if x.person != "psyk@x.dk"]
    holdings.append(h("vikar", "psykiatriledelse", "psykiatrien", substitute_for="psyk@x.dk"))
    holdings.append(h("sek2", "", "psykiatrien", role="secretariat"))
    assert (
        "seat.min",
        "error",
        (("organisation", "psykiatrien"), ("seat", "psykiatriledelse")),
    ) in fsg(holdings)


def test_co_chairs_secretariat_and_rotation() -> None:
    holdings = [
        x if x.person != "dir-herning@x.dk" else h("dir-herning", "kommune-fagdirektoer", "herning")
        for x in complete_fsg()
    ]
    assert [r for r, _, _ in fsg(holdings)] == ["chair.composition"]
    struer_chair = [
        x
        if x.person != "dir-struer@x.dk"
        else h("dir-struer", "kommune-fagdirektoer", "struer", role="chair")
        for x in holdings
    ]
    assert [r for r, _, _ in fsg(struer_chair)] == ["chair.rotation"]
    no_secretariat = [x for x in complete_fsg() if x.role != "secretariat"]
    assert [r for r, _, _ in fsg(no_secretariat)] == [
        "secretariat.composition",
        "secretariat.follows-chair",
    ]


def test_terms_inside_the_election_period_and_warnings_before_they_end() -> None:
    holdings = [
        x
        if x.person != "psyk@x.dk"
        else h(
            "psyk",
            "psykiatriledelse",
            "psykiatrien",
            end=datetime.date(2027, 1, 1),
            end_from_term=False,
        )
        for x in complete_fsg()
    ]
    assert fsg(holdings) == [
        ("term.election-period", "error", (("person", "psyk@x.dk"), ("seat", "psykiatriledelse")))
    ]
    ending = [
        x
        if x.person != "psyk@x.dk"
        else h(
            "psyk",
            "psykiatriledelse",
            "psykiatrien",
            end=ON + datetime.timedelta(days=30),
            end_from_term=False,
        )
        for x in complete_fsg()
    ]
    assert fsg(ending) == [
        (
            "seat.term-ends",
            "warning",
            (
                ("organisation", "psykiatrien"),
                ("person", "psyk@x.dk"),
                ("seat", "psykiatriledelse"),
            ),
        )
    ]


def test_sundhed_for_voksne_continuing_members_and_the_consultants() -> None:
    holdings = [
        *[h(f"k1-{m}", "kommune", m, continuing=True) for m in MUNICIPALITIES if m != "lemvig"],
        h("k1-lemvig", "kommune", "lemvig"),
        h("k2-lemvig", "kommune", "lemvig"),
        h("psyk", "psykiatri", "psykiatrien"),
        h("afd", "hospitalsafdelinger", "goedstrup"),
        h("gp", "almen-praksis", "almen-praksis"),
        h("kons-h", "konsulent", "goedstrup", role="secretariat"),
        h("kons-k", "konsulent", "struer", role="secretariat"),
        h("chair-h", "hospitalsafdelinger", "goedstrup", role="chair"),
        h("chair-k", "", "struer", role="chair"),
    ]
    findings = check_body(
        body="sundhed-for-voksne",
        charter=SFV,
        holdings=holdings,
        organisations=ORGS,
        on=ON,
        chair_municipality="struer",
    )
    assert [(f.rule, f.clause, dict(f.subject)) for f in findings] == [
        ("seat.continuing", "Medlemmer", {"seat": "kommune", "organisation": "lemvig"}),
    ]
    wrong_consultant = [
        x if x.person != "kons-k@x.dk" else h("kons-k", "konsulent", "herning", role="secretariat")
        for x in holdings
    ]
    rules = {
        f.rule
        for f in check_body(
            body="sundhed-for-voksne",
            charter=SFV,
            holdings=wrong_consultant,
            organisations=ORGS,
            on=ON,
            chair_municipality="struer",
        )
    }
    assert {"seat.min", "secretariat.follows-chair"} <= rules


# ---- properties --------------------------------------------------------------------------------

SEATS = [s.key for s in FSG.seats]
ORG_KEYS = [o.key for o in ORGS]
dates = st.dates(min_value=datetime.date(2022, 1, 1), max_value=datetime.date(2025, 12, 31))


@st.composite
def holdings(draw: st.DrawFn) -> list[Holding]:
    items = []
    for i in range(draw(st.integers(min_value=0, max_value=12))):
        start = draw(dates)
        end = draw(
            st.one_of(st.none(), st.dates(min_value=start, max_value=datetime.date(2026, 6, 30)))
        )
        items.append(
            Holding(
                person=f"p{i}@x.dk",
                start=start,
                end=end,
                seat=draw(st.sampled_from([*SEATS, ""])),
                role=draw(st.sampled_from(["", "", "chair", "secretariat"])),
                organisation=draw(st.sampled_from(ORG_KEYS)),
                continuing=draw(st.booleans()),
                appointing_body=draw(st.sampled_from([None, "plo", "piu"])),
                end_from_term=draw(st.booleans()),
            )
        )
    return items


def findings_of(items: list[Holding], on: datetime.date) -> list[object]:
    return check_body(
        body="fsg",
        charter=FSG,
        holdings=items,
        organisations=ORGS,
        on=on,
        chair_municipality="herning",
    )


@settings(max_examples=150, deadline=None)
@given(holdings(), dates, st.randoms())
def test_findings_do_not_depend_on_the_order_of_rows(
    items: list[Holding], on: datetime.date, rnd: object
) -> None:
    shuffled = list(items)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert findings_of(shuffled, on) == findings_of(items, on)


@settings(max_examples=150, deadline=None)
@given(holdings(), dates)
def test_findings_for_a_date_depend_only_on_what_is_valid_then(
    items: list[Holding], on: datetime.date
) -> None:
    valid = [x for x in items if x.valid_on(on)]
    assert findings_of(valid, on) == findings_of(items, on)


@settings(max_examples=150, deadline=None)
@given(holdings(), dates, st.sampled_from([s for s in FSG.seats if s.parts[0].organisation]))
def test_adding_a_valid_member_to_a_seat_below_its_minimum_adds_no_finding_for_it(
    items: list[Holding], on: datetime.date, seat: object
) -> None:
    key = seat.key  # type: ignore[attr-defined]
    org = seat.parts[0].organisation  # type: ignore[attr-defined]
    before = [f for f in findings_of(items, on) if dict(f.subject).get("seat") == key]  # type: ignore[attr-defined]
    if not any(f.rule == "seat.min" for f in before):  # type: ignore[attr-defined]
        return
    appointer = next((s.appointed_by for s in FSG.seats if s.key == key), None)
    newcomer = Holding(
        person="ny@x.dk",
        start=on,
        end=None,
        seat=key,
        organisation=org,
        appointing_body=appointer,
        end_from_term=True,
    )
    after = [f for f in findings_of([*items, newcomer], on) if dict(f.subject).get("seat") == key]  # type: ignore[attr-defined]
    # The count in a message may change ("1 af 2" after "0 af 2"); no new kind of finding may appear,
    # except that a seat now at its minimum warns when a member it counts leaves within 60 days
    # (the error seat.min becomes the warning seat.term-ends).
    expected = {(f.rule, f.severity, f.subject) for f in before}  # type: ignore[attr-defined]
    if any(f.rule == "seat.min" for f in before):  # type: ignore[attr-defined]
        expected |= {
            (f.rule, f.severity, f.subject)  # type: ignore[attr-defined]
            for f in after
            if f.rule == "seat.term-ends"  # type: ignore[attr-defined]
        }
    assert {(f.rule, f.severity, f.subject) for f in after} <= expected  # type: ignore[attr-defined]


def test_operative_groups_are_chaired_by_fsg_members_from_the_hospital_and_the_chair_municipality() -> (
    None
):
    from klynge.core.compliance import check_sub_body_chairs

    names = {o.key: o.name for o in ORGS}
    members = {"hosp1@x.dk", "dir-herning@x.dk"}

    def check(*chairs: Holding) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
        found = check_sub_body_chairs(
            body="fog-boern-unge", clause="§ 5", parent="fsg", parent_members=members, chairs=chairs,
            regional_organisation="goedstrup", chair_municipality="herning", names=names,
        )  # fmt: skip
        assert all(f.clause == "§ 5" and f.severity == "error" for f in found)
        return [(f.rule, f.subject) for f in found]

    good = (
        h("hosp1", "", "goedstrup", role="chair"),
        h("dir-herning", "", "herning", role="chair"),
    )
    assert check(*good) == []
    assert check(good[0]) == [("sub-body.chair", (("organisation", "herning"),))]
    outsider = h("udefra", "", "herning", role="chair")
    assert check(good[0], outsider) == [("sub-body.chair-member", (("person", "udefra@x.dk"),))]
