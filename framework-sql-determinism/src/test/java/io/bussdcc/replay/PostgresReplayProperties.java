package io.bussdcc.replay;

import io.bussdcc.sql.PgServer;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The determinism contract of replay on PostgreSQL tables (a server started for these tests;
 * each log a table of its own): fewer examples than on files, since every log is a new table.
 */
class PostgresReplayProperties extends DeterminismContract {

    static final AtomicInteger TABLES = new AtomicInteger();
    static PgServer pg;
    static String url;
    private LogStore store;

    @BeforeAll
    static void startServer() throws Exception {
        pg = PgServer.start(false);
        url = pg.createDatabase("replay");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    @Override
    int examples() {
        return 20;
    }

    @Override
    LogStore store() {
        if (store == null) {
            store = SqlLogStores.tables(url, n -> "log_" + TABLES.incrementAndGet(), Fixtures.registry());
        }
        return store;
    }
}
