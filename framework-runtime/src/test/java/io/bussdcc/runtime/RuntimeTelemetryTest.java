package io.bussdcc.runtime;

import static io.bussdcc.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Event;
import io.bussdcc.api.EventCounts;
import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.RawMessage;
import io.bussdcc.api.Severity;
import io.bussdcc.testing.RecordingSink;
import io.bussdcc.testing.TestMessages.Alarm;
import io.bussdcc.testing.TestMessages.Note;
import io.bussdcc.testing.TestMessages.Ping;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class RuntimeTelemetryTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** A message whose severity depends on its value, as a type may decide per instance. */
    @MessageType("test.telemetry:Level")
    record Level(Severity severity) implements Message {}

    @MessageType("test.telemetry:A")
    record A() implements Message {}

    /** Its natural path, test.telemetry.A.B, lies below A's count. */
    @MessageType("test.telemetry.A:B")
    record B() implements Message {}

    /** Named as A, by other segments: the same natural path. */
    @MessageType("test:telemetry.A")
    record SameAsA() implements Message {}

    /** A severity that throws: the event is still delivered. */
    @MessageType("test.telemetry:Broken")
    record Broken() implements Message {
        @Override
        public Severity severity() {
            throw new IllegalStateException("no severity");
        }
    }

    private static MessageTypeRegistry registry() {
        return MessageTypeRegistry.withBuiltins().register(Note.class).register(Alarm.class).register(Ping.class)
                .register(Level.class).register(A.class).register(B.class).register(SameAsA.class);
    }

    /** What the sink saw, counted per type name and severity: every dispatched event reaches the sinks. */
    private static Map<String, Map<Severity, Long>> expected(RecordingSink sink, MessageTypeRegistry types) {
        Map<String, Map<Severity, Long>> counts = new LinkedHashMap<>();
        for (Event<?> e : sink.events()) {
            counts.computeIfAbsent(Objects.requireNonNullElse(types.nameOf(e.payload()), ""), t -> new EnumMap<>(Severity.class))
                    .merge(e.severity(), 1L, Long::sum);
        }
        return counts;
    }

    @Test
    void countsEveryDispatchedEventByTypeAndSeverity() {
        MessageTypeRegistry types = registry();
        RecordingSink sink = new RecordingSink();
        Runtime runtime = Runtime.builder().messageTypes(types).telemetryInterval(Duration.ZERO).build().addSink(sink);
        runtime.boot();
        for (int i = 0; i < 7; i++) {
            runtime.emit(new Note("n" + i));
        }
        runtime.emit(new Alarm("a"));
        for (Severity s : Severity.values()) {
            runtime.emit(new Level(s));
        }
        runtime.emit(new RawMessage("py.module:Thing", "{}"));
        runtime.emit(new RawMessage(null, "{}"));
        assertEquals(expected(sink, types), runtime.eventCounts().byType());
        assertTrue(runtime.state().get("runtime_info").isEmpty(), "interval zero: state is written at the end only");
        runtime.shutdown();
        assertTrue(runtime.state().get("runtime_info.stats.message_count").isPresent());
        EventCounts counts = runtime.eventCounts();
        Map<String, Map<Severity, Long>> seen = expected(sink, types);
        assertEquals(seen, counts.byType());
        assertEquals(sink.events().size(), counts.total());
        assertEquals(7L, counts.byType().get("test:Note").get(Severity.INFO));
        assertEquals(Map.of(Severity.ERROR, 1L), counts.byType().get("test:Alarm"));
        assertEquals(1L, counts.byType().get("").get(Severity.INFO));
        assertEquals(sink.events().stream().filter(e -> e.severity().isAtLeast(Severity.ERROR)).count(), counts.errors());
        assertEquals(3, counts.errors()); // the alarm, Level(ERROR), Level(CRITICAL)
    }

    @Test
    void stateHoldsThePythonPathsOnceShutDown() {
        MessageTypeRegistry types = registry();
        RecordingSink sink = new RecordingSink();
        Runtime runtime = Runtime.builder().messageTypes(types).telemetryInterval(Duration.ZERO).build().addSink(sink);
        runtime.boot();
        runtime.emit(new Note("x"));
        runtime.emit(new Alarm("a"));
        runtime.emit(new Level(Severity.CRITICAL));
        runtime.emit(new RawMessage("py.module:Thing", "{}"));
        runtime.emit(new RawMessage(null, "{}"));
        runtime.shutdown();
        List<Event<?>> events = sink.events();
        Map<String, Object> info = runtime.state().snapshot();
        assertEquals((long) events.size(), runtime.state().get("runtime_info.stats.message_count").orElseThrow(), info::toString);
        assertEquals(2L, runtime.state().get("runtime_info.stats.error_count").orElseThrow());
        for (Severity s : Severity.values()) {
            long n = events.stream().filter(e -> e.severity() == s).count();
            assertEquals(n, runtime.state().get("runtime_info.severity." + s.name().toLowerCase(Locale.ROOT)).orElseThrow(),
                    s.name());
        }
        assertEquals(1L, runtime.state().get("runtime_info.message_types.test.Note").orElseThrow());
        assertEquals(1L, runtime.state().get("runtime_info.message_types.test.Alarm").orElseThrow());
        assertEquals(1L, runtime.state().get("runtime_info.message_types.test.telemetry.Level").orElseThrow());
        assertEquals(1L, runtime.state().get("runtime_info.message_types.py.module.Thing").orElseThrow());
        assertEquals(1L, runtime.state().get("runtime_info.message_types._untyped").orElseThrow());
        // bussdcc.message.runtime:RuntimeShutdown, the last event, as the original's module and class
        assertEquals(1L, runtime.state().get("runtime_info.message_types.bussdcc.message.runtime.RuntimeShutdown")
                .orElseThrow());
    }

    @Test
    void typesWhosePathsMeetGetTheirWholeNameAsOneSegment() {
        MessageTypeRegistry types = registry();
        Runtime runtime = Runtime.builder().messageTypes(types).telemetryInterval(Duration.ZERO).build();
        runtime.boot();
        runtime.emit(new A());
        runtime.emit(new B());
        runtime.emit(new B());
        runtime.emit(new SameAsA());
        runtime.emit(new SameAsA());
        runtime.emit(new SameAsA());
        runtime.shutdown();
        assertEquals(1L, runtime.state().get("runtime_info.message_types.test.telemetry.A").orElseThrow());
        assertEquals(2L, runtime.state().get("runtime_info.message_types.test_telemetry_A:B").orElseThrow(),
                () -> runtime.state().get("runtime_info.message_types").toString());
        assertEquals(3L, runtime.state().get("runtime_info.message_types.test:telemetry_A").orElseThrow());
    }

    @Test
    void whileRunningStateFollowsEveryInterval() throws InterruptedException {
        Runtime runtime = Runtime.builder().messageTypes(registry()).telemetryInterval(Duration.ofMillis(20)).build();
        runtime.boot();
        try {
            for (int i = 0; i < 100; i++) {
                runtime.emit(new Ping(i));
            }
            await("100 pings in state", () -> runtime.state().get("runtime_info.message_types.test.Ping")
                    .map(v -> v.equals(100L)).orElse(false), WAIT);
            runtime.emit(new Ping(100));
            await("101 pings in state", () -> runtime.state().get("runtime_info.message_types.test.Ping")
                    .map(v -> v.equals(101L)).orElse(false), WAIT);
        } finally {
            runtime.shutdown();
        }
    }

    @Test
    void anEventWhoseSeverityThrowsIsDeliveredAndNotCounted() {
        RecordingSink sink = new RecordingSink();
        Runtime runtime = Runtime.builder().messageTypes(registry()).build().addSink(sink);
        runtime.boot();
        long before = runtime.eventCounts().total();
        runtime.emit(new Broken());
        runtime.emit(new Note("after"));
        assertTrue(sink.payloads().contains(new Broken()));
        assertEquals(new Note("after"), sink.payloads().getLast());
        assertEquals(before + 1, runtime.eventCounts().total());
        runtime.shutdown();
    }

    @Test
    void countsFromManyThreadsAddUpAlsoAfterTheThreadsEnded() throws InterruptedException {
        // More threads than the dispatcher keeps before it prunes ended ones (64): their counts must stay.
        Runtime runtime = Runtime.builder().messageTypes(registry()).telemetryInterval(Duration.ZERO).build();
        runtime.boot();
        long base = runtime.eventCounts().total();
        int threads = 200;
        int each = 500;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            started.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    runtime.emit(id % 2 == 0 ? new Ping(i) : new Alarm("t" + id));
                }
            }));
            if (t == threads / 2) {
                go.countDown();
            }
        }
        for (Thread t : started) {
            t.join();
        }
        // New threads register after the others have ended, so that pruning runs.
        for (int t = 0; t < 100; t++) {
            Thread.ofPlatform().start(() -> runtime.emit(new Note("late"))).join();
        }
        EventCounts counts = runtime.eventCounts();
        assertEquals(base + (long) threads * each + 100, counts.total());
        assertEquals((long) threads / 2 * each, counts.byType().get("test:Ping").get(Severity.INFO));
        assertEquals((long) threads / 2 * each, counts.byType().get("test:Alarm").get(Severity.ERROR));
        assertEquals(100L, counts.byType().get("test:Note").get(Severity.INFO));
        runtime.shutdown();
    }

    @Test
    void aNegativeIntervalIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Runtime.builder().telemetryInterval(Duration.ofMillis(-1)));
        assertTrue(e.getMessage().contains("telemetryInterval"), e.getMessage());
    }
}
