"""Numbers that a charter's words state too ("mødes som minimum fire gange årligt"): the meeting
rules' numbers must agree with their clauses' text, and a change of a number through a form
rewrites the words with it."""

import re
from typing import TYPE_CHECKING

from klynge.core.problems import Problem

if TYPE_CHECKING:
    from klynge.core.charter import Charter

# Each rule whose number its clause also writes out: the field, the field naming its clause, the
# unit the words use.
STATED_NUMBERS: tuple[tuple[str, str, str], ...] = (
    ("min_per_year", "clause", "gange"),
    ("agenda_lead_days", "lead_days_clause", "dage"),
    ("theme_days_per_year", "theme_days_clause", "årlige temadage"),
)
DANISH_NUMBER_WORDS = {
    1: ("én", "en", "et"), 2: ("to",), 3: ("tre",), 4: ("fire",), 5: ("fem",), 6: ("seks",),
    7: ("syv",), 8: ("otte",), 9: ("ni",), 10: ("ti",), 11: ("elleve",), 12: ("tolv",),
}  # fmt: skip


def _stated(n: int, unit: str) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(a) for a in (str(n), *DANISH_NUMBER_WORDS.get(n, ())))
    return re.compile(rf"(?<![\w-])({alternatives})(\s+{re.escape(unit)})(?!\w)", re.IGNORECASE)


def states_number(text: str, n: int, unit: str) -> bool:
    return _stated(n, unit).search(text) is not None


def restate(text: str, old: int, new: int, unit: str) -> str:
    """`text` with `old unit` written as `new unit`, in words where it was written in words."""

    def replace(match: re.Match[str]) -> str:
        was_word = not match.group(1).isdigit()
        words = DANISH_NUMBER_WORDS.get(new)
        return f"{words[0] if was_word and words else new}{match.group(2)}"

    return _stated(old, unit).sub(replace, text)


def _clause_text(charter: "Charter", ref: str) -> str:
    clause = next((c for s in charter.sections for c in s.clauses if c.ref == ref), None)
    if clause is None:
        return ""
    return " ".join(b.text or " ".join(b.items or ()) for b in clause.blocks)


def stated_number_problems(charter: "Charter") -> list[Problem]:
    """A number in the meeting rules that its clause's words do not state."""
    problems: list[Problem] = []
    rules = charter.meetings
    if rules is None:
        return problems
    for field, clause_field, unit in STATED_NUMBERS:
        value = getattr(rules, field)
        ref = getattr(rules, clause_field) or rules.clause
        if value is None or value <= 0 or ref not in charter.clause_refs():
            continue  # a missing clause or a non-positive number is reported on its own
        if not states_number(_clause_text(charter, ref), value, unit):
            problems.append(
                Problem(
                    f"meetings.{field}",
                    "text_disagrees",
                    {"ref": ref, "value": value, "unit": unit},
                )
            )
    return problems
