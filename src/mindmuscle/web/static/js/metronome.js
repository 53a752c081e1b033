// The metronome: clicks scheduled ahead on the AudioContext's own clock (a look-ahead
// scheduler). A timer only wakes the scheduler up; every click's time is computed on
// AudioContext.currentTime, so a busy main thread never makes the beat late.
const LOOKAHEAD_S = 0.15;  // schedule clicks this far ahead (audio seconds)
const WAKE_MS = 25;

const PITCH = { eccentric: 660, bottom: 520, concentric: 880, top: 990 };

export class Metronome {
  constructor() {
    this.ctx = null;
    this.enabled = true;
    this.queue = [];     // [{at (session seconds), kind, phase}] not yet scheduled
    this.live = [];      // scheduled oscillator nodes (stopped on pause)
    this.timer = null;
    this.clock = null;   // () => {now (session s), speed}
  }

  /** Create or resume the AudioContext; call from a user gesture (autoplay rules). */
  unlock() {
    const AC = window.AudioContext || window.webkitAudioContext;
    if (!AC) return;
    if (!this.ctx) this.ctx = new AC({ latencyHint: "interactive" });
    if (this.ctx.state === "suspended") this.ctx.resume().catch(() => {});
  }

  attach(clock) {
    this.clock = clock;
    if (!this.timer) this.timer = setInterval(() => this.tick(), WAKE_MS);
  }

  /** Events of the current step: a click for each count, an accent on each phase start. */
  load(events) {
    this.clear();
    let phase = null;
    for (const e of [...events].sort((a, b) => a.at - b.at)) {
      if (e.type === "PhaseStarted") phase = e.phase;
      else if (e.type === "Count") this.queue.push({ at: e.at, kind: e.n === 1 ? "accent" : "click", phase });
    }
  }

  /** Drop everything not yet played (pause, skip, end of set). */
  clear() {
    this.queue = [];
    for (const node of this.live) { try { node.stop(); } catch { /* already stopped */ } }
    this.live = [];
  }

  tick() {
    if (!this.ctx || !this.clock || this.ctx.state !== "running") return;
    const { now, speed, paused } = this.clock();
    if (paused) return;
    const horizon = now + LOOKAHEAD_S * speed;
    while (this.queue.length && this.queue[0].at <= horizon) {
      const c = this.queue.shift();
      if (c.at < now - 0.05 * speed) continue;  // too late to play: skip, never bunch up
      const when = this.ctx.currentTime + Math.max(0, (c.at - now) / speed);
      if (this.enabled) this.click(when, c);
    }
  }

  click(when, c) {
    const osc = this.ctx.createOscillator();
    const gain = this.ctx.createGain();
    osc.frequency.value = (PITCH[c.phase] || 800) * (c.kind === "accent" ? 1.5 : 1);
    gain.gain.setValueAtTime(0.0001, when);
    gain.gain.exponentialRampToValueAtTime(c.kind === "accent" ? 0.9 : 0.5, when + 0.002);
    gain.gain.exponentialRampToValueAtTime(0.0001, when + 0.06);
    osc.connect(gain).connect(this.ctx.destination);
    osc.start(when);
    osc.stop(when + 0.07);
    this.live.push(osc);
    osc.onended = () => { this.live = this.live.filter((n) => n !== osc); };
  }
}
