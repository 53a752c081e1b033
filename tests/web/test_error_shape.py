"""One JSON error shape for every client mistake, naming the field, with nothing written.

The shape is pinned here (as Datasette's tests/test_error_shape.py does): a 4xx status and
``{"error": {"message": "<one sentence>", "field": "<name or null>"}}`` and no other keys.
"""

from __future__ import annotations

from typing import Any

import pytest

SET = {"id": "set-1", "exercise": "pec_deck", "reps": 10, "load": 40, "mmc": 7}

BAD: list[tuple[str, str, Any, int, str | None]] = [
    # method, path, JSON body, status, field
    ("post", "/api/sets", {**SET, "mmc": 11}, 422, "mmc"),
    ("post", "/api/sets", {**SET, "mmc": 0}, 422, "mmc"),
    ("post", "/api/sets", {**SET, "reps": -1}, 422, "reps"),
    ("post", "/api/sets", {**SET, "load": -5}, 422, "load"),
    ("post", "/api/sets", {**SET, "unit": "stone"}, 422, "unit"),
    ("post", "/api/sets", {**SET, "exercise": "pec dekk"}, 422, "exercise"),
    ("post", "/api/sets", {**SET, "id": ""}, 422, "id"),
    ("post", "/api/sets", {**SET, "session_id": "nope"}, 422, "session_id"),
    ("post", "/api/sets", {**SET, "performed_at": "2024-05-01T18:00:00"}, 422, "performed_at"),
    (
        "post",
        "/api/sets",
        {**SET, "tempo": {"eccentric": 0, "bottom": 0, "concentric": 0, "top": 1}},
        422,
        "tempo",
    ),
    ("post", "/api/sets", {**SET, "failure": True, "rir": 2}, 422, "rir"),
    ("post", "/api/sets", {**SET, "colour": "red"}, 422, "colour"),
    ("post", "/api/sets", {"id": "x", "exercise": "pec_deck"}, 422, "reps"),
    ("post", "/api/sets", "[1, 2", 422, "body"),
    ("post", "/api/plans", {"focus": ["chestt"]}, 422, "focus"),
    ("post", "/api/plans", {"focus": []}, 422, "focus"),
    ("post", "/api/plans", {"focus": ["chest"], "level": "pro"}, 422, "level"),
    ("post", "/api/plans", {"focus": ["chest"], "week": 0}, 422, "week"),
    ("post", "/api/plans", {"focus": ["chest"], "minutes": 5}, 422, "minutes"),
    ("post", "/api/plans", {"focus": ["chest"], "equipment": ["spaceship"]}, 422, "equipment"),
    ("post", "/api/plans", {"focus": ["chest"], "emphasis": ["quads:outer"]}, 422, "emphasis"),
    ("post", "/api/plans", {"focus": ["chest"], "emphasis": ["nose:left"]}, 422, "emphasis"),
    ("post", "/api/sessions", {"id": "s-1", "plan_id": "no-such-plan"}, 422, "plan_id"),
    ("post", "/api/sessions", {"plan_id": None}, 422, "id"),
    ("post", "/api/sessions/nope/finish", None, 404, "session_id"),
    ("get", "/api/sessions/nope", None, 404, "session_id"),
    ("get", "/api/plans/nope", None, 404, "plan_id"),
    ("get", "/api/exercises/flying_unicorn", None, 404, "exercise"),
    ("get", "/api/exercises?group=toes", None, 422, "group"),
    ("get", "/api/sets?since=yesterday", None, 422, "since"),
    ("get", "/api/sets?exercise=pec%20dekk", None, 422, "exercise"),
    ("get", "/api/progress/exercises/flying_unicorn", None, 404, "exercise"),
    ("get", "/api/progress?weeks=0", None, 422, "weeks"),
    ("get", "/api/progress?weeks=521", None, 422, "weeks"),
    ("get", "/api/progress?group=toes", None, 422, "group"),
    ("get", "/api/progress?exercise=pec%20dekk", None, 422, "exercise"),
    ("get", "/api/progress/summary?weeks=105", None, 422, "weeks"),
    ("get", "/progress/report.html?weeks=0", None, 422, "weeks"),
    ("get", "/progress/report.pdf?weeks=abc", None, 422, "weeks"),
    ("put", "/api/lifter", {"level": "godlike"}, 422, "level"),
    ("put", "/api/lifter", {"equipment": ["spaceship"]}, 422, "equipment"),
    ("put", "/api/lifter", {"start_date": "someday"}, 422, "start_date"),
    ("post", "/api/soreness", {"groups": {"chest": 4}}, 422, "groups.chest"),
    ("post", "/api/soreness", {"groups": {"toes": 1}}, 422, "groups.toes"),
    ("post", "/api/soreness", {"groups": {}}, 422, "groups"),
    ("get", "/api/nothing-here", None, 404, None),
    ("delete", "/api/sets", None, 405, None),
]


def _call(client: Any, method: str, path: str, body: Any) -> Any:
    if isinstance(body, str):
        return client.request(
            method, path, content=body, headers={"content-type": "application/json"}
        )
    return (
        client.request(method, path, json=body)
        if body is not None
        else client.request(method, path)
    )


def _stored(client: Any) -> tuple[int, int, int, Any]:
    return (
        len(client.get("/api/sets").json()),
        len(client.get("/api/sessions").json()),
        len(client.get("/api/soreness").json()),
        client.get("/api/lifter").json(),
    )


@pytest.mark.parametrize(("method", "path", "body", "status", "field"), BAD)
def test_bad_input_gets_one_error_shape_and_writes_nothing(
    client: Any, method: str, path: str, body: Any, status: int, field: str | None
) -> None:
    before = _stored(client)
    response = _call(client, method, path, body)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    data = response.json()
    assert set(data) == {"error"}
    assert set(data["error"]) == {"message", "field"}
    message = data["error"]["message"]
    assert isinstance(message, str) and message.endswith((".", "?")) and "\n" not in message
    assert "Traceback" not in message
    assert data["error"]["field"] == field
    assert _stored(client) == before


def test_a_set_resent_with_other_content_is_a_conflict_naming_the_id(client: Any) -> None:
    assert client.post("/api/sets", json=SET).status_code == 201
    response = client.post("/api/sets", json={**SET, "reps": 11})
    assert response.status_code == 409
    assert response.json()["error"]["field"] == "id"
    (stored,) = client.get("/api/sets").json()
    assert stored["reps"] == 10


def test_a_session_id_reused_for_another_plan_is_a_conflict(client: Any) -> None:
    plan = client.post("/api/plans", json={"focus": ["arms"]}).json()
    assert (
        client.post("/api/sessions", json={"id": "s-1", "plan_id": plan["id"]}).status_code == 201
    )
    response = client.post("/api/sessions", json={"id": "s-1"})
    assert response.status_code == 409
    assert response.json()["error"]["field"] == "id"


def test_a_second_open_session_is_refused(client: Any) -> None:
    assert client.post("/api/sessions", json={"id": "s-1"}).status_code == 201
    response = client.post("/api/sessions", json={"id": "s-2"})
    assert response.status_code == 409
    assert "still open" in response.json()["error"]["message"]
    assert [s["id"] for s in client.get("/api/sessions").json()] == ["s-1"]


def test_an_unknown_page_is_a_styled_404_in_the_app_shell(client: Any) -> None:
    response = client.get("/no-such-page", headers={"accept": "text/html"})
    assert response.status_code == 404
    assert "Nothing here at /no-such-page." in response.text
    assert 'href="/exercises"' in response.text  # the app's navigation is there
