// Events on an offline base map: equirectangular, the projection world.svg was drawn in.
"use strict";
(function () {
  const box = document.getElementById("map");
  const points = BW.data("map-data");
  if (!box || !points) return;
  const base = box.dataset.base || "/static/world.svg";
  BW.responsive(box, (width) => {
    const svg = BW.el("svg", { viewBox: "-180 -90 360 150", width, height: Math.round((width * 150) / 360), class: "map-svg" }, box);
    BW.el("rect", { x: -180, y: -90, width: 360, height: 150, class: "sea" }, svg);
    BW.el("image", { href: base, x: -180, y: -90, width: 360, height: 150 }, svg);
    // Scale dots with the drawing so they stay a few pixels wide at any width.
    const r = Math.max(1, 1700 / width);
    for (const p of points) {
      const link = BW.el("a", { href: `/events/${encodeURIComponent(p.id)}`, class: "point" }, svg);
      const dot = BW.el("circle", { cx: p.lon, cy: -p.lat, r, fill: BW.QUAD_COLOURS[p.quad || 0], "data-id": p.id }, link);
      BW.el("title", {}, dot).textContent = `${p.type} at ${p.place} (${p.certainty})`;
    }
  });
})();
