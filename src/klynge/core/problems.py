"""Problems found in user input, each naming where it is, in Danish and in English.

A problem's location is a path such as `organisations[3].kind` or `række 4, kolonne e-mail`;
its message is rendered in the language the user chose.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Language = Literal["da", "en"]

# Each code maps to a (Danish, English) pair of str.format templates.
MESSAGES: dict[str, tuple[str, str]] = {
    "missing": ("skal udfyldes", "is required"),
    "extra_forbidden": ("er ikke et kendt felt", "is not a known field"),
    "string_type": ("skal være tekst", "must be text"),
    "int_type": ("skal være et helt tal", "must be a whole number"),
    "int_parsing": ("skal være et helt tal", "must be a whole number"),
    "bool_type": ("skal være true eller false", "must be true or false"),
    "list_type": ("skal være en liste", "must be a list"),
    "dict_type": ("skal være en tabel", "must be a table"),
    "model_type": ("skal være en tabel", "must be a table"),
    "date_type": ("skal være en dato (ÅÅÅÅ-MM-DD)", "must be a date (YYYY-MM-DD)"),
    "date_from_datetime_parsing": (
        "skal være en dato (ÅÅÅÅ-MM-DD)",
        "must be a date (YYYY-MM-DD)",
    ),
    "string_too_short": ("må ikke være tom", "must not be empty"),
    "too_short": ("skal have mindst ét element", "must have at least one item"),
    "string_pattern_mismatch": (
        "har ikke den rigtige form: {pattern}",
        "has the wrong form: {pattern}",
    ),
    "literal_error": ("skal være en af: {expected}", "must be one of: {expected}"),
    "enum": ("skal være en af: {expected}", "must be one of: {expected}"),
    "toml_syntax": ("er ikke gyldig TOML: {detail}", "is not valid TOML: {detail}"),
    "file_unreadable": ("kan ikke læses: {detail}", "cannot be read: {detail}"),
    "duplicate_key": (
        "nøglen {key} bruges mere end én gang",
        "the key {key} is used more than once",
    ),
    "unknown_organisation": ("ukendt organisation: {key}", "unknown organisation: {key}"),
    "unknown_body": ("ukendt organ: {key}", "unknown body: {key}"),
    "meeting_ends_first": (
        "mødet skal slutte efter, det begynder",
        "the meeting must end after it starts",
    ),
    "not_a_co_chair": (
        "{name} er ikke med i formandskabet på mødedagen og kan ikke godkende dagsordenen",
        "{name} is not a co-chair on the day of the meeting and cannot approve the agenda",
    ),
    "not_a_member_then": (
        "{name} sidder ikke i organet på mødedagen",
        "{name} does not sit in the body on the day of the meeting",
    ),
    "agenda_not_approved": (
        "dagsordenen skal godkendes af formandskabet, før den udsendes",
        "the agenda must be approved by a co-chair before it is sent",
    ),
    "not_a_co_chair_minutes": (
        "{name} er ikke med i formandskabet på mødedagen og kan ikke godkende referatet",
        "{name} is not a co-chair on the day of the meeting and cannot approve the minutes",
    ),
    "minutes_not_approved": (
        "referatet skal godkendes af formandskabet, før det offentliggøres",
        "the minutes must be approved by a co-chair before they are published",
    ),
    "minutes_published": (
        "referatet er offentliggjort og kan ikke længere ændres",
        "the minutes are published and can no longer be changed",
    ),
    "meeting_not_held": (
        "mødet holdes først {day}; referatet kan godkendes bagefter",
        "the meeting is not held until {day}; the minutes can be approved afterwards",
    ),
    "action_needs_owner": (
        "angiv en ansvarlig person eller organisation",
        "give a responsible person or organisation",
    ),
    "action_due_before_meeting": (
        "fristen kan ikke ligge før mødet den {day}",
        "the due date cannot be before the meeting on {day}",
    ),
    "proposal_handled": (
        "forslaget »{title}« er allerede behandlet",
        'the proposal "{title}" has already been handled',
    ),
    "item_in_the_minutes": (
        "punktet har en beslutning, opgaver eller inhabilitet i referatet og bliver på sit møde",
        "the item has a decision, actions or disqualifications in the minutes and stays at its meeting",
    ),
    "not_a_member_now": (
        "{name} sidder ikke i organet i dag og kan ikke foreslå punkter",
        "{name} does not sit in the body today and cannot propose items",
    ),
    "not_on_a_later_meeting": (
        "punktet kan kun flyttes til et senere, planlagt møde i samme organ",
        "the item can only move to a later, planned meeting of the same body",
    ),
    "body_closed": (
        "{body} er nedlagt efter {day}; der kan ikke udpeges til det derefter",
        "{body} closed after {day}; no one can be appointed to it after that",
    ),
    "no_ad_hoc_groups": (
        "kommissoriet for {body} giver ikke mulighed for at nedsætte grupper",
        "the charter of {body} does not provide for setting up groups",
    ),
    "not_an_ad_hoc_kind": (
        "kommissoriet giver ikke mulighed for grupper af typen {kind}",
        "the charter does not provide for groups of the kind {kind}",
    ),
    "contact_not_a_member": (
        "kontaktpersonen skal være medlem af gruppen, der nedsætter den; {name} er ikke",
        "the contact person must be a member of the body that sets the group up; {name} is not",
    ),
    "already_closed": (
        "organet er allerede nedlagt efter {day}",
        "the body already closed after {day}",
    ),
    "not_a_successor": (
        "{name} kan ikke efterfølge organet",
        "{name} cannot succeed the body",
    ),
    "hand_over_needs_successor": (
        "vælg et organ at overdrage udpegningerne til",
        "choose a body to hand the appointments to",
    ),
    "before_first_charter": (
        "den sidste dag ligger før organets første kommissorium",
        "the last day is before the body's first charter",
    ),
    "code_only_for_municipality": (
        "kun kommuner har en kommunekode",
        "only municipalities have a municipality code",
    ),
    "municipality_needs_code": (
        "en kommune skal have en kommunekode (tre cifre)",
        "a municipality needs a municipality code (three digits)",
    ),
    "duplicate_code": (
        "kommunekoden {code} bruges mere end én gang",
        "the municipality code {code} is used more than once",
    ),
    "reports_to_itself": (
        "et organ kan ikke referere til sig selv",
        "a body cannot report to itself",
    ),
    "reporting_cycle": (
        "rapporteringslinjerne går i ring: {cycle}",
        "the reporting lines form a cycle: {cycle}",
    ),
    "duplicate_alias": (
        "forkortelsen {alias} bruges af mere end én udpegende instans",
        "the alias {alias} is used by more than one appointing body",
    ),
    "block_kind": (
        "en blok er præcis én af text, items eller list",
        "a block is exactly one of text, items or list",
    ),
    "seat_part_source": (
        "en del af en plads angiver højst én af organisation, each_of_kind, one_of_kind og chair_side",
        "a seat part names at most one of organisation, each_of_kind, one_of_kind and chair_side",
    ),
    "duplicate_clause": (
        "bestemmelsen {ref} findes mere end én gang",
        "the clause {ref} appears more than once",
    ),
    "unknown_clause": (
        "henviser til bestemmelsen {ref}, som ikke findes i kommissoriet",
        "refers to the clause {ref}, which the charter does not have",
    ),
    "ends_before_start": ("slutter før den begynder", "ends before it starts"),
    "max_below_min": (
        "maksimum ({max}) er mindre end minimum ({min})",
        "the maximum ({max}) is below the minimum ({min})",
    ),
    "continuing_above_max": (
        "flere gennemgående medlemmer end pladsen har plads til",
        "more continuing members than the seat can hold",
    ),
    "not_positive": ("skal være et positivt tal", "must be a positive number"),
    "unknown_seat": ("ukendt plads: {key}", "unknown seat: {key}"),
    "not_in_document": (
        'listen {list} vises ikke i dokumentet (mangler en blok med list = "{list}")',
        'the list {list} is not shown in the document (no block with list = "{list}")',
    ),
    "wrong_cluster": (
        "kommissoriet hører til klyngen {key}, ikke {cluster}",
        "the charter belongs to the cluster {key}, not {cluster}",
    ),
    "unknown_appointer": ("ukendt udpegende instans: {key}", "unknown appointing body: {key}"),
    "no_municipalities": (
        "klyngen har ingen kommuner at rotere imellem",
        "the cluster has no municipalities to rotate among",
    ),
    "not_a_municipality": (
        "{key} er ikke en af klyngens kommuner",
        "{key} is not one of the cluster's municipalities",
    ),
    "unknown_cluster": ("ukendt klynge: {key}", "unknown cluster: {key}"),
    "version_exists": (
        "version {version} findes allerede med et andet indhold; giv den nye version nummer {next}",
        "version {version} exists already with other content; number the new version {next}",
    ),
    "version_too_low": (
        "version {version} er lavere end den seneste; giv den nye version nummer {next}",
        "version {version} is below the latest; number the new version {next}",
    ),
    "starts_too_early": (
        "en ny version skal træde i kraft efter den forrige ({previous}), ikke {start}",
        "a new version must come into force after the previous one ({previous}), not {start}",
    ),
    "no_charter": ("organet har intet kommissorium endnu", "the body has no charter yet"),
    "changed_meanwhile": (
        "en anden har gemt version {version} i mellemtiden; dine ændringer er ikke gemt, men står stadig i formularen",
        "someone else saved version {version} meanwhile; your changes are not saved but are still in the form",
    ),
    "same_version_twice": (
        "{body} version {version} findes også i {other}",
        "{body} version {version} is also in {other}",
    ),
    "other_body": (
        "filen er kommissoriet for {key}, ikke for {body}",
        "the file is the charter of {key}, not of {body}",
    ),
    "text_disagrees": (
        "teksten i {ref} siger ikke {value} {unit}; ret teksten eller tallet, så de stemmer",
        "the text of {ref} does not say {value} {unit}; correct the text or the number so they agree",
    ),
    "nul_bytes": (
        "filen indeholder NUL-tegn; gem den som CSV (semikolonsepareret) eller XLSX",
        "the file contains NUL bytes; save it as CSV (semicolon-separated) or XLSX",
    ),
    "utf16": (
        "filen er gemt som UTF-16 (Unicode-tekst); gem den som CSV UTF-8 eller CSV (semikolonsepareret)",
        "the file is saved as UTF-16 (Unicode text); save it as CSV UTF-8 or CSV (semicolon-separated)",
    ),
    "undefined_byte": (
        "filen er hverken UTF-8 eller Windows-1252 (byte 0x{byte:02X} er ikke defineret)",
        "the file is neither UTF-8 nor Windows-1252 (byte 0x{byte:02X} is undefined)",
    ),
    "no_header": ("filen har ingen overskriftsrække", "the file has no header row"),
    "missing_column": ("kolonnen {column} mangler", "the column {column} is missing"),
    "unknown_column": ("ukendt kolonne: {column}", "unknown column: {column}"),
    "bad_date": (
        "{value!r} er ikke en dato (ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ)",
        "{value!r} is not a date (YYYY-MM-DD or DD-MM-YYYY)",
    ),
    "bad_yes_no": ("{value!r} skal være ja eller nej", "{value!r} must be yes (ja) or no (nej)"),
    "bad_role": (
        "{value!r} er ikke en rolle (tom, formand eller sekretariat)",
        "{value!r} is not a role (empty, chair or secretariat)",
    ),
    "bad_email": ("{value!r} er ikke en e-mailadresse", "{value!r} is not an e-mail address"),
    "required": ("skal udfyldes", "is required"),
    "end_before_start": ("slutter før den begynder", "ends before it starts"),
    "duplicate_row": (
        "samme udpegning som række {other}",
        "the same appointment as row {other}",
    ),
    "unknown_seat_of_body": (
        "organet {body} har ingen plads {seat} i kommissoriet, der gælder {on}",
        "the body {body} has no seat {seat} in the charter in force on {on}",
    ),
    "unknown_organisation_key": (
        "ukendt organisation: {value} (brug nøglen eller kommunekoden)",
        "unknown organisation: {value} (use its key or municipality code)",
    ),
    "unknown_person": (
        "{value} er hverken i filen eller i Klynge",
        "{value} is neither in the file nor in Klynge",
    ),
    "unknown_appointing_body": (
        "ukendt udpegende instans: {value} (kendte: {known})",
        "unknown appointing body: {value} (known: {known})",
    ),
    "ambiguous_body": (
        "organet {value} findes i flere klynger; skriv KLYNGE/ORGAN",
        "the body {value} exists in several clusters; write CLUSTER/BODY",
    ),
    "not_your_body": (
        "du er ikke sekretariat for {body}",
        "you are not the secretariat of {body}",
    ),
    "value_error": ("er ugyldig: {detail}", "is invalid: {detail}"),
    "invalid": ("er ugyldig: {detail}", "is invalid: {detail}"),
}


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
        if language == "da":
            return f"række {self.row}" + (f", kolonne {self.column}" if self.column else "")
        return f"row {self.row}" + (f", column {self.column}" if self.column else "")

    def message(self, language: Language = "da") -> str:
        danish, english = MESSAGES.get(self.code, MESSAGES["invalid"])
        template = danish if language == "da" else english
        params = {"detail": "", **self.params}
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
