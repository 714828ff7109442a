"""What each rule id means, for docs/compliance.md and for anyone who reads a finding's rule."""

from klynge.core.i18n import gettext_noop, translate

RULES: dict[str, str] = {
    "seat.min": gettext_noop("A seat has fewer members than the charter requires."),
    "seat.max": gettext_noop("A seat has more members than the charter allows."),
    "seat.term-ends": gettext_noop("A seat will fall below its minimum within 60 days as appointments end."),
    "seat.one-organisation": gettext_noop("A seat to be filled from one organisation has members from several."),
    "seat.continuing": gettext_noop("Too few continuing members from an organisation."),
    "seat.appointed-by": gettext_noop("A member is not appointed by the body the charter names."),
    "chair.composition": gettext_noop("The body does not have one co-chair from the region and one from a municipality."),
    "chair.regional-organisation": gettext_noop("The regional co-chair does not come from the organisation the charter names."),
    "chair.rotation": gettext_noop("The municipal co-chair does not come from the period's chair municipality."),
    "secretariat.composition": gettext_noop("The secretariat lacks a representative from the hospital."),
    "secretariat.handover": gettext_noop("The municipal co-chair moves to another municipality within 60 days, and the secretariat has no one from it yet."),
    "secretariat.follows-chair": gettext_noop("The secretariat lacks a representative from the chair municipality."),
    "sub-body.chair": gettext_noop("An operative group does not have one co-chair from the region and one from the chair municipality."),
    "sub-body.chair-member": gettext_noop("A co-chair of an operative group is not a member of the parent body."),
    "ad-hoc.contact-person": gettext_noop("A development or implementation group does not have exactly one contact person."),
    "ad-hoc.contact-member": gettext_noop("A development or implementation group's contact person is not a member of the body that set it up."),
    "meetings.min-per-year": gettext_noop("Fewer ordinary meetings in a calendar year than the charter's minimum: a warning while the year runs (planned meetings count), an error for the year before."),
    "meetings.theme-days": gettext_noop("Fewer theme days in a calendar year than the charter sets (a shared theme day counts for each body)."),
    "agenda.late": gettext_noop("An agenda this year was sent after its deadline, or the deadline passed without it being sent."),
    "minutes.late": gettext_noop("Minutes this year were published after the limit (the charter's, or 14 days), or the limit passed without them being published."),
    "minutes.due": gettext_noop("A meeting has been held and its minutes are not published yet."),
    "meetings.leadership": gettext_noop("The same co-chair leads two meetings in a row where the leadership is to alternate."),
    "agenda.due": gettext_noop("An agenda is due within a week and has not been sent yet."),
    "term.election-period": gettext_noop("An appointment runs beyond the council period."),
}  # fmt: skip


def rule_description(rule: str, language: str = "da") -> str:
    return translate(RULES[rule], language)
