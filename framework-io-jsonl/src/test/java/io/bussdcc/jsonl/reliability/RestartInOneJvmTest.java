package io.bussdcc.jsonl.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Event;
import io.bussdcc.api.SourceProblem;
import io.bussdcc.api.message.RuntimeBooting;
import io.bussdcc.api.message.RuntimeShutdown;
import io.bussdcc.jsonl.Greenhouse;
import io.bussdcc.jsonl.Greenhouse.SensorReading;
import io.bussdcc.jsonl.JsonlSink;
import io.bussdcc.jsonl.JsonlSource;
import io.bussdcc.runtime.Runtime;
import io.bussdcc.runtime.RuntimeBootException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two runtimes in one JVM on one events root: one after the other within one segment interval
 * (nothing lost, the segment continued), and one while the other runs (refused clearly, the
 * first one's log intact).
 */
class RestartInOneJvmTest {

    static final int THREADS = 2;
    static final int PER_THREAD = 20_000;

    @TempDir
    Path root;

    private Runtime runtime() {
        Runtime r = Runtime.builder().messageTypes(Greenhouse.registry()).build();
        r.addSink(JsonlSink.builder(root).registry(Greenhouse.registry()).build());
        return r;
    }

    /** Emits PER_THREAD readings numbered from 0 on each of THREADS threads, sensor "RUN-THREAD". */
    private static void emitFromThreads(Runtime r, String run) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            String sensor = run + "-" + t;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < PER_THREAD; i++) {
                    r.emit(new SensorReading(sensor, i, i, "C", null));
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    private List<Event<?>> read(List<SourceProblem> problems) throws Exception {
        try (Stream<Event<?>> s = JsonlSource.builder(root).registry(Greenhouse.registry()).build().open(problems::add)) {
            return s.toList();
        }
    }

    /** Per sensor, the numbers read, in log order. */
    private static Map<String, List<Long>> bySensor(List<Event<?>> events) {
        Map<String, List<Long>> seqs = new TreeMap<>();
        for (Event<?> e : events) {
            if (e.payload() instanceof SensorReading r) {
                seqs.computeIfAbsent(r.sensor(), k -> new ArrayList<>()).add(r.seq());
            }
        }
        return seqs;
    }

    private static List<Long> range(long n) {
        return java.util.stream.LongStream.range(0, n).boxed().toList();
    }

    @Test
    void runtimesBootedOneAfterTheOtherOnOneRootLoseNothing() throws Exception {
        List<String> runs = List.of("A", "B", "C");
        for (String run : runs) {
            Runtime r = runtime();
            r.boot();
            emitFromThreads(r, run);
            r.shutdown("run " + run + " done");
        }
        List<SourceProblem> problems = new ArrayList<>();
        List<Event<?>> events = read(problems);
        assertEquals(List.of(), problems.stream().filter(p -> !p.reason().startsWith("out of order: ")).toList());
        Map<String, List<Long>> seqs = bySensor(events);
        for (String run : runs) {
            for (int t = 0; t < THREADS; t++) {
                assertEquals(range(PER_THREAD), seqs.get(run + "-" + t), "every reading of " + run + "-" + t + ", in order");
            }
        }
        // Each run's events lie between its RuntimeBooting and its RuntimeShutdown.
        int run = -1;
        for (Event<?> e : events) {
            if (e.payload() instanceof RuntimeBooting) {
                run++;
            } else if (e.payload() instanceof SensorReading reading) {
                assertTrue(reading.sensor().startsWith(runs.get(run) + "-"), "reading of another run: " + e);
            }
        }
        assertEquals(runs.size() - 1, run);
        assertTrue(events.get(events.size() - 1).payload() instanceof RuntimeShutdown);
    }

    @Test
    void aSecondRuntimeOnTheSameRootIsRefusedAndTheFirstOneGoesOnIntact() throws Exception {
        Runtime first = runtime();
        first.boot();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong emitted = new AtomicLong();
        Thread load = Thread.ofPlatform().start(() -> {
            for (long i = 0; !stop.get(); i++) {
                first.emit(new SensorReading("first", i, i, "C", null));
                emitted.set(i + 1);
            }
        });
        Thread.sleep(100);
        Runtime second = runtime();
        RuntimeBootException refused = assertThrows(RuntimeBootException.class, second::boot);
        assertTrue(refused.getMessage().startsWith("sink 'jsonl' failed to start: ")
                && refused.getMessage().contains("another JsonlSink in this process is already writing events into " + root),
                refused.getMessage());
        assertTrue(second.isShutDown(), "the refused runtime is down, not half up");
        assertTrue(first.isRunning(), "the first one goes on");
        Thread.sleep(100);
        stop.set(true);
        load.join();
        first.shutdown("done");

        List<SourceProblem> problems = new ArrayList<>();
        List<Event<?>> events = read(problems);
        assertEquals(List.of(), problems, "no bad or interleaved line");
        assertEquals(1, events.stream().filter(e -> e.payload() instanceof RuntimeBooting).count(), "one writer only");
        assertEquals(range(emitted.get()), bySensor(events).get("first"), "the first runtime lost nothing");
        assertTrue(events.get(events.size() - 1).payload() instanceof RuntimeShutdown);
    }
}
