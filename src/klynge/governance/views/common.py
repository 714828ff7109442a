"""What the governance pages share."""

import datetime

from django.http import HttpRequest
from django.utils import timezone

from klynge.core.problems import InvalidInput
from klynge.web.pages import page_language


def requested_day(request: HttpRequest) -> datetime.date:
    """The day in the address (`?on=`), else today."""
    try:
        return datetime.date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        return timezone.localdate()


def row_problems(error: InvalidInput) -> list[str]:
    """A form's problems, each with the field it concerns."""
    return [
        f"{p.column}: {p.message(page_language())}" if p.column else p.message(page_language())
        for p in error.problems
    ]
