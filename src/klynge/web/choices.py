"""Choices that a form learns only when it is made (the organisations, seats or items of a body)."""

from collections.abc import Sequence

from django import forms
from django.utils.functional import Promise


def set_choices(
    form: forms.BaseForm, name: str, choices: Sequence[tuple[object, str | Promise]]
) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField), f"{name} is not a choice field"
    field.choices = list(choices)
