"""Short charters: the bodies the seeds name without a charter of their own get one from the
cluster file, written out as a full charter so that every page, check and document treats them
alike.

The operative groups follow FSG (seed 000 § 5): their chairs are shared by the region and the chair
municipality and held by FSG's members, FSG's secretariat serves them, and FSG's meeting rules apply
unless the cluster file sets their own; there are no seat bounds. The steering group has co-chairs
chosen for periods and nothing more (docs/interfaces.md, "Keys of the shipped cluster"). The
document is Danish, as the customer's charters are.
"""

import datetime

from klynge.core.charter import (
    Approval,
    Block,
    ChairRule,
    Charter,
    Clause,
    MeetingRules,
    Seat,
    SeatPart,
    SecretariatRule,
    Section,
)
from klynge.core.charter_numbers import DANISH_NUMBER_WORDS
from klynge.core.cluster import Body, BodyKind, ClusterFile, ShortCharter

PURPOSE = "Formål"
COMPOSITION = "Sammensætning"
CHAIR = "Formandskab"
SECRETARIAT = "Sekretariat"
MEETINGS = "Møder"
SOURCE = "Kilde"
CONTACT = "Kontaktperson"


def _number(n: int) -> str:
    words = DANISH_NUMBER_WORDS.get(n)
    return words[0] if words else str(n)


def _refs(refs: list[str]) -> str:
    unique = list(dict.fromkeys(r for r in refs if r))
    if len(unique) <= 1:
        return "".join(unique)
    return f"{', '.join(unique[:-1])} og {unique[-1]}"


def _clause(ref: str, *texts: str) -> Section:
    return Section(
        heading=ref, clauses=(Clause(ref=ref, blocks=tuple(Block(text=t) for t in texts)),)
    )


def _members_set_by(parent_name: str, text: str) -> tuple[Section, Seat]:
    """The composition clause and its one seat without bounds: members the parent body sets."""
    seat = Seat(
        key="medlemmer",
        clause=COMPOSITION,
        label=f"Medlemmer udpeget af {parent_name}.",
        parts=(SeatPart(),),
    )
    blocks = (Block(text=f"{text} Der er ikke fastsat et antal medlemmer."), Block(list="seats"))
    return Section(heading=COMPOSITION, clauses=(Clause(ref=COMPOSITION, blocks=blocks),)), seat


def _meeting_rules(spec: ShortCharter, parent: Charter | None) -> MeetingRules | None:
    inherited = parent.meetings if parent is not None else None
    min_per_year = spec.min_per_year or (inherited.min_per_year if inherited else None)
    lead_days = spec.agenda_lead_days or (inherited.agenda_lead_days if inherited else None)
    minutes_days = spec.minutes_publish_days or (
        inherited.minutes_publish_days if inherited else None
    )
    if inherited is None and min_per_year is None and lead_days is None and minutes_days is None:
        return None
    return MeetingRules(
        clause=MEETINGS,
        min_per_year=min_per_year,
        agenda_lead_days=lead_days,
        lead_days_clause=MEETINGS if lead_days else None,
        leadership=inherited.leadership if inherited else "not-set",
        leadership_clause=MEETINGS if inherited and inherited.leadership != "not-set" else None,
        minutes=inherited.minutes if inherited else "not-set",
        minutes_clause=MEETINGS if inherited and inherited.minutes != "not-set" else None,
        minutes_publish_days=minutes_days,
    )


def _meeting_text(
    rules: MeetingRules, spec: ShortCharter, parent_name: str | None, parent: Charter | None
) -> list[str]:
    texts = []
    if rules.min_per_year:
        texts.append(f"Gruppen mødes som minimum {_number(rules.min_per_year)} gange årligt.")
    if rules.agenda_lead_days:
        texts.append(f"Dagsorden udsendes senest {rules.agenda_lead_days} dage før mødet.")
    if rules.minutes_publish_days:
        texts.append(
            f"Referatet offentliggøres senest {rules.minutes_publish_days} dage efter mødet."
        )
    if rules.leadership == "alternating-co-chairs":
        texts.append("Mødeledelsen går på skift mellem formandskabet.")
    if rules.minutes == "decision-minutes":
        texts.append("Der udarbejdes beslutningsreferat.")
    own = any(
        v is not None for v in (spec.min_per_year, spec.agenda_lead_days, spec.minutes_publish_days)
    )
    if parent is not None and parent.meetings is not None and parent_name:
        inherited = parent.meetings
        refs = _refs(
            [inherited.clause, inherited.leadership_clause or "", inherited.minutes_clause or ""]
        )
        which = "I øvrigt følger gruppen" if own else "Gruppen følger"
        texts.append(f"{which} mødereglerne for {parent_name} ({refs}), indtil andet aftales.")
    return texts


def short_charter(cluster: ClusterFile, body: Body, parent: Charter | None = None) -> Charter:
    """The full charter that a body's short charter in the cluster file stands for. `parent` is the
    charter of the body it follows, in force when the short charter comes into force."""
    spec = body.charter
    if spec is None:
        raise ValueError(f"{body.key} has no short charter")
    names = {b.key: b.name for b in cluster.bodies}
    organisations = {o.key: o.name for o in cluster.organisations}
    parent_name = names.get(spec.follows or "")
    sections = [_clause(PURPOSE, spec.purpose)]
    seats: tuple[Seat, ...] = ()
    chair = None
    secretariat = None

    if spec.follows is not None and parent_name:
        composition, seat = _members_set_by(
            parent_name, f"Gruppen nedsættes og sammensættes af {parent_name}."
        )
        sections.append(composition)
        seats = (seat,)
        rule = parent.sub_body_chairs if parent is not None else None
        if rule is not None:
            region = organisations.get(rule.regional_organisation or "", "regionen")
            sections.append(
                _clause(
                    CHAIR,
                    f"Formandskabet er delt mellem regionen ({region}) og formandskommunen og "
                    f"varetages af medlemmer af {parent_name} ({rule.clause} i kommissoriet for "
                    f"{parent_name}).",
                )
            )
        served = parent.secretariat if parent is not None else None
        if served is not None and served.serves_sub_bodies:
            refs = _refs([served.clause, served.sub_bodies_clause or ""])
            secretariat = SecretariatRule(
                clause=SECRETARIAT, served_by_body=spec.follows, from_chair_municipality=False
            )
            sections.append(
                _clause(
                    SECRETARIAT,
                    f"Sekretariatet for {parent_name} betjener også denne gruppe ({refs} i "
                    f"kommissoriet for {parent_name}).",
                )
            )
    if spec.co_chairs:
        period = (
            f" Formandskabet vælges for {_number(spec.chair_period_years)} år ad gangen."
            if spec.chair_period_years
            else ""
        )
        chair = ChairRule(clause=CHAIR, mode="chosen", period_years=spec.chair_period_years)
        sections.append(
            _clause(
                CHAIR,
                "Formandskabet er delt mellem én fra regionen og én fra kommunerne." + period,
            )
        )
    meetings = _meeting_rules(spec, parent)
    if meetings is not None:
        sections.append(_clause(MEETINGS, *_meeting_text(meetings, spec, parent_name, parent)))
    approved_by = spec.approved_by or cluster.name
    sections.append(
        _clause(
            SOURCE,
            f"Kort kommissorium fra klyngens opsætning, godkendt af {approved_by}. "
            "Det gælder, indtil gruppen får sit eget kommissorium.",
        )
    )
    return Charter(
        cluster=cluster.key,
        body=body.key,
        title=f"Kommissorium for {body.name}",
        kind=body.kind,
        reports_to=body.reports_to,
        version=1,
        in_force_from=spec.in_force_from,
        approval=Approval(by_text=approved_by, precision="unknown"),
        purpose_clause=PURPOSE,
        sections=tuple(sections),
        seats=seats,
        chair=chair,
        secretariat=secretariat,
        meetings=meetings,
    )


def ad_hoc_charter(
    parent: Charter,
    *,
    parent_name: str,
    key: str,
    name: str,
    kind: BodyKind,
    purpose: str,
    start: datetime.date,
) -> Charter:
    """The charter of a development or implementation group that a body sets up (seed 004): its
    task as the parent gave it, and the contact person from the parent's members."""
    rule = parent.ad_hoc_groups
    if rule is None:
        raise ValueError(f"{parent.body} sets up no ad hoc groups")
    composition, seat = _members_set_by(
        parent_name, f"Gruppen er nedsat af {parent_name}, som også sammensætter den."
    )
    sections = (
        _clause(PURPOSE, purpose),
        composition,
        _clause(
            CONTACT,
            f"{parent_name} udpeger en kontaktperson blandt sine medlemmer, som er ansvarlig for "
            f"opgavevaretagelsen i gruppen ({rule.clause} i kommissoriet for {parent_name}).",
        ),
    )
    return Charter(
        cluster=parent.cluster,
        body=key,
        title=f"Kommissorium for {name}",
        kind=kind,
        reports_to=parent.body,
        reports_to_clause=COMPOSITION,
        version=1,
        in_force_from=start,
        approval=Approval(by_body=parent.body, on=start),
        purpose_clause=PURPOSE,
        sections=sections,
        seats=(seat,),
    )
