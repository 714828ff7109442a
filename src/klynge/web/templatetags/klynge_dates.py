"""Dates and times the way the reader's language writes them, on every page, e-mail and PDF.

Built into every template (settings.TEMPLATES builtins). Danish: "onsdag den 2. december 2026" in
running text and "kl. 13.00–15.00"; English: "Wednesday 2 December 2026" and "13:00–15:00". The
formats are in the catalogue, so a language brings its own.
"""

import datetime

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.dateformat import time_format
from django.utils.translation import pgettext

register = template.Library()


@register.filter
def weekday_date(day: datetime.date | None) -> str:
    """ "onsdag den 2. december 2026": a date in running text, with its weekday. At the start of a
    sentence, follow it with |capfirst."""
    if day is None:
        return ""
    return date_format(day, pgettext("date format: weekday and date in running text", "l j F Y"))


def _time(moment: datetime.time | datetime.datetime) -> str:
    if isinstance(moment, datetime.datetime):
        moment = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return time_format(moment, pgettext("time format", "H:i"))


@register.filter
def clock(moment: datetime.time | datetime.datetime | None) -> str:
    """ "kl. 13.00" in Danish, "13:00" in English."""
    if moment is None:
        return ""
    return pgettext("a time of day", "%(start)s") % {"start": _time(moment)}


@register.filter
def time_span(start: datetime.time | None, end: datetime.time | None) -> str:
    """ "kl. 13.00–15.00" in Danish, "13:00–15:00" in English."""
    if start is None:
        return ""
    if end is None:
        return clock(start)
    return pgettext("a span of time", "%(start)s–%(end)s") % {
        "start": _time(start),
        "end": _time(end),
    }
