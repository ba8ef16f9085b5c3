package io.bussdcc.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import io.bussdcc.api.Event;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.RawMessage;
import io.bussdcc.api.message.ProcessError;
import io.bussdcc.jsonl.Greenhouse.Alarm;
import io.bussdcc.jsonl.Greenhouse.SensorReading;
import io.bussdcc.jsonl.Greenhouse.Setpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Logs generated here rather than copied: random event sequences written by our sink, and
 * logs in the Python original's style (its time format, its separators, ASCII escapes, its
 * typeless embedded events), read back.
 */
class GeneratedLogsTest {

    private static final long SEED = 20260310L;
    private static final MessageTypeRegistry TYPES = Greenhouse.registry();

    private static final Gen<String> WORDS = Generate.pick(List.of("sensor-00", "sensor-01", "zone A", "\u00fcn\u00efc\u00f8d\u00e9 \u2713",
            "quote\"back\\slash", "tab\tnew\nline", "\ud83c\udf31"));

    private static Gen<Instant> times() {
        // Up to three days from a start, millisecond to nanosecond resolutions.
        return Generate.longRange(0, 3L * 86_400 * 1_000_000_000L)
                .zip(Generate.pick(List.of(1L, 1_000L, 1_000_000L, 500_000_000L)),
                        (n, unit) -> Instant.parse("2026-03-09T22:00:00Z").plusNanos(n / unit * unit));
    }

    private static Gen<SensorReading> readings() {
        return Generate.longRange(0, 1_000_000).zip(Generate.range(-100_000, 100_000), WORDS,
                Generate.booleans(), (seq, centi, w, note) -> new SensorReading(w, seq, centi / 100.0, "C", note ? w : null));
    }

    private static Gen<Event<?>> events() {
        Gen<io.bussdcc.api.Message> alarms = WORDS.zip(Generate.range(0, 5), Generate.range(0, 3),
                (w, level, n) -> new Alarm(w, level, java.util.Collections.nCopies(n, w)));
        Gen<io.bussdcc.api.Message> setpoints = WORDS.zip(Generate.range(-10, 40), Generate.booleans(),
                (w, t, has) -> new Setpoint(w, has ? Optional.of(t + 0.5) : Optional.empty(), Map.of(w, t),
                        Instant.parse("2026-03-10T00:00:00Z").plusSeconds(t)));
        Gen<io.bussdcc.api.Message> raws = WORDS.map(w -> new RawMessage("other.app:Thing", "{\"w\": \"" + w.replace("\\", "\\\\")
                .replace("\"", "\\\"").replace("\n", "\\n").replace("\t", "\\t") + "\"}"));
        Gen<io.bussdcc.api.Message> payloads = Generate.oneOf(readings().map(r -> (io.bussdcc.api.Message) r), alarms,
                setpoints, raws);
        return times().zip(payloads, (t, m) -> new Event<>(t, m));
    }

    private static Gen<List<Event<?>>> logs() {
        Gen<Integer> size = Generate.range(0, 40);
        Gen<Event<?>> event = events();
        return in -> {
            List<Event<?>> list = new ArrayList<>();
            int n = size.generate(in);
            for (int i = 0; i < n; i++) {
                list.add(event.generate(in));
            }
            list.sort(Comparator.comparing(Event::time));
            return list;
        };
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("jsonl-generated");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void whatTheSinkWritesTheSourceReadsBackEqualAndInOrder() {
        Gen<Integer> intervals = Generate.pick(List.of(1, 7, 60, 600, 3600, 86_400));
        qt().withFixedSeed(SEED).withExamples(300).forAll(logs(), intervals).checkAssert((log, interval) -> {
            Path root = tempDir();
            try {
                JsonlSink sink = JsonlSink.builder(root).registry(TYPES).interval(Duration.ofSeconds(interval)).build();
                sink.start(null);
                for (Event<?> e : log) {
                    sink.handle(e);
                }
                sink.stop();
                Logs.Read read = Logs.readAll(JsonlSource.builder(root).registry(TYPES).build());
                assertEquals(log, read.events());
                assertEquals(0, read.counts().skipped());
                for (String segment : Logs.segments(root)) {
                    long start = io.bussdcc.codec.LogSegments.startOf(Path.of(segment)).orElseThrow();
                    assertEquals(0, Math.floorMod(start, interval), segment + " is not aligned to " + interval);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                delete(root);
            }
        });
    }

    /** How the Python original writes a time: isoformat() with +00:00, microseconds unless zero. */
    private static String pythonTime(Instant t) {
        String base = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").format(t.atOffset(ZoneOffset.UTC));
        int micros = t.getNano() / 1000;
        return base + (micros == 0 ? "" : String.format(".%06d", micros)) + "+00:00";
    }

    /** json.dumps with ensure_ascii: every non-ASCII char as backslash-u escapes. */
    private static String pythonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7E) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static String pythonReading(SensorReading r, String colon, String comma) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("sensor", pythonString(r.sensor()));
        fields.put("seq", Long.toString(r.seq()));
        fields.put("value", Double.toString(r.value()));
        fields.put("unit", pythonString(r.unit()));
        fields.put("note", r.note() == null ? "null" : pythonString(r.note()));
        StringBuilder b = new StringBuilder("{");
        fields.forEach((k, v) -> b.append(b.length() > 1 ? comma : "").append('"').append(k).append('"').append(colon).append(v));
        return b.append('}').toString();
    }

    @Test
    void logsInThePythonOriginalsStyleReadAsTheEventsTheyRecord() {
        Gen<Boolean> spaced = Generate.booleans();
        Gen<List<Instant>> instants = in -> {
            List<Instant> list = new ArrayList<>();
            int n = Generate.range(1, 30).generate(in);
            for (int i = 0; i < n; i++) {
                list.add(times().generate(in));
            }
            list.sort(null);
            return list;
        };
        qt().withFixedSeed(SEED).withExamples(300).forAll(instants, readings(), spaced).checkAssert((ts, reading, sp) -> {
            String colon = sp ? ": " : ":";
            String comma = sp ? ", " : ",";
            StringBuilder text = new StringBuilder();
            List<Event<?>> expected = new ArrayList<>();
            long seq = reading.seq();
            for (int i = 0; i < ts.size(); i++) {
                Instant t = ts.get(i).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
                SensorReading r = new SensorReading(reading.sensor(), seq + i, reading.value() + i, reading.unit(),
                        reading.note());
                String data = pythonReading(r, colon, comma);
                if (i % 4 == 3) {
                    // a ProcessError embedding the previous reading without its type
                    Instant failed = expected.get(expected.size() - 1).time();
                    SensorReading previous = (SensorReading) expected.get(expected.size() - 1).payload();
                    String embedded = pythonReading(previous, colon, comma);
                    text.append("{\"time\"").append(colon).append(pythonString(pythonTime(t))).append(comma)
                            .append("\"type\"").append(colon).append("\"bussdcc.message.process:ProcessError\"").append(comma)
                            .append("\"data\"").append(colon).append("{\"process\"").append(colon).append("\"watch\"")
                            .append(comma).append("\"error\"").append(colon).append("\"ValueError('x')\"").append(comma)
                            .append("\"evt\"").append(colon).append("{\"time\"").append(colon)
                            .append(pythonString(pythonTime(failed))).append(comma).append("\"payload\"").append(colon)
                            .append(embedded).append('}').append(comma).append("\"traceback\"").append(colon)
                            .append("\"Traceback\\n\"}}\n");
                    expected.add(new Event<>(t, new ProcessError("watch", "ValueError('x')",
                            new Event<>(failed, new RawMessage(null, embedded)), "Traceback\n")));
                    continue;
                }
                text.append("{\"time\"").append(colon).append(pythonString(pythonTime(t))).append(comma)
                        .append("\"type\"").append(colon).append("\"greenhouse.sensors:SensorReading\"").append(comma)
                        .append("\"data\"").append(colon).append(data).append("}\n");
                expected.add(new Event<>(t, r));
            }
            Path root = tempDir();
            try {
                Files.writeString(root.resolve("python.jsonl"), text, StandardCharsets.UTF_8);
                Logs.Read read = Logs.readAll(JsonlSource.builder(root).registry(TYPES).build());
                assertEquals(List.of(), read.problems());
                assertEquals(expected, read.events());
                // Written back by our sink and read again: the same events.
                Path copy = root.resolve("copy");
                JsonlSink sink = JsonlSink.builder(copy).registry(TYPES).build();
                sink.start(null);
                for (Event<?> e : read.events()) {
                    sink.handle(e);
                }
                sink.stop();
                assertEquals(expected, Logs.readAll(JsonlSource.builder(copy).registry(TYPES).build()).events());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                delete(root);
            }
        });
    }
}
