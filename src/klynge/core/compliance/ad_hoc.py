"""Ad-hoc groups (seed 004): a development or implementation group has one contact person, a
member of the focus group that set it up, who is responsible for its work."""

from collections.abc import Iterable

from klynge.core.compliance.facts import Holding
from klynge.core.compliance.findings import Finding, message
from klynge.core.i18n import gettext_noop


def check_ad_hoc_group(
    *,
    body: str,
    clause: str,
    parent: str,
    parent_name: str,
    parent_members: set[str],
    contacts: Iterable[Holding],
) -> list[Finding]:
    contacts = list(contacts)
    who = {c.person: c.who for c in contacts}
    people = sorted(who)
    findings: list[Finding] = []
    if not people:
        findings.append(Finding(body, "ad-hoc.contact-person", clause, "error",
            message(gettext_noop("The group lacks a contact person from {parent}."), parent=parent_name)))  # fmt: skip
    elif len(people) > 1:
        findings.append(Finding(body, "ad-hoc.contact-person", clause, "error",
            message(gettext_noop("The group has {count} contact persons; the charter gives it one."), count=len(people))))  # fmt: skip
    for person in people:
        if person not in parent_members:
            findings.append(Finding(body, "ad-hoc.contact-member", clause, "error",
                message(gettext_noop("The contact person {person} is not a member of {parent}."),
                        person=who[person], parent=parent_name),
                (("person", person),)))  # fmt: skip
    return findings
