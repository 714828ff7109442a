"""Runs a command against a throwaway PostgreSQL cluster on loopback.

    python -m tests.postgres_cluster pytest -m "not browser"

initdb and pg_ctl come from Debian's postgresql package. initdb refuses to run as root, so as root
the cluster is created and run as the postgres user in a fresh directory under /tmp. The cluster
lives only for the command: fsync is off and it is removed afterwards.
"""

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def postgres_bindir() -> Path | None:
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(found).resolve().parent
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4])
    )
    return Path(candidates[-1]).parent if candidates else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main(command: list[str]) -> int:
    bindir = postgres_bindir()
    if bindir is None:
        message = "PostgreSQL (initdb, pg_ctl) is not installed: apt-get install postgresql"
        if IN_CI:
            print(f"error: {message}; CI=true requires the PostgreSQL run", file=sys.stderr)
            return 1
        print(f"warning: {message}; skipping the PostgreSQL run", file=sys.stderr)
        return 0
    as_root = os.geteuid() == 0
    run_as = ["runuser", "-u", "postgres", "--"] if as_root else []
    datadir = Path(tempfile.mkdtemp(prefix="klynge-pg-"))
    if as_root:
        shutil.chown(datadir, "postgres", "postgres")
    port = free_port()
    options = (
        f"-p {port} -k {datadir} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=50"
    )
    try:
        subprocess.run(
            [*run_as, str(bindir / "initdb"), "-D", str(datadir / "data"), "-U", "klynge",
             "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        subprocess.run(
            [*run_as, str(bindir / "pg_ctl"), "-D", str(datadir / "data"), "-o", options,
             "-l", str(datadir / "server.log"), "-w", "start"],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        env = {**os.environ, "DATABASE_URL": f"postgres://klynge@127.0.0.1:{port}/postgres"}
        print(f"PostgreSQL on 127.0.0.1:{port} for: {' '.join(command)}", file=sys.stderr)
        return subprocess.call(command, env=env)
    finally:
        subprocess.run(
            [*run_as, str(bindir / "pg_ctl"), "-D", str(datadir / "data"), "-m", "immediate", "stop"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        shutil.rmtree(datadir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
