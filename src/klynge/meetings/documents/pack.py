"""The meeting pack (mødemappe): one HTML document, printed from the same partials as the agenda
page, with the PDF attachments appended after it and listed where they cannot be."""

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pikepdf
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from klynge.core.danish import sort_key
from klynge.governance.models import Appointment, Role
from klynge.meetings.calendar import default_base_url
from klynge.meetings.closed import shown_actions, shown_attachments, shown_items
from klynge.meetings.documents.pdf import (
    Bookmark,
    PackAttachment,
    Progress,
    Source,
    finish,
    footer_css,
    long_date,
    no_progress,
)
from klynge.meetings.minutes import open_actions_before
from klynge.meetings.models import Attachment, Meeting
from klynge.meetings.services import time_slots

logger = logging.getLogger(__name__)


def _open_pdf(attachment: Attachment) -> pikepdf.Pdf | None:
    try:
        try:
            return pikepdf.open(attachment.file.path)
        except NotImplementedError:  # a storage without local paths
            with attachment.file.open("rb") as stream:
                return pikepdf.open(io.BytesIO(stream.read()))
    except (pikepdf.PdfError, OSError, ValueError):
        logger.warning("attachment %s is a PDF that does not open", attachment.pk)
        return None


@dataclass(frozen=True)
class Participant:
    """Someone the agenda is for, as the cover lists them."""

    name: str
    organisation: str
    co_chair: bool = False
    substitute_for: str = ""


@dataclass(frozen=True)
class CoverPeople:
    participants: list[Participant]
    apologies: list[str]
    secretariat: list[str]


def cover_people(meeting: Meeting) -> CoverPeople:
    """The members and co-chairs on the meeting's day who have not sent apologies, with the
    substitutes of those who have; the names on the apologies; and the secretariat. Each in
    Danish alphabetical order."""
    rows = list(
        Appointment.objects.filter(body_id=meeting.body_id)
        .valid_on(meeting.date)
        .select_related("person", "organisation", "substitute_for")
        .order_by("start", "pk")
    )
    apologised = {a.person_id: a.person.name for a in meeting.apologies.select_related("person")}
    members: dict[int, Participant] = {}
    substitutes: dict[int, Participant] = {}
    secretariat: dict[int, str] = {}
    for row in rows:
        organisation = row.organisation.name if row.organisation else ""
        absent = row.substitute_for
        if absent is not None:
            if absent.pk in apologised:
                substitute = Participant(row.person.name, organisation, substitute_for=absent.name)
                substitutes.setdefault(row.person_id, substitute)
        elif row.role == Role.SECRETARIAT:
            secretariat[row.person_id] = row.person.name
        else:  # a member, in a seat or not, a co-chair, a contact person
            known = members.get(row.person_id)
            members[row.person_id] = Participant(
                row.person.name,
                (known.organisation if known else "") or organisation,
                co_chair=(known is not None and known.co_chair) or row.role == Role.CHAIR,
            )
    attending = [p for pk, p in members.items() if pk not in apologised]
    attending += [p for pk, p in substitutes.items() if pk not in members and pk not in apologised]
    return CoverPeople(
        participants=sorted(attending, key=lambda p: sort_key(p.name)),
        apologies=sorted(apologised.values(), key=sort_key),
        secretariat=sorted(
            (name for pk, name in secretariat.items() if pk not in members), key=sort_key
        ),
    )


def pack_pdf(
    meeting: Meeting, progress: Progress = no_progress, *, full: bool
) -> tuple[bytes, int]:
    """The meeting pack: cover, agenda, every item with its texts and the list of its
    attachments, then the PDF attachments in order; `full`: with the closed items and
    attachments, else with each closed item as its number and closed title only (closed.py).
    Returns the PDF and its number of pages."""
    with pack_source(meeting, progress, full=full) as source:
        return finish(source, progress)


@contextmanager
def pack_source(
    meeting: Meeting, progress: Progress = no_progress, *, full: bool
) -> Iterator[Source]:
    """The pack's HTML and bookmarks, with its PDF attachments open until the block ends."""
    progress("reading", 5)
    items = shown_items(
        meeting.items.order_by("position").prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.order_by("position", "pk"))
        ),
        full,
    )
    base_url = default_base_url().rstrip("/")
    per_item: dict[int, list[PackAttachment]] = {}
    for item in items:
        per_item[item.pk] = [
            PackAttachment(
                attachment=a,
                number=f"{item.position}.{n}",
                anchor=f"bilag-{item.position}-{n}",
                url=base_url + reverse("meeting_attachment", args=[meeting.pk, a.pk]),
            )
            for n, a in enumerate(shown_attachments(item, item.attachments.all(), full), start=1)
        ]
    every = [a for item in items for a in per_item[item.pk]]
    slots = time_slots(meeting, items)
    try:
        for entry in every:
            if entry.attachment.content_type == "application/pdf":
                entry.pdf = _open_pdf(entry.attachment)
                entry.unreadable = entry.pdf is None
                entry.pages = len(entry.pdf.pages) if entry.pdf is not None else 0
        merged = [a for a in every if a.merged]
        for before, entry in zip([None, *merged], merged, strict=False):
            entry.appended_page = before.appended_page + before.pages if before else 0
        with translation.override("da"):
            heading = _("Agenda")
            title = _("Meeting pack: %(body)s, %(day)s") % {
                "body": meeting.body.name,
                "day": long_date(meeting.date),
            }
            html = render_to_string(
                "meetings/print/pack.html",
                {
                    "meeting": meeting,
                    "body": meeting.body,
                    "title": title,
                    "slots": slots,
                    "items": [(item, slot, per_item[item.pk]) for item, slot in slots],
                    "attachments": every,
                    "follow_up": shown_actions(open_actions_before(meeting), full),
                    "people": cover_people(meeting),
                    "made_at": timezone.localtime(),
                    "base_url": base_url,
                    "footer": footer_css(
                        f"{heading} · {meeting.body.name} · "
                        f"{long_date(meeting.date, weekday=False)}"
                    ),
                },
            )
            bookmarks = [
                Bookmark(title, "forside"),
                Bookmark(heading, "dagsorden"),
                *[
                    Bookmark(
                        f"{item.position}. {item.title}",
                        f"punkt-{item.position}",
                        children=[
                            Bookmark(
                                _("Attachment %(number)s: %(title)s")
                                % {"number": a.number, "title": a.attachment.title},
                                anchor="" if a.merged else a.anchor,
                                appended_page=a.appended_page,
                            )
                            for a in per_item[item.pk]
                        ],
                    )
                    for item in items
                ],
            ]
            numbering = _("Page %(page)s of %(pages)s")
            stamp = _("Attachment %(number)s · page %(page)s of %(pages)s")
        yield Source(html, bookmarks, numbering, merged, stamp)
    finally:
        for entry in every:
            if entry.pdf is not None:
                entry.pdf.close()
