"""Draws a :class:`CoachView` with Rich: big count and countdown digits, the phase, progress
through the set and the session, the cue, prompts, the after-set form and the keys.

Pure drawing: :func:`render` returns a renderable for the view at ``now``; the terminal loop
puts it in a ``Live`` display and tests export it as text.
"""

from __future__ import annotations

import math
from typing import Final

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from mindmuscle.coaching.entry import FIELDS, SetEntry
from mindmuscle.coaching.view import CoachView

__all__ = ["KEYS_HELP", "bar", "big", "countdown_text", "render"]

KEYS_HELP: Final = (
    "space start / pause / resume · s skip · e end set · f failed rep · + add rep · "
    "t tempo · q end session · Ctrl-C leave (resume later)"
)

# A 5-row block font for the digits and the few signs a count or countdown needs.
_FONT: Final[dict[str, tuple[str, ...]]] = {
    "0": ("███", "█ █", "█ █", "█ █", "███"),
    "1": (" █ ", "██ ", " █ ", " █ ", "███"),
    "2": ("███", "  █", "███", "█  ", "███"),
    "3": ("███", "  █", "███", "  █", "███"),
    "4": ("█ █", "█ █", "███", "  █", "  █"),
    "5": ("███", "█  ", "███", "  █", "███"),
    "6": ("███", "█  ", "███", "█ █", "███"),
    "7": ("███", "  █", "  █", "  █", "  █"),
    "8": ("███", "█ █", "███", "█ █", "███"),
    "9": ("███", "█ █", "███", "  █", "███"),
    ":": ("   ", " █ ", "   ", " █ ", "   "),
    "/": ("  █", "  █", " █ ", "█  ", "█  "),
    " ": ("   ", "   ", "   ", "   ", "   "),
}
_STAGE_STYLE: Final = {
    "ready": "white",
    "activate": "bold magenta",
    "set": "bold green",
    "rest": "bold cyan",
    "done": "bold yellow",
    "aborted": "bold red",
}
_PHASE_STYLE: Final = {
    "eccentric": "bold blue",
    "bottom": "bold magenta",
    "concentric": "bold green",
    "top": "bold yellow",
}


def big(text: str, style: str = "bold") -> Text:
    """``text`` (digits, ``:``, ``/``, spaces) in the 5-row block font."""
    glyphs = [_FONT.get(ch, _FONT[" "]) for ch in text]
    rows = [" ".join(g[row] for g in glyphs) for row in range(5)]
    return Text("\n".join(rows), style=style, justify="center")


def countdown_text(seconds: float) -> str:
    """Whole seconds left, rounded up: ``45`` or ``1:30``."""
    left = math.ceil(seconds)
    return f"{left // 60}:{left % 60:02d}" if left >= 60 else str(left)


def bar(done: float, total: float, width: int = 24, style: str = "green") -> Text:
    """A text progress bar: ``done`` of ``total`` as filled cells of ``width``."""
    filled = 0 if total <= 0 else round(width * min(max(done, 0.0), total) / total)
    out = Text("█" * filled, style=style)
    out.append("░" * (width - filled), style="dim")
    return out


def _header(view: CoachView) -> Table:
    grid = Table.grid(expand=True, padding=(0, 1))
    grid.add_column(ratio=1)
    grid.add_column(justify="right")
    title = Text(view.exercise or "Mind-Muscle coach", style="bold")
    if view.block == "primer" and view.exercise:
        title.append("  primer", style="dim")
    if view.tempo is not None:
        title.append(f"  tempo {view.tempo}", style="dim")
    current = min(view.session_done + 1, view.session_total)
    session = Text(f"set {current}/{view.session_total} ")
    session.append_text(bar(view.session_done, view.session_total, 12, "cyan"))
    grid.add_row(title, session)
    return grid


def _set_body(view: CoachView) -> list[RenderableType]:
    phase = (view.phase or "").upper()
    style = _PHASE_STYLE.get(view.phase or "", "bold")
    head = Text(f"{view.phase_word.upper()}", style=style, justify="center")
    if phase:
        head.append(f"  ({view.phase})", style="dim")
    count = "" if view.count is None else str(view.count)
    reps = Text(f"Set {view.set_number}/{view.sets} · Rep {view.rep}/{view.reps}", justify="center")
    if view.parts > 1:  # a side of a one-sided set, or a movement of a tri-set
        reps.append(f" · {view.part} ({view.part_number}/{view.parts})", style="bold")
    progress = bar(max(view.rep - 1, 0), view.reps, 40)
    progress.justify = "center"
    return [head, big(count, style), reps, progress]


def _timed_body(view: CoachView, now: float) -> list[RenderableType]:
    left = view.remaining(now) or 0.0
    if view.stage == "activate":
        head = Text(f"ACTIVATE · set {view.set_number}/{view.sets}", style="bold magenta")
        hint = "space: start the set now"
    else:
        head = Text("REST", style="bold cyan")
        hint = "space: start the next set now"
    head.justify = "center"
    parts: list[RenderableType] = [head, big(countdown_text(left), _STAGE_STYLE[view.stage])]
    parts += [Text(f"• {p}") for p in view.prompts]
    if view.stage == "rest" and view.next_exercise:
        nxt = Text("Next: ", style="bold")
        nxt.append(view.next_exercise)
        if view.next_cue:
            nxt.append(f" — {view.next_cue}", style="italic")
        parts.append(nxt)
    parts.append(Text(hint, style="dim"))
    return parts


def _entry_panel(entry: SetEntry) -> Panel:
    grid = Table.grid(padding=(0, 2))
    for index, name in enumerate(FIELDS):
        value = entry.values[index] or "-"
        if name == "load" and entry.values[index]:
            value = f"{value} {entry.unit}"
        focus = index == entry.focus
        marker = "▸" if focus else " "
        grid.add_row(
            Text(f"{marker} {SetEntry.label(name)}"),
            Text(f"[{value}]", style="reverse" if focus else "bold"),
        )
    body: list[RenderableType] = [grid]
    if entry.error:
        body.append(Text(entry.error, style="bold red"))
    body.append(Text("Enter: save all · Tab: next field · type to replace", style="dim"))
    return Panel(Group(*body), title=f"Log the set: {entry.exercise}", border_style="yellow")


def render(
    view: CoachView,
    now: float,
    *,
    entry: SetEntry | None = None,
    prompt: str = "",
    status: str = "",
) -> RenderableType:
    """The whole screen for ``view`` at ``now`` (on the coach's clock)."""
    parts: list[RenderableType] = [_header(view)]
    if view.stage == "set":
        body = _set_body(view)
    elif view.stage in ("activate", "rest"):
        body = _timed_body(view, now)
    else:
        word = {"ready": "READY", "done": "SESSION COMPLETE", "aborted": "SESSION ENDED"}
        body = [Text(word[view.stage], style=_STAGE_STYLE[view.stage], justify="center")]
    if view.paused:
        body.insert(0, Text("PAUSED · space to resume", style="bold reverse", justify="center"))
    parts.append(Panel(Group(*body), border_style=_STAGE_STYLE[view.stage].split()[-1]))
    if view.cue and view.stage == "set":
        parts.append(Text(f"“{view.cue}”", style="italic", justify="center"))
    if view.message:
        parts.append(Text(view.message, style="bold"))
    if entry is not None:
        parts.append(_entry_panel(entry))
    if prompt:
        parts.append(Text(prompt, style="bold reverse"))
    parts.append(Text(KEYS_HELP, style="dim"))
    if status:
        parts.append(Text(status, style="dim"))
    return Group(*parts)
