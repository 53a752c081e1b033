"""The README documents every setting and every top-level command."""

from __future__ import annotations

from pathlib import Path

import pytest

from mindmuscle.settings import SETTINGS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.env)
def test_every_setting_is_in_the_readme(setting: object) -> None:
    assert f"`{setting.env}`" in README  # type: ignore[attr-defined]


def test_every_command_is_in_the_readme() -> None:
    from typer.main import get_command

    from mindmuscle.cli.app import app

    names = list(get_command(app).commands)  # type: ignore[attr-defined]
    assert len(names) > 10
    missing = [n for n in names if f"mindmuscle {n}" not in README]
    assert not missing, f"commands without an example in the README: {missing}"
