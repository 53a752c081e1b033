"""``mindmuscle users``: the admin command for accounts in multi-user mode."""

from __future__ import annotations

import pytest

from support.clirun import Run

PASSWORD = "correct horse battery staple\n"


def test_add_list_and_refuse_a_duplicate(
    mm: Run, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD))
    added = mm("users", "add", "alice", "--role", "coach", "--password-stdin")
    assert added.code == 0, added.err
    listed = mm("users", "list")
    assert "alice" in listed.out and "coach" in listed.out
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD))
    again = mm("users", "add", "alice", "--password-stdin")
    assert again.code == 2
    assert again.err.startswith("Error: ") and again.err.count("\n") == 1
