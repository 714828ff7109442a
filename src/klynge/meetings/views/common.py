"""What the meeting pages share."""

from django.http import HttpRequest
from django.utils import timezone

from klynge.web.pages import number_in


def requested_year(request: HttpRequest) -> int:
    return number_in(request.GET.get("year"), 2000, 2100) or timezone.localdate().year
