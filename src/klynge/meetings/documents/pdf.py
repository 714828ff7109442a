"""A document's HTML set as PDF: the page numbers in the footer, the PDF attachments appended as
they are (pikepdf), and the bookmarks made from the anchors' pages in the layout.

Page numbers and the references to attachments count the appended pages too: CSS has no
arithmetic, but a counter style may show any string for 1, 2, 3 …, so one that shows each number
n higher prints "af 59" where WeasyPrint counts 19 pages of its own and 40 are appended.
"""

import datetime
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pikepdf
from django.utils.safestring import SafeString, mark_safe

from klynge.meetings.documents.stamps import stamp_font, stamp_page
from klynge.meetings.models import Attachment
from klynge.printing import laid_out, write_pdf

Progress = Callable[[str, int], None]


def no_progress(step: str, percent: int) -> None:
    pass


def _css_string(text: str) -> str:
    # Also "<", so that no text can close the <style> element this string is written into.
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return '"' + escaped + '"'


def footer_css(text: str) -> SafeString:
    return mark_safe(_css_string(text))  # an escaped CSS string


@dataclass
class Bookmark:
    """An entry in the PDF's outline, pointing at an anchor (an element's id) in the layout, or
    at a page appended after it."""

    title: str
    anchor: str = ""
    appended_page: int = 0  # 0-based among the appended pages, where there is no anchor
    children: list["Bookmark"] = field(default_factory=list)


@dataclass
class PackAttachment:
    """An attachment as the pack shows it: merged when it is a PDF that opens, otherwise
    listed with the address where it is found in Klynge."""

    attachment: Attachment
    number: str  # "3.1": item 3, its first attachment
    anchor: str
    url: str
    pdf: pikepdf.Pdf | None = None
    pages: int = 0
    appended_page: int = 0  # where it starts, 0-based among the appended pages
    unreadable: bool = False  # a PDF that would not open (a password, or damaged)

    @property
    def merged(self) -> bool:
        return self.pdf is not None


# The counter styles below spell out this many numbers; a longer document is set again with more.
PAGE_LIMIT = 500
END_ANCHOR = "klynge-end"  # the last thing of the HTML's own pages (print/pack.html)


def _plus(n: int, limit: int) -> str:
    """A counter style that shows each number n higher."""
    symbols = " ".join(f'"{value + n}"' for value in range(1, limit + 1))
    return f"@counter-style klynge-plus-{n} {{ system: fixed 1; symbols: {symbols}; }}"


@dataclass
class Source:
    """What a PDF is made from: the HTML, its bookmarks, the opened PDF attachments to append
    after it, the page numbering ("Page %(page)s of %(pages)s", translated), and the stamp on
    each appended page ("Attachment %(number)s · page %(page)s of %(pages)s", translated)."""

    html: str
    bookmarks: list[Bookmark]
    numbering: str
    merged: list[PackAttachment] = field(default_factory=list)
    stamp: str = ""

    def stamps(self) -> list[str]:
        """The stamp of each appended page, in order."""
        if not self.stamp:
            return []
        return [
            self.stamp % {"number": a.number, "page": page, "pages": a.pages}
            for a in self.merged
            for page in range(1, a.pages + 1)
        ]

    def page_css(self, limit: int = PAGE_LIMIT) -> str:
        """The page numbers in the footer, and the page each merged attachment starts on, both
        counting the appended pages: WeasyPrint's counters shown `n` higher by a counter style.
        A page number above `limit` would be shown without them."""
        appended = sum(a.pages for a in self.merged)
        total = f"counter(pages, klynge-plus-{appended})" if appended else "counter(pages)"
        parts = re.split(r"(%\(pages?\)s)", self.numbering)
        numbers = " ".join(
            {"%(page)s": "counter(page)", "%(pages)s": total}.get(part) or _css_string(part)
            for part in parts
            if part
        )
        rules = [f"@page {{ @bottom-right {{ content: {numbers}; }} }}"]
        plus = {appended} | {a.appended_page + 1 for a in self.merged}
        rules += [_plus(n, limit) for n in sorted(plus) if n]
        # An attachment starts `appended_page + 1` pages after the last of the HTML's own.
        rules += [
            f".klynge-page-ref-{a.anchor}::after {{ content: target-counter("
            f"url(#{END_ANCHOR}), page, klynge-plus-{a.appended_page + 1}); }}"
            for a in self.merged
        ]
        return "\n".join(rules)


def long_date(day: datetime.date, weekday: bool = True) -> str:
    """ "tirsdag den 8. december 2026" (or without the weekday "8. december 2026") in the active
    language."""
    from django.utils.formats import date_format

    from klynge.web.templatetags.klynge_dates import weekday_date

    return weekday_date(day) if weekday else date_format(day, "DATE_FORMAT")


def finish(source: Source, progress: Progress) -> tuple[bytes, int]:
    """Set the HTML, append the PDF attachments, and add the bookmarks."""
    progress("layout", 15)
    limit = PAGE_LIMIT
    while True:
        document = laid_out(source.html, source.page_css(limit))
        if len(document.pages) + sum(a.pages for a in source.merged) <= limit:
            break
        limit *= 4
    anchors: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for name in page.anchors:
            anchors.setdefault(name, index)
    own = len(document.pages)
    if source.merged and anchors.get(END_ANCHOR) != own - 1:
        raise RuntimeError("the end of the pack's own pages is not on its last page")
    progress("writing", 60)
    with pikepdf.open(io.BytesIO(write_pdf(document))) as pdf:
        for number, attached in enumerate(source.merged, start=1):
            progress(
                f"merging:{number}:{len(source.merged)}", 70 + 25 * number // len(source.merged)
            )
            assert attached.pdf is not None
            pdf.pages.extend(attached.pdf.pages)
        stamps = source.stamps()
        if stamps:
            font = stamp_font(pdf, "".join(stamps))
            for page, stamp in zip(pdf.pages[own:], stamps, strict=True):
                stamp_page(page, stamp, font)
        with pdf.open_outline() as outline:
            outline.root.clear()
            outline.root.extend(_outline(b, anchors, own) for b in source.bookmarks)
        pdf.Root.PageMode = pikepdf.Name.UseOutlines  # open with the bookmarks showing
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue(), len(pdf.pages)


def _outline(bookmark: Bookmark, anchors: dict[str, int], own: int) -> pikepdf.OutlineItem:
    page = anchors.get(bookmark.anchor, 0) if bookmark.anchor else own + bookmark.appended_page
    entry = pikepdf.OutlineItem(bookmark.title, page)
    entry.children.extend(_outline(child, anchors, own) for child in bookmark.children)
    return entry
