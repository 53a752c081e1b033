"""The command-line shell: parse, call the core, print. Errors become one line on stderr."""

from __future__ import annotations

import sys
from typing import NoReturn

__all__ = ["main"]


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``mindmuscle`` console script.

    Every error a user can cause ends as one line on stderr and exit code 2: the
    product's own errors (:class:`~mindmuscle.errors.MindMuscleError`) and Typer's usage
    errors (an unknown option, a value of the wrong type). Ctrl-C ends with exit code 130.
    """
    import typer

    from mindmuscle.cli.app import app
    from mindmuscle.errors import MindMuscleError

    try:
        result = app(args=argv, prog_name="mindmuscle", standalone_mode=False)
    except MindMuscleError as exc:
        _fail(str(exc), 2)
    except (typer.Abort, KeyboardInterrupt):
        _fail("Aborted.", 130)
    except Exception as exc:
        message = getattr(exc, "format_message", None)
        if message is None:
            raise
        code = int(getattr(exc, "exit_code", 2))
        text = str(message()).strip()
        if not text:  # the bare command: the help was shown already
            sys.exit(code)
        command = getattr(getattr(exc, "ctx", None), "command_path", "mindmuscle")
        stop = "" if text.endswith((".", "?", "!")) else "."
        _fail(f"{text}{stop} See '{command} --help'.", code)
    sys.exit(result if isinstance(result, int) else 0)


def _fail(message: str, code: int) -> NoReturn:
    sys.stderr.write(f"Error: {message}\n")
    sys.exit(code)
