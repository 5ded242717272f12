// Small helpers shared by the chart, the network and the map: no library, nothing fetched.
"use strict";
window.BW = {
  NS: "http://www.w3.org/2000/svg",
  QUAD_COLOURS: { 0: "#7b8794", 1: "#2b8a3e", 2: "#1971c2", 3: "#e8590c", 4: "#c92a2a" },
  el(name, attrs, parent) {
    const node = document.createElementNS(this.NS, name);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
    if (parent) parent.appendChild(node);
    return node;
  },
  text(parent, x, y, content, attrs) {
    const node = this.el("text", Object.assign({ x, y }, attrs || {}), parent);
    node.textContent = content;
    return node;
  },
  data(id) {
    const node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  },
  // Draw now and again when the box changes width, so the SVG always fits (phone and desktop).
  responsive(box, draw) {
    let width = 0;
    const redraw = () => {
      const now = Math.round(box.clientWidth);
      if (now === width || now === 0) return;
      width = now;
      box.replaceChildren();
      draw(now);
    };
    redraw();
    window.addEventListener("resize", redraw);
  },
};
