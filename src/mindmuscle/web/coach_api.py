"""The coach's JSON API: invite athletes, the clients list with flags, assign plans or
programs to one or several clients, notes on a client's sets, and a client's sessions set by
set against the prescription. Every path is a coach path: :func:`mindmuscle.web.auth.guard`
lets only coaches in, and resolves ``{lifter_id}`` to a client of this coach (404 otherwise)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Annotated, Any, Final, Literal

from fastapi import APIRouter, Depends, Request
from fastapi import Path as PathParam
from pydantic import BaseModel, Field, model_validator

from mindmuscle.method.model import GROUPS
from mindmuscle.planning.history import LoggedSet
from mindmuscle.store.accounts import User
from mindmuscle.store.accounts_notes import (
    Note,
    add_note,
    assign_plan,
    assignments,
    delete_note,
    notes_by_set,
)
from mindmuscle.store.records import (
    ClientActivity,
    Recording,
    Soreness,
    StoredPlan,
    target_shares,
)
from mindmuscle.web.auth import Access, guard, subject_access
from mindmuscle.web.convert import session_sets, set_to_dict
from mindmuscle.web.errors import ApiError, blame
from mindmuscle.web.planner import make_plan
from mindmuscle.web.runtime import Runtime, runtime
from mindmuscle.web.schemas import LevelName, PlanIn

__all__ = [
    "SPLIT_NAMES",
    "AssignIn",
    "NoteIn",
    "ProgramIn",
    "client_review",
    "client_soreness",
    "client_summaries",
    "client_summary",
    "human_when",
    "router",
]

router = APIRouter(prefix="/api", tags=["coach"])
Acc = Annotated[Access, Depends(guard)]
Rt = Annotated[Runtime, Depends(runtime)]
LifterPath = Annotated[str, PathParam(min_length=1, max_length=80)]
NoteId = Annotated[str, PathParam(min_length=1, max_length=80)]

#: how many (calendar) weeks the clients list looks back
SUMMARY_WEEKS: Final = 4
#: a group's mmc falling faster than this per week is flagged
MMC_DROP_PER_WEEK: Final = -0.3
#: an mmc slope within this of zero per week reads as "steady"
MMC_STEADY: Final = 0.15
#: mean DOMS at or above this, reported in this many weeks or more, is "staying high"
SORE_HIGH: Final = 2.0
SORE_WEEKS: Final = 2
#: tempo adherence (share of sets within tolerance) falling by more than this many points
TEMPO_DROP_PCT: Final = 15.0
#: a measured eccentric this much shorter than prescribed is "too fast" (the load was too heavy)
RUSHED_S: Final = 0.5
#: how the pages name the program splits of :data:`mindmuscle.planning.program.SPLITS`
SPLIT_NAMES: Final = {
    "full": "Full body",
    "upper-lower": "Upper/lower",
    "ppl": "Push/pull/legs",
    "bro": "One group a day",
}
#: insights of the progress view that the coach should see as flags
FLAG_INSIGHTS: Final = frozenset({"ego_creep", "stalled_exercise", "lagging_muscle"})


class ProgramIn(BaseModel):
    """A multi-week program, as ``mindmuscle program`` takes it."""

    split: Literal["full", "upper-lower", "ppl", "bro"] = "upper-lower"
    days: int = Field(4, ge=1, le=7)
    weeks: int = Field(8, ge=1, le=52)
    level: LevelName | None = None
    minutes: int | None = Field(None, ge=10, le=240)


class AssignIn(BaseModel):
    """What to assign: a session ``plan`` or a multi-week ``program`` (exactly one)."""

    lifters: list[str] = Field(min_length=1, max_length=200)
    plan: PlanIn | None = None
    program: ProgramIn | None = None

    @model_validator(mode="after")
    def _one(self) -> AssignIn:
        if (self.plan is None) == (self.program is None):
            raise ValueError("Send either a plan or a program.")
        return self


class NoteIn(BaseModel):
    set_id: str = Field(min_length=1, max_length=80)
    text: str = Field(min_length=1, max_length=2000)


def _coach(access: Access) -> User:
    assert access.user is not None and access.user.role == "coach"  # the guard checked
    return access.user


def _base(request: Request) -> Runtime:
    base: Runtime = request.app.state.runtime
    return base


def human_when(at: datetime, now: datetime, *, clock: bool = True) -> str:
    """``today 18:05``, ``yesterday 07:30``, ``Mon (3 days ago)``, ``Tue 4 Mar (12 days ago)``."""
    local = at.astimezone(now.tzinfo) if at.tzinfo and now.tzinfo else at
    days = (now.date() - local.date()).days
    time = f" {local:%H:%M}" if clock else ""
    if days == 0:
        return f"today{time}"
    if days == 1:
        return f"yesterday{time}"
    year = f" {local.year}" if local.year != now.year else ""
    day = f"{local:%a} {local.day} {local:%b}{year}"
    if 1 < days < 7:
        return f"{local:%A} ({days} days ago)"
    return f"{day} ({days} days ago)" if days > 0 else day


@router.post("/invites", status_code=201, summary="A one-time invite code for an athlete")
def create_invite(access: Acc, request: Request) -> dict[str, Any]:
    base = _base(request)
    code = base.accounts.create_invite(_coach(access), now=base.now())
    link = f"{str(request.base_url).rstrip('/')}/join/{code}"
    return {"code": code, "url": f"/join/{code}", "link": link}


def _direction(slope: float | None) -> str:
    if slope is None:
        return "new"
    return "up" if slope > MMC_STEADY else ("down" if slope < -MMC_STEADY else "steady")


def _mmc_trend(weekly: Iterable[tuple[int, float, int]]) -> tuple[float | None, float | None]:
    """Mean over all ratings and the least-squares slope of the weekly means (per week)."""
    from mindmuscle.analytics.metrics import least_squares_slope

    per_week: dict[int, list[float]] = {}
    for week, mean, count in weekly:
        per_week.setdefault(week, []).extend([mean] * count)
    if not per_week:
        return None, None
    ratings = [r for rs in per_week.values() for r in rs]
    xs = sorted(per_week)
    means = [sum(per_week[x]) / len(per_week[x]) for x in xs]
    slope = least_squares_slope([float(x) for x in xs], means)
    return sum(ratings) / len(ratings), slope


def client_summary(rt: Runtime, user: User) -> dict[str, Any]:
    """One client's line on the coach's list (see :func:`client_summaries`)."""
    return client_summaries(rt, [user])[0]


def client_summaries(rt: Runtime, users: Sequence[User]) -> list[dict[str, Any]]:
    """Each client's line on the coach's list: last session, working sets per group this
    (calendar) week, mmc mean and direction over four weeks (all groups and per group), the
    share of measured sets on tempo,
    flags (mmc or tempo adherence dropping, soreness staying high, and the progress
    insights a coach should act on) and plans assigned but not started yet.

    One store call reads what all the lines need (a few statements however many clients);
    each line is then computed by :func:`mindmuscle.analytics.view.progress_view` on the
    sets and reports its four weeks need, exactly as the client's Progress page loads them."""
    from mindmuscle.web.progress import data_window

    now = rt.now()
    today = now.date()
    # The earliest any client's data can begin: a start long ago. Calendar weeks begin on
    # Mondays whatever the start, and a later start only moves a window's first day later.
    since, first = data_window(
        start=today - timedelta(weeks=SUMMARY_WEEKS + 60),
        today=today,
        weeks=SUMMARY_WEEKS,
        basis="iso",
    )
    activity = rt.repo.client_activity(
        [u.lifter_id for u in users], since=since, soreness_since=first
    )
    return [_summary(rt, u, activity[u.lifter_id], now) for u in users]


def _summary(rt: Runtime, user: User, activity: ClientActivity, now: datetime) -> dict[str, Any]:
    from mindmuscle.analytics.view import progress_view
    from mindmuscle.web.progress import data_window, training_start

    today = now.date()
    lifter = activity.lifter
    start = training_start(
        lifter.start_date if lifter is not None else None, activity.first_session, today
    )
    since, first = data_window(start=start, today=today, weeks=SUMMARY_WEEKS, basis="iso")
    view = progress_view(
        [s for s in activity.sets if s.performed_at >= since],
        [r for r in activity.soreness if r.day >= first],
        start=start,
        today=today,
        weeks=SUMMARY_WEEKS,
        basis="iso",
        catalog=rt.catalog,
    )
    this_week = view.weeks[-1] if view.weeks else None
    weekly: dict[str, int] = {}
    flags: list[dict[str, Any]] = []
    groups: list[dict[str, Any]] = []
    for g in view.groups:
        last = g.weeks[-1] if g.weeks else None
        current = this_week is not None and last is not None and last.week == this_week
        if current and last is not None and last.sets:
            weekly[g.group] = last.sets
        if g.mmc_mean is not None:
            groups.append(
                {
                    "group": g.group,
                    "mean": round(g.mmc_mean, 1),
                    "slope": None if g.mmc_slope is None else round(g.mmc_slope, 2),
                    "direction": _direction(g.mmc_slope),
                }
            )
        if g.mmc_slope is not None and g.mmc_slope < MMC_DROP_PER_WEEK:
            flags.append(
                {
                    "kind": "mmc_dropping",
                    "group": g.group,
                    "text": f"mmc dropping in {g.group} ({g.mmc_slope:+.1f} a week)",
                }
            )
        if (
            g.soreness_mean is not None
            and g.soreness_mean >= SORE_HIGH
            and g.sore_weeks >= SORE_WEEKS
        ):
            flags.append(
                {
                    "kind": "soreness_high",
                    "group": g.group,
                    "text": f"soreness staying high in {g.group} "
                    f"(DOMS {g.soreness_mean:.1f} over {g.sore_weeks} weeks)",
                }
            )
        tempos = [w.tempo.within_pct for w in g.weeks if w.tempo is not None]
        if len(tempos) >= 2 and tempos[-1] < tempos[0] - TEMPO_DROP_PCT:
            flags.append(
                {
                    "kind": "tempo_dropping",
                    "group": g.group,
                    "text": f"tempo adherence dropping in {g.group} "
                    f"({tempos[0]:.0f}% -> {tempos[-1]:.0f}% of sets on tempo)",
                }
            )
    flags.extend(
        {"kind": i.kind, "group": i.group, "text": i.text}
        for i in view.insights
        if i.kind in FLAG_INSIGHTS
    )
    mean, slope = _mmc_trend(
        (w.week.number, w.mmc, w.mmc_ratings)
        for g in view.groups
        for w in g.weeks
        if w.mmc is not None
    )
    measured = [g.tempo for g in view.groups if g.tempo is not None]
    tempo_sets = sum(t.sets for t in measured)
    on_tempo = sum(t.within_pct * t.sets for t in measured) / tempo_sets if tempo_sets else None
    last_session = activity.last_session
    return {
        "username": user.username,
        "lifter_id": user.lifter_id,
        "last_session": last_session,
        "last_session_text": None if last_session is None else human_when(last_session, now),
        "sessions": activity.sessions,
        "week_starts_on": None if this_week is None else this_week.starts_on,
        "weekly_sets": {g: weekly[g] for g in GROUPS if g in weekly},
        "mmc": {
            "mean": None if mean is None else round(mean, 1),
            "slope": None if slope is None else round(slope, 2),
            "direction": _direction(slope) if mean is not None else None,
            "groups": groups,
        },
        "tempo": {
            "measured_sets": tempo_sets,
            "within_pct": None if on_tempo is None else round(on_tempo),
        },
        "flags": flags,
        "pending_plans": activity.pending_plans,
    }


@router.get("/clients", summary="The coach's clients with last session, sets, mmc, flags")
def list_clients(access: Acc, request: Request) -> list[dict[str, Any]]:
    base = _base(request)
    return client_summaries(base, base.accounts.clients(_coach(access)))


def _assign(rt: Runtime, coach: User, body: AssignIn) -> dict[str, Any]:
    repo, now = rt.repo, rt.now()
    if body.program is not None:
        contract = _program(rt, body.program)
        kind: Literal["session", "program"] = "program"
    else:
        assert body.plan is not None  # the model checked: exactly one
        contract = make_plan(rt.catalog, body.plan, repo.get_lifter(), repo.sets(), now.date())
        kind = "session"
    contract = {**contract, "assigned_by": coach.username}
    plan = StoredPlan(id=f"plan-{uuid.uuid4()}", kind=kind, created_at=now, prescription=contract)
    repo.add_plan(plan)
    assign_plan(rt.accounts, coach, repo.lifter_id, plan.id, now=now)
    return {"id": plan.id, "kind": kind, "lifter_id": repo.lifter_id, **contract}


def _program(rt: Runtime, body: ProgramIn) -> dict[str, Any]:
    """The ``mindmuscle program --format json`` document for this client (their level, week
    with the method and equipment fill in what the coach left out)."""
    from mindmuscle.planning.program import ProgramRequest, plan_program
    from mindmuscle.planning.render import program_to_dict
    from mindmuscle.planning.request import parse_equipment
    from mindmuscle.web.planner import lifter_week

    lifter = rt.repo.get_lifter()
    level = body.level or (lifter.level if lifter is not None else "novice")
    with blame("program"):
        equipment = parse_equipment(list(lifter.equipment) if lifter and lifter.equipment else [])
        request = ProgramRequest(
            split=body.split,
            days=body.days,
            weeks=body.weeks,
            level=level,
            start_week=lifter_week(lifter, rt.now().date()) or 1,
            equipment=equipment,
            minutes=body.minutes,
        )
        return program_to_dict(rt.catalog, plan_program(rt.catalog, request))


@router.post("/clients/{lifter_id}/plans", status_code=201, summary="Assign a plan to one client")
def assign_one(lifter_id: LifterPath, body: PlanIn, access: Acc, rt: Rt) -> dict[str, Any]:
    return _assign(rt, _coach(access), AssignIn(lifters=[lifter_id], plan=body))


@router.post(
    "/clients/plans",
    status_code=201,
    summary="Assign a plan or a program to several clients",
)
def assign_many(body: AssignIn, access: Acc, request: Request) -> list[dict[str, Any]]:
    base, coach = _base(request), _coach(access)
    allowed = [  # the same rule as every route: raises 404 for a lifter not coached
        subject_access(base, coach, lifter, method="POST", path=request.url.path)
        for lifter in dict.fromkeys(body.lifters)
    ]
    return [_assign(base.for_lifter(a.lifter_id), coach, body) for a in allowed]


@router.post("/clients/{lifter_id}/notes", status_code=201, summary="A note on a client's set")
def create_note(lifter_id: LifterPath, body: NoteIn, access: Acc, rt: Rt) -> dict[str, Any]:
    if rt.repo.get_set(body.set_id) is None:
        raise ApiError(404, f"No set with id {body.set_id!r} of this client.", "set_id")
    note = add_note(rt.accounts, _coach(access), lifter_id, body.set_id, body.text, now=rt.now())
    return {"id": note.id, "set_id": note.set_id, "text": note.text, "coach": note.coach}


@router.delete(
    "/clients/{lifter_id}/notes/{note_id}",
    status_code=204,
    summary="Take back a note you wrote on a client's set",
)
def remove_note(lifter_id: LifterPath, note_id: NoteId, access: Acc, rt: Rt) -> None:
    if not delete_note(rt.accounts, _coach(access), lifter_id, note_id):
        raise ApiError(404, f"No note {note_id!r} of yours on this client's sets.", "note_id")


# -- one client's sessions, prescribed against done (pure helpers, then the loader) -----------


def _tut(s: LoggedSet, recordings: Sequence[Recording]) -> float | None:
    """Measured time under tension: the motion recording's reps, else measured tempo x reps."""
    for r in recordings:
        reps = r.summary.get("reps") if r.kind == "motion" else None
        if isinstance(reps, list) and reps:
            spans = [
                float(x["end"]) - float(x["start"])
                for x in reps
                if isinstance(x, Mapping) and "start" in x and "end" in x
            ]
            if spans:
                return round(sum(spans), 1)
    if s.measured_tempo is not None:
        return round(s.measured_tempo.set_seconds(s.reps), 1)
    return None


def _tempo_check(s: LoggedSet) -> str | None:
    """``on tempo``, ``too fast`` (eccentric rushed: the load was too heavy) or ``off tempo``."""
    from mindmuscle.analytics.metrics import TEMPO_TOLERANCE_S

    m, p = s.measured_tempo, s.tempo
    if m is None or p is None:
        return None
    if m.eccentric < p.eccentric - RUSHED_S:
        return "too fast"
    worst = max(abs(m.eccentric - p.eccentric), abs(m.bottom - p.bottom), abs(m.top - p.top))
    return "on tempo" if worst <= TEMPO_TOLERANCE_S else "off tempo"


def set_row(
    s: LoggedSet,
    *,
    names: Mapping[str, str],
    set_notes: Sequence[Note],
    recordings: Sequence[Recording],
    share: float | None,
) -> dict[str, Any]:
    """A done set as the review shows it: the set, its name, measured TUT, tempo check,
    EMG target share and the coach's notes."""
    return {
        **set_to_dict(s),
        "name": names.get(s.exercise, s.exercise),
        "tut_s": _tut(s, recordings),
        "prescribed_tut_s": None if s.tempo is None else round(s.tempo.set_seconds(s.reps), 1),
        "tempo_check": _tempo_check(s),
        "target_share": share,
        "coach_notes": [
            {"id": n.id, "coach": n.coach, "text": n.text, "at": n.created_at} for n in set_notes
        ],
    }


def prescribed_vs_done(
    prescription: Mapping[str, Any] | None, rows: Sequence[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Each prescribed item with the sets done against it (same exercise and block, in time
    order), and the sets that match no item."""
    items: list[dict[str, Any]] = []
    for block in (prescription or {}).get("blocks", []):
        for item in block.get("items", []):
            rec = item.get("recommendation") or {}
            items.append(
                {
                    "exercise": item["exercise"],
                    "name": item.get("name", item["exercise"]),
                    "block": block.get("kind", "working"),
                    "sets": item.get("sets"),
                    "reps": item.get("reps"),
                    "tempo": item.get("tempo"),
                    "load": rec.get("load"),
                    "unit": rec.get("unit"),
                    "done": [],
                }
            )
    extra: list[dict[str, Any]] = []
    for row in sorted(rows, key=lambda r: (r["performed_at"], r["id"])):
        same = [i for i in items if (i["exercise"], i["block"]) == (row["exercise"], row["block"])]
        if not same:
            same = [i for i in items if i["exercise"] == row["exercise"]]
        open_ = [i for i in same if len(i["done"]) < (i["sets"] or 0)]
        found = open_ or same
        if found:
            found[0]["done"].append(row)
        else:
            extra.append(row)
    return items, extra


def _by_exercise(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Sets grouped by exercise, in the order first done."""
    out: dict[str, dict[str, Any]] = {}
    for row in rows:
        out.setdefault(row["exercise"], {"name": row["name"], "sets": []})["sets"].append(row)
    return list(out.values())


def client_soreness(reports: Iterable[Soreness], today: date, *, days: int = 14) -> list[Any]:
    """The reports of the last ``days`` days per group, newest first, in the method's order."""
    since = today - timedelta(days=days - 1)
    by_group: dict[str, list[Soreness]] = {}
    for r in reports:
        if r.day >= since:
            by_group.setdefault(r.group, []).append(r)
    out = []
    for g in GROUPS:
        mine = sorted(by_group.get(g, []), key=lambda r: r.day, reverse=True)
        if mine:
            out.append(
                {
                    "group": g,
                    "reports": [{"day": r.day, "doms": r.doms} for r in mine[:7]],
                    "mean": round(sum(r.doms for r in mine) / len(mine), 1),
                }
            )
    return out


def _after(reports: Sequence[Soreness], day: date, groups: set[str]) -> dict[str, int]:
    """The worst DOMS per trained group reported one to three days after ``day``."""
    out: dict[str, int] = {}
    for r in reports:
        if r.group in groups and 1 <= (r.day - day).days <= 3:
            out[r.group] = max(out.get(r.group, 0), r.doms)
    return {g: out[g] for g in GROUPS if g in out}


def client_review(rt: Runtime, *, limit: int = 10) -> list[dict[str, Any]]:
    """The client's newest sessions: each prescribed item with the sets done against it
    (prescribed load, reps and tempo beside the load, reps, measured tempo and TUT, mmc and
    the coach's notes of each set), sets done outside the plan, and DOMS reported after."""
    repo, now = rt.repo, rt.now()
    newest = sorted(repo.sessions(), key=lambda s: s.started_at, reverse=True)[:limit]
    details = repo.session_details([s.id for s in newest])  # only these sessions' sets
    all_sets, sessions = details.sets, list(details.sessions)
    by_set = notes_by_set(rt.accounts, repo.lifter_id)
    recordings: dict[str, list[Recording]] = {}
    for r in details.recordings:
        recordings.setdefault(r.set_id, []).append(r)
    shares = target_shares(details.recordings)
    names = {k: e.name for k, e in rt.catalog.exercises.items()}
    groups_of = {k: e.group for k, e in rt.catalog.exercises.items()}
    assigned = {a.plan_id: a for a in assignments(rt.accounts, repo.lifter_id)}
    soreness = repo.soreness(since=sessions[-1].started_at.date()) if sessions else []
    out = []
    for session in sessions:
        rows = [
            set_row(
                s,
                names=names,
                set_notes=by_set.get(s.id, []),
                recordings=recordings.get(s.id, []),
                share=shares.get(s.id),
            )
            for s in session_sets(all_sets, session.id)
        ]
        plan = details.plans.get(session.plan_id) if session.plan_id else None
        prescribed, extra = prescribed_vs_done(None if plan is None else plan.prescription, rows)
        trained = {groups_of.get(r["exercise"], "") for r in rows} | {
            groups_of.get(i["exercise"], "") for i in prescribed
        }
        assignment = assigned.get(session.plan_id or "")
        rx: Mapping[str, Any] = {} if plan is None else plan.prescription
        by = assignment.coach if assignment is not None else rx.get("assigned_by")
        day = rx.get("program") or {}
        out.append(
            {
                "id": session.id,
                "title": session.title,
                "started_at": session.started_at,
                "when": human_when(session.started_at, now),
                "finished_at": session.finished_at,
                "plan_id": session.plan_id,
                "assigned_by": by,
                "program_day": (
                    f"Program week {day['week']}, day {day['day']} · {day['name']}" if day else None
                ),
                "focus": list(rx.get("focus", [])),
                "prescribed": prescribed,
                "extra": extra,
                "extra_by_exercise": _by_exercise(extra),
                "sets": rows,
                "soreness_after": _after(soreness, session.started_at.date(), trained),
            }
        )
    return out


@router.get("/clients/{lifter_id}/review", summary="A client's sessions, prescribed vs done")
def review(lifter_id: LifterPath, access: Acc, rt: Rt) -> list[dict[str, Any]]:
    return client_review(rt)
