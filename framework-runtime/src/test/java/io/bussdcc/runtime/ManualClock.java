package io.bussdcc.runtime;

import io.bussdcc.api.Cancellation;
import io.bussdcc.api.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A clock for tests: time moves only when something sleeps on it or the test advances it, and
 * every sleep is recorded. Sleeps return at once (after advancing the time), unless cancelled.
 */
final class ManualClock implements Clock {

    private Instant now;
    private long monotonic;
    private final List<Duration> sleeps = new ArrayList<>();

    ManualClock(Instant start) {
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

    synchronized void advance(Duration d) {
        now = now.plus(d);
        monotonic += d.toNanos();
    }

    synchronized void set(Instant instant) {
        monotonic += Duration.between(now, instant).toNanos();
        now = instant;
    }

    synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }
}
