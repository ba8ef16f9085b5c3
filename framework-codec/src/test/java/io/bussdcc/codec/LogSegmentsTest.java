package io.bussdcc.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The segment layout shared by the JSONL module and the Kafka shipper: names, listing, holds, gzip reading. */
class LogSegmentsTest {

    @TempDir
    Path root;

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(b)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return b.toByteArray();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path f = root.resolve(name);
        Files.createDirectories(f.getParent());
        return Files.write(f, bytes);
    }

    @Test
    void namesAreTheStartInUtcAndACompressedSegmentKeepsItsName() {
        long start = 1_773_099_600L; // 2026-03-09T23:40:00Z
        assertEquals("2026-03-09/23-40-00.jsonl", LogSegments.name(start));
        assertEquals(start, LogSegments.startOf(Path.of("2026-03-09/23-40-00.jsonl.gz")).orElseThrow());
        assertEquals(start, LogSegments.startOf(Path.of("x/2026-03-09/23-40-00.jsonl")).orElseThrow());
        assertTrue(LogSegments.isSegmentName("2026-03-09/23-40-00.jsonl"));
        assertFalse(LogSegments.isSegmentName("2026-03-09/23-40-00.jsonl.gz"), "names are the plain form");
        assertFalse(LogSegments.isSegmentName("2026-03-09/23-40-00.jsonl.gz.part"));
        assertFalse(LogSegments.isSegmentName("2026-03-09/notes.jsonl"));
        assertEquals(1_773_099_600L, LogSegments.startOf(1_773_099_999L, 600));
    }

    @Test
    void theListingIsInTimeOrderPlainWinsOverItsCompressedCopyAndOtherFilesAreLeftOut() throws IOException {
        write("2026-03-10/00-00-00.jsonl", "c\n".getBytes(StandardCharsets.UTF_8));
        write("2026-03-09/23-40-00.jsonl.gz", gzip("a\n"));
        write("2026-03-09/23-50-00.jsonl", "b\n".getBytes(StandardCharsets.UTF_8));
        write("2026-03-09/23-50-00.jsonl.gz", gzip("b\n"));
        write("2026-03-09/23-50-00.jsonl.gz.part", new byte[3]);
        write("2026-03-09/notes.jsonl", new byte[1]);
        write(".lock", new byte[1]);
        List<LogSegments.Segment> s = LogSegments.list(root);
        assertEquals(List.of("2026-03-09/23-40-00.jsonl", "2026-03-09/23-50-00.jsonl", "2026-03-10/00-00-00.jsonl"),
                s.stream().map(LogSegments.Segment::name).toList());
        assertEquals(List.of(true, false, false), s.stream().map(LogSegments.Segment::compressed).toList());
        assertEquals(List.of(root.resolve("2026-03-09/notes.jsonl")), LogSegments.walk(root, true).others());
        assertEquals("2026-03-09/23-50-00.jsonl", LogSegments.after(s, "2026-03-09/23-40-00.jsonl").name());
        assertNull(LogSegments.after(s, "2026-03-10/00-00-00.jsonl"));
        assertEquals(List.of(), LogSegments.list(root.resolve("not-yet")));
    }

    @Test
    void aHoldCoversBothFormsOfASegmentUntilReleased() throws IOException {
        Path plain = write("2026-03-09/23-40-00.jsonl", new byte[1]);
        Path gz = LogSegments.compressedFile(plain);
        assertFalse(LogSegments.isHeld(gz));
        try (LogSegments.Hold a = LogSegments.hold(plain); LogSegments.Hold b = LogSegments.hold(gz)) {
            assertTrue(LogSegments.isHeld(gz));
            a.close();
            a.close(); // idempotent
            assertTrue(LogSegments.isHeld(plain), "the other hold remains");
        }
        assertFalse(LogSegments.isHeld(plain));
    }

    @Test
    void aTruncatedGzipEndsWhereItsDataEndsAndSaysSo() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            text.append("line ").append(i * 7919 % 10007).append('\n');
        }
        byte[] whole = gzip(text.toString());
        Path f = write("2026-03-09/23-40-00.jsonl.gz", Arrays.copyOf(whole, whole.length / 2));
        try (SegmentInput in = SegmentInput.open(f)) {
            byte[] got = in.readAllBytes();
            assertTrue(got.length > 1000 && got.length < text.length(), got.length + " bytes");
            assertEquals(text.substring(0, got.length), new String(got, StandardCharsets.UTF_8));
            assertTrue(in.torn().startsWith("the compressed file ends early"), in.torn());
        }
        try (SegmentInput in = SegmentInput.open(write("2026-03-09/23-50-00.jsonl.gz", whole))) {
            assertEquals(text.toString(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            assertNull(in.torn());
        }
    }

    @Test
    void aGzNameOverPlainBytesIsRefusedNamingTheFile() throws IOException {
        Path f = write("2026-03-09/23-40-00.jsonl.gz", "{\"time\":1}\n".getBytes(StandardCharsets.UTF_8));
        IOException e = assertThrows(IOException.class, () -> SegmentInput.open(f));
        assertTrue(e.getMessage().startsWith(f + " is named .gz but is not gzip"), e.getMessage());
    }

    @Test
    void aPlainSegmentCompressedSinceItWasListedIsReadFromItsGzip() throws IOException {
        Path plain = root.resolve("2026-03-09/23-40-00.jsonl");
        write("2026-03-09/23-40-00.jsonl.gz", gzip("a\n"));
        try (SegmentInput in = SegmentInput.open(plain)) {
            assertTrue(in.compressed());
            assertEquals("a\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void dataFieldsGivesScalarsAsTextNestedFieldsByDottedPathAndCollectionsAsJson() {
        EventCodec codec = new EventCodec(Samples.registry());
        Samples.Alarm alarm = new Samples.Alarm("s-1", 3, List.of("hot", "dry"));
        assertEquals(Arrays.asList("s-1", "3", "[\"hot\",\"dry\"]", null), codec.dataFields(alarm,
                List.of("sensor", "level", "tags", "missing")));
        Samples.SensorReading r = new Samples.SensorReading("a,b", 7, 0.5, "°C", null);
        assertEquals(Arrays.asList("a,b", "0.5", null), codec.dataFields(r, List.of("sensor", "value", "note")));
        Samples.OnlyReadings nested = new Samples.OnlyReadings(new io.bussdcc.api.Event<>(java.time.Instant.EPOCH, r));
        assertEquals(List.of("greenhouse.sensors:SensorReading", "7"), codec.dataFields(nested, List.of("evt.type", "evt.data.seq")));
    }
}
