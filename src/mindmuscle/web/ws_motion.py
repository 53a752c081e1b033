"""Live motion measurement (issue 6): the Coach page streams phone motion samples over
``/ws/motion/{session_id}``; after each batch the server re-analyses the last
:data:`WINDOW_S` seconds with :mod:`mindmuscle.signals.motion` and sends a ``rep`` event for
each new complete rep; at the end it attaches the whole stream to the logged set.

Messages from the page (JSON)::

    {"type": "start", "tempo": {"eccentric": 3, ...} | "3-0-1-1" | null, "exercise": "squat"}
    {"type": "samples", "samples": [[t, ax, ay, az, gx, gy, gz], ...]}   # t in s, m/s^2, rad/s
    {"type": "end", "set_id": "..."}      # after logging the set; or "set_id": null to drop it

Messages to the page: ``{"type": "rep", "rep": n, "phases": {...}, "feedback": "..."}``,
``{"type": "attached", ...}`` and ``{"type": "error", "error": {"message", "field"}}``.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from mindmuscle.errors import InputError, MindMuscleError
from mindmuscle.method.tempo import PHASES, Phase, Tempo
from mindmuscle.store.records import Recording

__all__ = ["WINDOW_S", "LiveMotion", "feedback", "router"]

#: Seconds of the stream re-analysed after each batch (keeps each batch cheap).
WINDOW_S: Final = 20.0
#: A rep counts as complete when it ended this long before the newest sample.
SETTLE_S: Final = 0.3
#: Phases this close to the prescription (s) are "on tempo".
TOLERANCE_S: Final = 0.5
MAX_SAMPLES: Final = 200_000  # about an hour at 50 Hz

router = APIRouter()


def feedback(phases: Mapping[Phase, float], tempo: Tempo | None) -> str:
    """The phase furthest off the prescription, e.g. ``"eccentric 1.8 s - slower"``."""
    if tempo is None:
        return f"eccentric {phases['eccentric']:.1f} s"
    off = {p: phases[p] - tempo.phase(p) for p in PHASES if p not in tempo.explosive}
    worst: Phase = max(off, key=lambda p: abs(off[p]), default="eccentric")
    if abs(off.get(worst, 0.0)) <= TOLERANCE_S:
        return "on tempo"
    advice = "slower" if off[worst] < 0 else "faster"
    return f"{worst} {phases[worst]:.1f} s - {advice}"


@dataclass
class LiveMotion:
    """The incremental analysis of one streamed set (pure: no I/O, testable without a socket)."""

    tempo: Tempo | None = None
    eccentric: Any = None
    samples: list[list[float]] = field(default_factory=list)
    last_end: float = -1.0
    count: int = 0

    def add(self, batch: list[list[float]]) -> list[dict[str, Any]]:
        """Append samples; return the rep events of reps completed since the last batch."""
        for row in batch:
            if len(row) not in (4, 7) or not all(isinstance(v, int | float) for v in row):
                raise InputError(
                    "Each sample must be [t, ax, ay, az] or [t, ax, ay, az, gx, gy, gz]."
                )
        if len(self.samples) + len(batch) > MAX_SAMPLES:
            raise InputError(f"The stream is longer than {MAX_SAMPLES} samples; end the set.")
        self.samples.extend([list(map(float, r[:7])) for r in batch])
        if len(self.samples) < 20:
            return []
        now = self.samples[-1][0]
        start = np.searchsorted(self._times(), now - WINDOW_S)
        result = self._analyse(self.samples[int(start) :])
        if result is None:
            return []
        offset, analysis = result
        events = []
        for rep in analysis.reps:
            begin, end = offset + rep.start, offset + rep.end
            if end > now - SETTLE_S or begin < self.last_end - TOLERANCE_S:
                continue
            self.last_end, self.count = end, self.count + 1
            phases = {p: round(rep.phases[p], 2) for p in PHASES}
            events.append(
                {"type": "rep", "rep": self.count, "start": round(begin, 2),
                 "end": round(end, 2), "phases": phases, "feedback": feedback(phases, self.tempo)}
            )  # fmt: skip
        return events

    def _times(self) -> np.ndarray[Any, np.dtype[np.float64]]:
        return np.fromiter((r[0] for r in self.samples), float, len(self.samples))

    def _analyse(self, rows: list[list[float]]) -> tuple[float, Any] | None:
        from mindmuscle.signals.imu_readers import imu_from_arrays
        from mindmuscle.signals.motion import analyze_imu

        data = np.asarray([r[:4] for r in rows], float)
        if data.shape[0] < 20 or np.ptp(data[:, 0]) < 1.0:
            return None
        rec = imu_from_arrays(data[:, 1:4], t=data[:, 0])
        offset = float(np.min(data[:, 0]))
        return offset, analyze_imu(rec.acc, fs=rec.fs, eccentric=self.eccentric, gaps=rec.gaps)

    def recording(self, *, set_id: str, session_id: str, created_at: Any) -> Recording:
        """The whole stream, analysed, as a motion recording of ``set_id``."""
        from mindmuscle.store.recording_files import motion_summary

        result = self._analyse(self.samples)
        if result is None:
            raise InputError("The stream is too short to analyse (under a second of motion).")
        text = "\n".join(",".join(f"{v:.6g}" for v in r[:4]) for r in self.samples)
        return Recording(
            id=str(uuid.uuid4()),
            set_id=set_id,
            kind="motion",
            filename=f"live-{session_id}.csv",
            sha256=hashlib.sha256(("time,ax,ay,az\n" + text).encode()).hexdigest(),
            created_at=created_at,
            summary=motion_summary(result[1]),
        )


def _start(message: dict[str, Any], catalog: Any) -> LiveMotion:
    from mindmuscle.signals.motion import eccentric_for_pattern
    from mindmuscle.store.codec import tempo_from_json

    raw = message.get("tempo")
    tempo = Tempo.parse(raw) if isinstance(raw, str) else tempo_from_json(raw, where="tempo")
    exercise = message.get("exercise")
    known = catalog.exercises.get(exercise) if isinstance(exercise, str) else None
    return LiveMotion(tempo, None if known is None else eccentric_for_pattern(known.pattern))


def _error(exc: MindMuscleError, field_name: str | None = None) -> dict[str, Any]:
    return {"type": "error", "error": {"message": str(exc), "field": field_name}}


@router.websocket("/ws/motion/{session_id}")
async def motion_socket(websocket: WebSocket, session_id: str) -> None:
    """Stream a set's motion; see the module docstring for the messages."""
    from starlette.concurrency import run_in_threadpool

    from mindmuscle.web.runtime import runtime

    rt = runtime(websocket)
    await websocket.accept()
    live: LiveMotion | None = None
    try:
        while True:
            message = await websocket.receive_json()
            kind = message.get("type") if isinstance(message, dict) else None
            try:
                if kind == "start":
                    live = _start(message, rt.catalog)
                    await websocket.send_json({"type": "started"})
                elif kind == "samples" and live is not None:
                    for event in await run_in_threadpool(live.add, message.get("samples") or []):
                        await websocket.send_json(event)
                elif kind == "end" and live is not None:
                    await websocket.send_json(
                        await run_in_threadpool(_finish, rt, live, message, session_id)
                    )
                    live = None
                else:
                    raise InputError(f"Unexpected message type {kind!r}; send start, samples, end.")
            except MindMuscleError as exc:
                await websocket.send_json(_error(exc, "type"))
    except WebSocketDisconnect:
        return


def _finish(rt: Any, live: LiveMotion, message: dict[str, Any], session_id: str) -> dict[str, Any]:
    set_id = message.get("set_id")
    if not set_id:
        return {"type": "ended", "reps": live.count}
    recording = live.recording(set_id=str(set_id), session_id=session_id, created_at=rt.now())
    with rt.writing():
        stored, result = rt.repo.attach_recording(recording)
    return {
        "type": "attached",
        "recording_id": stored.id,
        "set_id": stored.set_id,
        "result": result,
        "rep_count": stored.summary.get("rep_count", 0),
        "measured_tempo": stored.summary.get("measured_tempo"),
    }
