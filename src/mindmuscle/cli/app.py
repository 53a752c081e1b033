"""The Typer application. Commands live in their own modules and register here.

Imports are kept light: each command imports what it needs when it runs, so
``mindmuscle --help`` and ``mindmuscle plan`` start fast.
"""

from __future__ import annotations

import typer

__all__ = ["app"]

app = typer.Typer(
    name="mindmuscle",
    help="Mind-Muscle: plan, coach, log and measure training by the mind-muscle connection.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# --- command registration: one line per command module --------------------------------
from mindmuscle.cli import plan_commands  # noqa: E402

plan_commands.register(app)
from mindmuscle.cli import log_commands  # noqa: E402

log_commands.register(app)
from mindmuscle.cli import coach_commands  # noqa: E402

coach_commands.register(app)
from mindmuscle.cli import analyze_commands  # noqa: E402

analyze_commands.register(app)
from mindmuscle.cli import serve_commands  # noqa: E402

serve_commands.register(app)
from mindmuscle.cli import progress_commands  # noqa: E402

progress_commands.register(app)
from mindmuscle.cli import attach_commands  # noqa: E402

attach_commands.register(app)
from mindmuscle.cli import users_commands  # noqa: E402

users_commands.register(app)
# --- end of command registration --------------------------------------------------------
