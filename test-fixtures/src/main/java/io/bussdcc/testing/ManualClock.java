package io.bussdcc.testing;

import io.bussdcc.api.Cancellation;
import io.bussdcc.api.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A clock for tests: time moves only when something sleeps on it or the test advances or sets
 * it, and every sleep is recorded. A sleep returns at once (after advancing the time) and
 * reports whether it was cancelled.
 */
public final class ManualClock implements Clock {

    private Instant now;
    private long monotonic;
    private final List<Duration> sleeps = new ArrayList<>();

    /** A clock showing {@code start}, with monotonic time and uptime zero. */
    public ManualClock(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public synchronized long monotonic() {
        return monotonic;
    }

    @Override
    public synchronized Duration uptime() {
        return Duration.ofNanos(monotonic);
    }

    @Override
    public boolean sleep(Duration duration, Cancellation cancel) {
        synchronized (this) {
            sleeps.add(duration);
            advance(duration);
        }
        Thread.onSpinWait();
        return cancel != null && cancel.isCancelled();
    }

    /** Moves wall-clock and monotonic time forward by {@code d}. */
    public synchronized void advance(Duration d) {
        now = now.plus(d);
        monotonic += d.toNanos();
    }

    /** Sets the wall clock; monotonic time moves by the same amount (backwards too). */
    public synchronized void set(Instant instant) {
        monotonic += Duration.between(now, instant).toNanos();
        now = instant;
    }

    /** Every sleep asked of this clock, in order. */
    public synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }
}
