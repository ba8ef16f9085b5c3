package io.bussdcc.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Event;
import io.bussdcc.api.RawMessage;
import io.bussdcc.api.SourceProblem;
import io.bussdcc.api.message.RuntimeBooting;
import io.bussdcc.jsonl.Greenhouse.Alarm;
import io.bussdcc.jsonl.Greenhouse.SensorReading;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading logs: order, bounds, filters, and a report for every kind of bad line. */
class JsonlSourceTest {

    private static final String GOOD_1 = "{\"time\":\"2026-03-09T23:45:01Z\",\"type\":\"greenhouse.sensors:SensorReading\","
            + "\"data\":{\"sensor\":\"s\",\"seq\":1,\"value\":1.5,\"unit\":\"C\",\"note\":null}}";
    private static final String GOOD_2 = "{\"time\":\"2026-03-09T23:45:02Z\",\"type\":\"greenhouse.sensors:SensorReading\","
            + "\"data\":{\"sensor\":\"s\",\"seq\":2,\"value\":2.5,\"unit\":\"C\",\"note\":null}}";
    private static final String GOOD_3 = "{\"time\":\"2026-03-09T23:45:03Z\",\"type\":\"greenhouse.sensors:SensorReading\","
            + "\"data\":{\"sensor\":\"s\",\"seq\":3,\"value\":3.5,\"unit\":\"C\",\"note\":null}}";

    @TempDir
    Path root;

    private Logs.Read read(Path location) {
        return Logs.readAll(JsonlSource.builder(location).registry(Greenhouse.registry()).build());
    }

    /** Writes GOOD_1, {@code bad}, GOOD_3 into one segment and reads it. */
    private Logs.Read readWithBadLine(String bad) throws IOException {
        Path file = Logs.write(root.resolve("2026-03-09/23-40-00.jsonl"), GOOD_1 + "\n" + bad + "\n" + GOOD_3 + "\n");
        Logs.Read read = read(root);
        assertEquals(List.of(1L, 3L), seqs(read), "the good lines around the bad one are delivered");
        assertEquals(1, read.problems().size(), read.problems().toString());
        SourceProblem p = read.problems().get(0);
        assertEquals(file.toString(), p.source());
        assertEquals(2, p.line());
        assertEquals(1, read.counts().skipped());
        return read;
    }

    private static List<Long> seqs(Logs.Read read) {
        return read.events().stream().map(e -> ((SensorReading) e.payload()).seq()).toList();
    }

    private String reasonFor(String bad) throws IOException {
        return readWithBadLine(bad).problems().get(0).reason();
    }

    // ---- bad lines, each reported with file, line and reason ----------------------------

    @Test
    void malformedJson() throws IOException {
        String reason = reasonFor("{\"time\":\"2026-03-09T23:45:02Z\" \"type\":\"x:Y\",\"data\":{}}");
        assertTrue(reason.startsWith("malformed JSON: Unexpected character"), reason);
        assertTrue(reason.contains("column 32"), reason);
        assertTrue(reasonFor("not json at all").startsWith("malformed JSON"));
    }

    @Test
    void tornLastLine() throws IOException {
        Path file = Logs.write(root.resolve("2026-03-09/23-40-00.jsonl"), GOOD_1 + "\n" + GOOD_2.substring(0, 60));
        Logs.Read read = read(root);
        assertEquals(List.of(1L), seqs(read));
        assertEquals(1, read.problems().size());
        SourceProblem p = read.problems().get(0);
        assertEquals(file.toString(), p.source());
        assertEquals(2, p.line());
        assertTrue(p.reason().startsWith("torn last line (the file ends inside a record without a newline;"), p.reason());
        assertTrue(p.reason().contains("truncated JSON"), p.reason());
    }

    @Test
    void aCompleteLastLineWithoutNewlineIsDelivered() throws IOException {
        Logs.write(root.resolve("2026-03-09/23-40-00.jsonl"), GOOD_1 + "\n" + GOOD_2);
        Logs.Read read = read(root);
        assertEquals(List.of(1L, 2L), seqs(read));
        assertEquals(List.of(), read.problems());
    }

    @Test
    void missingTimeTypeOrData() throws IOException {
        assertEquals("missing field 'time'", reasonFor("{\"type\":\"greenhouse.sensors:SensorReading\",\"data\":{}}"));
        assertEquals("missing field 'type'", reasonFor("{\"time\":\"2026-03-09T23:45:02Z\",\"data\":{}}"));
        assertEquals("missing field 'data'", reasonFor("{\"time\":\"2026-03-09T23:45:02Z\",\"type\":\"x:Y\"}"));
        assertEquals("an event must be a JSON object, found an array", reasonFor("[1,2]"));
    }

    @Test
    void wrongTopLevelFieldTypes() throws IOException {
        assertEquals("time: expected an ISO-8601 time string, found a number (1741563902)",
                reasonFor("{\"time\":1741563902,\"type\":\"x:Y\",\"data\":{}}"));
        assertEquals("type: expected a type name string, found a number (7)",
                reasonFor("{\"time\":\"2026-03-09T23:45:02Z\",\"type\":7,\"data\":{}}"));
        assertEquals("data: expected an object, found an array",
                reasonFor("{\"time\":\"2026-03-09T23:45:02Z\",\"type\":\"x:Y\",\"data\":[]}"));
    }

    @Test
    void wrongDataFieldTypesNameTheField() throws IOException {
        assertEquals("data.seq: expected a long, found a string (\"2\")", reasonFor(
                "{\"time\":\"2026-03-09T23:45:02Z\",\"type\":\"greenhouse.sensors:SensorReading\","
                        + "\"data\":{\"sensor\":\"s\",\"seq\":\"2\",\"value\":2.5,\"unit\":\"C\",\"note\":null}}"));
        assertEquals("data.tags[1]: expected a string, found a boolean (true)", reasonFor(
                "{\"time\":\"2026-03-09T23:45:02Z\",\"type\":\"greenhouse.sensors:Alarm\","
                        + "\"data\":{\"sensor\":\"s\",\"level\":2,\"tags\":[\"hot\",true]}}"));
        assertEquals("data.seq: missing, and a long cannot be absent", reasonFor(
                "{\"time\":\"2026-03-09T23:45:02Z\",\"type\":\"greenhouse.sensors:SensorReading\",\"data\":{}}"));
    }

    @Test
    void naiveTimestamps() throws IOException {
        assertEquals("time: '2026-03-09T23:45:02.500000' has no UTC offset (a naive time); write it with Z or +00:00",
                reasonFor("{\"time\":\"2026-03-09T23:45:02.500000\",\"type\":\"x:Y\",\"data\":{}}"));
        assertTrue(reasonFor("{\"time\":\"yesterday\",\"type\":\"x:Y\",\"data\":{}}")
                .startsWith("time: 'yesterday' is not an ISO-8601 date-time with offset"));
    }

    @Test
    void aNumberInAStringIsOnlyNaNOrInfinity() throws IOException {
        assertEquals("data.value: expected a double, found a string (\"nan\") (the only strings a number is read from"
                + " are \"NaN\", \"Infinity\" and \"-Infinity\")", reasonFor(
                "{\"time\":\"2026-03-09T23:45:02Z\",\"type\":\"greenhouse.sensors:SensorReading\","
                        + "\"data\":{\"sensor\":\"s\",\"seq\":2,\"value\":\"nan\",\"unit\":\"C\",\"note\":null}}"));
    }

    @Test
    void emptyLines() throws IOException {
        assertEquals("empty line", reasonFor(""));
        assertEquals("empty line", reasonFor("   \t"));
    }

    @Test
    void hugeLines() throws IOException {
        Path file = Logs.write(root.resolve("2026-03-09/23-40-00.jsonl"),
                GOOD_1 + "\n" + "{\"x\":\"" + "a".repeat(5000) + "\"}\n" + GOOD_3 + "\n");
        Logs.Read read = Logs.readAll(JsonlSource.builder(root).registry(Greenhouse.registry()).maxLineLength(1024)
                .build());
        assertEquals(List.of(1L, 3L), seqs(read));
        assertEquals(List.of(new SourceProblem(file.toString(), 2,
                "the line is 5008 bytes long, more than the limit of 1024")), read.problems());
    }

    @Test
    void aHugeTornLastLine() throws IOException {
        Path file = Logs.write(root.resolve("x.jsonl"), GOOD_1 + "\n" + "{\"x\":\"" + "a".repeat(5000));
        Logs.Read read = Logs.readAll(JsonlSource.builder(file).registry(Greenhouse.registry()).maxLineLength(1024)
                .build());
        assertEquals(List.of(1L), seqs(read));
        assertEquals(2, read.problems().get(0).line());
    }

    @Test
    void duplicateFields() throws IOException {
        assertEquals("time: the field appears twice", reasonFor(
                "{\"time\":\"2026-03-09T23:45:02Z\",\"time\":\"2026-03-09T23:45:02Z\",\"type\":\"x:Y\",\"data\":{}}"));
    }

    @Test
    void contentAfterTheRecord() throws IOException {
        assertEquals("content after the event's closing brace", reasonFor(GOOD_2 + " " + GOOD_2));
    }

    @Test
    void invalidUtf8() throws IOException {
        Path file = root.resolve("2026-03-09/23-40-00.jsonl");
        Files.createDirectories(file.getParent());
        byte[] bad = "{\"time\":\"2026-03-09T23:45:02Z\",\"type\":\"x:Y\",\"data\":{\"s\":\"\u0000\"}}"
                .getBytes(StandardCharsets.UTF_8);
        bad[bad.length - 4] = (byte) 0xC3; // a lead byte without its continuation
        try (var out = Files.newOutputStream(file)) {
            out.write((GOOD_1 + "\n").getBytes(StandardCharsets.UTF_8));
            out.write(bad);
            out.write(("\n" + GOOD_3 + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Logs.Read read = read(root);
        assertEquals(List.of(1L, 3L), seqs(read));
        assertTrue(read.problems().get(0).reason().contains("UTF-8"), read.problems().toString());
    }

    // ---- lines delivered with a note ----------------------------------------------------

    @Test
    void outOfOrderLinesAreReportedAndDeliveredInRecordedOrder() throws IOException {
        Path file = Logs.write(root.resolve("2026-03-09/23-40-00.jsonl"), GOOD_1 + "\n" + GOOD_3 + "\n" + GOOD_2 + "\n");
        Logs.Read read = read(root);
        assertEquals(List.of(1L, 3L, 2L), seqs(read));
        assertEquals(List.of(new SourceProblem(file.toString(), 3, "out of order: 2026-03-09T23:45:02Z is 1000 ms before"
                + " the previous event (2026-03-09T23:45:03Z); delivered in recorded order")), read.problems());
        assertEquals(1, read.counts().outOfOrder());
        assertEquals(0, read.counts().skipped());
    }

    @Test
    void unknownTypesAreDeliveredAsRawMessagesReportedOncePerType() throws IOException {
        String thing = "{\"time\":\"2026-03-09T23:45:02Z\",\"type\":\"other.app:Thing\",\"data\":{\"k\": [1,2]}}";
        Path file = Logs.write(root.resolve("2026-03-09/23-40-00.jsonl"),
                GOOD_1 + "\n" + thing + "\n" + thing + "\n" + GOOD_3 + "\n");
        Logs.Read read = read(root);
        assertEquals(4, read.events().size());
        assertEquals(new RawMessage("other.app:Thing", "{\"k\": [1,2]}"), read.events().get(1).payload());
        assertEquals(List.of(new SourceProblem(file.toString(), 2, "unknown type 'other.app:Thing': delivered as a raw"
                + " message (register the type to decode it; further lines of this type are counted, not reported)")),
                read.problems());
        assertEquals(Map.of("other.app:Thing", 2L), read.counts().unknownTypes());
    }

    @Test
    void aByteOrderMarkAndCrlfLineEndsAreAccepted() throws IOException {
        Path file = root.resolve("2026-03-09/23-40-00.jsonl");
        Files.createDirectories(file.getParent());
        try (var out = Files.newOutputStream(file)) {
            out.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
            out.write((GOOD_1 + "\r\n" + GOOD_2 + "\r\n" + GOOD_3 + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        Logs.Read read = read(root);
        assertEquals(List.of(1L, 2L, 3L), seqs(read));
        assertEquals(List.of(), read.problems());
    }

    // ---- order, bounds, filters, streaming ----------------------------------------------

    /** Writes one event per minute from 23:38 to 00:12 through a sink: four segments, two days. */
    private List<Event<?>> writeTwoDays() throws IOException {
        JsonlSink sink = JsonlSink.builder(root).registry(Greenhouse.registry()).build();
        sink.start(null);
        List<Event<?>> events = new ArrayList<>();
        Instant t = Instant.parse("2026-03-09T23:38:00Z");
        for (int i = 0; i < 35; i++) {
            Event<?> e = i % 10 == 9 ? new Event<>(t, new Alarm("s", i, List.of("hot")))
                    : new Event<>(t, new SensorReading("s", i, i, "C", null));
            sink.handle(e);
            events.add(e);
            t = t.plusSeconds(60);
        }
        sink.stop();
        return events;
    }

    @Test
    void readsAcrossSegmentsAndDaysInTimeOrder() throws IOException {
        List<Event<?>> written = writeTwoDays();
        assertEquals(List.of("2026-03-09/23-30-00.jsonl", "2026-03-09/23-40-00.jsonl", "2026-03-09/23-50-00.jsonl",
                "2026-03-10/00-00-00.jsonl", "2026-03-10/00-10-00.jsonl"), Logs.segments(root));
        Logs.Read read = read(root);
        assertEquals(written, read.events());
        assertEquals(5, read.counts().files());
        assertEquals(35, read.counts().lines());
    }

    @Test
    void fromIsInclusiveAndToIsExclusive() throws IOException {
        List<Event<?>> written = writeTwoDays();
        Instant from = Instant.parse("2026-03-09T23:50:00Z");
        Instant to = Instant.parse("2026-03-10T00:05:00Z");
        Logs.Read read = Logs.readAll(JsonlSource.builder(root).registry(Greenhouse.registry()).from(from).to(to).build());
        assertEquals(written.stream().filter(e -> !e.time().isBefore(from) && e.time().isBefore(to)).toList(),
                read.events());
        assertEquals(15, read.events().size());
        assertEquals(2, read.counts().files(),
                "segments that end by 'from' and the segment starting after 'to' are not even opened");
    }

    @Test
    void filtersByTypeName() throws IOException {
        writeTwoDays();
        Logs.Read alarms = Logs.readAll(JsonlSource.builder(root).registry(Greenhouse.registry())
                .types("greenhouse.sensors:Alarm").build());
        assertEquals(3, alarms.events().size());
        alarms.events().forEach(e -> assertInstanceOf(Alarm.class, e.payload()));
        Logs.Read notAlarms = Logs.readAll(JsonlSource.builder(root).registry(Greenhouse.registry())
                .types("greenhouse.*", "!greenhouse.sensors:Alarm").build());
        assertEquals(32, notAlarms.events().size());
        assertEquals(3, notAlarms.counts().filtered());
    }

    @Test
    void readsASingleFile() throws IOException {
        writeTwoDays();
        Path file = root.resolve("2026-03-10/00-00-00.jsonl");
        Logs.Read read = read(file);
        assertEquals(10, read.events().size());
        assertEquals(List.of(file), JsonlSource.builder(file).build().files());
    }

    @Test
    void streamsLazilyOneFileAtATime() throws IOException {
        writeTwoDays();
        ReadCounts counts = new ReadCounts();
        try (Stream<Event<?>> s = JsonlSource.builder(root).registry(Greenhouse.registry()).build()
                .open(p -> { }, counts)) {
            Iterator<Event<?>> it = s.iterator();
            it.next();
            assertEquals(1, counts.files());
            assertEquals(1, counts.lines());
        }
    }

    @Test
    void aFolderWithoutSegmentsIsNotALog() throws IOException {
        Path empty = Files.createDirectories(root.resolve("empty"));
        IOException e = assertThrows(IOException.class, () -> new JsonlSource(empty).open(p -> { }));
        assertTrue(e.getMessage().startsWith("no log segments under " + empty), e.getMessage());
        Files.writeString(Files.createDirectories(root.resolve("notes/2026")).resolve("todo.txt"), "water the plants");
        assertThrows(IOException.class, () -> new JsonlSource(root.resolve("notes")).open(p -> { }));
    }

    @Test
    void aSinkThatRecordedNothingLeftAnEmptyLog() throws IOException {
        Path log = root.resolve("quiet");
        JsonlSink sink = new JsonlSink(log);
        sink.start(null);
        sink.stop();
        assertEquals(List.of(), read(log).events());
    }

    @Test
    void aMissingLocationFailsToOpenNamingIt() {
        Path missing = root.resolve("nope");
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> new JsonlSource(missing).open(p -> { }));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void theDefaultRegistryKnowsTheBuiltinTypes() throws IOException {
        Logs.write(root.resolve("a.jsonl"), "{\"time\":\"2026-03-09T23:45:02Z\",\"type\":\"bussdcc.message.runtime:"
                + "RuntimeBooting\",\"data\":{\"version\":\"0.0.0\"}}\n");
        List<Event<?>> events = Logs.readAll(new JsonlSource(root)).events();
        assertEquals(List.of(new Event<>(Instant.parse("2026-03-09T23:45:02Z"), new RuntimeBooting("0.0.0"))), events);
    }

    @Test
    void rejectsBoundsInTheWrongOrder() {
        Instant t = Instant.parse("2026-03-09T23:45:02Z");
        assertThrows(IllegalArgumentException.class, () -> JsonlSource.builder(root).from(t).to(t).build());
    }
}
