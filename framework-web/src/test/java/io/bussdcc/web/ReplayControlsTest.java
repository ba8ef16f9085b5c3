package io.bussdcc.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Clock;
import io.bussdcc.api.Config;
import io.bussdcc.api.Context;
import io.bussdcc.api.Device;
import io.bussdcc.api.DeviceInfo;
import io.bussdcc.api.Event;
import io.bussdcc.api.EventHandler;
import io.bussdcc.api.Health;
import io.bussdcc.api.Message;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.RuntimeMode;
import io.bussdcc.api.ServiceControl;
import io.bussdcc.api.Severity;
import io.bussdcc.api.StateStore;
import io.bussdcc.api.Subscription;
import io.bussdcc.api.Timeline;
import io.bussdcc.api.TypeFilter;
import io.bussdcc.runtime.Runtime;
import io.bussdcc.testing.WsClient;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The replay controls on the WebSocket against a timeline of eleven events a second apart:
 * what reaches the timeline, what each refusal says, and that every connection hears the
 * cursor. (The real timeline, in a browser: framework-cli's ReplayTimelineBrowserIT.)
 */
class ReplayControlsTest {

    static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

    /** A timeline that records the calls it gets. */
    static final class FakeTimeline implements Timeline {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<Consumer<Cursor>> listeners = new CopyOnWriteArrayList<>();
        volatile long position;
        volatile Mode mode = Mode.PAUSED;
        volatile double speed = 1;
        /** Why the recording ends early (a source failed mid-way), if it does. */
        volatile Optional<String> problem = Optional.empty();

        @Override
        public Range range() {
            return new Range(T0, T0.plusSeconds(10), 11, problem);
        }

        @Override
        public Cursor cursor() {
            return new Cursor(T0.plusSeconds(Math.max(0, position - 1)), position, mode, speed, false, Optional.empty(),
                    Duration.ZERO);
        }

        private void changed(String call) {
            calls.add(call);
            listeners.forEach(l -> l.accept(cursor()));
        }

        @Override
        public void play() {
            if (position == 11) {
                throw new IllegalStateException("at the end: seek back to play again");
            }
            mode = Mode.PLAYING;
            changed("play");
        }

        @Override
        public void pause() {
            mode = Mode.PAUSED;
            changed("pause");
        }

        @Override
        public void step() {
            position++;
            changed("step");
        }

        @Override
        public void speed(double s) {
            if (!(s >= MIN_SPEED)) {
                throw new IllegalArgumentException("speed " + s + " is not allowed");
            }
            speed = s;
            changed("speed " + s);
        }

        @Override
        public void seek(Instant time) {
            position = Duration.between(T0, time).toSeconds() + 1;
            changed("seek " + time);
        }

        @Override
        public Optional<Instant> find(boolean forward, TypeFilter types, Severity min) {
            calls.add("find " + forward + " " + types.patterns() + " " + min);
            return forward ? Optional.of(T0.plusSeconds(7)) : Optional.empty();
        }

        @Override
        public Density density(int buckets) {
            long[] counts = new long[buckets];
            counts[0] = 11;
            return new Density(T0, Duration.ofSeconds(10).dividedBy(buckets), counts, new long[buckets], new long[buckets]);
        }

        @Override
        public List<Event<?>> recent(int limit) {
            return List.of();
        }

        @Override
        public Subscription onChange(Consumer<Cursor> listener) {
            listeners.add(listener);
            return new Subscription() {
                @Override
                public void cancel() {
                    listeners.remove(listener);
                }

                @Override
                public boolean isActive() {
                    return listeners.contains(listener);
                }
            };
        }
    }

    /** A runtime's context that has {@code timeline}. */
    record WithTimeline(Context c, Timeline t) implements Context {
        @Override public Clock clock() { return c.clock(); }
        @Override public StateStore state() { return c.state(); }
        @Override public Config config() { return c.config(); }
        @Override public MessageTypeRegistry messageTypes() { return c.messageTypes(); }
        @Override public RuntimeMode mode() { return RuntimeMode.REPLAY; }
        @Override public String version() { return c.version(); }
        @Override public void emit(Message message) { }
        @Override public <M extends Message> Subscription subscribe(Class<M> type, EventHandler<M> h) { return c.subscribe(type, h); }
        @Override public ServiceControl services() { return c.services(); }
        @Override public List<DeviceInfo> devices() { return c.devices(); }
        @Override public <D> Optional<D> device(String id, Class<D> type) { return c.device(id, type); }
        @Override public void attachDevice(Device device) { c.attachDevice(device); }
        @Override public boolean detachDevice(String id) { return c.detachDevice(id); }
        @Override public void requestShutdown(String reason) { }
        @Override public void reportFailure(String reason) { }
        @Override public Map<String, Health> health() { return c.health(); }
        @Override public <T> T shared(Class<T> type, Function<? super Context, ? extends T> create) { return c.shared(type, create); }
        @Override public Optional<Timeline> timeline() { return Optional.of(t); }
    }

    private final FakeTimeline timeline = new FakeTimeline();
    private final List<AutoCloseable> open = new ArrayList<>();
    private WebInterface web;
    private Context context;

    void start(WebInterface.Builder builder) throws Exception {
        Runtime runtime = Runtime.builder().messageTypes(WebFixture.registry()).build();
        runtime.boot();
        open.add(() -> runtime.shutdown("test over"));
        context = new WithTimeline(runtime.context(), timeline);
        web = builder.port(0).discoverPlugins(false).build();
        web.start(context);
        open.add(() -> web.stop(context));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    WsClient connect(String query) {
        WsClient ws = WsClient.connect(URI.create("ws://127.0.0.1:" + web.port() + "/ws" + query));
        open.add(ws);
        return ws;
    }

    static Map<String, Object> request(WsClient ws, String json, String op) throws InterruptedException {
        ws.send(json);
        return ws.await(op);
    }

    @Test
    void eachControlReachesTheTimelineAndIsAnsweredWithTheCursorWhichEveryConnectionHears() throws Exception {
        start(WebInterface.builder());
        WsClient ws = connect("");
        WsClient other = connect("?types=nothing:*");
        assertEquals(true, ws.await("hello").get("replay"));
        other.await("hello");

        assertEquals(1L, request(ws, "{\"op\":\"step\",\"id\":1}", "cursor").get("position"));
        assertEquals("PLAYING", request(ws, "{\"op\":\"play\",\"id\":2}", "cursor").get("mode"));
        assertEquals("PAUSED", request(ws, "{\"op\":\"pause\",\"id\":3}", "cursor").get("mode"));
        assertEquals("max", request(ws, "{\"op\":\"speed\",\"id\":4,\"speed\":\"max\"}", "cursor").get("speed"));
        assertEquals(2.5, request(ws, "{\"op\":\"speed\",\"id\":5,\"speed\":2.5}", "cursor").get("speed"));
        Map<String, Object> sought = request(ws, "{\"op\":\"seek\",\"id\":6,\"time\":\"2026-12-01T08:00:04Z\"}", "cursor");
        assertEquals(5L, sought.get("position"));
        assertEquals(true, sought.get("rebuilt"));
        assertEquals("2026-12-01T08:00:00Z", sought.get("start"));
        assertEquals(11L, sought.get("events"));
        assertEquals(8L, request(ws, "{\"op\":\"find\",\"id\":7,\"direction\":\"next\",\"types\":[\"greenhouse:*\"],"
                + "\"minSeverity\":\"WARNING\"}", "cursor").get("position"));
        assertEquals(List.of("step", "play", "pause", "speed Infinity", "speed 2.5", "seek 2026-12-01T08:00:04Z",
                "find true [greenhouse:*] WARNING", "seek 2026-12-01T08:00:07Z"), timeline.calls);

        // the other connection subscribed to nothing, and still hears every change, never batched
        List<Map<String, Object>> pushed = other.until("replay", m -> ((Number) m.get("position")).longValue() == 8,
                Duration.ofSeconds(10));
        assertTrue(pushed.stream().noneMatch(m -> "batch".equals(m.get("op"))), pushed.toString());
        long previous = 0;
        for (Map<String, Object> m : pushed.stream().filter(m -> "replay".equals(m.get("op"))).toList()) {
            long seq = ((Number) m.get("seq")).longValue();
            assertTrue(seq > previous, "seq rises: " + pushed);
            previous = seq;
        }
    }

    @Test
    void everyBadControlIsRefusedNamingWhatIsWrongAndChangesNothing() throws Exception {
        start(WebInterface.builder());
        WsClient ws = connect("");
        ws.await("hello");
        String[][] cases = {
            {"{\"op\":\"seek\",\"id\":1}", "bad-request", "'seek' needs a 'time' (ISO-8601, such as 2026-12-01T08:00:00Z)"},
            {"{\"op\":\"seek\",\"id\":2,\"time\":\"yesterday\"}", "bad-request",
                "'time' \"yesterday\" is not an ISO-8601 instant (such as 2026-12-01T08:00:00Z)"},
            {"{\"op\":\"seek\",\"id\":3,\"time\":\"2026-12-01T07:59:59Z\"}", "out-of-range",
                "cannot seek to 2026-12-01T07:59:59Z: the recording runs from 2026-12-01T08:00:00Z to 2026-12-01T08:00:10Z"},
            {"{\"op\":\"seek\",\"id\":4,\"time\":\"2026-12-01T08:00:10.000000001Z\"}", "out-of-range",
                "cannot seek to 2026-12-01T08:00:10.000000001Z: the recording runs from 2026-12-01T08:00:00Z to 2026-12-01T08:00:10Z"},
            {"{\"op\":\"seek\",\"id\":5,\"time\":42}", "bad-request", "'time' must be a string"},
            {"{\"op\":\"speed\",\"id\":6}", "bad-request", "'speed' needs a 'speed': a number from 0.1 (a tenth of real time) up, or \"max\""},
            {"{\"op\":\"speed\",\"id\":7,\"speed\":\"fast\"}", "bad-request", "'speed' \"fast\" is not a number or \"max\""},
            {"{\"op\":\"speed\",\"id\":8,\"speed\":[1]}", "bad-request", "'speed' must be a number or \"max\""},
            {"{\"op\":\"speed\",\"id\":9,\"speed\":0}", "bad-request", "speed 0.0 is not allowed"},
            {"{\"op\":\"speed\",\"id\":10,\"speed\":-1}", "bad-request", "speed -1.0 is not allowed"},
            {"{\"op\":\"find\",\"id\":11}", "bad-request", "'find' needs a 'direction': \"next\" or \"previous\""},
            {"{\"op\":\"find\",\"id\":12,\"direction\":\"up\"}", "bad-request", "'direction' must be \"next\" or \"previous\", not \"up\""},
            {"{\"op\":\"find\",\"id\":13,\"direction\":\"next\",\"minSeverity\":\"LOUD\"}", "bad-request", null},
            {"{\"op\":\"find\",\"id\":14,\"direction\":\"next\",\"types\":[\"a b\"]}", "bad-request", null},
            {"{\"op\":\"find\",\"id\":15,\"direction\":\"previous\",\"minSeverity\":\"ERROR\"}", "not-found",
                "no earlier event matches any type at ERROR or above"},
        };
        for (String[] c : cases) {
            Map<String, Object> error = request(ws, c[0], "error");
            assertEquals(c[1], error.get("code"), c[0]);
            if (c[2] != null) {
                assertEquals(c[2], error.get("message"), c[0]);
            }
        }
        assertEquals(List.of("find false [] ERROR"), timeline.calls, "only the last reached the timeline");
        assertEquals(99L, ((Number) request(ws, "{\"op\":\"ping\",\"id\":99}", "pong").get("id")).longValue(),
                "the connection is healthy");
    }

    @Test
    void withATokenControlsNeedIt() throws Exception {
        start(WebInterface.builder().token("s3cret"));
        WsClient anonymous = connect("");
        anonymous.await("hello");
        Map<String, Object> refused = request(anonymous, "{\"op\":\"pause\",\"id\":1}", "error");
        assertEquals("unauthorized", refused.get("code"));
        assertEquals("PAUSED", request(anonymous, "{\"op\":\"pause\",\"id\":2,\"token\":\"s3cret\"}", "cursor").get("mode"));
        WsClient authorized = connect("?token=s3cret");
        authorized.await("hello");
        assertEquals(1L, request(authorized, "{\"op\":\"step\",\"id\":3}", "cursor").get("position"));
        assertEquals(List.of("pause", "step"), timeline.calls);
    }
}
