"""Time the progress view on a realistic database (goal of issue 8: page computation well
under 200 ms p50).

Usage: .venv/bin/python benchmarks/progress.py [--years 3] [--lifters 5] [--runs 50]
       [--weeks 12] [--report-runs 5]

Builds a temporary SQLite database holding ``--years`` of generated training for each of
``--lifters`` lifters (the demo generator, one seed per lifter, written with ``add_batch``),
then times, for one lifter, over repeated runs:

- loading the sets and soreness reports the view needs (``data_since`` on) from the database;
- the pure computation (``progress_view``: metrics + insights) and its JSON;
- the whole page: load + compute + JSON;
- the same with the lifter's *entire* history loaded (what a naive page would do);
- the HTML report (charts rendered to PNG), fewer runs.

Prints a Markdown table of p50 and p99 in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from mindmuscle.analytics.demo import demo_history
from mindmuscle.analytics.report import report_html
from mindmuscle.analytics.view import ProgressView, data_since, progress_view
from mindmuscle.cli.progress_commands import demo_batch
from mindmuscle.method.catalog import builtin_catalog
from mindmuscle.store import open_repository
from mindmuscle.store.sql.repository import SqlRepository

TODAY = date(2025, 6, 2)


def _build(
    url: str, *, years: int, lifters: int, first_lifter: str = "lifter0"
) -> tuple[int, float]:
    """``lifters`` demo histories of ``years`` years each; the first under ``first_lifter``."""
    started = time.perf_counter()
    total = 0
    for n in range(lifters):
        history = demo_history(
            today=TODAY, months=12 * years, seed=n, id_prefix=f"l{n}", name=f"Lifter {n}"
        )
        with open_repository(url, lifter_id=first_lifter if n == 0 else f"lifter{n}") as repo:
            total += repo.add_batch(demo_batch(history)).sets_added
    return total, time.perf_counter() - started


def _view(repo: SqlRepository, weeks: int, *, everything: bool = False) -> ProgressView:
    lifter = repo.get_lifter()
    assert lifter is not None and lifter.start_date is not None
    start = lifter.start_date
    first = data_since(start=start, today=TODAY, weeks=weeks)
    since = None if everything else datetime.combine(first, datetime.min.time()).astimezone()
    sets = repo.sets(since=since)
    soreness = repo.soreness(since=None if everything else first)
    return progress_view(
        sets, soreness, start=start, today=TODAY, weeks=weeks, catalog=builtin_catalog()
    )


def _times(fn: Callable[[], Any], runs: int) -> list[float]:
    fn()  # warm caches (catalog, imports, SQLite pages)
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    return out


def _row(name: str, times: list[float]) -> str:
    p50 = statistics.median(times)
    p99 = statistics.quantiles(times, n=100)[98] if len(times) > 1 else times[0]
    return f"| {name} | {len(times)} | {p50:.1f} | {p99:.1f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--lifters", type=int, default=5)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--weeks", type=int, default=12)
    parser.add_argument("--report-runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        total, seconds = _build(url, years=args.years, lifters=args.lifters)
        with open_repository(url, lifter_id="lifter0") as repo:
            mine = len(repo.sets())
            view = _view(repo, args.weeks)
            weeks = args.weeks
            first = data_since(start=view.start, today=TODAY, weeks=weeks)
            since = datetime.combine(first, datetime.min.time()).astimezone()
            window_sets = repo.sets(since=since)
            soreness = repo.soreness(since=first)
            rows = [
                _row(
                    "load window from SQLite",
                    _times(lambda: (repo.sets(since=since), repo.soreness(since=first)), args.runs),
                ),
                _row(
                    "progress_view (metrics + insights)",
                    _times(
                        lambda: progress_view(
                            window_sets, soreness, start=view.start, today=TODAY, weeks=weeks
                        ),
                        args.runs,
                    ),
                ),
                _row("to_dict + json.dumps", _times(lambda: json.dumps(view.to_dict()), args.runs)),
                _row(
                    "**page: load + view + JSON**",
                    _times(lambda: json.dumps(_view(repo, weeks).to_dict()), args.runs),
                ),
                _row(
                    "page, loading the whole history",
                    _times(lambda: _view(repo, weeks, everything=True), max(5, args.runs // 5)),
                ),
                _row(
                    "HTML report (4 charts)",
                    _times(lambda: report_html(view, generated=TODAY), args.report_runs),
                ),
            ]
    print(
        f"{args.lifters} lifters x {args.years} years: {total} sets written in {seconds:.1f} s; "
        f"lifter0 has {mine} sets, {len(window_sets)} in the view's range "
        f"({weeks}-week window, {len(view.insights)} insights). Python {sys.version.split()[0]}."
    )
    print()
    print("| step | runs | p50 ms | p99 ms |")
    print("| --- | ---: | ---: | ---: |")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
