package io.bussdcc.codec;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The background thread of a buffering sink: runs its flush every period until {@link #stop},
 * which wakes it at once. The JSONL and console sinks use it (here, in the module both
 * already share, rather than in either); a sink of your own may too.
 *
 * <p>The flush runs on a daemon platform thread, never concurrently with itself, and takes
 * the sink's own lock itself: the flusher holds no lock of the sink while it waits. A flush that
 * throws is logged and tried again next period, so the thread never dies of one failure. After
 * {@code stop()} returns (from any thread but the flusher's own), no flush is running or will
 * start — unless one was still running after the five seconds {@code stop} waits for it.
 */
public final class PeriodicFlusher {

    private static final System.Logger LOG = System.getLogger(PeriodicFlusher.class.getName());
    private static final long STOP_WAIT_MILLIS = TimeUnit.SECONDS.toMillis(5);

    /** What runs every period. */
    @FunctionalInterface
    public interface Flush {
        /** Writes out what is buffered; may throw, to be logged and retried next period. */
        void flush() throws Exception;
    }

    private final String name;
    private final long periodNanos;
    private final Flush flush;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition stopping = lock.newCondition();
    private final Thread thread;
    // Guarded by lock:
    private boolean stopped;

    private PeriodicFlusher(String name, Duration period, Flush flush) {
        this.name = name;
        this.periodNanos = period.toNanos();
        this.flush = flush;
        this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this::run);
    }

    /**
     * Starts a flusher thread named {@code name} running {@code flush} every {@code period},
     * the first time one period from now.
     *
     * @throws IllegalArgumentException if {@code period} is not positive
     */
    public static PeriodicFlusher start(String name, Duration period, Flush flush) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(flush, "flush");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("a flush period must be positive, not " + period);
        }
        PeriodicFlusher f = new PeriodicFlusher(name, period, flush);
        f.thread.start();
        return f;
    }

    /**
     * Stops the thread: no flush starts after this call, and it waits (up to five seconds) for
     * one in progress. Idempotent; from the flush itself it stops without waiting for itself.
     */
    public void stop() {
        lock.lock();
        try {
            stopped = true;
            stopping.signalAll();
        } finally {
            lock.unlock();
        }
        if (Thread.currentThread() != thread) {
            try {
                thread.join(STOP_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether the thread is still alive: false once {@link #stop} has returned, normally. */
    public boolean isRunning() {
        return thread.isAlive();
    }

    private void run() {
        try {
            while (awaitPeriod()) {
                try {
                    flush.flush();
                } catch (Exception e) {
                    LOG.log(System.Logger.Level.WARNING, name + ": background flush failed; will retry: " + e, e);
                }
            }
        } catch (InterruptedException e) {
            // interrupted by its owner: the same as stopped
        }
    }

    /** Waits one period; whether to flush (false once stopped). */
    private boolean awaitPeriod() throws InterruptedException {
        lock.lock();
        try {
            long left = periodNanos;
            while (!stopped && left > 0) {
                left = stopping.awaitNanos(left);
            }
            return !stopped;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "PeriodicFlusher[" + name + ", every " + Duration.ofNanos(periodNanos) + "]";
    }
}
