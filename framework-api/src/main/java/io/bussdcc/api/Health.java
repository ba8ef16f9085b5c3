package io.bussdcc.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a component says it is doing: {@code UP}, or {@code DOWN} with the reason, plus counts
 * worth watching (events lost, bytes held back). A sink reports one through
 * {@link EventSink#health()}; {@link Context#health()} gathers them and the web interface's
 * {@code /api/health} shows them (docs/web.md).
 *
 * @param status UP or DOWN
 * @param reason why it is DOWN — what failed and what the component does meanwhile; empty when UP
 * @param counts named counts, in the component's order (unmodifiable)
 */
public record Health(Status status, String reason, Map<String, Long> counts) {

    /** Whether a component does its work. */
    public enum Status { UP, DOWN }

    private static final Health UP = new Health(Status.UP, "", Map.of());

    /** Checks the values; a DOWN health needs a reason. */
    public Health {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        counts = counts == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(counts));
        if (status == Status.DOWN && reason.isBlank()) {
            throw new IllegalArgumentException("a DOWN health needs a reason");
        }
    }

    /** UP, with no counts. */
    public static Health up() {
        return UP;
    }

    /** UP, with {@code counts}. */
    public static Health up(Map<String, Long> counts) {
        return new Health(Status.UP, "", counts);
    }

    /** DOWN because of {@code reason}, with {@code counts}. */
    public static Health down(String reason, Map<String, Long> counts) {
        return new Health(Status.DOWN, reason, counts);
    }

    /** Whether the status is UP. */
    public boolean isUp() {
        return status == Status.UP;
    }
}
