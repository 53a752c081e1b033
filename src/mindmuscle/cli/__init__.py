"""The command-line shell: parse, call the core, print. Errors become one sentence on stderr."""

from __future__ import annotations

import sys

__all__ = ["main"]


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``mindmuscle`` console script."""
    from mindmuscle.cli.app import app
    from mindmuscle.errors import MindMuscleError

    try:
        app(args=argv, prog_name="mindmuscle")
    except MindMuscleError as exc:
        sys.stderr.write(f"Error: {exc}\n")
        sys.exit(2)
