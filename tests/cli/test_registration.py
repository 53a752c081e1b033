"""Every command module under ``mindmuscle.cli`` is reachable from the ``mindmuscle`` app.

A module with a ``register(app)`` function that nobody calls is dead code the user can't run
(``mindmuscle users`` once slipped that way); this walks the package instead of trusting the
registration block in ``cli/app.py``.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest
import typer
from typer.main import get_command

import mindmuscle.cli
from mindmuscle.cli.app import app


def _modules_with_register() -> list[str]:
    found = []
    for info in pkgutil.iter_modules(mindmuscle.cli.__path__):
        module = importlib.import_module(f"mindmuscle.cli.{info.name}")
        if callable(getattr(module, "register", None)):
            found.append(info.name)
    return sorted(found)


def _command_names(typer_app: typer.Typer) -> set[str]:
    return set(get_command(typer_app).commands)  # type: ignore[attr-defined]


def test_the_walk_finds_the_command_modules() -> None:
    modules = _modules_with_register()
    assert {"plan_commands", "users_commands", "serve_commands"} <= set(modules)


@pytest.mark.parametrize("name", _modules_with_register())
def test_every_command_module_is_registered(name: str) -> None:
    module = importlib.import_module(f"mindmuscle.cli.{name}")
    alone = typer.Typer()
    alone.command("placeholder-so-typer-builds-a-group")(lambda: None)
    module.register(alone)
    own = _command_names(alone) - {"placeholder-so-typer-builds-a-group"}
    assert own, f"{name}.register adds no command"
    missing = own - _command_names(app)
    assert not missing, f"{name} is not registered in cli/app.py: {sorted(missing)}"
