package io.bussdcc.runtime;

import java.time.Duration;

/**
 * How long a restarting service waits after its n-th consecutive failure:
 * {@code min(initial × 2^(n-1), max)}. The supervisor stretches it to at least the service's
 * interval; this record does not know it.
 */
record RestartBackoff(Duration initial, Duration max) {

    RestartBackoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("restart back-off needs 0 < initial <= max, got " + initial + " and " + max);
        }
    }

    Duration delay(int consecutiveFailures) {
        int doublings = Math.min(Math.max(consecutiveFailures - 1, 0), 40);
        Duration d = initial;
        for (int i = 0; i < doublings && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(max) > 0 ? max : d;
    }
}
