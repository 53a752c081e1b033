// The live coach: runs the plan's steps (activate -> set -> rest) on a session clock,
// drives the metronome and the voice, takes the set entry and queues each set at once.
import { SWITCH_S, activateStep, restStep, setStep, slots } from "./timeline.js";
import { Metronome } from "./metronome.js";
import { Voice } from "./voice.js";
import { MotionMeter } from "./motion.js";
import { enqueue, pending } from "./outbox.js";
import { uuid } from "./uuid.js";

const $ = (id) => document.getElementById(id);
const root = $("coach");
const state = JSON.parse($("session-state").textContent);
const sessionId = root.dataset.sessionId;
const activationS = Number(root.dataset.activationS);
// ?speed=N runs the clock N times faster (tests); 1 in real use.
const speed = Math.min(100, Math.max(0.1, Number(new URLSearchParams(location.search).get("speed")) || 1));
const LS = `mm.coach.${sessionId}`;
const SPOKEN = { eccentric: "down", bottom: "hold", concentric: "up", top: "squeeze" };

const local = Object.assign({ done: [], draft: null, sound: true, voice: true, loads: {}, mmc: 7 },
  JSON.parse(localStorage.getItem(LS) || "{}"));
const persist = () => localStorage.setItem(LS, JSON.stringify(local));

// --- the session clock: stops while paused, so nothing needs shifting on resume ----------
const clock = { origin: performance.now(), pausedAt: null };
const now = () => (((clock.pausedAt ?? performance.now()) - clock.origin) / 1000) * speed;
const paused = () => clock.pausedAt !== null;

const metronome = new Metronome();
const voice = new Voice();
metronome.enabled = local.sound;
voice.enabled = local.voice;
metronome.attach(() => ({ now: now(), speed, paused: paused() }));
const motion = new MotionMeter(sessionId, { toggle: $("t-motion"), live: $("m-live"),
  reps: $("m-reps"), feedback: $("m-feedback"), phases: $("m-phases"), msg: $("m-msg") });

let queue = [];      // the slots still to do
let pos = 0;         // index of the current slot in queue
let step = null;     // {stage, start, end, events, ends?, planned?}
let cursor = 0;      // events of the step already dispatched
let totalSlots = 0;
let holding = false; // activation is over but the last set is not logged yet
let wakeLock = null;
const shown = { phase: null, count: null, rep: null, cue: null, part: null };

function slotKey(s) { return `${s.item.exercise}|${s.block}|${s.setIndex}`; }

function doneKeys() {
  const keys = new Set(local.done);
  for (const [ex, block, i] of state.completed) keys.add(`${ex}|${block}|${i}`);
  for (const x of pending()) if (x.kind === "set" && x.body.session_id === sessionId && x.slot) keys.add(x.slot);
  return keys;
}

// --- steps -----------------------------------------------------------------------------
function begin(newStep) {
  step = newStep;
  cursor = 0;
  metronome.load(step.events);
  root.dataset.stage = step.stage;
}

function enterSlot(at) {
  if (pos >= queue.length) return finishAll();
  begin(activateStep(queue[pos], at, activationS));
}

function startSet(at) {
  holding = false;
  begin(setStep(queue[pos], at));
  motion.startSet({ tempo: queue[pos].item.tempo, exercise: queue[pos].item.exercise });
}

// A part of the set ended (one side, one movement of a tri-set): the next one follows after
// the switch, or the set is complete with the reps of its weakest part.
function endPart(at, reps, failure) {
  const partReps = [...(step.partReps || []), reps];
  const failed = failure ? true : (step.failed ?? failure);
  if (step.part + 1 < step.parts.length) {
    const next = setStep(queue[pos], at, step.part + 1, SWITCH_S);
    Object.assign(next, { partReps, failed });
    return begin(next);
  }
  const item = queue[pos].item;
  const weakest = Math.min(...partReps);
  // sides alternating rep by rep: reps per side are the pairs both sides finished
  completeSet(at, item.unilateral && item.alternating ? Math.floor(weakest / 2) : weakest, failed);
}

function completeSet(at, reps, failure) {
  const slot = queue[pos];
  metronome.clear();
  motion.stopSet();
  local.draft = { slot: slotKey(slot), set_number: slot.setIndex + 1, exercise: slot.item.exercise, block: slot.block,
    tempo: slot.item.tempo, rep_range: slot.item.reps, reps, failure,
    name: slot.item.name, unit: slot.item.recommendation?.unit || "kg",
    load: local.loads[slot.item.exercise] ?? slot.item.recommendation?.load ?? null };
  local.done.push(local.draft.slot);
  persist();
  openEntry();
  pos += 1;
  if (pos >= queue.length) return finishAll();
  if (Number(slot.item.rest_s) > 0) begin(restStep(slot.item, queue[pos], at));
  else enterSlot(at);
}

function transition() {
  const at = step.end;
  if (step.stage === "activate") {
    if (local.draft) { holding = true; return false; }
    startSet(at);
  } else if (step.stage === "set") {
    endPart(at, step.planned, null);
  } else if (step.stage === "rest") {
    enterSlot(at);
  } else {
    return false;
  }
  return true;
}

function finishAll() {
  step = { stage: "done", start: now(), end: Infinity, events: [] };
  root.dataset.stage = "done";
  metronome.clear();
  voice.say("Session complete. Well done.");
}

// --- events to sound, voice and screen -----------------------------------------------------
function dispatch(t) {
  while (cursor < step.events.length && step.events[cursor].at <= t) {
    const e = step.events[cursor++];
    if (e.type === "Activate") voice.say(`Activate. ${e.prompts[0] || ""}`);
    else if (e.type === "RestStarted") voice.say(`Rest. ${e.prompts[0] || ""}`);
    else if (e.type === "PhaseStarted") shown.phase = e.phase;
    else if (e.type === "RepStarted") shown.rep = e;
    else if (e.type === "PartStarted") {
      Object.assign(shown, { part: e, rep: null, phase: null, count: null });
      voice.say(e.name, { urgent: e.part > 1 });
      if (e.part > 1) motion.newPart();
    }
    else if (e.type === "Cue") { shown.cue = e.text; if (shown.rep && shown.rep.rep === 1) voice.say(e.text); }
    else if (e.type === "Count") {
      shown.count = e.n;
      if (step.stage === "set") voice.say(e.n === 1 ? SPOKEN[shown.phase] : e.n, { urgent: true });
      else voice.say(e.n, { urgent: true });
    }
  }
}

function loop() {
  if (step && !paused()) {
    const t = now();
    dispatch(t);
    while (step && !holding && t >= step.end && transition()) dispatch(t);
  }
  render();
}

// --- rendering -------------------------------------------------------------------------------
function text(id, value) {
  const el = $(id);
  const v = value == null || value === "" ? "\u00a0" : String(value);
  if (el.textContent !== v) el.textContent = v;
}

function prompts(list) {
  const ul = $("c-prompts");
  const key = JSON.stringify(list);
  if (ul.dataset.key === key) return;
  ul.dataset.key = key;
  ul.replaceChildren(...list.map((p) => Object.assign(document.createElement("li"), { textContent: p })));
}

function clockText(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  return s >= 60 ? `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}` : String(s);
}

function renderHeader() {
  const slot = queue[Math.min(pos, queue.length - 1)];
  const doneCount = totalSlots - (queue.length - pos);
  $("c-progress").style.width = `${totalSlots ? (100 * doneCount) / totalSlots : 0}%`;
  if (!slot || step?.stage === "done") return;
  text("c-exercise", slot.item.name);
  const kind = slot.block === "primer" ? "Primer" : "Working set";
  text("c-block", step?.stage === "rest" ? `Up next · ${kind}` : kind);
  text("c-setinfo", `Set ${slot.setIndex + 1} of ${slot.item.sets} · ${slot.item.reps[0]}–${slot.item.reps[1]} reps · ${slot.item.tempo_text || ""}`);
}

function renderStage(t) {
  const s = step.stage;
  root.dataset.phase = s === "set" ? shown.phase || "" : "";
  if (s === "set") {
    const part = step.parts.length > 1 && shown.part ? shown.part : null;
    text("c-stage", part && !shown.rep ? `Switch · ${part.name}` : "Follow the tempo");
    text("c-phase", shown.phase);
    text("c-count", shown.count);
    const side = part ? ` · ${part.name} (${part.part}/${part.of})` : "";
    text("c-rep", shown.rep ? `Rep ${shown.rep.rep} / ${shown.rep.of}${side}` : side.slice(3));
    text("c-cue", shown.cue);
    prompts([]);
  } else if (s === "activate" || s === "rest") {
    const left = holding ? 0 : step.end - t;
    text("c-stage", s === "activate" ? "Activate the target" : "Rest");
    text("c-phase", s === "activate" ? (holding ? "Log your set" : "Squeeze it") : "Flex · pose · visualise");
    text("c-count", holding ? "✓" : clockText(left));
    text("c-rep", "");
    const ev = step.events[0];
    text("c-cue", s === "rest" && ev.cue ? `Next: ${ev.cue}` : "");
    prompts((ev.prompts || []).slice(0, 2));
    if (s === "rest") text("entry-rest", `Rest · ${clockText(left)}${left < 60 ? " s" : ""}`);
  } else if (s === "done") {
    text("c-stage", "Session complete");
    text("c-phase", "Well done");
    text("c-count", "✓");
    text("c-exercise", "All sets done");
    text("c-rep", ""); text("c-cue", ""); prompts([]);
  }
}

function render() {
  renderHeader();
  const s = step ? step.stage : "ready";
  $("b-start").hidden = !!step;
  $("b-set").hidden = s !== "set";
  $("b-wait").hidden = !(s === "activate" || s === "rest");
  $("b-done").hidden = s !== "done";
  root.classList.toggle("paused", paused());
  for (const id of ["b-pause", "b-pause2"]) text(id, paused() ? "Resume" : "Pause");
  if (step) renderStage(now());
}

// --- the set entry sheet -----------------------------------------------------------------
function openEntry() {
  const d = local.draft;
  if (!d) return;
  $("entry-title").textContent = `Log ${d.name}`;
  $("f-reps").value = d.reps;
  $("f-load").value = d.load ?? "";
  $("f-unit").textContent = d.unit;
  $("f-mmc").value = local.mmc;
  $("mmc-out").textContent = local.mmc;
  $("f-failure").checked = !!d.failure;
  text("entry-rest", step && step.stage === "rest" ? "Rest" : "Set done");
  if (!$("entry").open) $("entry").showModal();
}

function saveEntry() {
  const d = local.draft;
  if (!d) return;
  const loadText = $("f-load").value.trim();
  const load = loadText === "" ? null : Number(loadText);
  const body = {
    id: uuid(), session_id: sessionId, exercise: d.exercise, block: d.block,
    performed_at: new Date().toISOString(), reps: Math.max(0, Math.round(Number($("f-reps").value) || 0)),
    load, unit: d.unit, tempo: d.tempo, rep_range: d.rep_range,
    failure: $("f-failure").checked, mmc: Number($("f-mmc").value),
    set_number: d.set_number ?? null,
  };
  local.mmc = body.mmc;
  if (load !== null) local.loads[d.exercise] = load;
  local.draft = null;
  local.done = local.done.filter((k) => k !== d.slot);
  const label = `${d.name}: ${load === null ? "bw" : `${load} ${d.unit}`} × ${body.reps}`;
  motion.logged(body.id);  // attached once the outbox has stored the set; never the reverse
  enqueue({ id: body.id, kind: "set", method: "POST", url: "/api/sets", body, label, slot: d.slot });
  persist();
  $("entry").close();
  if (holding && step && step.stage === "activate") startSet(now());
}

// --- controls --------------------------------------------------------------------------------
async function keepAwake() {
  try { if ("wakeLock" in navigator && !wakeLock) wakeLock = await navigator.wakeLock.request("screen"); }
  catch { wakeLock = null; }
  wakeLock?.addEventListener?.("release", () => { wakeLock = null; });
}

function start() {
  metronome.unlock();
  keepAwake();
  clock.origin = performance.now();
  enterSlot(0);
  voice.say("Let's go.");
}

function togglePause() {
  if (paused()) { clock.origin += performance.now() - clock.pausedAt; clock.pausedAt = null; metronome.load(step.events.slice(cursor)); }
  else { clock.pausedAt = performance.now(); metronome.clear(); voice.stop(); }
  render();
}

function endSet(failure) {
  if (!step || step.stage !== "set" || paused()) return;
  const t = now();
  endPart(t, step.ends.filter((e) => e <= t).length, failure);
}

function skip() {
  if (!step || paused()) return;
  if (holding && local.draft) return openEntry();
  step.end = now();
}

function finishSession() {
  enqueue({ id: `finish-${sessionId}`, kind: "finish", method: "POST", url: `/api/sessions/${encodeURIComponent(sessionId)}/finish` })
    .finally(() => { localStorage.removeItem(LS); location.href = "/history"; });
}

function toggle(id, key, target) {
  const btn = $(id);
  btn.setAttribute("aria-pressed", String(local[key]));
  btn.addEventListener("click", () => {
    local[key] = !local[key];
    target.enabled = local[key];
    if (!local[key] && key === "voice") voice.stop();
    btn.setAttribute("aria-pressed", String(local[key]));
    persist();
  });
}

function wire() {
  $("b-start").addEventListener("click", start);
  $("b-pause").addEventListener("click", togglePause);
  $("b-pause2").addEventListener("click", togglePause);
  $("b-end").addEventListener("click", () => endSet(false));
  $("b-fail").addEventListener("click", () => endSet(true));
  $("b-skip").addEventListener("click", skip);
  $("b-finish").addEventListener("click", finishSession);
  $("f-mmc").addEventListener("input", (e) => { $("mmc-out").textContent = e.target.value; });
  $("entry-form").addEventListener("submit", (e) => { e.preventDefault(); saveEntry(); });
  $("entry").addEventListener("cancel", (e) => e.preventDefault());
  document.querySelectorAll("[data-step]").forEach((b) => b.addEventListener("click", () => {
    const input = $(b.dataset.step);
    const v = Math.max(0, (Number(input.value) || 0) + Number(b.dataset.by));
    input.value = Math.round(v * 10) / 10;
  }));
  toggle("t-sound", "sound", metronome);
  toggle("t-voice", "voice", voice);
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "visible" && step) keepAwake(); });
}

function init() {
  wire();
  if (!state.plan) {
    text("c-exercise", "No plan");
    text("c-stage", "This session has no plan to coach");
    $("b-start").hidden = true;
    return;
  }
  queue = slots(state.plan, doneKeys());
  totalSlots = slots(state.plan).length;
  const resumed = queue.length < totalSlots;
  if (state.session.finished_at || queue.length === 0) { finishAll(); }
  else {
    $("b-start").textContent = resumed ? "Resume" : "Start";
    text("c-stage", resumed ? "Pick up where you left off" : "Ready when you are");
    text("c-phase", resumed ? "Resume" : "Ready");
  }
  if (local.draft) openEntry();
  render();
  const frame = () => { loop(); requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
  setInterval(loop, 200);  // keeps going when frames are throttled
  window.mmCoach = { now, speed, get stage() { return step ? step.stage : "ready"; } };
}

init();
