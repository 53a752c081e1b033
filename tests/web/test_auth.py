"""Multi-user mode: login, cookies, CSRF, rate limiting, security headers, coach links, and
the serve command's refusal to expose single-user mode."""

from __future__ import annotations

import re
from typing import Any

import pytest

from mindmuscle.errors import InputError

from .test_auth_world import (
    PASSWORD,
    World,
    world_fixture,  # noqa: F401 - the fixture
)

PLAN = {"focus": ["chest"], "minutes": 30}


def test_login_sets_a_locked_down_session_cookie(world: World) -> None:
    client = world.anonymous()
    r = client.post("/api/login", json={"username": "athlete_a", "password": PASSWORD})
    assert r.status_code == 200
    cookie = r.headers["set-cookie"]
    assert "mm_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Secure" not in cookie  # plain HTTP on loopback; https requests get Secure
    assert r.json()["role"] == "athlete" and len(r.json()["csrf_token"]) == 64


def test_anonymous_requests_are_refused_or_sent_to_the_login(world: World) -> None:
    client = world.anonymous()
    assert client.get("/api/sets").status_code == 401
    page = client.get("/history")
    assert page.status_code == 303 and page.headers["location"] == "/login?next=/history"
    assert client.get("/login").status_code == 200


def test_login_page_form_round_trip(world: World) -> None:
    client = world.anonymous()
    form = client.get("/login?next=/history").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert token is not None
    data = {"username": "athlete_a", "password": PASSWORD, "next": "/history"}
    assert client.post("/login", data=data).status_code == 403  # no CSRF token
    r = client.post("/login", data={**data, "csrf_token": token[1]})
    assert r.status_code == 303 and r.headers["location"] == "/history"
    assert client.get("/history").status_code == 200


def test_state_changes_need_the_csrf_token(world: World) -> None:
    client = world.clients["athlete_a"]
    token = client.headers.pop("X-CSRF-Token")
    r = client.post("/api/plans", json=PLAN)
    assert r.status_code == 403 and "CSRF" in r.json()["error"]["message"]
    assert (
        client.post("/api/plans", json=PLAN, headers={"X-CSRF-Token": "0" * 64}).status_code == 403
    )
    assert client.post("/api/plans", json=PLAN, headers={"X-CSRF-Token": token}).status_code == 201
    form = client.post("/today/plan", data={"focus": "chest", "csrf_token": token})
    assert form.status_code == 200


def test_wrong_passwords_are_rate_limited_per_account(world: World) -> None:
    client = world.anonymous()
    for _ in range(5):
        r = client.post("/api/login", json={"username": "athlete_b", "password": "nope-nope"})
        assert r.status_code == 401
    r = client.post("/api/login", json={"username": "athlete_b", "password": PASSWORD})
    assert r.status_code == 429 and "Too many" in r.json()["error"]["message"]
    # other accounts are not locked out by it
    assert client.post(
        "/api/login", json={"username": "athlete_a", "password": PASSWORD}
    ).is_success


def test_logout_ends_the_session(world: World) -> None:
    client = world.clients["athlete_b"]
    assert client.post("/api/logout").status_code == 200
    assert client.get("/api/sets").status_code == 401


@pytest.mark.parametrize("path", ["/", "/api/sets", "/login", "/static/css/app.css", "/nope"])
def test_security_headers_on_every_response(world: World, path: str) -> None:
    headers = world.clients["athlete_a"].get(path).headers
    csp = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert "default-src 'self'" in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"


def test_security_headers_in_single_user_mode_too(client: Any) -> None:
    headers = client.get("/").headers
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


def test_invite_accept_and_leave_ends_the_coachs_access(world: World) -> None:
    coach, athlete = world.clients["coach_x"], world.clients["athlete_b"]
    lifter = world.lifters["athlete_b"]
    assert coach.get(f"/api/sets?lifter={lifter}").status_code == 404
    invite = coach.post("/api/invites").json()
    assert invite["url"] == f"/join/{invite['code']}"
    assert athlete.post("/api/coach-link", json={"code": invite["code"]}).json() == {
        "coach": "coach_x"
    }
    assert athlete.post("/api/coach-link", json={"code": invite["code"]}).status_code == 404
    assert coach.get(f"/api/sets?lifter={lifter}").status_code == 200
    assert coach.post(f"/api/plans?lifter={lifter}", json=PLAN).status_code == 403
    assert athlete.delete("/api/coach-link").json() == {"left": True}
    assert coach.get(f"/api/sets?lifter={lifter}").status_code == 404


def test_single_user_mode_has_no_accounts(client: Any) -> None:
    assert client.get("/api/sets").status_code == 200
    assert client.post("/api/login", json={"username": "x", "password": "y"}).status_code == 404


@pytest.mark.parametrize(
    ("host", "multi", "key", "ok"),
    [
        ("127.0.0.1", False, None, True),
        ("localhost", False, None, True),
        ("::1", False, None, True),
        ("0.0.0.0", False, None, False),
        ("192.168.1.5", False, None, False),
        ("0.0.0.0", True, None, False),
        ("0.0.0.0", True, "short", False),
        ("0.0.0.0", True, "k" * 32, True),
    ],
)
def test_serve_refuses_exposure_without_accounts(
    host: str, multi: bool, key: str | None, ok: bool
) -> None:
    from mindmuscle.cli.serve_commands import check_exposure

    if ok:
        check_exposure(host, multi, key)
    else:
        with pytest.raises(InputError) as info:
            check_exposure(host, multi, key)
        assert info.value.args[0].count(". ") <= 1


def test_serve_cli_message(tmp_path: Any) -> None:
    from typer.testing import CliRunner

    from mindmuscle.cli.app import app

    env = {"MINDMUSCLE_DATA_DIR": str(tmp_path), "MINDMUSCLE_MULTI_USER": ""}
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0"], env=env)
    assert result.exit_code != 0
    assert "--multi-user" in str(result.output) + str(result.exception)
