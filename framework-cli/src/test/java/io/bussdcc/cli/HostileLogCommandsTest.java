package io.bussdcc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cat} and {@code replay} in-process on logs written to hurt them. */
class HostileLogCommandsTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Cli cli = new Cli(new Io(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), false),
            List.of(new ReplayCommand(), new CatCommand()));

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    static String line(String time, String type, int seq) {
        return "{\"time\":\"" + time + "\",\"type\":\"" + type + "\",\"data\":{\"seq\":" + seq + "}}";
    }

    /** 2,000 lines (more than cat's 64 KiB buffer), then two valid times 2 billion years apart. */
    private Path farApartLog() throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            b.append(line("2026-01-01T00:00:00." + String.format("%03d", i / 2) + "Z", "other.app:Thing", i)).append('\n');
        }
        b.append(line("+1000000000-12-31T23:59:59Z", "other.app:Thing", 2000)).append('\n');
        b.append(line("-1000000000-01-01T00:00:00Z", "other.app:Thing", 2001)).append('\n');
        Path file = dir.resolve("far.jsonl");
        Files.writeString(file, b, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void catPrintsEveryLineOfALogWithTimesFarApartAndReportsTheGapAtItsLine() throws Exception {
        Path file = farApartLog();
        int status = cli.run(new String[] {"cat", file.toString()});
        assertEquals(0, status, err());
        List<String> lines = out().lines().toList();
        assertEquals(2002, lines.size(), err());
        assertTrue(lines.get(2001).contains("\"seq\":2001"), lines.get(2001));
        assertTrue(err().contains(file + ":2002: out of order: -1000000000-01-01T00:00:00Z is "), err());
    }

    @Test
    void replayOfALogWithTimesFarApartWritesEveryEvent() throws Exception {
        Path file = farApartLog();
        Path outDir = dir.resolve("out");
        int status = cli.run(new String[] {"replay", file.toString(), "--speed", "max", "--out", outDir.toString()});
        assertEquals(0, status, err());
        assertTrue(err().contains("replayed 2002 events"), err());
        assertTrue(!err().contains("failures"), err());
        try (var events = new io.bussdcc.jsonl.JsonlSource(outDir).open(p -> { })) {
            assertEquals(2002, events.count(), "events written to " + outDir);
        }
    }

    /** Every character of {@code text} other than its line ends that could change a terminal's state or the reading direction. */
    private static List<String> unsafe(String text) {
        return text.chars().filter(c -> c != '\n' && (c < 0x20 || c >= 0x7F && c <= 0x9F
                || "\u061C\u200E\u200F\u2028\u2029\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069".indexOf(c) >= 0))
                .mapToObj(c -> "U+" + Integer.toHexString(c)).toList();
    }

    @Test
    void catPrintsNothingRawThatCouldDriveTheTerminal() throws Exception {
        String esc = "\\u001b[2J\\u001b]0;owned\\u0007";
        Path log = Files.createDirectories(dir.resolve("log/2026-01-01"));
        Files.writeString(log.resolve("00-00-00\n\u001b[31m.jsonl"), String.join("\n",
                line("2026-01-01T00:00:01Z", "x:Y" + esc, 1),
                "{\"time\":\"" + esc + "\",\"type\":\"x:Y\",\"data\":{}}",
                "{\"time\":\"2026-01-01T00:00:02Z\",\"type\":\"x:Y\",\"data\":{\"s\":\"\u202Egnp.exe\u009b\u2028\"}}",
                "\u001b[2J not json\u202E") + "\n", StandardCharsets.UTF_8);
        assertEquals(0, cli.run(new String[] {"cat", "--pretty", dir.resolve("log").toString()}), err());
        assertEquals(List.of(), unsafe(err()), err());
        assertEquals(List.of(), unsafe(out()), out());
        assertEquals(2, out().lines().count(), out());
        assertTrue(out().matches("(?s).*x:Y\\\\u001B\\[2J\\\\u001B]0;owned\\\\u0007 +\\{\"seq\":1}.*"), out());
        assertTrue(out().contains("\\u202Egnp.exe\\u009B\\u2028"), out());
        assertTrue(err().contains("00-00-00\\n\\u001B[31m.jsonl:2: time: '\\u001B[2J"), err());
        assertTrue(err().contains(".jsonl:4: malformed JSON"), err());
    }

    @Test
    void replayAtRealTimeSpeedWithAMaximumGapEndsOnALogReachingTheYear999999999() throws Exception {
        Path file = dir.resolve("far.jsonl");
        Files.writeString(file, line("2026-01-01T00:00:00Z", "other.app:Thing", 1) + "\n"
                + line("+999999999-01-01T00:00:00Z", "other.app:Thing", 2) + "\n", StandardCharsets.UTF_8);
        assertEquals(0, cli.run(new String[] {"replay", file.toString(), "--max-gap", "10ms"}), err());
        assertTrue(err().contains("replayed 2 events from " + file + " in "), err());
        assertTrue(err().contains("(replay complete); 1 problem reported above; 1 idle gap shortened to 10ms"), err());
        assertEquals(2, cli.run(new String[] {"replay", file.toString(), "--max-gap", "soon"}));
        assertTrue(err().contains("--max-gap: "), err());
    }
}
