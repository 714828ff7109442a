"""Where a compliance finding about a body's composition is fixed: the form, pre-filled for its
seat, organisation or person. The body's page and the home page link each finding to it."""

from urllib.parse import urlencode

from django.urls import reverse

from klynge.core.compliance import Finding
from klynge.governance.models import Appointment, Body, Role

# Findings about one person's appointment: the role to look for (None: any), and which are fixed
# by correcting the appointment rather than by replacing the person.
PERSON_FIXES: dict[str, str | None] = {
    "seat.appointed-by": "",
    "term.election-period": None,
    "sub-body.chair-member": Role.CHAIR,
    "ad-hoc.contact-member": Role.CONTACT,
    "chair.regional-organisation": Role.CHAIR,
    "chair.rotation": Role.CHAIR,
}
EDIT_FIXES = {"seat.appointed-by", "term.election-period"}


def fix_url(body: Body, finding: Finding, appointments: list[Appointment]) -> str | None:
    """The form that fixes a finding, pre-filled for its seat, organisation or person."""
    subject = dict(finding.subject)
    rule = finding.rule
    if "person" in subject and rule in PERSON_FIXES:
        seat, role = subject.get("seat", ""), PERSON_FIXES[rule]
        held = next(
            (
                a
                for a in appointments
                if a.person.email == subject["person"]
                and (a.seat == seat if seat else True)
                and (a.role == role if role is not None else True)
            ),
            None,
        )
        if held is None:
            return None
        view = "edit_appointment" if rule in EDIT_FIXES else "replace_appointment"
        return reverse(view, args=[body.key, held.pk])
    query: dict[str, str] = {}
    if rule in {"seat.min", "seat.term-ends"}:
        query = {k: subject[k] for k in ("seat", "organisation") if k in subject}
    elif rule == "seat.continuing":
        query = {k: subject[k] for k in ("seat", "organisation") if k in subject}
        query["continuing"] = "on"
    elif rule in {"chair.composition", "chair.rotation", "chair.regional-organisation"}:
        query = {"role": Role.CHAIR}
    elif rule == "sub-body.chair":
        query = {"role": Role.CHAIR, **({"organisation": subject["organisation"]} if "organisation" in subject else {})}  # fmt: skip
    elif rule == "ad-hoc.contact-person":
        query = {"role": Role.CONTACT}
    elif rule.startswith("secretariat."):
        query = {
            "role": Role.SECRETARIAT,
            **({"organisation": subject["organisation"]} if "organisation" in subject else {}),
        }
    else:
        return None
    return f"{reverse('appoint', args=[body.key])}?{urlencode(query)}"
