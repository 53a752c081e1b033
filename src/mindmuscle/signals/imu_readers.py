"""Readers for IMU recordings: the generic CSV and the exports of common phone/watch apps.

Every reader returns an :class:`ImuRecording` on a uniform time grid (uneven sampling is
resampled; gaps are kept and reported, not silently bridged) with the accelerometer in
m/s^2 and the gyroscope, when there is one, in rad/s.

Recognised layouts (by header):

- generic: ``time, ax, ay, az[, gx, gy, gz]`` (s, m/s^2, rad/s)
- phyphox: ``"Time (s)","Acceleration x (m/s^2)",...`` (also "Linear Acceleration",
  "Gyroscope x (rad/s)")
- Sensor Logger: ``time`` (ns since epoch), ``seconds_elapsed``, ``z, y, x`` in
  ``Accelerometer.csv`` (gravity removed) / ``TotalAcceleration.csv`` / ``Gyroscope.csv``;
  sibling files in the same folder are picked up
- MbientLab MetaWear/MetaMotion: ``epoch (ms), time (...), elapsed (s), x-axis (g), ...``
  with the ``..._Gyroscope_...`` file (``x-axis (deg/s)``) beside the accelerometer file
- watch-style exports: a time column (s, ms or ns: detected) and acceleration in g
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np
from numpy.typing import NDArray

from mindmuscle.errors import DataError

__all__ = ["ImuRecording", "imu_from_arrays", "read_imu", "resample_uniform"]

Array = NDArray[np.float64]
G: Final = 9.80665
#: A gap is a pause in the samples longer than this many nominal sample intervals (and 0.2 s).
GAP_INTERVALS: Final = 3.0
_AXES: Final = ("x", "y", "z")


@dataclass(frozen=True, slots=True)
class ImuRecording:
    """Uniformly sampled IMU data: ``acc`` (n, 3) m/s^2, ``gyro`` (n, 3) rad/s or None."""

    acc: Array
    fs: float
    gyro: Array | None = None
    gaps: tuple[tuple[float, float], ...] = ()
    source: str = "arrays"
    gravity: bool = True


# ---------------------------------------------------------------- arrays


def resample_uniform(
    t: Array, values: Array, *, fs: float | None = None
) -> tuple[Array, float, tuple[tuple[float, float], ...]]:
    """Resample ``values`` (n, k) sampled at times ``t`` (s) onto a uniform grid from t=0.

    ``fs`` defaults to the median sampling rate. Returns the values, the rate and the gaps
    (start, end in s): pauses longer than 3 sample intervals (and 0.2 s), which are bridged
    linearly in the values but reported.
    """
    t = np.asarray(t, dtype=float)
    order = np.argsort(t, kind="stable")
    t, values = t[order], values[order]
    keep = np.concatenate([[True], np.diff(t) > 0])
    t, values = t[keep] - t[0], values[keep]
    dt = np.diff(t)
    rate = float(fs) if fs else 1.0 / float(np.median(dt))
    limit = max(GAP_INTERVALS / rate, 0.2)
    gaps = tuple((float(t[i]), float(t[i + 1])) for i in np.flatnonzero(dt > limit))
    grid = np.arange(int(np.floor(t[-1] * rate)) + 1) / rate
    out = np.stack([np.interp(grid, t, values[:, i]) for i in range(values.shape[1])], axis=1)
    return out, rate, gaps


def imu_from_arrays(
    acc: Array, *, fs: float | None = None, t: Array | None = None, gyro: Array | None = None
) -> ImuRecording:
    """An :class:`ImuRecording` from arrays: give ``fs`` (uniform) or ``t`` (s, any spacing)."""
    acc = np.asarray(acc, dtype=float)
    if acc.ndim != 2 or acc.shape[1] != 3 or acc.shape[0] < 2:
        raise ValueError(f"acc must have shape (n >= 2, 3), got {acc.shape}")
    both = acc if gyro is None else np.hstack([acc, np.asarray(gyro, dtype=float)])
    if t is None:
        if not fs or fs <= 0:
            raise ValueError("give the sampling rate fs (Hz) or the sample times t (s)")
        return _finish(both, float(fs), (), "arrays")
    values, rate, gaps = resample_uniform(np.asarray(t, dtype=float), both, fs=fs)
    return _finish(values, rate, gaps, "arrays")


def _finish(
    values: Array,
    fs: float,
    gaps: tuple[tuple[float, float], ...],
    source: str,
    gravity: bool | None = None,
) -> ImuRecording:
    acc = values[:, :3]
    gyro = values[:, 3:6] if values.shape[1] >= 6 else None
    med = float(np.median(np.linalg.norm(acc, axis=1)))
    return ImuRecording(acc, fs, gyro, gaps, source, (6 < med < 14) if gravity is None else gravity)


# ---------------------------------------------------------------- CSV parsing


def _table(path: Path) -> tuple[list[str], Array]:
    """Header and numeric body of a CSV file; DataError names the line and column."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: cannot be read as a text CSV file ({exc}).") from None
    sample = text[:4096]
    delim = ";" if sample.count(";") > sample.count(",") else ("\t" if "\t" in sample else ",")
    rows = [
        r for r in csv.reader(io.StringIO(text), delimiter=delim) if r and any(c.strip() for c in r)
    ]
    if len(rows) < 3:
        raise DataError(
            f"{path}: has {max(0, len(rows) - 1)} data row(s); expected a header row "
            "and at least 2 rows of samples."
        )
    header = [h.strip() for h in rows[0]]
    body = np.empty((len(rows) - 1, len(header)))
    for i, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            raise DataError(
                f"{path}, line {i}: has {len(row)} field(s); expected {len(header)} "
                "as in the header."
            )
        for j, cell in enumerate(row):
            body[i - 2, j] = _number(cell, path, i, header[j])
    return header, body


def _number(cell: str, path: Path, line: int, column: str) -> float:
    text = cell.strip()
    try:
        value = float(text) if text else float("nan")
    except ValueError:
        raise DataError(
            f"{path}, line {line}, column {column!r}: {text[:30]!r} is not a number."
        ) from None
    if np.isinf(value):
        raise DataError(f"{path}, line {line}, column {column!r}: {text[:30]!r} is not finite.")
    return value


def _find(header: list[str], patterns: tuple[str, ...]) -> int | None:
    low = [h.lower() for h in header]
    for pat in patterns:
        rx = re.compile(pat)
        for i, h in enumerate(low):
            if rx.fullmatch(h):
                return i
    return None


_TIME: Final = (
    r"seconds_elapsed",
    r"elapsed \(s\)",
    r"time \(s\)",
    r"time",
    r"t",
    r"timestamp.*",
    r"time.*",
    r"epoch \(ms\)",
    r"epoch.*",
    r"loggingtime.*",
    r".*timestamp.*",
)


def _axis_columns(header: list[str], kind: str) -> list[int] | None:
    """Columns of x, y, z for ``kind`` 'acc' or 'gyro', by the names used by common apps."""
    out = []
    for ax in _AXES:
        pats: tuple[str, ...]
        if kind == "acc":
            pats = (
                rf"a{ax}",
                rf"acc_?{ax}",
                rf"acceleration {ax} \(m/s\^2\)",
                rf"acceleration {ax}.*",
                rf"{ax}-axis \(g\)",
                rf"{ax}",
                rf"accel.*{ax}.*",
                rf".*acceleration ?{ax}.*",
                rf"linear acceleration {ax}.*",
            )
        else:
            pats = (
                rf"g{ax}",
                rf"gyro_?{ax}",
                rf"gyroscope {ax}.*",
                rf"{ax}-axis \(deg/s\)",
                rf"rotation.*{ax}.*",
                rf".*gyro.*{ax}.*",
                rf".*rotationrate ?{ax}.*",
            )
            if kind == "gyro-file":  # a file of its own: plain x, y, z
                pats += (rf"{ax}", rf"{ax}-axis.*")
        i = _find(header, pats)
        if i is None:
            return None
        out.append(i)
    return out if len(set(out)) == 3 else None


def _seconds(t: Array, name: str) -> Array:
    """Time in seconds from the first sample; the unit comes from the name or the spacing."""
    t = t - t[0]
    low = name.lower()
    if "(ms)" in low or low.endswith("_ms"):
        return t / 1e3
    if "(ns)" in low or low.endswith("_ns"):
        return t / 1e9
    if "(s)" in low or "seconds" in low:
        return t
    step = float(np.median(np.diff(t))) if t.size > 1 else 0.0
    for scale in (1.0, 1e3, 1e6, 1e9):  # s, ms, us, ns: 10 Hz-2 kHz lands in [5e-4, 0.5)
        if step < 0.5 * scale:
            return t / scale
    return t / 1e9


def _acc_scale(header: list[str], cols: list[int], acc: Array) -> float:
    names = " ".join(header[i].lower() for i in cols)
    if "(g)" in names or "_g" in names or "(g)" in names.replace(" ", ""):
        return G
    if "m/s" in names:
        return 1.0
    med = float(np.nanmedian(np.linalg.norm(acc, axis=1)))
    return G if 0.5 < med < 1.5 else 1.0


def _gyro_scale(header: list[str], cols: list[int]) -> float:
    names = " ".join(header[i].lower() for i in cols)
    return np.pi / 180 if ("deg" in names or "dps" in names) else 1.0


# ---------------------------------------------------------------- files


def _sibling(path: Path, name_from: str, name_to: str) -> Path | None:
    if name_from.lower() not in path.name.lower():
        return None
    idx = path.name.lower().index(name_from.lower())
    stem = path.name[:idx] + name_to + path.name[idx + len(name_from) :]
    exact = path.with_name(stem)
    if exact.is_file():
        return exact
    prefix = path.name[:idx] + name_to
    found = sorted(p for p in path.parent.glob(prefix + "*.csv") if p != path)
    return found[0] if found else None


def _read_one(path: Path, kind: str, fs: float | None) -> tuple[Array, Array, list[str]]:
    """Times (s) and values (n, 3) in SI units of one CSV file."""
    header, body = _table(path)
    cols = _axis_columns(header, kind)
    if cols is None:
        wanted = "ax, ay, az" if kind == "acc" else "gx, gy, gz"
        raise DataError(
            f"{path}, line 1: no {'accelerometer' if kind == 'acc' else 'gyroscope'} "
            f"columns in the header; expected e.g. {wanted} (or an app's export)."
        )
    values = body[:, cols]
    ti = _find(header, _TIME)
    if ti is not None and ti not in cols:
        t = _seconds(body[:, ti], header[ti])
    elif fs:
        t = np.arange(body.shape[0]) / fs
    else:
        raise DataError(f"{path}, line 1: no time column; expected 'time' in seconds or give --fs.")
    bad = ~np.isfinite(values).all(axis=1) | ~np.isfinite(t)
    if bad.all():
        raise DataError(f"{path}: no row has numbers in every column of {header[cols[0]]!r}.")
    t, values = t[~bad], values[~bad]
    if np.unique(t).size < 2:
        raise DataError(
            f"{path}, column {header[ti] if ti is not None else 'time'!r}: "
            "all samples have the same time; expected increasing times."
        )
    scale = _acc_scale(header, cols, values) if kind == "acc" else _gyro_scale(header, cols)
    return t, values * scale, header


def read_imu(path: str | Path, *, fs: float | None = None) -> ImuRecording:
    """Read an IMU recording (format detected from the header); see the module docstring.

    ``fs`` is needed only for files without a time column. Raises :class:`DataError` with
    one sentence naming the file, line and column when the file cannot be used.
    """
    path = Path(path)
    if path.is_dir():
        total = path / "TotalAcceleration.csv"
        path = total if total.is_file() else path / "Accelerometer.csv"
    acc_path = path
    gravity: bool | None = None
    if (
        path.name.lower() == "accelerometer.csv"
        and (path.parent / "TotalAcceleration.csv").is_file()
    ):
        acc_path = path.parent / "TotalAcceleration.csv"
    t, acc, header = _read_one(acc_path, "acc", fs)
    if acc_path.name.lower() == "accelerometer.csv" and "seconds_elapsed" in [
        h.lower() for h in header
    ]:
        gravity = False  # Sensor Logger's Accelerometer.csv has gravity removed
    if any("linear acceleration" in h.lower() for h in header):
        gravity = False
    gyro_path = _sibling(acc_path, "TotalAcceleration", "Gyroscope") or _sibling(
        acc_path, "Accelerometer", "Gyroscope"
    )
    values = acc
    if _axis_columns(header, "gyro") is not None:
        _, gyro, _ = _read_one(acc_path, "gyro", fs)
        values = np.hstack([acc, gyro])
    elif gyro_path is not None:
        tg, gyro, _ = _read_one(gyro_path, "gyro-file", fs)
        values = np.hstack([acc, np.stack([np.interp(t, tg, gyro[:, i]) for i in range(3)], 1)])
    out, rate, gaps = resample_uniform(t, values, fs=None)
    if rate < 5:
        raise DataError(f"{path}: sampled at {rate:.2g} Hz; expected at least 10 Hz.")
    return _finish(out, rate, gaps, _source(header), gravity)


def _source(header: list[str]) -> str:
    low = [h.lower() for h in header]
    if "seconds_elapsed" in low:
        return "sensor-logger"
    if any(h.startswith("epoch (ms)") for h in low):
        return "metawear"
    if any("(m/s^2)" in h for h in low):
        return "phyphox"
    return "csv"
