// Progress charts (Chart.js, vendored), drawn from the progress view's JSON that the page
// embeds in #p-data (the same document as /api/progress). A filter change swaps the panel
// with htmx (/progress/panel) and the charts are drawn again from the new data.
// window.mmProgress holds the charts and the data drawn (the browser tests read it).
const charts = {};
const GRID = "rgba(255,255,255,.08)";
const TEXT = "#9aa4b2";
const COLORS = { chest: "#ff6b3d", back: "#4da3ff", shoulders: "#b48cff", arms: "#ffb347", legs: "#3ddc97" };

function options({ stacked = false, y = {}, legend = true } = {}) {
  return {
    responsive: true, maintainAspectRatio: false, animation: false,
    interaction: { mode: "index", intersect: false },
    plugins: {
      legend: { display: legend, position: "bottom", labels: { color: TEXT, boxWidth: 10, boxHeight: 10, padding: 10, font: { size: 12 } } },
      tooltip: { callbacks: {} },
    },
    scales: {
      x: { stacked, ticks: { color: TEXT, maxRotation: 0, autoSkip: true, autoSkipPadding: 8, font: { size: 11 } }, grid: { color: GRID } },
      y: { stacked, ticks: { color: TEXT, font: { size: 11 } }, grid: { color: GRID }, ...y },
    },
  };
}

function draw(id, config) {
  const canvas = document.getElementById(id);
  if (!canvas) return;
  charts[id]?.destroy();
  charts[id] = new window.Chart(canvas, config);
}

const weekLabels = (d) => d.weeks.map((w) => `w${w.week}`);
const byWeek = (g, d, pick) => {
  const at = new Map(g.weeks.map((w) => [w.week, w]));
  return d.weeks.map((w) => (at.has(w.week) ? pick(at.get(w.week)) : null));
};
const round1 = (v) => (v == null ? null : Math.round(v * 10) / 10);

function bars(d, pick) {
  return d.groups.map((g) => ({ label: g.group, data: byWeek(g, d, pick), backgroundColor: COLORS[g.group], borderWidth: 0 }));
}

function lines(d, pick) {
  return d.groups
    .map((g) => ({ label: g.group, data: byWeek(g, d, pick), borderColor: COLORS[g.group], backgroundColor: COLORS[g.group],
      tension: 0.25, pointRadius: 3, borderWidth: 2, spanGaps: true }))
    .filter((s) => s.data.some((v) => v != null));
}

function render() {
  const el = document.getElementById("p-data");
  if (!el || !window.Chart) return;
  const d = JSON.parse(el.textContent);
  for (const id of Object.keys(charts)) { charts[id].destroy(); delete charts[id]; }
  const labels = weekLabels(d);
  draw("ch-hard", { type: "bar", data: { labels, datasets: bars(d, (w) => w.hard_sets) },
    options: options({ stacked: true, y: { beginAtZero: true, ticks: { color: TEXT, precision: 0 } } }) });
  draw("ch-mmc", { type: "line", data: { labels, datasets: lines(d, (w) => w.mmc) },
    options: options({ y: { min: 1, max: 10 } }) });
  draw("ch-tut", { type: "bar", data: { labels, datasets: bars(d, (w) => round1(w.tut_s / 60)) },
    options: options({ stacked: true, y: { beginAtZero: true } }) });
  draw("ch-tempo", { type: "line", data: { labels, datasets: lines(d, (w) => (w.tempo ? w.tempo.within_pct : null)) },
    options: options({ y: { min: 0, max: 100, ticks: { color: TEXT, callback: (v) => `${v}%` } } }) });
  const trend = d.exercises.find((t) => t.exercise === d.exercise);
  if (trend) {
    const points = trend.sessions.filter((p) => p.e1rm != null);
    const note = document.getElementById("p-e1rm-note");
    if (note) note.textContent = `${trend.name}, per session${trend.tempo ? ` at tempo ${trend.tempo}` : ""} (${trend.unit}).`;
    draw("ch-e1rm", { type: "line", data: { labels: points.map((p) => p.date.slice(5)), datasets: [
      { label: `e1RM (${trend.unit})`, data: points.map((p) => p.e1rm), borderColor: "#3ddc97", backgroundColor: "#3ddc97", tension: 0.25, pointRadius: 3, borderWidth: 2 },
      { label: `top load (${trend.unit})`, data: points.map((p) => p.top_load_kg), borderColor: "#ff6b3d", backgroundColor: "#ff6b3d", tension: 0.25, pointRadius: 2, borderWidth: 1.5, borderDash: [4, 3] },
    ] }, options: options() });
  }
  window.mmProgress = { charts, data: d };
  document.body.dataset.chartsReady = "1";
}

function init() {
  if (!window.Chart) return setTimeout(init, 30);
  const panel = document.getElementById("p-panel");
  if (panel) {
    // A filter change: htmx swaps the panel (/progress/panel); draw again from its new data.
    panel.addEventListener("change", () => { document.body.dataset.chartsReady = "0"; });
    new MutationObserver(render).observe(panel, { childList: true });
  }
  render();
}

init();
