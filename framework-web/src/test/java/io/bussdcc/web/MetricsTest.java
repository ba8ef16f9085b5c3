package io.bussdcc.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Device;
import io.bussdcc.api.DeviceContext;
import io.bussdcc.api.RawMessage;
import io.bussdcc.api.Severity;
import io.bussdcc.testing.JsonTree;
import io.bussdcc.testing.TestMessages.Alarm;
import io.bussdcc.testing.TestMessages.Note;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} read back by a real parser: the Python {@code prometheus_client} package's
 * (Debian's {@code python3-prometheus-client}, which .ci/run installs; without it these tests
 * fail under CI=true and are skipped elsewhere).
 */
class MetricsTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    // Parses stdin as Prometheus text (or OpenMetrics with argument "openmetrics") and prints
    // every sample as JSON: [[name, {labels}, value], ...].
    private static final String PARSER = """
            import json, sys
            from prometheus_client.parser import text_string_to_metric_families as prom
            from prometheus_client.openmetrics.parser import text_string_to_metric_families as om
            parse = om if sys.argv[1:] == ['openmetrics'] else prom
            text = sys.stdin.buffer.read().decode('utf-8')
            print(json.dumps([[s.name, s.labels, s.value] for f in parse(text) for s in f.samples]))
            """;

    record Thermometer(String id) implements Device {
        @Override
        public String kind() {
            return "thermometer";
        }

        @Override
        public void connect(DeviceContext ctx) {}
    }

    record Sample(String name, Map<String, Object> labels, double value) {}

    private static WebFixture start(WebInterface.Builder builder) {
        return WebFixture.start(builder.port(0).build(), r -> {
            r.addService(new Ticker("ticker"));
            r.addDevice(new Thermometer("thermo-1"));
        });
    }

    @Test
    void thePrometheusTextHoldsTheRuntimesFigures() throws Exception {
        try (WebFixture f = start(WebInterface.builder())) {
            for (int i = 0; i < 3; i++) {
                f.runtime.emit(new Note("n" + i));
            }
            f.runtime.emit(new Alarm("a"));
            f.runtime.emit(new Alarm("b"));
            HttpResponse<String> res = f.get("/metrics");
            assertEquals(200, res.statusCode(), res.body());
            assertTrue(res.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                    res.headers().toString());
            assertEquals("no-store", res.headers().firstValue("Cache-Control").orElse(""));
            List<Sample> samples = parse(res.body(), "prometheus");

            assertEquals(3.0, value(samples, "bussdcc_events_total", "type", "test:Note", "severity", "info"));
            assertEquals(2.0, value(samples, "bussdcc_events_total", "type", "test:Alarm", "severity", "error"));
            assertEquals(1.0, value(samples, "bussdcc_events_total",
                    "type", "bussdcc.message.runtime:RuntimeBooted", "severity", "info"));
            assertEquals(1.0, value(samples, "bussdcc_component_up", "component", "sink.RecordingSink"));
            assertEquals(1.0, value(samples, "bussdcc_service_state", "service", "ticker", "bussdcc_service_state", "running"));
            assertEquals(0.0, value(samples, "bussdcc_service_state", "service", "ticker", "bussdcc_service_state", "failed"));
            assertEquals(0.0, value(samples, "bussdcc_service_restarts_total", "service", "ticker"));
            assertEquals(1.0, value(samples, "bussdcc_device_online", "device", "thermo-1"));
            assertEquals(0.0, value(samples, "bussdcc_web_clients"));
            assertEquals(0.0, value(samples, "bussdcc_web_events_dropped_total"));
            assertTrue(value(samples, "jvm_memory_used_bytes", "area", "heap") > 0);
            assertTrue(value(samples, "jvm_threads_current") > 0);
        }
    }

    @Test
    void everyTypeAndSeverityCountedIsServedAsTheRuntimeCountsIt() throws Exception {
        try (WebFixture f = start(WebInterface.builder())) {
            f.runtime.services().stop("ticker"); // nothing emits meanwhile: the counts hold still
            f.runtime.emit(new Note("x"));
            List<Sample> samples = parse(f.get("/metrics").body(), "prometheus");
            // The scrape itself emits nothing, so the runtime counts now what the scrape saw.
            Map<String, Map<Severity, Long>> counts = f.runtime.eventCounts().byType();
            List<Sample> events = samples.stream().filter(s -> s.name().equals("bussdcc_events_total")).toList();
            assertEquals(counts.values().stream().mapToLong(Map::size).sum(), events.size(), events::toString);
            counts.forEach((type, bySeverity) -> bySeverity.forEach((severity, n) ->
                    assertEquals((double) n, value(samples, "bussdcc_events_total",
                            "type", type, "severity", severity.name().toLowerCase(java.util.Locale.ROOT)), type)));
        }
    }

    @Test
    void labelValuesSurviveQuotesBackslashesAndNewlines() throws Exception {
        String odd = "we\"ird\\type\nline two ü";
        try (WebFixture f = start(WebInterface.builder())) {
            f.runtime.emit(new RawMessage(odd, "{}"));
            f.runtime.emit(new RawMessage(odd, "{}"));
            List<Sample> samples = parse(f.get("/metrics").body(), "prometheus");
            assertEquals(2.0, value(samples, "bussdcc_events_total", "type", odd, "severity", "info"));
        }
    }

    @Test
    void openMetricsWhenTheScraperAsksForIt() throws Exception {
        try (WebFixture f = start(WebInterface.builder())) {
            f.runtime.emit(new Note("x"));
            HttpResponse<String> res = f.get("/metrics", "Accept", "application/openmetrics-text; version=1.0.0");
            assertEquals(200, res.statusCode());
            assertTrue(res.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics-text"),
                    res.headers().toString());
            assertTrue(res.body().endsWith("# EOF\n"), "an OpenMetrics exposition ends with # EOF");
            List<Sample> samples = parse(res.body(), "openmetrics");
            assertEquals(1.0, value(samples, "bussdcc_events_total", "type", "test:Note", "severity", "info"));
            assertEquals(1.0, value(samples, "bussdcc_service_state", "service", "ticker", "bussdcc_service_state", "running"));
        }
    }

    @Test
    void aSinkThatIsDownShowsAsZero() throws Exception {
        io.bussdcc.api.EventSink broken = new io.bussdcc.api.EventSink() {
            @Override
            public String name() {
                return "disk";
            }

            @Override
            public void handle(io.bussdcc.api.Event<?> event) {}

            @Override
            public io.bussdcc.api.Health health() {
                return io.bussdcc.api.Health.down("no space left on device", Map.of("lost", 7L));
            }
        };
        try (WebFixture f = WebFixture.start(WebInterface.builder().port(0).build(), r -> r.addSink(broken))) {
            List<Sample> samples = parse(f.get("/metrics").body(), "prometheus");
            assertEquals(0.0, value(samples, "bussdcc_component_up", "component", "sink.disk"));
            assertEquals(7.0, value(samples, "bussdcc_component_count", "component", "sink.disk", "count", "lost"));
            Map<String, Object> health = JsonTree.object(f.get("/api/health").body());
            assertEquals("DOWN", health.get("status"));
        }
    }

    @Test
    void eventsDroppedFromAFullClientQueueAreCounted() throws Exception {
        try (WebFixture f = WebFixture.start(WebInterface.builder().port(0).queueSize(16).build());
                java.net.Socket stalled = BackPressureTest.stalledWebSocket(f.web.port())) {
            io.bussdcc.testing.Await.await("the stalled client is connected", () -> f.web.connections().size() == 1,
                    java.time.Duration.ofSeconds(10));
            String padding = "x".repeat(2000);
            for (int i = 0; i < 2000; i++) {
                f.runtime.emit(new io.bussdcc.testing.TestMessages.Bulk(i, padding));
            }
            // Drops happen only when an event is offered: nothing is emitted from here on.
            long missed = f.web.connections().stream().mapToLong(ConnectionStats::missed).sum();
            assertTrue(missed > 0, "the client that never reads missed events: " + f.web.connections());
            List<Sample> samples = parse(f.get("/metrics").body(), "prometheus");
            assertEquals((double) missed, value(samples, "bussdcc_web_events_dropped_total"));
            assertEquals(1.0, value(samples, "bussdcc_web_clients"));
        }
    }

    @Test
    void metricsFollowTheHostAndProtectedReadRules() throws Exception {
        try (WebFixture f = start(WebInterface.builder().token("s3cret").protectReads(true))) {
            assertEquals(401, f.get("/metrics").statusCode());
            assertEquals(401, f.get("/metrics", "Authorization", "Bearer wrong").statusCode());
            HttpResponse<String> ok = f.get("/metrics", "Authorization", "Bearer s3cret");
            assertEquals(200, ok.statusCode());
            assertTrue(!parse(ok.body(), "prometheus").isEmpty());
            String rebound = f.rawRequest("GET /metrics HTTP/1.1\r\nHost: evil.example\r\nAuthorization: Bearer s3cret"
                    + "\r\nConnection: close\r\n\r\n");
            assertTrue(rebound.startsWith("HTTP/1.1 403"), rebound);
        }
        try (WebFixture f = start(WebInterface.builder().token("s3cret"))) {
            assertEquals(200, f.get("/metrics").statusCode(), "reads are public unless protected, as /api/health");
        }
    }

    // ---- the parser ----------------------------------------------------------------------

    private static double value(List<Sample> samples, String name, String... labels) {
        Map<String, Object> want = new java.util.LinkedHashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            want.put(labels[i], labels[i + 1]);
        }
        List<Sample> found = samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(want)).toList();
        assertEquals(1, found.size(), () -> name + want + " in " + samples.stream()
                .filter(s -> s.name().equals(name)).toList());
        return found.get(0).value();
    }

    @SuppressWarnings("unchecked")
    static List<Sample> parse(String text, String format) throws IOException, InterruptedException {
        requireParser();
        Path script = Files.createTempFile("parse-metrics", ".py");
        try {
            Files.writeString(script, PARSER);
            Process p = new ProcessBuilder(PYTHON.toString(), script.toString(), format).redirectErrorStream(false).start();
            p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), () -> "the parser refused the exposition: " + err + "\n" + text);
            List<Sample> samples = new ArrayList<>();
            for (Object row : JsonTree.array(out)) {
                List<Object> r = (List<Object>) row;
                samples.add(new Sample((String) r.get(0), (Map<String, Object>) r.get(1), ((Number) r.get(2)).doubleValue()));
            }
            return samples;
        } finally {
            Files.deleteIfExists(script);
        }
    }

    private static void requireParser() throws IOException, InterruptedException {
        boolean present = Files.isExecutable(PYTHON) && new ProcessBuilder(PYTHON.toString(), "-c",
                "import prometheus_client.parser, prometheus_client.openmetrics.parser").start().waitFor() == 0;
        if (!present) {
            String why = PYTHON + " with prometheus_client is missing: apt-get install python3-prometheus-client";
            if (Objects.equals(System.getenv("CI"), "true")) {
                throw new AssertionError(why);
            }
            Assumptions.abort(why);
        }
    }
}
