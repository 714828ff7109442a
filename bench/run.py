"""Runs every benchmark under bench/ and prints one JSON object per line (docs/interfaces.md,
"Benchmarks").

    python bench/run.py [--quick]

Set-up output goes to stderr; stdout holds only the figures.
"""

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="small sizes, under a minute in all")
    args = parser.parse_args()
    status = 0
    for bench in sorted(HERE.glob("bench_*.py")):
        print(f"running {bench.name}", file=sys.stderr)
        command = [sys.executable, str(bench), *(["--quick"] if args.quick else [])]
        status |= subprocess.call(command)
    return status


if __name__ == "__main__":
    sys.exit(main())
