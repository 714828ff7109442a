"""The words of what is indexed: HTML's text without its tags, and the highlight markers of a
snippet."""

import re
from html.parser import HTMLParser

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Where a snippet's highlight starts and ends: private-use characters, taken out of every text
# before it is indexed, so they can only come from snippet() or ts_headline().
START, STOP = "\ue000", "\ue001"
SNIPPET_TOKENS = 24

# Tags inside a line of text: no space is put where they were (<strong>gen</strong>indlæg).
_INLINE = {"a", "abbr", "b", "cite", "code", "em", "i", "mark", "q", "s", "small", "span",
           "strong", "sub", "sup", "u"}  # fmt: skip


class _TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self.skipping += 1
        if tag not in _INLINE:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"} and self.skipping:
            self.skipping -= 1
        if tag not in _INLINE:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """The words of an HTML fragment, without tags, entities decoded, blocks apart."""
    if "<" not in html and "&" not in html:
        return html
    parser = _TextOf()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def clean(text: str | None) -> str:
    """One line of text, without the highlight markers."""
    text = (text or "").replace(START, "").replace(STOP, "")
    return " ".join(text.split())


def highlighted(snippet: str) -> SafeString:
    """The snippet escaped, with only the highlights as <mark>."""
    text = re.sub(f"{START}(.*?){STOP}", r"<mark>\1</mark>", str(escape(snippet)), flags=re.DOTALL)
    return mark_safe(text.replace(START, "").replace(STOP, ""))  # escaped above
