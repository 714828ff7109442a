"""Small helpers the apps' views share."""

from django import forms
from django.utils.translation import get_language


def page_language() -> str:
    """The page's language as the core's messages know it: "da", or "en" when chosen."""
    return "en" if get_language() == "en" else "da"


def keep_after_refusal(form: forms.Form, version_field: str, current: object) -> None:
    """A second editor's save was refused because someone saved first: keep what this editor
    typed, and point the form at the version now saved, so that saving again is a deliberate
    choice."""
    form.data = form.data.copy()
    form.data[version_field] = str(current)
