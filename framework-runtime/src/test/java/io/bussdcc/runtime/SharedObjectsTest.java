package io.bussdcc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Context;
import io.bussdcc.api.Process;
import io.bussdcc.api.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link Context#shared}: one object per type for all components, made once, closed at shutdown. */
class SharedObjectsTest {

    static final class Facility implements AutoCloseable {
        final List<String> log;
        final String name;

        Facility(List<String> log, String name) {
            this.log = log;
            this.name = name;
            log.add("made " + name);
        }

        @Override
        public void close() {
            log.add("closed " + name);
        }
    }

    static final class Other implements AutoCloseable {
        final List<String> log;

        Other(List<String> log) {
            this.log = log;
            log.add("made other");
        }

        @Override
        public void close() {
            log.add("closed other");
        }
    }

    @Test
    void everyComponentGetsTheObjectTheFirstOneMadeAndItIsClosedAtShutdownLastMadeFirst() {
        List<String> log = new ArrayList<>();
        AtomicInteger made = new AtomicInteger();
        List<Object> seen = new ArrayList<>();
        Runtime runtime = Runtime.builder().build();
        runtime.addProcess(new Process() {
            public String name() {
                return "p";
            }

            public void start(Context ctx) {
                seen.add(ctx.shared(Facility.class, c -> new Facility(log, "by p #" + made.incrementAndGet())));
            }
        });
        runtime.addService(new Service() {
            public String name() {
                return "s";
            }

            public void start(Context ctx) {
                seen.add(ctx.shared(Facility.class, c -> new Facility(log, "by s #" + made.incrementAndGet())));
                ctx.shared(Other.class, c -> new Other(log));
            }
        });
        runtime.boot();
        assertEquals(2, seen.size());
        assertSame(seen.get(0), seen.get(1));
        assertEquals(1, made.get());
        assertSame(seen.get(0), runtime.context().shared(Facility.class, c -> null));
        runtime.shutdown("test");
        assertEquals(List.of("made by p #1", "made other", "closed other", "closed by p #1"), log);
        IllegalStateException after = assertThrows(IllegalStateException.class,
                () -> runtime.context().shared(Facility.class, c -> new Facility(log, "late")));
        assertTrue(after.getMessage().contains("shut down"), after.getMessage());
    }

    @Test
    void aFailingMakerKeepsNothingAndTheNextCallTriesAgain() {
        Runtime runtime = Runtime.builder().build();
        Context ctx = runtime.context();
        assertThrows(IllegalStateException.class, () -> ctx.shared(String.class, c -> {
            throw new IllegalStateException("database unreachable");
        }));
        assertEquals("second", ctx.shared(String.class, c -> "second"));
        IllegalStateException loop = assertThrows(IllegalStateException.class,
                () -> ctx.shared(Integer.class, c -> c.shared(Integer.class, d -> 1)));
        assertTrue(loop.getMessage().contains("asked for it again"), loop.getMessage());
        runtime.shutdown("test");
    }
}
