"""Template tags for a meeting's documents and attachments."""

from typing import Any

from django import template
from django.conf import settings

from klynge.governance.access import may_read_closed
from klynge.meetings.documents import document_states
from klynge.meetings.models import Meeting

register = template.Library()


@register.simple_tag
def max_attachment_mb() -> int:
    return int(settings.KLYNGE_MAX_ATTACHMENT_MB)


@register.inclusion_tag("meetings/partials/documents.html", takes_context=True)
def meeting_documents(context: template.Context, meeting: Meeting) -> dict[str, Any]:
    """The documents panel: what the user is offered (the minutes only once published, unless
    they are the secretariat, `may_change` in the page's context), one query for their state."""
    request = context["request"]
    full = may_read_closed(request.user, meeting)
    return {
        "meeting": meeting,
        "states": document_states(meeting, bool(context.get("may_change")), full),
        # A write view that shows the page again names the page itself, to come back to.
        "next": context.get("page_url") or request.path,
        "csrf_token": context.get("csrf_token"),
    }
