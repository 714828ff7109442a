"""Helpers the tests share: plain functions and classes, no fixtures (those are in conftest.py).

People and appointments are made through the write functions, as the product makes them.
"""

import email
import email.policy
import io
import json
import os
import re
import socket
import time
import urllib.request
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from unittest import mock

import pytest

from klynge import cli
from klynge.core.charter import read_charter_file, shipped_charter_paths

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require(what: str, available: bool) -> None:
    """Skip when a tool is missing on a developer's machine; fail in CI, where it must be."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is missing, and CI=true requires it")
    pytest.skip(f"{what} is missing")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# ---- e-mail over real SMTP ---------------------------------------------------------------


@dataclass
class Mailbox:
    messages: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        content = envelope.content  # type: ignore[attr-defined]
        self.messages.append(
            email.message_from_bytes(content, policy=email.policy.default)  # type: ignore[arg-type]
        )
        return "250 OK"

    def wait_for(self, count: int, timeout: float = 10) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.messages


# ---- people and appointments, through the write functions ------------------------------------

PASSWORD = "korrekt-hest-batteri-hæfteklamme"

ALL_BODIES = (
    "klyngestyregruppe",
    "fsg",
    "fog-voksen-somatik",
    "fog-voksen-psykiatri",
    "fog-boern-unge",
    "sundhed-for-voksne",
)

# The shipped charters of the Gødstrup cluster as files, by body key (no database).
CHARTERS = {p.stem: read_charter_file(p) for p in shipped_charter_paths("goedstrup")}


def make_person(email: str, name: str, **flags: bool) -> object:
    """A user who signs in with PASSWORD."""
    from klynge.accounts.audit import SystemActor
    from klynge.accounts.services import create_user

    return create_user(
        acting_user=SystemActor("test"), email=email, full_name=name, password=PASSWORD, **flags
    )


def make_member(email: str, name: str, *bodies: str, start: str = "2020-01-01") -> None:
    """Seat someone in bodies without a seat of the charter (a plain member), through the import."""
    from klynge.accounts.audit import SystemActor
    from klynge.core.member_file import read_member_file
    from klynge.governance.membership import import_members

    lines = ["organ;navn;e-mail;start", *[f"{body};{name};{email};{start}" for body in bodies]]
    rows = read_member_file("\n".join(lines).encode(), "test.csv")
    import_members(rows, source="test.csv", acting_user=SystemActor("test"))


def import_lines(lines: list[str]) -> None:
    """Appointments from a member file's lines, header first."""
    from klynge.accounts.audit import SystemActor
    from klynge.core.member_file import read_member_file
    from klynge.governance.membership import import_members

    rows = read_member_file("\n".join(lines).encode(), "x.csv")
    import_members(rows, source="x.csv", acting_user=SystemActor("test"))


# ---- the browser and its checkers -----------------------------------------------------------

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 740}}


class HtmlChecker:
    """The Nu Html Checker, run once as a local HTTP service for the whole session."""

    def __init__(self, port: int) -> None:
        self.url = f"http://127.0.0.1:{port}/?out=json"

    def problems(self, html: str) -> list[str]:
        request = urllib.request.Request(
            self.url,
            data=html.encode("utf-8"),
            headers={"Content-Type": "text/html; charset=utf-8"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            report = json.load(response)
        return [
            f"line {m.get('lastLine')}: {m['message']} ({m.get('extract', '').strip()})"
            for m in report["messages"]
            if m["type"] == "error" or m.get("subType") == "warning"
        ]


class Visit:
    """Checks each page the test reaches: accessibility, valid HTML, no blocked resource."""

    def __init__(self, page: object, checker: HtmlChecker, width: int) -> None:
        self.page = page
        self.checker = checker
        self.width = width
        self.console_errors: list[str] = []
        # A page's own status (a 404 page, a 400 form with errors) is the test's business; failed
        # sub-resources are caught with their address by the response listener below.
        page.on(  # type: ignore[attr-defined]
            "console",
            lambda m: (
                m.type == "error"
                and not m.text.startswith("Failed to load resource")
                and self.console_errors.append(m.text)
            ),
        )
        page.on("pageerror", lambda e: self.console_errors.append(str(e)))  # type: ignore[attr-defined]
        page.on(  # type: ignore[attr-defined]
            "response",
            lambda r: (
                r.status >= 400
                and r.request.resource_type != "document"
                and self.console_errors.append(f"{r.status} {r.url}")
            ),
        )

    def check(self, what: str) -> None:
        page = self.page
        page.wait_for_load_state("load")  # type: ignore[attr-defined]
        violations = page.evaluate(  # type: ignore[attr-defined]
            "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
            ".map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))}))",
            WCAG_TAGS,
        )
        assert violations == [], (
            f"{what}: axe-core found {json.dumps(violations, ensure_ascii=False, indent=1)}"
        )
        html = page.context.request.get(page.url).text()  # type: ignore[attr-defined]
        problems = self.checker.problems(html)
        assert problems == [], f"{what}: the Nu Html Checker found {problems}"
        assert self.console_errors == [], f"{what}: browser console errors {self.console_errors}"
        self.console_errors.clear()
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")  # type: ignore[attr-defined]
        assert overflow <= 0, f"{what}: the page scrolls sideways by {overflow}px at {self.width}px"


def main_menu(page: object) -> object:
    """The main menu as the reader sees it: on a phone it is in DKFDS's drawer, which its Menu
    button opens."""
    opener = page.locator(".js-menu-open")  # type: ignore[attr-defined]
    if opener.is_visible():
        opener.click()
    return page.get_by_role("navigation", name=re.compile("^(Hovedmenu|Main menu)$"))  # type: ignore[attr-defined]


def sign_in(page: object, base: str, email: str) -> None:
    """Sign in through the browser's sign-in page with PASSWORD."""
    page.goto(base + "/login/")  # type: ignore[attr-defined]
    page.fill("#id_username", email)  # type: ignore[attr-defined]
    page.fill("#id_password", PASSWORD)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Log ind").click()  # type: ignore[attr-defined]
    page.wait_for_url(base + "/")  # type: ignore[attr-defined]


# ---- the command line, in this process ---------------------------------------------------


@dataclass(frozen=True)
class Ran:
    returncode: int
    stdout: str
    stderr: str


def klynge(*args: str, env: dict[str, str] | None = None) -> Ran:
    """`klynge ARGS…` in this process (klynge.cli.main), with what it printed and its exit status."""
    out, err = io.StringIO(), io.StringIO()
    with mock.patch.dict(os.environ, env or {}), redirect_stdout(out), redirect_stderr(err):
        try:
            status = cli.main(list(args))
        except SystemExit as exit:
            status = exit.code if isinstance(exit.code, int) else 1
    return Ran(status, out.getvalue(), err.getvalue())


# ---- a year of FSG's meetings, as the demo's people see it -----------------------------------

DEMO_SECRETARY = "lars.oestergaard@klynge.test"
DEMO_PATIENT_REP = "jens.aagaard@klynge.test"


def png_file() -> bytes:
    """A small PNG picture: an attachment Klynge accepts."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), "#0059b3").save(out, format="PNG")
    return out.getvalue()


def fsg_year_as_in_the_demo() -> dict[str, int]:
    """The demo's people (with sign-ins for Lars of FSG's secretariat and Jens, a patient
    representative in FSG) and three FSG meetings around today: one ten weeks ago whose minutes
    are published, one two weeks ago whose minutes are still a draft, and one in two months
    whose agenda is sent, with an item that has an attachment. Jens has proposed an item.
    Needs the cluster and its charters. Gives the meetings' pks by name."""
    import datetime

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from klynge.accounts.audit import SystemActor
    from klynge.demo import load_demo_members
    from klynge.governance.models import Appointment, Body, Person, Role
    from klynge.meetings import minutes, proposals, services
    from klynge.meetings.attachments import add_attachment

    actor = SystemActor("test")
    load_demo_members(acting_user=actor)
    make_person(DEMO_SECRETARY, "Lars Østergaard")
    make_person(DEMO_PATIENT_REP, "Jens Aagaard")
    fsg = Body.objects.get(key="fsg")
    today = timezone.localdate()
    chair = next(
        a.person
        for a in Appointment.objects.filter(body=fsg, role=Role.CHAIR).select_related("person")
        if a.start <= today and (a.end is None or a.end >= today)
    )
    published, draft, coming = services.create_meetings(
        acting_user=actor,
        body=fsg,
        notify=False,
        rows=[
            services.MeetingRow(today - datetime.timedelta(days=70), datetime.time(13), datetime.time(15)),
            services.MeetingRow(today - datetime.timedelta(days=14), datetime.time(13), datetime.time(15)),
            services.MeetingRow(today + datetime.timedelta(days=60), datetime.time(13), datetime.time(15), place="Regionshospitalet Gødstrup"),
        ],
    )  # fmt: skip
    for meeting in (published, draft):
        first = meeting.items.order_by("position").first()
        minutes.save_minutes(
            acting_user=actor,
            meeting=meeting,
            based_on=0,
            values=minutes.MinutesInput(decisions={first.pk: "Dagsordenen blev godkendt."}),  # type: ignore[union-attr]
        )
    minutes.approve_minutes(acting_user=actor, meeting=published, person=chair)
    minutes.publish_minutes(acting_user=actor, meeting=published)
    case = services.add_item(
        acting_user=actor,
        meeting=coming,
        values={"title": "Akutpladser i Struer", "kind": "decision"},
    )
    add_attachment(acting_user=actor, item=case, upload=ContentFile(png_file(), name="Kort.png"))
    services.approve_agenda(acting_user=actor, meeting=coming, person=chair)
    services.send_agenda(acting_user=actor, meeting=coming)
    proposals.propose(
        acting_user=actor,
        body=fsg,
        person=Person.objects.get(email=DEMO_PATIENT_REP),
        title="Transport til ambulante besøg",
    )
    return {"published": published.pk, "draft": draft.pk, "coming": coming.pk}
