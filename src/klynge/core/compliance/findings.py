"""A finding: one breach of a charter's rule, with a message rendered in the reader's language.

The message is kept as its English template from the catalogue and the values for its
placeholders, and rendered when shown, so one finding reads in Danish on one page and in English
on another.
"""

import datetime
from dataclasses import dataclass, field
from typing import Literal

from klynge.core.danish import long_date
from klynge.core.i18n import translate

Severity = Literal["error", "warning", "info"]
# A breach coming within this many days is a warning.
WARNING_DAYS = 60


@dataclass(frozen=True)
class Named:
    """A seat or a person in a message: people read its name; the command line and JSON keep its
    key, which their other columns and the finding's subject use too."""

    key: str
    name: str


type Value = str | int | datetime.date | Named | Message


@dataclass(frozen=True)
class Message:
    """A catalogue text (English, marked with gettext_noop where it is written) and the values of
    its str.format placeholders; a value may be a message of its own, rendered in the same
    language. For people (`for_people`), names and dates as words ("31. december 2029"); for the
    command line and JSON, keys and ISO dates."""

    template: str
    params: tuple[tuple[str, Value], ...] = ()

    def render(self, language: str, *, for_people: bool = True) -> str:
        values = {name: shown(value, language, for_people) for name, value in self.params}
        return translate(self.template, language).format(**values)


def shown(value: Value, language: str, for_people: bool) -> str | int:
    if isinstance(value, Message):
        return value.render(language, for_people=for_people)
    if isinstance(value, Named):
        return value.name if for_people and value.name else value.key
    if isinstance(value, datetime.date):
        return long_date(value, language) if for_people else value.isoformat()
    return value


def message(template: str, **params: Value) -> Message:
    return Message(template, tuple(params.items()))


def listed(values: list[Named]) -> Message:
    """Several names in one placeholder, joined by commas."""
    names = {f"v{i}": value for i, value in enumerate(values)}
    return message(", ".join("{" + name + "}" for name in names), **names)


@dataclass(frozen=True)
class Finding:
    body: str
    rule: str
    clause: str
    severity: Severity
    text: Message
    subject: tuple[tuple[str, str], ...] = field(default=())

    def message(self, language: str = "da", *, for_people: bool = True) -> str:
        return self.text.render("en" if language == "en" else "da", for_people=for_people)

    @property
    def message_da(self) -> str:
        return self.message("da")

    @property
    def message_en(self) -> str:
        return self.message("en")

    def as_json(self, language: str = "da") -> dict[str, object]:
        return {
            "body": self.body,
            "rule": self.rule,
            "clause": self.clause,
            "severity": self.severity,
            "message": self.message(language, for_people=False),
            "subject": dict(self.subject),
        }


def subject_of(**subject: str | None) -> tuple[tuple[str, str], ...]:
    """What a finding is about, in a stable order, leaving out what is not known."""
    return tuple(sorted((k, v) for k, v in subject.items() if v))
