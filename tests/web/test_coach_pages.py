"""Coach mode's pages and API with seeded data, on a fixed clock: the clients list (last
session, weekly sets, mmc trend, flags), invites, assigning plans and programs to several
clients, a client's sessions set by set against the prescription, notes on sets (seen by that
athlete only), and leaving a coach."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from mindmuscle.method.tempo import Tempo
from mindmuscle.planning.history import LoggedSet
from mindmuscle.store.records import Recording, Soreness, TrainingSession
from support.accounts import fast_hash

from .conftest import from_template
from .test_auth_world import PASSWORD, login, multi_settings

#: a Wednesday evening; the week (Monday first) began on 10 March
NOW = datetime(2025, 3, 12, 18, 0).astimezone()
USERS = {"cora": "coach", "xena": "coach", "ana": "athlete", "ben": "athlete", "cal": "athlete"}


@dataclass
class Gym:
    """Coach cora coaches ana and ben; coach xena coaches cal. Each has a logged-in client."""

    app: Any
    engine: Any
    clients: dict[str, Any] = field(default_factory=dict)
    lifters: dict[str, str] = field(default_factory=dict)

    def repo(self, name: str) -> Any:
        from mindmuscle.store.sql.repository import SqlRepository

        return SqlRepository(self.engine, lifter_id=self.lifters[name])


@pytest.fixture
def gym(tmp_path: Path, template_db: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Gym]:
    from fastapi.testclient import TestClient

    from mindmuscle.store import open_repository
    from mindmuscle.store.accounts import AccountStore
    from mindmuscle.web.app import create_app

    monkeypatch.setattr("mindmuscle.store.accounts.hash_password", fast_hash)
    settings = from_template(multi_settings(tmp_path), template_db)
    joined = NOW - timedelta(days=40)
    with open_repository(settings.database_url) as repo:
        store = AccountStore(repo.engine)
        made = {n: store.add_user(n, PASSWORD, role, now=joined) for n, role in USERS.items()}
        for coach, athlete in (("cora", "ana"), ("cora", "ben"), ("xena", "cal")):
            code = store.create_invite(made[coach], now=joined)
            store.accept_invite(code, made[athlete], now=joined)
    app = create_app(settings, now=lambda: NOW)
    with TestClient(app):
        world = Gym(app, app.state.runtime.repo.engine)
        world.lifters = {n: u.lifter_id for n, u in made.items()}
        for name in USERS:
            world.clients[name] = login(app, name, follow_redirects=False)
        yield world


def _session(repo: Any, sid: str, at: datetime, sets: list[dict[str, Any]]) -> None:
    repo.add_session(TrainingSession(id=sid, started_at=at, finished_at=at + timedelta(hours=1)))
    for n, s in enumerate(sets):
        repo.add_set(
            LoggedSet(
                id=f"{sid}-{n}",
                performed_at=at + timedelta(minutes=5 * n),
                session_id=sid,
                **s,
            )
        )


def _seed_history(gym: Gym) -> None:
    """ana: four weeks of pec deck with mmc falling 8, 7, 5, 3 and chest DOMS 3 each week;
    ben: steady mmc 7, no soreness, on tempo for two weeks then rushing the eccentric;
    cal (xena's client): a session of his own."""
    ana, ben, cal = gym.repo("ana"), gym.repo("ben"), gym.repo("cal")
    monday = date(2025, 3, 10)
    for back, mmc in zip((3, 2, 1, 0), (8, 7, 5, 3), strict=True):
        day = datetime.combine(monday - timedelta(weeks=back), datetime.min.time()).astimezone()
        at = day + timedelta(days=1, hours=17)  # Tuesdays at 17:00
        sets = [{"exercise": "pec_deck", "reps": 10, "load": 40.0, "mmc": mmc}] * 3
        _session(ana, f"ana-w{back}", at, sets)
        measured = Tempo(3.0 if back >= 2 else 1.0, 0, 1, 2)  # rushing the last two weeks
        ben_sets = [
            {
                "exercise": "lat_pulldown",
                "reps": 10,
                "load": 50.0,
                "mmc": 7,
                "tempo": Tempo(3, 0, 1, 2),
                "measured_tempo": measured,
            }
        ] * 2
        _session(ben, f"ben-w{back}", at, ben_sets)
        ana.report_soreness(
            [Soreness(day=at.date() + timedelta(days=1), group="chest", doms=3, reported_at=at)]
        )
    _session(cal, "cal-1", NOW - timedelta(days=1), [{"exercise": "pec_deck", "reps": 8}])


# -- the clients list ----------------------------------------------------------------------------


def test_the_clients_list_shows_last_session_weekly_sets_mmc_trend_and_flags(gym: Gym) -> None:
    _seed_history(gym)
    rows = gym.clients["cora"].get("/api/clients").json()
    assert [r["username"] for r in rows] == ["ana", "ben"]  # not xena's cal
    ana, ben = rows
    assert ana["last_session"].startswith("2025-03-11T17:00")
    assert ana["last_session_text"] == "yesterday 17:00"
    assert ana["sessions"] == 4
    assert ana["weekly_sets"] == {"chest": 3}  # this week's working sets only
    assert ben["weekly_sets"] == {"back": 2}
    assert ana["mmc"]["mean"] == pytest.approx(5.8, abs=0.05)
    assert ana["mmc"]["direction"] == "down"
    assert ben["mmc"]["direction"] == "steady" and ben["mmc"]["mean"] == 7.0
    kinds = {(f["kind"], f["group"]) for f in ana["flags"]}
    assert ("mmc_dropping", "chest") in kinds
    assert ("soreness_high", "chest") in kinds
    assert [(f["kind"], f["group"]) for f in ben["flags"]] == [("tempo_dropping", "back")]
    assert ben["tempo"] == {"measured_sets": 8, "within_pct": 50}
    assert ana["tempo"] == {"measured_sets": 0, "within_pct": None}

    page = gym.clients["cora"].get("/clients").text
    assert "Last session yesterday 17:00 · 4 sessions" in page
    assert "mmc dropping in chest" in page and "soreness staying high in chest" in page
    assert "chest 3</span>" in page  # this week's sets
    assert "5.8 ↘" in page and "7.0 →" in page
    assert "tempo adherence dropping in back (100% -&gt; 0% of sets on tempo)" in page
    assert "<b>50%</b> of 8 sets on tempo" in page
    assert "cal" not in re.findall(r"<h2>(\w+)</h2>", page)


def test_empty_states_read_well(gym: Gym) -> None:
    x = gym.clients["xena"]
    page = x.get("/clients").text
    assert "No sessions yet" in page  # cal has none yet
    assert "no working sets" in page and "none in 4 weeks" in page
    client = x.get(f"/clients/{gym.lifters['cal']}").text
    assert "No sessions yet." in client and "Assign cal a plan" in client
    assert "no reports in 2 weeks" in client
    # a coach without clients: an invitation, no assign form
    from mindmuscle.store.accounts import AccountStore

    AccountStore(gym.engine).add_user("zoe", PASSWORD, "coach", now=NOW)
    lonely = login(gym.app, "zoe", follow_redirects=False).get("/clients").text
    assert "No clients yet." in lonely and 'id="assign"' not in lonely


def test_an_invite_gives_a_full_copyable_link(gym: Gym) -> None:
    cora = gym.clients["cora"]
    r = cora.post("/clients/invite", data={"csrf_token": cora.headers["X-CSRF-Token"]})
    assert r.status_code == 303
    code = r.headers["location"].split("invite=")[1].split("#")[0]
    page = cora.get(f"/clients?invite={code}").text
    assert f'value="http://testserver/join/{code}"' in page
    assert "data-copy" in page and f'<code id="invite-code">{code}</code>' in page
    api = cora.post("/api/invites").json()
    assert api["url"] == f"/join/{api['code']}"
    assert api["link"] == f"http://testserver/join/{api['code']}"


# -- assigning -----------------------------------------------------------------------------------


def _form(client: Any, **data: Any) -> dict[str, Any]:
    return {"csrf_token": client.headers["X-CSRF-Token"], **data}


def test_assign_a_plan_to_several_clients_and_they_see_it_on_today(gym: Gym) -> None:
    cora = gym.clients["cora"]
    lifters = [gym.lifters["ana"], gym.lifters["ben"]]
    r = cora.post(
        "/clients/assign",
        data=_form(cora, lifters=lifters, kind="session", focus=["chest", "arms"], minutes=40),
    )
    assert r.status_code == 303
    assert "Plan assigned to ana, ben." in cora.get(r.headers["location"]).text
    for name in ("ana", "ben"):
        (assigned,) = gym.clients[name].get("/api/assignments").json()
        today = gym.clients[name].get("/").text
        assert "From your coach · cora · today" in today
        assert f'data-start-plan data-plan-id="{assigned["plan_id"]}"' in today
        plan = gym.clients[name].get(f"/api/plans/{assigned['plan_id']}").json()
        assert plan["assigned_by"] == "cora" and plan["focus"] == ["chest", "arms"]
    assert "From your coach" not in gym.clients["cal"].get("/").text
    # started: it leaves Today (the open session card takes over)
    ana = gym.clients["ana"]
    plan_id = ana.get("/api/assignments").json()[0]["plan_id"]
    assert ana.post("/api/sessions", json={"id": "s-ana", "plan_id": plan_id}).status_code == 201
    assert "From your coach" not in ana.get("/").text
    assert cora.get("/api/clients").json()[1]["pending_plans"] == 1  # ben has not started


def test_assign_form_mistakes_come_back_as_one_sentence(gym: Gym) -> None:
    cora = gym.clients["cora"]
    r = cora.post("/clients/assign", data=_form(cora, kind="session", focus="chest"))
    assert r.status_code == 303
    assert "Tick at least one client to assign to." in cora.get(r.headers["location"]).text
    r = cora.post("/clients/assign", data=_form(cora, lifters=gym.lifters["ana"]))
    assert "Tick at least one muscle group" in cora.get(r.headers["location"]).text
    # another coach's client: as if it did not exist, nothing assigned to anyone
    both = [gym.lifters["ana"], gym.lifters["cal"]]
    r = cora.post("/clients/assign", data=_form(cora, lifters=both, focus="chest"))
    assert r.status_code == 404
    assert gym.clients["ana"].get("/api/assignments").json() == []


def test_assign_a_program_and_run_a_day_of_it(gym: Gym) -> None:
    cora, ana = gym.clients["cora"], gym.clients["ana"]
    data = _form(cora, lifters=gym.lifters["ana"], kind="program", split="ppl", days=3, weeks=4)
    assert cora.post("/clients/assign", data=data).status_code == 303
    (assigned,) = ana.get("/api/assignments").json()
    program = ana.get(f"/api/plans/{assigned['plan_id']}").json()
    assert program["split"] == "ppl" and len(program["weeks"]) == 4
    today = ana.get("/").text
    assert "Program from your coach · cora" in today and "Week 1 of 4" in today
    assert "Day 1 · Push" in today and "Day 3 · Legs" in today
    r = ana.post(
        "/today/program-day",
        data={"program_id": assigned["plan_id"], "week": program["weeks"][0]["week"], "day": 2},
    )
    assert r.status_code == 200 and 'id="start-session"' in r.text
    day_plan = re.search(r'data-plan-id="([^"]+)"', r.text)
    assert day_plan is not None
    stored = ana.get(f"/api/plans/{day_plan[1]}").json()
    assert stored["program"]["day"] == 2 and stored["assigned_by"] == "cora"
    assert ana.post("/api/sessions", json={"id": "d2", "plan_id": day_plan[1]}).status_code == 201
    assert "done today" in ana.get("/").text
    bad = ana.post("/today/program-day", data={"program_id": "nope", "week": 1, "day": 1})
    assert "No day 1 of week 1" in bad.text
    review = cora.get(f"/api/clients/{gym.lifters['ana']}/review").json()
    assert review[0]["assigned_by"] == "cora" and review[0]["prescribed"]


# -- one client: prescribed against done, notes ----------------------------------------------------


def _run_assigned_session(gym: Gym) -> tuple[str, dict[str, Any]]:
    """cora assigns ana a chest plan; ana skips the first set of its first working item and
    does the second (rushed, with a motion recording), nothing of the rest, and a set outside
    the plan. The plan and set ids."""
    cora, ana = gym.clients["cora"], gym.clients["ana"]
    made = cora.post(f"/api/clients/{gym.lifters['ana']}/plans", json={"focus": ["chest"]})
    assert made.status_code == 201, made.text
    plan = made.json()
    assert ana.post("/api/sessions", json={"id": "rx", "plan_id": plan["id"]}).status_code == 201
    item = next(b for b in plan["blocks"] if b["kind"] == "working")["items"][0]
    logged = {
        "id": "rx-1",
        "exercise": item["exercise"],
        "reps": 10,
        "load": 30,
        "mmc": 6,
        "session_id": "rx",
        "tempo": item["tempo"],
        "measured_tempo": {**item["tempo"], "eccentric": 1.0},
        "set_number": 2,
    }
    assert ana.post("/api/sets", json=logged).status_code == 201
    extra = {"id": "rx-2", "exercise": "cable_curl", "reps": 12, "mmc": 8, "session_id": "rx"}
    assert ana.post("/api/sets", json=extra).status_code == 201
    phases = {"eccentric": 1.0, "bottom": 0.0, "concentric": 0.5, "top": 0.0}
    reps = [{"start": 2.0 * i, "end": 2.0 * i + 1.5, "phases": phases} for i in range(10)]
    gym.repo("ana").attach_recording(
        Recording(
            id="rec-1",
            set_id="rx-1",
            kind="motion",
            filename="rx-1.csv",
            sha256="a" * 64,
            created_at=NOW,
            summary={"rep_count": 10, "reps": reps},
        )
    )
    return plan["id"], item


def test_a_client_page_shows_each_prescribed_item_with_the_sets_done_against_it(gym: Gym) -> None:
    plan_id, item = _run_assigned_session(gym)
    cora = gym.clients["cora"]
    (session,) = cora.get(f"/api/clients/{gym.lifters['ana']}/review").json()
    assert session["assigned_by"] == "cora" and session["plan_id"] == plan_id
    first = next(p for p in session["prescribed"] if p["block"] == "working")
    assert first["exercise"] == item["exercise"] and first["sets"] == item["sets"]
    (done,) = first["done"]
    assert done["id"] == "rx-1" and done["load"] == 30 and done["mmc"] == 6
    assert done["tempo_check"] == "too fast"  # a rushed eccentric: the load was too heavy
    assert done["tut_s"] == 15.0  # ten reps of 1.5 s in the recording
    tempo = Tempo.from_mapping(item["tempo"])
    assert done["prescribed_tut_s"] == pytest.approx(tempo.set_seconds(10), abs=0.05)
    assert all(not p["done"] for p in session["prescribed"] if p is not first)
    assert [x["id"] for x in session["extra"]] == ["rx-2"]

    page = cora.get(f"/clients/{gym.lifters['ana']}").text
    assert f"{item['name']}</b>" in page and f"1/{item['sets']}</span>" in page
    assert '<span class="n">2</span>' in page  # the set done is the plan's second
    assert "Not done." in page and "Outside the plan" in page and "too fast" in page
    assert "TUT 15 s" in page and "Assigned by cora" in page
    assert page.count('class="add-note"') == 2  # a note form under each done set


def test_notes_are_seen_by_that_athlete_only(gym: Gym) -> None:
    _run_assigned_session(gym)
    cora, ana, ben = gym.clients["cora"], gym.clients["ana"], gym.clients["ben"]
    url = f"/clients/{gym.lifters['ana']}/notes"
    text = "Eccentric was 1 s: drop to 25 kg and own the 3 s."
    r = cora.post(url, data=_form(cora, set_id="rx-1", text=text))
    assert r.status_code == 303 and r.headers["location"].endswith("#set-rx-1")
    assert text in cora.get(r.headers["location"]).text
    assert cora.post(url, data=_form(cora, set_id="rx-1", text="   ")).status_code == 303
    assert len(ana.get("/api/notes").json()) == 1  # a blank note is not stored

    today = ana.get("/").text
    assert "Notes from your coach" in today and text in today
    assert 'data-set="rx-1"' in today
    history = ana.get("/history").text
    assert text in history
    for other in ("ben", "cal", "xena"):
        client = gym.clients[other]
        assert text not in client.get("/").text and text not in client.get("/history").text
        assert client.get("/api/notes").json() == []
        assert client.get(f"/api/notes?lifter={gym.lifters['ana']}").status_code == 404
    assert ben.post(url, data=_form(ben, set_id="rx-1", text="x")).status_code == 403
    # notes on a set of another client cannot be written
    other = cora.post(
        f"/api/clients/{gym.lifters['ben']}/notes", json={"set_id": "rx-1", "text": "x"}
    )
    assert other.status_code == 404


def test_a_coach_takes_a_note_back(gym: Gym) -> None:
    _run_assigned_session(gym)
    cora, ana, xena = gym.clients["cora"], gym.clients["ana"], gym.clients["xena"]
    lifter = gym.lifters["ana"]
    text = "Wrong client, sorry."
    made = cora.post(f"/api/clients/{lifter}/notes", json={"set_id": "rx-1", "text": text})
    note = made.json()["id"]
    page = cora.get(f"/clients/{lifter}").text
    assert text in page and f"/clients/{lifter}/notes/{note}/delete" in page
    # only the coach of this client reaches it; the athlete cannot delete it either
    assert xena.delete(f"/api/clients/{lifter}/notes/{note}").status_code == 404
    assert ana.delete(f"/api/clients/{lifter}/notes/{note}").status_code == 403
    url = f"/clients/{lifter}/notes/{note}/delete"
    r = cora.post(url, data=_form(cora, set_id="rx-1"), follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/clients/{lifter}#set-rx-1"
    assert text not in cora.get(f"/clients/{lifter}").text
    assert ana.get("/api/notes").json() == [] and text not in ana.get("/history").text
    # a second click lands on the page again; the API says the note is not there
    again = cora.post(url, data=_form(cora, set_id="rx-1"), follow_redirects=False)
    assert again.status_code == 303
    gone = cora.delete(f"/api/clients/{lifter}/notes/{note}")
    assert gone.status_code == 404 and "No note" in gone.json()["error"]["message"]


def test_leaving_the_coach_ends_the_coachs_access(gym: Gym) -> None:
    _seed_history(gym)
    cora, ana = gym.clients["cora"], gym.clients["ana"]
    me = ana.get("/me").text
    assert 'id="coach-name">cora<' in me and 'id="leave-coach"' in me
    assert cora.get(f"/clients/{gym.lifters['ana']}").status_code == 200
    assert ana.delete("/api/coach-link").json() == {"left": True}
    lifter = gym.lifters["ana"]
    gone = (f"/clients/{lifter}", f"/api/clients/{lifter}/review", f"/history?lifter={lifter}")
    for path in gone:
        assert cora.get(path).status_code == 404, path
    assert [c["username"] for c in cora.get("/api/clients").json()] == ["ben"]
    assert f'href="/clients/{lifter}"' not in cora.get("/clients").text
    assert "No coach." in ana.get("/me").text
    assert "Leave" not in gym.clients["cal"].get("/me").text.split("Coach</h2>")[0]
