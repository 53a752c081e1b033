"""Accounts of multi-user (coach) mode: users with argon2 password hashes, login sessions,
login rate limiting, coach invites and links (and signing up through an invite), coach notes
on sets and plan assignments.

Everything lives in the database (no process memory), so any number of worker processes on
one PostgreSQL database agree on who is logged in and who coaches whom. Tokens and invite
codes are stored only as their SHA-256.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final, Literal, get_args

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from mindmuscle.errors import ConflictError, InputError, MindMuscleError, StorageError
from mindmuscle.store.sql.models import (
    AuthSessionRow,
    CoachLinkRow,
    InviteRow,
    LoginFailureRow,
    PlanAssignmentRow,
    SetNoteRow,
    UserRow,
)

__all__ = [
    "ROLES",
    "SESSION_TTL",
    "AccountStore",
    "InviteError",
    "LoginRefusedError",
    "Role",
    "User",
    "hash_token",
]

Role = Literal["athlete", "coach", "admin"]
ROLES: Final[tuple[Role, ...]] = get_args(Role)
SESSION_TTL: Final = timedelta(days=14)
INVITE_TTL: Final = timedelta(days=7)
#: failed logins allowed per window, per account and per client address
ACCOUNT_LIMIT: Final = 5
ADDRESS_LIMIT: Final = 30
WINDOW: Final = timedelta(minutes=15)
_NAME: Final = re.compile(r"^[A-Za-z0-9._@+-]{3,200}$")


class LoginRefusedError(MindMuscleError):
    """Too many failed logins for this account or address: try again later."""


class InviteError(InputError):
    """The invite code is wrong, used or expired."""


INVITE_INVALID: Final = (
    "This invite is not valid (wrong, used or expired); ask your coach for a new link."
)


@dataclass(frozen=True, slots=True)
class User:
    id: str
    username: str
    role: Role
    lifter_id: str
    created_at: datetime


def hash_token(token: str) -> str:
    """How a session token or invite code is stored: its SHA-256, hex."""
    return hashlib.sha256(token.encode()).hexdigest()


def hash_password(password: str) -> str:
    from argon2 import PasswordHasher

    return PasswordHasher().hash(password)


def verify_password(stored: str, password: str) -> bool:
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return PasswordHasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def check_password(password: str) -> str:
    if not 8 <= len(password) <= 1000:
        raise InputError("A password needs 8 to 1000 characters.")
    return password


def check_role(role: str) -> Role:
    for known in ROLES:
        if role == known:
            return known
    raise InputError(f"Role {role!r} is not known; expected one of {', '.join(ROLES)}.")


def check_username(username: str) -> str:
    if not _NAME.match(username):
        raise InputError(
            f"User name {username!r} is not valid; expected 3 to 200 letters, digits or . _ @ + -."
        )
    return username


def _user(row: UserRow) -> User:
    return User(row.id, row.username, check_role(row.role), row.lifter_id, row.created_at)


def _new_user_row(
    username: str, password: str, role: Role, *, now: datetime, lifter_id: str | None = None
) -> UserRow:
    """An account row with new ids; the name and password checked, the password hashed."""
    return UserRow(
        id=f"u-{uuid.uuid4().hex[:16]}",
        username=check_username(username),
        password_hash=hash_password(check_password(password)),
        role=role,
        lifter_id=lifter_id or f"l-{uuid.uuid4().hex[:16]}",
        created_at=now,
    )


def _usable_invite(code: str, now: datetime) -> tuple[sa.ColumnElement[bool], ...]:
    """Conditions for the invite ``code`` while it can still be used (unused, unexpired)."""
    return (
        InviteRow.id == hash_token(code),
        InviteRow.accepted_at.is_(None),
        InviteRow.expires_at > now,
    )


def _claim_invite(db: Session, code: str, user_id: str, *, now: datetime) -> None:
    """Mark the invite used by ``user_id``, only if it is still usable: of two requests racing
    for one invite only one claims it, on SQLite (which ignores row locks) and PostgreSQL."""
    claimed = db.connection().execute(
        sa.update(InviteRow)
        .where(*_usable_invite(code, now))
        .values(accepted_by=user_id, accepted_at=now)
    )
    if claimed.rowcount != 1:
        raise InviteError(INVITE_INVALID)


# a hash to verify against when the user does not exist, so timing does not tell
_DUMMY: list[str] = []


def _address_key(address: str) -> str:
    """The rate-limit key of a client address (shared by logins and invite sign-ups)."""
    return f"ip:{address[:200]}"


def _limited(db: Session, checks: tuple[tuple[str, int], ...], now: datetime) -> bool:
    """Whether any key has had ``limit`` or more failures in the last :data:`WINDOW`."""
    for key, limit in checks:
        count = db.scalar(
            sa.select(sa.func.count())
            .select_from(LoginFailureRow)
            .where(LoginFailureRow.key == key, LoginFailureRow.at > now - WINDOW)
        )
        if (count or 0) >= limit:
            return True
    return False


class AccountStore:
    """Users, logins, invites and coach links in the database behind ``engine``."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def tx(self) -> Iterator[Session]:
        try:
            with self._sessions.begin() as db:
                yield db
        except MindMuscleError:
            raise
        except IntegrityError as exc:
            raise ConflictError(
                f"That conflicts with a stored account record ({exc.orig})."
            ) from None
        except SQLAlchemyError as exc:
            lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
            raise StorageError(
                f"The accounts database failed: {lines[0] if lines else exc}."
            ) from None

    # -- users -------------------------------------------------------------------------------

    def add_user(
        self,
        username: str,
        password: str,
        role: str,
        *,
        now: datetime,
        lifter_id: str | None = None,
    ) -> User:
        """A new account; its lifter id is new unless given (``me`` adopts single-user data)."""
        row = _new_user_row(username, password, check_role(role), now=now, lifter_id=lifter_id)
        with self.tx() as db:
            taken = db.scalar(
                sa.select(UserRow.username).where(
                    (UserRow.username == username) | (UserRow.lifter_id == row.lifter_id)
                )
            )
            if taken is not None:
                raise ConflictError(
                    f"User {username!r} or lifter {row.lifter_id!r} already has an account."
                )
            db.add(row)
        return _user(row)

    def get_user(self, user_id: str) -> User | None:
        with self.tx() as db:
            row = db.get(UserRow, user_id)
            return None if row is None else _user(row)

    def user_by_name(self, username: str) -> User | None:
        with self.tx() as db:
            row = db.scalar(sa.select(UserRow).where(UserRow.username == username))
            return None if row is None else _user(row)

    def user_by_lifter(self, lifter_id: str) -> User | None:
        with self.tx() as db:
            row = db.scalar(sa.select(UserRow).where(UserRow.lifter_id == lifter_id))
            return None if row is None else _user(row)

    def users(self) -> list[User]:
        with self.tx() as db:
            return [_user(r) for r in db.scalars(sa.select(UserRow).order_by(UserRow.username))]

    def _named(self, db: Session, username: str) -> UserRow:
        row = db.scalar(sa.select(UserRow).where(UserRow.username == username))
        if row is None:
            raise InputError(f"There is no user {username!r}; see `mindmuscle users list`.")
        return row

    def set_password(self, username: str, password: str) -> None:
        """Replace a password and end every login of that user."""
        new_hash = hash_password(check_password(password))
        with self.tx() as db:
            row = self._named(db, username)
            row.password_hash = new_hash
            db.execute(sa.delete(AuthSessionRow).where(AuthSessionRow.user_id == row.id))

    def set_role(self, username: str, role: str) -> User:
        with self.tx() as db:
            row = self._named(db, username)
            row.role = check_role(role)
            return _user(row)

    def remove_user(self, username: str) -> None:
        """Delete an account, its logins and links (the lifter's training data stays)."""
        with self.tx() as db:
            row = self._named(db, username)
            db.execute(sa.delete(AuthSessionRow).where(AuthSessionRow.user_id == row.id))
            db.execute(
                sa.delete(CoachLinkRow).where(
                    (CoachLinkRow.coach_id == row.id) | (CoachLinkRow.athlete_id == row.id)
                )
            )
            db.execute(sa.delete(InviteRow).where(InviteRow.coach_id == row.id))
            db.execute(sa.delete(SetNoteRow).where(SetNoteRow.coach_id == row.id))
            db.execute(sa.delete(PlanAssignmentRow).where(PlanAssignmentRow.coach_id == row.id))
            db.delete(row)

    # -- logins ------------------------------------------------------------------------------

    def login(self, username: str, password: str, *, address: str, now: datetime) -> User | None:
        """The user when the password is right; ``None`` when not; :class:`LoginRefusedError` after
        too many recent failures for the account or the address (checked before the password)."""
        keys = (f"user:{username.lower()[:200]}", _address_key(address))
        with self.tx() as db:
            if _limited(db, ((keys[0], ACCOUNT_LIMIT), (keys[1], ADDRESS_LIMIT)), now):
                raise LoginRefusedError("Too many failed logins; wait 15 minutes and try again.")
            row = db.scalar(sa.select(UserRow).where(UserRow.username == username))
        if row is None:
            if not _DUMMY:
                _DUMMY.append(hash_password("not a password of anyone"))
            verify_password(_DUMMY[0], password)
        elif verify_password(row.password_hash, password):
            with self.tx() as db:
                db.execute(sa.delete(LoginFailureRow).where(LoginFailureRow.key == keys[0]))
            return _user(row)
        self._note_failures(keys, now=now)
        return None

    def _note_failures(self, keys: tuple[str, ...], *, now: datetime) -> None:
        """Count a failed attempt against each key (and forget failures older than the window)."""
        with self.tx() as db:
            db.execute(sa.delete(LoginFailureRow).where(LoginFailureRow.at < now - WINDOW))
            db.add_all(LoginFailureRow(key=key, at=now) for key in keys)

    def start_session(self, user: User, *, now: datetime) -> str:
        """A new login of ``user``: the token for the cookie (only its hash is stored)."""
        token = secrets.token_urlsafe(32)
        with self.tx() as db:
            db.add(
                AuthSessionRow(
                    id=hash_token(token),
                    user_id=user.id,
                    created_at=now,
                    expires_at=now + SESSION_TTL,
                )
            )
        return token

    def session_user(self, token: str, *, now: datetime) -> User | None:
        """The user logged in with ``token``, if that login is current."""
        with self.tx() as db:
            row = db.execute(
                sa.select(UserRow)
                .join(AuthSessionRow, AuthSessionRow.user_id == UserRow.id)
                .where(AuthSessionRow.id == hash_token(token), AuthSessionRow.expires_at > now)
            ).scalar_one_or_none()
            return None if row is None else _user(row)

    def end_session(self, token: str) -> None:
        with self.tx() as db:
            db.execute(sa.delete(AuthSessionRow).where(AuthSessionRow.id == hash_token(token)))

    # -- coaching ------------------------------------------------------------------------------

    def create_invite(self, coach: User, *, now: datetime) -> str:
        """An invite code (valid :data:`INVITE_TTL`, once) for an athlete to join ``coach``."""
        if coach.role != "coach":
            raise InputError(f"User {coach.username!r} is not a coach; only coaches invite.")
        code = secrets.token_urlsafe(16)
        with self.tx() as db:
            db.add(
                InviteRow(
                    id=hash_token(code),
                    coach_id=coach.id,
                    created_at=now,
                    expires_at=now + INVITE_TTL,
                )
            )
        return code

    def accept_invite(self, code: str, athlete: User, *, now: datetime) -> User:
        """Link ``athlete`` to the inviting coach; return the coach."""
        with self.tx() as db:
            coach_id = db.scalar(sa.select(InviteRow.coach_id).where(*_usable_invite(code, now)))
            if coach_id is None:
                raise InviteError(INVITE_INVALID)
            if coach_id == athlete.id:
                raise InputError("A coach cannot accept their own invite.")
            if self._active_link(db, athlete.id) is not None:
                raise ConflictError("You already have a coach; leave that coach first.")
            _claim_invite(db, code, athlete.id, now=now)
            db.add(CoachLinkRow(coach_id=coach_id, athlete_id=athlete.id, started_at=now))
            coach = db.get(UserRow, coach_id)
            assert coach is not None  # foreign key
            return _user(coach)

    def invite_coach(self, code: str, *, now: datetime) -> User | None:
        """The coach who made ``code`` while it can still be used (unused, unexpired)."""
        with self.tx() as db:
            row = db.scalar(
                sa.select(UserRow)
                .join(InviteRow, InviteRow.coach_id == UserRow.id)
                .where(*_usable_invite(code, now))
            )
            return None if row is None else _user(row)

    def sign_up_with_invite(
        self, code: str, username: str, password: str, *, address: str, now: datetime
    ) -> tuple[User, User]:
        """A new athlete account linked to the coach who made ``code``: ``(athlete, coach)``.

        One transaction claims the invite, creates the user and the coach link, so either all
        three are stored or nothing is. A wrong, used or expired code (:class:`InviteError`), a
        taken name (:class:`ConflictError`) or an invalid name or password (:class:`InputError`)
        counts as a failure of the client address, on the same limiter as logins; at the limit
        :class:`LoginRefusedError` comes before anything else is checked.
        """
        key = _address_key(address)
        with self.tx() as db:
            if _limited(db, ((key, ADDRESS_LIMIT),), now):
                raise LoginRefusedError(
                    "Too many failed attempts from your address; wait 15 minutes and try again."
                )
        try:
            return self._sign_up(code, username, password, now=now)
        except (InputError, ConflictError):
            self._note_failures((key,), now=now)
            raise

    def _sign_up(
        self, code: str, username: str, password: str, *, now: datetime
    ) -> tuple[User, User]:
        row = _new_user_row(username, password, "athlete", now=now)
        taken = ConflictError(f"The user name {username!r} is taken; choose another.")
        with self.tx() as db:
            _claim_invite(db, code, row.id, now=now)
            coach_id = db.scalar(
                sa.select(InviteRow.coach_id).where(InviteRow.id == hash_token(code))
            )
            same = sa.func.lower(UserRow.username) == username.lower()
            if db.scalar(sa.select(UserRow.id).where(same)) is not None:
                raise taken
            db.add(row)
            try:
                db.flush()
            except IntegrityError:  # the same name, signed up at the same moment
                raise taken from None
            db.add(CoachLinkRow(coach_id=coach_id, athlete_id=row.id, started_at=now))
            coach = db.get(UserRow, coach_id)
            assert coach is not None  # foreign key
            return _user(row), _user(coach)

    def _active_link(self, db: Session, athlete_id: str) -> CoachLinkRow | None:
        return db.scalar(
            sa.select(CoachLinkRow).where(
                CoachLinkRow.athlete_id == athlete_id, CoachLinkRow.ended_at.is_(None)
            )
        )

    def coach_of(self, athlete: User) -> User | None:
        with self.tx() as db:
            link = self._active_link(db, athlete.id)
            row = None if link is None else db.get(UserRow, link.coach_id)
            return None if row is None else _user(row)

    def leave_coach(self, athlete: User, *, now: datetime) -> bool:
        """End the athlete's coach link (and with it the coach's access); False if none."""
        with self.tx() as db:
            link = self._active_link(db, athlete.id)
            if link is None:
                return False
            link.ended_at = now
            return True

    def clients(self, coach: User) -> list[User]:
        with self.tx() as db:
            rows = db.scalars(
                sa.select(UserRow)
                .join(CoachLinkRow, CoachLinkRow.athlete_id == UserRow.id)
                .where(CoachLinkRow.coach_id == coach.id, CoachLinkRow.ended_at.is_(None))
                .order_by(UserRow.username)
            )
            return [_user(r) for r in rows]

    def coaches_lifter(self, coach: User, lifter_id: str) -> bool:
        """Whether ``coach`` currently coaches the lifter ``lifter_id``."""
        if coach.role != "coach":
            return False
        with self.tx() as db:
            found = db.scalar(
                sa.select(CoachLinkRow.id)
                .join(UserRow, CoachLinkRow.athlete_id == UserRow.id)
                .where(
                    CoachLinkRow.coach_id == coach.id,
                    CoachLinkRow.ended_at.is_(None),
                    UserRow.lifter_id == lifter_id,
                )
            )
            return found is not None
