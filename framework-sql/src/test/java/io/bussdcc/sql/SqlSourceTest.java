package io.bussdcc.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Event;
import io.bussdcc.api.EventSink;
import io.bussdcc.api.EventSource;
import io.bussdcc.api.RawMessage;
import io.bussdcc.api.SourceProblem;
import io.bussdcc.codec.EventCodec;
import io.bussdcc.jsonl.JsonlSink;
import io.bussdcc.jsonl.JsonlSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlSourceTest {

    @TempDir
    Path dir;

    private String url() {
        return "jdbc:sqlite:" + dir.resolve("events.db");
    }

    static void record(EventSink sink, List<Event<?>> events) throws Exception {
        sink.start(null);
        for (Event<?> e : events) {
            sink.handle(e);
        }
        sink.stop();
    }

    static List<Event<?>> read(EventSource source, List<SourceProblem> problems) throws IOException {
        List<Event<?>> out = new ArrayList<>();
        try (Stream<Event<?>> s = source.open(problems::add)) {
            s.forEach(out::add);
        }
        return out;
    }

    @Test
    void readsBackExactlyWhatTheJsonlLogGivesWithTheSameNotes() throws Exception {
        List<Event<?>> events = Samples.variety();
        record(SqlSink.builder(url()).registry(Samples.registry()).build(), events);
        record(JsonlSink.builder(dir.resolve("log")).registry(Samples.registry()).build(), events);
        List<SourceProblem> sqlNotes = new ArrayList<>();
        List<SourceProblem> jsonlNotes = new ArrayList<>();
        List<Event<?>> fromSql = read(SqlSource.builder(url()).registry(Samples.registry()).build(), sqlNotes);
        List<Event<?>> fromJsonl = read(JsonlSource.builder(dir.resolve("log")).registry(Samples.registry()).build(), jsonlNotes);
        // A typeless record at the top level is no event (only one embedded in an error is): both skip it.
        List<Event<?>> valid = events.stream().filter(e -> !(e.payload() instanceof RawMessage r && r.type() == null)).toList();
        assertEquals(valid, fromJsonl);
        assertEquals(fromJsonl, fromSql);
        EventCodec codec = new EventCodec(Samples.registry());
        assertEquals(fromJsonl.stream().map(codec::toJson).toList(), fromSql.stream().map(codec::toJson).toList());
        assertEquals(2, jsonlNotes.size(), jsonlNotes.toString());
        assertEquals(2, sqlNotes.size(), sqlNotes.toString());
        String note = "unknown type 'other.app:Unknown': delivered as a raw message (register the type to decode it;";
        assertTrue(jsonlNotes.get(0).reason().startsWith(note), jsonlNotes.get(0).reason());
        assertTrue(sqlNotes.get(0).reason().startsWith(note), sqlNotes.get(0).reason());
        assertTrue(jsonlNotes.get(1).reason().endsWith("missing field 'type'"), jsonlNotes.get(1).reason());
        assertEquals("row 6: payload of type (none): missing field 'type'", sqlNotes.get(1).reason());
        assertEquals(6, sqlNotes.get(1).line());
    }

    @Test
    void boundsAndTypePatternsSelectAsTheJsonlSourceDoes() throws Exception {
        List<Event<?>> events = Samples.variety();
        record(SqlSink.builder(url()).registry(Samples.registry()).build(), events);
        record(JsonlSink.builder(dir.resolve("log")).registry(Samples.registry()).build(), events);
        var from = Samples.T0.plusNanos(1);
        var to = Samples.T0.plusSeconds(3);
        for (List<String> types : List.of(List.<String>of(), List.of("test.sql:*"), List.of("!test.sql:Reading"),
                List.of("other.app:Unknown", "bussdcc.*"), List.of("test.sql_*"), List.of("*Alarm"),
                List.of("test*:*ing", "!*Alarm"), List.of("TEST.SQL:*"), List.of("*"))) {
            List<Event<?>> sql = read(SqlSource.builder(url()).registry(Samples.registry()).from(from).to(to).types(types)
                    .build(), new ArrayList<>());
            List<Event<?>> jsonl = read(JsonlSource.builder(dir.resolve("log")).registry(Samples.registry()).from(from).to(to)
                    .types(types).build(), new ArrayList<>());
            assertEquals(jsonl, sql, "types " + types);
        }
        assertEquals(List.of(), read(SqlSource.builder(url()).types("test.sql_*").build(), new ArrayList<>()),
                "'_' in a pattern is a character, not SQL's wildcard");
    }

    @Test
    void aRowWhoseDataIsNotJsonIsReportedWithItsIdAndSkipped() throws Exception {
        List<Event<?>> events = Samples.variety();
        record(SqlSink.builder(url()).registry(Samples.registry()).build(), events);
        Samples.execute(url(), "UPDATE bussdcc_events SET data = '{\"sensor\":\"s-1\",' WHERE id = 2",
                "UPDATE bussdcc_events SET nano = -5 WHERE id = 3",
                "UPDATE bussdcc_events SET data = '{\"sensor\":7}' WHERE id = 7");
        List<SourceProblem> problems = new ArrayList<>();
        List<Event<?>> read = read(SqlSource.builder(url()).registry(Samples.registry()).build(), problems);
        List<Event<?>> expected = new ArrayList<>(events);
        expected.remove(6);
        expected.remove(5); // typeless: no event, as in a JSONL log
        expected.remove(2);
        expected.remove(1);
        assertEquals(expected, read);
        List<String> reported = problems.stream().filter(p -> !p.reason().contains("unknown type"))
                .map(p -> p.line() + " " + p.reason()).toList();
        assertEquals(4, reported.size(), reported.toString());
        assertTrue(reported.get(0).startsWith("2 row 2: data of type 'test.sql:Reading': "), reported.get(0));
        assertTrue(reported.get(1).startsWith("3 row 3: nano is -5"), reported.get(1));
        assertTrue(reported.get(3).startsWith("7 row 7: data of type 'test.sql:Reading': "), reported.get(3));
        assertTrue(reported.get(3).contains("sensor"), reported.get(3));
        assertTrue(problems.get(0).toString().startsWith(url() + " table bussdcc_events:2: row 2: "), problems.get(0).toString());
    }

    @Test
    void aMissingDatabaseOrTableIsAnErrorNamingIt() throws Exception {
        IOException e = assertThrows(IOException.class, () -> read(SqlSource.builder(url()).build(), new ArrayList<>()));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        Samples.execute(url(), "CREATE TABLE other (x INTEGER)");
        e = assertThrows(IOException.class, () -> read(SqlSource.builder(url()).build(), new ArrayList<>()));
        assertEquals("there is no event table bussdcc_events in " + url(), e.getMessage());
    }
}
