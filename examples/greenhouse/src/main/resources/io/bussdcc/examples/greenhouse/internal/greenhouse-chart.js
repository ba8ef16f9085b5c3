// The readings chart: the last readings from /greenhouse/readings, then live ones from the
// greenhouse plugin's own channel. Chart.js with its luxon time adapter, both served by the
// web interface (/assets/vendor/).
(function () {
  "use strict";
  const canvas = document.getElementById("readings-chart");
  const status = document.querySelector("[data-chart-status]");
  const colors = ["#198754", "#0d6efd", "#dc3545", "#fd7e14", "#6f42c1"];
  const datasets = new Map();
  const chart = new Chart(canvas, {
    type: "line",
    data: { datasets: [] },
    options: {
      animation: false,
      parsing: false,
      scales: {
        x: { type: "time", time: { tooltipFormat: "HH:mm:ss.SSS" }, ticks: { maxTicksLimit: 8 },
             title: { display: true, text: "time" } },
        y: { title: { display: true, text: "°C" } }
      }
    }
  });

  function dataset(sensor) {
    let d = datasets.get(sensor);
    if (!d) {
      const color = colors[datasets.size % colors.length];
      d = { label: sensor, data: [], borderColor: color, backgroundColor: color, pointRadius: 0, tension: 0.2 };
      datasets.set(sensor, d);
      chart.data.datasets.push(d);
    }
    return d;
  }

  function add(sensor, t, v) {
    const d = dataset(sensor);
    const x = Date.parse(t);
    d.data.push({ x: x, y: v });
    // readings are handled on several threads, so one may arrive after a later one
    if (d.data.length > 1 && d.data[d.data.length - 2].x > x) {
      d.data.sort((a, b) => a.x - b.x);
    }
    if (d.data.length > 300) {
      d.data.shift();
    }
  }

  function draw() {
    chart.update("none");
    canvas.setAttribute("data-points", String(chart.data.datasets.reduce((n, d) => n + d.data.length, 0)));
  }

  // Readings come ten times a second: redraw at most four times a second, so a busy machine
  // (or a slow one, such as a Raspberry Pi) keeps up.
  let redrawing = false;
  function redrawSoon() {
    if (!redrawing) {
      redrawing = true;
      setTimeout(() => { redrawing = false; draw(); }, 250);
    }
  }

  fetch("/greenhouse/readings", { headers: { Accept: "application/json" } })
    .then((r) => r.json())
    .then((body) => {
      for (const [sensor, points] of Object.entries(body.sensors)) {
        for (const p of points) {
          add(sensor, p.t, p.v);
        }
      }
      draw();
      const scheme = location.protocol === "https:" ? "wss:" : "ws:";
      const socket = new WebSocket(scheme + "//" + location.host + "/plugins/greenhouse/ws/readings");
      socket.onmessage = (event) => {
        const p = JSON.parse(event.data);
        add(p.sensor, p.t, p.v);
        redrawSoon();
      };
      socket.onclose = () => { status.textContent = "Live updates stopped (reload to resume)."; };
    })
    .catch((e) => { status.textContent = "Cannot load the readings: " + e; });
})();
