/* The bussdcc dashboard: live events, event rate, services, devices, identity, versions, state. */
(function () {
  "use strict";

  const $ = (id) => document.getElementById(id);
  const TOKEN_KEY = "bussdcc.token";
  const MAX_ROWS = 300;
  const RATE_SECONDS = 60;
  const SEVERITY_RANK = { DEBUG: 0, INFO: 1, WARNING: 2, ERROR: 3, CRITICAL: 4 };

  // A token in the address (the one the server logs, Jupyter-style) is kept for this tab and
  // taken out of the address bar, so it is not bookmarked or shared by accident.
  const fromUrl = new URLSearchParams(location.search).get("token");
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    history.replaceState(null, "", location.pathname + location.hash);
  }
  let token = sessionStorage.getItem(TOKEN_KEY) || null;
  const client = bussdcc.client({ token: token });

  // ---- helpers --------------------------------------------------------------------------

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") {
        node.className = v;
      } else if (k.startsWith("data-")) {
        node.setAttribute(k, v);
      } else {
        node[k] = v;
      }
    }
    for (const c of children) {
      node.append(c instanceof Node ? c : document.createTextNode(c == null ? "" : String(c)));
    }
    return node;
  }

  function authHeaders() {
    return token ? { Authorization: "Bearer " + token } : {};
  }

  async function getJson(url) {
    const res = await fetch(url, { headers: authHeaders(), cache: "no-store" });
    if (res.status === 401) {
      $("token-form").hidden = false; // reads are protected: ask for the token
    }
    if (!res.ok) {
      throw new Error(url + ": HTTP " + res.status);
    }
    return res.json();
  }

  function shortTime(iso) {
    const t = iso.indexOf("T");
    return t < 0 ? iso : iso.substring(t + 1).replace("Z", "");
  }

  function text(value) {
    if (value === null || value === undefined) {
      return "";
    }
    return typeof value === "object" ? JSON.stringify(value) : String(value);
  }

  // ---- connection status and token -----------------------------------------------------

  client.onStatus("state", (state) => {
    const pill = $("conn-status");
    pill.textContent = state;
    pill.dataset.state = state;
    pill.className = "pill pill-" + state;
    $("reconnect-total").textContent = client.reconnects;
    if (state === "open") {
      refreshAll();
    }
  });

  client.onStatus("hello", (hello) => {
    $("framework-version").textContent = "v" + hello.version + " · " + hello.interface;
    $("token-form").hidden = !(hello.tokenRequired && !hello.authorized);
  });

  $("token-form").addEventListener("submit", (e) => {
    e.preventDefault();
    token = $("token-input").value || null;
    if (token) {
      sessionStorage.setItem(TOKEN_KEY, token);
    } else {
      sessionStorage.removeItem(TOKEN_KEY);
    }
    client.setToken(token);
  });

  // ---- live events -----------------------------------------------------------------------

  let paused = false;
  let total = 0;
  let missed = 0;
  const rows = $("event-rows");

  function rowVisible(row) {
    const filter = $("event-filter").value.trim().toLowerCase();
    const min = SEVERITY_RANK[$("severity-filter").value];
    if (SEVERITY_RANK[row.dataset.severity] < min) {
      return false;
    }
    return !filter || row.dataset.search.indexOf(filter) >= 0;
  }

  function applyFilter() {
    for (const row of rows.children) {
      row.hidden = !rowVisible(row);
    }
    countShown();
  }

  function addRow(ev) {
    const data = text(ev.data);
    const row = el("tr", { class: "fresh", "data-type": ev.type || "", "data-severity": ev.severity },
      el("td", {}, shortTime(ev.time)),
      el("td", { class: "sev-" + ev.severity }, ev.severity),
      el("td", {}, ev.type || "(untyped)"),
      el("td", { class: "data", title: data }, data.length > 400 ? data.substring(0, 400) + "…" : data));
    row.dataset.search = ((ev.type || "") + " " + data).toLowerCase();
    row.hidden = !rowVisible(row);
    rows.prepend(row);
    while (rows.children.length > MAX_ROWS) {
      rows.lastElementChild.remove();
    }
    countShown();
  }

  function countShown() {
    let shown = 0;
    for (const row of rows.children) {
      if (!row.hidden) {
        shown++;
      }
    }
    $("events-shown").textContent = shown + " of " + rows.children.length + " shown";
  }

  client.on("*", (ev) => {
    total++;
    countRate();
    if (!paused) {
      addRow(ev);
    }
    const type = ev.type || "";
    if (type.indexOf(":Service") >= 0) {
      soon(loadServices);
    } else if (type.indexOf(":Device") >= 0) {
      soon(loadDevices);
    }
  });

  client.onStatus("missed", (count) => {
    missed += count;
    $("missed-total").textContent = missed;
  });

  $("event-filter").addEventListener("input", applyFilter);
  $("severity-filter").addEventListener("change", applyFilter);
  $("pause-button").addEventListener("click", () => {
    paused = !paused;
    $("pause-button").textContent = paused ? "Resume" : "Pause";
  });
  $("clear-button").addEventListener("click", () => {
    rows.replaceChildren();
    applyFilter();
  });

  // ---- event-rate chart (drawn on the canvas, no library) -------------------------------

  const buckets = new Array(RATE_SECONDS).fill(0);
  let current = 0;

  function countRate() {
    current++;
  }

  function drawChart() {
    const canvas = $("rate-chart");
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight || 140;
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    const g = canvas.getContext("2d");
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);
    const left = 44;
    const bottom = height - 18;
    const top = 8;
    const max = Math.max(1, ...buckets);
    const scale = niceMax(max);
    g.strokeStyle = "#dfe4ea";
    g.fillStyle = "#6b7785";
    g.font = "11px system-ui, sans-serif";
    g.lineWidth = 1;
    for (let i = 0; i <= 4; i++) {
      const y = bottom - (bottom - top) * i / 4;
      g.beginPath();
      g.moveTo(left, Math.round(y) + 0.5);
      g.lineTo(width, Math.round(y) + 0.5);
      g.stroke();
      g.fillText(String(Number((scale * i / 4).toFixed(1))), 4, y + 4);
    }
    g.fillText("-60 s", left, height - 4);
    g.fillText("now", width - 24, height - 4);
    const slot = (width - left) / RATE_SECONDS;
    g.fillStyle = "#1f6feb";
    for (let i = 0; i < RATE_SECONDS; i++) {
      const h = (bottom - top) * buckets[i] / scale;
      g.fillRect(left + i * slot + 1, bottom - h, Math.max(1, slot - 2), h);
    }
  }

  function niceMax(v) {
    const p = Math.pow(10, Math.floor(Math.log10(v)));
    for (const m of [1, 2, 5, 10]) {
      if (v <= m * p) {
        return m * p;
      }
    }
    return 10 * p;
  }

  setInterval(() => {
    buckets.shift();
    buckets.push(current);
    $("rate-now").textContent = current;
    $("event-total").textContent = total;
    current = 0;
    drawChart();
  }, 1000);
  window.addEventListener("resize", drawChart);

  // ---- services ----------------------------------------------------------------------------

  async function loadServices() {
    let list;
    try {
      list = await getJson("/api/services");
    } catch (error) {
      return; // the server is away; the connection status says so
    }
    const body = $("service-rows");
    if (list.length === 0) {
      body.replaceChildren(el("tr", {}, el("td", { colSpan: 5, class: "muted" }, "no services")));
      return;
    }
    body.replaceChildren(...list.map((s) => el("tr", { "data-service-row": s.name },
      el("td", {}, s.name, s.critical ? " ⚑" : ""),
      el("td", { class: "state-" + s.state, title: s.lastError || "" }, s.state.toLowerCase().replace("_", " "),
        s.enabled ? "" : " (disabled)"),
      el("td", {}, (s.intervalMillis / 1000) + " s"),
      el("td", {}, s.restarts),
      el("td", {}, s.running
        ? el("button", { type: "button", class: "small stop", "data-service": s.name, "data-action": "stop" }, "Stop")
        : el("button", { type: "button", class: "small start", "data-service": s.name, "data-action": "start",
            disabled: !s.enabled }, "Start")))));
  }

  $("service-rows").addEventListener("click", async (e) => {
    const button = e.target.closest("button[data-action]");
    if (!button) {
      return;
    }
    const name = button.dataset.service;
    const action = button.dataset.action;
    button.disabled = true;
    const message = $("service-message");
    try {
      const res = await fetch("/api/services/" + encodeURIComponent(name) + "/" + action,
        { method: "POST", headers: authHeaders() });
      if (!res.ok) {
        const body = await res.json().catch(() => ({ error: "HTTP " + res.status }));
        message.textContent = body.error;
        message.hidden = false;
        if (res.status === 401) {
          $("token-form").hidden = false;
        }
      } else {
        message.hidden = true;
      }
    } catch (error) {
      message.textContent = "the server is not reachable";
      message.hidden = false;
    }
    loadServices();
  });

  // ---- devices -------------------------------------------------------------------------------

  async function loadDevices() {
    let list;
    try {
      list = await getJson("/api/devices");
    } catch (error) {
      return;
    }
    const body = $("device-rows");
    if (list.length === 0) {
      body.replaceChildren(el("tr", {}, el("td", { colSpan: 4, class: "muted" }, "no devices")));
      return;
    }
    body.replaceChildren(...list.map((d) => el("tr", {},
      el("td", {}, d.id),
      el("td", {}, d.kind),
      el("td", { class: d.online ? "online" : "offline" }, d.online ? "online" : "offline"),
      el("td", {}, d.lastError || ""))));
  }

  // ---- state tree and identity ---------------------------------------------------------------

  // Branches the user opened or closed; the first two levels start open.
  const toggled = new Map();

  function isOpen(path) {
    return toggled.has(path) ? toggled.get(path) : path.split(".").length <= 2;
  }

  function tree(value, path) {
    if (value === null || typeof value !== "object") {
      return el("span", { class: "value" }, text(value));
    }
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
    if (entries.length === 0) {
      return el("span", { class: "empty" }, Array.isArray(value) ? "[]" : "{}");
    }
    const list = el("ul", {});
    for (const [key, child] of entries) {
      const childPath = path ? path + "." + key : key;
      if (child !== null && typeof child === "object" && Object.keys(child).length > 0) {
        const details = el("details", { "data-path": childPath }, el("summary", {}, el("span", { class: "key" }, key)),
          tree(child, childPath));
        details.open = isOpen(childPath);
        details.addEventListener("toggle", () => toggled.set(childPath, details.open));
        list.append(el("li", {}, details));
      } else {
        list.append(el("li", {}, el("span", { class: "key" }, key), ": ", tree(child, childPath)));
      }
    }
    return list;
  }

  function identityFrom(state) {
    const system = state && state.system;
    return system && system.identity;
  }

  async function loadState() {
    let state;
    try {
      state = await getJson("/api/state");
    } catch (error) {
      return;
    }
    $("state-tree").replaceChildren(Object.keys(state).length ? tree(state, "") : el("span", { class: "empty" }, "(empty)"));
    // The identity service keeps the system identity in state; reading it here needs no extra request.
    const identity = identityFrom(state);
    const dl = $("identity");
    if (!identity || typeof identity !== "object") {
      dl.replaceChildren(el("dt", { class: "muted" }, "not available (no identity service)"));
    } else {
      dl.replaceChildren(...Object.entries(identity).flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, text(v))]));
    }
  }

  $("state-refresh").addEventListener("click", loadState);

  // ---- versions ------------------------------------------------------------------------------

  async function loadVersions() {
    let v;
    try {
      v = await getJson("/api/versions");
    } catch (error) {
      return;
    }
    const pairs = [["bussdcc", v.framework], ["Java", v.java.version + " (" + v.java.vendor + ")"], ["Helidon", v.helidon]];
    for (const m of v.modules) {
      pairs.push([m.name, m.version || "?"]);
    }
    $("versions").replaceChildren(...pairs.flatMap(([k, val]) => [el("dt", {}, k), el("dd", {}, val || "?")]));
  }

  // ---- plugin widgets ------------------------------------------------------------------------

  async function loadWidgets() {
    let plugins;
    try {
      plugins = await getJson("/api/plugins");
    } catch (error) {
      return;
    }
    const area = $("widgets");
    for (const plugin of plugins) {
      for (const w of plugin.widgets) {
        if (area.querySelector("[data-bussdcc-widget='" + CSS.escape(w.name) + "']")) {
          continue;
        }
        area.append(el("section", { class: "card" }, el("h2", {}, w.title), el("div", { "data-bussdcc-widget": w.name })));
        document.head.append(el("script", { src: w.script, defer: true }));
      }
    }
  }

  // ---- refreshing ------------------------------------------------------------------------------

  const scheduled = new Set();

  function soon(fn) {
    if (!scheduled.has(fn)) {
      scheduled.add(fn);
      setTimeout(() => {
        scheduled.delete(fn);
        fn();
      }, 150);
    }
  }

  function refreshAll() {
    loadServices();
    loadDevices();
    loadState();
    loadVersions();
  }

  setInterval(() => {
    if (client.state === "open") {
      loadServices();
      loadDevices();
      loadState();
    }
  }, 5000);

  drawChart();
  applyFilter();
  loadWidgets();
})();
