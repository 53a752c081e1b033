"""Typed, strict access to one JSON object, raising :class:`DataError` that names the file and
the path of the field (``sets[3].mmc``)."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NoReturn, TypeVar

from mindmuscle.errors import DataError

__all__ = ["Obj"]

T = TypeVar("T")
_MISSING: Any = object()


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True, slots=True)
class Obj:
    source: str
    path: str
    body: Any

    def __post_init__(self) -> None:
        if not isinstance(self.body, dict):
            where = self.path or "the top level"
            raise DataError(f"{self.source}, {where}: expected a JSON object.")

    def _where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str, problem: str) -> NoReturn:
        raise DataError(f"{self.source}, {self._where(key)}: {problem}.")

    def allow(self, *keys: str) -> None:
        for key in self.body:
            if key not in keys:
                close = difflib.get_close_matches(str(key), keys, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                self.fail(str(key), f"unknown field{hint}")

    def raw(self, key: str) -> Any:
        if key not in self.body:
            self.fail(key, "is missing")
        return self.body[key]

    def sub(self, key: str) -> Obj:
        return Obj(self.source, self._where(key), self.raw(key))

    def items(self, key: str) -> Iterator[Obj]:
        value = self.raw(key)
        if not isinstance(value, list):
            self.fail(key, "expected a JSON array")
        for i, item in enumerate(value):
            yield Obj(self.source, f"{self._where(key)}[{i}]", item)

    def _typed(self, key: str, ok: Callable[[Any], bool], expected: str, *, optional: bool) -> Any:
        value = self.raw(key)
        if value is None and optional:
            return None
        if not ok(value):
            self.fail(key, f"expected {expected}, got {value!r}")
        return value

    def text(self, key: str) -> str:
        value: str = self._typed(key, lambda v: isinstance(v, str), "text", optional=False)
        return value

    def optional_text(self, key: str) -> str | None:
        value: str | None = self._typed(key, lambda v: isinstance(v, str), "text", optional=True)
        return value

    def texts(self, key: str) -> list[str]:
        value: list[str] = self._typed(
            key,
            lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
            "a list of texts",
            optional=False,
        )
        return value

    def integer(self, key: str) -> int:
        value: int = self._typed(key, _is_int, "a whole number", optional=False)
        return value

    def optional_integer(self, key: str) -> int | None:
        value: int | None = self._typed(key, _is_int, "a whole number", optional=True)
        return value

    def optional_number(self, key: str) -> float | None:
        value: float | None = self._typed(
            key, lambda v: _is_int(v) or isinstance(v, float), "a number", optional=True
        )
        return value

    def boolean(self, key: str) -> bool:
        value: bool = self._typed(
            key, lambda v: isinstance(v, bool), "true or false", optional=False
        )
        return value

    def optional_boolean(self, key: str) -> bool | None:
        value: bool | None = self._typed(
            key, lambda v: isinstance(v, bool), "true, false or null", optional=True
        )
        return value

    def optional_int_pair(self, key: str) -> tuple[int, int] | None:
        value = self._typed(
            key,
            lambda v: isinstance(v, list) and len(v) == 2 and all(_is_int(x) for x in v),
            "[low, high] whole numbers",
            optional=True,
        )
        return None if value is None else (value[0], value[1])

    def parse(self, key: str, text: str, parser: Callable[[str], T]) -> T:
        try:
            return parser(text)
        except ValueError:
            self.fail(key, f"{text!r} is not a valid date or time (expected ISO 8601)")

    def time(self, key: str) -> datetime:
        moment = self.parse(key, self.text(key), datetime.fromisoformat)
        if moment.tzinfo is None:
            self.fail(key, f"{moment.isoformat()!r} has no time zone (expected e.g. +00:00)")
        return moment

    def optional_time(self, key: str) -> datetime | None:
        return None if self.raw(key) is None else self.time(key)
