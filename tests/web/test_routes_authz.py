"""Every route of the app, as each role, touching athlete A's data: who gets in, who gets
401/403/404. The table is keyed by (method, path template): a route without a row fails."""

from __future__ import annotations

from typing import Any

import pytest

from .test_auth_world import (
    World,
    world_fixture,  # noqa: F401 - the fixture
)

ROLES = ("anonymous", "athlete_b", "coach_x", "admin", "coach_a", "athlete_a")
PLAN = {"focus": ["chest"], "minutes": 30}
OK, DENIED_ANON = "ok", "anon"

# kind -> the outcome for each role touching A's data: "ok" or an HTTP status
KINDS: dict[str, dict[str, Any]] = {
    # A's own data, read: A and A's coach; others as if it did not exist; anonymous: login
    "read": {"athlete_a": OK, "coach_a": OK, "athlete_b": 404, "coach_x": 404, "admin": 404},
    # A's own data, changed: only A; A's coach reads but may not write
    "write": {"athlete_a": OK, "coach_a": 403, "athlete_b": 404, "coach_x": 404, "admin": 404},
    # the account itself (no subject): anyone logged in
    "account": dict.fromkeys(("athlete_a", "coach_a", "athlete_b", "coach_x", "admin"), OK),
    # only the athlete's own account (coach links): a coach looking at A is refused
    "self": {"athlete_a": OK, "coach_a": 403, "athlete_b": 404, "coach_x": 404, "admin": 404},
    # coach paths about A: A's coach only
    "coach_a": {"athlete_a": 403, "coach_a": OK, "athlete_b": 403, "coach_x": 404, "admin": 403},
    # coach paths without a subject: any coach
    "coach": {"athlete_a": 403, "coach_a": OK, "athlete_b": 403, "coach_x": OK, "admin": 403},
    "public": dict.fromkeys(ROLES, OK),
}
# an invite link is "self" when logged in; without a login its handler answers: the page of
# an unknown invite (404), the sign-up form without the pre-login CSRF cookie (403)
KINDS["join"] = {**KINDS["self"], "anonymous": 404}
KINDS["sign_up"] = {**KINDS["self"], "anonymous": 403}

# (method, path template) -> (kind, concrete path (with {A}, {session}, {plan}, {set}), body)
ROUTES: dict[tuple[str, str], tuple[str, str, Any]] = {
    ("POST", "/api/plans"): ("write", "/api/plans?lifter={A}", PLAN),
    ("GET", "/api/plans/{plan_id}"): ("read", "/api/plans/{plan}?lifter={A}", None),
    ("POST", "/api/sessions"): (
        "write",
        "/api/sessions?lifter={A}",
        {"id": "{session}", "plan_id": "{plan}"},
    ),
    ("GET", "/api/sessions"): ("read", "/api/sessions?lifter={A}", None),
    ("GET", "/api/sessions/open"): ("read", "/api/sessions/open?lifter={A}", None),
    ("GET", "/api/sessions/{session_id}"): ("read", "/api/sessions/{session}?lifter={A}", None),
    ("POST", "/api/sessions/{session_id}/finish"): (
        "write",
        "/api/sessions/{session}/finish?lifter={A}",
        None,
    ),
    ("POST", "/api/sets"): ("write", "/api/sets?lifter={A}", "SET"),
    ("GET", "/api/sets"): ("read", "/api/sets?lifter={A}", None),
    ("GET", "/api/sets/{set_id}/recordings"): (
        "read",
        "/api/sets/{set}/recordings?lifter={A}",
        None,
    ),
    ("POST", "/api/sets/{set_id}/recordings"): (
        "write",
        "/api/sets/{set}/recordings?lifter={A}",
        "UPLOAD",
    ),
    # the socket is guarded by the same dependency; it is driven in its own tests
    ("WEBSOCKET", "/ws/motion/{session_id}"): ("read", "", "WS"),
    ("GET", "/api/exercises"): ("read", "/api/exercises?lifter={A}", None),
    ("GET", "/api/exercises/{exercise}"): ("read", "/api/exercises/pec_deck?lifter={A}", None),
    ("GET", "/api/lifter"): ("read", "/api/lifter?lifter={A}", None),
    ("PUT", "/api/lifter"): ("write", "/api/lifter?lifter={A}", {"level": "novice"}),
    ("POST", "/api/soreness"): ("write", "/api/soreness?lifter={A}", {"groups": {"chest": 1}}),
    ("GET", "/api/soreness"): ("read", "/api/soreness?lifter={A}", None),
    ("GET", "/api/progress"): ("read", "/api/progress?lifter={A}", None),
    ("GET", "/api/progress/exercises/{exercise}"): (
        "read",
        "/api/progress/exercises/pec_deck?lifter={A}",
        None,
    ),
    ("GET", "/api/progress/summary"): ("read", "/api/progress/summary?lifter={A}", None),
    ("GET", "/"): ("read", "/?lifter={A}", None),
    ("POST", "/today/plan"): ("write", "/today/plan?lifter={A}", "FORM"),
    ("POST", "/today/program-day"): ("write", "/today/program-day?lifter={A}", "DAYFORM"),
    ("GET", "/coach"): ("read", "/coach?lifter={A}", None),
    ("GET", "/coach/{session_id}"): ("read", "/coach/{session}?lifter={A}", None),
    ("GET", "/history"): ("read", "/history?lifter={A}", None),
    ("GET", "/exercises"): ("read", "/exercises?lifter={A}", None),
    ("GET", "/exercises/{exercise}"): ("read", "/exercises/pec_deck?lifter={A}", None),
    ("GET", "/me"): ("read", "/me?lifter={A}", None),
    ("GET", "/progress"): ("read", "/progress?lifter={A}", None),
    ("GET", "/progress/panel"): ("read", "/progress/panel?lifter={A}", None),
    ("GET", "/progress/report.html"): ("read", "/progress/report.html?lifter={A}", None),
    ("GET", "/progress/report.pdf"): ("read", "/progress/report.pdf?lifter={A}", None),
    ("GET", "/manifest.webmanifest"): ("public", "/manifest.webmanifest", None),
    ("GET", "/sw.js"): ("public", "/sw.js", None),
    ("GET", "/login"): ("public", "/login", None),
    ("POST", "/login"): ("public", "/login", "LOGINFORM"),
    ("POST", "/api/login"): ("public", "/api/login", "LOGIN"),
    ("GET", "/api/me"): ("account", "/api/me", None),
    ("POST", "/api/logout"): ("account", "/api/logout", None),
    ("POST", "/logout"): ("account", "/logout", None),
    ("GET", "/join/{code}"): ("join", "/join/nocode?lifter={A}", None),
    ("POST", "/join/{code}/account"): ("sign_up", "/join/nocode/account?lifter={A}", "SIGNUPFORM"),
    ("POST", "/join/{code}"): ("self", "/join/nocode?lifter={A}", "NOTFOUND"),
    ("GET", "/api/coach-link"): ("self", "/api/coach-link?lifter={A}", None),
    ("POST", "/api/coach-link"): ("self", "/api/coach-link?lifter={A}", "NOTFOUND"),
    ("DELETE", "/api/coach-link"): ("self", "/api/coach-link?lifter={A}", "LAST"),
    ("GET", "/api/notes"): ("read", "/api/notes?lifter={A}", None),
    ("GET", "/api/assignments"): ("read", "/api/assignments?lifter={A}", None),
    ("POST", "/api/invites"): ("coach", "/api/invites", None),
    ("GET", "/api/clients"): ("coach", "/api/clients", None),
    ("POST", "/api/clients/{lifter_id}/plans"): ("coach_a", "/api/clients/{A}/plans", PLAN),
    ("POST", "/api/clients/plans"): (
        "coach_a",
        "/api/clients/plans",
        {"lifters": ["{A}"], "plan": PLAN},
    ),
    ("POST", "/api/clients/{lifter_id}/notes"): (
        "coach_a",
        "/api/clients/{A}/notes",
        {"set_id": "{set}", "text": "slower"},
    ),
    ("GET", "/api/clients/{lifter_id}/review"): ("coach_a", "/api/clients/{A}/review", None),
    ("GET", "/clients"): ("coach", "/clients", None),
    ("POST", "/clients/invite"): ("coach", "/clients/invite", "FORM"),
    ("POST", "/clients/assign"): ("coach_a", "/clients/assign", "ASSIGNFORM"),
    ("GET", "/clients/{lifter_id}"): ("coach_a", "/clients/{A}", None),
    ("POST", "/clients/{lifter_id}/notes"): ("coach_a", "/clients/{A}/notes", "NOTEFORM"),
    ("DELETE", "/api/clients/{lifter_id}/notes/{note_id}"): (
        "coach_a",
        "/api/clients/{A}/notes/{note}",
        None,
    ),
    ("POST", "/clients/{lifter_id}/notes/{note_id}/delete"): (
        "coach_a",
        "/clients/{A}/notes/{note}/delete",
        "CSRFFORM",
    ),
}
UNGUARDED = {"/api/openapi.json", "/api/docs", "/docs/oauth2-redirect"}


def _walk(routes: list[Any]) -> list[Any]:
    """Every route, also inside included routers (FastAPI keeps those as one entry each)."""
    out = []
    for route in routes:
        if hasattr(route, "effective_candidates"):
            out.extend(_walk(route.effective_candidates()))
        else:
            out.append(route)
    return out


def _routes(app: Any) -> set[tuple[str, str]]:
    from starlette.routing import Mount

    found = set()
    for route in _walk(app.routes):
        if isinstance(route, Mount) or route.path in UNGUARDED:
            continue  # static files; the OpenAPI schema and docs
        path = route.path or getattr(route, "original_route", route).path
        methods = getattr(route, "methods", None) or {"WEBSOCKET"}
        found |= {(m, path) for m in methods if m != "HEAD"}
    return found


def test_every_route_has_a_row(world: World) -> None:
    found = _routes(world.app)
    missing = found - set(ROUTES)
    assert not missing, f"routes without an authorization row: {sorted(missing)}"
    assert not set(ROUTES) - found, "rows for routes that no longer exist"


def _fill(text: str, ids: dict[str, str]) -> str:
    for key, value in ids.items():
        text = text.replace("{" + key + "}", value)
    return text


def _deep(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, str):
        return _fill(value, ids)
    if isinstance(value, dict):
        return {k: _deep(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [_deep(v, ids) for v in value]
    return value


def _call(world: World, role: str, method: str, path: str, body: Any, ids: dict[str, str]) -> Any:
    client = world.anonymous() if role == "anonymous" else world.clients[role]
    client.follow_redirects = False
    token = client.headers.get("X-CSRF-Token", "")
    kwargs: dict[str, Any] = {}
    if body == "SET":
        kwargs["json"] = {
            "id": f"set-{role}",
            "exercise": "pec_deck",
            "reps": 10,
            "mmc": 7,
            "session_id": ids["session"],
        }
    elif body == "FORM":
        kwargs["data"] = {"focus": "chest", "csrf_token": token}
    elif body == "DAYFORM":
        kwargs["data"] = {"program_id": ids["plan"], "week": 1, "day": 1, "csrf_token": token}
    elif body == "ASSIGNFORM":
        kwargs["data"] = {"lifters": ids["A"], "focus": "chest", "csrf_token": token}
    elif body == "CSRFFORM":
        kwargs["data"] = {"csrf_token": token}
    elif body == "NOTEFORM":
        kwargs["data"] = {"set_id": ids["set"], "text": "good", "csrf_token": token}
    elif body == "LOGIN":
        kwargs["json"] = {"username": "nobody", "password": "wrong-password"}
    elif body == "LOGINFORM":
        kwargs["data"] = {"username": "nobody", "password": "x"}
    elif body == "SIGNUPFORM":
        kwargs["data"] = {"username": "newbie", "password": "x" * 12, "password_again": "x" * 12}
    elif body == "NOTFOUND":
        kwargs["json"] = {"code": "no-such-code-at-all"}
    elif body == "UPLOAD":
        kwargs["files"] = {"file": ("empty.csv", b"", "text/csv")}
    elif body not in (None, "LAST"):
        kwargs["json"] = _deep(body, ids)
    return client.request(method, _fill(path, ids), **kwargs)


def _allowed(route: tuple[str, str], status: int, body: Any) -> bool:
    if body == "UPLOAD":
        return status not in (401, 403, 404)  # past the guard; the empty file is refused
    if body in ("LOGIN", "NOTFOUND"):
        return status in (401, 404, 429)  # reached the handler (429: rate limit of "nobody")
    if body == "LOGINFORM":
        return status == 403  # the handler's own CSRF check (no pre-login cookie)
    return status < 400


@pytest.fixture(name="ids")
def a_data(world: World) -> dict[str, str]:
    a = world.clients["athlete_a"]
    plan = a.post("/api/plans", json=PLAN).json()["id"]
    session = "sess-a"
    assert a.post("/api/sessions", json={"id": session, "plan_id": plan}).status_code == 201
    logged = {"id": "set-a", "exercise": "pec_deck", "reps": 10, "mmc": 8, "session_id": session}
    assert a.post("/api/sets", json=logged).status_code == 201
    lifter = world.lifters["athlete_a"]
    note = world.clients["coach_a"].post(
        f"/api/clients/{lifter}/notes", json={"set_id": "set-a", "text": "slower"}
    )
    assert note.status_code == 201, note.text
    return {
        "A": lifter,
        "plan": plan,
        "session": session,
        "set": "set-a",
        "note": note.json()["id"],
    }


def test_every_route_as_every_role(world: World, ids: dict[str, str]) -> None:
    failures = []
    for role in ROLES:
        for route, (kind, path, body) in sorted(ROUTES.items(), key=lambda r: r[1][2] == "LAST"):
            if body == "WS" or (
                role != "anonymous" and route in {("POST", "/api/logout"), ("POST", "/logout")}
            ):
                continue  # logging out is checked last, below
            r = _call(world, role, route[0], path, body, ids)
            expected = KINDS[kind].get(role, DENIED_ANON)
            if expected == OK:
                good = _allowed(route, r.status_code, body)
            elif expected == DENIED_ANON:
                good = r.status_code == 401 or (
                    r.status_code == 303 and r.headers["location"].startswith("/login")
                )
            else:
                good = r.status_code == expected
            if not good:
                failures.append(f"{role} {route[0]} {path}: {r.status_code} (want {expected})")
    for role in ROLES[1:]:
        assert _call(world, role, "POST", "/api/logout", None, ids).status_code == 200
    assert not failures, "\n".join(failures)
