package io.bussdcc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Event;
import io.bussdcc.api.RawMessage;
import io.bussdcc.api.SourceProblem;
import io.bussdcc.api.message.RuntimeBooting;
import io.bussdcc.api.message.RuntimeShutdown;
import io.bussdcc.examples.greenhouse.SensorReading;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image records a log with {@code run --for}; {@code cat} prints it and {@code replay} reproduces it. */
class RecordAndReplayIT {

    @TempDir
    static Path dir;
    static Path log;
    static List<Event<?>> recorded;
    /** What reading the recorded log reports: lines out of time order, when two threads emitted at once. */
    static List<String> recordedProblems;

    @BeforeAll
    static void recordALog() throws Exception {
        Image.Result r = Image.run(dir, "run", "--for", "1500ms", "--web", "127.0.0.1:0", "--events", "recorded");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("stopped: ran for 1500ms"), r.stderr());
        log = dir.resolve("recorded");
        List<SourceProblem> problems = new ArrayList<>();
        recorded = Logs.read(log, problems);
        recordedProblems = reasons(problems);
    }

    /** The reasons of {@code problems}, without the file: the same line of a log and of its replay reads alike. */
    static List<String> reasons(List<SourceProblem> problems) {
        return problems.stream().map(p -> p.line() + ": " + p.reason()).toList();
    }

    @Test
    void runForRecordsTheWholeLifecycleAndTheGreenhouseReadings() {
        assertTrue(recorded.get(0).payload() instanceof RuntimeBooting, recorded.get(0).toString());
        assertTrue(recorded.get(recorded.size() - 1).payload() instanceof RuntimeShutdown,
                recorded.get(recorded.size() - 1).toString());
        List<SensorReading> readings = recorded.stream().filter(e -> e.payload() instanceof SensorReading)
                .map(e -> (SensorReading) e.payload()).toList();
        assertTrue(readings.size() >= 5, "readings every 100 ms for about a second: " + readings.size());
        for (int i = 0; i < readings.size(); i++) {
            assertEquals(i + 1, readings.get(i).seq());
        }
        List<String> types = recorded.stream().map(Logs::typeOf).toList();
        assertTrue(types.contains("bussdcc_framework.message.web:WebInterfaceStarted"), types.toString());
        assertTrue(types.contains("bussdcc_framework.message.system:SystemIdentityEvent"), types.toString());
    }

    @Test
    void replayToOutReproducesTheRecordedEvents() throws Exception {
        Image.Result r = Image.run(dir, "replay", "recorded", "--speed", "max", "--out", "replayed");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("replayed " + recorded.size() + " events"), r.stderr());
        assertEquals("", r.stdout(), "without --console nothing goes to stdout");
        List<SourceProblem> problems = new ArrayList<>();
        assertEquals(recorded, Logs.read(dir.resolve("replayed"), problems));
        assertEquals(recordedProblems, reasons(problems), "the replay keeps the recorded order, out-of-order lines too");
    }

    @Test
    void replayWithConsolePrintsTheRecordedEventsOnStdout() throws Exception {
        Image.Result r = Image.run(dir, "replay", "recorded", "--speed", "max", "--console");
        assertEquals(0, r.exitCode(), r.toString());
        List<Event<?>> printed = new ArrayList<>();
        for (String line : r.stdoutLines()) {
            printed.add(Logs.decode(line));
        }
        assertEquals(recorded, printed);
    }

    @Test
    void runWithConsolePrintsEveryEventItRecords() throws Exception {
        Image.Result r = Image.run(dir, "run", "--console", "--no-web", "--for", "500ms", "--events", "consoled");
        assertEquals(0, r.exitCode(), r.toString());
        List<Event<?>> printed = new ArrayList<>();
        for (String line : r.stdoutLines()) {
            printed.add(Logs.decode(line));
        }
        // Events emitted on two threads at once may reach the two sinks in either order.
        assertEquals(byTime(Logs.read(dir.resolve("consoled"))), byTime(printed));
    }

    @Test
    void replayAtRealSpeedTakesAboutAsLongAsTheRecording() throws Exception {
        Instant first = recorded.get(0).time();
        Instant last = recorded.get(recorded.size() - 1).time();
        long recordedMillis = java.time.Duration.between(first, last).toMillis();
        long t0 = System.nanoTime();
        Image.Result r = Image.run(dir, "replay", "recorded", "--out", "realtime");
        long tookMillis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(tookMillis >= recordedMillis, "took " + tookMillis + " ms for " + recordedMillis + " ms of log");
        assertEquals(recorded, Logs.read(dir.resolve("realtime")));
        assertFalse(r.stderr().contains("\r"), "no progress line when stderr is not a terminal: " + r.stderr());
    }

    @Test
    void catPrintsEveryEventAsOneJsonLine() throws Exception {
        Image.Result r = Image.run(dir, "cat", "recorded");
        assertEquals(0, r.exitCode(), r.toString());
        List<Event<?>> printed = new ArrayList<>();
        for (String line : r.stdoutLines()) {
            printed.add(Logs.decode(line));
        }
        assertEquals(recorded, printed);
        List<String> fileLines;
        try (Stream<Path> files = Files.walk(log)) {
            fileLines = new ArrayList<>();
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                fileLines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
            }
        }
        assertEquals(fileLines, r.stdoutLines(), "cat prints the log's own lines");
    }

    @Test
    void catFiltersByTypeAndTime() throws Exception {
        Image.Result readings = Image.run(dir, "cat", "recorded", "--type", "greenhouse:SensorReading");
        assertEquals(0, readings.exitCode(), readings.toString());
        long expected = recorded.stream().filter(e -> e.payload() instanceof SensorReading).count();
        assertEquals(expected, readings.stdoutLines().size());
        assertTrue(readings.stdoutLines().stream().allMatch(l -> l.contains("\"type\":\"greenhouse:SensorReading\"")));

        Image.Result excluded = Image.run(dir, "cat", "recorded", "--type", "!greenhouse:*");
        assertEquals(recorded.size() - expected, excluded.stdoutLines().size(), excluded.toString());

        Instant from = recorded.get(3).time();
        Instant to = recorded.get(8).time();
        Image.Result window = Image.run(dir, "cat", "recorded", "--from", from.toString(), "--to", to.toString());
        assertEquals(recorded.stream().filter(e -> !e.time().isBefore(from) && e.time().isBefore(to)).count(),
                window.stdoutLines().size(), window.toString());
    }

    @Test
    void catPrettyPrintsOneReadableLinePerEvent() throws Exception {
        Image.Result r = Image.run(dir, "cat", "recorded", "--pretty", "--type", "greenhouse:SensorReading");
        assertEquals(0, r.exitCode(), r.toString());
        String first = r.stdoutLines().get(0);
        assertTrue(first.matches("\\d{4}-\\d\\d-\\d\\dT\\S+Z +INFO +greenhouse:SensorReading +\\{\"sensor\":\"greenhouse-1\",\"seq\":1,.*"),
                first);
        // The columns line up: every line's data starts where the first line's does.
        int data = first.indexOf('{');
        assertTrue(r.stdoutLines().stream().allMatch(l -> l.indexOf('{') == data), r.stdout());
    }

    @Test
    void badLinesAreReportedWithFileAndLineAndUnknownTypesPassThroughReplay() throws Exception {
        Path broken = Files.createDirectories(dir.resolve("broken/2026-01-01"));
        Path file = broken.resolve("00-00-00.jsonl");
        String unknown = "{\"time\":\"2026-01-01T00:00:01Z\",\"type\":\"acme.plant:Valve\",\"data\":{\"open\":true,\"id\":7}}";
        Files.writeString(file, String.join("\n",
                "{\"time\":\"2026-01-01T00:00:00Z\",\"type\":\"greenhouse:SensorReading\",\"data\":{\"sensor\":\"s\",\"seq\":1,\"value\":20.5,\"unit\":\"°C\",\"note\":null}}",
                "this is not json",
                unknown,
                "{\"time\":\"2026-01-01T00:00:02Z\",\"type\":\"greenhouse:SensorReading\",\"data\":{\"sensor\":\"s\",\"seq\":2,\"value\":21.5,\"unit\":\"°C\",\"note\":null}}",
                ""), StandardCharsets.UTF_8);

        Image.Result cat = Image.run(dir, "cat", "broken");
        assertEquals(0, cat.exitCode(), cat.toString());
        assertEquals(3, cat.stdoutLines().size(), cat.toString());
        assertEquals(unknown, cat.stdoutLines().get(1), "an unknown type is printed exactly as recorded");
        String where = Path.of("broken", "2026-01-01", "00-00-00.jsonl") + ":2: malformed JSON";
        assertTrue(cat.stderr().contains(where), cat.stderr());

        Image.Result replay = Image.run(dir, "replay", "broken", "--speed", "max", "--out", "broken-replayed");
        assertEquals(0, replay.exitCode(), replay.toString());
        assertTrue(replay.stderr().contains(where), replay.stderr());
        assertTrue(replay.stderr().contains("replayed 3 events"), replay.stderr());
        List<Event<?>> out = Logs.read(dir.resolve("broken-replayed"));
        assertEquals(new RawMessage("acme.plant:Valve", "{\"open\":true,\"id\":7}"), out.get(1).payload());
        Image.Result catOut = Image.run(dir, "cat", "broken-replayed");
        assertEquals(unknown, catOut.stdoutLines().get(1), "the replayed log holds the unknown line verbatim");
    }

    @Test
    void replayRefusesToWriteIntoTheLogItReads(@TempDir Path own) throws Exception {
        copy(log, own.resolve("log"));
        for (String out : new String[] {"log", "log/2026-12-31", "."}) {
            Image.Result r = Image.run(own, "replay", "log", "--speed", "max", "--out", out);
            assertEquals(1, r.exitCode(), r.toString());
            assertEquals(1, r.stderr().strip().lines().count(), "one line: " + r.stderr());
            assertTrue(r.stderr().contains("overlaps the log it replays"), r.stderr());
        }
        assertEquals(recorded, Logs.read(own.resolve("log")), "the log is untouched");
    }

    private static List<Event<?>> byTime(List<Event<?>> events) {
        return events.stream().sorted(java.util.Comparator.comparing((Event<?> e) -> e.time())
                .thenComparing(e -> e.payload().toString())).toList();
    }

    private static void copy(Path from, Path to) throws java.io.IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }
}
