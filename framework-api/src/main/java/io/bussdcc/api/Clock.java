package io.bussdcc.api;

import java.time.Duration;
import java.time.Instant;

/**
 * The runtime's source of time. Every timestamp and every wait in the runtime goes through it,
 * so a test or a replay can drive time instead of the wall clock.
 */
public interface Clock {

    /** The current instant, UTC. */
    Instant now();

    /** A monotonic reading in nanoseconds, for measuring intervals; its origin is arbitrary. */
    long monotonic();

    /** Time elapsed since this clock was created. */
    Duration uptime();

    /**
     * Waits for {@code duration}, or until {@code cancel} is cancelled, whichever is first.
     *
     * @param duration how long to wait; zero or negative returns at once
     * @param cancel   ends the wait early when cancelled; may be {@code null}
     * @return {@code true} if the wait ended because {@code cancel} was cancelled
     */
    boolean sleep(Duration duration, Cancellation cancel);
}
