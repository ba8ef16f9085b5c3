package io.bussdcc.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Event;
import io.bussdcc.cli.Image;
import io.bussdcc.cli.Logs;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sample of the bad-line corpus through the image: {@code bussdcc cat} and
 * {@code bussdcc replay} report every bad line as {@code file:line: reason} on stderr, deliver
 * the good ones, end with status 0, and never load a class a log names (the JVM's own class-load
 * log, {@code -Xlog:class+load}, compared with a run over a clean log).
 */
class BadInputIT {

    static final String T = "\"time\":\"2026-01-01T00:00:05Z\"";
    static final String READING = "\"type\":\"greenhouse:SensorReading\"";

    @TempDir
    static Path dir;
    static Path file;
    /** Line number → exact report, for each bad line written (and each line delivered with a note). */
    static final Map<Integer, String> BAD = new LinkedHashMap<>();
    static final List<String> GOOD = new ArrayList<>();

    /** Classes in the image that neither cat nor replay has any use for; the log names each of them. */
    static final List<String> NAMED_CLASSES = List.of("java.lang.ProcessBuilder", "java.io.ObjectInputStream",
            "java.util.Timer", "io.bussdcc.examples.greenhouse.internal.GreenhouseDeviceProvider",
            "io.bussdcc.examples.greenhouse.SimulatedSensor");

    static String good(int seq) {
        return "{\"time\":\"2026-01-01T00:00:0" + seq + "Z\"," + READING + ",\"data\":{\"sensor\":\"s\",\"seq\":" + seq
                + ",\"value\":20.5,\"unit\":\"°C\",\"note\":null}}";
    }

    static String reading(String data) {
        return "{" + T + "," + READING + ",\"data\":{" + data + "}}";
    }

    @BeforeAll
    static void writeTheLog() throws Exception {
        List<Object> lines = new ArrayList<>();
        lines.add(good(1));
        bad(lines, "{" + T + " \"type\":\"x:Y\",\"data\":{}}",
                "malformed JSON: Unexpected character ('\"' (code 34)): was expecting comma to separate Object entries (at column 32)");
        bad(lines, "hello world", "malformed JSON: Unrecognized token 'hello': was expecting (JSON String, Number (or 'NaN'/'+INF'/"
                + "'-INF'), Array, Object or token 'null', 'true' or 'false') (at column 1)");
        bad(lines, good(2).substring(0, 60), "truncated JSON: Unexpected end-of-input in VALUE_STRING (at column 61)");
        bad(lines, "[1,2]", "an event must be a JSON object, found an array");
        bad(lines, "null", "an event must be a JSON object, found null");
        bad(lines, "{" + READING + ",\"data\":{}}", "missing field 'time'");
        bad(lines, "{" + T + ",\"data\":{}}", "missing field 'type'");
        bad(lines, "{" + T + "," + READING + "}", "missing field 'data'");
        bad(lines, "{\"time\":1767225605," + READING + ",\"data\":{}}",
                "time: expected an ISO-8601 time string, found a number (1767225605)");
        bad(lines, "{\"time\":\"2026-01-01T00:00:05.500000\"," + READING + ",\"data\":{}}",
                "time: '2026-01-01T00:00:05.500000' has no UTC offset (a naive time); write it with Z or +00:00");
        bad(lines, "{" + T + "," + READING + ",\"data\":[]}", "data: expected an object, found an array");
        bad(lines, reading("\"sensor\":\"s\",\"seq\":\"2\",\"value\":2.5,\"unit\":\"C\",\"note\":null"),
                "data.seq: expected a long, found a string (\"2\")");
        bad(lines, reading("\"sensor\":\"s\",\"seq\":99999999999999999999,\"value\":2.5,\"unit\":\"C\",\"note\":null"),
                "data.seq: 99999999999999999999 is out of range for a long");
        bad(lines, reading("\"sensor\":\"s\",\"seq\":2,\"value\":\"nan\",\"unit\":\"C\",\"note\":null"),
                "data.value: expected a double, found a string (\"nan\") (the only strings a number is read from are"
                        + " \"NaN\", \"Infinity\" and \"-Infinity\")");
        bad(lines, reading("\"sensor\":\"s\",\"seq\":2,\"value\":true,\"unit\":\"C\",\"note\":null"),
                "data.value: expected a double, found a boolean (true)");
        bad(lines, "{" + T + "," + T + "," + READING + ",\"data\":{}}", "time: the field appears twice");
        bad(lines, "", "empty line");
        bad(lines, good(2) + " " + good(2), "content after the event's closing brace");
        bad(lines, "{" + T + ",\"type\":\"other.app:Thing\",\"data\":{\"v\":" + "[".repeat(50_000) + "]".repeat(50_000) + "}}",
                "input exceeds a parser limit: Document nesting depth (1001) exceeds the maximum allowed (1000, from"
                        + " `StreamReadConstraints.getMaxNestingDepth()`)");
        String huge = reading("\"sensor\":\"" + "s".repeat(9 * 1024 * 1024) + "\",\"seq\":2,\"value\":2.5,\"unit\":\"C\",\"note\":null");
        bad(lines, huge, "the line is " + huge.length() + " bytes long, more than the limit of 8388608");
        bad(lines, concat(("{" + T + "," + READING + ",\"data\":{\"sensor\":\"").getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xC3, 0x28}, "\",\"seq\":2,\"value\":2.5,\"unit\":\"C\",\"note\":null}}".getBytes(
                        StandardCharsets.UTF_8)), "malformed JSON: Invalid UTF-8 middle byte 0x28 (at column 86)");
        bad(lines, ("\uFEFF" + good(2)).getBytes("UTF-16LE"),
                "not UTF-8 text: it starts with the bytes ff fe, as UTF-16 or UTF-32 text does");
        // Type names that look like classes: delivered as raw messages, the first of each type noted.
        for (String name : NAMED_CLASSES) {
            for (String spelling : List.of(name, name.substring(0, name.lastIndexOf('.')) + ":"
                    + name.substring(name.lastIndexOf('.') + 1))) {
                String line = "{" + T + ",\"type\":\"" + spelling + "\",\"data\":{\"value\":\"boom\"}}";
                lines.add(line);
                GOOD.add(line);
                BAD.put(lines.size(), "unknown type '" + spelling + "': delivered as a raw message (register the type to"
                        + " decode it; further lines of this type are counted, not reported)");
            }
        }
        lines.add(good(3) + "\r");
        GOOD.add(good(3));
        BAD.put(lines.size(), "out of order: 2026-01-01T00:00:03Z is 2000 ms before the previous event"
                + " (2026-01-01T00:00:05Z); delivered in recorded order");
        bad(lines, good(4).substring(0, 70), null); // torn last line, no newline
        BAD.put(lines.size(), "torn last line (the file ends inside a record without a newline; its writer was probably"
                + " interrupted): truncated JSON: Unexpected end-of-input in property name (at column 71)");
        GOOD.add(0, good(1));

        file = Files.createDirectories(dir.resolve("hostile/2026-01-01")).resolve("00-00-00.jsonl");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < lines.size(); i++) {
            Object l = lines.get(i);
            out.writeBytes(l instanceof byte[] b ? b : ((String) l).getBytes(StandardCharsets.UTF_8));
            if (i < lines.size() - 1) {
                out.write('\n');
            }
        }
        Files.write(file, out.toByteArray());
        Path clean = Files.createDirectories(dir.resolve("clean/2026-01-01")).resolve("00-00-00.jsonl");
        Files.writeString(clean, good(1) + "\n" + good(2) + "\n");
    }

    private static void bad(List<Object> lines, Object line, String reason) {
        lines.add(line);
        if (reason != null) {
            BAD.put(lines.size(), reason);
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** The exact problem lines the image must print, with the path as given on its command line. */
    private static List<String> expectedProblems(String source) {
        Path relative = Path.of(source, "2026-01-01", "00-00-00.jsonl");
        return BAD.entrySet().stream().map(e -> relative + ":" + e.getKey() + ": " + e.getValue()).toList();
    }

    private static List<String> problemLines(String stderr, String source) {
        return stderr.lines().filter(l -> l.startsWith(Path.of(source, "2026-01-01").toString())).toList();
    }

    @Test
    void theSampleHoldsTwentyKindsAndMore() {
        assertTrue(BAD.size() >= 30, BAD.size() + " reports");
    }

    @Test
    void catReportsEveryBadLineWithFileAndLineAndPrintsTheGoodOnes() throws Exception {
        Image.Result cat = Image.run(dir, "cat", "hostile");
        assertEquals(0, cat.exitCode(), cat.toString());
        assertEquals(expectedProblems("hostile"), problemLines(cat.stderr(), "hostile"));
        assertEquals(GOOD, cat.stdoutLines(), "the good lines, exactly as recorded (unknown types verbatim)");
    }

    @Test
    void replayReportsEveryBadLineAndReplaysTheGoodOnes() throws Exception {
        Image.Result replay = Image.run(dir, "replay", "hostile", "--speed", "max", "--out", "replayed");
        assertEquals(0, replay.exitCode(), replay.toString());
        assertEquals(expectedProblems("hostile"), problemLines(replay.stderr(), "hostile"));
        assertTrue(replay.stderr().contains("replayed " + GOOD.size() + " events"), replay.stderr());
        List<Event<?>> expected = new ArrayList<>();
        for (String line : GOOD) {
            expected.add(Logs.decode(line));
        }
        assertEquals(expected, Logs.read(dir.resolve("replayed")));
    }

    @Test
    void noClassALogNamesIsLoaded() throws Exception {
        Set<String> baseline = loadedClasses("clean", "cat", "clean");
        for (String name : NAMED_CLASSES) {
            assertFalse(baseline.contains(name), name + " is loaded by any cat; pick another class for this check");
        }
        for (String command : List.of("cat", "replay")) {
            List<String> args = command.equals("cat") ? List.of("cat", "hostile")
                    : List.of("replay", "hostile", "--speed", "max", "--out", "replayed-" + System.nanoTime());
            Set<String> loaded = loadedClasses(command + "-hostile", args.toArray(String[]::new));
            assertTrue(loaded.size() > 500, "the class-load log was read: " + loaded.size() + " classes");
            for (String name : NAMED_CLASSES) {
                assertFalse(loaded.contains(name), command + " loaded " + name + ", which the log names");
            }
        }
    }

    /**
     * Runs the image with the JVM's class-load log on; the classes it loaded. Without the image's
     * ahead-of-time cache, which loads (but does not initialise) every class of its training run
     * at start-up, whatever the command reads: here only what the program itself loads counts.
     */
    private static Set<String> loadedClasses(String name, String... args) throws Exception {
        Path log = dir.resolve(name + "-classes.log");
        Image.Result r = Image.run(dir, Map.of("JAVA_OPTS", "-XX:AOTMode=off -Xlog:class+load=info:file=" + log), args);
        assertEquals(0, r.exitCode(), r.toString());
        Set<String> classes = new HashSet<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            int at = line.indexOf("[class,load] ");
            if (at >= 0) {
                String rest = line.substring(at + "[class,load] ".length());
                int space = rest.indexOf(' ');
                classes.add(space < 0 ? rest : rest.substring(0, space));
            }
        }
        return classes;
    }
}
