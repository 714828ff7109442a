"""What every in-process benchmark starts with: Django on a fresh SQLite database in a folder of
its own, tasks not run, and a log that keeps stdout for the JSON lines."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def log(*args: object) -> None:
    print(*args, file=sys.stderr, flush=True)


def start_django(workdir: Path) -> None:
    """Django set up on a database in `workdir`, not yet migrated."""
    os.environ.update(
        {
            "KLYNGE_VAR_DIR": str(workdir / "var"),
            "DATABASE_URL": f"sqlite:///{workdir / 'klynge.sqlite3'}",
            "KLYNGE_HTTPS": "false",
            "KLYNGE_TASK_BACKEND": "django.tasks.backends.dummy.DummyBackend",
            "DJANGO_SETTINGS_MODULE": "klynge.settings",
        }
    )
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
