"""The Tempo value type: parsing, formatting, time under tension."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mindmuscle.errors import TempoError
from mindmuscle.method.tempo import EXPLOSIVE_SECONDS, Tempo


@pytest.mark.parametrize(
    ("text", "phases", "shown"),
    [
        ("4-0-1-2", (4, 0, 1, 2), "4-0-1-2"),
        ("3/1/1/0", (3, 1, 1, 0), "3-1-1-0"),
        ("4 0 1 2", (4, 0, 1, 2), "4-0-1-2"),
        ("4012", (4, 0, 1, 2), "4-0-1-2"),
        ("2.5-0-1-0.5", (2.5, 0, 1, 0.5), "2.5-0-1-0.5"),
        ("3-0-X-1", (3, 0, EXPLOSIVE_SECONDS, 1), "3-0-X-1"),
        (" 3-0-x-1 ", (3, 0, EXPLOSIVE_SECONDS, 1), "3-0-X-1"),
    ],
)
def test_parse_and_format(text: str, phases: tuple[float, ...], shown: str) -> None:
    t = Tempo.parse(text)
    assert (t.eccentric, t.bottom, t.concentric, t.top) == phases
    assert str(t) == shown


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty"),
        ("4-0-1", "3 phase(s)"),
        ("4-0-1-2-1", "5 phase(s)"),
        ("4-a-1-2", "bottom phase 'a'"),
        ("4-0-1-99", "out of range"),
        ("0-0-0-2", "moving phase"),
        ("-1-0-1-0", "empty phase"),
        ("4--1-2", "empty phase"),
    ],
)
def test_bad_tempo_is_one_clear_sentence(text: str, fragment: str) -> None:
    with pytest.raises(TempoError) as err:
        Tempo.parse(text)
    message = str(err.value)
    assert fragment in message
    assert message.endswith(".") and "\n" not in message


def test_time_under_tension() -> None:
    t = Tempo.parse("4-0-1-2")
    assert t.rep_seconds == 7
    assert t.set_seconds(10) == 70
    with pytest.raises(TempoError):
        t.set_seconds(-1)


def test_json_form_keeps_whole_seconds_as_ints() -> None:
    d = Tempo.parse("4-0-1.5-2").to_dict()
    assert d == {"eccentric": 4, "bottom": 0, "concentric": 1.5, "top": 2}
    assert isinstance(d["eccentric"], int)
    assert Tempo.from_mapping(d) == Tempo.parse("4-0-1.5-2")


def test_from_mapping_names_the_missing_phase() -> None:
    with pytest.raises(TempoError, match="top"):
        Tempo.from_mapping({"eccentric": 3, "bottom": 0, "concentric": 1}, where="plan.tempo")


def test_with_phase_replaces_one_phase_only() -> None:
    t = Tempo.parse("3-0-X-1").with_phase("concentric", 2)
    assert str(t) == "3-0-2-1"
    assert t.explosive == ()


seconds = st.integers(min_value=0, max_value=20).map(float) | st.sampled_from([0.5, 1.5, 2.5])


@given(seconds, seconds, seconds, seconds)
def test_round_trip_through_text(e: float, b: float, c: float, t: float) -> None:
    if e + c == 0:
        return
    tempo = Tempo(e, b, c, t)
    assert Tempo.parse(str(tempo)) == tempo
    assert Tempo.from_mapping(tempo.to_dict()) == tempo


@given(st.text(max_size=30))
def test_arbitrary_text_parses_or_raises_tempo_error(text: str) -> None:
    try:
        tempo = Tempo.parse(text)
    except TempoError:
        return
    assert tempo.rep_seconds > 0
