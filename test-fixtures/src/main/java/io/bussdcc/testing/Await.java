package io.bussdcc.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition another thread makes true, polling every few milliseconds. The timeout
 * bounds how long a broken test hangs; it is never a claim about speed, so make it generous.
 */
public final class Await {

    private static final long POLL_MILLIS = 5;

    private Await() {}

    /**
     * Returns once {@code condition} holds; fails with "timed out after T waiting for WHAT"
     * when it does not within {@code timeout}. The condition may itself throw an
     * {@link AssertionError} to fail at once.
     */
    public static void await(String what, BooleanSupplier condition, Duration timeout) throws InterruptedException {
        await(() -> what, condition, timeout);
    }

    /** As {@link #await(String, BooleanSupplier, Duration)}; {@code what} is read only on failure, to show the state then. */
    public static void await(Supplier<String> what, BooleanSupplier condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what.get());
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
