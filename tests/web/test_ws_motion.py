"""Live motion over ``/ws/motion/{session_id}``: a generated recording replayed in batches
gives rep events with sensible phases, and the whole stream is attached to the logged set;
bad messages get a sentence and leave the socket usable."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from starlette.websockets import WebSocketDisconnect

from mindmuscle.signals.synth import SetSpec, SynthImu, synth_imu

from .test_auth_world import World, world_fixture  # noqa: F401  (the fixture)

SET = {"id": "q1", "exercise": "barbell_back_squat", "reps": 3, "load": 100,
       "performed_at": "2024-05-01T18:00:00+02:00"}  # fmt: skip


@pytest.fixture(scope="module")
def recording() -> SynthImu:
    return synth_imu(SetSpec(reps=3, tempo=(3, 0, 1, 1)), fs=50.0, seed=1)


def _stream(ws: Any, rec: SynthImu, *, gyro: bool = True, batch: int = 12) -> list[dict[str, Any]]:
    """Send ``rec`` in ``batch``-sample messages (0.24 s at 50 Hz, as the page does); the
    rep events that came back while streaming."""
    cols = [rec.t, rec.acc, rec.gyro] if gyro else [rec.t, rec.acc]
    rows = np.column_stack(cols).round(4).tolist()
    ws.send_json({"type": "start", "tempo": "1-0-1-1", "exercise": "barbell_back_squat"})
    assert ws.receive_json()["type"] == "started"
    for i in range(0, len(rows), batch):
        ws.send_json({"type": "samples", "samples": rows[i : i + batch]})
    ws.send_json({"type": "stop"})
    events = []
    while (msg := ws.receive_json())["type"] == "rep":
        events.append(msg)
    assert msg["type"] == "stopped", msg
    assert msg["reps"] == len(events)
    events.append(msg)
    return events


def test_replayed_set_streams_rep_events_and_attaches(client: Any, recording: SynthImu) -> None:
    assert client.post("/api/sets", json=SET).status_code == 201
    with client.websocket_connect("/ws/motion/s1") as ws:
        *reps, stopped = _stream(ws, recording)
        ws.send_json({"type": "end", "set_id": "q1"})
        attached = ws.receive_json()
    assert attached["type"] == "attached" and attached["set_id"] == "q1", attached
    assert stopped["rep_count"] == attached["rep_count"] == 3
    assert 2 <= len(reps) <= 3 and [e["rep"] for e in reps] == list(range(1, len(reps) + 1))
    for e in reps:
        assert 1.8 < e["phases"]["eccentric"] < 4.5 and e["feedback"].startswith("eccentric ")
        assert e["feedback"].endswith("s - faster")  # 3 s eccentrics against a 1 s prescription
    ends = [e["end"] for e in reps]
    assert ends == sorted(ends) and recording.truth[0].start < ends[0] <= recording.t[-1]
    (stored,) = client.get("/api/sets/q1/recordings").json()
    assert stored["kind"] == "motion" and stored["summary"]["rep_count"] == 3
    assert stored["filename"] == "live-s1.csv"
    assert stored["summary"]["measured_tempo"]["eccentric"] > 2.0


def test_end_before_the_set_is_stored_can_be_sent_again(client: Any, recording: SynthImu) -> None:
    """The page sends ``end`` once its outbox has stored the set; if the set is not there
    yet, the stream stays and a later ``end`` attaches it."""
    with client.websocket_connect("/ws/motion/s2") as ws:
        _stream(ws, recording, gyro=False, batch=100)
        ws.send_json({"type": "end", "set_id": "q1"})
        error = ws.receive_json()
        assert error["type"] == "error" and "q1" in error["error"]["message"], error
        assert client.post("/api/sets", json=SET).status_code == 201
        ws.send_json({"type": "end", "set_id": "q1"})
        assert ws.receive_json()["type"] == "attached"
        # a dropped set (never logged): nothing is stored
        _stream(ws, recording, batch=200)
        ws.send_json({"type": "end", "set_id": None})
        ended = ws.receive_json()
        assert ended["type"] == "ended" and ended["rep_count"] == 3
    assert len(client.get("/api/sets/q1/recordings").json()) == 1


def test_bad_messages_get_an_error(client: Any) -> None:
    with client.websocket_connect("/ws/motion/s1") as ws:
        ws.send_json({"type": "samples", "samples": []})
        assert ws.receive_json()["error"]["message"].startswith("Unexpected message type")
        ws.send_json({"type": "start", "tempo": "4-x"})
        assert ws.receive_json()["type"] == "error"
        ws.send_text("not json")
        assert "JSON object" in ws.receive_json()["error"]["message"]
        ws.send_json({"type": "start", "tempo": None})
        assert ws.receive_json()["type"] == "started"
        ws.send_json({"type": "samples", "samples": [[0, 1, 2]]})
        assert "[t, ax, ay, az]" in ws.receive_json()["error"]["message"]
        ws.send_json({"type": "samples", "samples": [[0.0, 0.0, 0.0, 9.8]] * 30})
        ws.send_json({"type": "end", "set_id": "nope"})
        assert "too short" in ws.receive_json()["error"]["message"]


def test_only_the_lifter_attaches_to_their_sets(world: World, recording: SynthImu) -> None:
    """Multi-user mode: a coach may watch a client's stream but not attach it to the client's
    set; the client may; without a login there is no socket."""
    a = world.lifters["athlete_a"]
    assert world.clients["athlete_a"].post("/api/sets", json=SET).status_code == 201
    with world.clients["coach_a"].websocket_connect(f"/ws/motion/s1?lifter={a}") as ws:
        _stream(ws, recording, batch=200)
        ws.send_json({"type": "end", "set_id": "q1"})
        assert "only the client" in ws.receive_json()["error"]["message"]
    with world.clients["athlete_a"].websocket_connect("/ws/motion/s1") as ws:
        _stream(ws, recording, batch=200)
        ws.send_json({"type": "end", "set_id": "q1"})
        assert ws.receive_json()["type"] == "attached"
    with pytest.raises(WebSocketDisconnect), world.anonymous().websocket_connect("/ws/motion/s1"):
        pass
