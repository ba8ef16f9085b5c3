package io.bussdcc.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Event;
import io.bussdcc.api.SourceProblem;
import io.bussdcc.jsonl.Greenhouse.SensorReading;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A writer killed with SIGKILL: what its log holds afterwards, and who may write next. */
class CrashTest {

    /**
     * The loss the documentation allows with the default policy is the last 200 ms; the extra
     * allows for the child's flusher thread being scheduled late on a busy machine.
     */
    private static final Duration ALLOWED_LOSS = Durability.DEFAULT_PERIOD.plusSeconds(2);

    @TempDir
    Path root;

    private Process child;

    @AfterEach
    void killChild() throws InterruptedException {
        if (child != null && child.isAlive()) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Starts {@link CrashWriter} on the module path of this test and waits for "started". */
    private Process startChild(String mode) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String modulePath = System.getProperty("jdk.module.path");
        Path testClasses = Path.of(CrashWriter.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        List<String> command = List.of(java, "-Xmx64m", "-XX:TieredStopAtLevel=1",
                "--module-path", modulePath,
                "--patch-module", "io.bussdcc.jsonl=" + testClasses,
                "-m", "io.bussdcc.jsonl/io.bussdcc.jsonl.CrashWriter", root.toString(), mode);
        child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        assertEquals("started", first, "the child did not start: " + command);
        return child;
    }

    private long logSize() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".jsonl")).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Test
    void aKilledWriterLosesAtMostTheLastPeriodAndNothingBefore() throws Exception {
        startChild("write");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (logSize() < 100_000 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(300);
        Instant killedAt = Instant.now();
        child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no final flush
        assertTrue(child.waitFor(10, TimeUnit.SECONDS));

        List<SourceProblem> problems = new ArrayList<>();
        List<Event<?>> events;
        try (Stream<Event<?>> s = JsonlSource.builder(root).registry(Greenhouse.registry()).build()
                .open(problems::add)) {
            events = s.toList();
        }
        // Only the very last line may be torn; every earlier line is whole.
        assertTrue(problems.size() <= 1, problems.toString());
        problems.forEach(p -> assertTrue(p.reason().startsWith("torn last line"), p.toString()));
        assertTrue(events.size() > 1000, "the child wrote " + events.size() + " events");
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i, ((SensorReading) events.get(i).payload()).seq(), "a gap or a reordering in the log");
        }
        Instant last = events.get(events.size() - 1).time();
        Duration lost = Duration.between(last, killedAt);
        System.out.println("crash: " + events.size() + " events on disk, the last " + lost.toMillis()
                + " ms before the kill, " + problems.size() + " torn line(s)");
        assertTrue(lost.compareTo(ALLOWED_LOSS) <= 0, "the last event on disk is " + lost.toMillis()
                + " ms older than the kill; the documented bound is " + Durability.DEFAULT_PERIOD.toMillis() + " ms");

        // The next writer appends after whatever the crash left, on a line of its own.
        JsonlSink next = JsonlSink.builder(root).registry(Greenhouse.registry()).build();
        next.start(null);
        Event<?> after = new Event<>(last.plusNanos(1), new SensorReading("after", events.size(), 0, "C", null));
        next.handle(after);
        next.stop();
        Logs.Read again = Logs.readAll(JsonlSource.builder(root).registry(Greenhouse.registry()).build());
        assertEquals(after, again.events().get(again.events().size() - 1));
        assertEquals(events.size() + 1, again.events().size());
    }

    @Test
    void anotherProcessWritingTheRootIsRefusedAndItsDeathReleasesTheRoot() throws Exception {
        Process holder = startChild("hold");
        JsonlSink sink = JsonlSink.builder(root).registry(Greenhouse.registry()).build();
        IOException refused = assertThrows(IOException.class, () -> sink.start(null));
        assertTrue(refused.getMessage().startsWith("another process (pid " + holder.pid() + ", since "),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("is writing events into " + root), refused.getMessage());
        holder.destroyForcibly();
        assertTrue(holder.waitFor(10, TimeUnit.SECONDS));
        JsonlSink after = JsonlSink.builder(root).registry(Greenhouse.registry()).build();
        after.start(null);
        after.stop();
    }
}
