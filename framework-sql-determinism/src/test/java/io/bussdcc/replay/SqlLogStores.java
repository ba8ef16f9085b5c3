package io.bussdcc.replay;

import io.bussdcc.api.EventSink;
import io.bussdcc.api.EventSource;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.sql.SqlSink;
import io.bussdcc.sql.SqlSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/** Logs in SQL tables, recorded by {@link SqlSink} and read by {@link SqlSource}, for the determinism properties. */
final class SqlLogStores {

    private SqlLogStores() {}

    /** Each log its own SQLite file below {@code dir}. */
    static LogStore sqlite(Path dir, MessageTypeRegistry registry) {
        AtomicInteger count = new AtomicInteger();
        return name -> log("jdbc:sqlite:" + dir.resolve(name + "-" + count.incrementAndGet() + ".db"), "bussdcc_events", registry);
    }

    /** Each log its own table in the database at {@code url}, named by {@code tables}. */
    static LogStore tables(String url, IntFunction<String> tables, MessageTypeRegistry registry) {
        AtomicInteger count = new AtomicInteger();
        return name -> log(url, tables.apply(count.incrementAndGet()), registry);
    }

    private static LogStore.TestLog log(String url, String table, MessageTypeRegistry registry) {
        return new LogStore.TestLog() {
            @Override
            public EventSink sink() {
                return SqlSink.builder(url).table(table).registry(registry).build();
            }

            @Override
            public EventSource source() {
                return SqlSource.builder(url).table(table).registry(registry).build();
            }

            /** Every row's columns but the id, in id order. */
            @Override
            public String content() throws Exception {
                StringBuilder b = new StringBuilder();
                try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                    if (!c.getMetaData().getTables(null, null, table, null).next()) {
                        return "";
                    }
                    try (ResultSet rs = s.executeQuery("SELECT epoch_s, nano, time, type, severity, device, data FROM "
                            + table + " ORDER BY id")) {
                        while (rs.next()) {
                            for (int i = 1; i <= 7; i++) {
                                b.append(rs.getString(i)).append(i < 7 ? '|' : '\n');
                            }
                        }
                    }
                }
                return b.toString();
            }
        };
    }
}
