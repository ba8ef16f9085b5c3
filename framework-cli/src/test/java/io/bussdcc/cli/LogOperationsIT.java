package io.bussdcc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Event;
import io.bussdcc.api.message.RuntimeBooting;
import io.bussdcc.codec.LogSegments;
import io.bussdcc.jsonl.Durability;
import io.bussdcc.jsonl.JsonlSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image's log tools on a log another process writes: {@code cat --follow}, compressed segments, {@code log}. */
class LogOperationsIT {

    /** The requirement: an event written by another process is printed within a second. */
    private static final Duration WITHIN = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    @Test
    void catFollowPrintsWhatAnotherProcessWritesWithinASecondAcrossSegmentRolls() throws Exception {
        Path log = dir.resolve("live");
        // Segments of one second with compression: every event below lands in a new segment, and
        // the ones left behind are gzipped while cat follows.
        JsonlSink sink = JsonlSink.builder(log).interval(Duration.ofSeconds(1)).compress(true)
                .durability(Durability.flushEachEvent()).build();
        sink.start(null);
        Image.Running cat = null;
        List<Long> latencies = new ArrayList<>();
        try {
            sink.handle(new Event<>(Instant.now(), new RuntimeBooting("before")));
            cat = Image.start(dir, Map.of(), "cat", log.toString(), "--follow", "--format", "pretty");
            await(cat, "before", Duration.ofSeconds(30)); // the JVM's start: not what is measured
            for (int i = 0; i < 8; i++) {
                Thread.sleep(600); // past the next segment boundary every second or so
                String version = "follow-" + i;
                long written = System.nanoTime();
                sink.handle(new Event<>(Instant.now(), new RuntimeBooting(version)));
                await(cat, version, WITHIN);
                latencies.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - written));
            }
        } finally {
            sink.stop();
            if (cat != null) {
                cat.process.destroy(); // SIGTERM, as Ctrl-C ends it
                assertTrue(cat.process.waitFor(10, TimeUnit.SECONDS));
            }
        }
        long rolls = LogSegments.list(log).size() - 1;
        System.out.println("LogOperationsIT: cat --follow latencies (ms, shared loaded machine) " + latencies
                + " across " + rolls + " segment rolls");
        assertTrue(rolls >= 4, "the events spread over segments: " + LogSegments.list(log));
        assertTrue(LogSegments.list(log).stream().anyMatch(LogSegments.Segment::compressed),
                "older segments were compressed meanwhile");
        String out = Files.readString(cat.stdout, StandardCharsets.UTF_8);
        assertEquals(9, out.lines().filter(l -> l.contains("RuntimeBooting")).count(), out);
    }

    private static void await(Image.Running cat, String version, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        String wanted = "\"version\":\"" + version + "\"";
        while (true) {
            String out = Files.readString(cat.stdout, StandardCharsets.UTF_8);
            if (out.contains(wanted)) {
                return;
            }
            if (System.nanoTime() > deadline || !cat.process.isAlive()) {
                throw new AssertionError("cat --follow did not print " + version + " within " + within + "; alive="
                        + cat.process.isAlive() + "\n--- stdout\n" + out + "\n--- stderr\n" + cat.stderrText());
            }
            Thread.sleep(10);
        }
    }

    @Test
    void catReplayAndLogInfoReadACompressedLogAndPruneRemovesByAge() throws Exception {
        Path log = dir.resolve("events");
        JsonlSink sink = JsonlSink.builder(log).interval(Duration.ofMinutes(1)).compress(true).build();
        sink.start(null);
        Instant t0 = Instant.parse("2026-03-09T23:55:00Z");
        for (int i = 0; i < 10; i++) {
            sink.handle(new Event<>(t0.plusSeconds(60L * i), new RuntimeBooting("v" + i)));
        }
        sink.stop();
        // the sink compresses on its own thread; a restarted one settles and compresses at start
        JsonlSink settle = JsonlSink.builder(log).interval(Duration.ofMinutes(1)).compress(true).build();
        settle.start(null);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long compressed;
        while ((compressed = LogSegments.list(log).stream().filter(LogSegments.Segment::compressed).count()) < 9) {
            assertTrue(System.nanoTime() < deadline, "not compressed: " + LogSegments.list(log));
            Thread.sleep(20);
        }
        settle.stop();

        Image.Result cat = Image.run(dir, "cat", log.toString());
        assertEquals(0, cat.exitCode(), cat.toString());
        assertEquals(10, cat.stdoutLines().size(), cat.toString());
        assertTrue(cat.stdoutLines().get(9).contains("\"version\":\"v9\""), cat.toString());

        Image.Result replay = Image.run(dir, "replay", log.toString(), "--speed", "max", "--out", "copy");
        assertEquals(0, replay.exitCode(), replay.toString());
        Image.Result copy = Image.run(dir, "cat", dir.resolve("copy").toString(), "--type", "*RuntimeBooting");
        assertTrue(copy.stdout().contains("\"version\":\"v0\"") && copy.stdout().contains("\"version\":\"v9\""),
                copy.toString());

        Image.Result info = Image.run(dir, "log", "info", log.toString());
        assertEquals(0, info.exitCode(), info.toString());
        assertTrue(info.stdout().contains("segments   10 (" + compressed + " compressed"), info.stdout());
        assertTrue(info.stdout().contains("events     10"), info.stdout());

        Image.Result dry = Image.run(dir, "log", "prune", log.toString(), "--max-age", "1d", "--dry-run");
        assertEquals(0, dry.exitCode(), dry.toString());
        assertEquals(9, dry.stdoutLines().stream().filter(l -> l.startsWith("would remove ")).count(), dry.toString());
        assertEquals(10, LogSegments.list(log).size());
        Image.Result prune = Image.run(dir, "log", "prune", log.toString(), "--max-age", "1d");
        assertEquals(0, prune.exitCode(), prune.toString());
        assertEquals(1, LogSegments.list(log).size(), "the newest segment's age is its file's: " + prune);
        Image.Result bad = Image.run(dir, "log", "prune", log.toString(), "--max-size", "0");
        assertEquals(2, bad.exitCode(), bad.toString());
        assertTrue(bad.stderr().startsWith("bussdcc log: --max-size: a retention size must be positive"), bad.stderr());
    }
}
