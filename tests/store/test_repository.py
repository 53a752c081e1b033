"""The repository contract, run against the fake, SQLite and PostgreSQL alike."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from mindmuscle.errors import ConflictError, InputError
from mindmuscle.method.tempo import Tempo
from mindmuscle.planning.history import LoggedSet
from mindmuscle.store import (
    Batch,
    BodyweightEntry,
    Lifter,
    Repository,
    Soreness,
    StoredPlan,
    TrainingSession,
)

T0 = datetime(2024, 5, 1, 18, 0, tzinfo=UTC)


def a_set(**changes: object) -> LoggedSet:
    base = LoggedSet(
        id="set-1",
        exercise="barbell_bench_press",
        performed_at=T0 + timedelta(minutes=5),
        reps=8,
        load=60.0,
        unit="kg",
        tempo=Tempo.parse("4-0-1-1"),
        rep_range=(8, 12),
        measured_tempo=Tempo(3.14159265, 0.25, 0.9, 1.0),
        rir=1,
        mmc=7,
        pump=2,
        notes="felt the pecs",
        session_id="s1",
        set_number=2,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_a_stored_set_reads_back_equal(repo: Repository, session: TrainingSession) -> None:
    logged = a_set()
    assert repo.add_set(logged) == "added"
    assert repo.get_set("set-1") == logged
    assert repo.sets() == [logged]


def test_times_come_back_in_utc_whatever_zone_went_in(
    repo: Repository, session: TrainingSession
) -> None:
    berlin = timezone(timedelta(hours=2))
    logged = a_set(performed_at=datetime(2024, 5, 1, 20, 5, tzinfo=berlin))
    repo.add_set(logged)
    stored = repo.get_set(logged.id)
    assert stored is not None
    assert stored.performed_at == T0 + timedelta(minutes=5)
    assert stored.performed_at.tzinfo is not None


def test_writing_the_same_set_twice_is_harmless(repo: Repository, session: TrainingSession) -> None:
    assert repo.add_set(a_set()) == "added"
    assert repo.add_set(a_set()) == "unchanged"
    assert len(repo.sets()) == 1


def test_the_same_id_with_other_content_is_reported_not_overwritten(
    repo: Repository, session: TrainingSession
) -> None:
    repo.add_set(a_set())
    with pytest.raises(ConflictError, match="'set-1'"):
        repo.add_set(a_set(reps=9))
    with pytest.raises(ConflictError, match="'set-1'"):
        repo.add_set(a_set(set_number=3))  # the same set cannot fill another place
    assert repo.get_set("set-1") == a_set()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"mmc": 0}, "mmc is 0; expected a whole number from 1 to 10"),
        ({"mmc": 11}, "mmc is 11"),
        ({"pump": 4}, "pump is 4; expected a whole number from 0 to 3"),
        ({"pump": -1}, "pump is -1"),
        ({"reps": -1}, "reps is -1"),
        ({"load": -2.5}, "load is -2.5"),
        ({"rir": -1}, "rir is -1"),
        ({"failure": True, "rir": 2}, "rir is 2; expected 0 or nothing for a set taken to failure"),
        ({"unit": "stone"}, "unit is 'stone'"),
        ({"block": "finisher"}, "block is 'finisher'"),
        ({"id": ""}, "id is ''"),
        ({"performed_at": datetime(2024, 5, 1)}, "performed_at"),
        ({"rep_range": (12, 8)}, "rep_range is 8"),
        ({"set_number": 0}, "set_number is 0; expected a whole number from 1 to 1000"),
    ],
)
def test_out_of_range_values_are_one_sentence_and_nothing_is_written(
    repo: Repository, session: TrainingSession, changes: dict[str, object], message: str
) -> None:
    with pytest.raises(InputError) as info:
        repo.add_set(a_set(**changes))
    text = str(info.value)
    assert message in text
    assert text.endswith(".") and text.count(". ") == 0
    assert repo.sets() == []


def test_a_set_needs_a_stored_session(repo: Repository) -> None:
    with pytest.raises(InputError, match="names session 'nope'"):
        repo.add_set(a_set(session_id="nope"))


def test_bodyweight_sets_have_no_load(repo: Repository, session: TrainingSession) -> None:
    repo.add_set(a_set(load=None, tempo=None, measured_tempo=None, rep_range=None))
    stored = repo.get_set("set-1")
    assert stored is not None and stored.load is None and stored.load_kg is None


def test_sets_filter_by_exercise_and_since(repo: Repository, session: TrainingSession) -> None:
    repo.add_set(a_set(id="a", performed_at=T0))
    repo.add_set(a_set(id="b", performed_at=T0 + timedelta(days=1), exercise="back_squat"))
    repo.add_set(a_set(id="c", performed_at=T0 + timedelta(days=2)))
    assert [s.id for s in repo.sets()] == ["a", "b", "c"]
    assert [s.id for s in repo.sets(exercise="barbell_bench_press")] == ["a", "c"]
    assert [s.id for s in repo.sets(since=T0 + timedelta(hours=1))] == ["b", "c"]


def test_sessions_open_and_finish(repo: Repository) -> None:
    assert repo.open_session() is None
    repo.add_session(TrainingSession(id="auto", started_at=T0, auto=True))
    assert repo.open_session() is None  # automatic sessions are never "open"
    repo.add_session(TrainingSession(id="live", started_at=T0 + timedelta(hours=1)))
    open_session = repo.open_session()
    assert open_session is not None and open_session.id == "live"
    done = repo.finish_session("live", T0 + timedelta(hours=2))
    assert done.finished_at == T0 + timedelta(hours=2)
    assert repo.open_session() is None
    assert [s.id for s in repo.sessions()] == ["auto", "live"]


def test_a_session_cannot_finish_before_it_started(repo: Repository) -> None:
    repo.add_session(TrainingSession(id="live", started_at=T0))
    with pytest.raises(InputError, match="finished_at"):
        repo.finish_session("live", T0 - timedelta(minutes=1))


def test_plans_are_stored_as_prescribed(repo: Repository) -> None:
    prescription = {"focus": ["chest"], "blocks": [{"kind": "primer", "items": []}], "z": 1.5}
    plan = StoredPlan(id="p1", kind="session", created_at=T0, prescription=prescription)
    assert repo.add_plan(plan) == "added"
    assert repo.add_plan(plan) == "unchanged"
    repo.add_session(TrainingSession(id="s", started_at=T0, plan_id="p1"))
    assert repo.get_plan("p1") == plan
    with pytest.raises(InputError, match="names plan 'p2'"):
        repo.add_session(TrainingSession(id="s2", started_at=T0, plan_id="p2"))


def test_lifter_profile(repo: Repository) -> None:
    assert repo.get_lifter() is None
    lifter = Lifter("Ana", date(2024, 1, 2), "novice", "lb", ("barbell", "dumbbell"))
    repo.save_lifter(lifter)
    assert repo.get_lifter() == lifter
    repo.save_lifter(replace(lifter, level="intermediate"))
    assert repo.get_lifter() == replace(lifter, level="intermediate")
    with pytest.raises(InputError, match="equipment is 'rack'"):
        repo.save_lifter(replace(lifter, equipment=("rack",)))


def test_soreness_is_one_report_per_group_and_day(repo: Repository) -> None:
    day = date(2024, 5, 2)
    repo.report_soreness([Soreness(day, "chest", 2, T0), Soreness(day, "back", 1, T0)])
    repo.report_soreness([Soreness(day, "chest", 3, T0 + timedelta(hours=1))])
    assert [(s.group, s.doms) for s in repo.soreness()] == [("back", 1), ("chest", 3)]
    assert repo.soreness(since=date(2024, 5, 3)) == []
    with pytest.raises(InputError, match="chest is 4"):
        repo.report_soreness([Soreness(day, "back", 0, T0), Soreness(day, "chest", 4, T0)])
    assert [(s.group, s.doms) for s in repo.soreness()] == [("back", 1), ("chest", 3)]


def test_bodyweight(repo: Repository) -> None:
    entry = BodyweightEntry("bw1", T0, 81.5, "kg")
    assert repo.add_bodyweight(entry) == "added"
    assert repo.add_bodyweight(entry) == "unchanged"
    assert repo.bodyweights() == [entry]
    with pytest.raises(InputError, match="weight is 0"):
        repo.add_bodyweight(BodyweightEntry("bw2", T0, 0, "kg"))


def _batch() -> Batch:
    return Batch(
        lifter=Lifter("Ana"),
        sessions=(TrainingSession(id="s1", started_at=T0),),
        sets=(a_set(id="x1"), a_set(id="x2", reps=7)),
        soreness=(Soreness(date(2024, 5, 2), "chest", 2, T0),),
        bodyweight=(BodyweightEntry("bw", T0, 80.0),),
    )


def test_a_batch_is_written_once_and_repeats_add_nothing(repo: Repository) -> None:
    first = repo.add_batch(_batch())
    assert (first.sets_added, first.sessions_added) == (2, 1)
    again = repo.add_batch(_batch())
    assert (again.sets_added, again.sessions_added, again.unchanged) == (0, 0, 4)
    assert repo.snapshot() == _batch()


def test_a_batch_with_one_bad_record_writes_nothing(repo: Repository) -> None:
    bad = replace(_batch(), sets=(a_set(id="x1"), a_set(id="x2", mmc=12)))
    with pytest.raises(InputError, match="mmc is 12"):
        repo.add_batch(bad)
    assert repo.snapshot() == Batch()


def test_a_batch_conflicting_with_stored_data_writes_nothing(
    repo: Repository, session: TrainingSession
) -> None:
    repo.add_set(a_set(id="x2"))
    batch = replace(_batch(), sessions=(), sets=(a_set(id="x1"), a_set(id="x2", reps=1)))
    with pytest.raises(ConflictError):
        repo.add_batch(batch)
    assert [s.id for s in repo.sets()] == ["x2"]
    assert repo.get_lifter() is None and repo.bodyweights() == []


def test_a_batch_repeating_a_record_inside_itself(repo: Repository) -> None:
    batch = replace(_batch(), sets=(a_set(id="x1"), a_set(id="x1")))
    assert repo.add_batch(batch).sets_added == 1
    with pytest.raises(ConflictError):
        repo.add_batch(replace(_batch(), sets=(a_set(id="y"), a_set(id="y", reps=1))))
