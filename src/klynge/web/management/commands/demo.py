"""`klynge demo`: what `make demo` ends in — a database, the demo cluster, a server and a worker."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandParser
from django.db import connection
from django.utils.translation import gettext as _

from klynge.command_line import KlyngeCommand
from klynge.demo import DEMO_PASSWORD, demo_sign_ins
from klynge.web.serving import gunicorn, static_fingerprint


def demo_environment(port: int, environ: Mapping[str, str] = os.environ) -> dict[str, str]:
    """The environment of the demo's web process and worker: links in the e-mails either of them
    sends lead to the port the demo serves on, unless KLYNGE_BASE_URL names another address (a
    proxy in front, say)."""
    environment = dict(environ)
    if not (environ.get("KLYNGE_BASE_URL") or environ.get("KLYNGE_BASE_URL_FILE")):
        environment["KLYNGE_BASE_URL"] = f"http://127.0.0.1:{port}"
    return environment


class Command(KlyngeCommand):
    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--port", type=int, default=8000, help=_("port to serve on (default 8000)")
        )
        parser.add_argument(
            "--fresh", action="store_true", help=_("delete the demo database and start afresh")
        )

    def run(self, **options: Any) -> int:
        port: int = options["port"]
        if options["fresh"]:
            self.err(_("Deleting the demo database …"))
            if connection.vendor == "sqlite":
                connection.close()
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{settings.DATABASES['default']['NAME']}{suffix}").unlink(missing_ok=True)
            else:
                call_command("flush", interactive=False, verbosity=0)
        self.err(_("Preparing the database …"))
        call_command("migrate", interactive=False, verbosity=0)
        try:
            call_command("cluster", "load", "goedstrup", "--demo-data")
        except SystemExit as failed:
            return int(failed.code or 0)
        fingerprint_file = Path(settings.STATIC_ROOT) / ".klynge-fingerprint"
        fingerprint = static_fingerprint()
        if not fingerprint_file.exists() or fingerprint_file.read_text() != fingerprint:
            self.err(_("Collecting static files …"))
            call_command("collectstatic", interactive=False, verbosity=0, clear=True)
            fingerprint_file.write_text(fingerprint)
        connection.close()

        environment = demo_environment(port)
        worker = subprocess.Popen([sys.executable, "-m", "klynge.cli", "worker"], env=environment)
        server = subprocess.Popen(gunicorn(f"127.0.0.1:{port}", 2), env=environment)
        self.out()
        self.out(
            _("Klynge is running at http://127.0.0.1:%(port)s/ – stop with Ctrl+C.")
            % {"port": port}
        )
        self.out(_("Demo sign-ins (password: %(password)s):") % {"password": DEMO_PASSWORD})
        for role, email in demo_sign_ins():
            self.out(f"  {role:<28} {email}")
        mailer: dict[str, Any] = settings.MAILERS["default"]
        if str(mailer["BACKEND"]).endswith("filebased.EmailBackend"):
            self.out(
                _("E-mails (invitations, for example) are saved as files in %(path)s")
                % {"path": mailer["OPTIONS"]["file_path"]}
            )
        self.out()
        self.stdout.flush()
        return self.wait_for(server, worker)

    def wait_for(self, server: subprocess.Popen[bytes], worker: subprocess.Popen[bytes]) -> int:
        def stop(*signal_args: object) -> None:
            for process in (server, worker):
                if process.poll() is None:
                    process.terminate()

        signal.signal(signal.SIGTERM, stop)
        try:
            while server.poll() is None and worker.poll() is None:
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        stop()
        for process in (server, worker):
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        self.err(_("Klynge has stopped."))
        return 0
