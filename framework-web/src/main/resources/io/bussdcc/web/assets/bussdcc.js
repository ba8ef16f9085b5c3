/*
 * bussdcc.js: the browser client of a bussdcc web interface. No dependencies.
 *
 *   const client = bussdcc.client();            // shared connection to this page's server
 *   client.on("greenhouse.sensors:SensorReading", ev => show(ev.data.value));
 *   client.on("*", ev => console.log(ev.type, ev.data));
 *   await client.emit("greenhouse.control:WaterRequested", { zone: "north" });
 *   bussdcc.registerWidget("greenhouse", (element, client) => { ... });
 *
 * Against a replay (bussdcc replay SOURCE --web) the same client drives the timeline:
 *
 *   await client.pause(); await client.step(); await client.speed(10); await client.play();
 *   await client.seek("2026-12-01T08:00:00Z");
 *   await client.find("previous", { minSeverity: "WARNING", types: ["greenhouse:*"] });
 *   client.onStatus("replay", cursor => show(cursor.time, cursor.position, cursor.mode));
 *
 * Protocol: see docs/web.md. The connection reconnects by itself with exponential back-off
 * (with jitter) and re-sends its subscription after every reconnect.
 */
(function (global) {
  "use strict";

  if (global.bussdcc) {
    return;
  }

  const SEVERITIES = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"];

  function defaultUrl() {
    const scheme = global.location.protocol === "https:" ? "wss:" : "ws:";
    return scheme + "//" + global.location.host + "/ws";
  }

  function callAll(list, value) {
    if (!list) {
      return;
    }
    for (const fn of list.slice()) {
      try {
        fn(value);
      } catch (error) {
        // A broken handler must not stop the others; warn, do not fail the page.
        console.warn("bussdcc: a handler failed", error);
      }
    }
  }

  /** One WebSocket connection to a bussdcc web interface. */
  class Client {
    /**
     * options: url (default: this page's server, /ws), token, types (list of type names,
     * "prefix*" allowed; default all), minSeverity (default DEBUG), minDelay and maxDelay of
     * the reconnect back-off in ms (default 250 and 5000), timeout of requests in ms (10000).
     */
    constructor(options) {
      const o = options || {};
      this.url = o.url || defaultUrl();
      this.token = o.token || null;
      this.types = (o.types || []).slice();
      this.minSeverity = o.minSeverity || "DEBUG";
      this.minDelay = o.minDelay || 250;
      this.maxDelay = o.maxDelay || 5000;
      this.timeout = o.timeout || 10000;
      this.handlers = new Map();
      this.statusHandlers = new Map();
      this.pending = new Map();
      this.nextId = 1;
      this.attempt = 0;
      this.socket = null;
      this.state = "connecting";
      this.hello = null;
      this.closedByUser = false;
      this.reconnects = 0;
      this.cursor = null;
      this.connect();
    }

    /** Opens the connection (done by the constructor and by reconnects). */
    connect() {
      if (this.socket || this.closedByUser) {
        return;
      }
      let url = this.url;
      if (this.token) {
        url += (url.indexOf("?") < 0 ? "?" : "&") + "token=" + encodeURIComponent(this.token);
      }
      const ws = new WebSocket(url);
      this.socket = ws;
      this._setState(this.attempt === 0 ? "connecting" : "reconnecting");
      ws.onopen = () => {
        if (this.attempt > 0) {
          this.reconnects++;
        }
        this.attempt = 0;
        this._setState("open");
        if (this.types.length > 0 || this.minSeverity !== "DEBUG") {
          this._request({ op: "subscribe", types: this.types, minSeverity: this.minSeverity }).catch(() => {});
        }
      };
      ws.onmessage = (e) => this._receive(e.data);
      ws.onerror = () => {
        // always followed by onclose, which reconnects
      };
      ws.onclose = (e) => {
        if (this.socket === ws) {
          this.socket = null;
        }
        for (const [, p] of this.pending) {
          clearTimeout(p.timer);
          p.reject(new Error("connection closed"));
        }
        this.pending.clear();
        callAll(this.statusHandlers.get("close"), { code: e.code, reason: e.reason });
        if (this.closedByUser) {
          this._setState("closed");
        } else {
          this._reconnectLater();
        }
      };
    }

    _reconnectLater() {
      const base = Math.min(this.maxDelay, this.minDelay * Math.pow(2, this.attempt));
      const delay = base / 2 + Math.random() * base / 2;
      this.attempt++;
      this._setState("reconnecting");
      setTimeout(() => this.connect(), delay);
    }

    _setState(state) {
      if (this.state !== state) {
        this.state = state;
        callAll(this.statusHandlers.get("state"), state);
      }
    }

    _receive(text) {
      let msg;
      try {
        msg = JSON.parse(text);
      } catch (error) {
        console.warn("bussdcc: not JSON from the server", text);
        return;
      }
      switch (msg.op) {
        case "event":
          this._dispatch(msg);
          break;
        case "batch":
          for (const ev of msg.events) {
            this._dispatch(ev);
          }
          break;
        case "hello":
          this.hello = msg;
          callAll(this.statusHandlers.get("hello"), msg);
          break;
        case "missed":
          callAll(this.statusHandlers.get("missed"), msg.count);
          break;
        case "replay":
          this.cursor = msg;
          callAll(this.statusHandlers.get("replay"), msg);
          break;
        default: {
          const p = msg.id !== undefined ? this.pending.get(msg.id) : undefined;
          if (p) {
            this.pending.delete(msg.id);
            clearTimeout(p.timer);
            if (msg.op === "error") {
              const error = new Error(msg.message);
              error.code = msg.code;
              p.reject(error);
            } else {
              p.resolve(msg);
            }
          } else if (msg.op === "error") {
            callAll(this.statusHandlers.get("error"), msg);
          }
        }
      }
    }

    _dispatch(ev) {
      callAll(this.handlers.get(ev.type), ev);
      callAll(this.handlers.get("*"), ev);
    }

    _request(body) {
      return new Promise((resolve, reject) => {
        if (!this.socket || this.socket.readyState !== WebSocket.OPEN) {
          reject(new Error("not connected"));
          return;
        }
        const id = this.nextId++;
        body.id = id;
        const timer = setTimeout(() => {
          this.pending.delete(id);
          reject(new Error("no reply within " + this.timeout + " ms"));
        }, this.timeout);
        this.pending.set(id, { resolve, reject, timer });
        this.socket.send(JSON.stringify(body));
      });
    }

    /**
     * Calls fn(event) for every event of `type` ("*" for every event). An event is
     * {type, time, severity, data}. Returns a function that removes the handler.
     */
    on(type, fn) {
      if (typeof fn !== "function") {
        throw new TypeError("handler must be a function");
      }
      if (!this.handlers.has(type)) {
        this.handlers.set(type, []);
      }
      this.handlers.get(type).push(fn);
      return () => {
        const list = this.handlers.get(type) || [];
        const i = list.indexOf(fn);
        if (i >= 0) {
          list.splice(i, 1);
        }
      };
    }

    /**
     * Calls fn on connection news: "state" (connecting, open, reconnecting, closed),
     * "hello" (the server's greeting), "missed" (how many events were dropped because this
     * page did not keep up), "close" ({code, reason}), "error" (an error reply to no request),
     * "replay" (a replay's cursor changed: played, paused, stepped, sought, ended).
     */
    onStatus(kind, fn) {
      if (!this.statusHandlers.has(kind)) {
        this.statusHandlers.set(kind, []);
      }
      this.statusHandlers.get(kind).push(fn);
      if (kind === "state") {
        fn(this.state);
      } else if (kind === "hello" && this.hello) {
        fn(this.hello);
      }
    }

    /**
     * Emits a message of type `type` with `data` into the runtime. The type must be allowed
     * from the web. Resolves with the server's reply; rejects with an Error whose `code` is
     * the server's error code (not-allowed, unknown-type, unauthorized, bad-data, ...).
     */
    emit(type, data) {
      const body = { op: "emit", type: type, data: data || {} };
      if (this.token) {
        body.token = this.token;
      }
      return this._request(body);
    }

    /** Receives only `types` (all when empty) of at least `minSeverity` from now on. */
    subscribe(types, minSeverity) {
      this.types = (types || []).slice();
      this.minSeverity = minSeverity || "DEBUG";
      return this._request({ op: "subscribe", types: this.types, minSeverity: this.minSeverity });
    }

    // ---- replay controls (a server started with bussdcc replay --web; elsewhere they reject
    // with code "not-a-replay"). Each resolves with the cursor after it: {time, position,
    // mode, speed, rebuilt, message, seekMillis, start, end, events}.

    _control(body) {
      if (this.token) {
        body.token = this.token;
      }
      return this._request(body);
    }

    /** Plays the replay from the cursor. */
    play() {
      return this._control({ op: "play" });
    }

    /** Pauses the replay before its next event. */
    pause() {
      return this._control({ op: "pause" });
    }

    /** Publishes exactly one more recorded event, then stays paused. */
    step() {
      return this._control({ op: "step" });
    }

    /** Plays at `speed` times real time: 0.1 or more, or "max". */
    speed(speed) {
      return this._control({ op: "speed", speed: speed });
    }

    /** Moves the cursor to `time` (an ISO-8601 string or a Date) within the recording. */
    seek(time) {
      return this._control({ op: "seek", time: time instanceof Date ? time.toISOString() : String(time) });
    }

    /**
     * Moves the cursor to the next ("next") or previous ("previous") event matching
     * options.types (type patterns; all when absent) at options.minSeverity or above.
     */
    find(direction, options) {
      const o = options || {};
      return this._control({ op: "find", direction: direction, types: o.types || [], minSeverity: o.minSeverity || "DEBUG" });
    }

    /** Round trip to the server; resolves with the reply. */
    ping() {
      return this._request({ op: "ping" });
    }

    /** Uses `token` from now on, reconnecting so the server sees it. */
    setToken(token) {
      this.token = token || null;
      if (this.socket) {
        this.socket.close(1000, "new token");
      }
    }

    /** Closes the connection for good. */
    close() {
      this.closedByUser = true;
      if (this.socket) {
        this.socket.close(1000, "closed by the page");
      }
    }
  }

  const widgets = new Map();
  let shared = null;

  /** The page's shared client, created on first use with `options`. */
  function client(options) {
    if (!shared) {
      shared = new Client(options);
    }
    return shared;
  }

  /**
   * Registers a widget: init(element, client) is called once for every element with
   * data-bussdcc-widget="name", now and whenever scan() finds new ones.
   */
  function registerWidget(name, init) {
    if (!name) {
      throw new Error("a widget needs a name");
    }
    if (typeof init !== "function") {
      throw new TypeError("a widget's init must be a function");
    }
    widgets.set(name, init);
    if (global.document && global.document.readyState !== "loading") {
      scan(global.document);
    }
  }

  function initElement(element) {
    const name = element.dataset.bussdccWidget;
    const init = name && widgets.get(name);
    if (!init || element.dataset.bussdccInitialized === "true") {
      return;
    }
    element.dataset.bussdccInitialized = "true";
    try {
      init(element, client());
    } catch (error) {
      console.warn("bussdcc: widget '" + name + "' failed to start", error);
    }
  }

  /** Starts the widgets of every data-bussdcc-widget element in `root` (default: the page). */
  function scan(root) {
    const scope = root || global.document;
    if (scope instanceof Element && scope.matches("[data-bussdcc-widget]")) {
      initElement(scope);
    }
    scope.querySelectorAll("[data-bussdcc-widget]").forEach(initElement);
  }

  if (global.document) {
    if (global.document.readyState === "loading") {
      global.document.addEventListener("DOMContentLoaded", () => scan(global.document));
    }
  }

  global.bussdcc = {
    Client: Client,
    SEVERITIES: SEVERITIES,
    client: client,
    connect: (options) => new Client(options),
    on: (type, fn) => client().on(type, fn),
    emit: (type, data) => client().emit(type, data),
    registerWidget: registerWidget,
    scan: scan,
  };
})(window);
