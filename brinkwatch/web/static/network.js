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
    const size = Math.min(width, 680);
    const c = size / 2;
    // Labels sit outside the circle, so leave room for a code of up to 6 characters.
    const radius = c - (size < 480 ? 52 : 64);
    const angleOf = (i) => (2 * Math.PI * i) / codes.length - Math.PI / 2;
    const pos = new Map(codes.map((code, i) => [code, { x: c + radius * Math.cos(angleOf(i)), y: c + radius * Math.sin(angleOf(i)), angle: angleOf(i) }]));
    // Nodes never grow past the room between neighbours, however many actors there are.
    const room = (Math.PI * radius) / codes.length;
    const maxDegree = Math.max(...degree.values());
    const nodeRadius = (code) => Math.max(3, Math.min(16, room * 0.8) * Math.sqrt(degree.get(code) / maxDegree));
    const svg = BW.el("svg", { viewBox: `0 0 ${size} ${size}`, width: size, height: size, class: "network-svg" }, box);
    const defs = BW.el("defs", {}, svg);
    for (const [quad, colour] of Object.entries(BW.QUAD_COLOURS)) {
      const marker = BW.el("marker", { id: `arrow-${quad}`, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: "userSpaceOnUse", orient: "auto-start-reverse" }, defs);
      BW.el("path", { d: "M0,0L10,5L0,10z", fill: colour }, marker);
    }
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
        "stroke-width": (1 + 4 * (l.events / maxEvents)).toFixed(2),
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
      const out = nodeRadius(code) + 5;
      const right = Math.cos(p.angle) >= 0;
      const label = BW.text(g, p.x + out * Math.cos(p.angle), p.y + out * Math.sin(p.angle) + 4, code, { "text-anchor": right ? "start" : "end" });
      BW.el("title", {}, label).textContent = `${code}: ${degree.get(code)} events`;
    }
  });
})();
