"""The minutes (referat) as PDF: attendance, each item's decision, who was disqualified, the
action items; marked as a draft until the minutes are published."""

from typing import TYPE_CHECKING

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from klynge.meetings.closed import shown_items
from klynge.meetings.documents.pdf import (
    Bookmark,
    Progress,
    Source,
    finish,
    footer_css,
    long_date,
    no_progress,
)
from klynge.meetings.models import (
    ActionItem,
    AgendaItem,
    AttendanceStatus,
    Disqualification,
    Meeting,
    MinutesStatus,
)

if TYPE_CHECKING:
    from klynge.meetings.minutes import Present


def minutes_pdf(
    meeting: Meeting, progress: Progress = no_progress, *, full: bool
) -> tuple[bytes, int]:
    """The minutes: attendance, each item's decision, who was disqualified, the action items.
    Marked as a draft until the minutes are published. `full`: with the closed items, else
    each as its number and closed title only (closed.py)."""
    progress("reading", 5)
    items = shown_items(
        meeting.items.order_by("position").prefetch_related(
            Prefetch("disqualified", queryset=Disqualification.objects.select_related("person")),
            Prefetch(
                "actions",
                queryset=ActionItem.objects.select_related("owner", "organisation").order_by(
                    "due", "pk"
                ),
            ),
        ),
        full,
    )
    attendance = _attendance(meeting)
    other_actions = list(
        meeting.actions.filter(item__isnull=True)
        .select_related("owner", "organisation")
        .order_by("due", "pk")
    )
    draft = meeting.minutes_status != MinutesStatus.PUBLISHED
    with translation.override("da"):
        heading = _("Draft minutes") if draft else _("Minutes")
        title = _("%(minutes)s: %(body)s, %(day)s") % {
            "minutes": heading,
            "body": meeting.body.name,
            "day": long_date(meeting.date),
        }
        html = render_to_string(
            "meetings/print/minutes.html",
            {
                "meeting": meeting,
                "body": meeting.body,
                "title": title,
                "draft": draft,
                "items": items,
                "whole": {i.pk for i in items if _fits_on_a_page(i)},
                "present": [line for line in attendance if line.status == AttendanceStatus.PRESENT],
                "substitutes": [
                    line for line in attendance if line.status == AttendanceStatus.SUBSTITUTE
                ],
                "apologised": [
                    line for line in attendance if line.status == AttendanceStatus.APOLOGISED
                ],
                "absent": [line for line in attendance if line.status == AttendanceStatus.ABSENT],
                "guests": list(meeting.guests.all()),
                "other_actions": other_actions,
                "made_at": timezone.localtime(),
                "footer": footer_css(
                    f"{heading} · {meeting.body.name} · {long_date(meeting.date, weekday=False)}"
                ),
            },
        )
        bookmarks = [
            Bookmark(title, "forside"),
            Bookmark(_("Attendance"), "fremmoede"),
            *[Bookmark(f"{i.position}. {i.title}", f"punkt-{i.position}") for i in items],
        ]
        if other_actions:
            bookmarks.append(Bookmark(_("Other action items"), "handlinger"))
        numbering = _("Page %(page)s of %(pages)s")
    return finish(Source(html, bookmarks, numbering), progress)


# About what an A4 page of the minutes holds, in characters of running text; an action or a
# disqualification takes a line or two.
PAGE_OF_TEXT = 3000


def _fits_on_a_page(item: AgendaItem) -> bool:
    """Whether an item is short enough to be kept on one page: moved whole to the next page
    rather than split. A longer one flows on, or it would leave most of a page empty."""
    size = len(item.title) + len(item.recommendation) + len(item.decision)
    size += 200 * len(item.actions.all()) + 100 * len(item.disqualified.all())
    return size <= PAGE_OF_TEXT


def _attendance(meeting: Meeting) -> list["Present"]:
    from klynge.meetings.minutes import attendance_of

    return attendance_of(meeting)
