"""The JSON API, endpoint by endpoint, through FastAPI's TestClient."""

from __future__ import annotations

from typing import Any

from mindmuscle.method.tempo import PHASES

from .conftest import set_body


def _plan(client: Any, **extra: Any) -> dict[str, Any]:
    response = client.post("/api/plans", json={"focus": ["chest"], "week": 1, **extra})
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()
    return data


def _set(**extra: Any) -> dict[str, Any]:
    return set_body(**{"performed_at": "2026-03-02T18:00:00+01:00", **extra})


def test_post_plan_returns_the_contract_and_stores_it(client: Any) -> None:
    plan = _plan(client, minutes=45)
    assert plan["focus"] == ["chest"] and plan["level"] == "novice" and plan["first_month"]
    assert [b["kind"] for b in plan["blocks"]] == ["primer", "working"]
    item = plan["blocks"][1]["items"][0]
    for key in (
        "exercise",
        "name",
        "group",
        "target",
        "accessory",
        "grip",
        "sets",
        "reps",
        "tempo",
        "rest_s",
        "cues",
        "between_sets",
        "why",
    ):
        assert key in item
    assert set(item["tempo"]) == set(PHASES)
    assert item["tempo"]["eccentric"] >= 3  # first month
    stored = client.get(f"/api/plans/{plan['id']}").json()
    assert stored["blocks"] == plan["blocks"]


def test_plan_defaults_come_from_the_profile(client: Any) -> None:
    client.put(
        "/api/lifter",
        json={"level": "advanced", "start_date": "2020-01-06", "equipment": ["dumbbell", "bench"]},
    )
    plan = _plan(client, week=None)
    assert plan["level"] == "advanced" and not plan["first_month"] and plan["week"] > 4
    assert set(plan["equipment"]) <= {"bodyweight", "dumbbell", "bench"}


def test_a_set_posted_with_its_plan_place_keeps_it_after_a_skip(client: Any) -> None:
    plan = _plan(client)
    client.post("/api/sessions", json={"id": "s-2", "plan_id": plan["id"]})
    item = plan["blocks"][1]["items"][0]
    # set 1 was skipped on the coach page: set 2 is the first stored
    second = _set(exercise=item["exercise"], block="working", session_id="s-2", set_number=2)
    stored = client.post("/api/sets", json=second)
    assert stored.status_code == 201 and stored.json()["set_number"] == 2
    state = client.get("/api/sessions/s-2").json()
    assert state["completed"] == [[item["exercise"], "working", 1]]
    assert state["sets"][0]["set_number"] == 2
    bad = client.post("/api/sets", json={**_set(session_id="s-2"), "set_number": 0})
    assert bad.status_code == 422 and "set_number" in bad.text


def test_session_lifecycle_and_resume_state(client: Any) -> None:
    plan = _plan(client)
    created = client.post(
        "/api/sessions", json={"id": "s-1", "plan_id": plan["id"], "title": "Chest"}
    )
    assert created.status_code == 201
    again = client.post(
        "/api/sessions", json={"id": "s-1", "plan_id": plan["id"], "title": "Chest"}
    )
    assert again.status_code == 200  # a retried start is harmless
    first = plan["blocks"][0]["items"][0]
    logged = _set(exercise=first["exercise"], block="primer", session_id="s-1")
    assert client.post("/api/sets", json=logged).status_code == 201
    state = client.get("/api/sessions/open").json()
    assert state["session"]["id"] == "s-1" and state["session"]["set_count"] == 1
    assert state["plan"]["id"] == plan["id"]
    assert state["completed"] == [[first["exercise"], "primer", 0]]
    assert client.get("/api/sessions/s-1").json() == state
    finished = client.post("/api/sessions/s-1/finish")
    assert finished.status_code == 200 and finished.json()["finished_at"] is not None
    assert client.post("/api/sessions/s-1/finish").json() == finished.json()  # idempotent
    assert client.get("/api/sessions/open").json() is None
    (listed,) = client.get("/api/sessions").json()
    assert listed["id"] == "s-1" and listed["set_count"] == 1


def test_sets_are_idempotent_by_the_clients_id(client: Any) -> None:
    body = _set(tempo={"eccentric": 3, "bottom": 0, "concentric": 1, "top": 2}, rep_range=[8, 12])
    first = client.post("/api/sets", json=body)
    assert first.status_code == 201 and first.json()["result"] == "added"
    second = client.post("/api/sets", json=body)
    assert second.status_code == 200 and second.json()["result"] == "unchanged"
    (stored,) = client.get("/api/sets").json()
    assert (
        stored["id"] == body["id"]
        and stored["tempo"]["top"] == 2
        and stored["rep_range"] == [8, 12]
    )
    assert stored["session_id"].startswith("auto-")  # a loose set goes to the day's session


def test_a_resend_racing_the_original_set_is_unchanged_not_a_conflict(
    client: Any, monkeypatch: Any
) -> None:
    """Two copies of a set without ``performed_at`` at once (a phone retrying while the first
    answer is on its way): each reads "not stored" and defaults the time to its own now;
    the one that loses the insert must answer 200 unchanged, not 409."""
    from mindmuscle.store.sql.repository import SqlRepository

    body = _set()
    assert client.post("/api/sets", json=body).status_code == 201
    real = SqlRepository.set_or_lifter
    stale = [True]

    def read_before_the_other_wrote(repo: SqlRepository, set_id: str) -> Any:
        if stale.pop() if stale else False:
            return None, repo.get_lifter()
        return real(repo, set_id)

    monkeypatch.setattr(SqlRepository, "set_or_lifter", read_before_the_other_wrote)
    again = client.post("/api/sets", json=body)
    assert again.status_code == 200 and again.json()["result"] == "unchanged", again.text
    assert not stale  # the stale read happened
    other = client.post("/api/sets", json={**body, "reps": body["reps"] + 1})
    assert other.status_code == 409  # other content under the same id is still refused
    assert len(client.get("/api/sets").json()) == 1


def test_set_names_resolve_and_units_default_to_the_profile(client: Any) -> None:
    client.put("/api/lifter", json={"units": "lb"})
    stored = client.post("/api/sets", json=_set(exercise="Pec deck")).json()
    assert stored["exercise"] == "pec_deck" and stored["unit"] == "lb"


def test_list_sets_filters(client: Any) -> None:
    client.post("/api/sets", json=_set())
    client.post(
        "/api/sets",
        json=_set(exercise="barbell_bench_press", performed_at="2026-03-09T18:00:00+01:00"),
    )
    client.post(
        "/api/sets", json=_set(block="primer", reps=10, performed_at="2026-03-09T18:05:00+01:00")
    )
    assert len(client.get("/api/sets").json()) == 3
    assert {s["exercise"] for s in client.get("/api/sets?exercise=pec%20deck").json()} == {
        "pec_deck"
    }
    assert len(client.get("/api/sets", params={"since": "2026-03-05T00:00:00+00:00"}).json()) == 2
    assert len(client.get("/api/sets?block=primer").json()) == 1
    assert len(client.get("/api/sets?limit=1").json()) == 1
    one = client.get("/api/sets").json()[0]
    assert [s["id"] for s in client.get(f"/api/sets?session_id={one['session_id']}").json()] == [
        one["id"]
    ]


def test_soreness_report_and_list(client: Any) -> None:
    created = client.post(
        "/api/soreness", json={"day": "2026-03-03", "groups": {"chest": 2, "arms": 1}}
    )
    assert created.status_code == 201
    assert {(r["group"], r["doms"]) for r in client.get("/api/soreness").json()} == {
        ("chest", 2),
        ("arms", 1),
    }
    client.post("/api/soreness", json={"day": "2026-03-03", "groups": {"chest": 0}})
    reports = client.get("/api/soreness?since=2026-03-03").json()
    assert {r["group"]: r["doms"] for r in reports}["chest"] == 0


def test_exercises_list_and_detail(client: Any) -> None:
    arms = client.get("/api/exercises?group=arms").json()
    assert arms and {e["group"] for e in arms} == {"arms"}
    detail = client.get("/api/exercises/pec deck").json()
    assert detail["exercise"] == "pec_deck" and detail["cues"] and "primers" in detail
    assert len(client.get("/api/exercises").json()) > len(arms)


def test_lifter_get_and_put(client: Any) -> None:
    assert client.get("/api/lifter").json()["level"] == "novice"
    saved = client.put(
        "/api/lifter",
        json={
            "name": "Ada",
            "level": "intermediate",
            "units": "kg",
            "start_date": "2026-01-05",
            "equipment": ["cable"],
        },
    )
    assert saved.status_code == 200
    got = client.get("/api/lifter").json()
    assert got["name"] == "Ada" and got["equipment"] == ["cable"] and got["week"] >= 1


def test_progress_series(client: Any) -> None:
    for day, load, mmc in (("2026-03-02", 40, 6), ("2026-03-05", 42.5, 8)):
        client.post(
            "/api/sets",
            json=_set(load=load, mmc=mmc, failure=True, performed_at=f"{day}T18:00:00+00:00"),
        )
    series = client.get("/api/progress/exercises/pec_deck").json()
    assert [p["load"] for p in series["sessions"]] == [40, 42.5]
    assert all(p["e1rm"] and p["e1rm"] > p["load"] for p in series["sessions"])
    summary = client.get("/api/progress/summary?weeks=104").json()
    assert [p["mmc"] for p in summary["mmc"]] == [6, 8]
    assert sum(summary["weekly_sets"]["groups"]["chest"]) == 2
    assert summary["exercises"] == ["pec_deck"]


def test_openapi_document_describes_the_api(client: Any) -> None:
    doc = client.get("/api/openapi.json").json()
    paths = set(doc["paths"])
    for path in (
        "/api/plans",
        "/api/sessions",
        "/api/sessions/{session_id}/finish",
        "/api/sets",
        "/api/soreness",
        "/api/exercises",
        "/api/exercises/{exercise}",
        "/api/lifter",
    ):
        assert path in paths
    assert not any(p.startswith(("/coach", "/history")) for p in paths)  # pages stay out


def test_pages_render(client: Any) -> None:
    plan = _plan(client)
    client.post("/api/sessions", json={"id": "s-1", "plan_id": plan["id"]})
    for path in (
        "/",
        "/history",
        "/exercises",
        "/exercises?group=legs",
        "/exercises/pec_deck",
        "/progress",
        "/me",
        "/coach/s-1",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "text/html" in response.headers["content-type"]
    assert client.get("/coach", follow_redirects=False).headers["location"] == "/coach/s-1"
    assert client.get("/coach/nope").status_code == 404
    assert client.get("/exercises/flying_unicorn").status_code == 404


def test_today_plan_fragment_and_inline_error(client: Any) -> None:
    ok = client.post("/today/plan", data={"focus": ["arms"], "equipment": "home", "minutes": "40"})
    assert ok.status_code == 200 and 'id="start-session"' in ok.text
    bad = client.post("/today/plan", data={"focus": [], "equipment": "gym"})
    assert 'data-field="focus"' in bad.text


def test_pwa_files(client: Any) -> None:
    manifest = client.get("/manifest.webmanifest").json()
    assert manifest["display"] == "standalone" and manifest["icons"]
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).headers["content-type"] == "image/png"
    worker = client.get("/sw.js")
    assert worker.headers["content-type"].startswith("text/javascript")
    assert "/static/vendor/htmx.min.js?v=" in worker.text
    assert client.get("/static/vendor/chart.umd.min.js").status_code == 200
