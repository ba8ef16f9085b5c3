package io.bussdcc.sql;

import io.bussdcc.api.Config;
import io.bussdcc.api.ConfigException;
import io.bussdcc.api.EventSink;
import io.bussdcc.api.TypeFilter;
import io.bussdcc.api.spi.SinkProvider;
import java.util.List;
import java.util.function.Supplier;

/**
 * Provides the {@link SqlSink} as sink {@code sql}, off unless {@code sink.sql.enabled=true}
 * (the JSONL log is the default recording). Keys below {@code sink.sql.}: {@code url} (default
 * the application's database, {@link Database#defaultUrl}), {@code table}, {@code commit-interval}
 * (default 2s), {@code batch-size}, {@code max-pending}, {@code types} (comma-separated patterns),
 * {@code retention} (e.g. {@code 30d}; default forever), {@code retention-types}
 * ({@code PATTERN=AGE,…}, e.g. {@code greenhouse.sensors:*=7d}).
 */
public final class SqlSinkProvider implements SinkProvider {

    @Override
    public String name() {
        return "sql";
    }

    @Override
    public boolean enabledByDefault() {
        return false;
    }

    @Override
    public EventSink create(Config config) {
        SqlSink.Builder b = config.get("url").map(SqlSink::builder).orElseGet(SqlSink::builder);
        config.get("table").ifPresent(t -> setting(config, "table", () -> b.table(t.strip())));
        var interval = config.getDuration("commit-interval", SqlSink.DEFAULT_COMMIT_INTERVAL);
        setting(config, "commit-interval", () -> b.commitInterval(interval));
        int batch = config.getInt("batch-size", SqlSink.DEFAULT_BATCH_SIZE);
        setting(config, "batch-size", () -> b.batchSize(batch));
        int max = config.getInt("max-pending", SqlSink.DEFAULT_MAX_PENDING);
        setting(config, "max-pending", () -> b.maxPending(max));
        config.get("types").ifPresent(t -> setting(config, "types", () -> b.types(TypeFilter.parse(t).patterns())));
        Retention r = setting(config, config.get("retention-types").isPresent() ? "retention-types" : "retention",
                () -> Retention.parse(config.get("retention").orElse(null), config.get("retention-types").orElse(null)));
        b.retention(r);
        return b.build();
    }

    private static void setting(Config config, String key, Runnable apply) {
        setting(config, key, () -> {
            apply.run();
            return null;
        });
    }

    private static <T> T setting(Config config, String key, Supplier<T> apply) {
        try {
            return apply.get();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(config.originOf(key) + ": " + e.getMessage(), e);
        }
    }
}
