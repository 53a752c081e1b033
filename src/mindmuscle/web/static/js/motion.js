// Live motion measurement (issue 6): while a set runs, the phone's motion sensors
// (DeviceMotion API) stream over /ws/motion/{session} in ~250 ms batches; the server finds
// the reps with the same algorithm as `analyze motion` and answers with a rep count and a
// feedback line per rep. When the set is stored, the stream is attached to it.
//
// The set log never depends on this: sets go through the outbox as always; a socket that
// fails only loses the measurement. Each set has its own socket, open from the set's start
// until its recording is attached (or given up), so the next set never waits on the last.
const BATCH_MS = 250;
const MAX_SAMPLES = 200000;           // the server's bound: about an hour at 50 Hz
const CHUNK = 500;                    // samples per message when catching up
const LOG_WAIT_MS = 600000;           // how long a stopped set waits for its set to be stored
const RAD = Math.PI / 180;

const MESSAGES = {
  unsupported: "This browser has no motion sensors, so reps can't be measured here.",
  insecure: "Phone motion needs a secure connection: open the app over https (or on localhost).",
  denied: "Motion access was refused; allow Motion & Orientation Access for this site to measure reps.",
  silent: "No motion data is coming from this device's sensors.",
  offline: "The motion link dropped; reconnecting (your set is logged either way).",
};

function socketUrl(sessionId) {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const lifter = new URLSearchParams(location.search).get("lifter");
  const query = lifter ? `?lifter=${encodeURIComponent(lifter)}` : "";
  return `${scheme}//${location.host}/ws/motion/${encodeURIComponent(sessionId)}${query}`;
}

/** One set's stream: its samples, its socket (reopened and replayed if it drops). */
class SetStream {
  constructor(meter, { tempo, exercise }) {
    this.meter = meter;
    this.start = { type: "start", tempo: tempo ?? null, exercise: exercise ?? null };
    this.samples = [];
    this.sent = 0;         // samples sent on the current socket
    this.t0 = null;        // the stream clock's origin (ms, the events' clock)
    this.stopped = false;
    this.setId = undefined; // undefined: not logged yet; null: drop; string: attach
    this.done = false;
    this.retries = 0;
    this.open();
    this.timer = setInterval(() => this.flush(), BATCH_MS);
  }

  open() {
    if (this.done) return;
    let ws;
    try { ws = new WebSocket(socketUrl(this.meter.sessionId)); } catch { return this.retry(); }
    this.ws = ws;
    this.sent = 0;
    this.started = this.stopSent = this.endSent = false;
    ws.addEventListener("open", () => { this.retries = 0; ws.send(JSON.stringify(this.start)); this.flush(); });
    ws.addEventListener("message", (e) => this.receive(e.data));
    ws.addEventListener("close", () => { if (this.ws === ws) { this.ws = null; this.retry(); } });
    ws.addEventListener("error", () => ws.close());
  }

  retry() {
    if (this.done) return;
    this.retries += 1;
    if (this.retries > 5) return this.giveUp("The motion link is down, so this set is not measured (it is logged as usual).");
    this.meter.say(MESSAGES.offline);
    setTimeout(() => this.open(), Math.min(8000, 500 * 2 ** this.retries));
  }

  add(row) {
    if (this.stopped || this.samples.length >= MAX_SAMPLES) return;
    this.samples.push(row);
  }

  /** Send what the socket has not had yet; after stop, also stop and (once logged) end. */
  flush() {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    while (this.sent < this.samples.length) {
      const batch = this.samples.slice(this.sent, this.sent + CHUNK);
      ws.send(JSON.stringify({ type: "samples", samples: batch }));
      this.sent += batch.length;
    }
    if (this.stopped && !this.stopSent) { ws.send(JSON.stringify({ type: "stop" })); this.stopSent = true; }
    if (this.stopped && this.setId !== undefined && !this.endSent) {
      ws.send(JSON.stringify({ type: "end", set_id: this.setId }));
      this.endSent = true;
    }
  }

  receive(text) {
    let m;
    try { m = JSON.parse(text); } catch { return; }
    if (m.type === "started") this.started = true;
    else if (m.type === "rep") this.meter.showRep(this, m);
    else if (m.type === "stopped") this.meter.showStopped(this, m);
    else if (m.type === "attached") { this.meter.showAttached(this, m); this.close(); }
    else if (m.type === "ended") this.close();
    else if (m.type === "error") {
      this.meter.say(m.error?.message || "The motion measurement failed.");
      // a refused start (e.g. a tempo the server cannot read) or a failed attach: give up
      if (!this.started || this.endSent) this.close();
    }
  }

  stop() {
    this.stopped = true;
    this.flush();
    this.waiting = setTimeout(() => this.logged(null), LOG_WAIT_MS);
  }

  logged(setId) {
    if (this.setId !== undefined) return;
    clearTimeout(this.waiting);
    this.setId = setId;
    this.flush();
  }

  giveUp(message) { this.meter.say(message); this.close(); }

  close() {
    this.done = true;
    clearInterval(this.timer);
    clearTimeout(this.waiting);
    const ws = this.ws;
    this.ws = null;
    if (ws && ws.readyState <= WebSocket.OPEN) ws.close();
    this.meter.forget(this);
  }
}

export class MotionMeter {
  /** `els`: {toggle, live, reps, feedback, phases, msg} elements of the Coach page. */
  constructor(sessionId, els) {
    this.sessionId = sessionId;
    this.els = els;
    this.enabled = false;
    this.current = null;   // the stream of the running set
    this.streams = new Set();
    this.pendingLog = null; // the stopped set's stream until the set is logged
    this.awaiting = new Map(); // set id -> stream waiting for the outbox to store the set
    this.onMotion = (e) => this.sample(e);
    this.seen = 0;
    this.lastRep = 0;       // the stream's rep count so far (both sides of a one-sided set)
    this.partFrom = 0;      // reps measured before the current side or tri-set movement
    els.toggle.addEventListener("click", () => this.toggle());
    window.addEventListener("pagehide", () => this.closeAll());
    window.addEventListener("mm:sent", (e) => this.sentItem(e.detail));
  }

  // --- the toggle: the permission prompt must be asked inside the tap ------------------
  toggle() {
    if (this.enabled) return this.setEnabled(false);
    if (!window.isSecureContext) return this.say(MESSAGES.insecure);
    const DM = window.DeviceMotionEvent;
    if (typeof DM === "undefined") return this.say(MESSAGES.unsupported);
    if (typeof DM.requestPermission === "function") {
      // iOS 13+: no await before this call, or Safari no longer sees the user gesture
      DM.requestPermission()
        .then((answer) => (answer === "granted" ? this.setEnabled(true) : this.say(MESSAGES.denied)))
        .catch(() => this.say(MESSAGES.denied));
    } else {
      this.setEnabled(true);
    }
  }

  setEnabled(on) {
    this.enabled = on;
    this.els.toggle.setAttribute("aria-pressed", String(on));
    this.els.live.hidden = !on;
    this.say(on ? "Phone motion is on: keep the phone on your working arm or the moving part during the set." : "");
    if (!on) {
      window.removeEventListener("devicemotion", this.onMotion);
      if (this.current) { this.current.logged(null); this.current.stop(); this.current = null; }
    }
    if (on) { this.els.reps.textContent = "0"; this.els.feedback.textContent = this.els.phases.textContent = "\u00a0"; }
  }

  say(text) { this.els.msg.textContent = text || ""; }

  // --- the set -----------------------------------------------------------------------
  startSet({ tempo, exercise }) {
    if (!this.enabled) return;
    if (this.current) this.stopSet();
    this.current = new SetStream(this, { tempo, exercise });
    this.streams.add(this.current);
    this.seen = 0;
    this.lastRep = this.partFrom = 0;
    this.els.reps.textContent = "0";
    this.els.feedback.textContent = "Measuring…";
    this.els.phases.textContent = "\u00a0";
    window.addEventListener("devicemotion", this.onMotion);
    clearTimeout(this.silence);
    this.silence = setTimeout(() => { if (this.current && !this.seen) this.say(MESSAGES.silent); }, 3000);
  }

  sample(e) {
    const s = this.current;
    const a = e.accelerationIncludingGravity;
    if (!s || !a || a.x == null || a.y == null || a.z == null) return;
    // the event's own clock (ms); some old browsers give epoch ms, use performance.now() then
    const ms = e.timeStamp > 0 && e.timeStamp < 1e11 ? e.timeStamp : performance.now();
    if (s.t0 === null) s.t0 = ms;
    const row = [Math.round(ms - s.t0) / 1000, a.x, a.y, a.z];
    const r = e.rotationRate;
    if (r && r.alpha != null && r.beta != null && r.gamma != null) {
      row.push(r.beta * RAD, r.gamma * RAD, r.alpha * RAD);  // about x, y, z; deg/s -> rad/s
    }
    s.add(row);
    if (!this.seen++) this.say("");
  }

  /** The next side (or tri-set movement) starts: one stream measures the whole set, and the
   *  screen counts this part's reps from 1 again. */
  newPart() {
    if (!this.current) return;
    this.partFrom = this.lastRep;
    this.els.reps.textContent = "0";
    this.els.feedback.textContent = "Measuring…";
    this.els.phases.textContent = "\u00a0";
  }

  /** The set is over (ended by the lifter or by the timeline): stop listening. */
  stopSet() {
    window.removeEventListener("devicemotion", this.onMotion);
    clearTimeout(this.silence);
    const s = this.current;
    this.current = null;
    if (s) { s.stop(); this.pendingLog = s; }
  }

  /** The stopped set was queued in the outbox as `setId`: attach once the server has it. */
  logged(setId) {
    const s = this.pendingLog;
    this.pendingLog = null;
    if (!s) return;
    this.awaiting.set(setId, s);
  }

  sentItem({ item, outcome }) {
    const s = this.awaiting.get(item?.id);
    if (!s) return;
    this.awaiting.delete(item.id);
    s.logged(outcome === "done" ? item.id : null);
  }

  // --- the screen ----------------------------------------------------------------------
  showRep(stream, m) {
    if (this.current && stream !== this.current) return;  // a late answer about the last set
    if (stream === this.current) this.lastRep = Math.max(this.lastRep, m.rep);
    const rep = Math.max(1, m.rep - this.partFrom);
    this.els.reps.textContent = String(rep);
    this.els.feedback.textContent = `Rep ${rep}: ${m.feedback}`;
    const p = m.phases || {};
    const secs = ["eccentric", "bottom", "concentric", "top"].map((k) => Number(p[k] ?? 0).toFixed(1));
    if (m.top_open) secs[3] = "…";  // the top hold lasts until the next rep starts
    this.els.phases.textContent = `${secs.join(" · ")} s`;
  }

  showStopped(stream, m) {
    if (this.current) return;
    if (m.rep_count != null) this.els.reps.textContent = String(m.rep_count);
  }

  showAttached(stream, m) {
    const n = m.rep_count ?? 0;
    this.say(`Motion attached to the set: ${n} rep${n === 1 ? "" : "s"} measured.`);
  }

  forget(stream) { this.streams.delete(stream); }

  closeAll() {
    window.removeEventListener("devicemotion", this.onMotion);
    for (const s of [...this.streams]) s.close();
    this.current = null;
  }
}
