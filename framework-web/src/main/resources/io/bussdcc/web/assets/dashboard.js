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
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get("token");
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    params.delete("token");
    const rest = params.toString();
    history.replaceState(null, "", location.pathname + (rest ? "?" + rest : "") + location.hash);
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
    if (hello.replay) {
      startReplay();
    }
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
      el("td", {}, replayUi.active ? "" : s.running
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

  // ---- replay: the timeline bar (bussdcc replay SOURCE --web; absent in live mode) -----------

  const replayUi = { active: false, cursor: null, density: null, drag: null, urlApplied: false };

  function millisOf(iso) {
    return Date.parse(iso);
  }

  function replayMessage(text) {
    const m = $("replay-message");
    m.textContent = text || "";
    m.hidden = !text;
  }

  async function control(request) {
    try {
      const cursor = await request();
      showCursor(cursor);
      return cursor;
    } catch (error) {
      replayMessage((error.code ? error.code + ": " : "") + error.message);
      return null;
    }
  }

  async function startReplay() {
    if (!replayUi.active) {
      replayUi.active = true;
      document.title = "REPLAY · bussdcc dashboard";
      $("replay-badge").hidden = false;
      $("virtual-time").hidden = false;
      $("replay-bar").hidden = false;
      document.querySelector("#events-card h2").textContent = "Replayed events";
    }
    let cursor;
    try {
      cursor = await getJson("/api/replay");
    } catch (error) {
      return;
    }
    await loadDensity();
    showCursor(Object.assign({}, cursor, { rebuilt: true }));
    applyUrl();
  }

  async function loadDensity() {
    const canvas = $("replay-strip");
    const buckets = Math.max(1, Math.min(2000, Math.floor(canvas.clientWidth || 600)));
    try {
      replayUi.density = await getJson("/api/replay/density?buckets=" + buckets);
    } catch (error) {
      replayUi.density = null;
    }
    drawStrip();
  }

  let recentAsked = 0;

  async function loadRecent() {
    const asked = ++recentAsked;
    let events;
    try {
      events = await getJson("/api/replay/recent?limit=50");
    } catch (error) {
      return;
    }
    if (asked !== recentAsked) {
      return; // a later request is on its way
    }
    rows.replaceChildren();
    for (const ev of events) {
      addRow(ev);
    }
  }

  function showCursor(c) {
    if (!c || c.position === undefined) {
      return;
    }
    const last = replayUi.cursor;
    if (last && last.seq !== undefined && c.seq !== undefined && c.seq < last.seq) {
      if (c.rebuilt) {
        loadRecent();
      }
      return; // an older push overtaken by a reply
    }
    replayUi.cursor = c;
    $("virtual-time").textContent = c.time;
    const play = $("replay-play");
    play.textContent = c.mode === "PLAYING" ? "Pause" : "Play";
    play.disabled = c.mode === "ENDED";
    $("replay-step").disabled = c.mode === "ENDED";
    const pos = $("replay-position");
    pos.textContent = "event " + c.position + " of " + c.events + " · " + c.mode.toLowerCase()
      + (c.rebuilt && c.seekMillis > 0 ? " · state rebuilt in " + c.seekMillis.toFixed(1) + " ms" : "");
    pos.dataset.position = c.position;
    pos.dataset.mode = c.mode;
    pos.dataset.time = c.time;
    const speed = c.speed === "max" ? "max" : String(c.speed);
    const select = $("replay-speed");
    if (![...select.options].some((o) => o.value === speed)) {
      select.append(el("option", { value: speed }, speed + "×"));
    }
    select.value = speed;
    $("replay-start").textContent = c.start;
    $("replay-end").textContent = c.end;
    replayMessage(c.message || c.problem);
    if (c.rebuilt) {
      loadRecent();
    }
    soon(loadState);
    soon(loadServices);
    soon(loadDevices);
    drawStrip();
    updateLink();
  }

  client.onStatus("replay", showCursor);

  function drawStrip() {
    const canvas = $("replay-strip");
    const c = replayUi.cursor;
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight || 56;
    if (!width) {
      return;
    }
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    const g = canvas.getContext("2d");
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);
    const d = replayUi.density;
    if (d) {
      const n = d.counts.length;
      const max = Math.max(1, ...d.counts);
      const slot = width / n;
      for (let i = 0; i < n; i++) {
        if (d.counts[i] === 0) {
          continue;
        }
        // log scale: one event still shows, a burst does not flatten the rest
        const h = Math.max(2, (height - 4) * Math.log1p(d.counts[i]) / Math.log1p(max));
        g.fillStyle = d.errors[i] > 0 ? "#cf222e" : d.warnings[i] > 0 ? "#bf8700" : "#8fb3e8";
        g.fillRect(i * slot, height - h, Math.max(1, slot - (slot > 3 ? 1 : 0)), h);
      }
    }
    if (c) {
      const x = xOf(c.time, width);
      g.fillStyle = "#8250df";
      g.fillRect(Math.round(x) - 1, 0, 2, height);
    }
    if (replayUi.drag !== null) {
      g.fillStyle = "rgba(130, 80, 223, 0.45)";
      g.fillRect(Math.round(replayUi.drag) - 1, 0, 2, height);
    }
  }

  function xOf(iso, width) {
    const c = replayUi.cursor;
    const start = millisOf(c.start);
    const span = millisOf(c.end) - start;
    return span <= 0 ? 0 : Math.min(width, Math.max(0, (millisOf(iso) - start) / span * width));
  }

  /** The instant under x on the strip, within the range (its ends exactly at the edges). */
  function timeAt(x, width) {
    const c = replayUi.cursor;
    const start = millisOf(c.start);
    const end = millisOf(c.end);
    const f = width <= 0 ? 0 : x / width;
    if (f <= 0) {
      return c.start;
    }
    if (f >= 1) {
      return c.end;
    }
    const t = start + Math.round((end - start) * f);
    if (t <= start) {
      return c.start;
    }
    if (t >= end) {
      return c.end;
    }
    return new Date(t).toISOString();
  }

  const strip = $("replay-strip");
  strip.addEventListener("pointerdown", (e) => {
    strip.setPointerCapture(e.pointerId);
    replayUi.drag = e.offsetX;
    drawStrip();
  });
  strip.addEventListener("pointermove", (e) => {
    if (replayUi.drag !== null) {
      replayUi.drag = e.offsetX;
      drawStrip();
    }
  });
  strip.addEventListener("pointerup", (e) => {
    if (replayUi.drag === null || !replayUi.cursor) {
      return;
    }
    const time = timeAt(e.offsetX, strip.clientWidth);
    replayUi.drag = null;
    control(() => client.seek(time));
  });
  window.addEventListener("resize", () => {
    if (replayUi.active) {
      loadDensity();
    }
  });

  function findOptions() {
    const text = $("replay-types").value.trim();
    return {
      types: text ? text.split(",").map((t) => t.trim()).filter((t) => t) : [],
      minSeverity: $("replay-severity").value,
    };
  }

  $("replay-play").addEventListener("click", () => {
    const playing = replayUi.cursor && replayUi.cursor.mode === "PLAYING";
    control(() => (playing ? client.pause() : client.play()));
  });
  $("replay-step").addEventListener("click", () => control(() => client.step()));
  $("replay-speed").addEventListener("change", (e) => {
    const v = e.target.value;
    control(() => client.speed(v === "max" ? "max" : Number(v)));
  });
  $("replay-previous").addEventListener("click", () => control(() => client.find("previous", findOptions())));
  $("replay-next").addEventListener("click", () => control(() => client.find("next", findOptions())));
  $("replay-types").addEventListener("change", updateLink);
  $("replay-severity").addEventListener("change", updateLink);

  /** The address of this instant with this filter: ?at=…&types=…&minSeverity=… */
  function updateLink() {
    const c = replayUi.cursor;
    if (!c) {
      return;
    }
    const q = new URLSearchParams();
    q.set("at", c.time);
    const o = findOptions();
    if (o.types.length) {
      q.set("types", o.types.join(","));
    }
    q.set("minSeverity", o.minSeverity);
    const link = location.pathname + "?" + q.toString();
    $("replay-link").href = link;
    if (c.mode !== "PLAYING" && replayUi.urlApplied) {
      history.replaceState(null, "", link + location.hash);
    }
  }

  /** Opens the replay where a shared address says: ?at=TIME&types=PATTERNS&minSeverity=LEVEL&speed=X. */
  async function applyUrl() {
    if (replayUi.urlApplied) {
      return;
    }
    const q = new URLSearchParams(location.search);
    if (q.get("types")) {
      $("replay-types").value = q.get("types");
    }
    if (q.get("minSeverity")) {
      const sev = q.get("minSeverity").toUpperCase();
      if ([...$("replay-severity").options].some((o) => o.value === sev)) {
        $("replay-severity").value = sev;
      } else {
        replayMessage("minSeverity in the address: '" + sev + "' is not DEBUG, INFO, WARNING, ERROR or CRITICAL");
      }
    }
    if (q.get("speed")) {
      const v = q.get("speed");
      await control(() => client.speed(v === "max" ? "max" : Number(v)));
    }
    if (q.get("at")) {
      await control(() => client.seek(q.get("at")));
    }
    replayUi.urlApplied = true;
    updateLink();
  }

  drawChart();
  applyFilter();
  loadWidgets();
})();
