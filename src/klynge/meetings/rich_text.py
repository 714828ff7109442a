"""Rich text: the HTML every case text is saved as, whatever wrote it.

Secretaries paste from Word, so headings, lists, bold, tables and links survive; everything else
(Word's classes and `mso-` styles, `<o:p>`, spans, fonts, comments, scripts, event handlers) goes.
Word's list paragraphs (`<p class=MsoListParagraph style='mso-list:l0 level1 lfo1'>` with the
bullet in a `mso-list:Ignore` span) become real lists first. nh3 has the last word: whatever the
first pass makes of its input, only the allow-list below reaches the page.

Pure functions; no Django. The editor (static/klynge/rich-text.js) applies the same allow-list in
the browser, so what the secretary sees is what is saved.
"""

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import nh3

TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "ul", "ol", "li", "blockquote",
    "a", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
}  # fmt: skip
ATTRIBUTES = {"a": {"href"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}
# Removed with everything inside them, not just unwrapped.
DROPPED = {
    "script", "style", "xml", "title", "template", "noscript", "iframe", "object", "embed",
    "svg", "math", "select", "textarea", "button",
}  # fmt: skip
URL_SCHEMES = ("http:", "https:", "mailto:")
RENAMED = {"h1": "h2", "h5": "h4", "h6": "h4"}

_SPAN = re.compile(r"^[1-9][0-9]{0,2}$")


def _attribute(tag: str, name: str, value: str) -> str | None:
    if name == "href":
        return value if value.strip().lower().startswith(URL_SCHEMES) else None
    if name in {"colspan", "rowspan"}:
        return value.strip() if _SPAN.match(value.strip()) else None
    return value


_CLEANER = nh3.Cleaner(
    tags=TAGS,
    clean_content_tags=DROPPED,
    attributes=ATTRIBUTES,
    attribute_filter=_attribute,
    strip_comments=True,
    link_rel="noopener noreferrer",
    url_schemes=set(s.rstrip(":") for s in URL_SCHEMES),
)

_EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|&nbsp;|<br>)*</p>")
# The editor keeps a <br> at the end of a block so the caret has somewhere to go.
_TRAILING_BREAK = re.compile(r"(?:<br>\s*)+(</(?:p|li|h2|h3|h4|td|th|caption|blockquote)>)")
_LINK_WITHOUT_HREF = re.compile(r'<a rel="noopener noreferrer">(.*?)</a>', re.S)
_TAG = re.compile(r"<[a-zA-Z!/]")


def clean_html(text: str) -> str:
    """HTML as it may be saved and shown: Word's markup turned into plain structure, then only
    the allowed tags and attributes kept."""
    if not text or not text.strip():
        return ""
    parser = _WordParser()
    parser.feed(text)
    parser.close()
    cleaned = _CLEANER.clean(parser.result())
    cleaned = _TRAILING_BREAK.sub(r"\1", cleaned)
    cleaned = _EMPTY_PARAGRAPH.sub("", cleaned)
    cleaned = _LINK_WITHOUT_HREF.sub(r"\1", cleaned)  # Word's bookmarks, disallowed addresses
    return cleaned.strip()


def looks_like_html(text: str) -> bool:
    return bool(_TAG.search(text))


def plain_to_html(text: str) -> str:
    """Plain text as HTML: a blank line starts a paragraph, a single newline is a line break."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [p.strip("\n") for p in re.split(r"\n[ \t]*\n", text)]
    return "".join(
        "<p>" + "<br>".join(html.escape(line, quote=False) for line in p.split("\n")) + "</p>"
        for p in paragraphs
        if p.strip()
    )


def clean_input(text: str) -> str:
    """What a form or a write function saves: the editor's HTML cleaned, or plain text (typed
    without the editor, or from before it) made into paragraphs."""
    return clean_html(text if looks_like_html(text) else plain_to_html(text))


# ---- Word's markup ---------------------------------------------------------------------------

_LIST_STYLE = re.compile(r"mso-list:\s*(l\d+)\s+level(\d+)", re.I)
_ORDERED = re.compile(r"^\(?(?:\d{1,3}|[a-zA-Z]|[ivxlcdmIVXLCDM]{1,6})[.)]$")
# A bullet or number typed as text at the start of a "List Paragraph" without Word's list markup.
_LEADING_MARKER = re.compile(
    r"^[\s\xa0]*([·•▪◦o§\-–*]|\(?(?:\d{1,3}|[a-zA-Z]|[ivxlcdmIVXLCDM]{1,6})[.)])[\s\xa0]+"
)
_BOLD = re.compile(r"font-weight:\s*(?:bold|[6-9]00)", re.I)
_NOT_BOLD = re.compile(r"font-weight:\s*(?:normal|[1-4]00)", re.I)
_ITALIC = re.compile(r"font-style:\s*italic", re.I)
_UNDERLINE = re.compile(r"text-decoration(?:-line)?:[^;]*underline", re.I)


def _squeezed(style: str) -> str:
    return re.sub(r"\s+", "", style).lower()


@dataclass
class _List:
    tag: str
    level: int
    key: str | None


@dataclass
class _Item:
    level: int
    key: str | None
    explicit: bool  # Word's own list markup, not just the "List Paragraph" style
    marker: list[str] = field(default_factory=list)
    content: list[tuple[str, str]] = field(default_factory=list)  # ("tag", html) or ("text", raw)


class _WordParser(HTMLParser):
    """One pass over the HTML, written out again with Word's list paragraphs as lists, Google
    Docs' styled spans as <strong>/<em>/<u>, and headings moved into h2–h4. Comments and Word's
    conditional sections (`<![if !supportLists]>`) are dropped; their contents are not."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.lists: list[_List] = []
        self.item: _Item | None = None
        self.ignoring = 0  # depth inside a `mso-list:Ignore` span: the bullet or number
        self.spans: list[list[str]] = []
        self.bolds: list[bool] = []

    def result(self) -> str:
        return "".join(self.out)

    def close(self) -> None:
        super().close()
        if self.item is not None:
            self._finish_item()
        self._close_lists()

    # -- writing --

    def _emit_tag(self, html_text: str) -> None:
        if self.item is not None:
            self.item.content.append(("tag", html_text))
        else:
            self._close_lists()
            self.out.append(html_text)

    def _emit_text(self, text: str) -> None:
        if self.item is not None:
            self.item.content.append(("text", text))
            return
        if text.strip(" \t\r\n"):
            self._close_lists()
        elif self.lists:
            return  # between two list paragraphs: not part of the open item
        self.out.append(html.escape(text, quote=False))

    def _close_lists(self) -> None:
        while self.lists:
            self.out.append(f"</li></{self.lists.pop().tag}>")

    # -- the parser's callbacks --

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        style = values.get("style", "")
        if self.ignoring:
            self.ignoring += tag == "span"
            return
        if tag == "span" and self.item is not None and "mso-list:ignore" in _squeezed(style):
            self.ignoring = 1
            return
        if tag == "p":
            if self.item is not None:  # an unclosed list paragraph
                self._finish_item()
            found = _LIST_STYLE.search(style)
            if found or values.get("class", "").lower().startswith("msolistparagraph"):
                self.item = _Item(
                    level=int(found.group(2)) if found else 1,
                    key=found.group(1) if found else None,
                    explicit=bool(found),
                )
                return
        if tag == "span":
            wrappers = [
                name
                for name, pattern in (("strong", _BOLD), ("em", _ITALIC), ("u", _UNDERLINE))
                if pattern.search(style)
            ]
            self.spans.append(wrappers)
            for name in wrappers:
                self._emit_tag(f"<{name}>")
            return
        if tag == "b":
            plain = bool(_NOT_BOLD.search(style))  # Google Docs wraps everything in one
            self.bolds.append(plain)
            if plain:
                return
        tag = RENAMED.get(tag, tag)
        attributes = "".join(
            f' {name}="{html.escape(value or "", quote=True)}"' for name, value in attrs
        )
        self._emit_tag(f"<{tag}{attributes}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "span" and not self.ignoring:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.ignoring:
            self.ignoring -= tag == "span"
            return
        if tag == "p" and self.item is not None:
            self._finish_item()
            return
        if tag == "span":
            for name in reversed(self.spans.pop() if self.spans else []):
                self._emit_tag(f"</{name}>")
            return
        if tag == "b" and self.bolds and self.bolds.pop():
            return
        self._emit_tag(f"</{RENAMED.get(tag, tag)}>")

    def handle_data(self, data: str) -> None:
        if self.ignoring and self.item is not None:
            self.item.marker.append(data)
        elif not self.ignoring:
            self._emit_text(data)

    # Comments, <!DOCTYPE>, <?xml …?> and Word's <![if …]> / <![endif]> go; nh3 strips the rest.
    def handle_comment(self, data: str) -> None:
        pass

    def handle_decl(self, decl: str) -> None:
        pass

    def handle_pi(self, data: str) -> None:
        pass

    def unknown_decl(self, data: str) -> None:
        pass

    # -- list paragraphs --

    def _finish_item(self) -> None:
        item, self.item = self.item, None
        assert item is not None
        marker = "".join(item.marker).replace("\xa0", " ").strip()
        if not marker:
            marker = self._take_leading_marker(item)
        if not marker and not item.explicit:  # "List Paragraph" style, but no list
            self._close_lists()
            self.out.append("<p>")
            self._write_content(item)
            self.out.append("</p>")
            return
        tag = "ol" if _ORDERED.match(marker) else "ul"
        while self.lists and self.lists[-1].level > item.level:
            self.out.append(f"</li></{self.lists.pop().tag}>")
        top = self.lists[-1] if self.lists else None
        if top is not None and top.level == item.level:
            if top.tag == tag and (top.key == item.key or item.level > 1):
                self.out.append("</li>")
            else:
                self.out.append(f"</li></{self.lists.pop().tag}>")
                top = None
        if top is None or top.level < item.level:
            self.lists.append(_List(tag, item.level, item.key))
            self.out.append(f"<{tag}>")
        self.out.append("<li>")
        self._write_content(item)

    def _take_leading_marker(self, item: _Item) -> str:
        for index, (kind, value) in enumerate(item.content):
            if kind != "text" or not value.strip(" \t\r\n"):
                continue
            found = _LEADING_MARKER.match(value)
            if not found:
                return ""
            item.content[index] = ("text", value[found.end() :])
            return found.group(1)
        return ""

    def _write_content(self, item: _Item) -> None:
        """The paragraph's content, without the line breaks Word wraps its HTML with at either
        end."""
        texts = [i for i, (kind, _) in enumerate(item.content) if kind == "text"]
        for i, (kind, value) in enumerate(item.content):
            if kind == "tag":
                self.out.append(value)
                continue
            if i == texts[0]:
                value = value.lstrip(" \t\r\n")
            if i == texts[-1]:
                value = value.rstrip(" \t\r\n")
            self.out.append(html.escape(value, quote=False))
