package io.bussdcc.web;

import tools.jackson.core.JsonGenerator;
import io.bussdcc.api.Message;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.Severity;
import io.bussdcc.api.TypeFilter;
import io.bussdcc.codec.CodecException;
import io.helidon.common.buffers.BufferData;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import io.helidon.websocket.WsUpgradeException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One WebSocket client: its filter (what it subscribed to), its bounded queue of events and the virtual thread
 * that sends them, and the handling of what it sends (see {@code docs/web.md}).
 *
 * <p>Threads: {@link #offer} runs on emitting threads and never blocks; the sender thread is
 * the only one that waits on the socket for events; replies to the client's own requests are
 * sent on Helidon's thread of this connection.
 */
final class EventConnection implements WsListener {

    private static final System.Logger LOG = System.getLogger(EventConnection.class.getName());
    /** The most events one message carries. */
    static final int MAX_BATCH = 256;

    private final EventHub hub;
    private final RunningWebContext web;
    private final Settings settings;
    private final Set<String> allowFromWeb;
    private final long id;
    private final ArrayBlockingQueue<EventHub.Pushed> queue;
    private final AtomicLong unreportedMissed = new AtomicLong();
    private final AtomicLong missed = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong typeChecks = new AtomicLong();

    private volatile ConnectionFilter filter = ConnectionFilter.ALL;
    private volatile boolean closed;
    private volatile WsSession session;
    private volatile Thread sender;
    // Helidon reads this connection's frames on this thread and ends it, silently, when the
    // socket ends: the one sign of a peer that dropped without a close frame.
    private volatile Thread reader;
    private volatile long lastHeard = System.nanoTime();
    private long lastPing = System.nanoTime();
    private volatile String remote = "?";
    private boolean authorizedAtConnect;
    private StringBuilder fragments;
    private long fragmentBytes;
    private int wrongTokens;
    // The rest of a message refused as too large is dropped up to its last frame, not read as a new one.
    private boolean discarding;

    EventConnection(EventHub hub, RunningWebContext web, Settings settings, Set<String> allowFromWeb) {
        this.hub = hub;
        this.web = web;
        this.settings = settings;
        this.allowFromWeb = allowFromWeb;
        this.id = hub.nextId();
        this.queue = new ArrayBlockingQueue<>(hub.queueSize());
    }

    // ---- handshake and life ------------------------------------------------------------

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) throws WsUpgradeException {
        String host = headers.first(HeaderNames.HOST).orElse(null);
        if (!web.hosts().permits(host)) {
            throw new WsUpgradeException(WebInterface.hostRefused(host));
        }
        String origin = headers.first(HeaderNames.ORIGIN).orElse(null);
        if (!web.origins().permits(origin, headers.first(HeaderNames.HOST).orElse(null))) {
            throw new WsUpgradeException("origin " + origin + " is not allowed");
        }
        String presented = RunningWebContext.bearer(headers).orElse(prologue.query().first("token").orElse(null));
        if (presented != null && !web.tokenMatches(presented)) {
            throw new WsUpgradeException("wrong token");
        }
        if (presented == null && web.readsProtected()) {
            throw new WsUpgradeException("reading the event stream needs the token (?token=… or Authorization: Bearer)");
        }
        authorizedAtConnect = presented != null || !web.tokenRequired();
        if (hub.full()) {
            throw new WsUpgradeException("too many WebSocket connections (at most " + settings.maxConnections() + ")");
        }
        try {
            TypeFilter types = prologue.query().first("types").map(TypeFilter::parse).orElse(TypeFilter.ALL);
            Severity min = prologue.query().first("minSeverity").map(ConnectionFilter::severity).orElse(Severity.DEBUG);
            filter = new ConnectionFilter(checkedPatterns(types), min);
        } catch (IllegalArgumentException e) {
            throw new WsUpgradeException(e.getMessage());
        }
        return Optional.empty();
    }

    @Override
    public void onOpen(WsSession session) {
        this.session = session;
        this.remote = String.valueOf(session.socketContext().remotePeer().address());
        // Join the hub before greeting, so nothing emitted after the greeting is lost; events
        // wait in the queue until the sender starts, so the greeting is always first.
        String refused = hub.add(this);
        if (refused != null) {
            closed = true;
            session.close(hub.full() ? WsCloseCodes.TRY_AGAIN_LATER : WsCloseCodes.GOING_AWAY, refused);
            return;
        }
        sendNow(hello());
        hub.senders().incrementAndGet();
        sender = Thread.ofVirtual().name("bussdcc-web-ws-" + id).start(this::sendLoop);
        Thread connectionThread = Thread.currentThread();
        reader = connectionThread;
        Thread.ofVirtual().name("bussdcc-web-ws-watch-" + id).start(() -> {
            try {
                connectionThread.join();
            } catch (InterruptedException e) {
                return;
            }
            shutdown(); // end of stream (or any end Helidon does not report to the listener)
        });
    }

    @Override
    public void onPing(WsSession session, BufferData buffer) {
        lastHeard = System.nanoTime();
        // RFC 6455 5.5.2: a Pong with the Ping's payload (the connection refused a Ping over 125 bytes).
        if (!closed) {
            session.pong(buffer);
        }
    }

    @Override
    public void onPong(WsSession session, BufferData buffer) {
        lastHeard = System.nanoTime();
    }

    @Override
    public void onClose(WsSession session, int status, String reason) {
        shutdown(); // a close code that may not be sent never gets here: the connection answered it with 1002
    }

    @Override
    public void onError(WsSession session, Throwable t) {
        LOG.log(System.Logger.Level.DEBUG, "WebSocket connection " + id + " failed", t);
        shutdown();
    }

    /** Stops sending; the socket is closed by the client, by Helidon, or by the server's stop. */
    void shutdown() {
        closed = true;
        hub.remove(this);
        Thread s = sender;
        if (s != null) {
            s.interrupt();
        }
        queue.clear();
    }

    private TypeFilter checkedPatterns(TypeFilter types) {
        if (types.patterns().size() > settings.maxPatterns()) {
            throw new IllegalArgumentException(tooManyPatterns(types));
        }
        return types;
    }

    private String tooManyPatterns(TypeFilter types) {
        return types.patterns().size() + " type patterns; a subscription may have at most " + settings.maxPatterns()
                + " (maxPatterns)";
    }

    // ---- events out --------------------------------------------------------------------

    boolean isClosed() {
        return closed;
    }

    /** Whether an event of this severity, of a type this connection accepts, is to be sent. */
    boolean wants(Severity severity) {
        return !closed && severity.isAtLeast(filter.minSeverity());
    }

    /** Whether this connection's patterns accept {@code type}; the hub keeps the answer per type. */
    boolean acceptsType(String type) {
        typeChecks.incrementAndGet();
        TypeFilter types = filter.types();
        return types.acceptsAll() || types.accepts(type);
    }

    /** How often this connection's patterns were matched against a type name (a test sees per-event matching here). */
    long typeChecks() {
        return typeChecks.get();
    }

    /** Enqueues {@code event}, dropping the oldest queued one when full. Never blocks. */
    void offer(EventHub.Pushed event) {
        while (!queue.offer(event)) {
            if (queue.poll() != null) {
                unreportedMissed.incrementAndGet();
                missed.incrementAndGet();
                hub.countDropped();
            }
        }
    }

    /** The sender thread's life; counted from before it starts (in onOpen) to its end. */
    private void sendLoop() {
        try {
            send();
        } finally {
            hub.senders().decrementAndGet();
        }
    }

    private void send() {
        // At most a queue's worth in flight: memory per connection stays within twice the queue.
        int maxBatch = Math.min(MAX_BATCH, hub.queueSize());
        List<EventHub.Pushed> batch = new ArrayList<>(maxBatch);
        try {
            long idle = settings.idleTimeout().toNanos();
            long pingEvery = idle / 3;
            while (!closed) {
                if (!heartbeat(idle, pingEvery)) {
                    return;
                }
                EventHub.Pushed next = queue.poll();
                if (next == null) {
                    reportMissed(); // caught up: say what was lost on the way
                    next = queue.poll(pingEvery, TimeUnit.NANOSECONDS);
                    if (next == null) {
                        continue;
                    }
                }
                // A client that is behind gets what waits in one message: far fewer frames and
                // writes when it matters, and single events (lowest latency) when it keeps up.
                batch.clear();
                batch.add(next);
                queue.drainTo(batch, maxBatch - 1);
                reportMissed();
                if (batch.size() == 1) {
                    session.send(next.json(), true);
                } else {
                    sendBatched(batch);
                }
                sent.addAndGet(batch.size());
            }
        } catch (InterruptedException e) {
            // shut down
        } catch (RuntimeException e) {
            // the socket is gone; Helidon's connection thread sees it too and closes
            LOG.log(System.Logger.Level.DEBUG, "WebSocket connection " + id + ": send failed: " + e);
            shutdown();
        }
    }

    /**
     * Pings a peer not heard from for a third of the idle timeout; closes one not heard from for
     * the whole of it (a peer gone without a FIN, or one that never answers). False once closed.
     */
    private boolean heartbeat(long idle, long pingEvery) {
        long now = System.nanoTime();
        long silent = now - lastHeard;
        if (silent >= idle) {
            LOG.log(System.Logger.Level.DEBUG, "WebSocket connection " + id + " (" + remote + "): nothing heard for "
                    + settings.idleTimeout() + ", closing");
            WsSession s = session;
            closed = true;
            try {
                s.close(WsCloseCodes.GOING_AWAY, "idle: no pong within " + settings.idleTimeout().toSeconds() + " s");
            } finally {
                Thread r = reader;
                if (r != null) {
                    r.interrupt(); // a virtual thread blocked in a socket read: the socket is closed
                }
                shutdown();
            }
            return false;
        }
        if (silent >= pingEvery && now - lastPing >= pingEvery) {
            lastPing = now;
            session.ping(BufferData.create(Long.toString(now)));
        }
        return true;
    }

    /** Events in batches; a message of the server's own (a replay's cursor) alone, in its place. */
    private void sendBatched(List<EventHub.Pushed> batch) {
        int from = 0;
        for (int i = 0; i <= batch.size(); i++) {
            if (i == batch.size() || !batch.get(i).isEvent()) {
                List<EventHub.Pushed> events = batch.subList(from, i);
                if (events.size() == 1) {
                    session.send(events.get(0).json(), true);
                } else if (events.size() > 1) {
                    session.send(batchJson(events), true);
                }
                if (i < batch.size()) {
                    session.send(batch.get(i).json(), true);
                }
                from = i + 1;
            }
        }
    }

    private static String batchJson(List<EventHub.Pushed> batch) {
        int size = 32;
        for (EventHub.Pushed p : batch) {
            size += p.json().length() + 1;
        }
        StringBuilder out = new StringBuilder(size).append("{\"op\":\"batch\",\"events\":[");
        for (int i = 0; i < batch.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(batch.get(i).json());
        }
        return out.append("]}").toString();
    }

    private void reportMissed() {
        long n = unreportedMissed.getAndSet(0);
        if (n > 0) {
            session.send(Json.text(g -> {
                g.writeStartObject();
                g.writeStringProperty("op", "missed");
                g.writeNumberProperty("count", n);
                g.writeEndObject();
            }), true);
        }
    }

    ConnectionStats stats() {
        ConnectionFilter f = filter;
        return new ConnectionStats(id, remote, queue.size(), hub.queueSize(), sent.get(), missed.get(),
                Collections.unmodifiableSet(new LinkedHashSet<>(f.types().patterns())), f.minSeverity());
    }

    // ---- requests in -------------------------------------------------------------------

    @Override
    public void onMessage(WsSession session, String text, boolean last) {
        lastHeard = System.nanoTime();
        if (discarding) {
            discarding = !last;
            return;
        }
        if (fragments != null || !last) {
            if (fragments == null) {
                fragments = new StringBuilder();
                fragmentBytes = 0;
            }
            // The limit is in bytes on the wire, as for a single frame: count the UTF-8 bytes, not chars.
            fragmentBytes += utf8Length(text);
            if (fragmentBytes > settings.maxFrameSize()) {
                fragments = null;
                discarding = !last;
                sendNow(error("too-large", "a message may be at most " + settings.maxFrameSize() + " bytes", null));
                return;
            }
            fragments.append(text);
            if (!last) {
                return;
            }
            text = fragments.toString();
            fragments = null;
        }
        handle(text);
    }

    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isSurrogate(c)) {
                bytes += 2; // a surrogate pair is one 4-byte code point
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    @Override
    public void onMessage(WsSession session, BufferData buffer, boolean last) {
        lastHeard = System.nanoTime();
        if (last) {
            sendNow(error("bad-request", "binary frames are not part of the protocol: send JSON text", null));
        }
    }

    private void handle(String text) {
        ClientRequest request;
        try {
            request = ClientRequest.parse(text);
        } catch (ClientRequest.Invalid e) {
            sendNow(error(e.code, e.getMessage(), e.id));
            return;
        }
        switch (request.op()) {
            case "subscribe" -> subscribe(request);
            case "emit" -> emit(request);
            case "ping" -> sendNow(reply("pong", request.id(), g -> { }));
            case "play", "pause", "step", "speed", "seek", "find" ->
                    web.replay().handle(request, text, authorizedAtConnect, this::sendNow);
            default -> sendNow(error("unknown-op", "unknown op '" + request.op() + "' (subscribe, emit, ping; "
                    + "in a replay: play, pause, step, speed, seek, find)", request.id()));
        }
    }

    private void subscribe(ClientRequest request) {
        ConnectionFilter f;
        try {
            Severity min = request.minSeverity() == null ? Severity.DEBUG : ConnectionFilter.severity(request.minSeverity());
            TypeFilter types = request.types() == null ? TypeFilter.ALL : TypeFilter.of(request.types());
            if (types.patterns().size() > settings.maxPatterns()) {
                sendNow(error("too-many-patterns", tooManyPatterns(types), request.id()));
                return;
            }
            f = new ConnectionFilter(types, min);
        } catch (IllegalArgumentException e) {
            sendNow(error("bad-request", e.getMessage(), request.id()));
            return;
        }
        filter = f;
        hub.resubscribed(this);
        sendNow(reply("subscribed", request.id(), g -> subscriptionFields(g, f)));
    }

    private void emit(ClientRequest request) {
        Object rid = request.id();
        String typeName = request.type();
        if (typeName == null || typeName.isBlank()) {
            sendNow(error("bad-request", "emit needs a 'type'", rid));
            return;
        }
        if (!authorizedAtConnect && !web.tokenMatches(request.token())) {
            if (request.token() != null && ++wrongTokens >= RunningWebContext.MAX_TOKEN_ATTEMPTS) {
                sendNow(error("unauthorized", RunningWebContext.TOO_MANY_ATTEMPTS, rid));
                closed = true;
                session.close(WsCloseCodes.VIOLATED_POLICY, "too many wrong tokens");
                shutdown();
                return;
            }
            sendNow(error("unauthorized", request.token() == null
                    ? "emitting needs the token (connect with ?token=… or send \"token\")" : "wrong token", rid));
            return;
        }
        MessageTypeRegistry types = web.messageTypes();
        Optional<Class<? extends Message>> type = types.resolve(typeName);
        if (type.isEmpty()) {
            sendNow(error("unknown-type", "'" + typeName + "' is not a registered message type", rid));
            return;
        }
        String name = types.nameOf(type.get());
        if (!allowFromWeb.contains(name)) {
            sendNow(error("not-allowed", "'" + name + "' may not be emitted from the web (not in allow-from-web)", rid));
            return;
        }
        Message message;
        try {
            message = web.codec().readMessage(typeName, request.data());
        } catch (CodecException e) {
            sendNow(error("bad-data", "data does not decode as '" + name + "': " + e.getMessage(), rid));
            return;
        } catch (RuntimeException e) {
            sendNow(error("bad-data", "data does not decode as '" + name + "': " + e, rid));
            return;
        }
        try {
            web.emit(new FromWeb(settings.name(), id, remote, name));
            web.emit(message);
        } catch (RuntimeException e) {
            sendNow(error("emit-failed", "the runtime did not take the message: " + e.getMessage(), rid));
            return;
        }
        sendNow(reply("emitted", rid, g -> g.writeStringProperty("type", name)));
    }

    // ---- replies -----------------------------------------------------------------------

    private String hello() {
        return Json.text(g -> {
            g.writeStartObject();
            g.writeStringProperty("op", "hello");
            g.writeNumberProperty("connection", id);
            g.writeStringProperty("interface", settings.name());
            g.writeStringProperty("version", web.context().version());
            g.writeBooleanProperty("tokenRequired", web.tokenRequired());
            g.writeBooleanProperty("authorized", authorizedAtConnect);
            g.writeArrayPropertyStart("allowFromWeb");
            for (String t : allowFromWeb.stream().sorted().toList()) {
                g.writeString(t);
            }
            g.writeEndArray();
            g.writeNumberProperty("queueSize", hub.queueSize());
            g.writeNumberProperty("maxFrameSize", settings.maxFrameSize());
            g.writeBooleanProperty("replay", web.replay().active());
            subscriptionFields(g, filter);
            g.writeEndObject();
        });
    }

    private static void subscriptionFields(JsonGenerator g, ConnectionFilter f) throws IOException {
        g.writeArrayPropertyStart("types");
        for (String t : f.types().patterns()) {
            g.writeString(t);
        }
        g.writeEndArray();
        g.writeStringProperty("minSeverity", f.minSeverity().name());
    }

    private static String reply(String op, Object id, Json.Writer fields) {
        return Json.text(g -> {
            g.writeStartObject();
            g.writeStringProperty("op", op);
            writeId(g, id);
            fields.write(g);
            g.writeEndObject();
        });
    }

    static String error(String code, String message, Object id) {
        return reply("error", id, g -> {
            g.writeStringProperty("code", code);
            g.writeStringProperty("message", message);
        });
    }

    static void writeId(JsonGenerator g, Object id) throws IOException {
        if (id instanceof Long l) {
            g.writeNumberProperty("id", l);
        } else if (id != null) {
            g.writeStringProperty("id", id.toString());
        }
    }

    private void sendNow(String text) {
        WsSession s = session;
        if (s != null && !closed) {
            s.send(text, true);
        }
    }
}
