"""Fixtures the tests share. Plain helpers are in helpers.py; no test module imports another."""

import os
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from tests.helpers import (
    ROOT,
    SIZES,
    HtmlChecker,
    Mailbox,
    Visit,
    free_port,
    make_member,
    make_person,
    require,
)

# ---- speed -----------------------------------------------------------------------------------


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test of PostgreSQL's own features (the trail's trigger) runs in the PostgreSQL stage; on
    SQLite it is left out of the run (deselected), never skipped."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    left = [item for item in items if item.get_closest_marker("postgresql")]
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = [item for item in items if item not in left]


@pytest.fixture(scope="session", autouse=True)
def cheap_argon2() -> Iterator[None]:
    """Argon2 as the product configures it (settings.PASSWORD_HASHERS is unchanged), at the lowest
    cost: with Django's costs (100 MiB, 2 passes) every user a test makes took about half a second.
    """
    from django.contrib.auth.hashers import Argon2PasswordHasher

    costs = ("time_cost", "memory_cost", "parallelism")
    before = {name: getattr(Argon2PasswordHasher, name) for name in costs}
    Argon2PasswordHasher.time_cost, Argon2PasswordHasher.memory_cost = 1, 8
    Argon2PasswordHasher.parallelism = 1
    yield
    for name, value in before.items():
        setattr(Argon2PasswordHasher, name, value)


# ---- e-mail over real SMTP ---------------------------------------------------------------


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


# ---- the shipped cluster, loaded once per session ---------------------------------------------


@pytest.fixture(scope="session")
def cluster_file() -> object:
    """The shipped cluster file of Gødstrup, read (a ClusterFile; nothing in the database)."""
    from klynge.core.cluster import read_cluster_file, shipped_cluster_path

    return read_cluster_file(shipped_cluster_path("goedstrup"))


@dataclass
class Snapshot:
    """Rows a load created, by model in the order to insert them. Audit rows are kept apart:
    they get fresh ids when copied, as they would if the load ran in the test itself."""

    rows: list[tuple[type, list[dict[str, object]]]] = field(default_factory=list)
    audit: list[dict[str, object]] = field(default_factory=list)

    def copy_into_database(self) -> None:
        from django.core.management.color import no_style
        from django.db import connection, transaction
        from django.utils import timezone

        from klynge.accounts.models import AuditEntry

        with transaction.atomic():
            for model, rows in self.rows:
                model._default_manager.bulk_create([model(**values) for values in rows])  # type: ignore[attr-defined]
            now = timezone.now()
            AuditEntry.objects.bulk_create(
                [AuditEntry(**{**values, "id": None, "at": now}) for values in self.audit]
            )
        # PostgreSQL's sequences do not see rows inserted with their ids (SQLite needs nothing).
        sql = connection.ops.sequence_reset_sql(no_style(), [model for model, _ in self.rows])
        if sql:
            with connection.cursor() as cursor:
                for statement in sql:
                    cursor.execute(statement)


def _values(row: object) -> dict[str, object]:
    return {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields}  # type: ignore[attr-defined]


def _new_rows(load: object) -> Snapshot:
    """Run `load` and keep the rows it created (the database is left as it was)."""
    from django.apps import apps
    from django.db import transaction

    from klynge.accounts.models import AuditEntry

    # In the apps' order; foreign keys are checked at the end of the transaction, so the order
    # of the inserts does not matter to the database.
    ordered = [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy
    ]
    before = {m: set(m._default_manager.values_list("pk", flat=True)) for m in ordered}
    snapshot = Snapshot()
    with transaction.atomic():
        load()  # type: ignore[operator]
        for model in ordered:
            created = [
                row for row in model._default_manager.order_by("pk") if row.pk not in before[model]
            ]
            if model is AuditEntry:
                snapshot.audit = [_values(row) for row in created]
            elif created:
                snapshot.rows.append((model, [_values(row) for row in created]))
        transaction.set_rollback(True)
    return snapshot


@dataclass
class ShippedCluster:
    cluster: Snapshot
    charters: Snapshot
    charter_pks: list[int]


@pytest.fixture(scope="session")
def shipped_cluster(django_db_setup: None, django_db_blocker: object) -> ShippedCluster:
    """The Gødstrup cluster and its charters, loaded once through the write functions; each test
    that asks for them gets a copy of the rows (and the audit rows) inside its own transaction."""
    from klynge.accounts.audit import SystemActor
    from klynge.core.cluster import read_cluster_file, shipped_cluster_path
    from klynge.governance.services import load_cluster, load_shipped_charters

    charter_pks: list[int] = []

    def cluster() -> None:
        load_cluster(
            read_cluster_file(shipped_cluster_path("goedstrup")), acting_user=SystemActor("test")
        )

    def charters() -> None:
        created = load_shipped_charters("goedstrup", acting_user=SystemActor("test"))
        charter_pks.extend(row.pk for row in created)

    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        from django.db import transaction

        cluster_rows = _new_rows(cluster)
        with transaction.atomic():
            cluster_rows.copy_into_database()
            charter_rows = _new_rows(charters)
            transaction.set_rollback(True)
    return ShippedCluster(cluster_rows, charter_rows, charter_pks)


@pytest.fixture
def cluster(db: None, shipped_cluster: ShippedCluster) -> object:
    """The Gødstrup cluster (a Cluster row) with its organisations and bodies, no charters."""
    from klynge.governance.models import Cluster

    shipped_cluster.cluster.copy_into_database()
    return Cluster.objects.get(key="goedstrup")


@pytest.fixture
def charters(cluster: object, shipped_cluster: ShippedCluster) -> list[object]:
    """The cluster and its shipped charters: the CharterVersion rows loading them created."""
    from klynge.governance.models import CharterVersion

    shipped_cluster.charters.copy_into_database()
    rows = CharterVersion.objects.in_bulk(shipped_cluster.charter_pks)
    return [rows[pk] for pk in shipped_cluster.charter_pks]


# ---- people, built through the write functions ---------------------------------------------


@pytest.fixture
def admin(db: None) -> object:
    """Mette, the administrator."""
    return make_person("mette@klynge.test", "Mette Kjær", is_staff=True, is_superuser=True)


@pytest.fixture
def secretary(db: None) -> object:
    """Lars, from the hospital's secretariat."""
    return make_person("lars@klynge.test", "Lars Østergaard")


@pytest.fixture
def patient_rep(db: None) -> object:
    """Jens, a patient representative: no organisational login, reads Danish."""
    return make_person("jens@klynge.test", "Jens Aagaard")


@pytest.fixture
def fsg(charters: object, secretary: object, patient_rep: object) -> object:
    """FSG (a Body) with its charter: Lars as its secretariat, Jens and Lone Lemvig as members."""
    from klynge.governance.models import Appointment, Body

    make_member(secretary.email, "Lars Østergaard", "fsg", start="2026-01-01")  # type: ignore[attr-defined]
    Appointment.objects.filter(person__email=secretary.email).update(role="secretariat")  # type: ignore[attr-defined]
    make_member(patient_rep.email, "Jens Aagaard", "fsg", start="2026-01-01")  # type: ignore[attr-defined]
    make_member("lone@lemvig.test", "Lone Lemvig", "fsg", start="2026-01-01")
    return Body.objects.get(key="fsg")


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


@pytest.fixture(params=list(SIZES))
def visit(
    request: pytest.FixtureRequest, browser: object, html_checker: HtmlChecker, axe_source: str
) -> Iterator[Visit]:
    """A browser page at desktop and at phone width, each page the test reaches checked."""
    size = SIZES[request.param]
    context = browser.new_context(viewport=size, locale="da-DK")  # type: ignore[attr-defined]
    # An init script runs outside the page's Content Security Policy, which stays fully on.
    context.add_init_script(script=axe_source)
    page = context.new_page()
    yield Visit(page, html_checker, size["width"])
    context.close()
