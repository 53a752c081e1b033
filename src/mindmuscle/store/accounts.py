"""Accounts of multi-user (coach) mode: users with argon2 password hashes, login sessions,
login rate limiting, coach invites and links, coach notes on sets and plan assignments.

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


# a hash to verify against when the user does not exist, so timing does not tell
_DUMMY: list[str] = []


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
        row = UserRow(
            id=f"u-{uuid.uuid4().hex[:16]}",
            username=check_username(username),
            password_hash=hash_password(check_password(password)),
            role=check_role(role),
            lifter_id=lifter_id or f"l-{uuid.uuid4().hex[:16]}",
            created_at=now,
        )
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
        keys = (f"user:{username.lower()[:200]}", f"ip:{address[:200]}")
        limits = (ACCOUNT_LIMIT, ADDRESS_LIMIT)
        with self.tx() as db:
            for key, limit in zip(keys, limits, strict=True):
                count = db.scalar(
                    sa.select(sa.func.count())
                    .select_from(LoginFailureRow)
                    .where(LoginFailureRow.key == key, LoginFailureRow.at > now - WINDOW)
                )
                if (count or 0) >= limit:
                    raise LoginRefusedError(
                        "Too many failed logins; wait 15 minutes and try again."
                    )
            row = db.scalar(sa.select(UserRow).where(UserRow.username == username))
        if row is None:
            if not _DUMMY:
                _DUMMY.append(hash_password("not a password of anyone"))
            verify_password(_DUMMY[0], password)
        elif verify_password(row.password_hash, password):
            with self.tx() as db:
                db.execute(sa.delete(LoginFailureRow).where(LoginFailureRow.key == keys[0]))
            return _user(row)
        with self.tx() as db:
            db.execute(sa.delete(LoginFailureRow).where(LoginFailureRow.at < now - WINDOW))
            db.add_all(LoginFailureRow(key=key, at=now) for key in keys)
        return None

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
            invite = db.get(InviteRow, hash_token(code), with_for_update=True)
            if invite is None or invite.accepted_at is not None or invite.expires_at <= now:
                raise InputError("This invite code is not valid (wrong, used or expired).")
            if invite.coach_id == athlete.id:
                raise InputError("A coach cannot accept their own invite.")
            if self._active_link(db, athlete.id) is not None:
                raise ConflictError("You already have a coach; leave that coach first.")
            invite.accepted_by, invite.accepted_at = athlete.id, now
            db.add(CoachLinkRow(coach_id=invite.coach_id, athlete_id=athlete.id, started_at=now))
            coach = db.get(UserRow, invite.coach_id)
            assert coach is not None  # foreign key
            return _user(coach)

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
