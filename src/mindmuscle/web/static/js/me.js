// Me: save the profile (PUT /api/lifter), report soreness (POST /api/soreness) and leave the
// coach (DELETE /api/coach-link).
async function send(form, method, url, body) {
  const msg = form.querySelector(".form-msg");
  try {
    const r = await fetch(url, { method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    const data = await r.json();
    msg.classList.toggle("err", !r.ok);
    msg.textContent = r.ok ? "Saved." : data.error.message;
  } catch {
    msg.classList.add("err");
    msg.textContent = "No connection; try again when you are back online.";
  }
}

const lifter = document.getElementById("lifter-form");
lifter?.addEventListener("submit", (e) => {
  e.preventDefault();
  const f = new FormData(lifter);
  send(lifter, "PUT", "/api/lifter", {
    name: f.get("name") || "", start_date: f.get("start_date") || null,
    level: f.get("level") || "novice", units: f.get("units") || "kg", equipment: f.getAll("equipment"),
  });
});

const soreness = document.getElementById("soreness-form");
soreness?.addEventListener("submit", (e) => {
  e.preventDefault();
  const groups = {};
  for (const [k, v] of new FormData(soreness)) groups[k] = Number(v);
  if (!Object.keys(groups).length) {
    soreness.querySelector(".form-msg").textContent = "Pick a value for at least one group.";
    return;
  }
  send(soreness, "POST", "/api/soreness", { groups });
});

const leave = document.getElementById("leave-coach");
leave?.addEventListener("click", async () => {
  const msg = leave.parentElement.querySelector(".form-msg");
  leave.disabled = true;
  try {
    const r = await fetch("/api/coach-link", { method: "DELETE" });
    if (!r.ok) throw new Error((await r.json()).error.message);
    location.reload();
  } catch (err) {
    leave.disabled = false;
    msg.classList.add("err");
    msg.textContent = err.message || "No connection; try again when you are back online.";
  }
});
