// Today: live minutes label, and "Start session" (creates the session with a client id) for
// a plan made here or a plan the coach assigned ([data-start-plan]).
import { uuid } from "./uuid.js";

const minutes = document.getElementById("minutes");
const out = document.getElementById("minutes-out");
if (minutes && out) minutes.addEventListener("input", () => { out.textContent = `${minutes.value} min`; });

async function startSession(btn) {
  const label = btn.textContent;
  btn.disabled = true;
  btn.textContent = "Starting…";
  const id = uuid();
  try {
    const r = await fetch("/api/sessions", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ id, plan_id: btn.dataset.planId }),
    });
    if (!r.ok) {
      const { error } = await r.json();
      throw new Error(error ? error.message : `HTTP ${r.status}`);
    }
    location.href = `/coach/${encodeURIComponent(id)}${location.search}`;
  } catch (err) {
    btn.disabled = false;
    btn.textContent = label;
    alert(err.message || "Could not start the session; check the connection.");
  }
}

document.addEventListener("click", (ev) => {
  const btn = ev.target.closest("#start-session, [data-start-plan]");
  if (btn) startSession(btn);
});

// Bring a freshly planned session into view (htmx swaps it in below the form).
const planBox = document.getElementById("plan");
if (planBox) {
  new MutationObserver(() => planBox.scrollIntoView({ block: "start" }))
    .observe(planBox, { childList: true });
}
