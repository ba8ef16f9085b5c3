package io.bussdcc.api;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How many events a runtime has dispatched, per message type and severity, since it booted:
 * what {@link Context#eventCounts()} returns, the runtime writes under {@code runtime_info} in
 * state and the web interface serves at {@code /metrics} (docs/web.md, "Metrics").
 *
 * @param byType for each type name ({@link MessageTypeRegistry#nameOf(Message)}; {@code ""} for a
 *               recorded message without one), the count per severity, only severities seen;
 *               types in the order they were first counted (on one thread exactly, across
 *               threads roughly) (unmodifiable)
 */
public record EventCounts(Map<String, Map<Severity, Long>> byType) {

    private static final EventCounts NONE = new EventCounts(Map.of());

    /** Copies {@code byType}. */
    public EventCounts {
        Objects.requireNonNull(byType, "byType");
        Map<String, Map<Severity, Long>> copy = new LinkedHashMap<>();
        byType.forEach((type, counts) -> copy.put(Objects.requireNonNull(type, "type"),
                Collections.unmodifiableMap(counts.isEmpty() ? new EnumMap<>(Severity.class) : new EnumMap<>(counts))));
        byType = Collections.unmodifiableMap(copy);
    }

    /** No events. */
    public static EventCounts none() {
        return NONE;
    }

    /** Every event counted. */
    public long total() {
        long n = 0;
        for (Map<Severity, Long> counts : byType.values()) {
            for (long c : counts.values()) {
                n += c;
            }
        }
        return n;
    }

    /** Events of {@code severity}, of every type. */
    public long of(Severity severity) {
        long n = 0;
        for (Map<Severity, Long> counts : byType.values()) {
            n += counts.getOrDefault(severity, 0L);
        }
        return n;
    }

    /** Events of severity {@link Severity#ERROR} or more, as the Python original's {@code error_count}. */
    public long errors() {
        return of(Severity.ERROR) + of(Severity.CRITICAL);
    }
}
