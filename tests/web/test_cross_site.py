"""Another site's page may not drive this app: a WebSocket handshake or a state-changing
request whose ``Origin`` names another host is refused, in single-user mode (no login at
all) and in multi-user mode (a WebSocket handshake carries no CSRF token)."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.websockets import WebSocketDisconnect

from .test_auth_world import World, world_fixture  # noqa: F401  (the fixture)

SET = {"id": "x1", "exercise": "barbell_back_squat", "reps": 3, "load": 100,
       "performed_at": "2024-05-01T18:00:00+02:00"}  # fmt: skip
EVIL = {"Origin": "https://evil.example"}


def test_single_user_refuses_writes_from_another_sites_page(client: Any) -> None:
    refused = client.post("/api/sets", json=SET, headers=EVIL)
    assert refused.status_code == 403 and "another site" in refused.json()["error"]["message"]
    assert client.get("/api/sets").json() == []  # nothing written
    same = client.post("/api/sets", json=SET, headers={"Origin": "http://testserver"})
    assert same.status_code == 201
    assert client.get("/api/sets", headers=EVIL).status_code == 200  # reads are not writes


def test_single_user_refuses_a_cross_site_websocket(client: Any) -> None:
    with (
        pytest.raises(WebSocketDisconnect),
        client.websocket_connect("/ws/motion/s1", headers=EVIL),
    ):
        pass
    with client.websocket_connect("/ws/motion/s1", headers={"Origin": "http://testserver"}) as ws:
        ws.send_json({"type": "start", "tempo": None, "exercise": None})
        assert ws.receive_json()["type"] == "started"


def test_behind_a_proxy_the_forwarded_host_is_the_apps_origin(client: Any) -> None:
    proxied = {"Origin": "https://mm.example", "X-Forwarded-Host": "mm.example"}
    assert client.post("/api/sets", json=SET, headers=proxied).status_code == 201


def test_multi_user_refuses_a_logged_in_cross_site_websocket(world: World) -> None:
    athlete = world.clients["athlete_a"]
    with (
        pytest.raises(WebSocketDisconnect),
        athlete.websocket_connect("/ws/motion/s1", headers=EVIL),
    ):
        pass
    with athlete.websocket_connect("/ws/motion/s1") as ws:  # no Origin: a tool, not a page
        ws.send_json({"type": "start", "tempo": None, "exercise": None})
        assert ws.receive_json()["type"] == "started"
