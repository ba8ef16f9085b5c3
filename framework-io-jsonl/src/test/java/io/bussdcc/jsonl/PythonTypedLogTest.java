package io.bussdcc.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Event;
import io.bussdcc.api.Message;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.RawMessage;
import io.bussdcc.api.SourceProblem;
import io.bussdcc.jsonl.PythonTyped.AwareTime;
import io.bussdcc.jsonl.PythonTyped.EnumValues;
import io.bussdcc.jsonl.PythonTyped.FormInput;
import io.bussdcc.jsonl.PythonTyped.KeyedMaps;
import io.bussdcc.jsonl.PythonTyped.Kind;
import io.bussdcc.jsonl.PythonTyped.Level;
import io.bussdcc.jsonl.PythonTyped.LevelKeys;
import io.bussdcc.jsonl.PythonTyped.Measurement;
import io.bussdcc.jsonl.PythonTyped.Mode;
import io.bussdcc.jsonl.PythonTyped.NaiveTime;
import io.bussdcc.jsonl.PythonTyped.Settings;
import io.bussdcc.jsonl.PythonTyped.Span;
import io.bussdcc.jsonl.PythonTyped.Window;
import io.bussdcc.testing.JsonTree;
import io.bussdcc.testing.SameEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log the real Python original ({@code bussdcc} 0.42, {@code bussdcc-framework} 0.46)
 * wrote with one event per row of issue 15's table ({@code src/test/python/make_typed_log.py}),
 * read with Java records ({@link PythonTyped}) and re-recorded.
 */
class PythonTypedLogTest {

    static final Path LOG = Path.of("src/test/resources/compat/python-0.46-typed");

    @TempDir
    Path out;

    private static Logs.Read read(MessageTypeRegistry types) {
        return Logs.readAll(JsonlSource.builder(LOG).registry(types).build());
    }

    private static List<Message> applicationPayloads(List<Event<?>> events) {
        return events.stream().map(Event::payload).filter(m -> m.getClass().getEnclosingClass() == PythonTyped.class)
                .map(m -> (Message) m).toList();
    }

    private static <K, V> Map<K, V> ordered(K k1, V v1, K k2, V v2) {
        Map<K, V> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    static final List<Message> EXPECTED = List.of(
            new EnumValues(Mode.AUTO, Kind.SOIL, Level.LOW),
            new EnumValues(Mode.MANUAL, Kind.AIR, Level.HIGH),
            new KeyedMaps(ordered(1, 0.5, 2, 1.25), ordered(Mode.AUTO, 10, Mode.MANUAL, 20),
                    ordered(true, "on", false, "off")),
            new LevelKeys(ordered(Level.LOW, "low", Level.HIGH, "high")),
            new NaiveTime(LocalDateTime.of(2026, 3, 9, 12, 0, 1, 735_301_000), "microseconds"),
            new NaiveTime(LocalDateTime.of(2026, 3, 9, 12, 0, 2), "whole second"),
            new AwareTime(OffsetDateTime.of(2026, 3, 9, 12, 0, 1, 735_301_000, ZoneOffset.UTC), "utc"),
            new AwareTime(OffsetDateTime.of(2026, 3, 9, 12, 0, 2, 0, ZoneOffset.ofHours(1)), "plus one"),
            new Settings("greenhouse-1", 3, "C", List.of()),
            new Settings("greenhouse-2", 5, "kPa", List.of("a", "b")),
            new Window(new Span(3, "low"), List.of(1L, 2.5, "x", true)),
            new FormInput(5, true, true),
            new FormInput(7, true, false),
            new Measurement("sensor-01", Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY),
            new Measurement("sensor-02", 0.25, -1.0, 1.0));

    @Test
    void everyLineOfThePythonLogReadsTypedWithoutAProblem() {
        Logs.Read read = read(PythonTyped.registry());
        assertEquals(List.of(), read.problems());
        assertEquals(21, read.events().size());
        read.events().forEach(e -> assertFalse(e.payload() instanceof RawMessage, e.toString()));
        assertEquals(EXPECTED, applicationPayloads(read.events()));
    }

    @Test
    void strictByDefaultTheStringsOfAFormAreReportedNotGuessed() {
        MessageTypeRegistry strict = MessageTypeRegistry.withBuiltins().fromPython(PythonTyped.TYPES);
        Logs.Read read = read(strict);
        assertEquals(List.of("data.count: expected an int, found a string (\"5\")"),
                read.problems().stream().map(SourceProblem::reason).toList());
        assertEquals(EXPECTED.stream().filter(m -> !m.equals(new FormInput(5, true, true))).toList(),
                applicationPayloads(read.events()));
    }

    @Test
    void reRecordingKeepsTheTimeTypeAndDataOfEveryLineButTheDeliberateDifferences() throws IOException {
        MessageTypeRegistry types = PythonTyped.registry();
        JsonlSink sink = JsonlSink.builder(out).registry(types).build();
        sink.start(null);
        read(types).events().forEach(e -> {
            try {
                sink.handle(e);
            } catch (IOException x) {
                throw new AssertionError(x);
            }
        });
        sink.stop();
        assertEquals(Logs.segments(LOG), Logs.segments(out));
        String segment = Logs.segments(LOG).get(0);
        List<String> original = Logs.lines(LOG.resolve(segment));
        List<String> again = Logs.lines(out.resolve(segment));
        assertEquals(original.size(), again.size());
        int same = 0;
        for (int i = 0; i < original.size(); i++) {
            String line = original.get(i);
            String data = again.get(i).substring(again.get(i).indexOf(",\"data\":") + 8, again.get(i).length() - 1);
            if (line.contains("\"name\":\"greenhouse-1\"}")) {
                // the field the older record lacked is written with its default
                assertEquals("{\"name\":\"greenhouse-1\",\"retries\":3,\"unit\":\"C\",\"tags\":[]}", data);
            } else if (line.contains("\"count\":\"5\"")) {
                // a lenient read gives the value; it is written as the type says
                assertEquals("{\"count\":5,\"enabled\":true,\"confirmed\":true}", data);
            } else if (line.contains("NaN")) {
                // bare NaN is not JSON: written as the string the codec reads back
                assertEquals("{\"sensor\":\"sensor-01\",\"value\":\"NaN\",\"low\":\"-Infinity\",\"high\":\"Infinity\"}", data);
            } else {
                SameEvent.assertSameEvent(line, again.get(i));
                same++;
            }
        }
        assertEquals(18, same, "every other line keeps its data, JSON-equal");
        // enum values, int/enum/bool keys as strings, six fraction digits, tuples as arrays: as Python wrote them
        assertTrue(again.stream().anyMatch(l -> l.endsWith("\"data\":{\"mode\":\"auto\",\"kind\":\"soil\",\"level\":1}}")));
        assertTrue(again.stream().anyMatch(l -> l.contains("\"by_channel\":{\"1\":0.5,\"2\":1.25},\"by_mode\":{\"auto\":10,"
                + "\"manual\":20},\"by_flag\":{\"true\":\"on\",\"false\":\"off\"}")));
        assertTrue(again.stream().anyMatch(l -> l.contains("\"taken_at\":\"2026-03-09T12:00:01.735301\"")));
        assertTrue(again.stream().anyMatch(l -> l.contains("\"taken_at\":\"2026-03-09T12:00:01.735301+00:00\"")));
        assertTrue(again.stream().anyMatch(l -> l.contains("\"window\":[3,\"low\"],\"limits\":[1,2.5,\"x\",true]")));
        assertEquals(read(types).events(), Logs.readAll(JsonlSource.builder(out).registry(types).build()).events());
    }

    @Test
    void withoutTheTypesEveryLineIsKeptAndNaNIsQuotedSoTheCopyIsJson() throws IOException {
        Logs.Read read = read(MessageTypeRegistry.withBuiltins());
        assertEquals(21, read.events().size());
        assertEquals(9, read.counts().unknownTypes().size());
        RawMessage nan = read.events().stream().map(Event::payload).filter(RawMessage.class::isInstance)
                .map(RawMessage.class::cast).filter(r -> r.data().contains("sensor-01")).findFirst().orElseThrow();
        assertEquals("{\"sensor\":\"sensor-01\",\"value\":\"NaN\",\"low\":\"-Infinity\",\"high\":\"Infinity\"}", nan.data());
        JsonlSink sink = JsonlSink.builder(out).registry(MessageTypeRegistry.withBuiltins()).build();
        sink.start(null);
        for (Event<?> e : read.events()) {
            sink.handle(e);
        }
        sink.stop();
        try (Stream<Path> files = Files.walk(out)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
                for (String line : Logs.lines(f)) {
                    assertInstanceOf(Map.class, JsonTree.parse(line), line); // strict JSON, every line
                }
            }
        }
        assertEquals(EXPECTED, applicationPayloads(Logs.readAll(JsonlSource.builder(out)
                .registry(PythonTyped.registry()).build()).events()));
    }
}
