// The outbox: every write (a set, a session finish) is queued in localStorage first and
// sent at once; if the network or the server is down it stays queued and is resent when
// the browser is back online. Resending is harmless: each write carries the client's id.
const KEY = "mm.outbox";
const REJECTED = "mm.rejected";
let flushing = null;
let timer = null;

function load(key) {
  try { return JSON.parse(localStorage.getItem(key) || "[]"); } catch { return []; }
}
function save(key, items) { localStorage.setItem(key, JSON.stringify(items)); }

export function pending() { return load(KEY); }
export function rejected() { return load(REJECTED); }

function notify() {
  window.dispatchEvent(new CustomEvent("mm:outbox", { detail: { pending: pending().length } }));
}

/** Queue a write and try to send it now. `item` = {id, method, url, body, kind, label}. */
export function enqueue(item) {
  const items = pending().filter((x) => x.id !== item.id);
  items.push({ ...item, queuedAt: new Date().toISOString() });
  save(KEY, items);
  notify();
  return flush();
}

async function send(item) {
  const ctrl = new AbortController();
  const t = setTimeout(() => ctrl.abort(), 8000);
  try {
    const r = await fetch(item.url, {
      method: item.method, headers: { "Content-Type": "application/json" },
      body: item.body === undefined ? undefined : JSON.stringify(item.body), signal: ctrl.signal,
    });
    if (r.ok) return "done";
    if (r.status >= 400 && r.status < 500 && r.status !== 408 && r.status !== 429) {
      let error = null;
      try { error = (await r.json()).error; } catch { /* not JSON */ }
      return { rejected: error || { message: `HTTP ${r.status}`, field: null } };
    }
    return "retry";
  } catch {
    return "retry";
  } finally {
    clearTimeout(t);
  }
}

async function drain() {
  for (;;) {
    const [item] = pending();
    if (!item) break;
    const outcome = await send(item);
    if (outcome === "retry") { schedule(); break; }
    save(KEY, pending().filter((x) => x.id !== item.id));
    if (outcome !== "done") save(REJECTED, [...rejected(), { ...item, error: outcome.rejected }]);
    window.dispatchEvent(new CustomEvent("mm:sent", { detail: { item, outcome } }));
  }
  notify();
}

/** Send everything queued, oldest first; a failure leaves the rest queued for later. */
export function flush() {
  if (!flushing) flushing = drain().finally(() => { flushing = null; });
  return flushing;
}

function schedule() {
  if (timer) return;
  timer = setTimeout(() => { timer = null; flush(); }, 4000);
}

window.addEventListener("online", () => flush());
