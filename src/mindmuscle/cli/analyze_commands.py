"""``mindmuscle analyze ...``: measurement of recordings (motion, EMG). Each kind of
recording has its own module that adds its command to :data:`analyze_app`."""

from __future__ import annotations

import typer

__all__ = ["analyze_app", "register"]

analyze_app = typer.Typer(
    help="Measure recordings: reps and tempo from motion, activation from EMG.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    """Add the ``analyze`` group (with every analysis module's commands) to ``app``."""
    # --- analysis modules: one import per module; each defines commands on analyze_app ---
    from mindmuscle.cli import (
        analyze_emg,  # noqa: F401
        analyze_motion,  # noqa: F401
    )

    # --- end of analysis modules ---
    app.add_typer(analyze_app, name="analyze")
