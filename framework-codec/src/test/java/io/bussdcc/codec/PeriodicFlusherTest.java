package io.bussdcc.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PeriodicFlusherTest {

    /** How long a test waits for something that must happen; never a bound on how fast. */
    private static final long PATIENCE_SECONDS = 30;

    @Test
    void flushesRepeatedlyOnANamedDaemonThread() throws Exception {
        CountDownLatch three = new CountDownLatch(3);
        AtomicReference<Thread> on = new AtomicReference<>();
        PeriodicFlusher f = PeriodicFlusher.start("test-flusher", Duration.ofMillis(1), () -> {
            on.set(Thread.currentThread());
            three.countDown();
        });
        try {
            assertTrue(three.await(PATIENCE_SECONDS, TimeUnit.SECONDS), "three flushes");
            assertEquals("test-flusher", on.get().getName());
            assertTrue(on.get().isDaemon());
            assertTrue(f.isRunning());
        } finally {
            f.stop();
        }
    }

    @Test
    void stopWakesTheThreadAtOnceInsteadOfWaitingOutThePeriod() {
        AtomicInteger flushes = new AtomicInteger();
        PeriodicFlusher f = PeriodicFlusher.start("idle", Duration.ofDays(1), flushes::incrementAndGet);
        f.stop();
        // Had stop() not woken it, the thread would still wait out its day after stop's 5 s join.
        assertFalse(f.isRunning());
        assertEquals(0, flushes.get(), "stopping is not a flush: the sink writes its own last words");
        f.stop(); // idempotent
    }

    @Test
    void noFlushRunsOnceStopHasReturned() throws Exception {
        AtomicInteger flushes = new AtomicInteger();
        CountDownLatch first = new CountDownLatch(1);
        PeriodicFlusher f = PeriodicFlusher.start("busy", Duration.ofNanos(1), () -> {
            flushes.incrementAndGet();
            first.countDown();
        });
        assertTrue(first.await(PATIENCE_SECONDS, TimeUnit.SECONDS));
        f.stop();
        int after = flushes.get();
        assertFalse(f.isRunning(), "the thread has ended, so no flush can follow");
        assertEquals(after, flushes.get());
    }

    @Test
    void aFailingFlushIsLoggedAndTriedAgain() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch recovered = new CountDownLatch(1);
        PeriodicFlusher f = PeriodicFlusher.start("flaky", Duration.ofMillis(1), () -> {
            if (calls.incrementAndGet() <= 2) {
                throw new java.io.IOException("disk full");
            }
            recovered.countDown();
        });
        try {
            assertTrue(recovered.await(PATIENCE_SECONDS, TimeUnit.SECONDS), "the thread survived two failures");
            assertTrue(f.isRunning());
        } finally {
            f.stop();
        }
    }

    @Test
    void theFlushMayStopItsOwnFlusher() throws Exception {
        AtomicReference<PeriodicFlusher> self = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch stoppedItself = new CountDownLatch(1);
        PeriodicFlusher f = PeriodicFlusher.start("self-stopping", Duration.ofMillis(1), () -> {
            started.await();
            self.get().stop(); // must not wait for its own thread
            stoppedItself.countDown();
        });
        self.set(f);
        started.countDown();
        assertTrue(stoppedItself.await(PATIENCE_SECONDS, TimeUnit.SECONDS));
        f.stop();
        assertFalse(f.isRunning());
    }

    @Test
    void aPeriodMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PeriodicFlusher.start("x", Duration.ZERO, () -> { }));
        assertEquals("a flush period must be positive, not PT0S", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PeriodicFlusher.start("x", Duration.ofMillis(-1), () -> { }));
    }
}
