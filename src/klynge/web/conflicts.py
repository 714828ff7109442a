"""Optimistic locking in forms: a second editor's save is refused, never silently lost."""

from django import forms


def keep_after_refusal(form: forms.Form, version_field: str, current: object) -> None:
    """The save was refused because someone saved first: keep what this editor typed, and point
    the form at the version now saved, so that saving again is a deliberate choice."""
    form.data = form.data.copy()
    form.data[version_field] = str(current)
