package io.bussdcc.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Config;
import io.bussdcc.api.ConfigException;
import io.bussdcc.codec.LogCursor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts that need no broker: following a log, the checkpoint file, locations and configuration. */
class LogAndLocationTest {

    @TempDir
    Path root;

    private record Line(String segment, long offset, long number, String text, long end) {}

    private static List<Line> poll(LogCursor c) throws IOException {
        List<Line> got = new ArrayList<>();
        c.poll((s, o, n, b, off, len, end) -> got.add(new Line(s, o, n, new String(b, off, len, StandardCharsets.UTF_8),
                end)), 1000);
        return got;
    }

    private Path write(String segment, String text) throws IOException {
        Path f = root.resolve(segment);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return f;
    }

    @Test
    void theCursorReadsWholeLinesInSegmentOrderAndWaitsForAPartialOne() throws IOException {
        write("2026-03-10/00-00-00.jsonl", "c\n");
        write("2026-03-09/23-50-00.jsonl", "a\n\r\nb\r\n");
        root.resolve("2026-03-09/23-50-00.jsonl").toFile().setLastModified(0);
        Files.writeString(root.resolve(".lock"), "pid 1");
        write("2026-03-09/notes.txt", "not a segment\n");
        List<String> notes = new ArrayList<>();
        LogCursor c = new LogCursor(root, "", 0, 0, 0, 100, notes::add);
        List<Line> got = poll(c);
        assertEquals(List.of(new Line("2026-03-09/23-50-00.jsonl", 0, 1, "a", 2),
                new Line("2026-03-09/23-50-00.jsonl", 4, 3, "b", 7),
                new Line("2026-03-10/00-00-00.jsonl", 0, 1, "c", 2)), got, "the empty line is counted, not delivered");
        write("2026-03-10/00-00-00.jsonl", "{\"half");
        assertEquals(List.of(), poll(c), "a partial last line waits for its newline");
        write("2026-03-10/00-00-00.jsonl", " done\"}\n");
        assertEquals(List.of(new Line("2026-03-10/00-00-00.jsonl", 2, 2, "{\"half done\"}", 16)), poll(c));
        assertEquals(List.of(), notes);
        c.close();
    }

    @Test
    void aTornTailOfAFinishedSegmentIsDeliveredOnceTheSegmentSettled() throws IOException {
        Path old = write("2026-03-09/23-50-00.jsonl", "a\n{\"torn");
        write("2026-03-10/00-00-00.jsonl", "b\n");
        LogCursor c = new LogCursor(root, "", 0, 0, 60_000_000_000L, 100, n -> { });
        assertEquals(List.of("a"), poll(c).stream().map(Line::text).toList(),
                "the older segment was just modified: it may still get a late line");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minusSeconds(120)));
        assertEquals(List.of(new Line("2026-03-09/23-50-00.jsonl", 2, 2, "{\"torn", 8),
                new Line("2026-03-10/00-00-00.jsonl", 0, 1, "b", 2)), poll(c));
    }

    @Test
    void aCursorStartsAtItsCheckpointAndATooLongLineIsSkippedWithANote() throws IOException {
        write("2026-03-09/23-50-00.jsonl", "a\n" + "x".repeat(300) + "\nb\n");
        List<String> notes = new ArrayList<>();
        LogCursor c = new LogCursor(root, "2026-03-09/23-50-00.jsonl", 2, 1, 0, 100, notes::add);
        assertEquals(List.of(new Line("2026-03-09/23-50-00.jsonl", 303, 3, "b", 305)), poll(c));
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).contains("line 2 at byte 2 is longer than 100 bytes"), notes.get(0));
    }

    private void writeGzip(String segment, String text, int keep) throws IOException {
        Path f = root.resolve(segment);
        Files.createDirectories(f.getParent());
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(bytes)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        byte[] all = bytes.toByteArray();
        Files.write(f, java.util.Arrays.copyOf(all, Math.min(keep, all.length)));
    }

    @Test
    void theShipperReadsCompressedSegmentsByTheirPlainNameAndResumesInsideOne() throws IOException {
        writeGzip("2026-03-09/23-40-00.jsonl.gz", "a\nb\nc\n", Integer.MAX_VALUE);
        write("2026-03-09/23-50-00.jsonl", "d\n");
        List<String> notes = new ArrayList<>();
        LogCursor c = new LogCursor(root, "", 0, 0, 0, 100, notes::add);
        assertEquals(List.of(new Line("2026-03-09/23-40-00.jsonl", 0, 1, "a", 2),
                new Line("2026-03-09/23-40-00.jsonl", 2, 2, "b", 4), new Line("2026-03-09/23-40-00.jsonl", 4, 3, "c", 6),
                new Line("2026-03-09/23-50-00.jsonl", 0, 1, "d", 2)), poll(c));
        c.close();
        // a checkpoint taken while the segment was plain still names it once it is compressed
        LogCursor resumed = new LogCursor(root, "2026-03-09/23-40-00.jsonl", 4, 2, 0, 100, notes::add);
        assertEquals(List.of(new Line("2026-03-09/23-40-00.jsonl", 4, 3, "c", 6),
                new Line("2026-03-09/23-50-00.jsonl", 0, 1, "d", 2)), poll(resumed));
        resumed.close();
        assertEquals(List.of(), notes);
    }

    @Test
    void aTruncatedCompressedSegmentIsNotedAndItsLinesBeforeTheCutDelivered() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            text.append("{\"line\":").append(i).append(",\"pad\":\"").append(Integer.toHexString(i * 7919)).append("\"}\n");
        }
        writeGzip("2026-03-09/23-40-00.jsonl.gz", text.toString(), 2000);
        write("2026-03-09/23-50-00.jsonl", "next\n");
        List<String> notes = new ArrayList<>();
        LogCursor c = new LogCursor(root, "", 0, 0, 0, 100, notes::add);
        List<Line> got = poll(c);
        assertEquals("next", got.get(got.size() - 1).text(), "the walk goes on to the next segment");
        assertTrue(got.size() > 10 && got.size() < 2000, got.size() + " lines");
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).contains("23-40-00.jsonl.gz: the compressed file ends early"), notes.get(0));
    }

    @Test
    void theCheckpointIsWrittenWholeAndADamagedOneIsNamed() throws IOException {
        Path f = root.resolve(".kafka-fleet.checkpoint");
        assertNull(Checkpoint.read(f));
        Checkpoint cp = Checkpoint.start("gh-07", "fleet").at("2026-03-09/23-50-00.jsonl", 1234, 7);
        cp.write(f);
        assertEquals(cp, Checkpoint.read(f));
        assertEquals(List.of(".kafka-fleet.checkpoint"), Files.list(root).map(p -> p.getFileName().toString()).toList(),
                "no temporary file left");
        Files.writeString(f, "device=gh-07\ntopic=fleet\nsegment=x\noffset=1\nline=1\n");
        IOException e = assertThrows(IOException.class, () -> Checkpoint.read(f));
        assertEquals(f + ": segment 'x' is not a segment name (YYYY-MM-DD/HH-MM-SS.jsonl)", e.getMessage());
        Files.writeString(f, "device=gh-07\nnonsense\n");
        e = assertThrows(IOException.class, () -> Checkpoint.read(f));
        assertEquals(f + ":2: not a checkpoint line (key=value): 'nonsense'", e.getMessage());
        Files.writeString(f, "device=gh-07\ntopic=fleet\nsegment=\noffset=-1\nline=0\n");
        e = assertThrows(IOException.class, () -> Checkpoint.read(f));
        assertEquals(f + ": offset is '-1', not a count", e.getMessage());
    }

    @Test
    void kafkaLocationsParseAndSayWhatIsWrong() {
        KafkaLocation l = KafkaLocation.parse("kafka://10.0.0.5:9092,10.0.0.6:9092/fleet?device=gh-07,gh-08&from=2026-03-09&to=2026-03-10T01:00:00%2B01:00");
        assertEquals("10.0.0.5:9092,10.0.0.6:9092", l.bootstrap());
        assertEquals("fleet", l.topic());
        assertEquals(Set.of("gh-07", "gh-08"), l.devices());
        assertEquals(Optional.of(Instant.parse("2026-03-09T00:00:00Z")), l.from());
        assertEquals(Optional.of(Instant.parse("2026-03-10T00:00:00Z")), l.to());
        assertEquals(Set.of(), KafkaLocation.parse("kafka://h:1/t").devices());
        assertTrue(new KafkaSourceProvider().canRead("KAFKA://h:1/t"));
        assertEquals(false, new KafkaSourceProvider().canRead("events"));
        for (String[] bad : new String[][] {
                {"kafka://h:1", "needs HOST:PORT and a topic"},
                {"kafka://h/t", "'h' in kafka://h/t is not HOST:PORT"},
                {"kafka://h:1/no topic", "is not a Kafka topic name"},
                {"kafka://h:1/t?dev=x", "unknown parameter 'dev' in kafka://h:1/t?dev=x (known: device, from, to)"},
                {"kafka://h:1/t?from=yesterday", "from=yesterday in kafka://h:1/t?from=yesterday: 'yesterday' is not an ISO-8601 time"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KafkaLocation.parse(bad[0]));
            assertTrue(e.getMessage().contains(bad[1]), bad[0] + ": " + e.getMessage());
        }
    }

    @Test
    void theSinkProviderNeedsBootstrapAndTopicAndIsOffByDefault() {
        KafkaSinkProvider p = new KafkaSinkProvider();
        assertEquals("kafka", p.name());
        assertEquals(false, p.enabledByDefault());
        ConfigException e = assertThrows(ConfigException.class, () -> p.create(Config.of(Map.of("topic", "fleet"))));
        assertTrue(e.getMessage().contains("'bootstrap' is required"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> p.create(Config.of(Map.of("bootstrap", "h:1", "topic", "a b"))));
        assertTrue(e.getMessage().contains("'a b' is not a Kafka topic name"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> p.create(Config.of(Map.of("bootstrap", "h:1", "topic", "t",
                "max-in-flight", "0"))));
        assertTrue(e.getMessage().contains("max-in-flight") && e.getMessage().contains("at least 1"), e.getMessage());
        KafkaSink sink = (KafkaSink) p.create(Config.of(Map.of("bootstrap", "h:1", "topic", "t", "device", "gh-07",
                "producer.compression.type", "lz4", "settle", "500ms")));
        assertEquals("stopped", sink.status().state());
        assertEquals(Optional.of("gh-07"), sink.status().device());
    }

    @Test
    void anUnusableCheckpointStopsTheShippingNotTheRecording() throws Exception {
        Path log = root.resolve("events");
        Files.createDirectories(log);
        Files.writeString(log.resolve(".kafka-fleet.checkpoint"), "device=gh-07\ntopic=other\nsegment=\noffset=0\nline=0\n");
        KafkaSink sink = KafkaSink.builder("127.0.0.1:1", "fleet").log(log).device("gh-07")
                .statusInterval(java.time.Duration.ofMillis(100)).build();
        LineLog lineLog = new LineLog(log, 600);
        try (io.bussdcc.runtime.Runtime runtime = io.bussdcc.runtime.Runtime.builder().messageTypes(Reading.registry())
                .build()) {
            runtime.addSink(lineLog);
            runtime.addSink(sink);
            runtime.boot(); // does not fail
            runtime.emit(new Reading("gh-07", 1, 1, null));
            Kafka.await("the shipper says why it does not ship", java.time.Duration.ofSeconds(10),
                    () -> sink.status().state().equals("failed"), sink::status);
            assertEquals(log.resolve(".kafka-fleet.checkpoint") + " is the checkpoint of topic 'other', not 'fleet': give"
                    + " this sink its own checkpoint file; nothing is shipped until it is fixed or moved away (recording"
                    + " goes on)", sink.status().message());
        }
        assertEquals(List.of("test.kafka:Reading"), LineLog.lines(log).stream().filter(l -> l.contains("Reading"))
                .map(l -> "test.kafka:Reading").toList(), "recording went on");
    }
}
