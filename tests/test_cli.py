"""The `klynge` command as a user runs it, Danish by default.

Commands run in this process against the test database (`klynge`); the console script itself, the
production settings and the demo's processes are tried as separate processes.
"""

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.helpers import free_port, klynge

COMMANDS = ["demo", "worker", "cluster", "charter", "elections", "serve", "manage"]


def user_environment() -> dict[str, str]:
    """The environment a user's shell would have: without the browser tests' async switch."""
    return {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}


def isolated(tmp_path: Path) -> dict[str, str]:
    """Environment for a command that must not touch the suite's or the demo's database."""
    return {
        "KLYNGE_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'klynge.sqlite3'}",
        "KLYNGE_HTTPS": "false",
        "DJANGO_SETTINGS_MODULE": "klynge.settings",
        "KLYNGE_SECRET_KEY": "",
    }


@pytest.mark.process
def test_help_lists_the_commands_in_danish(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "klynge"
    shell = {k: v for k, v in user_environment().items() if k != "KLYNGE_LANG"}
    result = subprocess.run(
        [str(script), "--help"],
        capture_output=True,
        text=True,
        env={**shell, **isolated(tmp_path)},
        timeout=300,
    )
    assert result.returncode == 0
    assert result.stdout.startswith("brug: klynge")
    assert "kommandoer:" in result.stdout
    for command in COMMANDS:
        assert f"    {command} " in result.stdout
    assert "sundhedsklyngens organer" in result.stdout


@pytest.mark.process
def test_help_and_serve_need_no_settings_and_a_bad_setting_is_named(tmp_path: Path) -> None:
    """Before the environment is right: help and serve's refusal read no settings and write
    nothing (no generated secret); a command that needs settings names the bad variable."""
    script = Path(sys.executable).parent / "klynge"
    shell = {k: v for k, v in user_environment().items() if k != "KLYNGE_LANG"}
    broken = {**shell, **isolated(tmp_path), "DATABASE_URL": "bogus://x"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(script), *args], capture_output=True, text=True, env=broken, timeout=300
        )

    assert run("--help").returncode == 0
    serve = run("serve")
    assert serve.returncode == 1 and "KLYNGE_SECRET_KEY er ikke sat" in serve.stderr
    assert not (tmp_path / "var").exists()
    elections = run("elections")
    assert elections.returncode == 1
    assert elections.stderr.startswith("klynge: DATABASE_URL is not a database address")


def test_help_in_english_by_option_or_environment() -> None:
    assert "commands:" in klynge("--lang", "en", "--help").stdout
    result = klynge("--help", env={"KLYNGE_LANG": "en"})
    assert result.stdout.startswith("usage: klynge")
    assert "production server (gunicorn)" in result.stdout


def test_a_usage_error_exits_2_in_danish() -> None:
    result = klynge("fest")
    assert result.returncode == 2
    assert "klynge: fejl: argument KOMMANDO: ugyldigt valg: 'fest'" in result.stderr


def test_serve_refuses_to_start_without_a_secret_key() -> None:
    result = klynge("serve", env={"KLYNGE_SECRET_KEY": ""})
    assert result.returncode == 1
    assert "KLYNGE_SECRET_KEY er ikke sat" in result.stderr


@pytest.mark.process
def test_check_deploy_is_clean_with_production_settings(tmp_path: Path) -> None:
    production = {
        **isolated(tmp_path),
        "KLYNGE_SECRET_KEY": "a-long-random-production-secret-" + "q7W" * 20,
        "KLYNGE_ALLOWED_HOSTS": "klynge.example.dk",
        "KLYNGE_HTTPS": "true",
        "KLYNGE_EMAIL_HOST": "smtp.example.dk",
    }
    # Settings are read once per process, so production settings need a process of their own.
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "klynge.cli",
            "manage",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        capture_output=True,
        text=True,
        env={**user_environment(), **production},
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_cluster_load_with_demo_data_from_the_command_line(db: None) -> None:
    first = klynge("cluster", "load", "goedstrup", "--demo-data")
    assert first.returncode == 0, first.stderr
    assert "Klyngen Gødstrup-Klyngen er indlæst: 20 oprettet, 0 ændret, 0 uændret." in first.stdout
    assert "Demo-brugere oprettet: 7." in first.stdout
    again = klynge("--lang", "en", "cluster", "load", "goedstrup", "--demo-data")
    assert (
        "Loaded the cluster Gødstrup-Klyngen: 0 created, 0 changed, 20 unchanged." in again.stdout
    )
    assert "Demo users created: 0." in again.stdout


@pytest.mark.process
@pytest.mark.parametrize("fresh", [False])
def test_demo_serves_the_danish_sign_in_and_keeps_its_data(tmp_path: Path, fresh: bool) -> None:
    env = isolated(tmp_path)
    port = free_port()
    shell = {k: v for k, v in user_environment().items() if not k.startswith("KLYNGE_BASE_URL")}
    process = subprocess.Popen(
        [sys.executable, "-m", "klynge.cli", "demo", "--port", str(port)],
        env={**shell, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        # A fresh database, the demo data and the static files: minutes on a busy machine.
        deadline = time.monotonic() + 300
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                    assert response.status == 200
                    break
            except OSError:
                assert process.poll() is None, process.stdout.read()  # type: ignore[union-attr]
                assert time.monotonic() < deadline, "the demo did not start"
                time.sleep(0.3)
        request = urllib.request.Request(f"{base}/login/", headers={"Accept-Language": "da"})
        with urllib.request.urlopen(request, timeout=10) as response:
            html = response.read().decode()
        assert "<h1>Log ind</h1>" in html and "Gødstrup-Klyngen" in html
        with urllib.request.urlopen(f"{base}/static/klynge/klynge.css", timeout=10) as response:
            assert response.status == 200
        # The demo's worker sends e-mails with links to the port the demo serves on, though the
        # task comes from a process that does not know it.
        enqueue = (
            "import django; django.setup()\n"
            "from klynge.meetings.models import Meeting\n"
            "from klynge.meetings.tasks import send_meeting_notice\n"
            "meeting = Meeting.objects.filter(body__key='fsg').order_by('date').first()\n"
            "send_meeting_notice.enqueue([meeting.pk], 'changed')\n"
        )
        subprocess.run(
            [sys.executable, "-c", enqueue], env={**shell, **env}, check=True, timeout=120
        )
        mail = tmp_path / "var" / "mail"
        link = f"http://127.0.0.1:{port}/meetings/"
        deadline = time.monotonic() + 120
        while not any(link in f.read_text(errors="replace") for f in mail.glob("*.log")):
            assert time.monotonic() < deadline, "the worker sent no e-mail with the link"
            time.sleep(0.5)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        output = process.communicate(timeout=30)[0]
    assert "Demologin (adgangskode: demo-klynge-2026):" in output
    assert "mette.kjaer@klynge.test" in output
    assert (tmp_path / "klynge.sqlite3").exists()
