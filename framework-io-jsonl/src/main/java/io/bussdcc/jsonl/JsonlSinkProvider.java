package io.bussdcc.jsonl;

import io.bussdcc.api.Config;
import io.bussdcc.api.ConfigException;
import io.bussdcc.api.EventSink;
import io.bussdcc.api.TypeFilter;
import io.bussdcc.api.spi.SinkProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Provides the {@link JsonlSink} as sink {@code jsonl}, enabled by default. Keys (below
 * {@code sink.jsonl.}):
 * <ul>
 *   <li>{@code dir} — the log root, default {@code ./events} (refused if that is a symbolic
 *       link: only a root named explicitly is followed);</li>
 *   <li>{@code interval} — segment length, whole seconds, default {@code 600s};</li>
 *   <li>{@code durability} — {@code each-event}, {@code interval} (default) or {@code fsync};</li>
 *   <li>{@code flush-interval} — the period of {@code interval}/{@code fsync}, default {@code 200ms};</li>
 *   <li>{@code types} — comma-separated type patterns to record (default all): exact names,
 *       {@code prefix*}, {@code !excluded};</li>
 *   <li>{@code compress} — {@code true} to gzip closed segments (default {@code false});</li>
 *   <li>{@code retention.max-age}, {@code retention.max-size} — remove segments older than a
 *       duration ({@code 30d}) or the oldest beyond a total size ({@code 2G}); default keep all.</li>
 * </ul>
 * Applications construct {@link JsonlSink} directly; this class is for {@link java.util.ServiceLoader}.
 */
public final class JsonlSinkProvider implements SinkProvider {

    @Override
    public String name() {
        return "jsonl";
    }

    @Override
    public EventSink create(Config config) {
        if (config.get("dir").filter(String::isBlank).isPresent()) {
            // Path.of("") is the working directory: a blank value would record there, silently
            throw new ConfigException(config.originOf("dir") + " is blank; give the folder to record into"
                    + " (default ./events)");
        }
        Optional<Path> given = config.getPath("dir");
        Path dir = given.orElse(Path.of("./events"));
        if (given.isEmpty() && Files.isSymbolicLink(dir)) {
            // a link named by the user is followed; the default is not theirs to vouch for
            throw new ConfigException("sink.jsonl.dir is not set and its default, " + dir + ", is a symbolic link: give"
                    + " sink.jsonl.dir (bussdcc run --events DIR) to record through it, or remove the link");
        }
        JsonlSink.Builder b = JsonlSink.builder(dir);
        Duration interval = config.getDuration("interval", JsonlSink.DEFAULT_INTERVAL);
        try {
            b.interval(interval);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(config.originOf("interval") + ": " + e.getMessage(), e);
        }
        Duration period = config.getDuration("flush-interval", Durability.DEFAULT_PERIOD);
        if (period.isZero() || period.isNegative()) {
            throw new ConfigException(config.originOf("flush-interval") + " is '" + config.get("flush-interval").orElse("")
                    + "': the flush interval must be positive (e.g. 200ms)");
        }
        String policy = config.get("durability", "interval");
        try {
            b.durability(Durability.parse(policy, period));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(config.originOf("durability") + ": " + e.getMessage(), e);
        }
        b.compress(config.getBoolean("compress", false));
        b.retention(retention(config));
        config.get("types").ifPresent(t -> {
            try {
                b.types(TypeFilter.parse(t));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(config.originOf("types") + ": " + e.getMessage(), e);
            }
        });
        return b.build();
    }

    /** {@code retention.max-age} and {@code retention.max-size}; zero, negative or unreadable values are refused, naming the key. */
    static Retention retention(Config config) {
        Retention r = Retention.keepAll();
        if (config.get("retention.max-age").isPresent()) {
            try {
                r = r.maxAge(config.getDuration("retention.max-age", null));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(config.originOf("retention.max-age") + ": " + e.getMessage(), e);
            }
        }
        Optional<String> size = config.get("retention.max-size");
        if (size.isPresent()) {
            try {
                r = r.maxBytes(Retention.parseBytes(size.get()));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(config.originOf("retention.max-size") + ": " + e.getMessage(), e);
            }
        }
        return r;
    }
}
