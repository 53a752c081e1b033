"""Phone motion on the Coach page, in headless Chromium at phone size (issue 6): a stubbed
``DeviceMotionEvent`` (iOS-style ``requestPermission``) and synthetic ``devicemotion``
events replaying a generated set; the page shows the rep count and a feedback line, and the
logged set gets the stream attached. Refusal and missing sensors get one sentence."""

from __future__ import annotations

import re
from typing import Any

import httpx2 as httpx
import numpy as np
import pytest

from mindmuscle.signals.synth import SetSpec, synth_imu

from .conftest import LiveServer, shot

pytestmark = pytest.mark.slow

# iOS 13+ shape: the constructor has requestPermission(); it must be called in the tap
STUB = """(answer) => {
  window.__permissionAsked = 0;
  class StubMotionEvent extends Event {
    static requestPermission() {
      window.__permissionAsked += 1;
      return Promise.resolve(answer);
    }
  }
  window.DeviceMotionEvent = StubMotionEvent;
}"""

# dispatch the rows as devicemotion events: the event's own clock, m/s^2, deg/s; ~8x real time
REPLAY = """async (rows) => {
  const base = performance.now();
  const deg = 180 / Math.PI;
  for (let i = 0; i < rows.length; i += 12) {
    for (const [t, ax, ay, az, gx, gy, gz] of rows.slice(i, i + 12)) {
      const e = new Event("devicemotion");
      Object.defineProperty(e, "timeStamp", { value: base + t * 1000 });
      e.accelerationIncludingGravity = { x: ax, y: ay, z: az };
      e.rotationRate = { alpha: gz * deg, beta: gx * deg, gamma: gy * deg };
      window.dispatchEvent(e);
    }
    await new Promise((r) => setTimeout(r, 30));
  }
}"""


def _coach(page: Any, answer: str | None = "granted") -> str:
    """Open the Coach page of the open session (planning one first if there is none) with
    the motion stub installed (``answer`` to the permission prompt; None: no sensors)."""
    if answer is None:
        page.add_init_script("delete window.DeviceMotionEvent")
    else:
        page.add_init_script(f"({STUB})({answer!r})")
    page.goto("/coach")
    if "/coach/" not in page.url:
        page.click("text=Plan my session")
        page.wait_for_selector("#start-session")
        page.click("#start-session")
        page.wait_for_url("**/coach/**")
    return str(page.url.split("/coach/")[1].split("?")[0])


def test_a_replayed_set_shows_reps_and_feedback_and_attaches(
    phone: Any, live_server: LiveServer
) -> None:
    page = phone
    _coach(page)
    page.click("#t-motion")
    page.wait_for_selector("#t-motion[aria-pressed='true']")
    assert page.evaluate("window.__permissionAsked") == 1
    assert page.is_visible("#m-live")

    page.click("#b-start")
    page.click("#b-skip")  # no activation wait: straight into the set
    page.wait_for_function("window.mmCoach.stage === 'set'")
    rec = synth_imu(SetSpec(reps=3, tempo=(3, 0, 1, 1)), fs=50.0, seed=1)
    rows = np.column_stack([rec.t, rec.acc, rec.gyro]).round(5).tolist()
    page.evaluate(REPLAY, rows)
    page.wait_for_function("Number(document.getElementById('m-reps').textContent) >= 2")
    feedback = page.text_content("#m-feedback") or ""
    assert re.fullmatch(r"Rep \d+: (on tempo|[a-z]+ \d+\.\d s - (slower|faster))", feedback)
    assert re.fullmatch(
        r"[\d.]+ · [\d.]+ · [\d.]+ · ([\d.]+|…) s", page.text_content("#m-phases") or ""
    )
    assert page.get_attribute("#m-feedback", "aria-live") == "polite"
    path = shot(page, "motion-coach-live")
    assert path.exists()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.click("#b-end")
    page.wait_for_selector("#entry[open]")
    page.click("#f-save")
    page.wait_for_function(
        "document.getElementById('m-msg').textContent.startsWith('Motion attached')"
    )
    assert page.text_content("#m-reps") == "3"
    (logged,) = httpx.get(f"{live_server.url}/api/sets").json()
    (attached,) = httpx.get(f"{live_server.url}/api/sets/{logged['id']}/recordings").json()
    assert attached["kind"] == "motion" and attached["summary"]["rep_count"] == 3
    shot(page, "motion-coach-attached")


def test_refused_or_missing_sensors_get_one_sentence(phone: Any) -> None:
    page = phone
    _coach(page, "denied")
    page.click("#t-motion")
    page.wait_for_function("document.getElementById('m-msg').textContent.includes('refused')")
    assert page.get_attribute("#t-motion", "aria-pressed") == "false"
    assert page.is_hidden("#m-live")

    fresh = page.context.new_page()
    _coach(fresh, None)
    page = fresh
    page.click("#t-motion")
    assert "no motion sensors" in (page.text_content("#m-msg") or "")
    # the coach runs as ever without them
    page.click("#b-start")
    page.wait_for_function("window.mmCoach.stage === 'activate'")


# the meter's screen, driven directly: a one-sided set is one stream, counted per side
PARTS = """async () => {
  const { MotionMeter } = await import('/static/js/motion.js');
  const el = (tag) => document.createElement(tag);
  const els = { toggle: el('button'), live: el('div'), reps: el('b'), feedback: el('p'),
    phases: el('p'), msg: el('p') };
  const meter = new MotionMeter('s', els);
  const stream = {};
  meter.current = stream;  // a running set (no socket needed to show its answers)
  const shown = [];
  const rep = (n) => { meter.showRep(stream, { rep: n, feedback: 'on tempo', phases: {} });
    shown.push([els.reps.textContent, els.feedback.textContent]); };
  rep(11); rep(12);
  meter.newPart();
  shown.push([els.reps.textContent, els.feedback.textContent]);
  rep(13); rep(14);
  return shown;
}"""


def test_the_second_side_counts_its_reps_from_one(phone: Any) -> None:
    phone.goto("/exercises")
    assert phone.evaluate(PARTS) == [
        ["11", "Rep 11: on tempo"],
        ["12", "Rep 12: on tempo"],
        ["0", "Measuring…"],
        ["1", "Rep 1: on tempo"],
        ["2", "Rep 2: on tempo"],
    ]
