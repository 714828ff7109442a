from django import template
from django.utils.safestring import SafeString, mark_safe

from klynge.meetings.rich_text import clean_input

register = template.Library()


@register.filter
def rich_text(value: str) -> SafeString:
    """A saved case text as HTML for a page. It was sanitised when saved; it is sanitised again
    here, so that nothing unsanitised is ever marked safe whatever path wrote it."""
    return mark_safe(clean_input(value or ""))
