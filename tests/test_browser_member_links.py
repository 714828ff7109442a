"""A patient representative follows every link Klynge shows him, and none of them refuses him.

The browser signs in through the sign-in page; its session (the browser context's own request
client, with the browser's cookies) then fetches every page breadth first, reads the links in the
HTML the server rendered, and fetches each of them once, and one download of each kind. A link to a page the
reader may not open (403) or that does not exist for him (404) is a fault of the page showing it.
"""

import html.parser
import re
import urllib.parse
from collections import deque

import pytest

from tests.helpers import DEMO_PATIENT_REP, SIZES, fsg_year_as_in_the_demo, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Not pages to read: signing out and the language switch are forms, static files are not Klynge's
# pages, and the administration is only linked for staff.
SKIPPED_PREFIXES = ("/static/", "/logout/", "/language/", "/admin/")


class Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def links_on(html_text: str, page_url: str, base: str) -> list[str]:
    """The same-site links on a page, as paths with their query, without fragments."""
    parser = Links()
    parser.feed(html_text)
    found = []
    for href in parser.hrefs:
        url = urllib.parse.urljoin(page_url, href)
        if not url.startswith(base + "/"):
            continue  # another site, mailto:, webcal:
        parts = urllib.parse.urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if not path.startswith(SKIPPED_PREFIXES):
            found.append(path)
    return found


def kind_of_page(path: str) -> tuple[str, frozenset[str]]:
    """Pages that differ only in a query's values (another year, another date) are one kind of
    page: the crawl reads one of each, so that "next year" links do not lead it on forever."""
    parts = urllib.parse.urlsplit(path)
    return parts.path, frozenset(urllib.parse.parse_qs(parts.query, keep_blank_values=True))


def shape_of(path: str) -> tuple[str, frozenset[str]]:
    """A download's address with its numbers left out: building every meeting's PDF and ZIP
    takes seconds each, and the rule that lets a reader fetch one kind is one rule, so the crawl
    fetches one download of each shape (pages it reads every one of)."""
    path_only, keys = kind_of_page(path)
    return re.sub(r"\d+", "N", path_only), keys


def test_a_member_meets_no_link_that_refuses_him(
    live_server: object, browser: object, cluster: object, charters: object
) -> None:
    fsg_year_as_in_the_demo()
    base = live_server.url  # type: ignore[attr-defined]
    context = browser.new_context(viewport=SIZES["desktop"], locale="da-DK")  # type: ignore[attr-defined]
    page = context.new_page()
    sign_in(page, base, DEMO_PATIENT_REP)

    queue: deque[str] = deque(["/"])
    seen = {kind_of_page("/")}
    found_on: dict[str, str] = {"/": "(start)"}
    refused: list[str] = []
    download_shapes: set[tuple[str, frozenset[str]]] = set()
    fetched = 0
    while queue:
        path = queue.popleft()
        if shape_of(path) in download_shapes:
            continue
        response = context.request.get(base + path)
        fetched += 1
        final = urllib.parse.urlsplit(response.url).path
        if response.status >= 400 or final.startswith("/login/"):
            refused.append(f"{path} answers {response.status} (linked from {found_on[path]})")
            continue
        if not response.headers.get("content-type", "").startswith("text/html"):
            download_shapes.add(shape_of(path))
            continue
        for link in links_on(response.text(), response.url, base):
            if kind_of_page(link) not in seen:
                seen.add(kind_of_page(link))
                found_on[link] = path
                queue.append(link)
    context.close()
    assert refused == [], "\n".join(refused)
    # The crawl reached the member's pages: the body, each meeting, the published minutes.
    assert fetched > 20, fetched
    assert {"/bodies/fsg/", "/meetings/"} <= {p for p, _ in seen}
