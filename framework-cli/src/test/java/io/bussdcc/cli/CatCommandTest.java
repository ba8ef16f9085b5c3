package io.bussdcc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bussdcc cat} in-process: what it prints for empty folders, bad lines and {@code --pretty}. */
class CatCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Cli cli = new Cli(new Io(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), false), List.of(new CatCommand()));

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path segment(String... lines) throws IOException {
        Path file = Files.createDirectories(dir.resolve("log/2026-03-09")).resolve("23-40-00.jsonl");
        Files.write(file, List.of(lines));
        return dir.resolve("log");
    }

    @Test
    void anEmptyFolderIsNoLogAndFails() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertEquals(Cli.FAILED, cli.run(new String[] {"cat", empty.toString()}));
        assertEquals("", out());
        assertTrue(err().contains("no log segments under " + empty), err());
    }

    @Test
    void aFolderWithoutSegmentsIsNoLogAndFails() throws IOException {
        Path notALog = Files.createDirectories(dir.resolve("photos/2026"));
        Files.writeString(notALog.resolve("cat.jpg"), "not an event");
        assertEquals(Cli.FAILED, cli.run(new String[] {"cat", dir.resolve("photos").toString()}));
        assertTrue(err().contains("no log segments under " + dir.resolve("photos")), err());
    }

    @Test
    void theSummaryCountsInTheSingularAndThePlural() throws IOException {
        Path log = segment(
                "{\"time\":\"2026-03-09T23:45:02Z\",\"type\":\"bussdcc.message.runtime:RuntimeBooting\",\"data\":{\"version\":\"1\"}}",
                "{\"time\":\"2026-03-09T23:45:03Z\",\"type\":");
        assertEquals(Cli.OK, cli.run(new String[] {"cat", log.toString()}));
        assertTrue(err().endsWith("1 event printed; 1 problem reported above" + System.lineSeparator()), err());

        err.reset();
        segment("{\"time\":\"2026-03-09T23:45:03Z\",\"type\":", "[1]");
        assertEquals(Cli.OK, cli.run(new String[] {"cat", log.toString()}));
        assertTrue(err().endsWith("0 events printed; 2 problems reported above" + System.lineSeparator()), err());
    }

    @Test
    void problemsCarryNoRedactedJacksonSource() throws IOException {
        Path log = segment("{\"time\":\"2026-03-09T23:45:02Z\",\"type\":\"x:Y\",\"data\":{\"a\":[1,2");
        cli.run(new String[] {"cat", log.toString()});
        assertTrue(err().contains("23-40-00.jsonl:1: truncated JSON"), err());
        assertTrue(err().contains("start marker at column 57"), err());
        assertFalse(err().contains("Source"), err());
        assertFalse(err().contains("REDACTED"), err());
    }

    @Test
    void prettyLinesUpTimeSeverityTypeAndData() throws IOException {
        Path log = segment(
                "{\"time\":\"2026-03-09T23:45:02Z\",\"type\":\"bussdcc.message.runtime:RuntimeBooting\",\"data\":{\"version\":\"1\"}}",
                "{\"time\":\"2026-03-09T23:45:02.123456789Z\",\"type\":\"bussdcc.message.runtime:RuntimeBooted\",\"data\":{}}",
                "{\"time\":\"2026-03-09T23:45:03.5Z\",\"type\":\"bussdcc.message.service:ServiceFailure\","
                        + "\"data\":{\"service\":\"pump\",\"error\":\"boom\",\"traceback\":null}}");
        assertEquals(Cli.OK, cli.run(new String[] {"cat", log.toString(), "--pretty"}), err());
        List<String> lines = out().lines().toList();
        assertEquals(3, lines.size(), out());
        for (String column : List.of("INFO", "bussdcc.message.runtime:Runtime", "{")) {
            // the first line's column start is every line's (CRITICAL is where INFO is)
            int at = lines.get(0).indexOf(column);
            assertTrue(at > 0, column + " in " + lines.get(0));
            for (String line : lines) {
                String there = line.substring(at);
                assertTrue(there.startsWith(column) || column.equals("INFO") && there.startsWith("CRITICAL")
                        || column.startsWith("bussdcc.") && there.startsWith("bussdcc.message.service:"), line);
            }
        }
        assertTrue(lines.get(1).startsWith("2026-03-09T23:45:02.123456789Z  INFO      bussdcc.message.runtime:RuntimeBooted "),
                lines.get(1));
    }
}
