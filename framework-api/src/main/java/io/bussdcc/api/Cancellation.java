package io.bussdcc.api;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A one-shot signal that asks something to stop: a service's loop, a clock's wait.
 * Thread-safe; cancelling twice is harmless.
 */
public final class Cancellation {

    private final CountDownLatch latch = new CountDownLatch(1);

    /** Cancels, waking everything that waits on this signal. */
    public void cancel() {
        latch.countDown();
    }

    /** Whether {@link #cancel()} has been called. */
    public boolean isCancelled() {
        return latch.getCount() == 0;
    }

    /**
     * Waits until cancelled or until {@code timeout} has passed.
     *
     * @return {@code true} if cancelled
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public boolean await(Duration timeout) throws InterruptedException {
        if (timeout.isNegative() || timeout.isZero()) {
            return isCancelled();
        }
        return latch.await(saturatedNanos(timeout), TimeUnit.NANOSECONDS);
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
