"""Signing up through a coach's invite link on the web: the page offers logging in or creating
an account; creating one is CSRF-protected and rate-limited like the login, consumes the invite
with the account and the coach link, logs the athlete in and lands them on Today."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest

from mindmuscle.store.accounts import ADDRESS_LIMIT

from .test_auth_world import (
    PASSWORD,
    World,
    world_fixture,  # noqa: F401 - the fixture
)


def invite(world: World) -> str:
    r = world.clients["coach_a"].post("/api/invites")
    assert r.status_code == 201, r.text
    code: str = r.json()["code"]
    return code


def open_link(world: World, code: str) -> tuple[Any, str]:
    """A visitor without a login opens the invite link: their client and the form's token."""
    client = world.anonymous()
    page = client.get(f"/join/{code}", headers={"accept": "text/html"})
    assert page.status_code == 200, page.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token is not None
    return client, token[1]


def form(token: str, name: str = "newbie", password: str = PASSWORD, again: str = "") -> Any:
    return {
        "username": name,
        "password": password,
        "password_again": again or password,
        "csrf_token": token,
    }


def users(world: World) -> set[str]:
    from mindmuscle.store import open_repository
    from mindmuscle.store.accounts import AccountStore

    with open_repository(world.settings.database_url) as repo:
        return {u.username for u in AccountStore(repo.engine).users()}


def clients_of_coach_a(world: World) -> set[str]:
    return {c["username"] for c in world.clients["coach_a"].get("/api/clients").json()}


def alert(page: str) -> str:
    found = re.search(r'role="alert">([^<]+)<', page)
    assert found is not None, page
    return html.unescape(found[1])


def test_the_invite_page_offers_logging_in_or_creating_an_account(world: World) -> None:
    code = invite(world)
    client = world.anonymous()
    page = client.get(f"/join/{code}")
    assert page.status_code == 200
    assert "<strong>coach_a</strong> invited you" in page.text
    assert f'action="/join/{code}/account"' in page.text and 'id="create-account"' in page.text
    assert 'name="password_again"' in page.text
    assert f'href="/login?next=%2Fjoin%2F{code}"' in page.text  # "I have an account"
    assert "mm_anon=" in page.headers["set-cookie"] and "Path=/join" in page.headers["set-cookie"]
    assert 'class="tabbar"' not in page.text  # no app tabs before there is an account


def test_sign_up_links_to_the_coach_logs_in_and_lands_on_today(world: World) -> None:
    code = invite(world)
    client, token = open_link(world, code)
    r = client.post(f"/join/{code}/account", data=form(token))
    assert r.status_code == 303 and r.headers["location"] == "/"
    cookie = r.headers["set-cookie"]
    assert "mm_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    today = client.get("/")
    assert today.status_code == 200 and 'id="plan-form"' in today.text
    me = client.get("/api/me").json()
    assert (me["username"], me["role"], me["coach"]) == ("newbie", "athlete", "coach_a")
    assert "newbie" in clients_of_coach_a(world)
    # the new athlete's own writes work with the session's CSRF token
    plan = client.post(
        "/api/plans",
        json={"focus": ["chest"], "minutes": 30},
        headers={"X-CSRF-Token": me["csrf_token"]},
    )
    assert plan.status_code == 201
    # and the invite link is used up: it now says so
    again = world.anonymous().get(f"/join/{code}", headers={"accept": "text/html"})
    assert again.status_code == 404 and "not valid (wrong, used or expired)" in alert(again.text)
    assert 'id="create-account"' not in again.text


def test_a_used_invite_creates_nothing(world: World) -> None:
    code = invite(world)
    first, first_token = open_link(world, code)
    second, second_token = open_link(world, code)  # both opened the link before either signed up
    assert first.post(f"/join/{code}/account", data=form(first_token)).status_code == 303
    r = second.post(f"/join/{code}/account", data=form(second_token, "second"))
    assert r.status_code == 404
    assert alert(r.text) == (
        "This invite is not valid (wrong, used or expired); ask your coach for a new link."
    )
    assert "mm_session" not in r.headers.get("set-cookie", "")
    assert "second" not in users(world)
    assert clients_of_coach_a(world) == {"athlete_a", "newbie"}


def test_a_wrong_code_creates_nothing(world: World) -> None:
    client = world.anonymous()
    page = client.get("/join/not-a-real-code")
    assert page.status_code == 404 and "not valid" in alert(page.text)
    token = csrf_of_cookie(world, client)
    r = client.post("/join/not-a-real-code/account", data=form(token))
    assert r.status_code == 404 and "newbie" not in users(world)


def csrf_of_cookie(world: World, client: Any) -> str:
    from mindmuscle.web.auth import csrf_token

    return csrf_token(world.settings.secret_key, client.cookies["mm_anon"])


@pytest.mark.parametrize("name", ["athlete_b", "Athlete_B", "coach_a"])
def test_a_taken_name_creates_nothing_and_keeps_the_invite(world: World, name: str) -> None:
    code = invite(world)
    client, token = open_link(world, code)
    r = client.post(f"/join/{code}/account", data=form(token, name))
    assert r.status_code == 409
    assert alert(r.text) == f"The user name {name!r} is taken; choose another."
    assert f'value="{name}"' in r.text  # the form keeps what was typed, except passwords
    assert PASSWORD not in r.text
    assert len(users(world)) == 5 and clients_of_coach_a(world) == {"athlete_a"}
    # the invite is still good: another name works
    assert client.post(f"/join/{code}/account", data=form(token, "fresh")).status_code == 303


@pytest.mark.parametrize(
    ("password", "again", "message"),
    [
        ("short", "", "A password needs 8 to 1000 characters."),
        (PASSWORD, PASSWORD + "!", "The two passwords differ; type the same password twice."),
    ],
)
def test_a_weak_or_mistyped_password_creates_nothing(
    world: World, password: str, again: str, message: str
) -> None:
    code = invite(world)
    client, token = open_link(world, code)
    r = client.post(f"/join/{code}/account", data=form(token, password=password, again=again))
    assert r.status_code == 422 and alert(r.text) == message
    assert "newbie" not in users(world)
    assert client.post(f"/join/{code}/account", data=form(token)).status_code == 303


def test_an_invalid_name_creates_nothing(world: World) -> None:
    code = invite(world)
    client, token = open_link(world, code)
    r = client.post(f"/join/{code}/account", data=form(token, "no spaces"))
    assert r.status_code == 422 and "is not valid" in alert(r.text)
    assert len(users(world)) == 5


@pytest.mark.parametrize("token", ["", "0" * 64, "FROM-ANOTHER-BROWSER"])
def test_sign_up_without_the_csrf_token_is_refused(world: World, token: str) -> None:
    code = invite(world)
    client, good = open_link(world, code)
    if token == "FROM-ANOTHER-BROWSER":  # a token valid for a different pre-login cookie
        _, token = open_link(world, code)
    r = client.post(f"/join/{code}/account", data=form(token))
    assert r.status_code == 403 and "try again" in alert(r.text)
    # a cross-site form has no pre-login cookie at all
    bare = world.anonymous().post(f"/join/{code}/account", data=form(good))
    assert bare.status_code == 403
    assert "newbie" not in users(world) and clients_of_coach_a(world) == {"athlete_a"}


def test_sign_up_is_rate_limited_like_the_login(world: World) -> None:
    code = invite(world)
    client, token = open_link(world, code)
    for _ in range(ADDRESS_LIMIT):
        r = client.post(f"/join/{code}/account", data=form(token, password="short"))
        assert r.status_code == 422
    r = client.post(f"/join/{code}/account", data=form(token))
    assert r.status_code == 429 and "Too many failed attempts" in alert(r.text)
    assert "newbie" not in users(world)
    # the same limiter as the login: this address may not log in either for now
    login = world.anonymous().post(
        "/api/login", json={"username": "athlete_a", "password": PASSWORD}
    )
    assert login.status_code == 429


def test_a_logged_in_user_is_sent_to_accept_instead(world: World) -> None:
    code = invite(world)
    b = world.clients["athlete_b"]
    b.follow_redirects = False
    page = b.get(f"/join/{code}")
    assert page.status_code == 200 and 'id="accept-invite"' in page.text
    assert 'id="create-account"' not in page.text
    r = b.post(f"/join/{code}/account", data=form(b.headers["X-CSRF-Token"]))
    assert r.status_code == 303 and r.headers["location"] == f"/join/{code}"
    assert "newbie" not in users(world)


def test_accepting_without_a_login_still_needs_the_login(world: World) -> None:
    code = invite(world)
    r = world.anonymous().post(f"/join/{code}", data={"csrf_token": "x"})
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")
    assert world.anonymous().get(f"/join/{code}/account").status_code in (303, 405)


def test_single_user_mode_has_no_sign_up(client: Any) -> None:
    r = client.post("/join/some-code-123/account", data={"username": "x"})
    assert r.status_code == 404
