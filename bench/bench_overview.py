"""The home page's median latency (the overview, what the secretariat has to do) with the demo
data loaded, as a ratio to a minimal Django view.

Both are served by the same gunicorn process in the same run, so the ratio shows what Klynge's page
costs on top of Django's own request handling, on whatever machine runs it (target: at most 2).
"""

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "demo-klynge-2026"
EMAIL = "lars.oestergaard@klynge.test"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def log(*args: object) -> None:
    print(*args, file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    rounds = 60 if args.quick else 400

    workdir = Path(tempfile.mkdtemp(prefix="klynge-bench-"))
    env = {
        **os.environ,
        "KLYNGE_VAR_DIR": str(workdir / "var"),
        "DATABASE_URL": f"sqlite:///{workdir / 'klynge.sqlite3'}",
        "KLYNGE_HTTPS": "false",
        "KLYNGE_BENCH": "true",
        "DJANGO_SETTINGS_MODULE": "klynge.settings",
    }
    klynge = [sys.executable, "-m", "klynge.cli"]
    log("set-up: migrate, load the demo cluster, collect static files")
    for step in (
        ["manage", "migrate", "-v", "0"],
        ["cluster", "load", "goedstrup", "--demo-data"],
        ["manage", "collectstatic", "--noinput", "-v", "0"],
    ):
        subprocess.run([*klynge, *step], env=env, check=True, stdout=sys.stderr)

    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "klynge.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=sys.stderr,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        login_page = opener.open(f"{base}/login/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page).group(1)  # type: ignore[union-attr]
        form = urllib.parse.urlencode(
            {"username": EMAIL, "password": PASSWORD, "csrfmiddlewaretoken": token}
        )
        request = urllib.request.Request(
            f"{base}/login/", data=form.encode(), headers={"Referer": f"{base}/login/"}
        )
        signed_in = opener.open(request)
        assert signed_in.url.rstrip("/") == base, f"sign-in failed: {signed_in.url}"
        overview = opener.open(f"{base}/").read().decode()
        assert "Som sekretariat" in overview and "Faglig Strategisk Gruppe" in overview, (
            "the home did not render the secretariat's section for the demo cluster"
        )

        def timed(url: str) -> float:
            start = time.perf_counter()
            with opener.open(url) as response:
                response.read()
            return time.perf_counter() - start

        for _ in range(20):  # warm-up
            timed(f"{base}/")
            timed(f"{base}/_bench/minimal")
        page, minimal = [], []
        for _ in range(rounds):  # interleaved, so both see the same machine load
            page.append(timed(f"{base}/"))
            minimal.append(timed(f"{base}/_bench/minimal"))
    finally:
        server.terminate()
        server.wait(timeout=10)

    page_ms = statistics.median(page) * 1000
    minimal_ms = statistics.median(minimal) * 1000
    log(
        f"overview median {page_ms:.2f} ms, minimal view median {minimal_ms:.2f} ms, {rounds} rounds each"
    )
    size = "quick" if args.quick else "demo"
    figures = [
        {
            "name": f"web.overview_latency_ratio.{size}",
            "value": round(page_ms / minimal_ms, 2),
            "unit": "ratio",
            "target": 2,
            "better": "lower",
        },
        {
            "name": f"web.overview_latency.{size}",
            "value": round(page_ms, 2),
            "unit": "ms",
            "better": "lower",
        },
        {
            "name": f"web.minimal_view_latency.{size}",
            "value": round(minimal_ms, 2),
            "unit": "ms",
            "better": "lower",
        },
    ]
    for figure in figures:
        print(json.dumps(figure))


if __name__ == "__main__":
    main()
