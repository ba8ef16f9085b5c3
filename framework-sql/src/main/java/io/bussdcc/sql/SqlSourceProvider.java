package io.bussdcc.sql;

import io.bussdcc.api.Config;
import io.bussdcc.api.ConfigException;
import io.bussdcc.api.EventSource;
import io.bussdcc.api.TypeFilter;
import io.bussdcc.api.spi.SourceProvider;
import io.bussdcc.codec.CodecException;
import io.bussdcc.codec.EventCodec;
import java.time.Instant;
import java.util.List;

/**
 * Provides the {@link SqlSource} as source {@code sql}: it reads any {@code jdbc:} URL. Keys
 * below {@code source.sql.}: {@code table}, {@code user}, {@code password}, {@code from},
 * {@code to} (ISO-8601), {@code types} (comma-separated patterns).
 */
public final class SqlSourceProvider implements SourceProvider {

    @Override
    public String name() {
        return "sql";
    }

    @Override
    public boolean canRead(String location) {
        return location.startsWith("jdbc:");
    }

    @Override
    public EventSource create(String location, Config config) {
        SqlSource.Builder b = SqlSource.builder(location);
        try {
            config.get("table").ifPresent(t -> b.table(t.strip()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(config.originOf("table") + ": " + e.getMessage(), e);
        }
        config.get("user").ifPresent(u -> b.property("user", u));
        config.get("password").ifPresent(p -> b.property("password", p));
        config.get("from").ifPresent(v -> b.from(instant(config, "from", v)));
        config.get("to").ifPresent(v -> b.to(instant(config, "to", v)));
        config.get("types").ifPresent(v -> {
            try {
                b.types(TypeFilter.parse(v).patterns());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(config.originOf("types") + ": " + e.getMessage(), e);
            }
        });
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("source.sql: " + e.getMessage(), e);
        }
    }

    private static Instant instant(Config config, String key, String value) {
        try {
            return EventCodec.parseTime(value.strip());
        } catch (CodecException e) {
            throw new ConfigException(config.originOf(key) + " is '" + value + "': " + e.getMessage(), e);
        }
    }
}
