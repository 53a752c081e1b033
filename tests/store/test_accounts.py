"""Accounts of multi-user mode on SQLite and PostgreSQL: users and passwords, roles, invites,
coach links, notes and assignments, and login rate limiting."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from mindmuscle.errors import ConflictError, InputError
from mindmuscle.planning.history import LoggedSet
from mindmuscle.store import StoredPlan, open_repository
from mindmuscle.store.accounts import (
    ACCOUNT_LIMIT,
    ADDRESS_LIMIT,
    INVITE_TTL,
    ROLES,
    WINDOW,
    AccountStore,
    LoginRefusedError,
    User,
)
from mindmuscle.store.accounts_notes import add_note, assign_plan, assignments, notes
from support.accounts import fast_hash

NOW = datetime(2025, 3, 3, 10, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"
IP = "10.0.0.1"


@pytest.fixture
def store(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[AccountStore]:
    monkeypatch.setattr("mindmuscle.store.accounts.hash_password", fast_hash)
    with open_repository(db_url) as repo:
        made = AccountStore(repo.engine)
        made.url = db_url  # type: ignore[attr-defined]
        yield made


def stored_set(store: AccountStore, lifter_id: str, set_id: str) -> str:
    """A real set of ``lifter_id`` (notes refer to stored sets)."""
    logged = LoggedSet(id=set_id, exercise="pec_deck", performed_at=NOW, reps=10, load=40.0)
    with open_repository(store.url, lifter_id=lifter_id) as repo:  # type: ignore[attr-defined]
        repo.record_set(logged)
    return set_id


def stored_plan(store: AccountStore, lifter_id: str, plan_id: str) -> str:
    plan = StoredPlan(id=plan_id, kind="session", created_at=NOW, prescription={"blocks": []})
    with open_repository(store.url, lifter_id=lifter_id) as repo:  # type: ignore[attr-defined]
        repo.add_plan(plan)
    return plan_id


def add(store: AccountStore, name: str, role: str = "athlete") -> User:
    return store.add_user(name, PASSWORD, role, now=NOW)


# -- users and passwords ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "ok"),
    [(PASSWORD, True), ("correct horse batterY", False), ("", False), (PASSWORD + " ", False)],
)
def test_login_checks_the_password(store: AccountStore, password: str, ok: bool) -> None:
    user = add(store, "alice")
    got = store.login("alice", password, address=IP, now=NOW)
    assert (got == user) if ok else (got is None)


def test_unknown_user_does_not_log_in(store: AccountStore) -> None:
    add(store, "alice")
    assert store.login("bob", PASSWORD, address=IP, now=NOW) is None


def test_password_is_not_stored_in_clear(store: AccountStore) -> None:
    import sqlalchemy as sa

    add(store, "alice")
    with store.engine.connect() as conn:
        stored = conn.execute(sa.text("SELECT password_hash FROM users")).scalar_one()
    assert PASSWORD not in stored and stored.startswith("$argon2")


def test_duplicate_username_is_refused_in_one_sentence(store: AccountStore) -> None:
    add(store, "alice")
    with pytest.raises(ConflictError) as info:
        store.add_user("alice", "another password", "coach", now=NOW)
    message = str(info.value)
    assert "alice" in message and message.endswith(".") and message.count(". ") == 0
    assert [u.username for u in store.users()] == ["alice"]


def test_duplicate_lifter_is_refused(store: AccountStore) -> None:
    store.add_user("alice", PASSWORD, "athlete", now=NOW, lifter_id="me")
    with pytest.raises(ConflictError):
        store.add_user("bobby", PASSWORD, "athlete", now=NOW, lifter_id="me")


@pytest.mark.parametrize(
    ("username", "password", "role"),
    [
        ("ab", PASSWORD, "athlete"),  # too short a name
        ("has space", PASSWORD, "athlete"),
        ("alice", "short", "athlete"),  # password under 8 characters
        ("alice", PASSWORD, "king"),  # unknown role
    ],
)
def test_invalid_accounts_are_refused(
    store: AccountStore, username: str, password: str, role: str
) -> None:
    with pytest.raises(InputError):
        store.add_user(username, password, role, now=NOW)
    assert store.users() == []


@pytest.mark.parametrize("role", ROLES)
def test_roles_are_stored_and_changed(store: AccountStore, role: str) -> None:
    user = add(store, "alice", role)
    assert user.role == role and store.user_by_name("alice") == user
    other = next(r for r in ROLES if r != role)
    assert store.set_role("alice", other).role == other
    got = store.get_user(user.id)
    assert got is not None and got.role == other


def test_set_password_ends_logins_and_changes_the_password(store: AccountStore) -> None:
    user = add(store, "alice")
    token = store.start_session(user, now=NOW)
    assert store.session_user(token, now=NOW) == user
    store.set_password("alice", "a new password")
    assert store.session_user(token, now=NOW) is None
    assert store.login("alice", PASSWORD, address=IP, now=NOW) is None
    assert store.login("alice", "a new password", address=IP, now=NOW) == user


def test_session_expires_and_ends(store: AccountStore) -> None:
    user = add(store, "alice")
    token = store.start_session(user, now=NOW)
    assert store.session_user(token, now=NOW + timedelta(days=13)) == user
    assert store.session_user(token, now=NOW + timedelta(days=14)) is None
    assert store.session_user("not-a-token", now=NOW) is None
    store.end_session(token)
    assert store.session_user(token, now=NOW) is None


def test_remove_user(store: AccountStore) -> None:
    coach, athlete = add(store, "coach", "coach"), add(store, "alice")
    store.accept_invite(store.create_invite(coach, now=NOW), athlete, now=NOW)
    store.remove_user("coach")
    assert store.user_by_name("coach") is None
    assert store.coach_of(athlete) is None
    with pytest.raises(InputError):
        store.remove_user("coach")


# -- invites and coach links -----------------------------------------------------------------------


def test_invite_accept_links_athlete_to_coach(store: AccountStore) -> None:
    coach, athlete = add(store, "coach", "coach"), add(store, "alice")
    code = store.create_invite(coach, now=NOW)
    assert store.accept_invite(code, athlete, now=NOW) == coach
    assert store.coach_of(athlete) == coach
    assert store.clients(coach) == [athlete]
    assert store.coaches_lifter(coach, athlete.lifter_id)


@pytest.mark.parametrize(
    ("after", "ok"),
    [
        (timedelta(0), True),
        (INVITE_TTL - timedelta(seconds=1), True),
        (INVITE_TTL, False),
        (INVITE_TTL + timedelta(days=1), False),
    ],
)
def test_invite_expires(store: AccountStore, after: timedelta, ok: bool) -> None:
    coach, athlete = add(store, "coach", "coach"), add(store, "alice")
    code = store.create_invite(coach, now=NOW)
    if ok:
        assert store.accept_invite(code, athlete, now=NOW + after) == coach
    else:
        with pytest.raises(InputError):
            store.accept_invite(code, athlete, now=NOW + after)
        assert store.coach_of(athlete) is None


def test_invite_is_used_once(store: AccountStore) -> None:
    coach = add(store, "coach", "coach")
    first, second = add(store, "alice"), add(store, "bobby")
    code = store.create_invite(coach, now=NOW)
    store.accept_invite(code, first, now=NOW)
    with pytest.raises(InputError):
        store.accept_invite(code, second, now=NOW)
    assert store.coach_of(second) is None and store.clients(coach) == [first]


@pytest.mark.parametrize("role", ["athlete", "admin"])
def test_only_coaches_invite(store: AccountStore, role: str) -> None:
    with pytest.raises(InputError):
        store.create_invite(add(store, "nobody", role), now=NOW)


def test_wrong_code_and_own_invite_are_refused(store: AccountStore) -> None:
    coach = add(store, "coach", "coach")
    with pytest.raises(InputError):
        store.accept_invite("made-up-code", add(store, "alice"), now=NOW)
    with pytest.raises(InputError):
        store.accept_invite(store.create_invite(coach, now=NOW), coach, now=NOW)


def test_a_second_coach_needs_leaving_the_first(store: AccountStore) -> None:
    one, two = add(store, "coach1", "coach"), add(store, "coach2", "coach")
    athlete = add(store, "alice")
    store.accept_invite(store.create_invite(one, now=NOW), athlete, now=NOW)
    code = store.create_invite(two, now=NOW)
    with pytest.raises(ConflictError):
        store.accept_invite(code, athlete, now=NOW)
    assert store.leave_coach(athlete, now=NOW)
    assert store.accept_invite(code, athlete, now=NOW) == two
    assert store.coach_of(athlete) == two


def test_leaving_ends_the_coachs_access(store: AccountStore) -> None:
    coach, athlete = add(store, "coach", "coach"), add(store, "alice")
    store.accept_invite(store.create_invite(coach, now=NOW), athlete, now=NOW)
    assert store.coaches_lifter(coach, athlete.lifter_id)
    assert store.leave_coach(athlete, now=NOW + timedelta(hours=1)) is True
    assert not store.coaches_lifter(coach, athlete.lifter_id)
    assert store.coach_of(athlete) is None and store.clients(coach) == []
    assert store.leave_coach(athlete, now=NOW) is False


def test_coach_access_is_per_link_and_role(store: AccountStore) -> None:
    coach, other = add(store, "coach", "coach"), add(store, "other", "coach")
    athlete, stranger = add(store, "alice"), add(store, "bobby")
    store.accept_invite(store.create_invite(coach, now=NOW), athlete, now=NOW)
    assert not store.coaches_lifter(other, athlete.lifter_id)
    assert not store.coaches_lifter(coach, stranger.lifter_id)
    store.set_role("coach", "athlete")
    demoted = store.user_by_name("coach")
    assert demoted is not None and not store.coaches_lifter(demoted, athlete.lifter_id)


# -- notes and assignments -------------------------------------------------------------------------


def test_notes_are_read_per_lifter(store: AccountStore) -> None:
    coach, alice, bobby = add(store, "coach", "coach"), add(store, "alice"), add(store, "bobby")
    s1, s2 = (
        stored_set(store, alice.lifter_id, "set-1"),
        stored_set(store, alice.lifter_id, "set-2"),
    )
    s9 = stored_set(store, bobby.lifter_id, "set-9")
    add_note(store, coach, alice.lifter_id, s1, "  Slower down  ", now=NOW)
    add_note(store, coach, alice.lifter_id, s2, "Good", now=NOW + timedelta(minutes=1))
    add_note(store, coach, bobby.lifter_id, s9, "For Bob", now=NOW)
    got = notes(store, alice.lifter_id)
    assert [(n.set_id, n.text, n.coach) for n in got] == [
        ("set-1", "Slower down", "coach"),
        ("set-2", "Good", "coach"),
    ]
    assert [n.text for n in notes(store, bobby.lifter_id)] == ["For Bob"]
    assert notes(store, "l-nobody") == []


@pytest.mark.parametrize("text", ["", "   ", "x" * 2001])
def test_invalid_notes_are_refused(store: AccountStore, text: str) -> None:
    coach, alice = add(store, "coach", "coach"), add(store, "alice")
    with pytest.raises(InputError):
        add_note(
            store, coach, alice.lifter_id, stored_set(store, alice.lifter_id, "s1"), text, now=NOW
        )
    assert notes(store, alice.lifter_id) == []


def test_assignments_are_read_per_lifter_newest_first(store: AccountStore) -> None:
    coach, alice, bobby = add(store, "coach", "coach"), add(store, "alice"), add(store, "bobby")
    old, new = (
        stored_plan(store, alice.lifter_id, "plan-old"),
        stored_plan(store, alice.lifter_id, "plan-new"),
    )
    bob = stored_plan(store, bobby.lifter_id, "plan-bob")
    assign_plan(store, coach, alice.lifter_id, old, now=NOW)
    assign_plan(store, coach, alice.lifter_id, new, now=NOW + timedelta(days=1))
    assign_plan(store, coach, bobby.lifter_id, bob, now=NOW)
    assert [(a.plan_id, a.coach) for a in assignments(store, alice.lifter_id)] == [
        ("plan-new", "coach"),
        ("plan-old", "coach"),
    ]
    assert [a.plan_id for a in assignments(store, bobby.lifter_id)] == ["plan-bob"]


# -- rate limiting ---------------------------------------------------------------------------------


def fail(
    store: AccountStore, name: str, times: int, *, address: str = IP, at: datetime = NOW
) -> None:
    for _ in range(times):
        assert store.login(name, "wrong password", address=address, now=at) is None


@pytest.mark.parametrize(
    ("failures", "refused"), [(ACCOUNT_LIMIT - 1, False), (ACCOUNT_LIMIT, True)]
)
def test_account_limit_counts_failures(store: AccountStore, failures: int, refused: bool) -> None:
    user = add(store, "alice")
    fail(store, "alice", failures)
    if refused:
        with pytest.raises(LoginRefusedError):
            store.login("alice", PASSWORD, address="10.9.9.9", now=NOW)
    else:
        assert store.login("alice", PASSWORD, address=IP, now=NOW) == user


def test_account_limit_is_case_insensitive_and_per_account(store: AccountStore) -> None:
    add(store, "alice")
    bobby = add(store, "bobby")
    fail(store, "ALICE", ACCOUNT_LIMIT, address="10.0.0.2")
    with pytest.raises(LoginRefusedError):
        store.login("alice", PASSWORD, address="10.0.0.3", now=NOW)
    assert store.login("bobby", PASSWORD, address="10.0.0.3", now=NOW) == bobby


@pytest.mark.parametrize(
    ("after", "refused"),
    [(WINDOW - timedelta(seconds=1), True), (WINDOW, False), (WINDOW * 2, False)],
)
def test_failures_expire_after_the_window(
    store: AccountStore, after: timedelta, refused: bool
) -> None:
    user = add(store, "alice")
    fail(store, "alice", ACCOUNT_LIMIT)
    if refused:
        with pytest.raises(LoginRefusedError):
            store.login("alice", PASSWORD, address=IP, now=NOW + after)
    else:
        assert store.login("alice", PASSWORD, address=IP, now=NOW + after) == user


def test_a_good_login_resets_the_account_count(store: AccountStore) -> None:
    user = add(store, "alice")
    fail(store, "alice", ACCOUNT_LIMIT - 1)
    assert store.login("alice", PASSWORD, address=IP, now=NOW) == user
    fail(store, "alice", ACCOUNT_LIMIT - 1)  # would be refused had the count not been reset
    assert store.login("alice", PASSWORD, address=IP, now=NOW) == user


def test_address_limit_spans_accounts_and_is_not_reset_by_a_login(store: AccountStore) -> None:
    user = add(store, "alice")
    names = [f"user{i}" for i in range(ADDRESS_LIMIT)]
    for i, name in enumerate(names):
        fail(store, name, 1, at=NOW + timedelta(seconds=i))
    # each name failed once only, but the address is at its limit
    with pytest.raises(LoginRefusedError):
        store.login("alice", PASSWORD, address=IP, now=NOW + timedelta(minutes=1))
    assert store.login("alice", PASSWORD, address="10.0.0.99", now=NOW) == user
    with pytest.raises(LoginRefusedError):  # that login reset the account, not the address
        store.login("alice", PASSWORD, address=IP, now=NOW + timedelta(minutes=1))


def test_unknown_users_failures_count_too(store: AccountStore) -> None:
    fail(store, "ghost", ACCOUNT_LIMIT)
    with pytest.raises(LoginRefusedError):
        store.login("ghost", PASSWORD, address="10.0.0.5", now=NOW)
