"""Coach timing on the real clock: how late is each cue, and does lateness accumulate?

Usage: .venv/bin/python benchmarks/coach_timing.py [--minutes 5] [--focus biceps]

Runs the coaching engine with the terminal coach's own clock and key reader, without
drawing: wait in ``select`` (on a file descriptor that never becomes readable, like an idle
keyboard) until the engine's next deadline, then ``advance``. Every emitted event's
lateness is the wall time at which ``advance`` returned it minus its scheduled ``at``.
Prints a Markdown table with p50, p99 and max lateness in ms, and the drift: median
lateness of the last 10% of events minus that of the first 10% (near zero when deadlines
are absolute and nothing accumulates).
Goal: p99 < 5 ms on an idle machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time

from mindmuscle.cli.coach_loop import KeyReader, ShellClock
from mindmuscle.coaching import Coach
from mindmuscle.method.catalog import builtin_catalog
from mindmuscle.planning.request import PlanRequest
from mindmuscle.planning.session import plan_session


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def run(minutes: float, focus: str) -> tuple[list[float], int]:
    """Lateness (s) of every event within ``minutes`` of the session, and the wake-ups."""
    cat = builtin_catalog()
    plan = plan_session(cat, PlanRequest.parse(cat, focus=focus, minutes=max(10, round(minutes))))
    idle, _writer = os.pipe()  # never written: select only ever times out, like a quiet keyboard
    keys = KeyReader(idle)
    clock = ShellClock()
    stop = minutes * 60
    coach = Coach(plan, clock.now())
    late: list[float] = []
    wakeups = 0
    while not coach.finished:
        for event in coach.advance(clock.now()):
            late.append(time.monotonic() - clock.real(event.at))
        deadline = coach.next_deadline
        if deadline is None or deadline > stop:
            break
        keys.read_until(clock.real(deadline))
        wakeups += 1
    return late, wakeups


def table(late: list[float], wakeups: int, minutes: float) -> str:
    ms = [x * 1000 for x in late]
    tenth = max(1, len(ms) // 10)
    drift = statistics.median(ms[-tenth:]) - statistics.median(ms[:tenth])
    rows = [
        ("events", f"{len(ms)}"),
        ("wake-ups", f"{wakeups}"),
        ("p50 lateness", f"{percentile(ms, 50):.3f} ms"),
        ("p99 lateness", f"{percentile(ms, 99):.3f} ms"),
        ("max lateness", f"{max(ms):.3f} ms"),
        ("events later than 5 ms", f"{sum(x > 5 for x in ms)}"),
        ("drift (last 10% - first 10%, medians)", f"{drift:+.3f} ms"),
    ]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    head = (
        f"Coach timing over {minutes:g} min on the real clock (Python "
        f"{platform.python_version()}, {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs, load average {load:.2f} at the end)\n\n"
    )
    lines = ["| measure | value |", "| --- | --- |", *(f"| {k} | {v} |" for k, v in rows)]
    return head + "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=5.0, help="Length of the run.")
    parser.add_argument("--focus", default="biceps", help="Focus of the planned session.")
    args = parser.parse_args()
    late, wakeups = run(args.minutes, args.focus)
    if not late:
        raise SystemExit("No events were emitted; run for longer.")
    print(table(late, wakeups, args.minutes))


if __name__ == "__main__":
    main()
