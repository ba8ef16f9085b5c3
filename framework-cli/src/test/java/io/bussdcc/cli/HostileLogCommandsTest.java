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
}
