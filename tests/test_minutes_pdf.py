"""The minutes PDF reads as a document: an item is not split over two pages when it fits on
one, so no page starts with the rest of an item or is left with a lone item heading at its
foot. Checked on the text of each page of a real PDF."""

import io
import re

from pypdf import PdfReader

from klynge.accounts.audit import SystemActor
from klynge.governance.models import Organisation
from klynge.meetings import minutes
from klynge.meetings.documents.minutes import minutes_pdf
from klynge.meetings.models import Meeting
from klynge.meetings.services import add_item
from tests import test_minutes

held = test_minutes.held  # the same meeting: a co-chair, a member and her substitute

HEADINGS = re.compile(r"^(\d+\. Sag nummer \d+|Indstilling|Beslutning|Opgaver|Fremmøde|Til stede)$")


def _pages(meeting: Meeting) -> list[list[str]]:
    """Each page's lines of text, without the footer."""
    data, _count = minutes_pdf(Meeting.objects.get(pk=meeting.pk), full=True)
    return [
        [line.strip() for line in page.extract_text().splitlines()
         if line.strip() and "Side " not in line and line.strip() != "•"]
        for page in PdfReader(io.BytesIO(data)).pages
    ]  # fmt: skip


def test_an_item_of_the_minutes_is_kept_on_one_page(held: Meeting) -> None:
    actor = SystemActor("test")
    struer = Organisation.objects.get(key="struer")
    for n in range(1, 13):
        item = add_item(acting_user=actor, meeting=held, values={
            "title": f"Sag nummer {n}", "kind": "decision",
            "recommendation": "Det indstilles, at sagen godkendes. " * (2 + n % 4),
        })  # fmt: skip
        item.decision = "Sagen blev godkendt. " * (1 + (n * 5) % 7)
        item.save()
        minutes.add_action(acting_user=actor, meeting=held, title=f"Opgave fra sag {n}",
                           item=item, organisation=struer)  # fmt: skip
    pages = _pages(held)
    assert len(pages) > 3

    def page_of(text: str) -> int:
        return next(i for i, lines in enumerate(pages) if any(text in line for line in lines))

    split = [
        n for n in range(1, 13) if page_of(f". Sag nummer {n}") != page_of(f"Opgave fra sag {n}")
    ]
    assert split == [], f"items split over two pages: {split}"
    lone = [lines[-1] for lines in pages[:-1] if HEADINGS.match(lines[-1])]
    assert lone == [], f"pages that end with a heading: {lone}"


def test_an_item_longer_than_a_page_flows_on_and_keeps_its_decision_together(
    held: Meeting,
) -> None:
    actor = SystemActor("test")
    struer = Organisation.objects.get(key="struer")
    item = add_item(acting_user=actor, meeting=held, values={
        "title": "Sag nummer 1", "kind": "decision",
        "recommendation": "Det indstilles, at sagen godkendes efter drøftelse i organet. " * 120,
    })  # fmt: skip
    item.decision = "Sagen blev godkendt. " * 6
    item.save()
    minutes.add_action(acting_user=actor, meeting=held, title="Opgave fra sag 1", item=item,
                       organisation=struer)  # fmt: skip
    pages = _pages(held)

    def page_of(text: str) -> int:
        return next(i for i, lines in enumerate(pages) if any(text in line for line in lines))

    # The item starts on the page after the attendance, right below it, not on a page of its own.
    assert page_of("1. Godkendelse af dagsorden") == page_of("Fremmøde") == 1
    assert page_of("Sag nummer 1") == page_of("2. Opfølgning på referat")
    assert page_of("Sagen blev godkendt.") == page_of("Opgave fra sag 1")
    lone = [lines[-1] for lines in pages[:-1] if HEADINGS.match(lines[-1])]
    assert lone == [], f"pages that end with a heading: {lone}"
