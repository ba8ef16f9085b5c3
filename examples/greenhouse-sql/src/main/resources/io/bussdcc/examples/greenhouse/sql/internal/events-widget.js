/*
 * The "Events per hour" widget: the SQL recorder's counts of the last 24 hours, as stacked
 * bars per type (the five busiest types, the rest as "other"), from
 * GET /greenhouse/events-per-hour, refreshed every 15 seconds. Drawn on a canvas: the
 * dashboard stays free of chart libraries.
 */
(function () {
  "use strict";

  const HOURS = 24;
  const COLORS = ["#2e7d32", "#1565c0", "#ef6c00", "#6a1b9a", "#c62828", "#78909c"];

  function topTypes(hours) {
    const sums = new Map();
    for (const h of hours) {
      for (const [type, n] of Object.entries(h.counts)) {
        sums.set(type, (sums.get(type) || 0) + n);
      }
    }
    return [...sums.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(e => e[0]);
  }

  function draw(canvas, data) {
    const ctx = canvas.getContext("2d");
    const w = canvas.width, h = canvas.height;
    ctx.clearRect(0, 0, w, h);
    const from = Date.parse(data.from);
    const slots = [];
    for (let i = 0; i < HOURS; i++) {
      slots.push({ start: from + i * 3600000, counts: {} });
    }
    for (const hour of data.hours) {
      const i = Math.round((Date.parse(hour.start) - from) / 3600000);
      if (i >= 0 && i < HOURS) {
        slots[i].counts = hour.counts;
      }
    }
    const types = topTypes(data.hours);
    const shown = types.slice(0, 5);
    const series = shown.concat(types.length > 5 ? ["other"] : []);
    const stack = slots.map(s => {
      const parts = series.map(t => t === "other"
        ? Object.entries(s.counts).filter(([k]) => !shown.includes(k)).reduce((a, [, n]) => a + n, 0)
        : (s.counts[t] || 0));
      return { start: s.start, parts, total: parts.reduce((a, b) => a + b, 0) };
    });
    const max = Math.max(1, ...stack.map(s => s.total));
    const legend = 16 * Math.ceil(series.length / 2);
    const top = 14, bottom = h - 18 - legend, left = 40, right = w - 6;
    ctx.font = "11px system-ui, sans-serif";
    ctx.fillStyle = "#666";
    ctx.fillText(String(max), 4, top + 4);
    ctx.fillText("0", 4, bottom);
    ctx.strokeStyle = "#ccc";
    ctx.beginPath();
    ctx.moveTo(left, bottom + 0.5);
    ctx.lineTo(right, bottom + 0.5);
    ctx.stroke();
    const bw = (right - left) / HOURS;
    stack.forEach((s, i) => {
      let y = bottom;
      s.parts.forEach((n, k) => {
        const bh = (bottom - top) * n / max;
        ctx.fillStyle = COLORS[k % COLORS.length];
        ctx.fillRect(left + i * bw + 1, y - bh, Math.max(1, bw - 2), bh);
        y -= bh;
      });
      if (i % 6 === 0) {
        ctx.fillStyle = "#666";
        ctx.fillText(new Date(s.start).toISOString().slice(11, 16), left + i * bw, bottom + 12);
      }
    });
    series.forEach((t, k) => {
      const x = left + (k % 2) * ((right - left) / 2), y = bottom + 20 + Math.floor(k / 2) * 16;
      ctx.fillStyle = COLORS[k % COLORS.length];
      ctx.fillRect(x, y, 10, 10);
      ctx.fillStyle = "#333";
      // the type's short name (after the namespace) fits beside its colour
      const label = t.includes(":") ? t.slice(t.lastIndexOf(":") + 1) : t;
      const room = Math.floor(((right - left) / 2 - 18) / 6);
      ctx.fillText(label.length > room ? label.slice(0, room - 1) + "…" : label, x + 14, y + 9);
    });
    return stack;
  }

  bussdcc.registerWidget("greenhouse-events", (element) => {
    const note = document.createElement("p");
    note.className = "text-muted small mb-1";
    note.textContent = "loading…";
    const canvas = document.createElement("canvas");
    canvas.width = 520;
    canvas.height = 200;
    canvas.dataset.eventsChart = "true";
    element.replaceChildren(note, canvas);

    async function refresh() {
      let data;
      try {
        const res = await fetch("/greenhouse/events-per-hour?hours=" + HOURS, { cache: "no-store" });
        data = await res.json();
        if (!res.ok) {
          throw new Error(data.error || ("HTTP " + res.status));
        }
      } catch (e) {
        note.textContent = "cannot read the recorder: " + e.message;
        element.dataset.state = "error";
        return;
      }
      // as wide as the card (the dashboard's policy allows no inline style to scale it)
      canvas.width = Math.max(240, Math.floor(element.clientWidth || 520));
      const stack = draw(canvas, data);
      const total = stack.reduce((a, s) => a + s.total, 0);
      element.dataset.state = data.recording ? "drawn" : "off";
      element.dataset.total = String(total);
      element.dataset.bars = String(stack.filter(s => s.total > 0).length);
      note.textContent = data.recording
        ? total + " events in the last " + HOURS + " hours (" + data.table + ", UTC)"
        : data.reason;
    }

    refresh();
    setInterval(refresh, 15000);
  });
})();
