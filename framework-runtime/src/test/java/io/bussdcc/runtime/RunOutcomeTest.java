package io.bussdcc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Context;
import io.bussdcc.api.Event;
import io.bussdcc.api.EventSink;
import io.bussdcc.api.Health;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The run's outcome ({@link Runtime#failures()}) and the components' health ({@link Runtime#health()}). */
class RunOutcomeTest {

    /** A sink that can be told to fail, to stop with a failure, and what health to report. */
    static final class Probe implements EventSink {
        final String name;
        volatile Context ctx;
        volatile Health health = Health.up();
        volatile boolean failStop;

        Probe(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void start(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public void handle(Event<?> event) {}

        @Override
        public Health health() {
            return health;
        }

        @Override
        public void stop() throws IOException {
            if (failStop) {
                throw new IOException("disk gone");
            }
        }
    }

    @Test
    void aCleanRunHasNoFailures() {
        Runtime runtime = new Runtime().addSink(new Probe("a"));
        runtime.boot();
        runtime.shutdown("done");
        assertEquals(List.of(), runtime.failures());
    }

    @Test
    void aReportedFailureIsKeptWithItsComponentAndTheRunGoesOn() {
        Probe probe = new Probe("log");
        Runtime runtime = new Runtime().addSink(probe);
        runtime.boot();
        probe.ctx.reportFailure("lost 3 events");
        assertTrue(runtime.isRunning(), "reporting a failure alone does not stop the runtime");
        runtime.shutdown("done");
        assertEquals(List.of("sink 'log': lost 3 events"), runtime.failures());
        assertEquals("done", runtime.shutdownReason().orElseThrow());
    }

    @Test
    void aShutdownRequestedBecauseOfAFailureEndsTheRunAsFailed() throws Exception {
        Probe probe = new Probe("log");
        Runtime runtime = new Runtime().addSink(probe);
        runtime.boot();
        probe.ctx.reportFailure("cannot record x.Y");
        probe.ctx.requestShutdown("cannot record x.Y");
        assertTrue(runtime.awaitShutdown(Duration.ofSeconds(10)));
        assertEquals(List.of("sink 'log': cannot record x.Y"), runtime.failures());
        runtime.run(); // bussdcc run boots, then runs: a runtime already shut down just returns
        assertTrue(runtime.isShutDown());
    }

    @Test
    void aSinkThatFailsToStopFailsTheRun() {
        Probe probe = new Probe("log");
        probe.failStop = true;
        Runtime runtime = new Runtime().addSink(probe);
        runtime.boot();
        runtime.shutdown("done");
        assertEquals(1, runtime.failures().size(), runtime.failures().toString());
        assertTrue(runtime.failures().getFirst().contains("sink 'log' failed to stop")
                && runtime.failures().getFirst().contains("disk gone"), runtime.failures().toString());
    }

    @Test
    void failuresAreKeptUpToAHundredThenCounted() {
        Probe probe = new Probe("log");
        Runtime runtime = new Runtime().addSink(probe);
        runtime.boot();
        for (int i = 0; i < 150; i++) {
            probe.ctx.reportFailure("failure " + i);
        }
        runtime.shutdown();
        List<String> failures = runtime.failures();
        assertEquals(101, failures.size());
        assertEquals("sink 'log': failure 99", failures.get(99));
        assertEquals("… and 50 more failures", failures.get(100));
    }

    @Test
    void healthListsEverySinkByKindAndNameAsItReportsIt() {
        Probe up = new Probe("console");
        Probe down = new Probe("jsonl");
        down.health = Health.down("no space left on device", Map.of("lost", 12L));
        EventSink throwing = new EventSink() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public void handle(Event<?> event) {}

            @Override
            public Health health() {
                throw new IllegalStateException("oops");
            }
        };
        Runtime runtime = new Runtime().addSink(up).addSink(down).addSink(throwing);
        runtime.boot();
        AtomicReference<Map<String, Health>> seen = new AtomicReference<>(up.ctx.health());
        runtime.shutdown();
        Map<String, Health> health = seen.get();
        assertEquals(List.of("sink.console", "sink.jsonl", "sink.broken"), List.copyOf(health.keySet()));
        assertTrue(health.get("sink.console").isUp());
        assertEquals(Health.Status.DOWN, health.get("sink.jsonl").status());
        assertEquals("no space left on device", health.get("sink.jsonl").reason());
        assertEquals(Map.of("lost", 12L), health.get("sink.jsonl").counts());
        assertFalse(health.get("sink.broken").isUp());
        assertTrue(health.get("sink.broken").reason().contains("oops"), health.get("sink.broken").reason());
    }
}
