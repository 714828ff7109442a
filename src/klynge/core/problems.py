"""Problems found in user input, each naming where it is, in Danish or in English.

A problem's location is a path such as `organisations[3].kind` or `række 4, kolonne e-mail`;
its message is rendered in the language the user chose, from the product's one catalogue.
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from klynge.core.danish import long_date
from klynge.core.i18n import Language, gettext_noop, translate

# Each code maps to an English str.format template; the catalogue holds its Danish.
MESSAGES: dict[str, str] = {
    "missing": gettext_noop("is required"),
    "extra_forbidden": gettext_noop("is not a known field"),
    "string_type": gettext_noop("must be text"),
    "int_type": gettext_noop("must be a whole number"),
    "int_parsing": gettext_noop("must be a whole number"),
    "bool_type": gettext_noop("must be true or false"),
    "list_type": gettext_noop("must be a list"),
    "dict_type": gettext_noop("must be a table"),
    "model_type": gettext_noop("must be a table"),
    "date_type": gettext_noop("must be a date (YYYY-MM-DD)"),
    "date_from_datetime_parsing": gettext_noop("must be a date (YYYY-MM-DD)"),
    "string_too_short": gettext_noop("must not be empty"),
    "too_short": gettext_noop("must have at least one item"),
    "string_pattern_mismatch": gettext_noop("has the wrong form: {pattern}"),
    "literal_error": gettext_noop("must be one of: {expected}"),
    "enum": gettext_noop("must be one of: {expected}"),
    "toml_syntax": gettext_noop("is not valid TOML: {detail}"),
    "file_unreadable": gettext_noop("cannot be read: {detail}"),
    "duplicate_key": gettext_noop("the key {key} is used more than once"),
    "unknown_organisation": gettext_noop("unknown organisation: {key}"),
    "unknown_body": gettext_noop("unknown body: {key}"),
    "meeting_ends_first": gettext_noop("the end time must be after the start time"),
    "not_a_co_chair": gettext_noop("{name} is not a co-chair on the day of the meeting and cannot approve the agenda"),
    "not_a_member_then": gettext_noop("{name} does not sit in the body on the day of the meeting"),
    "agenda_not_approved": gettext_noop("the agenda must be approved by a co-chair before it is sent"),
    "not_a_co_chair_minutes": gettext_noop("{name} is not a co-chair on the day of the meeting and cannot approve the minutes"),
    "minutes_not_approved": gettext_noop("the minutes must be approved by a co-chair before they are published"),
    "minutes_published": gettext_noop("the minutes are published and can no longer be changed"),
    "agenda_not_awaiting_approval": gettext_noop("the agenda is no longer a draft awaiting approval"),
    "minutes_not_awaiting_approval": gettext_noop("the co-chairs can be asked once the meeting is held and the minutes are saved as a draft"),
    "no_co_chairs": gettext_noop("{body} has no co-chair on the day of the meeting; register the co-chairs first"),
    "meeting_already_held": gettext_noop("the meeting has been held; a meeting in the past cannot be cancelled"),
    "meeting_not_held": gettext_noop("the meeting is not held until {day}; the minutes can be approved afterwards"),
    "action_needs_owner": gettext_noop("give a responsible person or organisation"),
    "action_due_before_meeting": gettext_noop("the due date cannot be before the meeting on {day}"),
    "changed_since_approval": gettext_noop("you changed the minutes after a co-chair approved them, so they must be approved again before they are published; save your changes first"),
    "too_long": gettext_noop("the text is {length} characters long, and at most {limit} are allowed; it is still in the field, so shorten it and save again"),
    "guest_needs_name": gettext_noop("give the guest's name first, then a comma and their organisation or role"),
    "too_many_guests": gettext_noop("at most {limit} guests, one a line"),
    "unknown_attendance": gettext_noop("is not an attendance this person can have"),
    "proposal_handled": gettext_noop("the proposal \"{title}\" has already been handled"),
    "item_in_the_minutes": gettext_noop("the item has a decision, actions or disqualifications in the minutes and stays at its meeting"),
    "not_a_member_now": gettext_noop("{name} does not sit in the body today and cannot propose items"),
    "not_on_a_later_meeting": gettext_noop("the item can only move to a later, planned meeting of the same body"),
    "body_closed": gettext_noop("{body} closed after {day}; no one can be appointed to it after that"),
    "no_ad_hoc_groups": gettext_noop("the charter of {body} does not provide for setting up groups"),
    "not_an_ad_hoc_kind": gettext_noop("the charter does not provide for groups of the kind {kind}"),
    "contact_not_a_member": gettext_noop("the contact person must be a member of the body that sets the group up; {name} is not"),
    "already_closed": gettext_noop("the body already closed after {day}"),
    "not_a_successor": gettext_noop("{name} cannot succeed the body"),
    "hand_over_needs_successor": gettext_noop("choose a body to hand the appointments to"),
    "before_first_charter": gettext_noop("the last day is before the body's first charter"),
    "code_only_for_municipality": gettext_noop("only municipalities have a municipality code"),
    "municipality_needs_code": gettext_noop("a municipality needs a municipality code (three digits)"),
    "duplicate_code": gettext_noop("the municipality code {code} is used more than once"),
    "reports_to_itself": gettext_noop("a body cannot report to itself"),
    "reporting_cycle": gettext_noop("the reporting lines form a cycle: {cycle}"),
    "duplicate_alias": gettext_noop("the alias {alias} is used by more than one appointing body"),
    "block_kind": gettext_noop("a block is exactly one of text, items or list"),
    "seat_part_source": gettext_noop("a seat part names at most one of organisation, each_of_kind, one_of_kind and chair_side"),
    "duplicate_clause": gettext_noop("the clause {ref} appears more than once"),
    "unknown_clause": gettext_noop("refers to the clause {ref}, which the charter does not have"),
    "ends_before_start": gettext_noop("ends before it starts"),
    "max_below_min": gettext_noop("the maximum ({max}) is below the minimum ({min})"),
    "continuing_above_max": gettext_noop("more continuing members than the seat can hold"),
    "not_positive": gettext_noop("must be a positive number"),
    "unknown_seat": gettext_noop("unknown seat: {key}"),
    "not_in_document": gettext_noop("the list {list} is not shown in the document (no block with list = \"{list}\")"),
    "wrong_cluster": gettext_noop("the charter belongs to the cluster {key}, not {cluster}"),
    "unknown_appointer": gettext_noop("unknown appointing body: {key}"),
    "no_municipalities": gettext_noop("the cluster has no municipalities to rotate among"),
    "not_a_municipality": gettext_noop("{key} is not one of the cluster's municipalities"),
    "unknown_cluster": gettext_noop("unknown cluster: {key}"),
    "version_exists": gettext_noop("version {version} exists already with other content; number the new version {next}"),
    "version_too_low": gettext_noop("version {version} is below the latest; number the new version {next}"),
    "starts_too_early": gettext_noop("a new version must come into force after the previous one ({previous}), not {start}"),
    "no_charter": gettext_noop("the body has no charter yet"),
    "changed_meanwhile": gettext_noop("someone else saved version {version} meanwhile; your changes are not saved but are still in the form"),
    "same_version_twice": gettext_noop("{body} version {version} is also in {other}"),
    "other_body": gettext_noop("the file is the charter of {key}, not of {body}"),
    "text_disagrees": gettext_noop("the text of {ref} does not say {value} {unit}; correct the text or the number so they agree"),
    "nul_bytes": gettext_noop("the file contains NUL bytes; save it as CSV (semicolon-separated) or XLSX"),
    "utf16": gettext_noop("the file is saved as UTF-16 (Unicode text); save it as CSV UTF-8 or CSV (semicolon-separated)"),
    "undefined_byte": gettext_noop("the file is neither UTF-8 nor Windows-1252 (byte 0x{byte:02X} is undefined)"),
    "no_header": gettext_noop("the file has no header row"),
    "missing_column": gettext_noop("the column {column} is missing"),
    "unknown_column": gettext_noop("unknown column: {column}"),
    "column_twice": gettext_noop("the columns »{other}« and »{column}« are the same column"),
    "bad_date": gettext_noop("\"{value}\" is not a date (YYYY-MM-DD or DD-MM-YYYY)"),
    "bad_yes_no": gettext_noop("\"{value}\" must be yes (ja) or no (nej)"),
    "bad_role": gettext_noop("\"{value}\" is not a role (empty, chair, secretariat, contact or observer)"),
    "bad_email": gettext_noop("\"{value}\" is not an e-mail address"),
    "required": gettext_noop("is required"),
    "end_before_start": gettext_noop("ends before it starts"),
    "duplicate_row": gettext_noop("the same appointment as row {other}"),
    "unknown_person": gettext_noop("{value} is neither in the file nor in Klynge"),
    "unknown_appointing_body": gettext_noop("unknown appointing body: {value} (known: {known})"),
    "ambiguous_body_name": gettext_noop("»{value}« fits more than one body: {candidates}. Write the whole name of one of them"),
    "unknown_body_name": gettext_noop("unknown body: »{value}«"),
    "unknown_body_name_close": gettext_noop("unknown body: »{value}«. Did you mean {candidates}?"),
    "ambiguous_organisation_name": gettext_noop("»{value}« fits more than one organisation: {candidates}. Write the whole name of one of them"),
    "unknown_organisation_name": gettext_noop("unknown organisation: »{value}«"),
    "unknown_organisation_name_close": gettext_noop("unknown organisation: »{value}«. Did you mean {candidates}?"),
    "ambiguous_seat_name": gettext_noop("»{value}« fits more than one seat of {body}: {candidates}. Write the whole name of one of them"),
    "unknown_seat_name": gettext_noop("{body} has no seat »{value}« in the charter in force on the start date"),
    "unknown_seat_name_close": gettext_noop("{body} has no seat »{value}« in the charter in force on the start date. Did you mean {candidates}?"),
    "substitute_for_self": gettext_noop("a member cannot be their own substitute"),
    "observer_in_seat": gettext_noop("an observer holds no seat; leave the seat empty"),
    "not_your_body": gettext_noop("you are not the secretariat of {body}"),
    "share_request_answered": gettext_noop("the request has already been answered"),
    "share_request_cancelled": gettext_noop("the meeting has been cancelled and can no longer be shared"),
    "proposal_decided": gettext_noop("the proposed change has already been decided"),
    "value_error": gettext_noop("is invalid: {detail}"),
    "invalid": gettext_noop("is invalid: {detail}"),
}  # fmt: skip


@dataclass(frozen=True)
class Problem:
    location: str
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)
    row: int | None = None  # as Excel numbers it: the header is row 1
    column: str | None = None

    def where(self, language: Language = "da") -> str:
        if self.row is None:
            return self.location
        if self.column:
            return translate(gettext_noop("row {row}, column {column}"), language).format(
                row=self.row, column=self.column
            )
        return translate(gettext_noop("row {row}"), language).format(row=self.row)

    def message(self, language: Language = "da") -> str:
        template = translate(MESSAGES.get(self.code, MESSAGES["invalid"]), language)
        params = {
            name: long_date(value, language) if isinstance(value, datetime.date) else value
            for name, value in {"detail": "", **self.params}.items()
        }
        return template.format(**params)

    def render(self, language: Language = "da") -> str:
        where = self.where(language)
        return f"{where}: {self.message(language)}" if where else self.message(language)


class InvalidInput(Exception):
    """Raised with every problem found at once, so the user can fix them all in one go."""

    def __init__(self, source: str, problems: Iterable[Problem]) -> None:
        self.source = source
        self.problems = list(problems)
        super().__init__(self.render("en"))

    def render(self, language: Language = "da") -> str:
        return "\n".join(f"{self.source}: {p.render(language)}" for p in self.problems)


def location_of(path: Iterable[str | int]) -> str:
    """`("organisations", 3, "kind")` → `organisations[3].kind`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out
