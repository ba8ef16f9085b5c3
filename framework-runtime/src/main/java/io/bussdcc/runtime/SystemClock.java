package io.bussdcc.runtime;

import io.bussdcc.api.Cancellation;
import io.bussdcc.api.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The wall clock: UTC time of the operating system, with nanosecond resolution.
 *
 * <p>{@link #now()} is on the path of every emitted event, so it is built for speed: it reads
 * {@link System#nanoTime()} (an intrinsic) and adds an offset to the wall clock, instead of
 * calling {@link Instant#now()} (a native call, about a third slower here). The offset is taken
 * again from {@code Instant.now()} at least once a second, so a step of the system time (an NTP
 * step, a manual change) shows within a second; between re-syncs, successive readings on one
 * thread never go backwards.
 */
public final class SystemClock implements Clock {

    private static final long RESYNC_NANOS = 1_000_000_000L;

    private final long origin = System.nanoTime();
    private volatile Sync sync = Sync.now();

    @Override
    public Instant now() {
        long nanos = System.nanoTime();
        Sync s = sync;
        long sinceSync = nanos - s.nanoTime;
        if (sinceSync >= RESYNC_NANOS || sinceSync < 0) {
            sync = s = Sync.now();
            sinceSync = nanos - s.nanoTime;
            if (sinceSync < 0) { // another thread synced after our reading: take the sync's own instant
                return s.instant;
            }
        }
        return s.instant.plusNanos(sinceSync);
    }

    @Override
    public long monotonic() {
        return System.nanoTime();
    }

    @Override
    public Duration uptime() {
        return Duration.ofNanos(System.nanoTime() - origin);
    }

    /**
     * Waits on {@code cancel} itself, so a cancellation wakes the sleeper at once. An interrupt
     * ends the wait early too (keeping the thread's interrupt status) and counts as cancelled.
     */
    @Override
    public boolean sleep(Duration duration, Cancellation cancel) {
        if (duration.isNegative() || duration.isZero()) {
            return cancel != null && cancel.isCancelled();
        }
        try {
            if (cancel == null) {
                Thread.sleep(duration);
                return false;
            }
            return cancel.await(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    @Override
    public String toString() {
        return "SystemClock";
    }

    /** A wall-clock instant and the {@code nanoTime} read together with it. */
    private record Sync(Instant instant, long nanoTime) {
        static Sync now() {
            long before = System.nanoTime();
            Instant instant = Instant.now();
            return new Sync(instant, before + (System.nanoTime() - before) / 2);
        }
    }
}
