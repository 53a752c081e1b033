"""The EMG processing pipeline: each step a small function in physical units, ``fs`` required.

Steps, in order (:func:`emg_envelope` runs them all, chunked and threaded):

1. :func:`remove_dc` - subtract each channel's mean;
2. :func:`bandpass` - zero-phase Butterworth band-pass, default 20-450 Hz, 4th order
   (the high cut is lowered to ``0.45 * fs`` with a note when the rate cannot carry it);
3. :func:`notch` - optional zero-phase notch at 50 or 60 Hz and its harmonics;
4. :func:`rectify` - full-wave rectification;
5. an envelope: :func:`moving_rms` (default, 100 ms, by a cumulative sum of squares) or
   :func:`linear_envelope` (rectify, then zero-phase low-pass).

Notes about a filter that had to be adapted are returned, never printed.

Chunking. ``sosfiltfilt`` is non-causal, so a chunk cannot carry filter state forward
the way ``sosfilt(zi=...)`` does. Instead each chunk is filtered together with
``pad`` real samples on both sides and the padding is cut away afterwards. ``pad`` is
chosen from the slowest pole of the filter cascade (:func:`transient_samples`): after
that many samples the start-up transient of either pass has decayed below ``1e-7`` of
its size, so the kept samples equal the whole-record result to float32 precision.
At the ends of the record the chunk starts or stops exactly where the record does, so
``sosfiltfilt``'s own edge handling is the same as for the whole record.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

__all__ = [
    "EmgSettings",
    "FilterDesign",
    "Progress",
    "bandpass",
    "design_filters",
    "emg_envelope",
    "envelope_peak",
    "linear_envelope",
    "moving_rms",
    "notch",
    "notch_sos",
    "rectify",
    "remove_dc",
    "transient_samples",
    "window_samples",
]

Array = npt.NDArray[np.floating]
Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` in samples x channels, from the calling thread."""

_DEFAULT_CHUNK = 1 << 18
_TRANSIENT_TOL = 1e-7


@dataclass(frozen=True, slots=True)
class EmgSettings:
    """Processing settings; every duration in seconds and every frequency in Hz."""

    low_hz: float = 20.0
    high_hz: float = 450.0
    order: int = 4
    notch_hz: Literal[50, 60] | None = None
    notch_q: float = 30.0
    envelope: Literal["rms", "linear"] = "rms"
    window_s: float = 0.1
    lowpass_hz: float = 6.0


@dataclass(frozen=True, slots=True)
class FilterDesign:
    """The signal filter (band-pass and notches as one SOS cascade) and what was adapted."""

    sos: npt.NDArray[np.float64]
    low_hz: float
    high_hz: float
    notes: tuple[str, ...]


def remove_dc(x: Array) -> Array:
    """Subtract each channel's mean (last axis is time); NaN samples are ignored.

    >>> remove_dc(np.array([1.0, 2.0, 3.0])).tolist()
    [-1.0, 0.0, 1.0]
    """
    mean = np.nanmean(x, axis=-1, keepdims=True) if x.shape[-1] else 0.0
    return np.subtract(x, mean, dtype=x.dtype)


def _bandpass_sos(
    low_hz: float, high_hz: float, *, fs: float, order: int
) -> tuple[npt.NDArray[np.float64], float, list[str]]:
    from scipy import signal

    if fs <= 0:
        raise ValueError(f"The sampling rate must be positive, got fs={fs} Hz.")
    notes: list[str] = []
    nyquist_safe = 0.45 * fs
    if high_hz > nyquist_safe:
        notes.append(
            f"The band-pass high cut of {high_hz:g} Hz is above what {fs:g} Hz sampling "
            f"can carry; it was lowered to {nyquist_safe:g} Hz (0.45 x fs)."
        )
        high_hz = nyquist_safe
    if not 0 < low_hz < high_hz:
        raise ValueError(
            f"The band-pass needs 0 < low < high, got low={low_hz:g} Hz and high={high_hz:g} Hz "
            f"(fs={fs:g} Hz)."
        )
    sos = signal.butter(order, [low_hz, high_hz], btype="bandpass", output="sos", fs=fs)
    return np.asarray(sos, dtype=np.float64), high_hz, notes


def notch_sos(
    freq_hz: float, *, fs: float, q: float = 30.0, below_hz: float | None = None
) -> npt.NDArray[np.float64]:
    """SOS of notches at ``freq_hz`` and its harmonics below ``below_hz`` (default 0.45*fs)."""
    from scipy import signal

    limit = 0.45 * fs if below_hz is None else min(below_hz, 0.45 * fs)
    if not 0 < freq_hz < limit:
        raise ValueError(f"A notch at {freq_hz:g} Hz is outside 0..{limit:g} Hz (fs={fs:g} Hz).")
    sections = []
    for k in range(1, int(limit // freq_hz) + 1):
        b, a = signal.iirnotch(k * freq_hz, q, fs=fs)
        sections.append(signal.tf2sos(b, a))
    return np.vstack(sections).astype(np.float64)


def design_filters(settings: EmgSettings, *, fs: float) -> FilterDesign:
    """The band-pass (and notches) of ``settings`` at ``fs``, adapted to the rate if needed."""
    sos, high, notes = _bandpass_sos(settings.low_hz, settings.high_hz, fs=fs, order=settings.order)
    if settings.notch_hz is not None:
        sos = np.vstack(
            [sos, notch_sos(settings.notch_hz, fs=fs, q=settings.notch_q, below_hz=high)]
        )
    return FilterDesign(sos, settings.low_hz, high, tuple(notes))


def _zero_phase(x: Array, sos: npt.NDArray[np.float64]) -> Array:
    from scipy import signal

    coeffs = sos.astype(np.float32) if x.dtype == np.float32 else sos
    return np.asarray(signal.sosfiltfilt(coeffs, x, axis=-1), dtype=x.dtype)


def bandpass(
    x: Array, *, fs: float, low_hz: float = 20.0, high_hz: float = 450.0, order: int = 4
) -> Array:
    """Zero-phase Butterworth band-pass along the last axis (``high_hz`` capped at 0.45*fs).

    Raises ``ValueError`` naming the values when ``low_hz >= high_hz``.
    """
    sos, _, _ = _bandpass_sos(low_hz, high_hz, fs=fs, order=order)
    return _zero_phase(x, sos)


def notch(x: Array, *, fs: float, freq_hz: Literal[50, 60], q: float = 30.0) -> Array:
    """Zero-phase notch at mains ``freq_hz`` and its harmonics below 0.45*fs."""
    return _zero_phase(x, notch_sos(freq_hz, fs=fs, q=q))


def rectify(x: Array) -> Array:
    """Full-wave rectification: the absolute value."""
    return np.abs(x)


def window_samples(window_s: float, *, fs: float) -> int:
    """A window of ``window_s`` seconds in samples (at least 1), e.g. 0.1 s at 2 kHz -> 200."""
    if window_s <= 0:
        raise ValueError(f"The envelope window must be positive, got {window_s:g} s.")
    return max(1, round(window_s * fs))


def moving_rms(x: Array, *, fs: float, window_s: float = 0.1) -> Array:
    """Centred moving RMS over ``window_s`` seconds, by a float64 cumulative sum of squares.

    Near the ends of the record the window is cut short and the mean is taken over the
    samples it holds, so a constant signal has a constant envelope.
    """
    n = x.shape[-1]
    width = min(window_samples(window_s, fs=fs), max(n, 1))
    csum = np.zeros((*x.shape[:-1], n + 1), dtype=np.float64)
    csum[..., 1:] = x
    np.square(csum, out=csum)
    np.cumsum(csum, axis=-1, out=csum)
    left = width // 2
    # window of sample i: [i - left, i - left + width), cut to [0, n) near the ends
    sums = np.empty((*x.shape[:-1], n), dtype=np.float64)
    np.subtract(
        csum[..., width:], csum[..., : n + 1 - width], out=sums[..., left : left + n + 1 - width]
    )
    head = np.arange(left)
    sums[..., :left] = csum[..., head - left + width]
    tail = np.arange(left + n + 1 - width, n)
    sums[..., tail] = csum[..., n : n + 1] - csum[..., tail - left]
    counts_head = (head - left + width).astype(np.float64)
    counts_tail = (n - (tail - left)).astype(np.float64)
    sums[..., left : left + n + 1 - width] *= 1.0 / width
    sums[..., :left] /= counts_head
    sums[..., tail] /= counts_tail
    np.maximum(sums, 0.0, out=sums)
    return np.sqrt(sums, out=sums).astype(x.dtype, copy=False)


def linear_envelope(x: Array, *, fs: float, cutoff_hz: float = 6.0, order: int = 2) -> Array:
    """Full-wave rectify, then a zero-phase Butterworth low-pass at ``cutoff_hz``."""
    return _zero_phase(rectify(x), _lowpass_sos(cutoff_hz, fs=fs, order=order))


def _lowpass_sos(cutoff_hz: float, *, fs: float, order: int) -> npt.NDArray[np.float64]:
    from scipy import signal

    if not 0 < cutoff_hz < fs / 2:
        raise ValueError(
            f"The envelope low-pass must be in 0..{fs / 2:g} Hz, got {cutoff_hz:g} Hz."
        )
    return np.asarray(signal.butter(order, cutoff_hz, output="sos", fs=fs), dtype=np.float64)


def transient_samples(sos: npt.NDArray[np.float64], tol: float = _TRANSIENT_TOL) -> int:
    """Samples after which the filter's start-up transient has decayed below ``tol``.

    From the slowest pole radius ``r``: ``r**n < tol``; doubled as a margin for repeated
    poles and the gain of the sections.
    """
    from scipy import signal

    radius = max(float(np.max(np.abs(signal.sos2zpk(sos)[1]))), 1e-12)
    if radius >= 1:
        raise ValueError("The filter is unstable (a pole on or outside the unit circle).")
    return 2 * math.ceil(math.log(tol) / math.log(radius)) + 3 * (2 * len(sos) + 1)


def _channel_means(data: Array) -> npt.NDArray[np.float32]:
    """Each channel's mean as a (channels, 1) float32 column; NaN samples (gaps) ignored."""
    mean = np.mean(data, axis=-1, keepdims=True, dtype=np.float64)
    if not np.isfinite(mean).all():
        mean = np.nanmean(data, axis=-1, keepdims=True, dtype=np.float64)
    return np.asarray(np.nan_to_num(mean), dtype=np.float32)


@dataclass(frozen=True, slots=True)
class _Plan:
    sos: npt.NDArray[np.float64]
    envelope: Literal["rms", "linear"]
    env_sos: npt.NDArray[np.float64] | None
    window_s: float
    fs: float
    pad_signal: int
    pad_envelope: int


def _make_plan(settings: EmgSettings, design: FilterDesign, *, fs: float) -> _Plan:
    if settings.envelope == "rms":
        half = window_samples(settings.window_s, fs=fs)
        return _Plan(
            design.sos, "rms", None, settings.window_s, fs, transient_samples(design.sos), half
        )
    env_sos = _lowpass_sos(settings.lowpass_hz, fs=fs, order=2)
    return _Plan(
        design.sos,
        "linear",
        env_sos,
        settings.window_s,
        fs,
        transient_samples(design.sos),
        transient_samples(env_sos),
    )


def _process_span(data: Array, mean: Array, start: int, stop: int, plan: _Plan) -> Array:
    """Envelope of samples ``start:stop`` of every channel, computed with real context."""
    n = data.shape[-1]
    inner_lo = max(0, start - plan.pad_envelope)
    inner_hi = min(n, stop + plan.pad_envelope)
    outer_lo = max(0, inner_lo - plan.pad_signal)
    outer_hi = min(n, inner_hi + plan.pad_signal)
    seg = np.subtract(data[..., outer_lo:outer_hi], mean, dtype=np.float32)
    if np.isnan(seg).any():
        np.nan_to_num(seg, copy=False)
    filtered = _zero_phase(seg, plan.sos)[..., inner_lo - outer_lo : inner_hi - outer_lo]
    if plan.envelope == "rms":
        env = moving_rms(filtered, fs=plan.fs, window_s=plan.window_s)
    else:
        assert plan.env_sos is not None
        # a few-Hz low-pass has poles too close to 1 for float32 recursion: float64 here
        rect = rectify(filtered).astype(np.float64)
        env = _zero_phase(rect, plan.env_sos).astype(np.float32)
    return env[..., start - inner_lo : stop - inner_lo]


def emg_envelope(
    data: Array,
    *,
    fs: float,
    settings: EmgSettings | None = None,
    chunk_samples: int | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
) -> tuple[npt.NDArray[np.float32], FilterDesign]:
    """The envelope of every channel of ``data`` (channels x samples), in its units.

    DC removal, band-pass (+ notch), rectification and envelope, computed in float32 in
    chunks of ``chunk_samples`` (default 2**18, at least 8 filter transients) on a thread
    pool of ``workers`` threads (default: one per CPU) over channels and chunks; scipy's
    filters release the GIL. NaN samples (gaps) count as the baseline (0 after DC removal).
    Returns the envelope (float32, same shape) and the filter design with its notes.
    """
    settings = settings or EmgSettings()
    data2 = np.atleast_2d(data)
    design = design_filters(settings, fs=fs)
    plan = _make_plan(settings, design, fs=fs)
    n_ch, n = data2.shape
    out = np.empty((n_ch, n), dtype=np.float32)
    if n == 0:
        return out.reshape(np.shape(data)), design
    mean = _channel_means(data2)
    size = max(chunk_samples or _DEFAULT_CHUNK, 8 * (plan.pad_signal + plan.pad_envelope), 1)
    spans = [(c, a, min(n, a + size)) for c in range(n_ch) for a in range(0, n, size)]

    def work(span: tuple[int, int, int]) -> int:
        c, a, b = span
        out[c, a:b] = _process_span(data2[c], mean[c], a, b, plan)
        return b - a

    n_workers = max(1, workers or os.cpu_count() or 1)
    done = 0
    with ThreadPoolExecutor(max_workers=n_workers) as pool:
        for count in pool.map(work, spans):
            done += count
            if progress is not None:
                progress(done, n_ch * n)
    return out.reshape(np.shape(data)), design


def envelope_peak(
    data: Array, *, fs: float, settings: EmgSettings | None = None, workers: int | None = None
) -> npt.NDArray[np.float64]:
    """The peak of each channel's envelope: the MVC value of an MVC reference recording."""
    env, _ = emg_envelope(data, fs=fs, settings=settings, workers=workers)
    return np.asarray(np.max(np.atleast_2d(env), axis=-1), dtype=np.float64)
