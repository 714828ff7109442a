"""Statuses that move along a table of allowed steps (a workflow as data), checked in one place.

A table maps each status to the statuses it may move to next; a status missing from the table
(or mapped to nothing) is final. Tables hold plain strings, so the Django choices (str enums) of
the apps and the values read back from the database look each other up alike.
"""

from collections.abc import Collection, Mapping

Transitions = Mapping[str, Collection[str]]


class TransitionRefused(Exception):
    """A status change the table does not allow: a mistake in the calling code, not in input."""

    def __init__(self, old: str, new: str) -> None:
        super().__init__(f"{old!s} → {new!s} is not an allowed step")
        self.old = old
        self.new = new


def may_move(transitions: Transitions, old: str, new: str) -> bool:
    """Whether the table lets a status go from `old` to `new`."""
    return new in transitions.get(old, ())


def check_transition(transitions: Transitions, old: str, new: str) -> None:
    """Refuse (TransitionRefused) a step the table does not allow."""
    if not may_move(transitions, old, new):
        raise TransitionRefused(old, new)
