// History page: upload a motion or EMG recording of a set and show the result (or the error).
for (const form of document.querySelectorAll("form.recording-upload")) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const out = form.querySelector("output");
    out.textContent = "Analysing…";
    const headers = {};
    const csrf = document.querySelector("meta[name=csrf-token]");
    if (csrf) headers["X-CSRF-Token"] = csrf.content;
    const res = await fetch(form.action, { method: "POST", body: new FormData(form), headers });
    const body = await res.json().catch(() => ({}));
    if (!res.ok) {
      out.textContent = body.error ? body.error.message : `Upload failed (${res.status}).`;
      return;
    }
    const s = body.summary || {};
    out.textContent = body.kind === "motion"
      ? `${s.rep_count} reps attached.` : `Target share ${s.target_share == null ? "–" : Math.round(s.target_share * 100) + "%"}.`;
    setTimeout(() => location.reload(), 800);
  });
}
