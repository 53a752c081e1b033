"""Decoding stored tempos: repeats reuse one decoding, errors still name where they are."""

from __future__ import annotations

from typing import Any

import pytest

from mindmuscle.errors import TempoError
from mindmuscle.method.tempo import Tempo
from mindmuscle.store import codec
from mindmuscle.store.codec import tempo_from_json, tempo_to_json

PLAIN = {"eccentric": 4, "bottom": 0, "concentric": 1, "top": 2}


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    codec._decode_plain.cache_clear()


def test_the_same_tempo_decoded_twice_is_equal_and_parsed_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[object] = []
    real = Tempo.from_mapping.__func__  # type: ignore[attr-defined]

    def counting(cls: type[Tempo], data: Any, *, where: str = "tempo") -> Tempo:
        calls.append(data)
        result: Tempo = real(cls, data, where=where)
        return result

    monkeypatch.setattr(Tempo, "from_mapping", classmethod(counting))
    first = tempo_from_json(dict(PLAIN))
    second = tempo_from_json(dict(reversed(PLAIN.items())), where="sets[7].tempo")
    assert first == second == Tempo(4, 0, 1, 2)
    assert len(calls) == 1
    explosive = {**PLAIN, "explosive": ["concentric"]}
    assert tempo_from_json(explosive) == Tempo(4, 0, 1, 2, explosive=("concentric",))
    assert tempo_from_json(dict(explosive)) == Tempo(4, 0, 1, 2, explosive=("concentric",))
    assert len(calls) == 2
    assert tempo_from_json(None) is None


@pytest.mark.parametrize(
    "tempo",
    [Tempo(4, 0, 1, 2), Tempo(3.14159265, 0.25, 0.9, 1.0), Tempo.parse("3-1-X-0")],
)
def test_a_tempo_round_trips_through_json_again_and_again(tempo: Tempo) -> None:
    stored = tempo_to_json(tempo)
    assert tempo_from_json(stored) == tempo
    assert tempo_from_json(tempo_to_json(tempo)) == tempo


def test_values_that_compare_equal_but_decode_differently_are_not_confused() -> None:
    assert tempo_from_json({**PLAIN, "top": 1}) == Tempo(4, 0, 1, 1)
    with pytest.raises(TempoError, match=r"^tempo\.top must be a number of seconds, got True\.$"):
        tempo_from_json({**PLAIN, "top": True})  # True == 1, but is no number of seconds
    assert tempo_from_json({**PLAIN, "top": 1.5}) == Tempo(4, 0, 1, 1.5)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([4, 0, 1, 2], "{w} must be an object with eccentric, bottom, concentric, top."),
        ({**PLAIN, "pause": 1}, "{w} has the unknown key 'pause'."),
        ({**PLAIN, "explosive": "concentric"}, "{w}.explosive must be a list of phase names."),
        ({**PLAIN, "explosive": ["lift"]}, "{w}.explosive must be a list of phase names."),
        ({"eccentric": 4, "bottom": 0}, "{w} lacks the phase(s) concentric, top."),
        ({**PLAIN, "bottom": "0"}, "{w}.bottom must be a number of seconds, got '0'."),
        ({**PLAIN, "top": [2]}, "{w}.top must be a number of seconds, got [2]."),
        ({**PLAIN, "top": -1}, "Tempo top of -1.0 s is out of range; expected 0 to "),
        ({**PLAIN, "explosive": {"concentric": True}}, "{w}.explosive must be a list of"),
    ],
)
def test_bad_tempos_fail_the_same_way_every_time_naming_where(data: object, message: str) -> None:
    for where in ("tempo", "sets[3].tempo", "tempo", "sets[4].measured_tempo"):
        with pytest.raises(TempoError) as caught:
            tempo_from_json(data, where=where)
        assert str(caught.value).startswith(message.format(w=where))
