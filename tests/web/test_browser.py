"""The app in headless Debian Chromium at phone size (Playwright): plan, start, coach a set
on a sped-up clock, log it, see it in history; reload mid-session; offline queue; PWA
offline shell; the JS timeline equals the engine's. Screenshots go to test-artifacts/."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import httpx2 as httpx
import pytest

from mindmuscle.coaching import Coach
from mindmuscle.method.catalog import builtin_catalog
from mindmuscle.planning.render import session_to_dict
from mindmuscle.planning.request import PlanRequest
from mindmuscle.planning.session import ACTIVATION_S, plan_session

from .conftest import LiveServer, shot

pytestmark = pytest.mark.slow
SPEED = 40


def _outbox_empty(page: Any) -> None:
    page.wait_for_function("JSON.parse(localStorage.getItem('mm.outbox') || '[]').length === 0")


def _log_set(page: Any, *, load: str, mmc: int, screenshot: str | None = None) -> None:
    page.wait_for_selector("#entry[open]")
    page.evaluate(
        "v => { const r = document.getElementById('f-mmc'); r.value = v;"
        " r.dispatchEvent(new Event('input', {bubbles: true})); }",
        mmc,
    )
    page.fill("#f-load", load)
    if screenshot:
        shot(page, screenshot)
    page.click("#f-save")
    page.wait_for_selector("#entry:not([open])", state="attached")


def _sets(server: LiveServer) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = httpx.get(f"{server.url}/api/sets").json()
    return data


def test_plan_coach_log_history_reload_offline(phone: Any, live_server: LiveServer) -> None:
    page = phone
    page.goto(f"/?speed={SPEED}")
    page.click("label.chip:has-text('Chest')")  # unselect the default
    page.click("label.chip:has-text('Arms')")
    shot(page, "01-today")
    page.click("text=Plan my session")
    page.wait_for_selector("#start-session")
    shot(page, "02-plan")
    page.click("#start-session")
    page.wait_for_url("**/coach/**")
    session_id = page.url.split("/coach/")[1].split("?")[0]
    shot(page, "03-coach-ready")

    page.click("#b-start")
    page.wait_for_function("window.mmCoach.stage === 'set'")
    page.wait_for_function("document.getElementById('c-rep').textContent.includes('Rep')")
    shot(page, "04-coach-set")
    # the primer set runs to its end on the sped-up clock; the entry sheet opens by itself
    _log_set(page, load="12.5", mmc=9, screenshot="05-set-entry")
    _outbox_empty(page)
    shot(page, "06-coach-rest")
    (stored,) = _sets(live_server)
    assert stored["session_id"] == session_id and stored["mmc"] == 9 and stored["load"] == 12.5
    assert stored["set_number"] == 1  # the plan's place it fills, kept across a skip

    # reload mid-session: the coach resumes at the next set
    page.reload()
    assert page.text_content("#b-start") == "Resume"
    state = httpx.get(f"{live_server.url}/api/sessions/{session_id}").json()
    assert len(state["completed"]) == 1
    page.click("#b-start")
    page.wait_for_function("window.mmCoach.stage === 'set'")

    # offline: the set is queued, then synced when the network is back
    page.context.set_offline(True)
    page.click("#b-fail")
    _log_set(page, load="10", mmc=6)
    page.wait_for_selector("#sync-status:not([hidden])")
    assert "waiting to sync" in page.text_content("#sync-status")
    shot(page, "07-offline-queued")
    assert len(_sets(live_server)) == 1
    page.context.set_offline(False)
    _outbox_empty(page)
    stored_now = _sets(live_server)
    assert len(stored_now) == 2 and stored_now[1]["failure"] is True
    done = httpx.get(f"{live_server.url}/api/sessions/{session_id}").json()["completed"]
    assert [[s["exercise"], s["block"], s["set_number"] - 1] for s in stored_now] == done

    page.goto("/history")
    assert page.locator(f"#session-{session_id} .set-row").count() == 2
    shot(page, "08-history")


def test_a_one_arm_row_runs_each_side_on_the_coach_page(
    phone: Any, live_server: LiveServer
) -> None:
    plan = httpx.post(
        f"{live_server.url}/api/plans", json={"focus": ["back"], "week": 1, "minutes": 40}
    ).json()
    items = [i for b in plan["blocks"] for i in b["items"]]
    row = next(i for i in items if i["unilateral"])
    before = sum(i["sets"] for i in items[: items.index(row)])
    still_open = httpx.get(f"{live_server.url}/api/sessions/open").json()
    if still_open:  # another test's session: one is open at a time
        httpx.post(f"{live_server.url}/api/sessions/{still_open['session']['id']}/finish")
    made = httpx.post(
        f"{live_server.url}/api/sessions", json={"id": "s-row", "plan_id": plan["id"]}
    )
    assert made.status_code == 201, made.text
    page = phone
    page.goto("/coach/s-row?speed=100")
    page.evaluate(  # every stage label shown, however briefly (the clock runs 100x)
        "window.labels = []; new MutationObserver(() => window.labels.push("
        "document.getElementById('c-stage').textContent))"
        ".observe(document.getElementById('c-stage'), {childList: true, characterData: true,"
        " subtree: true})"
    )
    page.click("#b-start")
    for _ in range(before):  # log every set before the row as it ends
        _log_set(page, load="20", mmc=7)
    page.wait_for_function(
        "document.getElementById('c-rep').textContent.includes('Second side (2/2)')"
    )
    shot(page, "13-coach-second-side")
    assert "Switch · Second side" in page.evaluate("window.labels")
    _log_set(page, load="22.5", mmc=8)
    _outbox_empty(page)
    stored = [s for s in _sets(live_server) if s["session_id"] == "s-row"]
    assert stored[-1]["exercise"] == row["exercise"] and stored[-1]["reps"] == row["reps"][1]


def test_screens_of_the_library_progress_and_me(phone: Any, live_server: LiveServer) -> None:
    page = phone
    today = date.today()
    days = [(today - timedelta(days=d)).isoformat() for d in (15, 8, 1)]
    for day, load in zip(days, (30, 32.5, 35), strict=True):
        for n in range(2):
            httpx.post(
                f"{live_server.url}/api/sets",
                json={
                    "id": f"seed-{day}-{n}",
                    "exercise": "cable_curl",
                    "reps": 10 + n,
                    "load": load,
                    "mmc": 6 + n,
                    "failure": True,
                    "performed_at": f"{day}T18:0{n}:00+00:00",
                },
            )
    page.goto("/exercises")
    page.click("a.chip:has-text('Arms')")
    page.wait_for_url("**/exercises?group=arms")
    shot(page, "09-library")
    page.goto("/exercises/cable_curl")
    shot(page, "10-exercise", full_page=True)
    page.goto("/progress?exercise=cable_curl")
    page.wait_for_function("document.body.dataset.chartsReady === '1'")
    page.wait_for_timeout(300)
    shot(page, "11-progress", full_page=True)
    page.goto("/me")
    shot(page, "12-me")
    for path in ("/", "/history", "/exercises/cable_curl", "/progress", "/me"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path


def test_the_app_shell_opens_offline(browser: Any, live_server: LiveServer) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, base_url=live_server.url)
    page = context.new_page()
    page.goto("/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    context.set_offline(True)
    page.reload()
    assert page.locator("text=Plan my session").is_visible()
    context.close()


def _engine_events(plan: Any, names: dict[str, str]) -> list[tuple[Any, ...]]:
    keep = {
        "Activate", "SetStarted", "PartStarted", "RepStarted", "Cue", "PhaseStarted", "Count",
        "RestStarted",
    }  # fmt: skip
    out = []
    for e in Coach(plan, 0.0, names=names).advance(1e7):
        kind = type(e).__name__
        if kind in keep:
            detail = (
                getattr(e, "phase", None)
                or getattr(e, "n", None)
                or getattr(e, "text", None)
                or getattr(e, "name", None)
            )
            out.append((kind, round(e.at, 6), detail))
    return out


_JS_SESSION = """async ([plan, activation]) => {
  const t = await import('/static/js/timeline.js');
  const all = t.slots(plan);
  const out = [];
  let at = 0;
  all.forEach((slot, i) => {
    const steps = [t.activateStep(slot, at, activation)];
    let set = t.setStep(slot, steps[0].end);
    steps.push(set);
    while (set.part + 1 < set.parts.length) {  // each side, each movement of a tri-set
      set = t.setStep(slot, set.end, set.part + 1, t.SWITCH_S);
      steps.push(set);
    }
    let end = set.end;
    if (i + 1 < all.length && Number(slot.item.rest_s) > 0) {
      const rest = t.restStep(slot.item, all[i + 1], end);
      steps.push(rest); end = rest.end;
    }
    for (const s of steps) for (const e of s.events) out.push([e.type, Math.round(e.at * 1e6) / 1e6,
      e.phase ?? (e.type === 'Count' ? e.n : null) ?? e.text ?? e.name ?? null]);
    at = end;
  });
  return out;
}"""


@pytest.mark.parametrize("focus", ["arms,chest", "shoulders,back", "biceps"])
def test_the_browser_timeline_is_the_engines(phone: Any, focus: str) -> None:
    cat = builtin_catalog()
    plan = plan_session(cat, PlanRequest.parse(cat, focus=focus, week=1, minutes=40))
    contract = json.loads(json.dumps(session_to_dict(cat, plan)))
    phone.goto("/exercises")
    js = [tuple(e) for e in phone.evaluate(_JS_SESSION, [contract, ACTIVATION_S])]
    names = {k: e.name for k, e in cat.exercises.items()}
    assert js == _engine_events(plan, names)
    if focus.startswith("shoulders"):  # a tri-set and a one-arm row: run part by part
        assert {e[2] for e in js if e[0] == "PartStarted"} >= {"First side", "Second side"}
    if focus == "biceps":  # the alternating curl: one run, both sides' reps
        assert any(item["alternating"] for b in contract["blocks"] for item in b["items"])
