package io.bussdcc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Event;
import io.bussdcc.api.message.RuntimeBooting;
import io.bussdcc.api.message.ServiceFailure;
import io.bussdcc.codec.LogSegments;
import io.bussdcc.jsonl.Durability;
import io.bussdcc.jsonl.JsonlSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bussdcc cat}'s journalctl-like options and {@code bussdcc log info|prune}, in-process. */
class LogToolsTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Cli cli = new Cli(new Io(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), false), List.of(new CatCommand(), new LogCommand()));

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static String booting(String time, String version) {
        return "{\"time\":\"" + time + "\",\"type\":\"bussdcc.message.runtime:RuntimeBooting\",\"data\":{\"version\":\""
                + version + "\"}}";
    }

    private static String failure(String time, String service, String error) {
        return "{\"time\":\"" + time + "\",\"type\":\"bussdcc.message.service:ServiceFailure\",\"data\":{\"service\":\""
                + service + "\",\"error\":\"" + error + "\",\"traceback\":null}}";
    }

    /** Two segments: 23:40 (compressed, three events) and 23:50 (plain, two events and a torn line). */
    private Path log() throws IOException {
        Path root = dir.resolve("events");
        Path day = Files.createDirectories(root.resolve("2026-03-09"));
        String first = String.join("\n", booting("2026-03-09T23:41:00Z", "1"), failure("2026-03-09T23:42:00Z", "pump",
                "dry, very"), booting("2026-03-09T23:43:00Z", "2")) + "\n";
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(day.resolve("23-40-00.jsonl.gz")))) {
            gz.write(first.getBytes(StandardCharsets.UTF_8));
        }
        Files.writeString(day.resolve("23-50-00.jsonl"), String.join("\n", failure("2026-03-09T23:51:00Z", "fan", "stuck"),
                booting("2026-03-09T23:52:00Z", "3"), "{\"time\":\"2026-03-09T23:53:00Z\",\"ty"));
        return root;
    }

    @Test
    void catReadsCompressedSegmentsAndFiltersBySeverity() throws IOException {
        Path log = log();
        assertEquals(Cli.OK, cli.run(new String[] {"cat", log.toString(), "--severity", "error"}), err());
        List<String> lines = out().lines().toList();
        assertEquals(List.of(failure("2026-03-09T23:42:00Z", "pump", "dry, very"),
                failure("2026-03-09T23:51:00Z", "fan", "stuck")), lines);
        assertTrue(err().contains("23-50-00.jsonl:3: torn last line"), err());
    }

    @Test
    void lastPrintsTheNewestEventsInTimeOrder() throws IOException {
        assertEquals(Cli.OK, cli.run(new String[] {"cat", log().toString(), "--last", "2"}), err());
        assertEquals(List.of(failure("2026-03-09T23:51:00Z", "fan", "stuck"), booting("2026-03-09T23:52:00Z", "3")),
                out().lines().toList());
        assertTrue(err().contains("2 events printed; 1 problem reported above"), err());
    }

    @Test
    void csvPrintsChosenDataFieldsQuotedWhereNeeded() throws IOException {
        assertEquals(Cli.OK, cli.run(new String[] {"cat", log().toString(), "--type", "*ServiceFailure", "--format", "csv",
                "--fields", "service,error,traceback"}), err());
        assertEquals(List.of("time,severity,type,service,error,traceback",
                "2026-03-09T23:42:00Z,CRITICAL,bussdcc.message.service:ServiceFailure,pump,\"dry, very\",",
                "2026-03-09T23:51:00Z,CRITICAL,bussdcc.message.service:ServiceFailure,fan,stuck,"), out().lines().toList());
    }

    @Test
    void badCatOptionsAreUsageErrorsNamingTheOption() throws IOException {
        String log = log().toString();
        List<List<String>> cases = List.of(
                List.of("--severity loud", "--severity: 'loud' is not a severity"),
                List.of("--last 0", "--last: '0' is not a number of events"),
                List.of("--last -3", "--last: '-3' is not a number of events"),
                List.of("--format xml", "--format: 'xml' is not a format"),
                List.of("--fields a", "--fields chooses the columns of --format csv"),
                List.of("--format csv --fields a,,b", "--fields: 'a,,b' holds an empty field name"),
                List.of("--follow --to now", "--to and --follow exclude each other"),
                List.of("--from 25:00", "--from: '25:00' is not a time of day"),
                List.of("--from -5parsecs", "--from: '-5parsecs' is not a time before now"));
        for (List<String> c : cases) {
            err.reset();
            List<String> argv = new java.util.ArrayList<>(List.of("cat", log));
            argv.addAll(List.of(c.get(0).split(" ")));
            assertEquals(Cli.USAGE, cli.run(argv.toArray(String[]::new)), c.get(0) + ": " + err());
            assertTrue(err().startsWith("bussdcc cat: " + c.get(1)), c.get(0) + ": " + err());
        }
    }

    @Test
    void relativeAndTimeOfDayBoundsCountFromNowInUtc() throws Exception {
        Instant now = Instant.parse("2026-03-10T06:58:30Z");
        assertEquals(Instant.parse("2026-03-10T06:53:30Z"), TimeBound.parse("--from", "-5m", now));
        assertEquals(Instant.parse("2026-03-09T06:58:30Z"), TimeBound.parse("--from", "-1d", now));
        assertEquals(Instant.parse("2026-03-10T06:54:00Z"), TimeBound.parse("--from", "06:54", now));
        assertEquals(Instant.parse("2026-03-10T06:54:10Z"), TimeBound.parse("--from", "6:54:10", now));
        assertEquals(Instant.parse("2026-03-09T23:00:00Z"), TimeBound.parse("--from", "23:00", now),
                "a time of day still to come today means yesterday's");
        assertEquals(now, TimeBound.parse("--to", "now", now));
        assertEquals(Instant.parse("2026-03-10T00:00:00Z"), TimeBound.parse("--from", "today", now));
        assertEquals(Instant.parse("2026-03-09T00:00:00Z"), TimeBound.parse("--from", "yesterday", now));
        UsageException e = assertThrows(UsageException.class, () -> TimeBound.parse("--from", "24:10", now));
        assertTrue(e.getMessage().startsWith("--from: '24:10' is not a time of day"), e.getMessage());
    }

    @Test
    void logInfoCountsSegmentsTypesSeveritiesAndTornLines() throws IOException {
        Path log = log();
        assertEquals(Cli.OK, cli.run(new String[] {"log", "info", log.toString()}), err());
        String o = out();
        assertTrue(o.contains("segments   2 (1 compressed, 1 plain), 2026-03-09/23-40-00.jsonl to 2026-03-09/23-50-00.jsonl"), o);
        assertTrue(o.contains("time       2026-03-09T23:41:00Z to 2026-03-09T23:52:00Z"), o);
        assertTrue(o.contains("events     5"), o);
        assertTrue(o.contains("lines      6 (1 bad, 1 torn, 0 out of order)"), o);
        assertTrue(o.contains("  CRITICAL  2"), o);
        assertTrue(o.contains("  INFO      3"), o);
        assertTrue(o.contains("bussdcc.message.runtime:RuntimeBooting  3"), o);
        assertTrue(o.contains("bussdcc.message.service:ServiceFailure  2"), o);
        long bytes = Files.size(log.resolve("2026-03-09/23-40-00.jsonl.gz")) + Files.size(log.resolve("2026-03-09/23-50-00.jsonl"));
        assertTrue(o.contains("bytes      " + bytes + " on disk"), o);
        assertTrue(err().contains("torn last line"), err());
    }

    @Test
    void pruneDryRunListsAndRemovesNothingThenPruneRemoves() throws IOException {
        Path log = log();
        Path old = log.resolve("2026-03-09/23-40-00.jsonl.gz");
        assertEquals(Cli.OK, cli.run(new String[] {"log", "prune", log.toString(), "--max-age", "1d", "--dry-run"}), err());
        assertTrue(out().contains("would remove " + old), out());
        assertFalse(out().contains("23-50-00"), "the newest segment's age is its file's, just written: " + out());
        assertTrue(Files.exists(old), "a dry run removes nothing");
        out.reset();
        assertEquals(Cli.OK, cli.run(new String[] {"log", "prune", log.toString(), "--max-age", "1d"}), err());
        assertTrue(out().contains("removed " + old), out());
        assertFalse(Files.exists(old));
        assertTrue(Files.exists(log.resolve("2026-03-09/23-50-00.jsonl")));
    }

    @Test
    void pruneRefusesAZeroNegativeOrMissingLimitAndRemovesNothing() throws IOException {
        Path log = log();
        for (String[] bad : List.of(new String[] {"--max-size", "0"}, new String[] {"--max-size", "-1"},
                new String[] {"--max-size", "much"}, new String[] {"--max-age", "0s"}, new String[] {"--max-age", "-1d"},
                new String[] {"--set", "sink.jsonl.retention.max-size=0"}, new String[0])) {
            err.reset();
            String[] argv = new String[bad.length + 3];
            argv[0] = "log";
            argv[1] = "prune";
            argv[2] = log.toString();
            System.arraycopy(bad, 0, argv, 3, bad.length);
            assertEquals(Cli.USAGE, cli.run(argv), String.join(" ", bad) + ": " + err());
            String named = bad.length == 0 ? "needs a limit" : bad[0].equals("--set") ? "sink.jsonl.retention.max-size" : bad[0];
            assertTrue(err().contains(named), err());
        }
        assertEquals(2, LogSegments.list(log).size());
    }

    @Test
    void followPrintsWhatASinkWritesAcrossSegmentsUntilInterrupted() throws Exception {
        Path log = dir.resolve("live");
        JsonlSink sink = JsonlSink.builder(log).interval(Duration.ofSeconds(1)).durability(Durability.flushEachEvent())
                .build();
        sink.start(null);
        int[] status = {-1};
        Thread cat = new Thread(() -> status[0] = cli.run(new String[] {"cat", log.toString(), "--follow"}));
        try {
            cat.start();
            Instant t0 = Instant.parse("2026-03-09T23:00:00Z");
            for (int i = 0; i < 5; i++) {
                sink.handle(new Event<>(t0.plusSeconds(i), new RuntimeBooting("v" + i))); // a new segment each
                String expected = "\"version\":\"v" + i + "\"";
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!out().contains(expected)) {
                    assertTrue(System.nanoTime() < deadline, "cat --follow did not print event " + i + ": " + out());
                    Thread.sleep(10);
                }
            }
        } finally {
            cat.interrupt();
            cat.join(TimeUnit.SECONDS.toMillis(20));
            sink.stop();
        }
        assertFalse(cat.isAlive());
        assertEquals(Cli.OK, status[0], err());
        assertEquals(5, out().lines().count(), out());
        assertTrue(new java.util.HashSet<>(LogSegments.list(log).stream().map(LogSegments.Segment::name).toList()).size() == 5);
    }
}
