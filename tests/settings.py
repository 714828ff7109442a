"""Settings for the test suite: the real settings, with loopback e-mail and plain static files."""

import os
import tempfile

os.environ.setdefault("KLYNGE_SECRET_KEY", "tests-only-" + "k" * 50)
os.environ.setdefault("KLYNGE_HTTPS", "false")
os.environ.setdefault("KLYNGE_VAR_DIR", tempfile.mkdtemp(prefix="klynge-test-var-"))

from klynge.settings import *  # noqa: F403
from klynge.settings import STORAGES

STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

# Tasks run at once in tests; the "database" backend is the one `klynge worker` serves.
TASKS = {
    "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}

# Static files straight from their sources, as `runserver` would; no collectstatic in tests.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
