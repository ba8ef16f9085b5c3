package io.bussdcc.console;

import static io.bussdcc.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Event;
import io.bussdcc.api.Health;
import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.Severity;
import io.bussdcc.api.message.ProcessError;
import io.bussdcc.api.message.RuntimeBooting;
import io.bussdcc.codec.EventCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleSinkTest {

    private static final Instant T = Instant.parse("2026-03-09T23:45:02.5Z");

    @MessageType("greenhouse.sensors:SensorReading")
    public record SensorReading(String sensor, long seq, double value, String unit, String note) implements Message {}

    @MessageType("greenhouse.sensors:Alarm")
    public record Alarm(String sensor, int level) implements Message {
        @Override
        public Severity severity() {
            return Severity.WARNING;
        }
    }

    /** A payload whose field type the codec does not support. */
    @MessageType("test.console:Unsupported")
    public record Unsupported(java.math.BigDecimal amount) implements Message {}

    /** A payload holding a value the codec cannot write, and whose toString throws. */
    public record Hostile(Object anything) implements Message {
        @Override
        public String toString() {
            throw new IllegalStateException("no");
        }
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final MessageTypeRegistry types = MessageTypeRegistry.withBuiltins().register(SensorReading.class)
            .register(Alarm.class);

    private String printed() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private List<String> lines() {
        return printed().lines().toList();
    }

    private ConsoleSink.Builder builder() {
        return ConsoleSink.builder().output(out).registry(types);
    }

    @Test
    void printsTheJsonlLineOfEachEvent() {
        ConsoleSink sink = builder().build();
        Event<?> e = new Event<>(T, new SensorReading("s", 1, 0.5, "C", null));
        sink.handle(e);
        sink.handle(new Event<>(T, new RuntimeBooting("1.0")));
        sink.stop();
        assertEquals(List.of(new EventCodec(types).toJson(e),
                "{\"time\":\"2026-03-09T23:45:02.5Z\",\"type\":\"bussdcc.message.runtime:RuntimeBooting\","
                        + "\"data\":{\"version\":\"1.0\"}}"), lines());
    }

    @Test
    void neverThrowsAndFallsBackToAReadableValidLine() throws Exception {
        ConsoleSink sink = builder().build();
        sink.handle(new Event<>(T, new Unsupported(java.math.BigDecimal.ONE)));
        sink.handle(new Event<>(T, new Hostile(new Object())));
        sink.handle(new Event<>(T, new SensorReading("s", 2, 1.0, "C", null)));
        sink.stop();
        List<String> lines = lines();
        assertEquals(3, lines.size(), printed());
        assertTrue(lines.get(0).startsWith("{\"time\":\"2026-03-09T23:45:02.5Z\",\"type\":\"test.console:Unsupported\","
                + "\"data\":null,\"unencodable\":\"data.amount: the codec does not support java.math.BigDecimal;"), lines.get(0));
        assertTrue(lines.get(0).endsWith(",\"repr\":\"Unsupported[amount=1]\"}"), lines.get(0));
        assertTrue(lines.get(1).contains("\"repr\":\"io.bussdcc.console.ConsoleSinkTest$Hostile (toString() threw "
                + "java.lang.IllegalStateException: no)\""), lines.get(1));
        // every line, fallback or not, is one JSON object
        tools.jackson.core.json.JsonFactory json = new tools.jackson.core.json.JsonFactory();
        for (String line : lines) {
            try (var p = json.createParser(tools.jackson.core.ObjectReadContext.empty(), line)) {
                p.nextToken();
                p.skipChildren();
                assertEquals(null, p.nextToken(), line);
            }
        }
        assertTrue(lines.get(2).contains("\"seq\":2"));
    }

    @Test
    void aTransformRewritesOrLeavesOutAndAFallbackPrintsWhatTheCodecCannot() {
        ConsoleSink sink = builder()
                .transform(e -> e.payload() instanceof SensorReading r
                        ? (r.seq() == 2 ? null : new Event<>(e.time(), new Alarm(r.sensor(), (int) r.seq()))) : e)
                .fallback(v -> v instanceof java.math.BigDecimal d ? d.toPlainString() : io.bussdcc.codec.EncodingFallback.UNHANDLED)
                .build();
        sink.handle(new Event<>(T, new SensorReading("s", 1, 0.5, "C", null)));
        sink.handle(new Event<>(T, new SensorReading("s", 2, 0.5, "C", null)));
        sink.handle(new Event<>(T, new Unsupported(new java.math.BigDecimal("1.50"))));
        sink.stop();
        assertEquals(List.of("{\"time\":\"2026-03-09T23:45:02.5Z\",\"type\":\"greenhouse.sensors:Alarm\","
                + "\"data\":{\"sensor\":\"s\",\"level\":1}}",
                "{\"time\":\"2026-03-09T23:45:02.5Z\",\"type\":\"test.console:Unsupported\",\"data\":{\"amount\":\"1.50\"}}"),
                lines());
    }

    @Test
    void aFailingOutputDoesNotReachTheCaller() {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("closed");
            }
        };
        ConsoleSink sink = ConsoleSink.builder().output(broken).build();
        sink.handle(new Event<>(T, new RuntimeBooting("1.0")));
        sink.stop();
    }

    @Test
    void anOutputThatRefusesWritesIsDownWithTheReasonUntilItWritesAgain() {
        boolean[] refuse = {true};
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        OutputStream flaky = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                if (refuse[0]) {
                    throw new IOException("Broken pipe");
                }
                kept.write(b);
            }
        };
        ConsoleSink sink = ConsoleSink.builder().output(flaky).registry(types).build(); // no flusher: writes at once
        assertTrue(sink.health().isUp());
        sink.handle(new Event<>(T, new RuntimeBooting("1.0")));
        sink.handle(new Event<>(T, new SensorReading("t1", 1, 2.5, "C", null)));
        Health down = sink.health();
        assertEquals(Health.Status.DOWN, down.status());
        assertTrue(down.reason().contains("Broken pipe") && down.reason().contains("2 so far"), down.reason());
        assertEquals(2L, down.counts().get("lostLines"));
        refuse[0] = false;
        sink.handle(new Event<>(T, new SensorReading("t1", 2, 2.5, "C", null)));
        assertTrue(sink.health().isUp(), sink.health().toString());
        assertEquals(1L, sink.health().counts().get("writeFailures"));
        assertEquals(1, kept.toString(StandardCharsets.UTF_8).lines().count());
    }

    @Test
    void aPrintStreamThatSwallowsItsErrorIsDownToo() {
        PrintStream closed = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Stream closed");
            }
        });
        ConsoleSink sink = ConsoleSink.builder().output(closed).build();
        sink.handle(new Event<>(T, new RuntimeBooting("1.0")));
        Health h = sink.health();
        assertEquals(Health.Status.DOWN, h.status());
        assertTrue(h.reason().contains("closed or broken"), h.reason());
    }

    @Test
    void leavesOutEventsBelowTheMinimumSeverity() {
        ConsoleSink sink = builder().minSeverity(Severity.WARNING).build();
        sink.handle(new Event<>(T, new SensorReading("s", 1, 0.5, "C", null)));
        sink.handle(new Event<>(T, new Alarm("s", 2)));
        sink.handle(new Event<>(T, new ProcessError("p", "boom", null, "tb")));
        sink.stop();
        List<String> lines = lines();
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).contains("greenhouse.sensors:Alarm"));
        assertTrue(lines.get(1).contains("bussdcc.message.process:ProcessError"));
    }

    @Test
    void theHumanFormatAlignsTimeSeverityTypeAndData() {
        ConsoleSink sink = builder().format(ConsoleSink.Format.HUMAN).colour(ConsoleSink.Colour.NEVER).build();
        sink.handle(new Event<>(T, new RuntimeBooting("1.0")));
        sink.handle(new Event<>(T.plusMillis(1), new Alarm("s", 2)));
        sink.handle(new Event<>(T, new Unsupported(java.math.BigDecimal.TEN)));
        sink.stop();
        List<String> lines = lines();
        assertEquals("2026-03-09 23:45:02.500 INFO     bussdcc.message.runtime:RuntimeBooting {\"version\":\"1.0\"}",
                lines.get(0));
        assertEquals("2026-03-09 23:45:02.501 WARNING  greenhouse.sensors:Alarm               "
                + "{\"sensor\":\"s\",\"level\":2}", lines.get(1));
        assertTrue(lines.get(2).contains("<unencodable: amount: the codec does not support java.math.BigDecimal;"),
                lines.get(2));
        assertTrue(lines.get(2).endsWith("> Unsupported[amount=10]"), lines.get(2));
        assertFalse(printed().contains("\u001b["));
    }

    @Test
    void colourMarksTheSeverityOnlyWhenAsked() {
        ConsoleSink sink = builder().format(ConsoleSink.Format.HUMAN).colour(ConsoleSink.Colour.ALWAYS).build();
        sink.handle(new Event<>(T, new ProcessError("p", "boom", null, "tb")));
        sink.stop();
        assertTrue(printed().contains("\u001b[31mERROR   \u001b[0m"), printed());
        assertFalse(ConsoleSink.builder().output(out).format(ConsoleSink.Format.HUMAN).build().colour(),
                "AUTO never colours an explicit output");
    }

    @Test
    void buffersUntilTheIntervalButWritesErrorsAtOnce() throws Exception {
        ConsoleSink sink = builder().flushInterval(Duration.ofHours(1)).build();
        sink.start(null);
        sink.handle(new Event<>(T, new SensorReading("s", 1, 0.5, "C", null)));
        assertEquals("", printed(), "an INFO line waits for the flusher");
        sink.handle(new Event<>(T, new ProcessError("p", "boom", null, "tb")));
        assertEquals(2, lines().size(), "an ERROR line is written at once, after what was buffered");
        sink.handle(new Event<>(T, new SensorReading("s", 2, 0.5, "C", null)));
        sink.stop();
        assertEquals(3, lines().size());
        sink.handle(new Event<>(T, new SensorReading("s", 3, 0.5, "C", null)));
        sink.flush();
        assertEquals(3, lines().size(), "events after stop are ignored");
    }

    @Test
    void theBackgroundFlusherWritesAnIdleConsole() throws Exception {
        ConsoleSink sink = builder().flushInterval(Duration.ofMillis(20)).build();
        sink.start(null);
        sink.handle(new Event<>(T, new SensorReading("s", 1, 0.5, "C", null)));
        await("the flusher to print the line", () -> !printed().isEmpty(), Duration.ofSeconds(10));
        assertEquals(1, lines().size());
        sink.stop();
    }

    @Test
    void manyThreadsGetWholeLines() throws Exception {
        ConsoleSink sink = builder().build();
        sink.start(null);
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            int id = t;
            threads[t] = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 2000; i++) {
                    sink.handle(new Event<>(T, new SensorReading("t" + id, i, i, "C", null)));
                }
            });
        }
        for (Thread t : threads) {
            t.join();
        }
        sink.stop();
        List<String> lines = lines();
        assertEquals(8000, lines.size());
        EventCodec codec = new EventCodec(types);
        for (String line : lines) {
            codec.readEvent(line);
        }
    }
}
