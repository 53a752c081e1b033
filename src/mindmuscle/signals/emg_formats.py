"""Binary EMG formats: EDF/EDF+/BDF (pyedflib) and C3D analog channels (ezc3d).

Only the channels asked for are read (an hour of 32 channels need not all be loaded),
and they must share one sampling rate. Values are the physical values in float32.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from mindmuscle.errors import DataError
from mindmuscle.signals.emg_io import Recording, nan_gaps, resolve_channels

__all__ = ["read_c3d", "read_edf"]


def _common_rate(rates: list[float], names: list[str], source: str) -> float:
    if len(set(rates)) > 1:
        listing = ", ".join(f"{n!r} at {r:g} Hz" for n, r in zip(names, rates, strict=True))
        raise DataError(
            f"{source}: the channels asked for have different sampling rates ({listing}); "
            "analyse channels of one rate together."
        )
    return rates[0]


def _open_edf(path: Path) -> Any:
    import pyedflib

    try:
        return pyedflib.EdfReader(str(path))
    except OSError as exc:
        reason = str(exc).strip().rstrip(".") or "not a valid EDF/BDF file"
        raise DataError(f"{path}: cannot be read as EDF/BDF ({reason}).") from None


def read_edf(path: Path, *, channels: Sequence[str] | None = None) -> Recording:
    """Read EDF, EDF+ or BDF signals (annotations are skipped)."""
    reader = _open_edf(path)
    try:
        labels = [str(lab).strip() for lab in reader.getSignalLabels()]
        idx = (
            resolve_channels(channels, labels, str(path))
            if channels is not None
            else list(range(len(labels)))
        )
        if not idx:
            raise DataError(f"{path}: holds no signals.")
        names = [labels[i] for i in idx]
        fs = _common_rate([float(reader.getSampleFrequency(i)) for i in idx], names, str(path))
        data = np.empty((len(idx), int(reader.getNSamples()[idx[0]])), dtype=np.float32)
        for row, i in enumerate(idx):
            data[row] = _edf_signal(reader, i, data.shape[1])
        units = tuple(str(reader.getPhysicalDimension(i)).strip() or None for i in idx)
    finally:
        reader.close()
    return Recording(str(path), fs, tuple(names), units, data, tuple(nan_gaps(data, names, fs=fs)))


def _edf_signal(reader: Any, i: int, n: int) -> npt.NDArray[np.float32]:
    """Digital samples scaled to physical values in float32 (cheaper than float64 reads)."""
    digital = reader.readSignal(i, digital=True)[:n]
    dmin, dmax = float(reader.getDigitalMinimum(i)), float(reader.getDigitalMaximum(i))
    pmin, pmax = float(reader.getPhysicalMinimum(i)), float(reader.getPhysicalMaximum(i))
    gain = (pmax - pmin) / (dmax - dmin) if dmax != dmin else 1.0
    out: npt.NDArray[np.float32] = digital.astype(np.float32)
    out -= np.float32(dmin)
    out *= np.float32(gain)
    out += np.float32(pmin)
    return out


def read_c3d(path: Path, *, channels: Sequence[str] | None = None) -> Recording:
    """Read the analog channels of a C3D file (ezc3d applies scale and offset)."""
    import ezc3d

    try:
        c3d = ezc3d.c3d(str(path))
    except Exception as exc:  # ezc3d raises plain RuntimeError/IOError with C++ messages
        reason = str(exc).strip().rstrip(".") or "not a valid C3D file"
        raise DataError(f"{path}: cannot be read as C3D ({reason}).") from None
    analog = c3d["parameters"].get("ANALOG", {})
    labels = [str(s).strip() for s in analog.get("LABELS", {}).get("value", [])]
    values = np.asarray(c3d["data"]["analogs"], dtype=np.float32)
    if not labels or values.size == 0:
        raise DataError(f"{path}: holds no analog channels (expected EMG as C3D analogs).")
    values = values.reshape(values.shape[-2], values.shape[-1])
    idx = (
        resolve_channels(channels, labels, str(path))
        if channels is not None
        else list(range(len(labels)))
    )
    fs = float(np.asarray(analog["RATE"]["value"]).ravel()[0])
    units_all = [str(u).strip() or None for u in analog.get("UNITS", {}).get("value", [])]
    units = tuple(units_all[i] if i < len(units_all) else None for i in idx)
    names = [labels[i] for i in idx]
    data = np.ascontiguousarray(values[idx])
    return Recording(str(path), fs, tuple(names), units, data, tuple(nan_gaps(data, names, fs=fs)))
