"""`klynge serve`: the production server (gunicorn), configured from the environment."""

import os
import sys
from typing import Any

from django.utils.translation import gettext as _

from klynge.command_line import KlyngeCommand
from klynge.web.serving import NO_SECRET, gunicorn, secret_key_missing, static_collected


class Command(KlyngeCommand):
    def run(self, **options: Any) -> int:
        if secret_key_missing():
            self.err(_(NO_SECRET))
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
