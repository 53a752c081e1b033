"""Typed field access on one TOML entry; a :class:`CatalogError` names file, entry, field."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NoReturn

from mindmuscle.errors import CatalogError

_MISSING: Any = object()


def _close_matches(word: str, choices: Iterable[str], n: int) -> list[str]:
    import difflib  # only on the error path

    return difflib.get_close_matches(word, list(choices), n=n)


@dataclass(frozen=True, slots=True)
class Entry:
    """One entry (``[table.id]``) of a catalog file."""

    source: str
    table: str
    id: str
    body: Mapping[str, Any]

    def fail(self, field: str, problem: str) -> NoReturn:
        raise CatalogError(f"{self.source}: {self.table}.{self.id}, field {field!r}: {problem}.")

    def sub(self, name: str, body: object) -> Entry:
        if not isinstance(body, dict):
            self.fail(name, "expected a table")
        return Entry(self.source, self.table, f"{self.id}.{name}", body)

    def allow(self, *fields: str) -> None:
        for key in self.body:
            if key not in fields:
                close = _close_matches(key, fields, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                self.fail(key, f"unknown field{hint}; expected one of {', '.join(fields)}")

    def unknown(self, field: str, value: str, kind: str, known: Iterable[str]) -> NoReturn:
        close = _close_matches(value, list(known), n=1)
        hint = f"; did you mean {close[0]!r}" if close else ""
        self.fail(field, f"unknown {kind} {value!r}{hint}")

    def key_choice(self, choices: Iterable[str]) -> str:
        options = tuple(choices)
        if self.id not in options:
            raise CatalogError(
                f"{self.source}: {self.table}.{self.id}: unknown id; expected one of "
                f"{', '.join(options)}."
            )
        return self.id

    def _get(self, field: str, default: Any) -> Any:
        value = self.body.get(field, _MISSING)
        if value is _MISSING:
            if default is _MISSING:
                self.fail(field, "missing")
            return default
        return value

    def text(self, field: str, default: Any = _MISSING) -> str:
        value = self._get(field, default)
        if not isinstance(value, str) or (not value.strip() and default is _MISSING):
            self.fail(field, f"expected a non-empty string, got {value!r}")
        return value.strip()

    def optional_text(self, field: str) -> str | None:
        if self.body.get(field) is None:
            return None
        return self.text(field)

    def texts(
        self, field: str, *, required: bool = False, default: tuple[str, ...] = ()
    ) -> tuple[str, ...]:
        value = self._get(field, _MISSING if required else list(default))
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.fail(field, f"expected a list of non-empty strings, got {value!r}")
        if required and not value:
            self.fail(field, "expected at least one entry")
        if len(set(value)) != len(value):
            dup = next(v for v in value if value.count(v) > 1)
            self.fail(field, f"{dup!r} is listed twice")
        return tuple(v.strip() for v in value)

    def choice(self, field: str, choices: Iterable[str], default: Any = _MISSING) -> str:
        options = tuple(choices)
        value = self._get(field, default)
        if value not in options:
            self.fail(field, f"expected one of {', '.join(options)}, got {value!r}")
        return str(value)

    def optional_choice(self, field: str, choices: Iterable[str]) -> str | None:
        if self.body.get(field) is None:
            return None
        return self.choice(field, choices)

    def choices(
        self,
        field: str,
        choices: Iterable[str],
        *,
        required: bool = False,
        default: tuple[str, ...] = (),
    ) -> tuple[str, ...]:
        options = tuple(choices)
        values = self.texts(field, required=required, default=default)
        for v in values:
            if v not in options:
                self.fail(field, f"{v!r} is not one of {', '.join(options)}")
        return values

    def flag(self, field: str) -> bool:
        value = self._get(field, False)
        if not isinstance(value, bool):
            self.fail(field, f"expected true or false, got {value!r}")
        return value
