package io.bussdcc.jsonl;

import io.bussdcc.api.Config;
import io.bussdcc.api.ConfigException;
import io.bussdcc.api.EventSource;
import io.bussdcc.api.TypeFilter;
import io.bussdcc.api.spi.SourceProvider;
import io.bussdcc.codec.CodecException;
import io.bussdcc.codec.EventCodec;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Provides the {@link JsonlSource} as source {@code jsonl}: it reads a directory, or a file
 * whose name ends in {@code .jsonl} or {@code .jsonl.gz}. Keys (below {@code source.jsonl.}): {@code from},
 * {@code to} (ISO-8601 instants), {@code types} (comma-separated patterns),
 * {@code max-line-length} (bytes). Applications construct {@link JsonlSource} directly; this
 * class is for {@link java.util.ServiceLoader}.
 */
public final class JsonlSourceProvider implements SourceProvider {

    @Override
    public String name() {
        return "jsonl";
    }

    @Override
    public boolean canRead(String location) {
        try {
            Path p = Path.of(location);
            return Files.isDirectory(p) || Files.isRegularFile(p) && (p.getFileName().toString().endsWith(".jsonl")
                    || p.getFileName().toString().endsWith(".jsonl.gz"));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    @Override
    public EventSource create(String location, Config config) {
        JsonlSource.Builder b = JsonlSource.builder(Path.of(location));
        config.get("from").ifPresent(v -> b.from(instant(config, "from", v)));
        config.get("to").ifPresent(v -> b.to(instant(config, "to", v)));
        config.get("types").ifPresent(v -> setting(config, "types", () -> b.types(TypeFilter.parse(v))));
        int maxLineLength = config.getInt("max-line-length", JsonlSource.DEFAULT_MAX_LINE_LENGTH);
        setting(config, "max-line-length", () -> b.maxLineLength(maxLineLength));
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("source.jsonl: " + e.getMessage(), e);
        }
    }

    /** Applies the setting of {@code key}; a value the builder refuses is an error naming the key. */
    private static void setting(Config config, String key, Runnable apply) {
        try {
            apply.run();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(config.originOf(key) + ": " + e.getMessage(), e);
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
