import json
import os
import subprocess
import sys

from django.test import Client


def test_it_reports_ok_without_sign_in(client: Client, db: None) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_it_reports_an_unreachable_database_with_503() -> None:
    # A real server process whose database is a PostgreSQL port where nothing listens.
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(json.dumps({'status': r.status_code, 'body': r.json()}))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "klynge.settings",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
        "KLYNGE_SECRET_KEY": "x" * 50,
        "KLYNGE_HTTPS": "false",
        "KLYNGE_ALLOWED_HOSTS": "testserver",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "status": 503,
        "body": {"status": "error", "database": "unreachable"},
    }
