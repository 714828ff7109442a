"""What the meeting pages share."""

from django.http import HttpRequest
from django.utils import timezone

from klynge.core.problems import InvalidInput
from klynge.web.pages import number_in, page_language


def requested_year(request: HttpRequest) -> int:
    return number_in(request.GET.get("year"), 2000, 2100) or timezone.localdate().year


def problem_lines(error: InvalidInput) -> list[str]:
    return [p.render(page_language()) for p in error.problems]
