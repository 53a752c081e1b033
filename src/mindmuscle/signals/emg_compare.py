"""Comparing conditions (e.g. internal focus vs neutral): did the target go up and the
accessories down?

Each condition is one analysed recording (its ``to_json()`` document). Every further
condition is compared with the first (the baseline), muscle by muscle and for the
target share:

- equal rep counts: reps are matched by order and the effect size is the paired
  Cohen's ``d_z`` (mean difference / SD of the differences); the bootstrap resamples
  pairs;
- different rep counts: the unpaired Hedges' ``g`` (pooled SD, small-sample corrected);
  the bootstrap resamples each condition on its own.

The 95% confidence interval of the mean difference is a percentile bootstrap with a
fixed ``seed`` (same input, same interval).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["compare_conditions", "hedges_g", "paired_dz"]

F64 = npt.NDArray[np.float64]


def paired_dz(base: F64, other: F64) -> float:
    """Cohen's d_z: mean of ``other - base`` over its SD (NaN with fewer than 2 pairs)."""
    diff = np.asarray(other, np.float64) - np.asarray(base, np.float64)
    if diff.size < 2:
        return float("nan")
    sd = float(np.std(diff, ddof=1))
    return float(np.mean(diff)) / sd if sd > 0 else float("nan")


def hedges_g(base: F64, other: F64) -> float:
    """Hedges' g of ``other`` vs ``base``: pooled-SD difference times ``1 - 3/(4 df - 1)``."""
    n1, n2 = base.size, other.size
    if n1 < 2 or n2 < 2:
        return float("nan")
    df = n1 + n2 - 2
    pooled = np.sqrt(((n1 - 1) * np.var(base, ddof=1) + (n2 - 1) * np.var(other, ddof=1)) / df)
    if not pooled > 0:
        return float("nan")
    return float((np.mean(other) - np.mean(base)) / pooled * (1 - 3 / (4 * df - 1)))


def _bootstrap_ci(
    base: F64, other: F64, *, paired: bool, seed: int, n_boot: int = 4000
) -> tuple[float, float]:
    rng = np.random.default_rng(seed)
    if base.size == 0 or other.size == 0:
        return float("nan"), float("nan")
    if paired:
        diff = other - base
        means = diff[rng.integers(0, diff.size, (n_boot, diff.size))].mean(axis=1)
    else:
        means = other[rng.integers(0, other.size, (n_boot, other.size))].mean(axis=1) - base[
            rng.integers(0, base.size, (n_boot, base.size))
        ].mean(axis=1)
    lo, hi = np.percentile(means, [2.5, 97.5])
    return float(lo), float(hi)


def _values(doc: dict[str, Any], muscle: str | None) -> F64:
    """Per-rep values of ``muscle`` (None = the target share) from an analysis document."""
    out = []
    for rep in doc["reps"]:
        if muscle is None:
            out.append(rep["target_share"])
        elif muscle == doc["target"]:
            out.append(rep["target"])
        else:
            out.append(rep["accessory"][muscle])
    return np.array([np.nan if v is None else v for v in out], dtype=np.float64)


def _measure(base: F64, other: F64, *, seed: int) -> dict[str, Any]:
    base, other = base[np.isfinite(base)], other[np.isfinite(other)]
    paired = base.size == other.size
    effect = paired_dz(base, other) if paired else hedges_g(base, other)
    lo, hi = _bootstrap_ci(base, other, paired=paired, seed=seed)
    mb = float(np.mean(base)) if base.size else float("nan")
    mo = float(np.mean(other)) if other.size else float("nan")
    return {
        "baseline": _r(mb),
        "condition": _r(mo),
        "difference": _r(mo - mb),
        "percent": _r(100 * (mo - mb) / mb) if mb else None,
        "ci95": [_r(lo), _r(hi)],
        "effect_size": _r(effect),
        "effect_size_kind": "paired d_z (reps matched by order)"
        if paired
        else "Hedges' g (unpaired: rep counts differ)",
        "direction": "up" if lo > 0 else "down" if hi < 0 else "unclear",
    }


def _r(x: float) -> float | None:
    return float(f"{x:.4g}") if np.isfinite(x) else None


def _sentence(
    label: str,
    base_label: str,
    target: str,
    rows: dict[str, dict[str, Any]],
    accessory: Sequence[str],
) -> str:
    t = rows[target]
    word = {"up": "went up", "down": "went down", "unclear": "did not clearly change"}
    pct = f" ({t['percent']:+.0f}%)" if t["percent"] is not None else ""
    text = f"Under {label} vs {base_label}, the target {target} {word[t['direction']]}{pct}"
    if not accessory:
        return text + "."
    downs = [m for m in accessory if rows[m]["direction"] == "down"]
    if len(downs) == len(accessory):
        acc = "the accessories all went down"
    elif not downs:
        acc = "no accessory went down"
    else:
        acc = f"only {', '.join(downs)} of the accessories went down"
    verdict = (
        "so the focus shifted work onto the target"
        if t["direction"] == "up" and len(downs) == len(accessory)
        else "so this is not a clear shift of work onto the target"
    )
    return f"{text}, and {acc}; {verdict} (95% bootstrap intervals of the mean difference)."


def compare_conditions(
    docs: Sequence[dict[str, Any]], labels: Sequence[str], *, seed: int = 0
) -> dict[str, Any]:
    """Compare every condition with the first; ``docs`` are ``EmgAnalysis.to_json()``."""
    base, base_label = docs[0], labels[0]
    target, accessory = base["target"], list(base["accessory"])
    out = []
    for doc, label in zip(docs[1:], labels[1:], strict=True):
        rows = {
            m: _measure(_values(base, m), _values(doc, m), seed=seed) for m in [target, *accessory]
        }
        entry: dict[str, Any] = {
            "condition": label,
            "rep_count": len(doc["reps"]),
            "paired": len(doc["reps"]) == len(base["reps"]),
            "muscles": rows,
            "sentence": _sentence(label, base_label, target, rows, accessory),
        }
        if accessory:
            entry["target_share"] = _measure(_values(base, None), _values(doc, None), seed=seed)
        out.append(entry)
    return {
        "baseline": base_label,
        "baseline_rep_count": len(base["reps"]),
        "target": target,
        "accessory": accessory,
        "units": base["units"],
        "seed": seed,
        "comparisons": out,
    }
