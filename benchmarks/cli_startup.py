"""CLI start-up time against `python -c pass` in the same run (goal of issue 2: under 3x).

Usage: .venv/bin/python benchmarks/cli_startup.py [--runs N]

Prints a Markdown table: median and p90 wall-clock time of each command over N runs,
and its ratio to the median of `python -c pass` measured in the same run. The typer
import alone is shown as the floor any Typer CLI pays.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def _time(cmd: list[str], runs: int) -> list[float]:
    subprocess.run(cmd, capture_output=True, check=True)  # warm the file cache and .pyc files
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    mm = str(BIN / "mindmuscle")
    cases = [
        ("python -c pass (reference)", [sys.executable, "-c", "pass"]),
        ("python -c 'import typer' (floor)", [sys.executable, "-c", "import typer"]),
        ("mindmuscle --help", [mm, "--help"]),
        ("mindmuscle plan --format json", [mm, "plan", "--focus", "chest", "--format", "json"]),
        ("mindmuscle plan (text sheet)", [mm, "plan", "--focus", "chest"]),
    ]
    results = [(name, _time(cmd, runs)) for name, cmd in cases]
    ref = statistics.median(results[0][1])
    print(f"| command | median ms | p90 ms | x python -c pass |  ({runs} runs each)")
    print("| --- | ---: | ---: | ---: |")
    for name, times in results:
        med = statistics.median(times)
        p90 = statistics.quantiles(times, n=10)[-1]
        print(f"| {name} | {med * 1000:.1f} | {p90 * 1000:.1f} | {med / ref:.2f} |")


if __name__ == "__main__":
    main()
