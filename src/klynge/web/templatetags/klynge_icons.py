"""DKFDS 11's icons, drawn from its sprite: a static file, so no inline SVG sprite is needed on each
page and the Content Security Policy stays as strict as it is."""

from django import template
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()

SPRITE = "vendor/dkfds/img/all-svg-icons.svg"


@register.simple_tag
def icon(name: str, label: str = "", classes: str = "") -> SafeString:
    """The icon `name`; hidden from screen readers unless it has a `label` of its own."""
    names = f"icon-svg {classes}".strip()
    href = f"{static(SPRITE)}#{name}"
    if label:
        return format_html(
            '<svg class="{}" role="img" aria-label="{}" focusable="false"><use href="{}"></use></svg>',
            names,
            label,
            href,
        )
    return format_html(
        '<svg class="{}" aria-hidden="true" focusable="false"><use href="{}"></use></svg>',
        names,
        href,
    )


@register.simple_tag
def alert_icon(variant: str) -> SafeString:
    """The icon DKFDS 11 puts first in an alert of this variant, named for screen readers."""
    labels = {
        "info": _("Information"),
        "success": _("Success"),
        "warning": _("Warning"),
        "error": _("Error"),
    }
    return icon(variant, labels[variant], "alert-icon")
