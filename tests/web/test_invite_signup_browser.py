"""Signing up through an invite link, end to end in headless Debian Chromium at phone size: the
coach makes a link, a newcomer opens it, picks a taken name (one sentence, nothing created),
then a free one, and lands on Today logged in and coached; the coach sees them among the
clients and, on their Today, no controls the coach may not use; the newcomer opening a coach
page gets a page (not JSON); the used link says it is used.
Screenshots (360 x 740) go to test-artifacts/invite-signup-*.png."""

from __future__ import annotations

import re
from typing import Any

import pytest

from .conftest import LiveServer, shot
from .test_auth_world import PASSWORD
from .test_coach_browser import _fits, _login, _phone
from .test_coach_browser import coach_server as coach_server  # the fixture

pytestmark = pytest.mark.slow


def _fill(page: Any, name: str, password: str = PASSWORD) -> None:
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", password)
    page.fill("input[name=password_again]", password)
    page.click("#create-account")
    page.wait_for_load_state()


def test_a_newcomer_signs_up_through_the_invite_link(
    browser: Any, coach_server: LiveServer
) -> None:
    coach = _phone(browser, coach_server)
    nina = _phone(browser, coach_server)

    _login(coach, "cora", "/clients")
    coach.click("#invite")
    link = coach.input_value("#invite-link")

    # the newcomer opens the link: who invited them, log in or create an account
    nina.goto(link)
    assert re.search(r"/join/[^/]+$", nina.url), nina.url  # not sent to the login
    assert "cora invited you" in nina.text_content("#inviter")
    assert nina.locator("#join-login").get_attribute("href").startswith("/login?next=%2Fjoin%2F")
    _fits(nina)
    shot(nina, "invite-signup-01-page")

    # a taken name: one sentence, the name kept, nothing created
    _fill(nina, "ana")
    assert nina.text_content("[role=alert]") == "The user name 'ana' is taken; choose another."
    assert nina.input_value("input[name=username]") == "ana"
    _fits(nina)
    shot(nina, "invite-signup-02-name-taken")

    # a free name: logged in, on Today, coached by cora
    _fill(nina, "nina")
    nina.wait_for_url(f"{coach_server.url}/")
    assert nina.locator("#plan-form").is_visible()
    _fits(nina)
    shot(nina, "invite-signup-03-today")
    nina.goto("/me")
    assert nina.text_content("#coach-name") == "cora"

    # the coach sees the new client and, on their Today, nothing the coach may not use
    coach.goto("/clients")
    card = coach.locator("a.card.client", has_text="nina")
    lifter = card.get_attribute("data-lifter")
    assert lifter
    coach.goto(f"/?lifter={lifter}")
    assert coach.locator("#plan-form").count() == 0
    assert coach.locator("#viewer-note").is_visible()
    _fits(coach)
    shot(coach, "invite-signup-04-coach-views-today")

    # the athlete opening a coach page gets a page saying so, not JSON
    response = nina.goto(f"/clients/{lifter}")
    assert response.status == 403
    assert "Only coaches may use this" in nina.text_content("#error-message")
    assert nina.locator("a.btn", has_text="Back to Today").is_visible()
    _fits(nina)
    shot(nina, "invite-signup-05-refused-page")

    # the link is used up
    late = _phone(browser, coach_server)
    assert late.goto(link).status == 404
    assert "not valid (wrong, used or expired)" in late.text_content("[role=alert]")
    shot(late, "invite-signup-06-link-used")
    for page in (coach, nina, late):
        page.context.close()
