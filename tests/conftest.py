import email
import email.policy
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

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


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[tuple[Controller, Mailbox]]:
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, mailbox
    controller.stop()


@pytest.fixture(autouse=True)
def mailbox(smtp_server: tuple[Controller, Mailbox], settings: object) -> Mailbox:
    controller, box = smtp_server
    # Django's test set-up swaps in an in-memory mailer; the suite sends real SMTP instead.
    settings.MAILERS = {  # type: ignore[attr-defined]
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 10},
        }
    }
    box.messages.clear()
    return box


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    """Each test starts with an empty cache, as a fresh server would."""
    from django.core.cache import cache

    cache.clear()


# ---- people, built through the write functions ---------------------------------------------

PASSWORD = "korrekt-hest-batteri-hæfteklamme"


@pytest.fixture
def cluster(db: None) -> object:
    from klynge.accounts.audit import SystemActor
    from klynge.core.cluster import read_cluster_file, shipped_cluster_path
    from klynge.governance.models import Cluster
    from klynge.governance.services import load_cluster

    load_cluster(
        read_cluster_file(shipped_cluster_path("goedstrup")), acting_user=SystemActor("test")
    )
    return Cluster.objects.get(key="goedstrup")


def _person(email: str, name: str, **flags: bool) -> object:
    from klynge.accounts.audit import SystemActor
    from klynge.accounts.services import create_user

    return create_user(
        acting_user=SystemActor("test"), email=email, full_name=name, password=PASSWORD, **flags
    )


@pytest.fixture
def admin(db: None) -> object:
    """Mette, the administrator."""
    return _person("mette@klynge.test", "Mette Kjær", is_staff=True, is_superuser=True)


@pytest.fixture
def secretary(db: None) -> object:
    """Lars, from the hospital's secretariat."""
    return _person("lars@klynge.test", "Lars Østergaard")


@pytest.fixture
def patient_rep(db: None) -> object:
    """Jens, a patient representative: no organisational login, reads Danish."""
    return _person("jens@klynge.test", "Jens Aagaard")


# ---- browser and checkers -----------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    require("Chromium (/usr/bin/chromium)", CHROMIUM.exists())
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


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
        import json

        with urllib.request.urlopen(request, timeout=60) as response:
            report = json.load(response)
        return [
            f"line {m.get('lastLine')}: {m['message']} ({m.get('extract', '').strip()})"
            for m in report["messages"]
            if m["type"] == "error" or m.get("subType") == "warning"
        ]


@pytest.fixture(scope="session")
def html_checker() -> Iterator[HtmlChecker]:
    require("Java (for the Nu Html Checker)", shutil.which("java") is not None)
    require("vnu.jar (npm vnu-jar)", VNU.exists())
    port = free_port()
    process = subprocess.Popen(
        [
            "java",
            "-Xss2m",
            "-Dnu.validator.servlet.bind-address=127.0.0.1",
            "-cp",
            str(VNU),
            "nu.validator.servlet.Main",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    checker = HtmlChecker(port)
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail("the Nu Html Checker did not start")
            time.sleep(0.2)
    yield checker
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def axe_source() -> str:
    require("axe-core (npm)", AXE.exists())
    return AXE.read_text(encoding="utf-8")


def make_member(email: str, name: str, *bodies: str, start: str = "2020-01-01") -> None:
    """Seat someone in bodies without a seat of the charter (a plain member), through the import."""
    from klynge.accounts.audit import SystemActor
    from klynge.core.member_file import read_member_file
    from klynge.governance.membership import import_members

    lines = ["organ;navn;e-mail;start", *[f"{body};{name};{email};{start}" for body in bodies]]
    rows = read_member_file("\n".join(lines).encode(), "test.csv")
    import_members(rows, source="test.csv", acting_user=SystemActor("test"))


ALL_BODIES = (
    "klyngestyregruppe",
    "fsg",
    "fog-voksen-somatik",
    "fog-voksen-psykiatri",
    "fog-boern-unge",
    "sundhed-for-voksne",
)
