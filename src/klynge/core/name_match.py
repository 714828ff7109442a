"""Finding the one thing a person means by what they typed: a key, a name, a short name, or a
few words of the name ("Lemvig" for Lemvig Kommune, "Sundhed for voksne" for the focus group).

A member file is written by people who know the cluster by its names, not by Klynge's keys. The
rules, in order, stop at the first that finds anything: a key; a whole name or short name; the
typed words as consecutive words of a name. Each rule that finds more than one thing makes the
text ambiguous, and the caller names every candidate; nothing found gives the names close to
what was typed, as suggestions.
"""

import difflib
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate[T]:
    item: T
    label: str  # how a person knows it: its name
    keys: tuple[str, ...] = ()  # exact identifiers: key, CLUSTER/KEY, municipality code
    names: tuple[str, ...] = ()  # name, short name, former names


@dataclass(frozen=True)
class Match[T]:
    found: T | None
    ambiguous: tuple[str, ...] = ()  # the labels of every candidate the text fits
    close: tuple[str, ...] = ()  # when nothing fits: labels close to the text

    @property
    def is_ambiguous(self) -> bool:
        return bool(self.ambiguous)


def normalise(text: str) -> str:
    """Case, repeated spaces and a trailing full stop do not tell names apart."""
    return " ".join(text.casefold().split()).rstrip(".").strip()


def words(text: str) -> tuple[str, ...]:
    # Hyphenated names stay one word: "Ikast" is not "Ikast-Brande".
    return tuple(re.findall(r"[\w-]+", text.casefold()))


def _contains(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    size = len(needle)
    return size > 0 and any(
        haystack[i : i + size] == needle for i in range(len(haystack) - size + 1)
    )


def _labels[T](found: list[Candidate[T]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c.label for c in found))


def match[T](text: str, candidates: list[Candidate[T]]) -> Match[T]:
    wanted = normalise(text)
    if not wanted:
        return Match(None)

    def by_key(c: Candidate[T]) -> bool:
        return wanted in {normalise(k) for k in c.keys}

    def by_name(c: Candidate[T]) -> bool:
        return wanted in {normalise(n) for n in c.names}

    def by_words(c: Candidate[T]) -> bool:
        return any(_contains(words(n), words(text)) for n in c.names)

    for fits in (by_key, by_name, by_words):
        found = [c for c in candidates if fits(c)]
        if len(found) == 1:
            return Match(found[0].item)
        if found:
            return Match(None, ambiguous=_labels(found))
    spelled = {normalise(n): c.label for c in candidates for n in (*c.names, *c.keys)}
    close = difflib.get_close_matches(wanted, list(spelled), n=3, cutoff=0.7)
    return Match(None, close=tuple(dict.fromkeys(spelled[n] for n in close)))


def quoted(labels: tuple[str, ...]) -> str:
    """Names as a message lists them: »A«, »B«."""
    return ", ".join(f"»{label}«" for label in labels)
