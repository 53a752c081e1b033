"""Account helpers for the tests that create users."""

from __future__ import annotations


def fast_hash(password: str) -> str:
    """argon2 with tiny costs: these tests check the rules, not the hash's strength."""
    from argon2 import PasswordHasher

    return PasswordHasher(time_cost=1, memory_cost=64, parallelism=1).hash(password)
