"""Live motion measurement (issue 6): the socket adapter of :mod:`mindmuscle.signals.live_motion`.

The Coach page streams the phone's motion samples over ``/ws/motion/{session_id}`` while a
set runs; the core (:class:`~mindmuscle.signals.live_motion.LiveMotion`) finds the reps and
this module only parses messages, sends the rep events back and, when the set is logged,
attaches the whole stream to it as a motion :class:`~mindmuscle.store.records.Recording`.

Messages from the page (JSON)::

    {"type": "start", "tempo": {"eccentric": 3, ...} | "3-0-1-1" | null, "exercise": "squat"}
    {"type": "samples", "samples": [[t, ax, ay, az, gx, gy, gz], ...]}   # t in s, m/s^2, rad/s
    {"type": "stop"}                      # the set is over: report the last rep
    {"type": "end", "set_id": "..."}      # after the set is stored; "set_id": null drops it

Messages to the page: ``{"type": "rep", "rep": n, "start", "end", "phases": {...},
"feedback": "..."}``, ``{"type": "stopped", "reps": n, "rep_count": n}`` (``reps`` counted
live, ``rep_count`` from the whole stream), ``{"type": "attached", "set_id", "recording_id",
"rep_count", "measured_tempo", ...}``, ``{"type": "ended", ...}`` and
``{"type": "error", "error": {"message", "field"}}``. ``end`` without ``stop`` stops first.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import datetime
from typing import Any

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from mindmuscle.errors import InputError, MindMuscleError
from mindmuscle.method.tempo import Tempo
from mindmuscle.signals.live_motion import LiveMotion, LiveRep
from mindmuscle.store.records import Recording

__all__ = ["live_recording", "router"]

router = APIRouter()


def live_recording(
    live: LiveMotion, *, set_id: str, session_id: str, created_at: datetime
) -> Recording:
    """The whole stream of ``live``, analysed, as a motion recording of the set ``set_id``."""
    from mindmuscle.store.recording_files import motion_summary

    result = live.analysis()
    if result is None:
        raise InputError("The motion stream is too short to analyse (under a second of motion).")
    return Recording(
        id=str(uuid.uuid4()),
        set_id=set_id,
        kind="motion",
        filename=f"live-{session_id}.csv",
        sha256=hashlib.sha256(live.csv_text().encode()).hexdigest(),
        created_at=created_at,
        summary=motion_summary(result),
    )


class _Stream:
    """One socket's set: the core analysis and whether the set is over."""

    def __init__(self, live: LiveMotion) -> None:
        self.live = live
        self.stopped: dict[str, Any] | None = None

    def add(self, batch: object) -> list[dict[str, Any]]:
        if self.stopped is not None:
            raise InputError("The set is stopped; send end, or start the next set.")
        return [_rep(r) for r in self.live.add(batch)]

    def stop(self) -> list[dict[str, Any]]:
        if self.stopped is not None:
            return [self.stopped]
        events = [_rep(r) for r in self.live.finish()]
        whole = self.live.analysis()
        self.stopped = {
            "type": "stopped",
            "reps": self.live.count,
            "rep_count": None if whole is None else whole.rep_count,
        }
        return [*events, self.stopped]


def _rep(rep: LiveRep) -> dict[str, Any]:
    return {"type": "rep", **rep.to_dict()}


def _start(message: dict[str, Any], catalog: Any) -> _Stream:
    from mindmuscle.signals.motion import eccentric_for_pattern
    from mindmuscle.store.codec import tempo_from_json

    raw = message.get("tempo")
    tempo = Tempo.parse(raw) if isinstance(raw, str) else tempo_from_json(raw, where="tempo")
    exercise = message.get("exercise")
    known = catalog.exercises.get(exercise) if isinstance(exercise, str) else None
    return _Stream(
        LiveMotion(tempo, None if known is None else eccentric_for_pattern(known.pattern))
    )


def _error(exc: MindMuscleError, field_name: str | None = None) -> dict[str, Any]:
    return {"type": "error", "error": {"message": str(exc), "field": field_name}}


def _may_write(websocket: WebSocket) -> None:
    """A coach watching a client's page may read, never attach to the client's sets."""
    access = getattr(websocket.state, "access", None)
    if access is not None and not access.own:
        raise InputError("A coach reads a client's data; only the client may attach recordings.")


@router.websocket("/ws/motion/{session_id}")
async def motion_socket(websocket: WebSocket, session_id: str) -> None:
    """Stream a set's motion; see the module docstring for the messages."""
    from starlette.concurrency import run_in_threadpool

    from mindmuscle.web.runtime import runtime

    rt = runtime(websocket)
    await websocket.accept()
    stream: _Stream | None = None
    try:
        while True:
            text = await websocket.receive_text()
            try:
                message = _parse(text)
                kind = message.get("type")
                if kind == "start":
                    stream = _start(message, rt.catalog)
                    await websocket.send_json({"type": "started"})
                elif kind == "samples" and stream is not None:
                    for event in await run_in_threadpool(stream.add, message.get("samples")):
                        await websocket.send_json(event)
                elif kind == "stop" and stream is not None:
                    for event in await run_in_threadpool(stream.stop):
                        await websocket.send_json(event)
                elif kind == "end" and stream is not None:
                    for event in await run_in_threadpool(stream.stop):
                        if event["type"] == "rep":
                            await websocket.send_json(event)
                    if message.get("set_id"):
                        _may_write(websocket)
                    done = await run_in_threadpool(_finish, rt, stream, message, session_id)
                    stream = None
                    await websocket.send_json(done)
                else:
                    raise InputError(
                        f"Unexpected message type {kind!r}; send start, samples, stop, end."
                    )
            except MindMuscleError as exc:
                await websocket.send_json(_error(exc, "type"))
    except WebSocketDisconnect:
        return


def _parse(text: str) -> dict[str, Any]:
    try:
        message = json.loads(text)
    except ValueError:
        message = None
    if not isinstance(message, dict):
        raise InputError("Each message must be a JSON object with a 'type'.")
    return message


def _finish(rt: Any, stream: _Stream, message: dict[str, Any], session_id: str) -> dict[str, Any]:
    set_id = message.get("set_id")
    stopped = stream.stopped or {}
    if not set_id:
        return {**stopped, "type": "ended"}
    if not isinstance(set_id, str):
        raise InputError("'set_id' must be the id of the logged set (a string) or null.")
    recording = live_recording(
        stream.live, set_id=set_id, session_id=session_id, created_at=rt.now()
    )
    with rt.writing():
        stored, result = rt.repo.attach_recording(recording)
    return {
        "type": "attached",
        "recording_id": stored.id,
        "set_id": stored.set_id,
        "result": result,
        "reps": stopped.get("reps"),
        "rep_count": stored.summary.get("rep_count", 0),
        "measured_tempo": stored.summary.get("measured_tempo"),
    }
