package io.bussdcc.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.bussdcc.api.Event;
import io.bussdcc.api.EventSink;
import io.bussdcc.api.Health;
import io.bussdcc.api.message.SinkHandlerError;
import io.bussdcc.jsonl.Greenhouse.SensorReading;
import io.bussdcc.runtime.Runtime;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sink on a real full file system: a 2 MiB tmpfs (needs root and {@code mount}; skipped
 * with a message where mounting is not permitted, except under CI, where it fails).
 */
class DiskFullTest {

    private static final int EVENTS = 28_000;
    private static Path mount;

    @BeforeAll
    static void mountSmallTmpfs() throws Exception {
        mount = Files.createTempDirectory("bussdcc-full-disk");
        String why = run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mount.toString());
        if (why != null) {
            Files.deleteIfExists(mount);
            mount = null;
            String message = "cannot mount a 2 MiB tmpfs, so the full-disk tests are skipped: " + why;
            if (System.getenv("CI") != null) {
                fail(message);
            }
            Assumptions.assumeTrue(false, message);
        }
    }

    @AfterAll
    static void unmount() throws Exception {
        if (mount != null) {
            try {
                String why = run("umount", mount.toString());
                if (why != null) {
                    throw new IllegalStateException("umount " + mount + ": " + why);
                }
            } finally {
                Files.deleteIfExists(mount);
            }
        }
    }

    /** Runs a command; null when it worked, else its output. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return p.waitFor() == 0 ? null : "exit " + p.exitValue() + ": " + out;
    }

    /** Fills the file system with {@code file}, leaving nothing free; returns its size. */
    private static long fill(Path file) throws IOException {
        long written = 0;
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
                written += block.length;
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
        return written;
    }

    /** Counts every event delivered, as any sink sees them, and keeps the sink errors. */
    static final class Counting implements EventSink {
        final AtomicLong events = new AtomicLong();
        final List<SinkHandlerError> errors = new CopyOnWriteArrayList<>();

        @Override
        public void handle(Event<?> event) {
            events.incrementAndGet();
            if (event.payload() instanceof SinkHandlerError e) {
                errors.add(e);
            }
        }
    }

    @Test
    void anOutageIsOneErrorBoundedMemoryHealthDownThenAReportWithTheCountsAndExactAccounting() throws Exception {
        Path root = Files.createDirectories(mount.resolve("recovers"));
        Path filler = mount.resolve("filler");
        try {
            // Leave the log about 700 KiB: it fills that while the runtime runs; once the filler is
            // gone, there is room for the 1 MiB the sink held in memory and for what follows.
            try (OutputStream out = Files.newOutputStream(filler)) {
                out.write(new byte[1280 << 10]);
            }
            JsonlSink sink = JsonlSink.builder(root).registry(Greenhouse.registry()).build();
            Counting counting = new Counting();
            Runtime runtime = Runtime.builder().messageTypes(Greenhouse.registry()).handleSignals(false).build()
                    .addSink(sink).addSink(counting);
            runtime.boot();
            long bufferCapacity = sink.bufferUse()[1];
            long maxBuffered = 0;
            for (int i = 0; i < EVENTS; i++) {
                runtime.emit(new SensorReading("sensor-01", i, 0.31, "kPa", null));
                maxBuffered = Math.max(maxBuffered, sink.bufferUse()[1]);
            }
            Health down = sink.health();
            assertEquals(Health.Status.DOWN, down.status(), down.toString());
            assertTrue(down.reason().contains("No space left on device"), down.reason());
            assertTrue(down.counts().get("lost") > 0, down.toString());
            assertEquals(bufferCapacity, maxBuffered, "the buffer never grew while the disk was full");
            assertEquals(Health.Status.DOWN, runtime.health().get("sink.jsonl").status(), "the runtime shows it");
            assertEquals(1, counting.errors.size(), "one error for the outage, not one per event: " + counting.errors);
            assertTrue(counting.errors.getFirst().error().contains("No space left on device"), counting.errors.toString());

            Files.delete(filler); // room again: the sink writes again within its retry interval
            runtime.emit(new SensorReading("sensor-01", EVENTS, 0.31, "kPa", null));
            await("health UP again", () -> sink.health().isUp(), () -> sink.health().toString());
            await("the outage's report", () -> counting.errors.size() == 2, counting.errors::toString);
            long lost = sink.health().counts().get("lost");
            String report = counting.errors.get(1).error();
            assertTrue(report.contains("wrote again") && report.contains(lost + " events lost"), report);
            assertEquals(1, runtime.failures().size(), runtime.failures().toString());
            assertTrue(runtime.failures().getFirst().contains(lost + " events lost"), runtime.failures().toString());
            assertEquals(1L, sink.health().counts().get("outages"));

            runtime.emit(new SensorReading("sensor-01", EVENTS + 1, 0.31, "kPa", null));
            runtime.shutdown("test done");

            Logs.Read read = Logs.readAll(JsonlSource.builder(root).registry(Greenhouse.registry()).build());
            // Events stamped by the flusher thread (the outage's report) may be out of order; nothing else may be wrong.
            assertEquals(List.of(), read.problems().stream().filter(p -> !p.reason().startsWith("out of order")).toList(),
                    "a write cut short by the full disk was completed: no torn line");
            assertEquals(counting.events.get(), read.events().size() + lost,
                    "every event is on disk or counted as lost");
            List<Long> seqs = read.events().stream().filter(e -> e.payload() instanceof SensorReading)
                    .map(e -> ((SensorReading) e.payload()).seq()).toList();
            for (int i = 1; i < seqs.size(); i++) {
                assertTrue(seqs.get(i) > seqs.get(i - 1), "in order, no duplicate, at " + i);
            }
            assertEquals(EVENTS + 1L, seqs.getLast(), "the events after the outage are recorded");
            System.out.printf("full disk (recovers): %d events, %d on disk, %d lost, buffer %d KiB max%n",
                    counting.events.get(), read.events().size(), lost, maxBuffered >> 10);
        } finally {
            Files.deleteIfExists(filler);
            deleteTree(root);
        }
    }

    @Test
    void anOutageUntilTheStopFailsTheRunWithTheCounts() throws Exception {
        Path root = Files.createDirectories(mount.resolve("stays-full"));
        Path filler = mount.resolve("filler");
        try {
            JsonlSink sink = JsonlSink.builder(root).registry(Greenhouse.registry()).build();
            Counting counting = new Counting();
            Runtime runtime = Runtime.builder().messageTypes(Greenhouse.registry()).handleSignals(false).build()
                    .addSink(sink).addSink(counting);
            runtime.boot();
            fill(filler);
            for (int i = 0; i < 20_000; i++) {
                runtime.emit(new SensorReading("sensor-01", i, 0.31, "kPa", null));
            }
            assertFalse(sink.health().isUp(), sink.health().toString());
            runtime.shutdown("test done");
            long lost = sink.health().counts().get("lost");
            assertEquals(1, counting.errors.size(), counting.errors.toString());
            assertEquals(1, runtime.failures().size(), runtime.failures().toString());
            String failure = runtime.failures().getFirst();
            assertTrue(failure.startsWith("sink 'jsonl': ") && failure.contains("stopped")
                    && failure.contains(lost + " events lost"), failure);

            Files.delete(filler);
            Logs.Read read = Logs.readAll(JsonlSource.builder(root).registry(Greenhouse.registry()).build());
            long torn = read.problems().stream().filter(p -> !p.reason().startsWith("out of order")).count();
            assertTrue(torn <= 1, "at most the last line, cut by the full disk: " + read.problems());
            assertEquals(counting.events.get(), read.events().size() + lost,
                    "every event is on disk or counted as lost (a torn last line counts as lost)");
            System.out.printf("full disk (until stop): %d events, %d on disk, %d lost, %d torn line%n",
                    counting.events.get(), read.events().size(), lost, torn);
        } finally {
            Files.deleteIfExists(filler);
            deleteTree(root);
        }
    }

    private static void await(String what, BooleanSupplier condition, java.util.function.Supplier<String> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out waiting for " + what + ": " + state.get());
            }
            Thread.sleep(20);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
