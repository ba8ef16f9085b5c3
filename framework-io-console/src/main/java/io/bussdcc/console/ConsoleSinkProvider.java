package io.bussdcc.console;

import io.bussdcc.api.Config;
import io.bussdcc.api.ConfigException;
import io.bussdcc.api.EventSink;
import io.bussdcc.api.Severity;
import io.bussdcc.api.spi.SinkProvider;
import java.util.Arrays;
import java.util.Locale;

/**
 * Provides the {@link ConsoleSink} as sink {@code console}, off unless
 * {@code sink.console.enabled=true}. Keys (below {@code sink.console.}): {@code format}
 * ({@code json} or {@code human}), {@code min-severity} ({@code debug} … {@code critical}),
 * {@code colour} or {@code color} ({@code auto}, {@code always}, {@code never}). Applications construct
 * {@link ConsoleSink} directly; this class is for {@link java.util.ServiceLoader}.
 */
public final class ConsoleSinkProvider implements SinkProvider {

    @Override
    public String name() {
        return "console";
    }

    /** Off by default: printing every event is for development and piping, not for every run. */
    @Override
    public boolean enabledByDefault() {
        return false;
    }

    @Override
    public EventSink create(Config config) {
        ConsoleSink.Builder b = ConsoleSink.builder();
        config.get("format").ifPresent(v -> b.format(parse(config, "format", v, ConsoleSink.Format.class)));
        config.get("min-severity").ifPresent(v -> b.minSeverity(parse(config, "min-severity", v, Severity.class)));
        String colourKey = config.get("colour").isPresent() ? "colour" : "color";
        config.get(colourKey).ifPresent(v -> b.colour(parse(config, colourKey, v, ConsoleSink.Colour.class)));
        return b.build();
    }

    private static <E extends Enum<E>> E parse(Config config, String key, String value, Class<E> type) {
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(config.originOf(key) + " is '" + value + "', which is not one of "
                    + Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList(), e);
        }
    }
}
