package io.bussdcc.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Config;
import io.bussdcc.runtime.Runtime;
import io.bussdcc.sql.Samples.Reading;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sink built without a URL records into the application's database: sql.url, else the file beside the event log. */
class SqlSinkDefaultUrlTest {

    @TempDir
    Path dir;

    private static List<String> types(String url) throws Exception {
        return Samples.rows(url, "bussdcc_events").stream().map(r -> r.get(4)).toList();
    }

    @Test
    void sqlUrlIsTheApplicationsDatabaseForTheRecorderToo() throws Exception {
        String app = "jdbc:sqlite:" + dir.resolve("app.db");
        Runtime runtime = Runtime.builder().messageTypes(Samples.registry()).config(Config.of(Map.of(
                "sql.url", app, "sink.jsonl.dir", dir.resolve("events").toString()))).build();
        SqlSink sink = SqlSink.builder().build();
        runtime.addSink(sink);
        runtime.boot();
        runtime.emit(new Reading("s", 1, 2.5, "u", null));
        runtime.shutdown("test");
        assertEquals(app, sink.url());
        assertTrue(types(app).contains("test.sql:Reading"), types(app).toString());
        assertFalse(Files.exists(dir.resolve("bussdcc.db")), "nothing beside the event log");
    }

    @Test
    void withoutSqlUrlItIsTheFileBesideTheEventLog() throws Exception {
        Runtime runtime = Runtime.builder().messageTypes(Samples.registry()).config(Config.of(Map.of(
                "sink.jsonl.dir", dir.resolve("events").toString()))).build();
        SqlSink sink = SqlSink.builder().build();
        runtime.addSink(sink);
        runtime.boot();
        runtime.emit(new Reading("s", 1, 2.5, "u", null));
        runtime.shutdown("test");
        String beside = "jdbc:sqlite:" + dir.toAbsolutePath().resolve("bussdcc.db");
        assertEquals(beside, sink.url());
        assertTrue(types(beside).contains("test.sql:Reading"));
    }
}
