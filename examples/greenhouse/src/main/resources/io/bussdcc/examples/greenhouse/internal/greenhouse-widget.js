/*
 * The greenhouse widget: one tile per sensor with the live temperature, its alarm level,
 * min / mean / max since start and a chart of the last two minutes of readings with the
 * alarm thresholds drawn in.
 */
(function () {
  "use strict";

  const HISTORY = 1200; // readings kept per sensor: two minutes at 100 ms

  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) {
      e.className = className;
    }
    if (text !== undefined) {
      e.textContent = text;
    }
    return e;
  }

  bussdcc.registerWidget("greenhouse", (element, client) => {
    const sensors = new Map();
    let thresholds = { high: 30, critical: 34 };
    // A linked stylesheet: the dashboard's Content-Security-Policy refuses inline styles.
    if (!document.querySelector("link[data-greenhouse]")) {
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = "/plugins/greenhouse/widget.css";
      link.dataset.greenhouse = "true";
      document.head.append(link);
    }
    const tiles = el("div", "gh-tiles");
    const empty = el("p", "gh-stats", "waiting for the first reading…");
    element.replaceChildren(empty, tiles);

    function tile(id) {
      let s = sensors.get(id);
      if (!s) {
        const root = el("div", "gh-tile");
        root.dataset.sensor = id;
        const head = el("div");
        const temp = el("span", "gh-temp", "–");
        const level = el("span", "gh-level gh-NORMAL", "NORMAL");
        head.append(temp, level);
        const name = el("div", "gh-stats", id);
        const stats = el("div", "gh-stats");
        const chart = el("canvas", "gh-chart");
        chart.width = 320;
        chart.height = 90;
        root.append(name, head, stats, chart);
        tiles.append(root);
        empty.remove();
        s = { root, temp, level, stats, chart, values: [], summary: {} };
        sensors.set(id, s);
      }
      return s;
    }

    function setLevel(s, level) {
      s.level.textContent = level;
      s.level.className = "gh-level gh-" + level;
    }

    function showStats(s) {
      const m = s.summary;
      if (m.readings !== undefined) {
        s.stats.textContent = "min " + m.min + " · mean " + m.mean + " · max " + m.max
          + " · " + m.readings + " readings · " + m.alarms + " alarms";
      }
    }

    function draw(s) {
      const c = s.chart;
      const g = c.getContext("2d");
      g.clearRect(0, 0, c.width, c.height);
      if (s.values.length < 2) {
        return;
      }
      const lo = Math.min(...s.values, thresholds.high) - 1;
      const hi = Math.max(...s.values, thresholds.critical) + 1;
      const y = (v) => c.height - ((v - lo) / (hi - lo)) * c.height;
      for (const [t, colour] of [[thresholds.high, "#e0a800"], [thresholds.critical, "#d00030"]]) {
        g.strokeStyle = colour;
        g.setLineDash([4, 4]);
        g.beginPath();
        g.moveTo(0, y(t));
        g.lineTo(c.width, y(t));
        g.stroke();
      }
      g.setLineDash([]);
      g.strokeStyle = "#2d6a4f";
      g.lineWidth = 1.5;
      g.beginPath();
      s.values.forEach((v, i) => {
        const x = (i / (s.values.length - 1)) * c.width;
        if (i === 0) {
          g.moveTo(x, y(v));
        } else {
          g.lineTo(x, y(v));
        }
      });
      g.stroke();
    }

    async function loadSummary() {
      try {
        const res = await fetch("/greenhouse/summary", { cache: "no-store" });
        if (!res.ok) {
          return;
        }
        const body = await res.json();
        if (body.thresholds && body.thresholds.high !== undefined) {
          thresholds = body.thresholds;
        }
        for (const [id, summary] of Object.entries(body.sensors || {})) {
          const s = tile(id);
          s.summary = summary;
          if (summary.last !== undefined && s.values.length === 0) {
            s.temp.textContent = summary.last.toFixed(1) + " " + (summary.unit || "");
          }
          setLevel(s, summary.level || "NORMAL");
          showStats(s);
        }
      } catch (error) {
        // the next refresh tries again
      }
    }

    client.on("greenhouse:SensorReading", (ev) => {
      const s = tile(ev.data.sensor);
      s.temp.textContent = ev.data.value.toFixed(1) + " " + ev.data.unit;
      s.values.push(ev.data.value);
      if (s.values.length > HISTORY) {
        s.values.shift();
      }
      draw(s);
    });
    client.on("greenhouse:Alarm", (ev) => {
      setLevel(tile(ev.data.sensor), ev.data.level);
    });
    client.on("greenhouse:AlarmCleared", (ev) => {
      setLevel(tile(ev.data.sensor), "NORMAL");
    });

    loadSummary();
    setInterval(loadSummary, 2000);
  });
})();
