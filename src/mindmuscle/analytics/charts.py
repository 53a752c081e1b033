"""Charts of a :class:`~mindmuscle.analytics.view.ProgressView`, drawn with matplotlib.

matplotlib is imported only when a chart is drawn. Figures are plain
``matplotlib.figure.Figure`` objects on an Agg canvas - no pyplot, no global state, safe in
a web worker - rendered to PNG bytes (:func:`png_bytes`) or base64 (:func:`png_base64`).
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from mindmuscle.analytics.view import ProgressView

__all__ = [
    "GROUP_COLORS",
    "Chart",
    "charts",
    "e1rm_chart",
    "hard_sets_chart",
    "mmc_chart",
    "png_base64",
    "png_bytes",
    "tempo_chart",
]

#: One colour per training group, the same on every chart (colour-blind-safe palette).
GROUP_COLORS: Final = {
    "chest": "#0072B2",
    "back": "#E69F00",
    "shoulders": "#009E73",
    "arms": "#CC79A7",
    "legs": "#56B4E9",
}
_SIZE: Final = (8.0, 3.4)
_DPI: Final = 100
#: How many exercises the e1RM chart shows (those with the most working sets).
TOP_EXERCISES: Final = 4


@dataclass(frozen=True, slots=True)
class Chart:
    """A titled figure for a report."""

    key: str
    title: str
    figure: Figure


def _figure(title: str, ylabel: str) -> tuple[Figure, Any]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=_SIZE, dpi=_DPI)
    fig.subplots_adjust(left=0.08, right=0.98, top=0.9, bottom=0.3)  # fixed: fast to draw
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.set_title(title, loc="left", fontsize=11, fontweight="bold")
    ax.set_ylabel(ylabel)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", alpha=0.3)
    return fig, ax


def _legend(ax: Any, columns: int = 5) -> None:
    """The legend in a row under the plot (only when something is labelled)."""
    if ax.get_legend_handles_labels()[0]:
        ax.legend(
            frameon=False,
            fontsize=8,
            ncols=columns,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.2),
        )


def hard_sets_chart(view: ProgressView) -> Figure:
    """Weekly hard sets per group, stacked bars."""
    fig, ax = _figure("Hard sets per week", "hard sets")
    x = [w.number for w in view.weeks]
    bottom = [0.0] * len(x)
    for g in view.groups:
        heights = [float(w.hard_sets) for w in g.weeks]
        ax.bar(x, heights, bottom=bottom, label=g.group, color=GROUP_COLORS.get(g.group))
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    ax.set_xlabel("week of training")
    _legend(ax)
    return fig


def mmc_chart(view: ProgressView) -> Figure:
    """Weekly mean mmc (1-10) per group."""
    fig, ax = _figure("Mind-muscle connection (mmc) per week", "mean mmc (1-10)")
    for g in view.groups:
        points = [(w.week.number, w.mmc) for w in g.weeks if w.mmc is not None]
        if points:
            xs, ys = zip(*points, strict=True)
            ax.plot(xs, ys, marker="o", ms=3, label=g.group, color=GROUP_COLORS.get(g.group))
    ax.set_ylim(1, 10)
    ax.set_xlabel("week of training")
    _legend(ax)
    return fig


def e1rm_chart(view: ProgressView, *, top: int = TOP_EXERCISES) -> Figure:
    """e1RM per session for the exercises with the most sets, each at its own tempo."""
    fig, ax = _figure("Estimated 1RM at the prescribed tempo", "e1RM (kg)")
    for trend in view.exercises[:top]:
        points = [(p.weeks + 1, p.e1rm) for p in trend.points if p.e1rm is not None]
        if points:
            xs, ys = zip(*points, strict=True)
            tempo = f" ({trend.tempo})" if trend.tempo is not None else ""
            ax.plot(xs, ys, marker="o", ms=3, label=f"{trend.name}{tempo}")
    ax.set_xlabel("week of training")
    _legend(ax, columns=2)
    return fig


def tempo_chart(view: ProgressView) -> Figure | None:
    """Share of measured sets within the tempo tolerance, per group and week; ``None`` when
    no set in the view has a measured tempo."""
    if not any(g.tempo is not None for g in view.groups):
        return None
    fig, ax = _figure("Tempo adherence (measured sets within 0.5 s)", "% of sets on tempo")
    for g in view.groups:
        points = [(w.week.number, w.tempo.within_pct) for w in g.weeks if w.tempo is not None]
        if points:
            xs, ys = zip(*points, strict=True)
            ax.plot(xs, ys, marker="o", ms=3, label=g.group, color=GROUP_COLORS.get(g.group))
    ax.set_ylim(0, 105)
    ax.set_xlabel("week of training")
    _legend(ax)
    return fig


def charts(view: ProgressView) -> list[Chart]:
    """Every chart of the report, in order (the tempo chart only when there are measurements)."""
    out = [
        Chart("hard_sets", "Hard sets per week", hard_sets_chart(view)),
        Chart("mmc", "Mind-muscle connection", mmc_chart(view)),
        Chart("e1rm", "Estimated 1RM", e1rm_chart(view)),
    ]
    tempo = tempo_chart(view)
    if tempo is not None:
        out.append(Chart("tempo", "Tempo adherence", tempo))
    return out


def png_bytes(fig: Figure) -> bytes:
    """The figure as PNG."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=_DPI)
    return buffer.getvalue()


def png_base64(fig: Figure) -> str:
    """The figure as base64-encoded PNG (for a ``data:image/png;base64,`` URI)."""
    return base64.b64encode(png_bytes(fig)).decode("ascii")
