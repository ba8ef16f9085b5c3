package io.bussdcc.runtime.replay;

import java.time.Instant;
import java.util.Optional;

/**
 * Services driven by virtual time instead of threads: what a replay uses so that service ticks
 * happen at exact instants of the recording, on the replay thread, identically in every run.
 *
 * <p>A service started at virtual instant {@code s} is due at {@code s} (its {@code start} and
 * first tick), then at {@code s + k × interval}; a failure postpones the next step by its
 * back-off. The driver moves its clock to {@link #nextDue()} and calls {@link #runDue}.
 */
public interface VirtualTimeServices {

    /** The earliest instant at which a running service is due, if any service runs. */
    Optional<Instant> nextDue();

    /**
     * Runs, on the calling thread, every step due at or before {@code now}, earliest first;
     * services due at the same instant run in registration order. The clock must already read
     * {@code now}.
     */
    void runDue(Instant now);
}
