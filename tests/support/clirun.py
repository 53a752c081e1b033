"""Running the real CLI entry point in-process, for the CLI tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from mindmuscle.cli import main


@dataclass(frozen=True)
class Ran:
    """What a command did: exit code, stdout, stderr."""

    code: int
    out: str
    err: str


Run = Callable[..., Ran]


def runner(capsys: pytest.CaptureFixture[str]) -> Run:
    """``run(*args)`` calls ``mindmuscle *args`` and returns its exit code and output."""

    def run(*args: str) -> Ran:
        with pytest.raises(SystemExit) as info:
            main(list(args))
        captured = capsys.readouterr()
        code = info.value.code
        return Ran(0 if code is None else int(code), captured.out, captured.err)

    return run
