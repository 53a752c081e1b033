"""``analyze emg``: from a recording and a channel map to the JSON contract of DESIGN.md.

Activation values are the RMS of the processed signal per rep (see
:func:`~mindmuscle.signals.emg_reps.rep_activation`), divided by each channel's MVC when
MVC references are given (1.0 = MVC), else in the recording's units. ``target_share``
always comes from those values; the peak-normalised view (each channel divided by its
own envelope peak) is reported beside it under ``peak_normalised`` and has no share.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from mindmuscle.errors import DataError, InputError
from mindmuscle.signals.emg import EmgSettings, Progress, emg_envelope
from mindmuscle.signals.emg_io import Recording, find_clipping, read_recording, resolve_channels
from mindmuscle.signals.emg_map import ChannelMap
from mindmuscle.signals.emg_reps import (
    Segmentation,
    coactivation,
    rep_activation,
    segment_bursts,
    segment_motion,
    target_share,
)

__all__ = ["EmgAnalysis", "analyze_emg", "mvc_from_files", "sig"]


def sig(x: float | None, digits: int = 4) -> float | None:
    """``x`` rounded to ``digits`` significant figures (None and NaN give None)."""
    if x is None or not np.isfinite(x):
        return None
    return float(f"{x:.{digits}g}")


@dataclass(frozen=True, slots=True)
class EmgAnalysis:
    """Everything measured in one recording; :meth:`to_json` is the command's output."""

    source: str
    fs: float
    muscles: tuple[str, ...]
    envelopes: npt.NDArray[np.float32]
    reps: npt.NDArray[np.int64]
    mean: npt.NDArray[np.float64]
    peak: npt.NDArray[np.float64]
    coact: npt.NDArray[np.float64]
    own_peak: npt.NDArray[np.float64]
    units: str
    normalisation: str
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def target(self) -> str:
        return self.muscles[0]

    @property
    def accessory(self) -> tuple[str, ...]:
        return self.muscles[1:]

    def shares(self) -> npt.NDArray[np.float64]:
        """Per-rep target share from the (raw or MVC) values; NaN without accessories."""
        if not self.accessory:
            return np.full(len(self.reps), np.nan)
        return target_share(self.mean[:, 0], self.mean[:, 1:])

    def _rep(self, i: int) -> dict[str, Any]:
        a, b = (int(v) for v in self.reps[i])
        acc = self.accessory
        return {
            "start": round(a / self.fs, 3),
            "end": round(b / self.fs, 3),
            "target": sig(self.mean[i, 0]),
            "accessory": {m: sig(self.mean[i, j + 1]) for j, m in enumerate(acc)},
            "target_share": sig(self.shares()[i]) if acc else None,
            "peak": {
                "target": sig(self.peak[i, 0]),
                "accessory": {m: sig(self.peak[i, j + 1]) for j, m in enumerate(acc)},
            },
            "coactivation": {m: sig(self.coact[i, j]) for j, m in enumerate(acc)},
        }

    def _summary(self) -> dict[str, Any]:
        mean = np.mean(self.mean, axis=0) if len(self.reps) else np.full(len(self.muscles), np.nan)
        peak = np.mean(self.peak, axis=0) if len(self.reps) else mean
        acc = self.accessory
        share = target_share(mean[:1], mean[None, 1:])[0] if acc else np.nan
        coact = np.mean(self.coact, axis=0) if len(self.reps) else np.full(len(acc), np.nan)
        return {
            "rep_count": len(self.reps),
            "target": sig(mean[0]),
            "accessory": {m: sig(mean[j + 1]) for j, m in enumerate(acc)},
            "target_share": sig(share) if acc else None,
            "peak": {
                "target": sig(peak[0]),
                "accessory": {m: sig(peak[j + 1]) for j, m in enumerate(acc)},
            },
            "coactivation": {m: sig(coact[j]) for j, m in enumerate(acc)},
        }

    def _peak_view(self) -> dict[str, Any]:
        scaled = self.mean / np.where(self.own_peak > 0, self.own_peak, np.nan)
        acc = self.accessory
        reps = [
            {"target": sig(r[0]), "accessory": {m: sig(r[j + 1]) for j, m in enumerate(acc)}}
            for r in scaled
        ]
        return {
            "note": "Each channel divided by its own envelope peak in this recording; shows "
            "each muscle's shape, not how active it was against the others (no share).",
            "reps": reps,
        }

    def to_json(self) -> dict[str, Any]:
        """The ``analyze emg --format json`` document (DESIGN.md contract plus extra keys)."""
        summary = self._summary()
        return {
            "file": self.source,
            "fs": self.fs,
            "duration": round(self.envelopes.shape[-1] / self.fs, 3),
            "target": self.target,
            "accessory": list(self.accessory),
            "units": self.units,
            "normalisation": self.normalisation,
            "rep_count": summary["rep_count"],
            "reps": [self._rep(i) for i in range(len(self.reps))],
            "summary": summary,
            "peak_normalised": self._peak_view(),
            **self.extra,
        }


def _units(
    rec: Recording, muscles: tuple[str, ...], mvc: Mapping[str, float] | None
) -> tuple[str, str]:
    if mvc:
        return "MVC", "mvc: each channel divided by the peak RMS envelope of its MVC recording"
    found = {u for u in rec.units[: len(muscles)] if u}
    unit = found.pop() if len(found) == 1 else "recording units"
    return unit, (
        f"none: RMS in the recording's units ({unit}); give --mvc recordings to normalise to MVC"
    )


def _check_mvc(muscles: tuple[str, ...], mvc: Mapping[str, float] | None) -> None:
    if not mvc:
        return
    missing = [m for m in muscles if m not in mvc]
    if missing:
        raise InputError(
            f"No MVC reference covers {missing[0]!r}; give --mvc recordings for "
            "every analysed muscle or for none (mixed scales make no share)."
        )
    bad = [m for m in muscles if not mvc[m] > 0]
    if bad:
        raise InputError(f"The MVC reference of {bad[0]!r} has no signal (peak 0).")


def _warnings(
    rec: Recording,
    muscles: tuple[str, ...],
    mvc: Mapping[str, float] | None,
    notes: tuple[str, ...],
    clipping: list[dict[str, Any]],
    n_reps: int,
) -> list[str]:
    out = [*rec.notes, *notes]
    units = rec.units[: len(muscles)]
    if not mvc and len(set(units)) > 1:
        listing = ", ".join(
            f"{m} in {u or 'unknown units'}" for m, u in zip(muscles, units, strict=False)
        )
        out.append(
            f"The channels are in different units ({listing}); without --mvc the target "
            "share compares their numbers as they are."
        )
    for gap in rec.gaps:
        where = f" in {gap.channel!r}" if gap.channel else ""
        out.append(
            f"Samples are missing{where} from {gap.start:.3f} s to {gap.end:.3f} s; "
            "they were treated as rest (zero) and reps touching them are marked."
        )
    for c in clipping:
        what = "is flat (constant)" if c["flat"] else f"clips at {c['level']:g}"
        out.append(
            f"Channel {c['channel']!r} {what} for {c['samples']} samples from "
            f"{c['first']:g} s; its activation there is underestimated."
        )
    if n_reps == 0:
        out.append("No contraction stood out from the baseline: no reps were found.")
    return out


def analyze_emg(
    rec: Recording,
    cmap: ChannelMap,
    *,
    settings: EmgSettings | None = None,
    segmentation: Segmentation | None = None,
    mvc: Mapping[str, float] | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
) -> EmgAnalysis:
    """Process the mapped channels of ``rec``, find reps and measure each muscle per rep.

    ``rec`` holds the channels of ``cmap`` (file names) in the order target, accessories,
    then the motion channel if there is one. ``mvc`` maps muscle names to MVC values in
    the recording's units (see :func:`~mindmuscle.signals.emg.envelope_peak`).
    """
    settings = settings or EmgSettings()
    muscles = cmap.muscles
    _check_mvc(muscles, mvc)
    emg = rec.data[: len(muscles)]
    env, design = emg_envelope(
        emg, fs=rec.fs, settings=settings, workers=workers, progress=progress
    )
    if cmap.motion is not None:
        reps = segment_motion(rec.data[len(muscles)], fs=rec.fs, seg=segmentation)
    else:
        reps = segment_bursts(env[0], fs=rec.fs, seg=segmentation)
    mean, peak, coact, own_peak = _measure(
        env, reps, settings, [mvc[m] for m in muscles] if mvc else None
    )
    clipping = find_clipping(emg, muscles, fs=rec.fs)
    units, normalisation = _units(rec, muscles, mvc)
    extra: dict[str, Any] = {
        "segmentation": f"motion channel {cmap.motion!r}" if cmap.motion else "target envelope",
        "mvc": {m: sig(mvc[m]) for m in muscles} if mvc else None,
        "gaps": [asdict(g) for g in rec.gaps],
        "clipping": clipping,
        "warnings": _warnings(rec, muscles, mvc, design.notes, clipping, len(reps)),
        "settings": {**asdict(settings), "high_hz": design.high_hz},
    }
    marks = [
        i
        for i, (a, b) in enumerate(reps.tolist())
        if any(g.start * rec.fs < b and g.end * rec.fs > a for g in rec.gaps)
    ]
    if marks:
        extra["reps_with_gaps"] = marks
    return EmgAnalysis(
        rec.source,
        rec.fs,
        muscles,
        env,
        reps,
        mean,
        peak,
        coact,
        own_peak,
        units,
        normalisation,
        extra,
    )


def _measure(
    env: npt.NDArray[np.float32],
    reps: npt.NDArray[np.int64],
    settings: EmgSettings,
    mvc: list[float] | None,
) -> tuple[npt.NDArray[np.float64], ...]:
    """Mean and peak per rep and channel, co-activation per accessory, each channel's
    envelope peak; divided by the MVC values when there are any."""
    mean, peak = rep_activation(env, reps, rms=settings.envelope == "rms")
    n_ch = env.shape[0]
    coact = (
        np.stack([coactivation(env[0], env[j], reps) for j in range(1, n_ch)], axis=1)
        if n_ch > 1
        else np.zeros((len(reps), 0))
    )
    own_peak = np.max(env, axis=1).astype(np.float64) if env.shape[1] else np.ones(n_ch)
    if mvc:
        scale = np.asarray(mvc, dtype=np.float64)
        mean, peak, own_peak = mean / scale, peak / scale, own_peak / scale
    return mean, peak, coact, own_peak


def mvc_from_files(
    specs: Sequence[tuple[str | None, Path]],
    cmap: ChannelMap,
    *,
    settings: EmgSettings | None = None,
    fs: float | None = None,
) -> dict[str, float]:
    """MVC value per muscle: the peak of the RMS envelope of its MVC recording(s).

    ``(muscle, path)`` takes that muscle's channel from ``path``; ``(None, path)`` takes
    every mapped muscle found in ``path``. With several recordings for one muscle the
    largest peak is its MVC.
    """
    from mindmuscle.signals.emg import envelope_peak

    out: dict[str, float] = {}
    for muscle, path in specs:
        if muscle is not None:
            wanted = [muscle]
            rec = read_recording(path, fs=fs, channels=[cmap.channel(muscle)])
        else:
            whole = read_recording(path, fs=fs)
            wanted = [m for m in cmap.muscles if _has_channel(cmap.channel(m), whole.names)]
            if not wanted:
                resolve_channels([cmap.channel(cmap.target)], whole.names, whole.source)
            rec = whole.select([cmap.channel(m) for m in wanted])
        try:
            peaks = envelope_peak(rec.data, fs=rec.fs, settings=settings)
        except ValueError as exc:
            raise InputError(f"{path}: {exc}") from None
        for m, p in zip(wanted, peaks.tolist(), strict=True):
            out[m] = max(out.get(m, 0.0), float(p))
    return out


def _has_channel(name: str, present: Sequence[str]) -> bool:
    try:
        resolve_channels([name], present, "")
    except DataError:
        return False
    return True
