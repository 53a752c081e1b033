"""Signing up through a coach's invite, on SQLite and PostgreSQL: one transaction claims the
invite, creates the athlete and links them to the coach, or stores nothing; failures count on
the login limiter of the client address."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from mindmuscle.errors import ConflictError, InputError, StorageError
from mindmuscle.store.accounts import (
    ADDRESS_LIMIT,
    INVITE_TTL,
    AccountStore,
    InviteError,
    LoginRefusedError,
    User,
)
from mindmuscle.store.sql.models import CoachLinkRow, InviteRow, UserRow

from .test_accounts import IP, NOW, PASSWORD, add
from .test_accounts import store as store  # the fixture (SQLite and PostgreSQL)


def sign_up(
    store: AccountStore, code: str, name: str = "newbie", password: str = PASSWORD, **kw: Any
) -> tuple[User, User]:
    kw.setdefault("address", IP)
    kw.setdefault("now", NOW)
    return store.sign_up_with_invite(code, name, password, **kw)


def counts(store: AccountStore) -> tuple[int, int, int]:
    """Users, coach links and used invites in the database."""
    with store.tx() as db:
        return (
            db.scalar(sa.select(sa.func.count()).select_from(UserRow)) or 0,
            db.scalar(sa.select(sa.func.count()).select_from(CoachLinkRow)) or 0,
            db.scalar(
                sa.select(sa.func.count())
                .select_from(InviteRow)
                .where(InviteRow.accepted_at.is_not(None))
            )
            or 0,
        )


@pytest.fixture
def coach(store: AccountStore) -> User:
    return add(store, "cora", "coach")


def test_sign_up_creates_an_athlete_linked_to_the_coach(store: AccountStore, coach: User) -> None:
    code = store.create_invite(coach, now=NOW)
    assert store.invite_coach(code, now=NOW) == coach
    athlete, inviter = sign_up(store, code)
    assert inviter == coach
    assert (athlete.username, athlete.role) == ("newbie", "athlete")
    assert athlete.lifter_id != coach.lifter_id
    assert store.coach_of(athlete) == coach and store.clients(coach) == [athlete]
    assert store.coaches_lifter(coach, athlete.lifter_id)
    assert store.login("newbie", PASSWORD, address=IP, now=NOW) == athlete
    with store.tx() as db:
        stored = db.scalar(sa.select(UserRow.password_hash).where(UserRow.id == athlete.id))
        invite = db.scalar(sa.select(InviteRow))
    assert stored is not None and stored.startswith("$argon2") and PASSWORD not in stored
    assert invite is not None and invite.accepted_by == athlete.id
    assert store.invite_coach(code, now=NOW) is None  # used


def test_the_invite_stays_one_time(store: AccountStore, coach: User) -> None:
    code = store.create_invite(coach, now=NOW)
    sign_up(store, code)
    with pytest.raises(InviteError, match="not valid"):
        sign_up(store, code, "second")
    assert store.user_by_name("second") is None
    assert counts(store) == (2, 1, 1)
    # nor can an existing account accept it afterwards
    with pytest.raises(InputError):
        store.accept_invite(code, add(store, "bobby"), now=NOW)


@pytest.mark.parametrize(
    ("code", "after"),
    [("made-up-code-123", timedelta(0)), ("", INVITE_TTL), ("", INVITE_TTL + timedelta(days=1))],
)
def test_wrong_or_expired_invites_create_nothing(
    store: AccountStore, coach: User, code: str, after: timedelta
) -> None:
    real = store.create_invite(coach, now=NOW)
    with pytest.raises(InviteError):
        sign_up(store, code or real, now=NOW + after)
    assert store.user_by_name("newbie") is None
    assert counts(store) == (1, 0, 0)


def test_an_invite_accepted_by_an_existing_account_is_used(
    store: AccountStore, coach: User
) -> None:
    code = store.create_invite(coach, now=NOW)
    store.accept_invite(code, add(store, "alice"), now=NOW)
    with pytest.raises(InviteError):
        sign_up(store, code)
    assert store.user_by_name("newbie") is None


@pytest.mark.parametrize("name", ["alice", "ALICE", "Alice"])
def test_a_taken_name_creates_nothing_and_leaves_the_invite(
    store: AccountStore, coach: User, name: str
) -> None:
    add(store, "alice")
    code = store.create_invite(coach, now=NOW)
    with pytest.raises(ConflictError, match="is taken"):
        sign_up(store, code, name)
    assert counts(store) == (2, 0, 0)
    assert store.invite_coach(code, now=NOW) == coach  # still usable
    assert sign_up(store, code, "alice2")[0].username == "alice2"


@pytest.mark.parametrize(
    ("name", "password", "message"),
    [
        ("newbie", "short", "8 to 1000 characters"),
        ("newbie", "", "8 to 1000 characters"),
        ("ab", PASSWORD, "not valid"),
        ("new bie", PASSWORD, "not valid"),
    ],
)
def test_the_password_and_name_policy_of_users_add(
    store: AccountStore, coach: User, name: str, password: str, message: str
) -> None:
    code = store.create_invite(coach, now=NOW)
    with pytest.raises(InputError, match=message):
        sign_up(store, code, name, password)
    assert counts(store) == (1, 0, 0)
    assert store.invite_coach(code, now=NOW) == coach


def test_a_failure_inside_the_transaction_leaves_no_half_written_state(
    store: AccountStore, coach: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The invite is claimed and the user written before the link fails: all rolled back."""
    code = store.create_invite(coach, now=NOW)

    def broken_link(**_: Any) -> None:
        raise sa.exc.OperationalError("INSERT INTO coach_links", {}, Exception("disk full"))

    monkeypatch.setattr("mindmuscle.store.accounts.CoachLinkRow", broken_link)
    with pytest.raises(StorageError, match="disk full"):
        sign_up(store, code)
    monkeypatch.undo()
    assert counts(store) == (1, 0, 0)
    assert store.user_by_name("newbie") is None
    assert store.invite_coach(code, now=NOW) == coach
    assert sign_up(store, code)[1] == coach  # the same invite and name work afterwards


def test_two_sign_ups_racing_for_one_invite(store: AccountStore, coach: User) -> None:
    code = store.create_invite(coach, now=NOW)
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def attempt(name: str) -> None:
        start.wait()
        try:
            outcomes[name] = sign_up(store, code, name)[0]
        except Exception as exc:  # the test inspects it
            outcomes[name] = exc

    threads = [threading.Thread(target=attempt, args=(n,)) for n in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    won = [o for o in outcomes.values() if isinstance(o, User)]
    lost = [o for o in outcomes.values() if not isinstance(o, User)]
    assert len(won) == 1 and len(lost) == 1, outcomes
    assert isinstance(lost[0], InviteError), lost
    assert counts(store) == (2, 1, 1)
    assert store.clients(coach) == won


def test_failed_sign_ups_are_rate_limited_with_logins(store: AccountStore, coach: User) -> None:
    code = store.create_invite(coach, now=NOW)
    alice = add(store, "alice")
    for i in range(ADDRESS_LIMIT):
        with pytest.raises(InputError):
            sign_up(store, code, password="short", now=NOW + timedelta(seconds=i))
    later = NOW + timedelta(minutes=1)
    with pytest.raises(LoginRefusedError, match="Too many"):
        sign_up(store, code, now=later)  # a good attempt, refused before anything is checked
    assert counts(store) == (2, 0, 0)
    with pytest.raises(LoginRefusedError):  # the same limiter as logins, per address
        store.login("alice", PASSWORD, address=IP, now=later)
    assert store.login("alice", PASSWORD, address="10.0.0.99", now=later) == alice
    athlete, _ = sign_up(store, code, address="10.0.0.99", now=later)  # another address
    assert store.coach_of(athlete) == coach


def test_failures_of_a_taken_name_and_a_wrong_code_count_too(
    store: AccountStore, coach: User
) -> None:
    add(store, "alice")
    code = store.create_invite(coach, now=NOW)
    for i in range(ADDRESS_LIMIT):
        with pytest.raises(ConflictError if i % 2 else InviteError):
            sign_up(store, code if i % 2 else "made-up-code", "alice")
    with pytest.raises(LoginRefusedError):
        sign_up(store, code, "fresh")
    assert store.user_by_name("fresh") is None
