package io.bussdcc.jsonl;

import io.bussdcc.api.Config;
import io.bussdcc.api.ConfigException;
import io.bussdcc.api.EventSink;
import io.bussdcc.api.TypeFilter;
import io.bussdcc.api.spi.SinkProvider;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Provides the {@link JsonlSink} as sink {@code jsonl}, enabled by default. Keys (below
 * {@code sink.jsonl.}):
 * <ul>
 *   <li>{@code dir} — the log root, default {@code ./events};</li>
 *   <li>{@code interval} — segment length, whole seconds, default {@code 600s};</li>
 *   <li>{@code durability} — {@code each-event}, {@code interval} (default) or {@code fsync};</li>
 *   <li>{@code flush-interval} — the period of {@code interval}/{@code fsync}, default {@code 200ms};</li>
 *   <li>{@code types} — comma-separated type patterns to record (default all): exact names,
 *       {@code prefix*}, {@code !excluded}.</li>
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
        Path dir = config.getPath("dir").orElse(Path.of("./events"));
        JsonlSink.Builder b = JsonlSink.builder(dir);
        Duration interval = config.getDuration("interval", JsonlSink.DEFAULT_INTERVAL);
        try {
            b.interval(interval);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(config.originOf("interval") + ": " + e.getMessage(), e);
        }
        Duration period = config.getDuration("flush-interval", Durability.DEFAULT_PERIOD);
        String policy = config.get("durability", "interval");
        try {
            b.durability(Durability.parse(policy, period));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(config.originOf("durability") + ": " + e.getMessage(), e);
        }
        config.get("types").ifPresent(t -> {
            try {
                b.types(TypeFilter.parse(t));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(config.originOf("types") + ": " + e.getMessage(), e);
            }
        });
        return b.build();
    }
}
