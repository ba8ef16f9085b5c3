package io.bussdcc.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Config;
import io.bussdcc.api.ConfigException;
import io.bussdcc.api.Event;
import io.bussdcc.api.SourceProblem;
import io.bussdcc.codec.LogSegments;
import io.bussdcc.jsonl.Greenhouse.SensorReading;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention and compression on real folders with many segments, with readers and bad files in the way. */
class RetentionCompressionTest {

    private static final Instant T0 = Instant.parse("2026-03-09T23:00:00Z");
    private static final int SEGMENTS = 120; // one a minute: two hours over two days
    private static final int PER_SEGMENT = 50;

    @TempDir
    Path root;

    /** Records {@link #SEGMENTS} one-minute segments of {@link #PER_SEGMENT} readings through a sink built by {@code b}. */
    private List<Event<?>> record(JsonlSink.Builder b) throws Exception {
        JsonlSink sink = b.interval(Duration.ofMinutes(1)).registry(Greenhouse.registry()).build();
        sink.start(null);
        List<Event<?>> written = new ArrayList<>();
        long seq = 0;
        for (int s = 0; s < SEGMENTS; s++) {
            for (int i = 0; i < PER_SEGMENT; i++) {
                Event<?> e = new Event<>(T0.plusSeconds(60L * s + i), new SensorReading("sensor-" + (seq % 7), seq,
                        20 + (seq % 100) * 0.01, "°C", seq % 13 == 0 ? "steady" : null));
                seq++;
                sink.handle(e);
                written.add(e);
            }
        }
        sink.awaitMaintenance();
        sink.stop();
        return written;
    }

    private List<Event<?>> readAll() {
        Logs.Read read = Logs.readAll(JsonlSource.builder(root).registry(Greenhouse.registry()).build());
        assertEquals(List.of(), read.problems());
        return read.events();
    }

    @Test
    void aCompressingSinkLeavesAllButTheTwoNewestSegmentsGzippedAndEveryEventReadable() throws Exception {
        List<Event<?>> written = record(JsonlSink.builder(root).compress(true));
        List<LogSegments.Segment> segments = LogSegments.list(root);
        assertEquals(SEGMENTS, segments.size());
        long compressed = segments.stream().filter(LogSegments.Segment::compressed).count();
        assertEquals(SEGMENTS - 2, compressed, "the open segment and the one before it stay plain");
        assertFalse(segments.get(SEGMENTS - 1).compressed());
        assertFalse(segments.get(SEGMENTS - 2).compressed());
        assertEquals(written, readAll());
        try (Stream<Path> walk = Files.walk(root)) {
            assertEquals(0, walk.filter(p -> p.toString().endsWith(".part")).count());
        }
        long plainBytes = segments.get(SEGMENTS - 1).bytes();
        long gzBytes = segments.get(0).bytes();
        assertTrue(gzBytes * 3 < plainBytes, "gzip shrinks a segment of readings: " + gzBytes + " vs " + plainBytes);
    }

    @Test
    void theDocumentedSettingsCompressAndKeepThirtyDaysAndTwoGigabytes() throws Exception {
        JsonlSink before = JsonlSink.builder(root).build(); // a segment recorded 40 days ago
        before.start(null);
        Instant old = Instant.now().minus(Duration.ofDays(40));
        before.handle(new Event<>(old, new SensorReading("old", 0, 0, "C", null)));
        before.stop();
        Files.setLastModifiedTime(LogSegments.list(root).get(0).file(), java.nio.file.attribute.FileTime.from(old));

        // begin readme: sink
        JsonlSink sink = JsonlSink.builder(root)
                .compress(true)
                .retention(Retention.keepAll().maxAge(Duration.ofDays(30)).maxBytes(Retention.parseBytes("2G")))
                .build();
        // end readme: sink
        sink.start(null);
        Instant now = Instant.now();
        for (int i = 0; i < 3; i++) {
            sink.handle(new Event<>(now.plus(Duration.ofMinutes(10L * i)), new SensorReading("new", i, 0, "C", null)));
        }
        sink.awaitMaintenance();
        sink.stop();
        List<LogSegments.Segment> left = LogSegments.list(root);
        assertEquals(3, left.size(), "the 40-day-old segment went: " + left);
        assertTrue(left.get(0).compressed(), left.toString());
    }

    @Test
    void aRestartedCompressingSinkCompressesWhatTheLastRunLeftAndGoesOnAppending() throws Exception {
        List<Event<?>> written = record(JsonlSink.builder(root)); // plain
        assertEquals(0, LogSegments.list(root).stream().filter(LogSegments.Segment::compressed).count());
        JsonlSink again = JsonlSink.builder(root).interval(Duration.ofMinutes(1)).compress(true)
                .registry(Greenhouse.registry()).build();
        again.start(null);
        again.awaitMaintenance();
        List<LogSegments.Segment> segments = LogSegments.list(root);
        assertEquals(SEGMENTS - 1, segments.stream().filter(LogSegments.Segment::compressed).count(),
                "at the start every segment but the newest is sealed");
        // An event older than every open segment goes to the oldest one still open, not into a gzip file.
        Event<?> late = new Event<>(T0.plusSeconds(5), new SensorReading("late", -1, 0, "C", null));
        again.handle(late);
        again.stop();
        Logs.Read all = Logs.readAll(JsonlSource.builder(root).registry(Greenhouse.registry()).build());
        assertEquals(1, all.problems().size(), all.problems().toString());
        assertTrue(all.problems().get(0).reason().startsWith("out of order: 2026-03-09T23:00:05Z"), all.problems().toString());
        assertTrue(all.problems().get(0).source().endsWith("2026-03-10/00-59-00.jsonl"), all.problems().toString());
        List<Event<?>> read = all.events();
        assertEquals(written.size() + 1, read.size());
        assertEquals(late, read.get(read.size() - 1));
        assertEquals(written, read.subList(0, written.size()));
    }

    @Test
    void retentionBySizeRemovesTheOldestSegmentsAndKeepsTheNewestAndEmptyDaysGo() throws Exception {
        record(JsonlSink.builder(root));
        long total = LogSegments.list(root).stream().mapToLong(LogSegments.Segment::bytes).sum();
        long limit = total / 4;
        Retention.Outcome o = Retention.keepAll().maxBytes(limit).prune(root, Instant.now(), s -> false, false);
        List<LogSegments.Segment> left = LogSegments.list(root);
        assertTrue(o.bytesAfter() <= limit, o.bytesAfter() + " > " + limit);
        assertEquals(left.stream().mapToLong(LogSegments.Segment::bytes).sum(), o.bytesAfter());
        assertEquals(SEGMENTS, left.size() + o.removed().size());
        assertEquals(LogSegments.name(T0.getEpochSecond() + 60L * (SEGMENTS - 1)), left.get(left.size() - 1).name());
        // the oldest went: what is left is a run of the newest
        assertEquals(LogSegments.name(T0.getEpochSecond() + 60L * o.removed().size()), left.get(0).name());
        assertFalse(Files.exists(root.resolve("2026-03-09")), "the first day's folder was emptied and removed");
        assertTrue(Files.exists(root.resolve(".lock")), "the lock file stays");
    }

    @Test
    void retentionByAgeRemovesSegmentsWhoseEventsAreAllOlderThanTheLimit() throws Exception {
        record(JsonlSink.builder(root).compress(true));
        Instant now = T0.plus(Duration.ofHours(2)); // the last segment ends at T0 + 120 min
        Retention keep30m = Retention.keepAll().maxAge(Duration.ofMinutes(30));
        Retention.Outcome dry = keep30m.prune(root, now, s -> false, true);
        assertEquals(SEGMENTS, LogSegments.list(root).size(), "a dry run removes nothing");
        assertEquals(90, dry.removed().size(), "segments ending at or before now - 30 min");
        Retention.Outcome done = keep30m.prune(root, now, s -> false, false);
        assertEquals(dry.removed(), done.removed());
        assertEquals(30, LogSegments.list(root).size());
        assertEquals(T0.plus(Duration.ofMinutes(90)).getEpochSecond(), LogSegments.list(root).get(0).start());
    }

    @Test
    void aSinkAppliesItsRetentionAtEachNewSegment() throws Exception {
        Clock clock = Clock.fixed(T0.plus(Duration.ofHours(2)), ZoneOffset.UTC);
        record(JsonlSink.builder(root).compress(true).clock(clock)
                .retention(Retention.keepAll().maxAge(Duration.ofMinutes(10))));
        List<LogSegments.Segment> left = LogSegments.list(root);
        assertEquals(10, left.size(), "the ten newest minutes are kept: " + left);
    }

    @Test
    void segmentsAReaderHoldsAreNotRemovedWhileItReadsAndTheReadCompletes() throws Exception {
        List<Event<?>> written = record(JsonlSink.builder(root).compress(true));
        List<Event<?>> read = new ArrayList<>();
        List<SourceProblem> problems = new ArrayList<>();
        try (Stream<Event<?>> events = JsonlSource.builder(root).registry(Greenhouse.registry()).build()
                .open(problems::add)) {
            Iterator<Event<?>> it = events.iterator();
            for (int i = 0; i < PER_SEGMENT * 3 + 1; i++) {
                read.add(it.next()); // into the fourth segment
            }
            Retention.Outcome o = Retention.keepAll().maxBytes(1).prune(root, Instant.now(), s -> false, false);
            assertEquals(3, o.removed().size(), "only the three segments already read can go: " + o.removed());
            assertEquals(SEGMENTS - 3, o.spared().size());
            it.forEachRemaining(read::add);
        }
        assertEquals(List.of(), problems);
        assertEquals(written, read, "the reader read every event, also of segments retention wanted gone");
        Retention.Outcome after = Retention.keepAll().maxBytes(1).prune(root, Instant.now(), s -> false, false);
        assertEquals(SEGMENTS - 3, after.removed().size(), "once the reader is done, they go");
    }

    @Test
    void retentionKeepsTheTwoNewestSegmentsOfALiveWriter() throws Exception {
        record(JsonlSink.builder(root));
        JsonlSink live = JsonlSink.builder(root).interval(Duration.ofMinutes(1)).registry(Greenhouse.registry()).build();
        live.start(null);
        try {
            Retention.Outcome o = Retention.keepAll().maxBytes(1).prune(root, Instant.now(), s -> false, false);
            assertEquals(SEGMENTS - 2, o.removed().size());
            assertEquals(2, LogSegments.list(root).size());
        } finally {
            live.stop();
        }
    }

    @Test
    void aZeroOrNegativeRetentionIsRefusedNamingTheKeyAndNothingIsRemoved() throws Exception {
        record(JsonlSink.builder(root));
        for (String bad : List.of("0", "-5", "0M", "lots", "")) {
            ConfigException e = assertThrows(ConfigException.class, () -> new JsonlSinkProvider().create(
                    Config.of(Map.of("dir", root.toString(), "retention.max-size", bad))));
            assertTrue(e.getMessage().contains("retention.max-size"), e.getMessage());
        }
        for (String bad : List.of("0s", "-1d", "soon")) {
            ConfigException e = assertThrows(ConfigException.class, () -> new JsonlSinkProvider().create(
                    Config.of(Map.of("dir", root.toString(), "retention.max-age", bad))));
            assertTrue(e.getMessage().contains("retention.max-age"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Retention.keepAll().maxBytes(0));
        assertThrows(IllegalArgumentException.class, () -> Retention.keepAll().maxAge(Duration.ZERO));
        assertEquals(SEGMENTS, LogSegments.list(root).size());
        assertEquals(512L << 20, Retention.parseBytes("512M"));
        assertEquals(3L << 29, Retention.parseBytes("1.5GiB"));
    }

    @Test
    void aCompressedSegmentThatIsNotGzipIsReportedByNameAndTheRestIsRead() throws Exception {
        List<Event<?>> written = record(JsonlSink.builder(root).compress(true));
        LogSegments.Segment victim = LogSegments.list(root).get(5);
        Files.writeString(victim.file(), "{\"time\":\"2026-03-09T23:05:00Z\"} not gzip at all\n");
        Logs.Read read = Logs.readAll(JsonlSource.builder(root).registry(Greenhouse.registry()).build());
        assertEquals(1, read.problems().size(), read.problems().toString());
        SourceProblem p = read.problems().get(0);
        assertEquals(victim.file().toString(), p.source());
        assertTrue(p.reason().contains("is named .gz but is not gzip"), p.reason());
        List<Event<?>> expected = new ArrayList<>(written);
        expected.subList(5 * PER_SEGMENT, 6 * PER_SEGMENT).clear();
        assertEquals(expected, read.events());
        // and a restarted sink leaves the file alone: it is not its to remove
        JsonlSink again = JsonlSink.builder(root).interval(Duration.ofMinutes(1)).compress(true)
                .registry(Greenhouse.registry()).build();
        again.start(null);
        again.awaitMaintenance();
        again.stop();
        assertTrue(Files.exists(victim.file()));
        assertEquals(SEGMENTS, LogSegments.list(root).size());
    }

    @Test
    void aTruncatedGzipIsReportedAsTornAndItsLinesBeforeTheCutAreRead() throws Exception {
        List<Event<?>> written = record(JsonlSink.builder(root).compress(true));
        LogSegments.Segment victim = LogSegments.list(root).get(7);
        byte[] gz = Files.readAllBytes(victim.file());
        Files.write(victim.file(), java.util.Arrays.copyOf(gz, gz.length * 2 / 3));
        ReadCounts counts = new ReadCounts();
        List<SourceProblem> problems = new ArrayList<>();
        List<Event<?>> read;
        try (Stream<Event<?>> s = JsonlSource.builder(root).registry(Greenhouse.registry()).build()
                .open(problems::add, counts)) {
            read = s.toList();
        }
        assertTrue(problems.stream().anyMatch(p -> p.source().equals(victim.file().toString())
                && p.reason().startsWith("the compressed file ends early")), problems.toString());
        assertTrue(counts.torn() >= 1);
        int lost = written.size() - read.size();
        assertTrue(lost > 0 && lost < PER_SEGMENT, "only part of one segment is lost: " + lost);
        List<Event<?>> expected = new ArrayList<>(written);
        expected.removeIf(e -> !read.contains(e));
        assertEquals(expected, read, "what is read is in order");
        assertEquals(written.subList(0, 7 * PER_SEGMENT), read.subList(0, 7 * PER_SEGMENT));
        assertEquals(written.subList(8 * PER_SEGMENT, written.size()), read.subList(read.size()
                - (SEGMENTS - 8) * PER_SEGMENT, read.size()));
    }

    @Test
    void aStaleCompressionIsSettledAtTheNextStartWithoutLosingTheSegment() throws Exception {
        List<Event<?>> written = record(JsonlSink.builder(root));
        List<LogSegments.Segment> segments = LogSegments.list(root);
        Path plain0 = segments.get(0).file();
        Path plain1 = segments.get(1).file();
        Path plain2 = segments.get(2).file();
        // 0: a complete copy next to the plain file (killed after the rename, before the delete)
        gzip(plain0, LogSegments.compressedFile(plain0), Integer.MAX_VALUE);
        // 1: a partial file (killed while writing it)
        gzip(plain1, plain1.resolveSibling(plain1.getFileName() + ".gz.part"), 300);
        // 2: a "complete" copy that does not match (a broken disk, a hand-made file)
        gzip(plain1, LogSegments.compressedFile(plain2), Integer.MAX_VALUE);
        assertEquals(written, readAll(), "readers take the plain file while both exist");
        JsonlSink again = JsonlSink.builder(root).interval(Duration.ofMinutes(1)).registry(Greenhouse.registry())
                .compress(true).build();
        again.start(null);
        again.awaitMaintenance();
        again.stop();
        assertFalse(Files.exists(plain0));
        try (Stream<Path> walk = Files.walk(root)) {
            assertEquals(0, walk.filter(p -> p.toString().endsWith(".part")).count());
        }
        assertEquals(written, readAll());
    }

    private static void gzip(Path from, Path to, int limit) throws IOException {
        byte[] bytes = Files.readAllBytes(from);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(to))) {
            out.write(bytes, 0, Math.min(limit, bytes.length));
        }
    }
}
