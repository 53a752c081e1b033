"""A figure of the analysed trace with the segmented phases (matplotlib, Agg, lazy import)."""

from __future__ import annotations

from typing import Any, Final

from mindmuscle.signals.motion import MotionAnalysis

__all__ = ["motion_figure", "motion_svg"]

_COLOURS: Final = {
    "eccentric": "#d95f02",
    "bottom": "#7570b3",
    "concentric": "#1b9e77",
    "top": "#e7298a",
}


def motion_figure(result: MotionAnalysis) -> Any:
    """The movement trace over time with each rep's phases shaded; returns a Figure."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(12, 4), layout="constrained")
    ax = fig.add_subplot()
    ax.plot(result.trace_t, result.trace_x, color="black", lw=1)
    for i, rep in enumerate(result.reps):
        t = rep.start
        order = (
            ("eccentric", "bottom", "concentric", "top")
            if result.eccentric_first
            else ("concentric", "top", "eccentric", "bottom")
        )
        for phase in order:
            d = rep.phases[phase]  # type: ignore[index]
            ax.axvspan(
                t, t + d, color=_COLOURS[phase], alpha=0.3, lw=0, label=phase if i == 0 else None
            )
            t += d
        ax.text(rep.start, 1.0, str(i + 1), transform=ax.get_xaxis_transform(), va="bottom")
    for a, b in result.gaps:
        ax.axvspan(a, b, color="grey", alpha=0.5, hatch="//", label="gap")
    for a, b in result.walking:
        ax.axvspan(a, b, color="grey", alpha=0.15)
    ax.set_xlabel("time (s)")
    ax.set_ylabel(f"{result.axis} ({result.unit})")
    ax.set_title(f"{result.rep_count} reps")
    if result.reps:
        ax.legend(loc="upper right", fontsize="small")
    return fig


def motion_svg(result: MotionAnalysis) -> str:
    """The figure as an SVG document (for the HTML plot)."""
    import io

    buf = io.StringIO()
    motion_figure(result).savefig(buf, format="svg")
    return buf.getvalue()
