package io.bussdcc.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Event;
import io.bussdcc.api.Health;
import io.bussdcc.api.RawMessage;
import io.bussdcc.codec.EventCodec;
import io.bussdcc.jsonl.JsonlSink;
import io.bussdcc.runtime.Runtime;
import io.bussdcc.runtime.RuntimeBootException;
import io.bussdcc.sql.Samples.Reading;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlSinkTest {

    @TempDir
    Path dir;

    private String url() {
        return "jdbc:sqlite:" + dir.resolve("events.db");
    }

    private SqlSink record(List<Event<?>> events, SqlSink.Builder b) throws Exception {
        SqlSink sink = b.registry(Samples.registry()).build();
        sink.start(null);
        for (Event<?> e : events) {
            sink.handle(e);
        }
        sink.stop();
        return sink;
    }

    @Test
    void rowsHoldTheTimeToTheNanosecondTypeSeverityDeviceAndTheJsonlLinesData() throws Exception {
        List<Event<?>> events = Samples.variety();
        record(events, SqlSink.builder(url()));
        JsonlSink jsonl = JsonlSink.builder(dir.resolve("log")).registry(Samples.registry()).build();
        jsonl.start(null);
        for (Event<?> e : events) {
            jsonl.handle(e);
        }
        jsonl.stop();
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir.resolve("log"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                lines.addAll(Files.readAllLines(f));
            }
        }
        List<List<String>> rows = Samples.rows(url(), "bussdcc_events");
        assertEquals(events.size(), rows.size());
        EventCodec codec = new EventCodec(Samples.registry());
        for (int i = 0; i < events.size(); i++) {
            Event<?> e = events.get(i);
            List<String> row = rows.get(i);
            assertEquals(String.valueOf(e.time().getEpochSecond()), row.get(1));
            assertEquals(String.valueOf(e.time().getNano()), row.get(2));
            assertEquals(codec.formatTime(e.time()), row.get(3));
            assertEquals(codec.types().nameOf(e.payload()), row.get(4));
            assertEquals(e.severity().name(), row.get(5));
            // The line is {"time":…,"type":…,"data":DATA} (or "payload" for a typeless raw message).
            String line = lines.get(i);
            String field = row.get(4) == null ? "\"payload\":" : "\"data\":";
            assertEquals(line.substring(line.indexOf(field) + field.length(), line.length() - 1), row.get(7), line);
        }
        assertEquals("pump-1", rows.get(2).get(6));
        assertEquals("thermo-1", rows.get(3).get(6));
        assertEquals("d-9", rows.get(4).get(6));
        assertEquals(null, rows.get(0).get(6));
        assertEquals("WARNING", rows.get(2).get(5));
    }

    @Test
    void typeFiltersWorkAsTheJsonlSinks() throws Exception {
        record(Samples.variety(), SqlSink.builder(url()).types("test.sql:*", "other.*", "!test.sql:Alarm"));
        List<String> types = Samples.rows(url(), "bussdcc_events").stream().map(r -> r.get(4)).toList();
        assertEquals(List.of("test.sql:Reading", "test.sql:Reading", "other.app:Unknown", "test.sql:Reading"), types);
    }

    @Test
    void aTransformRewritesOrDropsAndAFallbackWritesWhatTheCodecCannotNaNStaysJson() throws Exception {
        Instant t = Samples.T0;
        record(List.of(new Event<>(t, new Reading("s", 1, Double.NaN, "C", null)),
                new Event<>(t, new Reading("s", 2, 0.5, "C", null)),
                new Event<>(t, new Priced(new java.math.BigDecimal("9.90")))),
                SqlSink.builder(url())
                        .transform(e -> e.payload() instanceof Reading r && r.seq() == 2 ? null : e)
                        .fallback(v -> v instanceof java.math.BigDecimal d ? d.toPlainString()
                                : io.bussdcc.codec.EncodingFallback.UNHANDLED));
        List<List<String>> rows = Samples.rows(url(), "bussdcc_events");
        assertEquals(List.of("{\"sensor\":\"s\",\"seq\":1,\"value\":\"NaN\",\"unit\":\"C\",\"note\":null}",
                "{\"price\":\"9.90\"}"), rows.stream().map(r -> r.get(7)).toList());
        assertEquals("test.sql:Priced", rows.get(1).get(4));
    }

    @io.bussdcc.api.MessageType("test.sql:Priced")
    public record Priced(java.math.BigDecimal price) implements io.bussdcc.api.Message {}

    @Test
    void commitsWhileRunningWithinTheIntervalNotOnlyAtStop() throws Exception {
        SqlSink sink = SqlSink.builder(url()).commitInterval(Duration.ofMillis(50)).registry(Samples.registry()).build();
        sink.start(null);
        try {
            for (int i = 0; i < 10; i++) {
                sink.handle(new Event<>(Samples.T0.plusSeconds(i), new Reading("s", i, i, "u", null)));
            }
            Samples.eventually("10 events committed", () -> sink.committed() == 10);
            assertEquals(10, Samples.count(url(), "bussdcc_events"), "visible to another connection");
        } finally {
            sink.stop();
        }
    }

    @Test
    void aFullBatchIsCommittedBeforeTheIntervalIsOver() throws Exception {
        SqlSink sink = SqlSink.builder(url()).commitInterval(Duration.ofHours(1)).batchSize(5)
                .registry(Samples.registry()).build();
        sink.start(null);
        try {
            for (int i = 0; i < 5; i++) {
                sink.handle(new Event<>(Samples.T0.plusSeconds(i), new Reading("s", i, i, "u", null)));
            }
            Samples.eventually("a batch of 5 committed", () -> sink.committed() == 5);
        } finally {
            sink.stop();
        }
    }

    @Test
    void retentionKeepsNDaysWithPerTypeOverridesAndRunsOnDemand() throws Exception {
        Instant now = Instant.now();
        List<Event<?>> events = List.of(
                new Event<>(now.minus(Duration.ofDays(40)), new Reading("old", 1, 1, "u", null)),
                new Event<>(now.minus(Duration.ofDays(10)), new Reading("ten-days", 2, 1, "u", null)),
                new Event<>(now.minus(Duration.ofDays(40)), new RawMessage("keep.me:Forever", "{}")),
                new Event<>(now.minus(Duration.ofDays(40)), new RawMessage("keep.me:Short", "{}")),
                new Event<>(now.minus(Duration.ofDays(2)), new RawMessage("keep.me:Short", "{}")),
                new Event<>(now.minus(Duration.ofDays(40)), new RawMessage(null, "{}")),
                new Event<>(now.minus(Duration.ofDays(40)), new RawMessage("test.sql_x:Other", "{}")),
                new Event<>(now, new Reading("new", 3, 1, "u", null)));
        // Kept forever: nothing goes, whatever the age.
        record(events, SqlSink.builder(url()));
        assertEquals(8, Samples.count(url(), "bussdcc_events"));

        Retention retention = Retention.keep(Duration.ofDays(30))
                .keep("test.sql:*", Duration.ofDays(7))
                .keep("keep.me:*", Duration.ofDays(365))
                .keep("keep.me:Short", Duration.ofDays(1));
        SqlSink sink = SqlSink.builder(url()).retention(retention).commitInterval(Duration.ofHours(1))
                .registry(Samples.registry()).build();
        sink.start(null); // runs once at start
        try {
            Samples.eventually("retention ran at start", () -> sink.purged() > 0);
            List<String> left = Samples.rows(url(), "bussdcc_events").stream()
                    .map(r -> r.get(4) + "@" + (now.getEpochSecond() - Long.parseLong(r.get(1))) / 86_400).toList();
            // test.sql:* keeps 7 days (the 10-day reading goes), keep.me:* a year, keep.me:Short one day,
            // the rest 30 days (the typeless and test.sql_x events, 40 days old, go: '_' is no wildcard).
            assertEquals(List.of("keep.me:Forever@40", "test.sql:Reading@0"), left);
            assertEquals(6, sink.purged());
            assertEquals(0, sink.purge(), "on demand: nothing more to delete");
        } finally {
            sink.stop();
        }
    }

    @Test
    void aRetentionOverrideIsANameOrAPrefixAndABadOneIsRefusedNamingIt() {
        Retention base = Retention.keep(Duration.ofDays(30));
        for (String bad : List.of("*Alarm", "a*b:*", "!keep.me:*")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> base.keep(bad, Duration.ofDays(1)));
            assertTrue(e.getMessage().contains("'" + bad + "'") && e.getMessage().contains("prefix ending in *"),
                    e.getMessage());
        }
        IllegalArgumentException grammar = assertThrows(IllegalArgumentException.class,
                () -> Retention.parse("30d", "a b:*=7d"));
        assertTrue(grammar.getMessage().startsWith("retention override: 'a b:*' is not a type pattern"),
                grammar.getMessage());
        assertEquals(Duration.ofDays(7), Retention.parse("30d", "keep.me:*=7d").ageOf("keep.me:X").orElseThrow());
    }

    @Test
    void aTableAlteredByHandIsRefusedNamingTheMissingColumn() throws Exception {
        Samples.execute(url(), "CREATE TABLE bussdcc_events (id INTEGER PRIMARY KEY, epoch_s BIGINT, nano INTEGER,"
                + " time TEXT, type TEXT, severity TEXT, data TEXT)");
        SqlSink sink = SqlSink.builder(url()).build();
        SQLException e = assertThrows(SQLException.class, () -> sink.start(null));
        assertTrue(e.getMessage().contains("the event table bussdcc_events in " + url() + " has no column device"),
                e.getMessage());
        assertTrue(e.getMessage().contains("altered by hand"), e.getMessage());
    }

    @Test
    void anUnreachableDatabaseFailsTheBootNamingIt() {
        Runtime runtime = Runtime.builder().build();
        runtime.addSink(SqlSink.builder("jdbc:postgresql://127.0.0.1:1/nowhere?connectTimeout=2").build());
        RuntimeBootException e = assertThrows(RuntimeBootException.class, runtime::boot);
        assertTrue(e.getMessage().startsWith("sink 'sql' failed to start: ")
                && e.getMessage().contains("cannot open jdbc:postgresql://127.0.0.1:1/nowhere"),
                e.getMessage());
        assertTrue(e.getMessage().contains("refused"), e.getMessage());
    }

    @Test
    void aFileThatCannotBeCreatedFailsTheStartNamingIt() throws Exception {
        Path notADir = Files.writeString(dir.resolve("file"), "x");
        SqlSink sink = SqlSink.builder("jdbc:sqlite:" + notADir.resolve("sub/events.db")).build();
        SQLException e = assertThrows(SQLException.class, () -> sink.start(null));
        assertTrue(e.getMessage().startsWith("cannot open jdbc:sqlite:" + notADir.resolve("sub/events.db")), e.getMessage());
    }

    @Test
    void aDatabaseLockedByASecondWriterFailsTheStartThenCommitsWaitAndLoseNothing() throws Exception {
        try (Connection other = DriverManager.getConnection(url()); Statement s = other.createStatement()) {
            s.execute("CREATE TABLE app (x INTEGER)");
            s.execute("BEGIN EXCLUSIVE");
            SQLException e = assertThrows(SQLException.class, () -> SqlSink.builder(url()).build().start(null));
            assertTrue(e.getMessage().contains("another connection holds the database's write lock"), e.getMessage());
            s.execute("ROLLBACK");
        }
        SqlSink sink = SqlSink.builder(url()).commitInterval(Duration.ofMillis(50)).registry(Samples.registry()).build();
        sink.start(null);
        try (Connection other = DriverManager.getConnection(url()); Statement s = other.createStatement()) {
            other.setAutoCommit(false);
            s.execute("INSERT INTO app VALUES (1)"); // takes the write lock
            for (int i = 0; i < 3; i++) {
                sink.handle(new Event<>(Samples.T0.plusSeconds(i), new Reading("s", i, i, "u", null)));
            }
            // The commit fails after the busy timeout; the next event hears of it, once.
            IOException failure = null;
            long end = System.nanoTime() + 60_000_000_000L;
            int n = 3;
            while (failure == null && System.nanoTime() < end) {
                try {
                    sink.handle(new Event<>(Samples.T0.plusSeconds(n), new Reading("s", n, n, "u", null)));
                    n++;
                    Thread.sleep(20);
                } catch (IOException e) {
                    failure = e;
                    n++; // that event was kept too
                }
            }
            assertTrue(failure != null && failure.getMessage().startsWith("cannot commit "), String.valueOf(failure));
            assertTrue(failure.getMessage().contains("kept and retried"), failure.getMessage());
            assertEquals(0, sink.committed());
            Health down = sink.health();
            assertEquals(Health.Status.DOWN, down.status(), "a sink that cannot write is DOWN in /api/health");
            assertTrue(down.reason().startsWith("cannot commit "), down.reason());
            assertTrue(down.counts().get("pending") > 0, down.counts().toString());
            other.rollback();
            int expected = n;
            Samples.eventually("everything committed once the lock is gone", () -> sink.committed() == expected);
            Samples.eventually("UP again once commits succeed", () -> sink.health().isUp());
            assertEquals(0L, sink.health().counts().get("pending"));
        } finally {
            sink.stop();
        }
        List<String> seqs = Samples.rows(url(), "bussdcc_events").stream().map(r -> r.get(7)).toList();
        assertEquals(sink.committed(), seqs.size());
        for (int i = 0; i < seqs.size(); i++) {
            assertTrue(seqs.get(i).contains("\"seq\":" + i + ","), seqs.get(i));
        }
    }

    @Test
    void recordsARuntimesLifecycleThroughItsContext() throws Exception {
        Runtime runtime = Runtime.builder().messageTypes(Samples.registry()).build();
        runtime.addSink(SqlSink.builder(url()).build());
        runtime.boot();
        runtime.emit(new Reading("s", 1, 2.5, "u", null));
        runtime.shutdown("test");
        List<String> types = Samples.rows(url(), "bussdcc_events").stream().map(r -> r.get(4)).toList();
        assertEquals("bussdcc.message.runtime:RuntimeBooting", types.get(0));
        assertTrue(types.contains("test.sql:Reading"), types.toString());
        assertEquals("bussdcc.message.runtime:RuntimeShutdown", types.get(types.size() - 1));
    }
}
