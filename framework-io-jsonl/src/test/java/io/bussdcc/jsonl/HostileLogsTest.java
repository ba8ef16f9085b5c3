package io.bussdcc.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import io.bussdcc.api.Event;
import io.bussdcc.api.RawMessage;
import io.bussdcc.api.SourceProblem;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logs written to hurt the reader: whatever a line holds, it is one reported line, never the end of the read. */
class HostileLogsTest {

    @TempDir
    Path root;

    static String line(String time, String type) {
        return "{\"time\":\"" + time + "\",\"type\":\"" + type + "\",\"data\":{}}";
    }

    private Logs.Read read(Path location) {
        return Logs.readAll(JsonlSource.builder(location).registry(Greenhouse.registry()).build());
    }

    @Test
    void twoTimesAsFarApartAsTheParserAcceptsAreReportedNotThrown() throws IOException {
        Path file = Logs.write(root.resolve("log.jsonl"), line("+1000000000-12-31T23:59:59.999999999Z", "a:B") + "\n"
                + line("-1000000000-01-01T00:00:00Z", "a:B") + "\n" + line("2026-01-01T00:00:00Z", "a:B") + "\n");
        Logs.Read read = read(file);
        assertEquals(3, read.events().size(), read.problems().toString());
        assertEquals(new SourceProblem(file.toString(), 2, "out of order: -1000000000-01-01T00:00:00Z is "
                + (Instant.MAX.getEpochSecond() - Instant.MIN.getEpochSecond()) + " s before the previous event"
                + " (+1000000000-12-31T23:59:59.999999999Z); delivered in recorded order"), read.problems().get(1));
        assertEquals(1, read.counts().outOfOrder());
    }

    @Test
    void theSinkWritesEventsAtTheFirstAndLastInstantAndTheyReadBack() throws IOException {
        JsonlSink sink = JsonlSink.builder(root).registry(Greenhouse.registry()).build();
        sink.start(null);
        List<Instant> times = List.of(Instant.MIN, Instant.parse("2026-01-01T00:00:00Z"), Instant.MAX);
        for (Instant t : times) {
            sink.handle(new Event<>(t, new RawMessage("a:B", "{}")));
        }
        sink.stop();
        Logs.Read read = read(root);
        assertEquals(times, read.events().stream().map(Event::time).toList(), read.problems().toString());
    }

    @Test
    void anyTwoTimesTheParserAcceptsAreReportable() {
        long min = Instant.MIN.getEpochSecond();
        long max = Instant.MAX.getEpochSecond();
        qt().withFixedSeed(20261201L).withExamples(300)
                .forAll(longs().between(min, max), longs().between(min, max))
                .checkAssert((a, b) -> {
                    Instant later = Instant.ofEpochSecond(Math.max(a, b));
                    Instant earlier = Instant.ofEpochSecond(Math.min(a, b));
                    try {
                        Path file = Logs.write(root.resolve("pair.jsonl"), line(later.toString(), "a:B") + "\n"
                                + line(earlier.toString(), "a:B") + "\n");
                        Logs.Read read = read(file);
                        assertEquals(2, read.events().size(), read.problems().toString());
                        assertEquals(0, read.counts().skipped(), read.problems().toString());
                        List<SourceProblem> notes = read.problems().stream().filter(p -> p.line() == 2).toList();
                        assertEquals(a.equals(b) ? 0 : 1, notes.size(), read.problems().toString());
                        notes.forEach(p -> assertTrue(p.reason().startsWith("out of order: "), p.toString()));
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                });
    }

    @Test
    void unknownTypeNamesKeepBoundedMemoryHoweverManyAndHoweverLong() throws IOException {
        int names = 3 * ReadCounts.MAX_TYPE_NAMES;
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < names; i++) {
            b.append(line("2026-01-01T00:00:00Z", "t:" + i)).append('\n');
        }
        String huge = "h:" + "x".repeat(1 << 20);
        Path many = Logs.write(root.resolve("many.jsonl"), b.toString());
        Logs.Read read = read(many);
        assertEquals(names, read.events().size());
        Map<String, Long> kept = read.counts().unknownTypes();
        assertEquals(ReadCounts.MAX_TYPE_NAMES, kept.size());
        assertEquals(names - ReadCounts.MAX_TYPE_NAMES, read.counts().unknownTypeLinesNotKept());
        assertEquals(names, kept.values().stream().mapToLong(Long::longValue).sum() + read.counts().unknownTypeLinesNotKept());
        assertEquals(ReadCounts.MAX_TYPE_NAMES + 1, read.problems().size(), "one note per kept name, one for the rest");
        assertTrue(read.problems().get(ReadCounts.MAX_TYPE_NAMES).reason().contains("more than 1000 unknown type names"),
                read.problems().get(ReadCounts.MAX_TYPE_NAMES).toString());

        Path longNames = Logs.write(root.resolve("long.jsonl"), line("2026-01-01T00:00:00Z", huge + "1") + "\n"
                + line("2026-01-01T00:00:00Z", huge + "2") + "\n" + line("2026-01-01T00:00:00Z", huge + "1") + "\n");
        read = read(longNames);
        assertEquals(3, read.events().size());
        assertEquals(2, read.counts().unknownTypes().size(), "two names with one start stay two: " + read.counts());
        read.counts().unknownTypes().forEach((name, count) -> assertTrue(name.length() < 300, name.length() + " chars kept"));
        assertEquals(List.of(2L, 1L), read.counts().unknownTypes().entrySet().stream()
                .sorted(Map.Entry.comparingByValue(java.util.Comparator.reverseOrder())).map(Map.Entry::getValue).toList());
        assertEquals(2, read.problems().size());
        read.problems().forEach(p -> assertTrue(p.reason().length() < 400 && p.reason().contains("(1048579 chars)"),
                p.reason().length() + " chars: " + p.reason().substring(0, 100)));
    }
}
