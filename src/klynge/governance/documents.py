"""A charter as a document: HTML (the same template the web page shows) and PDF (klynge.printing)."""

from django.template.loader import render_to_string
from django.utils import translation

from klynge.core.charter import Charter, read_glossary
from klynge.core.charter_document import charter_document
from klynge.governance.models import CharterVersion
from klynge.printing import html_to_pdf


def charter_context(row: CharterVersion, charter: Charter) -> dict[str, object]:
    return {
        "row": row,
        "charter": charter,
        "document": charter_document(charter),
        "glossary": read_glossary().terms,
    }


def charter_html(row: CharterVersion, charter: Charter, language: str = "da") -> str:
    """A standalone HTML document, for `klynge charter show --format html` and for the PDF."""
    with translation.override(language):
        return render_to_string("governance/charter_print.html", charter_context(row, charter))


def charter_pdf(row: CharterVersion, charter: Charter, language: str = "da") -> bytes:
    return html_to_pdf(charter_html(row, charter, language))


CHARTER_FORMATS = ("md", "toml", "json", "html", "pdf")


def charter_as(
    row: CharterVersion, charter: Charter, fmt: str, language: str = "da"
) -> str | bytes:
    """The charter in one of CHARTER_FORMATS, for the command line and for downloads alike."""
    import json

    from klynge.core.charter import charter_to_data, charter_to_toml
    from klynge.core.charter_document import to_markdown

    if fmt == "md":
        return to_markdown(charter_document(charter))
    if fmt == "toml":
        return charter_to_toml(charter)
    if fmt == "json":
        return (
            json.dumps(charter_to_data(charter), ensure_ascii=False, indent=2, default=str) + "\n"
        )
    if fmt == "html":
        return charter_html(row, charter, language)
    if fmt == "pdf":
        return charter_pdf(row, charter, language)
    raise ValueError(f"unknown charter format: {fmt}")
