// The dyad escalation timeline: daily score (line), events per day (bars), alert windows (bands).
"use strict";
(function () {
  const box = document.getElementById("dyad-chart");
  const data = BW.data("chart-data");
  if (!box || !data) return;
  const DAY = 86400000;
  const toTime = (iso) => Date.parse(iso + "T00:00:00Z");
  const label = (t) => new Date(t).toISOString().slice(0, 10);
  const days = data.series.map((d) => ({
    t: toTime(d.day),
    score: d.score,
    count: Object.values(d.counts_by_type).reduce((a, b) => a + b, 0),
  }));
  const alerts = data.alerts.map((a) => ({ start: toTime(a.start), end: toTime(a.end) + DAY, a }));
  if (days.length === 0 && alerts.length === 0) {
    box.textContent = "No events recorded for this dyad.";
    box.classList.add("empty");
    return;
  }
  const times = days.map((d) => d.t).concat(alerts.flatMap((a) => [a.start, a.end - DAY]));
  const t0 = Math.min(...times);
  const t1 = Math.max(...times) + DAY;
  const maxScore = Math.max(1e-9, ...days.map((d) => d.score), ...data.alerts.map((a) => a.score));
  const maxCount = Math.max(1, ...days.map((d) => d.count));

  BW.responsive(box, (width) => {
    const height = Math.max(220, Math.min(360, Math.round(width * 0.45)));
    const m = { left: 44, right: 40, top: 14, bottom: 30 };
    const w = width - m.left - m.right;
    const h = height - m.top - m.bottom;
    const x = (t) => m.left + ((t - t0) / (t1 - t0)) * w;
    const y = (s) => m.top + h - (s / maxScore) * h;
    const yc = (c) => m.top + h - (c / maxCount) * h;
    const svg = BW.el("svg", { viewBox: `0 0 ${width} ${height}`, width, height, class: "dyad-svg" }, box);
    const barWidth = Math.max(1, (w * DAY) / (t1 - t0) - 1);
    for (const d of days) {
      const bar = BW.el("rect", { x: x(d.t), y: yc(d.count), width: barWidth, height: m.top + h - yc(d.count), class: "count-bar" }, svg);
      BW.el("title", {}, bar).textContent = `${label(d.t)}: ${d.count} events, score ${d.score.toFixed(2)}`;
    }
    // Alert windows go over the bars (translucent) so a window of busy days still shows.
    for (const a of alerts) {
      const band = BW.el("rect", { x: x(a.start), y: m.top, width: Math.max(2, x(a.end) - x(a.start)), height: h, class: "alert-band" }, svg);
      BW.el("title", {}, band).textContent = `alert ${a.a.start} – ${a.a.end}: score ${a.a.score.toFixed(1)} vs baseline ${a.a.baseline.toFixed(1)}`;
    }
    const points = days.map((d) => `${(x(d.t) + barWidth / 2).toFixed(1)},${y(d.score).toFixed(1)}`).join(" ");
    BW.el("polyline", { points, class: "score-line" }, svg);
    for (const d of days) BW.el("circle", { cx: x(d.t) + barWidth / 2, cy: y(d.score), r: 2.5, class: "score-dot" }, svg);
    BW.el("line", { x1: m.left, y1: m.top + h, x2: m.left + w, y2: m.top + h, class: "axis" }, svg);
    BW.el("line", { x1: m.left, y1: m.top, x2: m.left, y2: m.top + h, class: "axis" }, svg);
    for (const s of [0, maxScore / 2, maxScore]) {
      BW.text(svg, m.left - 6, y(s) + 4, s.toFixed(s < 10 ? 1 : 0), { class: "tick", "text-anchor": "end" });
    }
    BW.text(svg, m.left + w + 6, m.top + 10, `${maxCount} ev.`, { class: "tick" });
    const ticks = width < 480 ? [t0, t1 - DAY] : [t0, t0 + (t1 - DAY - t0) / 2, t1 - DAY];
    ticks.forEach((t, i) => {
      const anchor = i === 0 ? "start" : i === ticks.length - 1 ? "end" : "middle";
      BW.text(svg, x(t) + (i === ticks.length - 1 ? barWidth : 0), height - 8, label(t), { class: "tick", "text-anchor": anchor });
    });
  });
})();
