"""Every PDF the product makes — the charter, the summary per organisation, the meeting pack and
the minutes — is HTML from a print template set by WeasyPrint as tagged PDF (PDF/UA-1), so that
screen readers can read it. The fonts and images a print template names are read from the static
files, which are the base of its relative addresses."""

import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from weasyprint.document import Document
    from weasyprint.urls import URLFetcher

STATIC_DIR = Path(__file__).resolve().parent / "static"
PDF_VARIANT = "pdf/ua-1"


_per_thread = threading.local()


def _url_fetcher() -> "URLFetcher":
    """One fetcher of the static files for the documents a thread makes: WeasyPrint would
    otherwise make one per document and stylesheet, each setting up TLS for HTTPS first, a tenth
    of a second of CPU the first time, a few hundredths after. (Per thread: a fetcher keeps the
    request it is redirected to.)"""
    from weasyprint.urls import URLFetcher

    fetcher: URLFetcher | None = getattr(_per_thread, "fetcher", None)
    if fetcher is None:
        fetcher = _per_thread.fetcher = URLFetcher()
    return fetcher


def html_to_pdf(html: str) -> bytes:
    """A standalone print template as tagged PDF."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=str(STATIC_DIR), url_fetcher=_url_fetcher())
    pdf = document.write_pdf(pdf_variant=PDF_VARIANT)
    assert isinstance(pdf, bytes)
    return pdf


def laid_out(html: str, css: str) -> "Document":
    """The HTML set in pages with `css` added, for a caller that reads the layout (its pages
    and their anchors) before writing the PDF with `write_pdf`."""
    from weasyprint import CSS, HTML
    from weasyprint.css.counters import CounterStyle

    # The counter styles of `css` reach the document only through a registry both are given.
    counter_style = CounterStyle()
    stylesheet = CSS(string=css, counter_style=counter_style, url_fetcher=_url_fetcher())
    return HTML(string=html, base_url=str(STATIC_DIR), url_fetcher=_url_fetcher()).render(
        stylesheets=[stylesheet], counter_style=counter_style, pdf_variant=PDF_VARIANT
    )


def write_pdf(document: "Document") -> bytes:
    written = document.write_pdf(pdf_variant=PDF_VARIANT)
    assert isinstance(written, bytes)
    return written
