package io.bussdcc.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Event;
import io.bussdcc.codec.LogSegments;
import io.bussdcc.jsonl.Greenhouse.SensorReading;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sink killed with SIGKILL while it compresses segments, 20 times at random moments: every
 * segment is readable afterwards, plain or compressed — never neither — and the next start
 * settles what was left.
 */
class CompressionCrashTest {

    private static final int TRIALS = 20;
    private static final int SEGMENTS = 30;
    private static final int PER_SEGMENT = 3000;

    @TempDir
    Path dir;

    private Process child;

    @AfterEach
    void killChild() throws InterruptedException {
        if (child != null && child.isAlive()) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private List<Event<?>> template(Path root) throws Exception {
        JsonlSink sink = JsonlSink.builder(root).interval(Duration.ofMinutes(1)).registry(Greenhouse.registry()).build();
        sink.start(null);
        List<Event<?>> written = new ArrayList<>();
        Instant t0 = Instant.parse("2026-03-09T23:30:00Z");
        long seq = 0;
        for (int s = 0; s < SEGMENTS; s++) {
            for (int i = 0; i < PER_SEGMENT; i++) {
                Event<?> e = new Event<>(t0.plusSeconds(60L * s).plusMillis(i * 10L),
                        new SensorReading("sensor-" + seq % 5, seq, (seq % 1000) * 0.01, "kPa", null));
                seq++;
                sink.handle(e);
                written.add(e);
            }
        }
        sink.stop();
        return written;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private Process startChild(Path root) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path testClasses = Path.of(CompressingSink.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        List<String> command = List.of(java, "-Xmx64m", "-XX:TieredStopAtLevel=1",
                "--module-path", System.getProperty("jdk.module.path"),
                "--patch-module", "io.bussdcc.jsonl=" + testClasses,
                "-m", "io.bussdcc.jsonl/io.bussdcc.jsonl.CompressingSink", root.toString());
        child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return child;
    }

    /** What a kill left: segments plain, compressed, both; partial files. */
    private record Left(int plain, int compressed, int both, int partial) {}

    private static Left left(Path root) throws IOException {
        int plain = 0;
        int gz = 0;
        int both = 0;
        int part = 0;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                String n = p.getFileName().toString();
                if (n.endsWith(".jsonl")) {
                    plain++;
                    if (Files.exists(LogSegments.compressedFile(p))) {
                        both++;
                    }
                } else if (n.endsWith(".jsonl.gz")) {
                    gz++;
                } else if (n.endsWith(".part")) {
                    part++;
                }
            }
        }
        return new Left(plain - both, gz - both, both, part);
    }

    private static long gzipped(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(".jsonl.gz")).count();
        } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException changing) {
            return 0; // a file went while walking: look again
        }
    }

    @Test
    void aKillAtAnyMomentOfACompressionLeavesEverySegmentReadable() throws Exception {
        Path template = dir.resolve("template");
        List<Event<?>> written = template(template);
        Random random = new Random(20);
        int midway = 0;
        List<Left> outcomes = new ArrayList<>();
        for (int trial = 0; trial < TRIALS; trial++) {
            Path root = dir.resolve("trial-" + trial);
            copy(template, root);
            startChild(root);
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("started", out.readLine(), "the child did not start");
            // Kill once a random number of segments is compressed, a random few ms later: at
            // any point of the work, including between the rename and the removal.
            int target = random.nextInt(SEGMENTS - 1);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (gzipped(root) < target && child.isAlive() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            Thread.sleep(random.nextInt(15));
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            Left l = left(root);
            outcomes.add(l);
            if (l.compressed() + l.both() > 0 && l.plain() + l.both() > 1 || l.partial() > 0 || l.both() > 0) {
                midway++;
            }
            assertEquals(SEGMENTS, l.plain() + l.compressed() + l.both(), "trial " + trial + ": a segment vanished: " + l);

            Logs.Read read = Logs.readAll(JsonlSource.builder(root).registry(Greenhouse.registry()).build());
            assertEquals(List.of(), read.problems(), "trial " + trial + " " + l);
            assertEquals(written, read.events(), "trial " + trial + ": every event is readable after the kill " + l);

            JsonlSink again = JsonlSink.builder(root).interval(Duration.ofMinutes(1)).compress(true)
                    .registry(Greenhouse.registry()).build();
            again.start(null);
            again.awaitMaintenance();
            again.stop();
            Left settled = left(root);
            assertEquals(new Left(1, SEGMENTS - 1, 0, 0), settled, "trial " + trial + ": the next start settles it");
            assertEquals(written, Logs.readAll(JsonlSource.builder(root).registry(Greenhouse.registry()).build())
                    .events(), "trial " + trial + " after the restart");
        }
        System.out.println("CompressionCrashTest: " + TRIALS + " kills, " + midway + " in the middle of compressing;"
                + " every segment readable after each; left (plain, compressed, both, partial): " + outcomes);
        assertTrue(midway > 0, "no kill landed during a compression: the trials proved nothing " + outcomes);
    }
}
