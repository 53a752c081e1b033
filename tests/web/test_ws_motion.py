"""Live motion over ``/ws/motion/{session_id}``: a generated recording replayed in batches
gives rep events with sensible phases, and the whole stream is attached at the end."""

from __future__ import annotations

from typing import Any

import numpy as np

from mindmuscle.signals.synth import SetSpec, synth_imu


def test_replayed_set_streams_rep_events_and_attaches(client: Any) -> None:
    rec = synth_imu(SetSpec(reps=5, tempo=(3, 1, 1, 1)), fs=50.0, seed=3)
    body = {"id": "q1", "exercise": "barbell_back_squat", "reps": 5, "load": 100,
            "performed_at": "2024-05-01T18:00:00+02:00"}  # fmt: skip
    assert client.post("/api/sets", json=body).status_code == 201
    rows = np.column_stack([rec.t, rec.acc, rec.gyro]).round(4).tolist()
    events: list[dict[str, Any]] = []
    with client.websocket_connect("/ws/motion/s1") as ws:
        ws.send_json({"type": "start", "tempo": "2-0-1-1", "exercise": "barbell_back_squat"})
        assert ws.receive_json()["type"] == "started"
        for i in range(0, len(rows), 25):  # 0.5 s batches
            ws.send_json({"type": "samples", "samples": rows[i : i + 25]})
        ws.send_json({"type": "end", "set_id": "q1"})
        while (msg := ws.receive_json())["type"] == "rep":
            events.append(msg)
    assert msg["type"] == "attached" and msg["set_id"] == "q1", msg
    assert 3 <= len(events) <= 5 and [e["rep"] for e in events] == list(range(1, len(events) + 1))
    for e in events:
        assert 1.5 < e["phases"]["eccentric"] < 4.5 and " s - " in e["feedback"]
    ends = [e["end"] for e in events]
    assert ends == sorted(ends) and rec.truth[0].start < ends[0] and ends[-1] <= rec.t[-1]
    (attached,) = client.get("/api/sets/q1/recordings").json()
    assert attached["summary"]["rep_count"] == 5


def test_bad_messages_get_an_error(client: Any) -> None:
    with client.websocket_connect("/ws/motion/s1") as ws:
        ws.send_json({"type": "samples", "samples": []})
        assert ws.receive_json()["error"]["message"].startswith("Unexpected message type")
        ws.send_json({"type": "start", "tempo": "4-x"})
        assert ws.receive_json()["type"] == "error"
