package io.bussdcc.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Event;
import io.bussdcc.api.RawMessage;
import io.bussdcc.api.SourceProblem;
import io.bussdcc.codec.EventCodec;
import io.bussdcc.jsonl.JsonlSink;
import io.bussdcc.jsonl.JsonlSource;
import io.bussdcc.sql.Samples.Reading;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recorder, the source and migrations on a real PostgreSQL server started for these tests. */
class PostgresTest {

    static PgServer pg;
    static int databases;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        pg = PgServer.start(false);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    private static String freshDatabase() throws Exception {
        return pg.createDatabase("test_" + ++databases);
    }

    @Test
    void recordsAndReadsBackExactlyWhatTheJsonlLogGives() throws Exception {
        String url = freshDatabase();
        List<Event<?>> events = Samples.variety();
        SqlSourceTest.record(SqlSink.builder(url).registry(Samples.registry()).build(), events);
        SqlSourceTest.record(JsonlSink.builder(dir.resolve("log")).registry(Samples.registry()).build(), events);
        List<SourceProblem> problems = new ArrayList<>();
        List<Event<?>> fromSql = SqlSourceTest.read(SqlSource.builder(url).registry(Samples.registry()).build(), problems);
        List<Event<?>> fromJsonl = SqlSourceTest.read(JsonlSource.builder(dir.resolve("log")).registry(Samples.registry())
                .build(), new ArrayList<>());
        assertEquals(fromJsonl, fromSql);
        EventCodec codec = new EventCodec(Samples.registry());
        assertEquals(fromJsonl.stream().map(codec::toJson).toList(), fromSql.stream().map(codec::toJson).toList());
        // The json column keeps the data's text exactly, as the JSONL line has it.
        List<String> lines = new ArrayList<>();
        for (Path f : Files.walk(dir.resolve("log")).filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
            lines.addAll(Files.readAllLines(f));
        }
        assertTrue(lines.get(1).endsWith("\"data\":" + Samples.rows(url, "bussdcc_events").get(1).get(7) + "}"), lines.get(1));
        assertEquals("pump-1", Samples.rows(url, "bussdcc_events").get(2).get(6));
        // Bounds and types go into the query.
        List<Event<?>> bounded = SqlSourceTest.read(SqlSource.builder(url).registry(Samples.registry())
                .from(Samples.T0.plusNanos(1)).to(Samples.T0.plusSeconds(3)).types("test.sql:*").build(), new ArrayList<>());
        assertEquals(events.subList(1, 3), bounded);
    }

    @Test
    void retentionDeletesByAgeWithPerTypeOverrides() throws Exception {
        String url = freshDatabase();
        Instant now = Instant.now();
        SqlSourceTest.record(SqlSink.builder(url).registry(Samples.registry()).build(), List.of(
                new Event<>(now.minus(Duration.ofDays(40)), new Reading("old", 1, 1, "u", null)),
                new Event<>(now.minus(Duration.ofDays(40)), new RawMessage("keep.me:X", "{}")),
                new Event<>(now.minus(Duration.ofDays(3)), new Reading("recent", 2, 1, "u", null))));
        SqlSink sink = SqlSink.builder(url).registry(Samples.registry())
                .retention(Retention.keep(Duration.ofDays(30)).keep("keep.me:*", Duration.ofDays(365))
                        .keep("test.sql:Reading", Duration.ofDays(1)))
                .build();
        sink.start(null);
        try {
            Samples.eventually("retention ran", () -> sink.purged() == 2);
        } finally {
            sink.stop();
        }
        assertEquals(List.of("keep.me:X"), Samples.rows(url, "bussdcc_events").stream().map(r -> r.get(4)).toList());
    }

    @Test
    void aServerThatGoesAwayLosesNothingCommitsResumeWhenItIsBack() throws Exception {
        String url = freshDatabase();
        SqlSink sink = SqlSink.builder(url).commitInterval(Duration.ofMillis(100)).registry(Samples.registry()).build();
        sink.start(null);
        int n = 0;
        try {
            for (; n < 5; n++) {
                sink.handle(new Event<>(Samples.T0.plusSeconds(n), new Reading("s", n, n, "u", null)));
            }
            Samples.eventually("5 committed", () -> sink.committed() == 5);
            pg.stop();
            IOException failure = null;
            long end = System.nanoTime() + 60_000_000_000L;
            while (failure == null && System.nanoTime() < end) {
                try {
                    sink.handle(new Event<>(Samples.T0.plusSeconds(n), new Reading("s", n, n, "u", null)));
                } catch (IOException e) {
                    failure = e;
                }
                n++;
                Thread.sleep(20);
            }
            assertTrue(failure != null && failure.getMessage().startsWith("cannot commit "), String.valueOf(failure));
            pg.restart();
            int all = n;
            Samples.eventually("all " + all + " committed after the restart", () -> sink.committed() == all);
        } finally {
            sink.stop();
        }
        List<String> data = Samples.rows(url, "bussdcc_events").stream().map(r -> r.get(7)).toList();
        assertEquals(n, data.size());
        for (int i = 0; i < n; i++) {
            assertTrue(data.get(i).contains("\"seq\":" + i + ","), data.get(i));
        }
    }

    @Test
    void migrationsApplyInOrderAndAFailingOneLeavesNothingBehind() throws Exception {
        String url = freshDatabase();
        Migrations good = Migrations.of(List.of(
                Migration.of("V1__profiles.sql", "test", "CREATE TABLE profiles (name TEXT PRIMARY KEY, max_temp DOUBLE PRECISION);"),
                Migration.of("V2__seed.sql", "test", "INSERT INTO profiles VALUES ('summer', 31.5);\n"
                        + "CREATE FUNCTION hot(t DOUBLE PRECISION) RETURNS BOOLEAN AS $$ SELECT t > 30; $$ LANGUAGE SQL;")));
        try (Database db = Database.open(url, good)) {
            assertEquals(2, db.appliedAtOpen().size());
            assertEquals(2, db.schemaVersion());
        }
        Migrations bad = Migrations.of(new ArrayList<>(good.list()) {{
            add(Migration.of("V3__broken.sql", "test", "CREATE TABLE zones (id INTEGER);\nINSERT INTO nowhere VALUES (1);"));
        }});
        MigrationException e = assertThrows(MigrationException.class, () -> Database.open(url, bad));
        assertTrue(e.getMessage().startsWith("migration V3__broken.sql (in test) failed at statement 2 (line 2): "),
                e.getMessage());
        assertTrue(e.getMessage().contains("stays at version 2"), e.getMessage());
        SQLException gone = assertThrows(SQLException.class, () -> Samples.execute(url, "SELECT * FROM zones"));
        assertTrue(gone.getMessage().contains("zones"), gone.getMessage());
    }
}
