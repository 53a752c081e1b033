// The coach's timeline: the same steps, phases and counts as the Python engine
// (mindmuscle.coaching.schedule and engine). Pure functions of a start time; a test runs
// them in the browser and compares them with the engine's events.
export const PHASES = ["eccentric", "bottom", "concentric", "top"];

/** Events of one rep's phases from `at`; zero-length phases are skipped. */
function phaseEvents(tempo, rep, at) {
  const events = [];
  let offset = 0;
  for (const phase of PHASES) {
    const seconds = Number(tempo[phase]);
    if (!(seconds > 0)) continue;
    const begin = at + offset;
    events.push({ type: "PhaseStarted", at: begin, phase, seconds, rep });
    const counts = Math.max(1, Math.ceil(seconds));
    for (let n = 1; n <= counts; n++) events.push({ type: "Count", at: begin + (n - 1), n, of: counts });
    offset += seconds;
  }
  return [events, offset];
}

/** Reps first..last of a set of `of` reps starting at `start`: events and each rep's end. */
export function repEvents(tempo, { start, first, last, of, cues }) {
  const events = [];
  const ends = [];
  let offset = 0;
  for (let rep = first; rep <= last; rep++) {
    const at = start + offset;
    events.push({ type: "RepStarted", at, rep, of });
    if (cues && cues.length) events.push({ type: "Cue", at, text: cues[(rep - 1) % cues.length] });
    const [phases, seconds] = phaseEvents(tempo, rep, at);
    events.push(...phases);
    offset += seconds;
    ends.push(start + offset);
  }
  return [events, ends];
}

/** A last..1 countdown whose final count falls one second before `end`. */
export function countdown(end, seconds, last) {
  const n = Math.min(last, Math.floor(seconds));
  const out = [];
  for (let k = n; k >= 1; k--) out.push({ type: "Count", at: end - k, n: k, of: n });
  return out;
}

/** Every planned set, in order: {item, block, setIndex}; `done` holds "exercise|block|index". */
export function slots(plan, done = new Set()) {
  const out = [];
  for (const block of plan.blocks) {
    for (const item of block.items) {
      for (let s = 0; s < item.sets; s++) {
        if (!done.has(`${item.exercise}|${block.kind}|${s}`)) out.push({ item, block: block.kind, setIndex: s });
      }
    }
  }
  return out;
}

/** Seconds between the parts of a set: the time to change hands or movement (engine.SWITCH_S). */
export const SWITCH_S = 3;

/** What one set of the item runs through, back to back (engine.set_parts): each movement of a
 *  tri-set, both sides of a one-sided exercise, or just the set. */
export function setParts(item) {
  if (item.components && item.components.length) return item.components.map((c) => c.name);
  if (item.unilateral && !item.alternating) return ["First side", "Second side"];
  return [""];
}

/** Reps paced in one run (engine.reps_per_run): twice the planned reps when the sides
 *  alternate rep by rep, since reps are counted per side. */
export function repsPerRun(item) {
  return item.reps[1] * (item.unilateral && item.alternating ? 2 : 1);
}

/** The set step of part `part` (0-based): SetStarted for the first part, PartStarted when the
 *  set has parts, then reps 1..reps[1] at the item's tempo, starting `switchS` after `start`. */
export function setStep(slot, start, part = 0, switchS = 0) {
  const { item } = slot;
  const planned = repsPerRun(item);
  const parts = setParts(item);
  const begin = start + switchS;
  const [events, ends] = repEvents(item.tempo, { start: begin, first: 1, last: planned, of: planned, cues: item.cues });
  const head = [];
  if (part === 0) head.push({ type: "SetStarted", at: start, exercise: item.exercise, set: slot.setIndex + 1, of: item.sets, planned });
  if (parts.length > 1) head.push({ type: "PartStarted", at: start, part: part + 1, of: parts.length, name: parts[part], switchS });
  events.unshift(...head);
  return { stage: "set", start, end: ends.length ? ends[ends.length - 1] : begin, events, ends, planned, part, parts };
}

/** The activation step before each set: the prompts to switch the target muscle on. */
export function activateStep(slot, start, seconds) {
  const event = { type: "Activate", at: start, exercise: slot.item.exercise, set: slot.setIndex + 1, seconds, prompts: slot.item.before || [] };
  return { stage: "activate", start, end: start + seconds, events: [event] };
}

/** The rest after a set, with the between-set prompts, the next cue and a 3-2-1 countdown. */
export function restStep(done, next, start, countdownS = 3) {
  const seconds = Number(done.rest_s);
  const cue = next && next.item.cues.length ? next.item.cues[0] : null;
  const events = [{ type: "RestStarted", at: start, seconds, prompts: done.between_sets || [], next: next ? next.item.exercise : null, cue }];
  events.push(...countdown(start + seconds, seconds, countdownS));
  return { stage: "rest", start, end: start + seconds, events };
}
