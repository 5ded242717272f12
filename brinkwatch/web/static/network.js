// The actor network: actors on a circle, one arrow per directed pair, width by event count.
"use strict";
(function () {
  const box = document.getElementById("network");
  const links = BW.data("network-data");
  if (!box || !links) return;
  if (links.length === 0) {
    box.textContent = "No coded actor pairs match these filters.";
    box.classList.add("empty");
    return;
  }
  const degree = new Map();
  for (const l of links) {
    degree.set(l.actor, (degree.get(l.actor) || 0) + l.events);
    degree.set(l.recipient, (degree.get(l.recipient) || 0) + l.events);
  }
  // Busiest actors first, so the circle's order is stable and the hubs sit together.
  const codes = [...degree.keys()].sort((a, b) => degree.get(b) - degree.get(a) || a.localeCompare(b));
  const maxEvents = Math.max(...links.map((l) => l.events));
  const dominantQuad = (l) => {
    const entries = Object.entries(l.counts_by_quad || {});
    return entries.length ? entries.sort((a, b) => b[1] - a[1])[0][0] : 0;
  };

  BW.responsive(box, (width) => {
    const size = Math.min(width, 640);
    const c = size / 2;
    const radius = c - 46;
    const pos = new Map(codes.map((code, i) => {
      const angle = (2 * Math.PI * i) / codes.length - Math.PI / 2;
      return [code, { x: c + radius * Math.cos(angle), y: c + radius * Math.sin(angle) }];
    }));
    const svg = BW.el("svg", { viewBox: `0 0 ${size} ${size}`, width: size, height: size, class: "network-svg" }, box);
    const defs = BW.el("defs", {}, svg);
    for (const [quad, colour] of Object.entries(BW.QUAD_COLOURS)) {
      const marker = BW.el("marker", { id: `arrow-${quad}`, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 5, markerHeight: 5, orient: "auto-start-reverse" }, defs);
      BW.el("path", { d: "M0,0L10,5L0,10z", fill: colour }, marker);
    }
    const nodeRadius = (code) => 6 + 10 * Math.sqrt(degree.get(code) / (2 * maxEvents));
    for (const l of links) {
      const a = pos.get(l.actor);
      const b = pos.get(l.recipient);
      const quad = dominantQuad(l);
      // Curve each arrow to its right so A→B and B→A stay apart.
      const mx = (a.x + b.x) / 2 + (b.y - a.y) * 0.15;
      const my = (a.y + b.y) / 2 - (b.x - a.x) * 0.15;
      const len = Math.hypot(b.x - mx, b.y - my) || 1;
      const r = nodeRadius(l.recipient) + 2;
      const ex = b.x - ((b.x - mx) / len) * r;
      const ey = b.y - ((b.y - my) / len) * r;
      const link = BW.el("a", { href: `/dyads/${encodeURIComponent(l.actor)}/${encodeURIComponent(l.recipient)}`, class: "edge" }, svg);
      const d = `M${a.x.toFixed(1)},${a.y.toFixed(1)}Q${mx.toFixed(1)},${my.toFixed(1)} ${ex.toFixed(1)},${ey.toFixed(1)}`;
      // A wide transparent copy under the arrow makes a thin curve easy to hit with a finger.
      BW.el("path", { d, class: "edge-hit", fill: "none" }, link);
      const edge = BW.el("path", {
        d,
        stroke: BW.QUAD_COLOURS[quad],
        "stroke-width": (1 + 5 * (l.events / maxEvents)).toFixed(2),
        "marker-end": `url(#arrow-${quad})`,
        fill: "none",
        "data-actor": l.actor,
        "data-recipient": l.recipient,
      }, link);
      BW.el("title", {}, edge).textContent = `${l.actor} → ${l.recipient}: ${l.events} events`;
    }
    for (const code of codes) {
      const p = pos.get(code);
      const g = BW.el("a", { href: `/?actor=${encodeURIComponent(code)}`, class: "node" }, svg);
      BW.el("circle", { cx: p.x, cy: p.y, r: nodeRadius(code) }, g);
      const below = p.y > c;
      BW.text(g, p.x, p.y + (below ? nodeRadius(code) + 13 : -nodeRadius(code) - 5), code, { "text-anchor": "middle" });
    }
  });
})();
