"""`klynge serve`: the production server (gunicorn), configured from the environment."""

import os
import sys
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from klynge.command_line import KlyngeCommand
from klynge.web.serving import gunicorn, static_collected


class Command(KlyngeCommand):
    help_text = gettext_lazy("production server (gunicorn) with settings from the environment")

    def run(self, **options: Any) -> int:
        if not (os.environ.get("KLYNGE_SECRET_KEY") or os.environ.get("KLYNGE_SECRET_KEY_FILE")):
            self.err(
                _(
                    "KLYNGE_SECRET_KEY is not set. A production server needs its own secret key "
                    "(see README.md, Configuration)."
                )
            )
            return 1
        if not static_collected():
            self.err(
                _(
                    "The static files have not been collected. "
                    "First run: klynge manage collectstatic --noinput"
                )
            )
            return 1
        bind = os.environ.get("KLYNGE_BIND", "0.0.0.0:8000")
        workers = int(os.environ.get("KLYNGE_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
        os.execv(sys.executable, gunicorn(bind, workers))
