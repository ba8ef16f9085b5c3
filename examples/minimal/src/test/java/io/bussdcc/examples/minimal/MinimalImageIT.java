package io.bussdcc.examples.minimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application's own image, run as its user runs it: the README's quick start records into
 * ./events with the identity provider jlink linked because the pom names it, the console sink
 * found in the plugins folder, a graceful SIGTERM; then the README's replay reads it back.
 */
class MinimalImageIT {

    private static final Path IMAGE = Path.of(System.getProperty("image", "target/image"));

    @TempDir
    Path dir;

    @Test
    void theImageRecordsWithItsProvidersAndPluginsAndTheReplayReadsTheTypesBack() throws Exception {
        assertTrue(Files.isRegularFile(IMAGE.resolve("plugins/framework-io-console-0.1.0-SNAPSHOT.jar")),
                "the console sink is a dropped-in plugin, next to bin/");
        ProcessBuilder run = new ProcessBuilder(IMAGE.resolve("bin/minimal").toString()).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile());
        run.environment().put("BUSSDCC_SINK_CONSOLE_ENABLED", "true");
        Process app = run.start();
        try {
            // Readings go 26, 27, ... 31: the sixth one (after 3 s) raises the first alarm.
            awaitLogLine("\"type\":\"greenhouse:Alarm\"", Duration.ofSeconds(60), app);
            app.destroy(); // SIGTERM: the runtime handles it and shuts down gracefully
            assertTrue(app.waitFor(30, TimeUnit.SECONDS), "still running 30 s after SIGTERM");
            assertEquals(0, app.exitValue(), read("stderr"));
        } finally {
            app.destroyForcibly();
        }

        List<String> log = logLines(dir.resolve("events"));
        assertTrue(log.getLast().contains("\"type\":\"bussdcc.message.runtime:RuntimeShutdown\""), log.getLast());
        assertTrue(log.stream().anyMatch(l -> l.contains("\"type\":\"bussdcc_framework.message.system:SystemIdentityEvent\"")),
                "the identity provider (named in --add-modules) ran");
        assertTrue(read("stdout").contains("\"type\":\"greenhouse:SensorReading\""),
                "the console sink (from plugins/) printed the readings: " + read("stdout"));
        long alarms = log.stream().filter(l -> l.contains("\"type\":\"greenhouse:Alarm\"")).count();
        assertTrue(alarms > 0);

        Process replay = new ProcessBuilder(IMAGE.resolve("bin/java").toString(),
                "-m", "io.bussdcc.examples.minimal/io.bussdcc.examples.minimal.Replay", "events", "replayed")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String said = new String(replay.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(replay.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, replay.exitValue(), said);
        // The Watch re-lived every reading as a SensorReading (a RawMessage would not count).
        assertEquals(log.size() + " events replayed; the watch counted " + alarms + " alarms", said.strip());
        assertEquals(log, logLines(dir.resolve("replayed")), "the replay re-records the log as it was");
    }

    private String read(String file) throws IOException {
        return Files.readString(dir.resolve(file), StandardCharsets.UTF_8);
    }

    private void awaitLogLine(String fragment, Duration timeout, Process app) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!app.isAlive()) {
                throw new AssertionError("exited with " + app.exitValue() + ": " + read("stderr"));
            }
            if (Files.isDirectory(dir.resolve("events"))
                    && logLines(dir.resolve("events")).stream().anyMatch(l -> l.contains(fragment))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + fragment + " in the log after " + timeout + "; stderr: " + read("stderr"));
    }

    /** Every line of every segment under {@code root}, in segment order. */
    private static List<String> logLines(Path root) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
            }
        }
        return lines;
    }
}
