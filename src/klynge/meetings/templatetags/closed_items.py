"""Template filters for closed items (lukkede punkter): see meetings/closed.py."""

from django import template

from klynge.meetings.closed import hidden
from klynge.meetings.models import AgendaItem

register = template.Library()


@register.filter
def stand_in(item: AgendaItem) -> bool:
    """Whether the item is the stand-in of a closed item the reader may not read."""
    return hidden(item)
