"""Refusals as pages for browsers, JSON for scripts: a page the guard refuses (or any other
error on a non-API path) is a small HTML page in the app's layout when the client prefers
text/html, with the same sentence and status; /api/ and JSON clients keep the JSON shape.
Also: a coach viewing a client's Today sees no controls they may not use."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest

from .test_auth_world import (
    World,
    world_fixture,  # noqa: F401 - the fixture
)

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"


def message_of(page: str) -> str:
    found = re.search(r'<p id="error-message">([^<]+)</p>', page)
    assert found is not None, page
    return html.unescape(found[1])


# (who, path, status, message) for pages the guard refuses
REFUSED = [
    ("athlete_a", "/clients/{A}", 403, "Only coaches may use this; your account is not a coach."),
    ("athlete_b", "/?lifter={A}", 404, "No lifter '{A}' is visible to you."),
    ("coach_x", "/history?lifter={A}", 404, "No lifter '{A}' is visible to you."),
    ("coach_x", "/clients/{A}", 404, "No lifter '{A}' is visible to you."),
]


@pytest.mark.parametrize(("who", "path", "status", "message"), REFUSED)
def test_a_refused_page_is_an_html_page_for_a_browser(
    world: World, who: str, path: str, status: int, message: str
) -> None:
    lifter = world.lifters["athlete_a"]
    r = world.clients[who].get(path.format(A=lifter), headers={"accept": BROWSER})
    assert r.status_code == status
    assert r.headers["content-type"].startswith("text/html")
    assert message_of(r.text) == message.format(A=lifter)
    assert f"Error {status}" in r.text
    assert 'href="/"' in r.text and 'class="tabbar"' in r.text  # home, in the app's layout
    assert "<script>" not in r.text  # the message is escaped text, not markup


@pytest.mark.parametrize(("who", "path", "status", "message"), REFUSED)
@pytest.mark.parametrize("accept", [None, "application/json", "application/json, text/html;q=0.5"])
def test_scripts_keep_the_json_shape(
    world: World, who: str, path: str, status: int, message: str, accept: str | None
) -> None:
    lifter = world.lifters["athlete_a"]
    headers = {"accept": accept} if accept else {}
    r = world.clients[who].get(path.format(A=lifter), headers=headers)
    assert r.status_code == status
    assert r.json()["error"]["message"] == message.format(A=lifter)


def test_the_api_answers_json_even_to_a_browser(world: World) -> None:
    lifter = world.lifters["athlete_a"]
    b = world.clients["athlete_b"]
    r = b.get(f"/api/sets?lifter={lifter}", headers={"accept": BROWSER})
    assert r.status_code == 404 and r.json()["error"]["field"] == "lifter"
    r = b.get("/api/clients", headers={"accept": BROWSER})
    assert r.status_code == 403 and "error" in r.json()
    r = world.anonymous().get("/api/sets", headers={"accept": BROWSER})
    assert r.status_code == 401 and "Log in first" in r.json()["error"]["message"]


def test_a_form_without_its_csrf_token_is_a_page(world: World) -> None:
    r = world.clients["athlete_a"].post(
        "/today/plan",
        data={"focus": "chest"},
        headers={"accept": BROWSER, "X-CSRF-Token": ""},
    )
    assert r.status_code == 403
    assert "CSRF token is missing or wrong" in message_of(r.text)


def test_the_error_page_offers_the_login_to_a_visitor(world: World) -> None:
    r = world.anonymous().get("/no-such-page", headers={"accept": BROWSER})
    assert r.status_code == 404 and message_of(r.text) == "Nothing here at /no-such-page."
    assert 'href="/login"' in r.text and 'class="tabbar"' not in r.text
    # logged in, the same page offers Today and the tabs (the guard did not run: no route)
    r = world.clients["coach_a"].get("/no-such-page", headers={"accept": BROWSER})
    assert r.status_code == 404 and 'href="/login"' not in r.text
    assert 'href="/clients"' in r.text  # the coach's tab: the layout knows who it is


def test_a_bad_query_on_a_page_is_a_page(client: Any) -> None:
    r = client.get("/progress/report.html?weeks=0", headers={"accept": BROWSER})
    assert r.status_code == 422 and "weeks" in message_of(r.text)
    r = client.get("/progress/report.html?weeks=0")
    assert r.status_code == 422 and r.json()["error"]["field"] == "weeks"


# -- a coach on a client's Today ------------------------------------------------------------------


def test_a_coach_on_a_clients_today_sees_no_controls_of_the_client(world: World) -> None:
    a = world.clients["athlete_a"]
    assert a.post("/api/sessions", json={"id": "open-one"}).status_code == 201
    own = a.get("/").text
    assert 'id="plan-form"' in own and 'data-finish="open-one"' in own
    assert 'href="/coach/open-one"' in own and 'id="viewer-note"' not in own

    lifter = world.lifters["athlete_a"]
    seen = world.clients["coach_a"].get(f"/?lifter={lifter}")
    assert seen.status_code == 200
    assert 'id="plan-form"' not in seen.text and 'hx-post="/today/plan"' not in seen.text
    assert "data-finish" not in seen.text and 'href="/coach/open-one"' not in seen.text
    assert "Session in progress" in seen.text  # what the client does is still shown
    assert 'id="viewer-note"' in seen.text
    # and what was hidden would indeed have been refused
    refused = world.clients["coach_a"].post(
        f"/today/plan?lifter={lifter}",
        data={"focus": "chest", "csrf_token": world.clients["coach_a"].headers["X-CSRF-Token"]},
    )
    assert refused.status_code == 403


def test_a_coach_on_a_clients_today_reads_it_as_the_coach(world: World) -> None:
    lifter = world.lifters["athlete_a"]
    coach, athlete = world.clients["coach_a"], world.clients["athlete_a"]
    made = coach.post(f"/api/clients/{lifter}/plans", json={"focus": ["chest"], "minutes": 30})
    assert made.status_code == 201, made.text
    set_body = {"id": "n1", "exercise": "barbell_back_squat", "reps": 5, "load": 80}
    assert athlete.post("/api/sets", json=set_body).status_code == 201
    note = {"set_id": "n1", "text": "Slower on the way down."}
    assert coach.post(f"/api/clients/{lifter}/notes", json=note).status_code == 201

    mine = athlete.get("/").text
    assert "From your coach" in mine and "Notes from your coach" in mine
    theirs = coach.get(f"/?lifter={lifter}").text
    assert "your coach" not in theirs
    assert "Assigned" in theirs and "Your notes to this client" in theirs
    assert "Slower on the way down." in theirs
