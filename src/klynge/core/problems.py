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
    "invalid": ("er ugyldig: {detail}", "is invalid: {detail}"),
}


@dataclass(frozen=True)
class Problem:
    location: str
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def message(self, language: Language = "da") -> str:
        danish, english = MESSAGES.get(self.code, MESSAGES["invalid"])
        template = danish if language == "da" else english
        params = {"detail": "", **self.params}
        return template.format(**params)

    def render(self, language: Language = "da") -> str:
        return (
            f"{self.location}: {self.message(language)}"
            if self.location
            else self.message(language)
        )


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
