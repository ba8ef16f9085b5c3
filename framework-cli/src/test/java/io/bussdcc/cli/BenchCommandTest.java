package io.bussdcc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code bussdcc bench} in-process, with small event counts: arguments, the result line, counts. */
class BenchCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Cli cli = new Cli(new Io(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), false), List.of(new BenchCommand()));

    private int bench(String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "bench";
        System.arraycopy(args, 0, argv, 1, args.length);
        return cli.run(argv);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** The one result line: its fields, in order, as text (null as "null"). */
    private static Map<String, String> result(String text) throws IOException {
        List<String> lines = text.lines().toList();
        assertEquals(1, lines.size(), "one line: " + text);
        Map<String, String> fields = new LinkedHashMap<>();
        try (JsonParser p = new JsonFactory().createParser(ObjectReadContext.empty(), lines.get(0))) {
            assertEquals(JsonToken.START_OBJECT, p.nextToken());
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                p.nextToken();
                fields.put(name, p.currentToken() == JsonToken.VALUE_NULL ? "null" : p.getString());
            }
            assertEquals(null, p.nextToken(), "nothing after the object");
        }
        assertEquals(List.of("case", "events", "seconds", "events_per_s", "bytes"), new ArrayList<>(fields.keySet()));
        return fields;
    }

    @Test
    void dispatchPrintsOneResultLineWithTheCountAndARate() throws IOException {
        assertEquals(0, bench("--case", "dispatch", "--events", "1000"), err());
        Map<String, String> r = result(out());
        assertEquals("dispatch", r.get("case"));
        assertEquals("1000", r.get("events"));
        double seconds = Double.parseDouble(r.get("seconds"));
        assertTrue(seconds > 0, r.toString());
        double rate = Long.parseLong(r.get("events_per_s"));
        assertEquals(1000 / seconds, rate, rate * 0.01, "events_per_s is events / seconds: " + r);
        assertEquals("null", r.get("bytes"));
        assertEquals("", err());
    }

    @Test
    void jsonlWritesTheLogThatReplayReadsBack() throws IOException {
        Path log = dir.resolve("log");
        assertEquals(0, bench("--case", "jsonl", "--events", "500", "--dir", log.toString()), err());
        Map<String, String> written = result(out());
        assertEquals("jsonl", written.get("case"));
        assertEquals("500", written.get("events"));
        List<String> lines = logLines(log);
        assertEquals(500, lines.stream().filter(l -> l.contains("\"type\":\"bench:SensorReading\"")).count(), lines.toString());
        assertEquals(String.valueOf(logBytes(log)), written.get("bytes"));
        String fourth = lines.stream().filter(l -> l.contains("\"seq\":4,")).findFirst().orElseThrow();
        assertTrue(fourth.endsWith("\"data\":{\"sensor\":\"sensor-04\",\"seq\":4,\"value\":0.04,\"unit\":\"C\",\"note\":\"calibrated\"}}"),
                fourth);
        String fifth = lines.stream().filter(l -> l.contains("\"seq\":5,")).findFirst().orElseThrow();
        assertTrue(fifth.endsWith("\"data\":{\"sensor\":\"sensor-05\",\"seq\":5,\"value\":0.05,\"unit\":\"kPa\",\"note\":null}}"),
                fifth);

        out.reset();
        assertEquals(0, bench("--case", "replay", "--events", "500", "--dir", log.toString()), err());
        Map<String, String> read = result(out());
        assertEquals("replay", read.get("case"));
        assertEquals("500", read.get("events"));
        assertEquals(written.get("bytes"), read.get("bytes"));
    }

    @Test
    void replayFailsWhenTheLogHoldsAnotherCount() {
        Path log = dir.resolve("log");
        assertEquals(0, bench("--case", "jsonl", "--events", "10", "--dir", log.toString()), err());
        out.reset();
        assertEquals(1, bench("--case", "replay", "--events", "11", "--dir", log.toString()));
        assertTrue(err().contains("saw 10 SensorReadings, not 11"), err());
        assertEquals("", out());
    }

    @Test
    void replayFailsWithoutALog() {
        assertEquals(1, bench("--case", "replay", "--events", "10", "--dir", dir.resolve("none").toString()));
        assertTrue(err().contains("is not a folder: write the log first with bussdcc bench --case jsonl"), err());
    }

    @Test
    void jsonlRefusesAFolderThatIsNotEmpty() throws IOException {
        Files.writeString(dir.resolve("keep.txt"), "mine");
        assertEquals(1, bench("--case", "jsonl", "--events", "10", "--dir", dir.toString()));
        assertTrue(err().contains("is not an empty folder"), err());
        assertEquals("mine", Files.readString(dir.resolve("keep.txt")));
    }

    @Test
    void consolePrintsTheEventsOnStdoutAndTheResultOnStderr() throws IOException {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
        int status;
        try {
            status = bench("--case", "console", "--events", "20");
        } finally {
            System.setOut(original);
        }
        assertEquals(0, status, err());
        Map<String, String> r = result(err());
        assertEquals("console", r.get("case"));
        assertEquals("20", r.get("events"));
        assertEquals("", out());
        List<String> printed = console.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("\"type\":\"bench:SensorReading\"")).toList();
        assertEquals(20, printed.size(), console.toString(StandardCharsets.UTF_8));
    }

    @Test
    void bootMeasuresAnEmptyRuntimeWithNoEvents() throws IOException {
        assertEquals(0, bench("--case", "boot"), err());
        Map<String, String> r = result(out());
        assertEquals("boot", r.get("case"));
        assertEquals("0", r.get("events"));
        assertEquals("0", r.get("events_per_s"));
        assertTrue(Double.parseDouble(r.get("seconds")) > 0, r.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--events 10|--case CASE is needed",
            "--case fast --events 10|--case: 'fast' is not a case: dispatch, jsonl, replay, console or boot",
            "--case dispatch|--events N is needed for --case dispatch",
            "--case dispatch --events 0|--events: 0 is not at least 1",
            "--case dispatch --events ten|--events: 'ten' is not a whole number",
            "--case dispatch --events 10 --dir x|--dir is only for --case jsonl and replay",
            "--case jsonl --events 10|--dir DIR is needed for --case jsonl",
            "--case boot --events 10|--case boot takes no --events",
            "--case dispatch --events 10 extra|unexpected argument 'extra'"})
    void wrongUsageIsExitStatusTwoWithTheReason(String args, String reason) {
        assertEquals(2, bench(args.split(" ")));
        assertTrue(err().startsWith("bussdcc bench: " + reason + "\n"), err());
        assertTrue(err().contains("Usage: bussdcc bench --case"), err());
        assertEquals("", out());
    }

    @Test
    void eventsMayBeWrittenWithUnderscores() throws IOException {
        assertEquals(0, bench("--case", "dispatch", "--events", "1_000"), err());
        assertEquals("1000", result(out()).get("events"));
    }

    private static List<String> logLines(Path root) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                lines.addAll(Files.readAllLines(p));
            }
        }
        return lines;
    }

    private static long logBytes(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            long total = 0;
            for (Path p : walk.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
                total += Files.size(p);
            }
            return total;
        }
    }
}
