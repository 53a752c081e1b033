"""Looking exercises and muscles up by id, name or alias, with suggestions on a miss."""

from __future__ import annotations

import pytest

from mindmuscle.errors import UnknownNameError
from mindmuscle.method.catalog import builtin_catalog

CAT = builtin_catalog()


@pytest.mark.parametrize(
    ("name", "expected"),
    [("pec_deck", "pec_deck"), ("Pec Deck", "pec_deck"), ("pec-deck", "pec_deck")],
)
def test_ids_names_and_separators_resolve(name: str, expected: str) -> None:
    assert CAT.exercise(name).id == expected


def test_a_miss_suggests_each_exercise_once() -> None:
    with pytest.raises(UnknownNameError) as err:
        CAT.exercise("pec dek")
    message = str(err.value)
    assert "Did you mean 'pec_deck'" in message
    assert message.count("'pec_deck'") == 1


def test_muscles_resolve_by_alias() -> None:
    assert CAT.muscle("lats").id == "latissimus_dorsi"
