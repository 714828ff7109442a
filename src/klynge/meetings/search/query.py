"""What the user typed, read as a search: words, "quoted phrases", -unwanted terms and `eller`
(or `or`) between alternatives."""

import re
from dataclasses import dataclass

MAX_QUERY = 200
MAX_TERMS = 12
# The word between alternatives, in Danish and in English, as a bare word in any case.
ALTERNATIVES = {"eller", "or"}


@dataclass(frozen=True)
class Term:
    """A word or a phrase: `text` as typed (for PostgreSQL's parser), `words` its letters and
    digits (for FTS5 and the prefix terms)."""

    text: str
    words: tuple[str, ...]
    quoted: bool = False


@dataclass(frozen=True)
class Group:
    """Terms that must all be there, and terms that must not."""

    wanted: tuple[Term, ...]
    unwanted: tuple[Term, ...] = ()


@dataclass(frozen=True)
class Query:
    """A search in the shape websearch_to_tsquery reads: words and "quoted phrases" all wanted,
    -word not, and `eller` (or `or`) between alternatives. Any other character is only a separator, so no
    input is a syntax error in either database."""

    groups: tuple[Group, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.groups)


_TOKENS = re.compile(r'(-*)"([^"]*)"?|(\S+)')
_WORDS = re.compile(r"[^\W_]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def parse(text: str) -> Query:
    groups: list[Group] = []
    wanted: list[Term] = []
    unwanted: list[Term] = []
    count = 0

    def close() -> None:
        if wanted:
            groups.append(Group(tuple(wanted), tuple(unwanted)))
        wanted.clear()
        unwanted.clear()

    # Control characters (NUL among them, which PostgreSQL refuses in a string) separate words.
    text = _CONTROL.sub(" ", text[:MAX_QUERY])
    for match in _TOKENS.finditer(text):
        negations, phrase, bare = match.groups()
        if bare is not None and bare.lower() in ALTERNATIVES:
            close()
            continue
        if phrase is not None:
            quoted, body = True, phrase
            negated = bool(negations)
        else:
            stripped = bare.lstrip("-")
            quoted, body, negated = False, stripped, len(stripped) < len(bare)
        words = tuple(_WORDS.findall(body))
        if not words or count >= MAX_TERMS:
            continue
        count += 1
        (unwanted if negated else wanted).append(Term(body, words, quoted))
    close()
    return Query(tuple(groups))
