// Clients: copy or share the invite link; show the session or the program fields of the
// assign form (both work without this script: the server reads the chosen kind).
for (const btn of document.querySelectorAll("[data-copy]")) {
  btn.addEventListener("click", async () => {
    const input = document.querySelector(btn.dataset.copy);
    const msg = btn.closest(".card").querySelector(".form-msg");
    input.select();
    try {
      await navigator.clipboard.writeText(input.value);
      msg.textContent = "Link copied.";
    } catch {
      msg.textContent = "Selected: copy it with your keyboard or the share menu.";
    }
  });
}

for (const btn of document.querySelectorAll("[data-share]")) {
  if (!navigator.share) continue;
  btn.hidden = false;
  btn.addEventListener("click", () => {
    const url = document.querySelector(btn.dataset.share).value;
    navigator.share({ title: "Train with me on Mind-Muscle", url }).catch(() => {});
  });
}

const assign = document.getElementById("assign");
if (assign) {
  const show = () => {
    const kind = new FormData(assign).get("kind");
    for (const el of assign.querySelectorAll(".for-session")) el.hidden = kind !== "session";
    for (const el of assign.querySelectorAll(".for-program")) el.hidden = kind !== "program";
  };
  assign.addEventListener("change", show);
  show();
}
