// Every page: register the service worker, keep the outbox flowing, show its state.
import { flush, pending, rejected } from "./outbox.js";

if ("serviceWorker" in navigator && window.isSecureContext) {
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {});
}

function showStatus() {
  const el = document.getElementById("sync-status");
  if (!el) return;
  const n = pending().length;
  const bad = rejected().length;
  el.hidden = n === 0 && bad === 0;
  el.classList.toggle("err", n === 0 && bad > 0);
  el.textContent = n ? `${n} waiting to sync${navigator.onLine ? "…" : " · offline"}`
                     : bad ? `${bad} not accepted by the server` : "";
  renderPending();
}

function renderPending() {
  const box = document.getElementById("pending");
  const list = document.getElementById("pending-list");
  if (!box || !list) return;
  const items = pending().filter((x) => x.kind === "set");
  box.hidden = items.length === 0;
  list.replaceChildren(...items.map((x) => {
    const li = document.createElement("li");
    li.textContent = x.label || x.body.exercise;
    li.dataset.setId = x.id;
    return li;
  }));
}

async function finishSession(id) {
  const { enqueue } = await import("./outbox.js");
  await enqueue({ id: `finish-${id}`, kind: "finish", method: "POST", url: `/api/sessions/${encodeURIComponent(id)}/finish` });
  localStorage.removeItem(`mm.coach.${id}`);
  location.reload();
}

document.addEventListener("click", (ev) => {
  const btn = ev.target.closest("[data-finish]");
  if (btn) finishSession(btn.dataset.finish);
});
window.addEventListener("mm:outbox", showStatus);
window.addEventListener("online", showStatus);
window.addEventListener("offline", showStatus);
document.addEventListener("DOMContentLoaded", showStatus);
showStatus();
flush();
