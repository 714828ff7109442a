"""The meeting pack as read on paper: who takes part and who sent apologies on the cover, kinds
in the agenda table whole, and every appended attachment page stamped with where it belongs."""

import io
import re

import pikepdf
import pypdf
import pytest

from klynge.governance.models import Person
from klynge.meetings import documents
from klynge.meetings.attachments import add_attachment
from klynge.meetings.models import ItemKind, Meeting
from klynge.meetings.services import send_apology
from tests.helpers import import_lines
from tests.test_meeting_documents import ACTOR, da, item_at, meeting, pdf_file, pdf_text

__all__ = ["meeting"]  # the fixture, used by the tests below


# A word broken at the end of a line: WeasyPrint's hyphen is U+2010.
HYPHENATED = r"\w[-\u2010\u00ad]\s*\n"


def stamp(number: str, page: int, pages: int) -> str:
    return da(
        "Attachment %(number)s · page %(page)s of %(pages)s", number=number, page=page, pages=pages
    )


def where_written(page: pypdf.PageObject, text: str) -> list[tuple[float, float]]:
    """Where on the page (in its own coordinates) each piece of text equal to `text` starts."""
    found: list[tuple[float, float]] = []

    def visit(piece: str, cm: list[float], tm: list[float], *_: object) -> None:
        if piece.strip() == text:
            found.append((cm[0] * tm[4] + cm[2] * tm[5] + cm[4],
                          cm[1] * tm[4] + cm[3] * tm[5] + cm[5]))  # fmt: skip

    page.extract_text(visitor_text=visit)
    return found


def attach(meeting: Meeting, position: int, name: str, content: bytes) -> None:
    from django.core.files.base import ContentFile

    add_attachment(
        acting_user=ACTOR, item=item_at(meeting, position), upload=ContentFile(content, name=name)
    )


def rotated(content: bytes, degrees: int) -> bytes:
    with pikepdf.open(io.BytesIO(content)) as pdf:
        for page in pdf.pages:
            page.Rotate = degrees
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


@pytest.fixture
def people(meeting: Meeting) -> Meeting:
    """FSG on the meeting's day: Lars as secretariat, Jens and Lone as members (the `fsg`
    fixture), two co-chairs, Åse Holm with Bo Bach as her substitute, Carl Dahl and Aase Lund;
    Åse and Carl send apologies."""
    import_lines(
        [
            "organ;plads;organisation;navn;e-mail;start;rolle;stedfortræder_for",
            "fsg;hospitalsledelse;goedstrup;Rikke Holm;rikke@goedstrup.test;2026-01-01;formand;",
            "fsg;kommune-fagdirektoer;herning;Hanne Herning;hanne@herning.test;2026-01-01;formand;",
            "fsg;kommune-fagdirektoer;struer;Åse Holm;aase@struer.test;2026-01-01;;",
            "fsg;kommune-fagdirektoer;struer;Bo Bach;bo@struer.test;2026-01-01;;aase@struer.test",
            "fsg;kommune-fagdirektoer;lemvig;Carl Dahl;carl@lemvig.test;2026-01-01;;",
            "fsg;kommune-fagdirektoer;holstebro;Aase Lund;aase@holstebro.test;2026-01-01;;",
        ]
    )
    for email in ("aase@struer.test", "carl@lemvig.test"):
        send_apology(acting_user=ACTOR, meeting=meeting, person=Person.objects.get(email=email))
    return meeting


def test_the_cover_lists_the_participants_and_the_apologies_in_danish_order(
    people: Meeting,
) -> None:
    data, _pages = documents.pack_pdf(people, full=True)
    cover = " ".join(pdf_text(data)[0].split())
    participants = cover.index(da("Participants"))
    apologies = cover.index(da("Apologies"), participants)
    listed = cover[participants:apologies]
    names = re.findall(r"(Aase Lund|Bo Bach|Hanne Herning|Jens Aagaard|Lone Lemvig|Rikke Holm)",
                       listed)  # fmt: skip
    # Danish order: "Aa" is "Å", after Z (the columns read down, then across).
    assert names == [
        "Bo Bach", "Hanne Herning", "Jens Aagaard", "Lone Lemvig", "Rikke Holm", "Aase Lund"
    ]  # fmt: skip
    assert f"Rikke Holm, Regionshospitalet Gødstrup ({da('co-chair')})" in listed
    assert f"Hanne Herning, Herning Kommune ({da('co-chair')})" in listed
    assert "Bo Bach, Struer Kommune (" in listed and "Åse Holm)" in listed
    # Those who sent apologies are not among the participants, but listed after them.
    assert "Carl Dahl" not in listed and "Åse Holm," not in listed
    assert "Carl Dahl, Åse Holm" in cover[apologies:]
    assert "Lars Østergaard" in cover[apologies:] and "Lars Østergaard" not in listed
    assert not re.search(HYPHENATED, pdf_text(data)[0])


def test_the_cover_says_when_no_apologies_have_come(meeting: Meeting) -> None:
    data, _pages = documents.pack_pdf(meeting, full=True)
    cover = " ".join(pdf_text(data)[0].split())
    assert "Jens Aagaard" in cover and "Lone Lemvig" in cover
    assert da("No apologies yet.") in cover


def test_kinds_in_the_agenda_table_are_not_hyphenated(meeting: Meeting) -> None:
    # Long titles and presenters leave the kinds' column narrow.
    presenter = "Anne Birk, Regionshospitalet Gødstrup, Akutafdelingen og Kvalitet og Udvikling"
    title = "Akutpladser i Gødstrup-Klyngen: fælles model, økonomi og implementering i kommunerne"
    meeting.items.filter(position=1).update(kind=ItemKind.ORIENTATION)
    meeting.items.filter(position=2).update(kind=ItemKind.DECISION, presenter=presenter)
    meeting.items.filter(position=3).update(
        kind=ItemKind.DISCUSSION, title=title, presenter=presenter
    )
    data, _pages = documents.pack_pdf(Meeting.objects.get(pk=meeting.pk), full=True)
    agenda = pdf_text(data)[1]
    # Each kind whole on its line, as often as it is there (items 1 and 4 are orientations).
    counts = {ItemKind.ORIENTATION: 2, ItemKind.DECISION: 1, ItemKind.DISCUSSION: 1}
    for kind, count in counts.items():
        assert agenda.count(da(kind.label)) == count, agenda
    assert not re.search(r"(Orien|Beslut|Drøf)\w*[-\u2010]\s*\n", agenda)


def test_every_appended_page_is_stamped_with_its_attachment_and_page(meeting: Meeting) -> None:
    attach(meeting, 3, "Model.pdf", pdf_file("Modellen side 1", "Modellen side 2"))
    attach(meeting, 3, "Kort.pdf", rotated(pdf_file("Kort over pladserne"), 90))
    attach(meeting, 1, "Tidsplan.pdf", pdf_file("Tidsplanen"))
    data, pages = documents.pack_pdf(meeting, full=True)
    text = pdf_text(data)
    own = pages - 4
    expected = [
        ("Tidsplanen", stamp("1.1", 1, 1)),
        ("Modellen side 1", stamp("3.1", 1, 2)),
        ("Modellen side 2", stamp("3.1", 2, 2)),
        ("Kort over pladserne", stamp("3.2", 1, 1)),
    ]
    for page_text, (content, stamped) in zip(text[own:], expected, strict=True):
        assert content in page_text and stamped in page_text
    assert not any(da("Attachment") + " 3.1 ·" in page for page in text[:own])

    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages[own:]:
            fonts = [str(font.BaseFont) for font in page.Resources.Font.values()]
            assert any(name.endswith("+IBM-Plex-Sans") for name in fonts)  # embedded
    reader = pypdf.PdfReader(io.BytesIO(data))
    # Upright and at the top right as the page is shown: on the turned page too.
    for index, stamped in ((own, stamp("1.1", 1, 1)), (pages - 1, stamp("3.2", 1, 1))):
        page = reader.pages[index]
        [(x, y)] = where_written(page, stamped)
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        if page.rotation == 90:  # shown turned clockwise: its left edge is the top
            assert x < 40 and height / 2 < y < height - 20 * 72 / 25.4
        else:
            assert y > height - 40 and width / 2 < x < width - 20 * 72 / 25.4


def test_the_pack_without_pdf_attachments_has_no_stamps(meeting: Meeting) -> None:
    data, pages = documents.pack_pdf(meeting, full=True)
    assert not any("·" in page and da("Attachment") in page for page in pdf_text(data))
    assert pages == len(pdf_text(data))
