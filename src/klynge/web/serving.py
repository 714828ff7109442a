"""Running the web application as processes: gunicorn for `klynge serve` and `klynge demo`."""

import hashlib
import os
import sys
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders

from klynge.core.i18n import gettext_noop

# Checked before Django is set up, so that no settings are read (or a secret generated) first.
NO_SECRET = gettext_noop(
    "KLYNGE_SECRET_KEY is not set. A production server needs its own secret key "
    "(see README.md, Configuration)."
)


def secret_key_missing() -> bool:
    return not (os.environ.get("KLYNGE_SECRET_KEY") or os.environ.get("KLYNGE_SECRET_KEY_FILE"))


def gunicorn(bind: str, workers: int) -> list[str]:
    return [
        sys.executable, "-m", "gunicorn", "klynge.wsgi:application",
        "--bind", bind, "--workers", str(workers),
        "--access-logfile", "-", "--error-logfile", "-", "--no-control-socket",
        "--forwarded-allow-ips", os.environ.get("KLYNGE_FORWARDED_ALLOW_IPS", "127.0.0.1"),
    ]  # fmt: skip


def static_collected() -> bool:
    return (Path(settings.STATIC_ROOT) / "staticfiles.json").exists()


def static_fingerprint() -> str:
    """Changes whenever a static file that collectstatic would copy is added or changed."""
    digest = hashlib.sha256()
    for finder in get_finders():
        for path, storage in finder.list([]):
            digest.update(f"{path}:{storage.get_modified_time(path).timestamp()}".encode())
    return digest.hexdigest()
