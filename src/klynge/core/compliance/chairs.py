"""The chair and the secretariat: shared between the region and a municipality, following the
chair municipality, and the chairs of sub-groups (seed 000 § 5)."""

import datetime
from collections.abc import Iterable

from klynge.core.cluster import Role
from klynge.core.compliance.facts import BodyOnDate, Holding
from klynge.core.compliance.findings import (
    WARNING_DAYS,
    Finding,
    Message,
    Named,
    listed,
    message,
    subject_of,
)
from klynge.core.i18n import gettext_noop


def check_chairs(facts: BodyOnDate) -> None:
    rule = facts.charter.chair
    if rule is None or rule.mode == "none":
        return
    chairs = facts.role_holders(Role.CHAIR)
    regional = [h for h in chairs if facts.is_regional(h.organisation)]
    municipal = [h for h in chairs if facts.is_municipal(h.organisation)]
    if len(regional) != 1 or len(municipal) != 1 or len(chairs) != 2:
        facts.add(
            "chair.composition", rule.clause, "error",
            message(gettext_noop("The body must have one co-chair from the region and one from a municipality; there are {regional} from the region and {municipal} from the municipalities."),
                    regional=len(regional), municipal=len(municipal)),
        )  # fmt: skip
    if (
        rule.regional_organisation
        and regional
        and regional[0].organisation != rule.regional_organisation
    ):
        facts.add(
            "chair.regional-organisation", rule.clause, "error",
            message(gettext_noop("The regional co-chair must come from {organisation}."),
                    organisation=facts.name(rule.regional_organisation)),
            person=regional[0].person, organisation=regional[0].organisation,
        )  # fmt: skip
    if (
        facts.chair_municipality
        and municipal
        and municipal[0].organisation != facts.chair_municipality
    ):
        facts.add(
            "chair.rotation", rule.clause, "error",
            message(gettext_noop("The municipal co-chair belongs to {chair} in this period, not {organisation}."),
                    chair=facts.name(facts.chair_municipality),
                    organisation=facts.name(municipal[0].organisation)),
            person=municipal[0].person, organisation=municipal[0].organisation,
        )  # fmt: skip


def check_secretariat(facts: BodyOnDate) -> None:
    rule = facts.charter.secretariat
    if rule is None or rule.served_by_body:
        return
    staff = facts.role_holders(Role.SECRETARIAT)
    orgs = [h.organisation for h in staff]
    if rule.from_organisation and rule.from_organisation not in orgs:
        facts.add(
            "secretariat.composition", rule.clause, "error",
            message(gettext_noop("The secretariat lacks a representative from {organisation}."),
                    organisation=facts.name(rule.from_organisation)),
            organisation=rule.from_organisation,
        )  # fmt: skip
    if rule.from_chair_municipality:
        chair_org = facts.chair_municipality or next(
            (
                h.organisation
                for h in facts.role_holders(Role.CHAIR)
                if facts.is_municipal(h.organisation)
            ),
            None,
        )
        if chair_org is not None and chair_org not in orgs:
            facts.add(
                "secretariat.follows-chair", rule.clause, "error",
                message(gettext_noop("The secretariat lacks a representative from the chair municipality, {organisation}."),
                        organisation=facts.name(chair_org)),
                organisation=chair_org,
            )  # fmt: skip
        check_handover(facts, rule.clause, chair_org, staff)


def check_handover(
    facts: BodyOnDate, clause: str, chair_org: str | None, staff: list[Holding]
) -> None:
    """The chair moves to another municipality soon: the secretariat should follow it."""
    if facts.next_chair is None:
        return
    start, next_org = facts.next_chair
    if next_org == chair_org or start > facts.on + datetime.timedelta(days=WARNING_DAYS):
        return
    if any(h.organisation == next_org and (h.end is None or h.end >= start) for h in staff):
        return
    leaving = [h.who for h in sorted(staff, key=lambda h: h.person) if h.organisation == chair_org]
    text: Message
    if leaving:
        text = message(
            gettext_noop("The municipal co-chair moves to {organisation} on {day}: {organisation} should take over the municipal part of the secretariat. {people} from {chair} hands over."),
            organisation=facts.name(next_org), day=start,
            people=listed(leaving), chair=facts.name(chair_org),
        )  # fmt: skip
    else:
        text = message(
            gettext_noop("The municipal co-chair moves to {organisation} on {day}: {organisation} should take over the municipal part of the secretariat."),
            organisation=facts.name(next_org), day=start,
        )  # fmt: skip
    facts.add("secretariat.handover", clause, "info", text, organisation=next_org)


def check_sub_body_chairs(
    *,
    body: str,
    clause: str,
    parent: str,
    parent_members: set[str],
    chairs: Iterable[Holding],
    regional_organisation: str | None,
    chair_municipality: str | None,
    names: dict[str, str],
    parent_name: str = "",
) -> list[Finding]:
    """Seed 000 § 5: a sub-group's chair is shared between the region (the hospital) and the chair
    municipality, held by members of the parent body."""
    findings: list[Finding] = []
    chairs = list(chairs)

    def name(org: str | None) -> str:
        return names.get(org or "", org or "")

    def add(rule: str, text: Message, **subject: str | None) -> None:
        findings.append(Finding(body, rule, clause, "error", text, subject_of(**subject)))

    sides = [
        (regional_organisation, gettext_noop("The group lacks a co-chair from the region ({organisation}).")),
        (chair_municipality, gettext_noop("The group lacks a co-chair from the chair municipality ({organisation}).")),
    ]  # fmt: skip
    for org, lacks in sides:
        if org is not None and not any(c.organisation == org for c in chairs):
            add("sub-body.chair", message(lacks, organisation=name(org)), organisation=org)
    for c in chairs:
        if c.person not in parent_members:
            add(
                "sub-body.chair-member",
                message(gettext_noop("{person} is a co-chair of the group but not a member of {parent}."),
                        person=c.who, parent=Named(parent.upper(), parent_name)),
                person=c.person,
            )  # fmt: skip
    return sorted(findings, key=lambda f: (f.rule, f.subject))
