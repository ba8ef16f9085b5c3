package io.bussdcc.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Config;
import io.bussdcc.api.Context;
import io.bussdcc.runtime.Runtime;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's SQL example is this code, which compiles and runs here. */
class ReadmeExampleTest {

    @TempDir
    Path dir;

    static double summerMax(Context ctx) throws SQLException {
        // README begin
        Database db = Database.of(ctx); // SQLite bussdcc.db beside the event log, or sql.url
        double max = db.transaction(c -> {
            try (var ps = c.prepareStatement("SELECT max_temp FROM profiles WHERE name = ?")) {
                ps.setString(1, "summer");
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? rs.getDouble(1) : Double.NaN;
                }
            }
        });
        // README end
        return max;
    }

    @Test
    void theReadmeShowsThisCodeAndItReadsWhatTheMigrationsWrote() throws Exception {
        List<String> source = Files.readAllLines(Path.of("src/test/java/io/bussdcc/sql/ReadmeExampleTest.java"),
                StandardCharsets.UTF_8);
        int begin = source.indexOf("        // README begin");
        int end = source.indexOf("        // README end");
        String snippet = String.join("\n", source.subList(begin + 1, end).stream().map(l -> l.substring(8)).toList());
        String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
        assertTrue(readme.contains("```java\n" + snippet + "\n```"), "README.md holds:\n" + snippet);

        Runtime runtime = Runtime.builder().config(Config.of(Map.of("sink.jsonl.dir", dir.resolve("events").toString())))
                .build();
        runtime.boot();
        try {
            // The test resources' migrations create the profiles and put summer at 31.5.
            assertEquals(31.5, summerMax(runtime.context()));
            assertTrue(Files.exists(dir.resolve("bussdcc.db")), "the database beside the event log");
        } finally {
            runtime.shutdown("test");
        }
    }
}
