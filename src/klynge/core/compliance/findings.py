"""A finding: one breach of a charter's rule, with a message rendered in the reader's language.

The message is kept as its English template from the catalogue and the values for its
placeholders, and rendered when shown, so one finding reads in Danish on one page and in English
on another.
"""

from dataclasses import dataclass, field
from typing import Literal

from klynge.core.i18n import translate

Severity = Literal["error", "warning", "info"]
# A breach coming within this many days is a warning.
WARNING_DAYS = 60


@dataclass(frozen=True)
class Message:
    """A catalogue text (English, marked with gettext_noop where it is written) and the values of
    its str.format placeholders; a value may be a message of its own, rendered in the same
    language."""

    template: str
    params: tuple[tuple[str, "str | int | Message"], ...] = ()

    def render(self, language: str) -> str:
        values = {
            name: value.render(language) if isinstance(value, Message) else value
            for name, value in self.params
        }
        return translate(self.template, language).format(**values)


def message(template: str, **params: "str | int | Message") -> Message:
    return Message(template, tuple(params.items()))


@dataclass(frozen=True)
class Finding:
    body: str
    rule: str
    clause: str
    severity: Severity
    text: Message
    subject: tuple[tuple[str, str], ...] = field(default=())

    def message(self, language: str = "da") -> str:
        return self.text.render("en" if language == "en" else "da")

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
            "message": self.message(language),
            "subject": dict(self.subject),
        }


def subject_of(**subject: str | None) -> tuple[tuple[str, str], ...]:
    """What a finding is about, in a stable order, leaving out what is not known."""
    return tuple(sorted((k, v) for k, v in subject.items() if v))
