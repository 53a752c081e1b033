"""The visual report of an EMG analysis: envelopes with rep boundaries and per-rep bars.

:func:`render_report` returns the bytes of a PNG, or of a self-contained HTML page
(the PNG embedded, plus the per-rep table); the caller writes them. matplotlib is
imported lazily, with the Agg backend.
"""

from __future__ import annotations

import base64
import html
import io
from typing import Any, Literal

import numpy as np

from mindmuscle.signals.emg_analysis import EmgAnalysis

__all__ = ["render_report"]

_MAX_POINTS = 4000


def _decimate(
    env: np.ndarray[Any, Any], fs: float
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Block maxima, so that hour-long envelopes plot fast and bursts stay visible."""
    n = env.shape[-1]
    step = max(1, n // _MAX_POINTS)
    m = n // step * step
    blocks = env[:, :m].reshape(env.shape[0], -1, step).max(axis=2)
    return (np.arange(blocks.shape[1]) * step + step / 2) / fs, blocks


def _figure_png(a: EmgAnalysis) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(11, 2.2 * len(a.muscles) + 3), layout="constrained")
    axes = fig.subplots(len(a.muscles) + 1, 1)
    t, env = _decimate(a.envelopes, a.fs)
    for j, (ax, name) in enumerate(zip(axes[:-1], a.muscles, strict=True)):
        ax.plot(t, env[j], lw=0.8, color="C0" if j == 0 else "C1")
        for start, stop in a.reps / a.fs:
            ax.axvspan(start, stop, color="0.85", zorder=0)
        role = "target" if j == 0 else "accessory"
        ax.set_ylabel(f"{name}\n({role})")
    axes[-2].set_xlabel("time (s)")
    bars = axes[-1]
    x = np.arange(1, len(a.reps) + 1)
    width = 0.8 / max(1, len(a.muscles))
    for j, name in enumerate(a.muscles):
        bars.bar(x + (j - (len(a.muscles) - 1) / 2) * width, a.mean[:, j], width, label=name)
    bars.set_xlabel("rep")
    bars.set_ylabel(f"activation ({a.units})")
    if len(a.muscles) > 1:
        bars.legend(fontsize="small")
    fig.suptitle(f"EMG: {a.source}")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
    return buf.getvalue()


def _table(doc: dict[str, Any]) -> str:
    acc = doc["accessory"]
    head = "".join(
        f"<th>{html.escape(h)}</th>"
        for h in ["rep", "start s", "end s", doc["target"], *acc, "target share"]
    )
    rows = []
    for i, r in enumerate(doc["reps"], start=1):
        cells = [
            i,
            r["start"],
            r["end"],
            r["target"],
            *[r["accessory"][m] for m in acc],
            r["target_share"],
        ]
        rows.append("<tr>" + "".join(f"<td>{'' if c is None else c}</td>" for c in cells) + "</tr>")
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def render_report(analysis: EmgAnalysis, kind: Literal["png", "html"]) -> bytes:
    """The report as PNG bytes or as UTF-8 HTML bytes with the figure embedded."""
    png = _figure_png(analysis)
    if kind == "png":
        return png
    doc = analysis.to_json()
    notes = "".join(f"<li>{html.escape(w)}</li>" for w in doc["warnings"])
    page = (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>EMG report: {html.escape(analysis.source)}</title>"
        "<style>body{font-family:sans-serif;margin:2em}td,th{padding:2px 8px;"
        "text-align:right}img{max-width:100%}</style></head><body>"
        f"<h1>EMG report</h1><p>{html.escape(analysis.source)}: {doc['rep_count']} reps, "
        f"values in {html.escape(doc['units'])} ({html.escape(doc['normalisation'])}).</p>"
        f"<img alt='envelopes and per-rep activation' src='data:image/png;base64,"
        f"{base64.b64encode(png).decode()}'>{_table(doc)}"
        f"{'<h2>Warnings</h2><ul>' + notes + '</ul>' if notes else ''}</body></html>"
    )
    return page.encode("utf-8")
