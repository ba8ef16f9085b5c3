package io.bussdcc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bussdcc sql} on a real SQLite file: tables, JSON lines, changes, and the errors. */
class SqlCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Cli cli = new Cli(new Io(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), false), List.of(new SqlCommand()));
    private String url;

    @BeforeEach
    void database() throws Exception {
        url = "jdbc:sqlite:" + dir.resolve("events.db");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE bussdcc_events (id INTEGER PRIMARY KEY, epoch_s BIGINT, type TEXT, data TEXT)");
            s.execute("INSERT INTO bussdcc_events (epoch_s, type, data) VALUES (7200, 'a:X', '{}'), (7300, 'a:X', '{}'),"
                    + " (10800, 'b:Y', '{\"q\":\"\\\"\"}'), (10900, NULL, '{}')");
        }
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsEventsPerTypePerHourAsATable() {
        assertEquals(0, cli.run(new String[] {"sql", url, "SELECT type, epoch_s / 3600 * 3600 AS hour, count(*) AS n"
                + " FROM bussdcc_events GROUP BY type, hour ORDER BY hour, type"}), err.toString());
        assertEquals("""
                type | hour  | n
                -----+-------+--
                a:X  |  7200 | 2
                NULL | 10800 | 1
                b:Y  | 10800 | 1
                (3 rows)
                """, out());
    }

    @Test
    void printsJsonLinesWithNumbersAsNumbers() {
        assertEquals(0, cli.run(new String[] {"sql", url, "SELECT id, type, data FROM bussdcc_events WHERE id >= 3", "--json"}));
        assertEquals("""
                {"id":3,"type":"b:Y","data":"{\\"q\\":\\"\\\\\\"\\"}"}
                {"id":4,"type":null,"data":"{}"}
                """, out());
    }

    @Test
    void aStatementThatChangesRowsSaysHowMany() {
        assertEquals(0, cli.run(new String[] {"sql", url, "DELETE FROM bussdcc_events WHERE epoch_s < 8000"}));
        assertEquals("2 rows changed\n", out());
    }

    @Test
    void limitCutsTheTableAndSaysSo() {
        assertEquals(0, cli.run(new String[] {"sql", url, "SELECT id FROM bussdcc_events", "--limit", "2"}));
        assertTrue(out().endsWith("(4 rows; the first 2 shown, see --limit)\n"), out());
    }

    @Test
    void badStatementsUrlsAndArgumentsAreClearErrors() {
        assertEquals(1, cli.run(new String[] {"sql", url, "SELEC 1"}));
        assertTrue(err.toString().startsWith("bussdcc sql: cannot run the statement on " + url + ": "), err.toString());
        assertTrue(err.toString().contains("syntax error"), err.toString());
        err.reset();
        assertEquals(1, cli.run(new String[] {"sql", "jdbc:nosuch:x", "SELECT 1"}));
        assertTrue(err.toString().startsWith("bussdcc sql: no JDBC driver accepts jdbc:nosuch:x (drivers found: "), err.toString());
        err.reset();
        assertEquals(2, cli.run(new String[] {"sql", "events.db", "SELECT 1"}));
        assertTrue(err.toString().startsWith("bussdcc sql: 'events.db' is not a JDBC URL"), err.toString());
        err.reset();
        assertEquals(2, cli.run(new String[] {"sql", url, "SELECT", "1"}));
        assertTrue(err.toString().contains("quote the statement as one argument"), err.toString());
    }
}
