package io.bussdcc.jsonl;

import static io.bussdcc.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Event;
import io.bussdcc.api.Message;
import io.bussdcc.api.RawMessage;
import io.bussdcc.api.message.ProcessError;
import io.bussdcc.api.message.RuntimeBooting;
import io.bussdcc.codec.EncodingException;
import io.bussdcc.jsonl.Greenhouse.Alarm;
import io.bussdcc.jsonl.Greenhouse.SensorReading;
import io.bussdcc.jsonl.Greenhouse.Unwritable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlSinkTest {

    private static final Instant T0 = Instant.parse("2026-03-09T23:45:02.5Z");

    @TempDir
    Path root;

    private JsonlSink started(JsonlSink.Builder b) throws IOException {
        JsonlSink sink = b.registry(Greenhouse.registry()).build();
        sink.start(null);
        return sink;
    }

    private static Event<?> reading(Instant t, long seq) {
        return new Event<>(t, new SensorReading("sensor-" + seq % 7, seq, seq * 0.31, "C", seq % 5 == 0 ? "calibrated" : null));
    }

    private Logs.Read readBack() {
        return Logs.readAll(JsonlSource.builder(root).registry(Greenhouse.registry()).build());
    }

    @Test
    void writesOneCompactLinePerEvent() throws IOException {
        JsonlSink sink = started(JsonlSink.builder(root));
        sink.handle(reading(T0, 1));
        sink.handle(new Event<>(T0.plusMillis(500), new Alarm("sensor-1", 2, List.of("hot", "C"))));
        sink.stop();
        assertEquals(List.of(
                "{\"time\":\"2026-03-09T23:45:02.5Z\",\"type\":\"greenhouse.sensors:SensorReading\",\"data\":{\"sensor\":"
                        + "\"sensor-1\",\"seq\":1,\"value\":0.31,\"unit\":\"C\",\"note\":null}}",
                "{\"time\":\"2026-03-09T23:45:03Z\",\"type\":\"greenhouse.sensors:Alarm\",\"data\":{\"sensor\":"
                        + "\"sensor-1\",\"level\":2,\"tags\":[\"hot\",\"C\"]}}"),
                Logs.lines(root.resolve("2026-03-09/23-40-00.jsonl")));
    }

    @Test
    void healthCountsTheBytesWrittenIntoSegments() throws IOException {
        JsonlSink sink = started(JsonlSink.builder(root));
        for (int i = 0; i < 100; i++) {
            sink.handle(reading(T0.plusSeconds(i * 60L), i)); // across several segments
        }
        sink.stop();
        long onDisk;
        try (var files = Files.walk(root)) {
            onDisk = files.filter(p -> p.toString().endsWith(".jsonl")).mapToLong(p -> p.toFile().length()).sum();
        }
        assertTrue(onDisk > 0);
        assertEquals(onDisk, sink.health().counts().get("bytesWritten"));
    }

    @Test
    void aStopWhoseLastWriteFailsReportsItAndStillClosesTheFile() throws IOException {
        // The segment is /dev/full, where every write fails with "No space left on device".
        Path segment = root.resolve("2026-03-09/23-40-00.jsonl");
        Files.createDirectories(segment.getParent());
        Files.createSymbolicLink(segment, Path.of("/dev/full"));
        JsonlSink sink = started(JsonlSink.builder(root).followLinks(true));
        sink.handle(reading(T0, 1));
        assertEquals(1, openFilesOf("/dev/full"), "the segment is open");
        IOException e = assertThrows(IOException.class, sink::stop);
        assertTrue(e.getMessage().contains("cannot write to " + segment + ": No space left on device")
                && e.getMessage().contains("1 events lost, 1 of them held in memory until the stop"), e.getMessage());
        assertEquals(0, openFilesOf("/dev/full"), "the segment is closed after the failed stop");
    }

    /** How many of this process's open file descriptors point at {@code target} (Linux). */
    private static long openFilesOf(String target) throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().equals(target);
                } catch (IOException gone) {
                    return false; // closed while listing (e.g. the listing's own descriptor)
                }
            }).count();
        }
    }

    @Test
    void segmentsByEventTimeAlignedToTheIntervalInUtcAcrossDays() throws IOException {
        JsonlSink sink = started(JsonlSink.builder(root));
        Instant[] times = {Instant.parse("2026-03-09T23:49:59.999999999Z"), Instant.parse("2026-03-09T23:50:00Z"),
            Instant.parse("2026-03-10T00:00:00.000000001Z"), Instant.parse("2026-03-10T00:09:59Z"),
            Instant.parse("2026-03-10T00:10:00Z")};
        for (int i = 0; i < times.length; i++) {
            sink.handle(reading(times[i], i));
        }
        sink.stop();
        assertEquals(List.of("2026-03-09/23-40-00.jsonl", "2026-03-09/23-50-00.jsonl", "2026-03-10/00-00-00.jsonl",
                "2026-03-10/00-10-00.jsonl"), Logs.segments(root));
        assertEquals(2, Logs.lines(root.resolve("2026-03-10/00-00-00.jsonl")).size());
    }

    @Test
    void segmentsOfOtherIntervalsStartAtMultiplesOfTheInterval() throws IOException {
        JsonlSink sink = started(JsonlSink.builder(root).interval(Duration.ofHours(1)));
        sink.handle(reading(Instant.parse("2026-03-09T23:59:59Z"), 1));
        sink.handle(reading(Instant.parse("2026-03-10T00:00:00Z"), 2));
        sink.stop();
        assertEquals(List.of("2026-03-09/23-00-00.jsonl", "2026-03-10/00-00-00.jsonl"), Logs.segments(root));
        assertEquals(Duration.ofHours(1), sink.interval());
    }

    @Test
    void aLateEventGoesToTheSegmentOfItsOwnTime() throws IOException {
        JsonlSink sink = started(JsonlSink.builder(root));
        sink.handle(reading(Instant.parse("2026-03-09T23:49:59.9Z"), 1));
        sink.handle(reading(Instant.parse("2026-03-09T23:50:00.1Z"), 2));
        sink.handle(reading(Instant.parse("2026-03-09T23:49:59.95Z"), 3)); // stamped earlier, arrives later
        sink.stop();
        assertEquals(2, Logs.lines(root.resolve("2026-03-09/23-40-00.jsonl")).size());
        Logs.Read read = readBack();
        assertEquals(List.of(1L, 3L, 2L), read.events().stream().map(e -> ((SensorReading) e.payload()).seq()).toList());
        assertEquals(List.of(), read.problems(), "segments keep their own times in order");
    }

    @Test
    void aRestartInTheSameIntervalAppends() throws IOException {
        JsonlSink first = started(JsonlSink.builder(root));
        first.handle(reading(T0, 1));
        first.stop();
        JsonlSink second = started(JsonlSink.builder(root));
        second.handle(reading(T0.plusSeconds(1), 2));
        second.stop();
        Logs.Read read = readBack();
        assertEquals(List.of(reading(T0, 1), reading(T0.plusSeconds(1), 2)), read.events());
        assertEquals(List.of(), read.problems());
    }

    @Test
    void aRestartAfterACrashEndsTheTornLineSoItDoesNotSwallowTheNextRecord() throws IOException {
        Path segment = root.resolve("2026-03-09/23-40-00.jsonl");
        JsonlSink first = started(JsonlSink.builder(root));
        first.handle(reading(T0, 1));
        first.stop();
        Files.writeString(segment, "{\"time\":\"2026-03-09T23:45:03Z\",\"type\":\"greenhouse.sen",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        JsonlSink second = started(JsonlSink.builder(root));
        second.handle(reading(T0.plusSeconds(2), 3));
        second.stop();
        assertEquals(3, Logs.lines(segment).size());
        Logs.Read read = readBack();
        assertEquals(List.of(reading(T0, 1), reading(T0.plusSeconds(2), 3)), read.events());
        assertEquals(1, read.problems().size());
        assertEquals(2, read.problems().get(0).line());
        assertTrue(read.problems().get(0).reason().startsWith("truncated JSON"), read.problems().toString());
    }

    @Test
    void aSecondSinkOnTheSameRootIsRefusedUntilTheFirstStops() throws IOException {
        JsonlSink first = started(JsonlSink.builder(root));
        JsonlSink second = JsonlSink.builder(root).build();
        IOException refused = assertThrows(IOException.class, () -> second.start(null));
        assertTrue(refused.getMessage().contains("already writing events into " + root), refused.getMessage());
        first.stop();
        second.start(null);
        second.stop();
    }

    @Test
    void eventsAfterStopAreIgnoredAndEventsBeforeStartFail() throws IOException {
        JsonlSink sink = JsonlSink.builder(root).registry(Greenhouse.registry()).build();
        IllegalStateException notStarted = assertThrows(IllegalStateException.class, () -> sink.handle(reading(T0, 1)));
        assertTrue(notStarted.getMessage().contains("call start() first"), notStarted.getMessage());
        sink.start(null);
        sink.handle(reading(T0, 1));
        sink.stop();
        sink.handle(reading(T0, 2));
        sink.stop();
        assertEquals(List.of(reading(T0, 1)), readBack().events());
        assertThrows(IllegalStateException.class, () -> sink.start(null));
    }

    @Test
    void anEventThatCannotBeEncodedFailsWithoutLeavingAPartialLine() throws IOException {
        JsonlSink sink = started(JsonlSink.builder(root).durability(Durability.flushEachEvent()));
        sink.handle(reading(T0, 1));
        EncodingException e = assertThrows(EncodingException.class,
                () -> sink.handle(new Event<>(T0, new Unwritable(java.math.BigDecimal.ONE))));
        assertEquals("data.anything", e.path());
        sink.handle(reading(T0, 3));
        sink.stop();
        Logs.Read read = readBack();
        assertEquals(List.of(reading(T0, 1), reading(T0, 3)), read.events());
        assertEquals(List.of(), read.problems());
    }

    @Test
    void aTransformRewritesOrDropsEventsBeforeTheyAreWritten() throws IOException {
        JsonlSink sink = started(JsonlSink.builder(root).types("greenhouse.sensors:*").transform(e -> {
            if (e.payload() instanceof SensorReading r) {
                return r.seq() % 2 == 0 ? null // dropped
                        : new Event<>(e.time().plusSeconds(1), new SensorReading(r.sensor(), r.seq(), r.value(), "K", null));
            }
            return e;
        }));
        sink.handle(reading(T0, 1));
        sink.handle(reading(T0, 2));
        sink.handle(new Event<>(T0, new RuntimeBooting("1.0"))); // left out by the filter before the transform
        sink.handle(new Event<>(T0, new Alarm("s", 2, List.of())));
        sink.stop();
        assertEquals(List.of(new Event<>(T0.plusSeconds(1), new SensorReading("sensor-1", 1, 0.31, "K", null)),
                new Event<>(T0, new Alarm("s", 2, List.of()))), readBack().events());
    }

    @Test
    void aFallbackWritesValuesTheCodecCannotAndLetsTheSinkStartWithSuchATypeRegistered() throws IOException {
        io.bussdcc.api.MessageTypeRegistry types = Greenhouse.registry().register(Unwritable.class);
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> JsonlSink.builder(root).registry(types).build().start(null));
        assertTrue(refused.getMessage().startsWith("cannot record type 'greenhouse.control:Unwritable': anything: the"
                + " codec does not support java.math.BigDecimal"), refused.getMessage());
        JsonlSink sink = JsonlSink.builder(root).registry(types)
                .fallback(v -> v instanceof java.math.BigDecimal d ? d.toPlainString() : io.bussdcc.codec.EncodingFallback.UNHANDLED)
                .build();
        sink.start(null);
        sink.handle(new Event<>(T0, new Unwritable(new java.math.BigDecimal("12.50"))));
        sink.stop();
        assertEquals(List.of("{\"time\":\"2026-03-09T23:45:02.5Z\",\"type\":\"greenhouse.control:Unwritable\","
                + "\"data\":{\"anything\":\"12.50\"}}"), Logs.lines(root.resolve("2026-03-09/23-40-00.jsonl")));
    }

    @Test
    void writesRawMessagesBackWithTheirTypeAndExactData() throws IOException {
        JsonlSink sink = started(JsonlSink.builder(root));
        Event<?> unknown = new Event<>(T0, new RawMessage("other.app:Thing", "{\"b\": [1, 2.50], \"a\":\"\\u00fc\"}"));
        Event<?> pythonError = new Event<>(T0, new ProcessError("watch", "ValueError('x')",
                new Event<>(T0.minusSeconds(2), new RawMessage(null, "{\"seq\":13,\"note\":null}")), "tb"));
        sink.handle(unknown);
        sink.handle(pythonError);
        sink.stop();
        List<String> lines = Logs.lines(root.resolve("2026-03-09/23-40-00.jsonl"));
        assertEquals("{\"time\":\"2026-03-09T23:45:02.5Z\",\"type\":\"other.app:Thing\","
                + "\"data\":{\"b\": [1, 2.50], \"a\":\"\\u00fc\"}}", lines.get(0));
        assertTrue(lines.get(1).contains("\"evt\":{\"time\":\"2026-03-09T23:45:00.5Z\",\"payload\":{\"seq\":13,\"note\":null}}"),
                lines.get(1));
        assertEquals(List.of(unknown, pythonError), readBack().events());
    }

    @Test
    void recordsOnlyTheTypesAsked() throws IOException {
        JsonlSink sink = started(JsonlSink.builder(root).types("greenhouse.*", "!greenhouse.sensors:Alarm"));
        sink.handle(reading(T0, 1));
        sink.handle(new Event<>(T0, new Alarm("s", 1, List.of())));
        sink.handle(new Event<>(T0, new RuntimeBooting("1.0")));
        sink.handle(new Event<>(T0, new RawMessage("greenhouse.other:Thing", "{}")));
        sink.handle(new Event<>(T0, new RawMessage("elsewhere:Thing", "{}")));
        sink.stop();
        List<Message> written = readBack().events().stream().<Message>map(Event::payload).toList();
        assertEquals(List.of(reading(T0, 1).payload(), new RawMessage("greenhouse.other:Thing", "{}")), written);
    }

    @Test
    void flushEachEventHandsEveryLineToTheOsBeforeHandleReturns() throws IOException {
        JsonlSink sink = started(JsonlSink.builder(root).durability(Durability.flushEachEvent()));
        sink.handle(reading(T0, 1));
        assertEquals(1, Logs.lines(root.resolve("2026-03-09/23-40-00.jsonl")).size());
        sink.handle(reading(T0, 2));
        assertEquals(2, Logs.lines(root.resolve("2026-03-09/23-40-00.jsonl")).size());
        sink.stop();
    }

    @Test
    void theDefaultPolicyBuffersAndTheBackgroundFlusherWritesAnIdleLog() throws Exception {
        JsonlSink sink = started(JsonlSink.builder(root).durability(Durability.flushEvery(Duration.ofMillis(50))));
        sink.handle(reading(T0, 1));
        Path segment = root.resolve("2026-03-09/23-40-00.jsonl");
        assertEquals(0, Files.size(segment), "buffered, not written per event");
        // No further event arrives: only the flusher can write the line.
        await("the flusher to write the line", () -> size(segment) > 0, Duration.ofSeconds(10));
        assertEquals(1, Logs.lines(segment).size());
        sink.stop();
    }

    @Test
    void fsyncPolicyWritesAndStopLeavesEverythingOnDisk() throws Exception {
        JsonlSink sink = started(JsonlSink.builder(root).durability(Durability.fsyncEvery(Duration.ofMillis(20))));
        for (int i = 0; i < 1000; i++) {
            sink.handle(reading(T0.plusMillis(i * 700L), i));
        }
        sink.stop();
        Logs.Read read = readBack();
        assertEquals(1000, read.events().size());
        assertEquals(List.of(), read.problems());
    }

    @Test
    void manyThreadsWritingAtOnceProduceOnlyWholeLines() throws Exception {
        JsonlSink sink = started(JsonlSink.builder(root).interval(Duration.ofSeconds(1)));
        int threads = 8;
        int perThread = 5000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < perThread; i++) {
                    long seq = thread * 1_000_000L + i;
                    sink.handle(reading(T0.plusMillis(i), seq));
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        sink.stop();
        Logs.Read read = readBack();
        assertEquals(List.of(), read.problems().stream().filter(p -> !p.reason().startsWith("out of order")).toList());
        assertEquals(threads * perThread, read.events().size());
        assertEquals(threads * perThread, read.events().stream().map(e -> ((SensorReading) e.payload()).seq())
                .distinct().count());
    }

    @Test
    void rejectsIntervalsThatSegmentNamesCannotExpress() {
        assertThrows(IllegalArgumentException.class, () -> JsonlSink.builder(root).interval(Duration.ofMillis(1500)));
        assertThrows(IllegalArgumentException.class, () -> JsonlSink.builder(root).interval(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> Durability.flushEvery(Duration.ZERO));
    }

    @Test
    void stopReleasesTheRootAndKeepsTheLockFileOutOfTheLog() throws IOException {
        JsonlSink sink = started(JsonlSink.builder(root));
        sink.handle(reading(T0, 1));
        sink.stop();
        assertTrue(Files.exists(root.resolve(".lock")));
        assertFalse(Logs.segments(root).contains(".lock"));
        assertEquals(1, readBack().events().size());
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
