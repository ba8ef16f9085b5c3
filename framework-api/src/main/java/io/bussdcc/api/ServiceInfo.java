package io.bussdcc.api;

import java.time.Duration;

/**
 * A snapshot of one supervised service.
 *
 * @param name             the service name
 * @param state            where it is now
 * @param enabled          whether it may run (and starts at boot)
 * @param interval         time between ticks
 * @param restartOnFailure its restart policy
 * @param critical         whether its failure is a system failure
 * @param restarts         how many times it has been restarted after a failure
 * @param lastError        the last failure, or {@code null}
 */
public record ServiceInfo(
        String name,
        ServiceState state,
        boolean enabled,
        Duration interval,
        boolean restartOnFailure,
        boolean critical,
        long restarts,
        String lastError) {

    /** Whether the service is running (ticking or backing off). */
    public boolean running() {
        return state == ServiceState.RUNNING || state == ServiceState.BACKING_OFF;
    }
}
