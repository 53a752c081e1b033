"""Turn a motion or EMG file into a :class:`Recording` for a logged set (read, analyse,
hash). Shared by ``mindmuscle log --motion/--emg``, ``mindmuscle attach``, the web upload and
the live motion stream. Only the analysis is kept; the file's bytes are hashed, not stored.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mindmuscle.errors import DataError, InputError
from mindmuscle.store.codec import tempo_to_json
from mindmuscle.store.records import Recording, measured_tempo_of

if TYPE_CHECKING:
    from mindmuscle.method.tempo import Tempo
    from mindmuscle.signals.motion import MotionAnalysis

__all__ = ["emg_recording", "file_sha256", "motion_recording", "motion_summary"]


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in chunks (EMG files can be large)."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    except OSError as exc:
        raise DataError(f"{path}: cannot be read ({exc.strerror}).") from None
    return digest.hexdigest()


def motion_summary(result: MotionAnalysis) -> dict[str, Any]:
    """The stored summary of a motion analysis: the contract JSON plus ``measured_tempo``."""
    summary = result.to_dict()
    summary["measured_tempo"] = tempo_to_json(measured_tempo_of(summary))
    return summary


def _direction(pattern: str | None) -> Any:
    if pattern is None:
        return None
    from mindmuscle.signals.motion import eccentric_for_pattern

    return eccentric_for_pattern(pattern)


def motion_recording(
    path: Path,
    *,
    recording_id: str,
    set_id: str,
    created_at: datetime,
    pattern: str | None = None,
    filename: str | None = None,
    fs: float | None = None,
    tempo: Tempo | None = None,
) -> Recording:
    """Analyse an IMU CSV (the generic one or an app export) for the set ``set_id``;
    ``pattern`` is the exercise's movement pattern (which way the eccentric goes), ``tempo``
    the set's prescription (the closing hold of a single rep, which no reading shows)."""
    from mindmuscle.signals.imu_readers import read_imu
    from mindmuscle.signals.motion import analyze_imu

    if not path.is_file():
        raise DataError(f"{path}: no such file.")
    rec = read_imu(path, fs=fs)
    result = analyze_imu(
        rec.acc,
        fs=rec.fs,
        eccentric=_direction(pattern),
        gaps=rec.gaps,
        gyro=rec.gyro,
        tempo=tempo,
    )
    return Recording(
        id=recording_id,
        set_id=set_id,
        kind="motion",
        filename=filename or path.name,
        sha256=file_sha256(path),
        created_at=created_at,
        summary=motion_summary(result),
    )


def emg_recording(
    path: Path,
    *,
    recording_id: str,
    set_id: str,
    created_at: datetime,
    target: str,
    accessory: str | None = None,
    filename: str | None = None,
    fs: float | None = None,
) -> Recording:
    """Analyse an EMG recording (CSV, EDF/BDF, C3D) with channel ``target`` and the comma
    list ``accessory``, with the default EMG settings, for the set ``set_id``."""
    from mindmuscle.signals.emg_analysis import analyze_emg
    from mindmuscle.signals.emg_io import read_recording
    from mindmuscle.signals.emg_map import build_map

    if not target or not target.strip():
        raise InputError("Name the target muscle's EMG channel (--target CH).")
    cmap = build_map(target, accessory)
    channels = [cmap.channel(m) for m in cmap.muscles]
    rec = read_recording(path, fs=fs, channels=channels)
    try:
        doc = analyze_emg(rec, cmap).to_json()
    except ValueError as exc:
        if isinstance(exc, InputError):
            raise
        raise DataError(f"{path.name}: {exc}") from None
    summary = {
        **doc["summary"],
        "channels": {"target": doc["target"], "accessory": doc["accessory"]},
        "units": doc["units"],
        "normalisation": doc["normalisation"],
        "duration": doc["duration"],
    }
    return Recording(
        id=recording_id,
        set_id=set_id,
        kind="emg",
        filename=filename or path.name,
        sha256=file_sha256(path),
        created_at=created_at,
        summary=summary,
    )
