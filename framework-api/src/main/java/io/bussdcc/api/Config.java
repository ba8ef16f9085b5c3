package io.bussdcc.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A read-only view of configuration: dotted keys to string values, with typed accessors whose
 * errors name the key and where its value came from.
 *
 * <p>Providers receive the {@linkplain #section section} named after them, so a JSONL sink
 * reads {@code dir} where the whole configuration holds {@code sink.jsonl.dir}.
 */
public interface Config {

    /** The value of {@code key}, if set. */
    Optional<String> get(String key);

    /** Every key set in this view. */
    Set<String> keys();

    /**
     * Where the value of {@code key} came from — e.g. {@code environment variable
     * BUSSDCC_SINK_JSONL_DIR} — for error messages.
     */
    default String originOf(String key) {
        return "configuration key '" + key + "'";
    }

    /** The view of the keys below {@code prefix}, with the prefix and its dot removed. */
    default Config section(String prefix) {
        return new ConfigSection(this, prefix);
    }

    /** The value of {@code key}, or {@code fallback} when it is not set. */
    default String get(String key, String fallback) {
        return get(key).orElse(fallback);
    }

    /** The value of {@code key}, or a {@link ConfigException} naming it when it is not set. */
    default String require(String key) {
        return get(key).orElseThrow(() -> new ConfigException(originOf(key) + " is required but not set"));
    }

    /** The value of {@code key} as an {@code int}, or {@code fallback} when it is not set. */
    default int getInt(String key, int fallback) {
        return get(key).map(v -> parse(key, v, "an integer", Integer::parseInt)).orElse(fallback);
    }

    /** The value of {@code key} as a {@code long}, or {@code fallback} when it is not set. */
    default long getLong(String key, long fallback) {
        return get(key).map(v -> parse(key, v, "an integer", Long::parseLong)).orElse(fallback);
    }

    /** The value of {@code key} as a {@code double}, or {@code fallback} when it is not set. */
    default double getDouble(String key, double fallback) {
        return get(key).map(v -> parse(key, v, "a number", Double::parseDouble)).orElse(fallback);
    }

    /** Accepts {@code true/false}, {@code yes/no}, {@code on/off}, {@code 1/0}. */
    default boolean getBoolean(String key, boolean fallback) {
        return get(key).map(v -> parse(key, v, "a boolean (true/false, yes/no, on/off, 1/0)", Config::parseBoolean))
                .orElse(fallback);
    }

    /** Accepts what {@link #parseDuration} accepts. */
    default Duration getDuration(String key, Duration fallback) {
        return get(key).map(v -> parse(key, v, "a duration (500ms, 3s, 2m, 1h, PT3S)", Config::parseDuration))
                .orElse(fallback);
    }

    /** The value of {@code key} as a path, if set. */
    default Optional<Path> getPath(String key) {
        return get(key).map(v -> parse(key, v, "a path", Path::of));
    }

    private <T> T parse(String key, String value, String expected, Function<String, T> parser) {
        try {
            return parser.apply(value.strip());
        } catch (RuntimeException e) {
            throw new ConfigException(originOf(key) + " is '" + value + "', which is not " + expected, e);
        }
    }

    /** An empty configuration. */
    static Config empty() {
        return MapConfig.EMPTY;
    }

    /** A configuration holding {@code values}, with origins reported as "configuration key". */
    static Config of(Map<String, String> values) {
        return new MapConfig(values);
    }

    /**
     * Parses a duration written for humans — {@code 250ms}, {@code 3s}, {@code 2m},
     * {@code 1h}, {@code 1d}, decimals such as {@code 1.5s} — or in ISO-8601 ({@code PT3S}).
     *
     * @throws IllegalArgumentException naming the text when it is none of those, or negative
     */
    static Duration parseDuration(String text) {
        return Durations.parse(text);
    }

    private static boolean parseBoolean(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException(v);
        };
    }
}
