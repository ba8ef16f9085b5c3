package io.bussdcc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Event;
import io.bussdcc.api.message.RuntimeShutdown;
import io.bussdcc.api.message.RuntimeShuttingDown;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bussdcc run} as a long-running process: its dashboard, and graceful ends on signals. */
class LiveRunIT {

    private static final Pattern DASHBOARD = Pattern.compile("dashboard: (http://127\\.0\\.0\\.1:(\\d+)/)");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void sigtermEndsTheRunGracefullyWithinTwoSecondsAndRuntimeShutdownIsTheLogsLastLine() throws Exception {
        Image.Running run = Image.start(dir, Map.of(), "run", "--web", "127.0.0.1:0", "--events", "live");
        try {
            String err = run.awaitStderr("running;", Duration.ofSeconds(30));
            Matcher m = DASHBOARD.matcher(err);
            assertTrue(m.find(), "the dashboard's address is printed: " + err);
            String base = m.group(1);

            assertEquals("java", Path.of(run.process.info().command().orElseThrow()).getFileName().toString(),
                    "the launcher execs the JVM, so the signal goes to it");
            assertEquals(200, get(base).statusCode());
            assertEquals(200, get(base + "plugins/greenhouse/widget.js").statusCode());
            assertEquals(200, get(base + "plugins/greenhouse/widget.css").statusCode());
            String summary = awaitReadings(base);
            assertTrue(summary.contains("\"thresholds\":{"), summary);
            // The provider configured as service.greenhouse is the service greenhouse in the API.
            HttpResponse<String> stopped = http.send(HttpRequest.newBuilder(URI.create(base + "api/services/greenhouse/stop"))
                    .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertEquals(200, stopped.statusCode(), stopped.body());
            assertTrue(stopped.body().contains("\"name\":\"greenhouse\""), stopped.body());
            // Provider names with dots (types providers are named by class) stay whole in state.
            String providers = get(base + "api/state?path=runtime.providers.types").body();
            assertTrue(providers.startsWith("[") && providers.contains(
                    "\"name\":\"io.bussdcc.examples.greenhouse.internal.GreenhouseMessageTypes\""), providers);

            long t0 = System.nanoTime();
            run.process.destroy(); // SIGTERM
            Image.Result r = run.await(Duration.ofSeconds(10));
            long tookMillis = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(0, r.exitCode(), r.toString());
            assertTrue(tookMillis < 2000, "exited " + tookMillis + " ms after SIGTERM");
            assertTrue(r.stderr().contains("stopped: SIGTERM"), r.stderr());
        } finally {
            run.kill();
        }

        List<String> lines = lastSegmentLines(dir.resolve("live"));
        Event<?> last = Logs.decode(lines.get(lines.size() - 1));
        assertTrue(last.payload() instanceof RuntimeShutdown, "last line: " + lines.get(lines.size() - 1));
        assertTrue(Logs.read(dir.resolve("live")).stream()
                .anyMatch(e -> e.payload() instanceof RuntimeShuttingDown s && "SIGTERM".equals(s.reason())));
    }

    @Test
    void sigintEndsTheRunGracefullyToo() throws Exception {
        Image.Running run = Image.start(dir, Map.of(), "run", "--no-web", "--events", "interrupted");
        try {
            run.awaitStderr("running;", Duration.ofSeconds(30));
            new ProcessBuilder("kill", "-INT", Long.toString(run.process.pid())).start().waitFor();
            Image.Result r = run.await(Duration.ofSeconds(10));
            assertEquals(0, r.exitCode(), r.toString());
            assertTrue(r.stderr().contains("stopped: SIGINT"), r.stderr());
        } finally {
            run.kill();
        }
        List<Event<?>> events = Logs.read(dir.resolve("interrupted"));
        assertTrue(events.get(events.size() - 1).payload() instanceof RuntimeShutdown);
    }

    /** Polls the greenhouse route until it has readings; returns its JSON. */
    private String awaitReadings(String base) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = get(base + "greenhouse/summary");
            assertEquals(200, r.statusCode(), r.body());
            body = r.body();
            if (body.contains("\"greenhouse-1\":{\"readings\":")) {
                return body;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no readings in the greenhouse summary: " + body);
    }

    private static List<String> lastSegmentLines(Path log) throws Exception {
        try (Stream<Path> files = Files.walk(log)) {
            Path last = files.filter(p -> p.toString().endsWith(".jsonl")).max(Comparator.naturalOrder()).orElseThrow();
            return Files.readAllLines(last, StandardCharsets.UTF_8);
        }
    }
}
