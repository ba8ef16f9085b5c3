package io.bussdcc.web;

import io.bussdcc.api.Event;
import io.bussdcc.api.Severity;
import io.bussdcc.api.Subscription;
import io.bussdcc.api.Timeline;
import io.bussdcc.api.TypeFilter;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;

/**
 * The replay controls of a dashboard fed by a {@link Timeline} ({@code bussdcc replay --web}):
 * the WebSocket ops {@code play}, {@code pause}, {@code step}, {@code speed}, {@code seek},
 * {@code find}, the cursor pushed to every connection when it changes ({@code "op":"replay"}),
 * and {@code /api/replay} (range, cursor, density strip, recent events). Every control message
 * is checked before it reaches the timeline; a refused one is an {@code error} reply and
 * changes nothing. In a live runtime there is no timeline and the ops answer
 * {@code not-a-replay}. Protocol: docs/web.md#replay-controls.
 */
final class ReplayControls {

    /** The ops this class answers. */
    static final List<String> OPS = List.of("play", "pause", "step", "speed", "seek", "find");
    /** The most density buckets one request may ask for. */
    static final int MAX_BUCKETS = 2000;
    static final int MAX_RECENT = 500;

    private final Optional<Timeline> timeline;
    private final RunningWebContext web;
    private final EventHub hub;
    private volatile Subscription changes;
    private volatile Thread ticker;
    private final java.util.concurrent.atomic.AtomicLong seq = new java.util.concurrent.atomic.AtomicLong();
    /** How often the cursor of a playing replay is pushed. */
    static final java.time.Duration PLAYING_EVERY = java.time.Duration.ofMillis(200);

    ReplayControls(RunningWebContext web, EventHub hub) {
        this.web = web;
        this.hub = hub;
        this.timeline = web.context().timeline();
    }

    boolean active() {
        return timeline.isPresent();
    }

    /** Pushes every change of the cursor to every connection, and the cursor of a playing replay every {@link #PLAYING_EVERY}. */
    void start() {
        timeline.ifPresent(t -> {
            changes = t.onChange(cursor -> {
                synchronized (this) {
                    hub.broadcast(cursorJson("replay", null, t, cursor));
                }
            });
            ticker = Thread.ofVirtual().name("bussdcc-web-replay-cursor").start(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        Thread.sleep(PLAYING_EVERY);
                        synchronized (this) {
                            Timeline.Cursor c = t.cursor();
                            if (c.mode() == Timeline.Mode.PLAYING) {
                                hub.broadcast(cursorJson("replay", null, t, c));
                            }
                        }
                    }
                } catch (InterruptedException | IllegalStateException e) {
                    // stopped, or the timeline closed
                }
            });
        });
    }

    void stop() {
        Subscription s = changes;
        if (s != null) {
            s.cancel();
        }
        Thread t = ticker;
        if (t != null) {
            t.interrupt();
        }
    }

    void register(HttpRouting.Builder r) {
        if (timeline.isEmpty()) {
            return; // /api/replay is then the catch-all's 404
        }
        Timeline t = timeline.get();
        r.get("/api/replay", (req, res) -> Json.send(res, g -> cursorFields(g, t, t.cursor())));
        r.get("/api/replay/density", (req, res) -> density(req, res, t));
        r.get("/api/replay/recent", (req, res) -> recent(req, res, t));
    }

    private void density(ServerRequest req, ServerResponse res, Timeline t) {
        Optional<Integer> buckets = intParameter(req, res, "buckets", 1, MAX_BUCKETS, 500);
        if (buckets.isEmpty()) {
            return;
        }
        Timeline.Density d = t.density(buckets.get());
        Json.send(res, g -> {
            g.writeStartObject();
            g.writeStringProperty("start", web.codec().formatTime(d.start()));
            g.writeNumberProperty("widthNanos", d.width().toNanos());
            array(g, "counts", d.counts());
            array(g, "warnings", d.warnings());
            array(g, "errors", d.errors());
            g.writeEndObject();
        });
    }

    private static void array(JsonGenerator g, String name, long[] values) {
        g.writeArrayPropertyStart(name);
        for (long v : values) {
            g.writeNumber(v);
        }
        g.writeEndArray();
    }

    private void recent(ServerRequest req, ServerResponse res, Timeline t) {
        Optional<Integer> limit = intParameter(req, res, "limit", 0, MAX_RECENT, 50);
        if (limit.isEmpty()) {
            return;
        }
        List<Event<?>> events = t.recent(limit.get());
        StringBuilder out = new StringBuilder("[");
        for (Event<?> e : events) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append(hub.render(e, web.messageTypes().nameOf(e.payload())));
        }
        String body = out.append(']').toString();
        res.header(io.helidon.http.HeaderNames.CACHE_CONTROL, "no-store");
        res.header(io.helidon.http.HeaderNames.CONTENT_TYPE, Json.CONTENT_TYPE);
        res.send(body);
    }

    private static Optional<Integer> intParameter(ServerRequest req, ServerResponse res, String name, int min, int max,
            int fallback) {
        Optional<String> text = req.query().first(name).asOptional();
        if (text.isEmpty()) {
            return Optional.of(fallback);
        }
        try {
            int v = Integer.parseInt(text.get());
            if (v >= min && v <= max) {
                return Optional.of(v);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        Json.error(res, Status.BAD_REQUEST_400, "'" + name + "' must be a whole number from " + min + " to " + max);
        return Optional.empty();
    }

    /**
     * Answers one control message (already parsed as {@code request}, {@code text} its JSON)
     * through {@code reply}. {@code authorized}: whether this connection may control.
     */
    void handle(ClientRequest request, String text, boolean authorized, Consumer<String> reply) {
        Object id = request.id();
        if (timeline.isEmpty()) {
            reply.accept(EventConnection.error("not-a-replay", "'" + request.op() + "' controls a replay; this server "
                    + "shows a live runtime (start it with: bussdcc replay SOURCE --web)", id));
            return;
        }
        if (!authorized && !web.tokenMatches(request.token())) {
            reply.accept(EventConnection.error("unauthorized", request.token() == null
                    ? "replay controls need the token (connect with ?token=… or send \"token\")" : "wrong token", id));
            return;
        }
        Timeline t = timeline.get();
        Fields f;
        try {
            f = Fields.parse(text);
        } catch (IllegalArgumentException e) {
            reply.accept(EventConnection.error("bad-request", e.getMessage(), id));
            return;
        }
        try {
            switch (request.op()) {
                case "play" -> t.play();
                case "pause" -> t.pause();
                case "step" -> t.step();
                case "speed" -> t.speed(f.speed(request.op()));
                case "seek" -> t.seek(f.time(t));
                case "find" -> {
                    boolean forward = f.forward();
                    TypeFilter types = request.types() == null ? TypeFilter.ALL : TypeFilter.of(request.types());
                    Severity min = request.minSeverity() == null ? Severity.DEBUG
                            : ConnectionFilter.severity(request.minSeverity());
                    Optional<Instant> found = t.find(forward, types, min);
                    if (found.isEmpty()) {
                        reply.accept(EventConnection.error("not-found", "no " + (forward ? "later" : "earlier")
                                + " event matches " + (types.acceptsAll() ? "any type" : types) + " at " + min
                                + " or above", id));
                        return;
                    }
                    t.seek(found.get());
                }
                default -> throw new IllegalStateException("not a replay op: " + request.op());
            }
        } catch (OutOfRange e) {
            reply.accept(EventConnection.error("out-of-range", e.getMessage(), id));
            return;
        } catch (IllegalArgumentException e) {
            reply.accept(EventConnection.error("bad-request", e.getMessage(), id));
            return;
        } catch (IllegalStateException e) {
            reply.accept(EventConnection.error("refused", e.getMessage(), id));
            return;
        }
        String json;
        synchronized (this) {
            Timeline.Cursor c = t.cursor();
            if (request.op().equals("seek") || request.op().equals("find")) {
                // the state was rebuilt: say so in the reply too, which may overtake the push
                c = new Timeline.Cursor(c.time(), c.position(), c.mode(), c.speed(), true, c.message(), c.seekTook());
            }
            json = cursorJson("cursor", id, t, c);
        }
        reply.accept(json);
    }

    /** {@code {"op":op,"id":…,"time":…,"position":…,…}}. */
    private String cursorJson(String op, Object id, Timeline t, Timeline.Cursor c) {
        return Json.text(g -> {
            g.writeStartObject();
            g.writeStringProperty("op", op);
            EventConnection.writeId(g, id);
            cursorBody(g, t, c);
            g.writeEndObject();
        });
    }

    private void cursorFields(JsonGenerator g, Timeline t, Timeline.Cursor c) throws IOException {
        g.writeStartObject();
        cursorBody(g, t, c);
        g.writeEndObject();
    }

    private void cursorBody(JsonGenerator g, Timeline t, Timeline.Cursor c) throws IOException {
        Timeline.Range r = t.range();
        // Replies and pushed cursors travel apart (a reply at once, pushes behind queued events):
        // seq orders them, so a page keeps the newest.
        g.writeNumberProperty("seq", seq.incrementAndGet());
        g.writeStringProperty("time", web.codec().formatTime(c.time()));
        g.writeNumberProperty("position", c.position());
        g.writeStringProperty("mode", c.mode().name());
        if (c.speed() == Timeline.MAX_SPEED) {
            g.writeStringProperty("speed", "max");
        } else {
            g.writeNumberProperty("speed", c.speed());
        }
        g.writeBooleanProperty("rebuilt", c.rebuilt());
        g.writeStringProperty("message", c.message().orElse(null));
        g.writeNumberProperty("seekMillis", c.seekTook().toNanos() / 1e6);
        g.writeStringProperty("start", web.codec().formatTime(r.start()));
        g.writeStringProperty("end", web.codec().formatTime(r.end()));
        g.writeNumberProperty("events", r.events());
        g.writeStringProperty("problem", r.problem().orElse(null));
    }

    /** A seek outside the recording's range. */
    static final class OutOfRange extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        OutOfRange(String message) {
            super(message);
        }
    }

    /** The fields of a control message that {@link ClientRequest} does not read. */
    record Fields(String time, String speedText, Double speedNumber, String direction) {

        static Fields parse(String text) {
            String time = null;
            String speedText = null;
            Double speedNumber = null;
            String direction = null;
            try (JsonParser p = Json.FACTORY.createParser(ObjectReadContext.empty(), text)) {
                p.nextToken();
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    String field = p.currentName();
                    JsonToken t = p.nextToken();
                    switch (field) {
                        case "time" -> time = stringField(p, t, "time");
                        case "direction" -> direction = stringField(p, t, "direction");
                        case "speed" -> {
                            if (t == JsonToken.VALUE_STRING) {
                                speedText = p.getString();
                            } else if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                                speedNumber = p.getDoubleValue();
                            } else if (t != JsonToken.VALUE_NULL) {
                                throw new IllegalArgumentException("'speed' must be a number or \"max\"");
                            }
                        }
                        default -> p.skipChildren();
                    }
                }
            } catch (JacksonException e) {
                throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
            }
            return new Fields(time, speedText, speedNumber, direction);
        }

        private static String stringField(JsonParser p, JsonToken t, String field) {
            if (t == JsonToken.VALUE_NULL) {
                return null;
            }
            if (t != JsonToken.VALUE_STRING) {
                p.skipChildren();
                throw new IllegalArgumentException("'" + field + "' must be a string");
            }
            return p.getString();
        }

        double speed(String op) {
            if (speedNumber != null) {
                return speedNumber;
            }
            if (speedText == null) {
                throw new IllegalArgumentException("'" + op + "' needs a 'speed': a number from " + Timeline.MIN_SPEED
                        + " (a tenth of real time) up, or \"max\"");
            }
            String s = speedText.strip();
            if (s.equalsIgnoreCase("max")) {
                return Timeline.MAX_SPEED;
            }
            try {
                return Double.parseDouble(s.endsWith("x") || s.endsWith("×") ? s.substring(0, s.length() - 1) : s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'speed' \"" + SafeTexts.clip(speedText) + "\" is not a number or \"max\"");
            }
        }

        Instant time(Timeline t) {
            if (time == null) {
                throw new IllegalArgumentException("'seek' needs a 'time' (ISO-8601, such as 2026-12-01T08:00:00Z)");
            }
            Instant at;
            try {
                at = Instant.parse(time.strip());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'time' \"" + SafeTexts.clip(time) + "\" is not an ISO-8601 instant "
                        + "(such as 2026-12-01T08:00:00Z)");
            }
            Timeline.Range r = t.range();
            if (!r.contains(at)) {
                throw new OutOfRange("cannot seek to " + at + ": the recording runs from " + r.start() + " to " + r.end());
            }
            return at;
        }

        boolean forward() {
            if (direction == null) {
                throw new IllegalArgumentException("'find' needs a 'direction': \"next\" or \"previous\"");
            }
            return switch (direction) {
                case "next" -> true;
                case "previous" -> false;
                default -> throw new IllegalArgumentException("'direction' must be \"next\" or \"previous\", not \""
                        + SafeTexts.clip(direction) + "\"");
            };
        }
    }

    /** Client text echoed in a message, cut short. */
    static final class SafeTexts {
        private SafeTexts() {}

        static String clip(String text) {
            String s = io.bussdcc.api.SafeText.escape(text);
            return s.length() > 80 ? s.substring(0, 80) + "…" : s;
        }
    }
}
