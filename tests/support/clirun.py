"""Running the real CLI entry point: in-process (:func:`runner`, fast) or as its own
process (:func:`cli`, for what only a process shows: its exit, C-level logs on stderr, a
server)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Final

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


#: ``mindmuscle`` in a fresh Python process (the entry point, whatever the install).
MAIN: Final = [sys.executable, "-c", "from mindmuscle.cli import main; main()"]


def cli(
    *args: str, timeout: float = 120, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``mindmuscle *args`` in its own process, its output captured as text."""
    return subprocess.run([*MAIN, *args], capture_output=True, text=True, timeout=timeout, env=env)
