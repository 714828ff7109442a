from django import forms, template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def dkfds_input(field: forms.BoundField, autocomplete: str = "") -> SafeString:
    """The field's widget with DKFDS classes, tied to its hint and error texts for screen readers."""
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}-hint")
    described_by += [f"{field.auto_id}-error-{n}" for n in range(1, len(field.errors) + 1)]
    is_select = isinstance(field.field.widget, forms.Select)
    attrs: dict[str, str | bool] = {"class": "form-select" if is_select else "form-input"}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    if field.errors:
        attrs["aria-invalid"] = "true"
    if autocomplete:
        attrs["autocomplete"] = autocomplete
    # A browser cuts a pasted text at maxlength without a word; without it the server refuses
    # a text that is too long, saying so beside the field, with the whole text kept.
    field.field.widget.attrs.pop("maxlength", None)
    return field.as_widget(attrs=attrs)


@register.simple_tag
def dkfds_choice(choice: forms.boundfield.BoundWidget) -> SafeString:
    """One checkbox or radio button of a choice field as DKFDS 11 draws it: the input, then its
    label, in the `form-group-checkbox` or `form-group-radio` the input is positioned against."""
    kind = "radio" if choice.data.get("type") == "radio" else "checkbox"
    choice.data["attrs"] = {**choice.data["attrs"], "class": f"form-{kind}"}
    return format_html(
        '<div class="form-group-{}">{}<label class="form-label" for="{}">{}</label></div>',
        kind,
        choice.tag(),
        choice.id_for_label,
        choice.choice_label,
    )
