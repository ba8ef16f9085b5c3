package io.bussdcc.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Cancellation;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class ReplayClockTest {

    private static final Instant T = Instant.parse("2026-03-09T23:45:00.123456789Z");

    @Test
    void speedsAreReadTheWayUsersWriteThem() {
        assertEquals(ReplayClock.MAX_SPEED, ReplayClock.parseSpeed("max"));
        assertEquals(ReplayClock.MAX_SPEED, ReplayClock.parseSpeed(" MAX "));
        assertEquals(ReplayClock.MAX_SPEED, ReplayClock.parseSpeed("0"));
        assertEquals(10.0, ReplayClock.parseSpeed("10x"));
        assertEquals(2.5, ReplayClock.parseSpeed("2.5"));
        for (String bad : new String[] {"-1", "fast", "NaN", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReplayClock.parseSpeed(bad));
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new ReplayClock(-0.5));
        assertTrue(new ReplayClock(0).isMaxSpeed());
    }

    @Test
    void readsTheInstantItWasAdvancedTo() {
        ReplayClock clock = ReplayClock.maxSpeed();
        IllegalStateException notStarted = assertThrows(IllegalStateException.class, clock::now);
        assertTrue(notStarted.getMessage().contains("not started"));
        clock.start(T);
        assertEquals(T, clock.now());
        assertEquals(0, clock.monotonic());
        assertTrue(clock.advanceTo(T.plusNanos(1)));
        assertEquals(T.plusNanos(1), clock.now());
        assertTrue(clock.advanceTo(T.plusSeconds(90)));
        assertEquals(Duration.ofSeconds(90), clock.uptime());
        assertEquals(90_000_000_000L, clock.monotonic());
        assertThrows(IllegalStateException.class, () -> clock.start(T));
    }

    @Test
    void timeNeverGoesBackNorPastTheEnd() {
        ReplayClock clock = ReplayClock.maxSpeed();
        clock.start(T, T.plusSeconds(10));
        clock.advanceTo(T.plusSeconds(5));
        assertThrows(IllegalArgumentException.class, () -> clock.advanceTo(T.plusSeconds(4)));
        assertThrows(IllegalArgumentException.class, () -> clock.advanceTo(T.plusSeconds(11)));
        assertTrue(clock.advanceTo(T.plusSeconds(10)));
        assertThrows(IllegalArgumentException.class, () -> new ReplayClock(1).start(T, T.minusNanos(1)));
    }

    @Test
    void atMaxSpeedItNeverWaits() {
        ReplayClock clock = ReplayClock.maxSpeed();
        clock.start(T);
        for (int i = 1; i <= 100_000; i++) {
            assertTrue(clock.advanceTo(T.plusSeconds(i))); // 28 hours of recording
        }
        assertEquals(0, clock.pacingWaits());
    }

    @Test
    void realTimePacingPaysSmallWaitsInBatches() {
        ReplayClock clock = new ReplayClock(1.0);
        clock.start(T);
        long began = System.nanoTime();
        int events = 20_000;
        for (int i = 1; i <= events; i++) {
            clock.advanceTo(T.plusNanos(i * 10_000L)); // 10 µs apart: 200 ms of recording
        }
        long elapsed = System.nanoTime() - began;
        // Honours the recording's pace: at most the last owed millisecond is unpaid...
        assertTrue(elapsed >= TimeUnit.MILLISECONDS.toNanos(199), "took only " + elapsed + " ns");
        // ...with about one sleep per millisecond, not one per event.
        long waits = clock.pacingWaits();
        assertTrue(waits >= 1 && waits <= 400, "slept " + waits + " times for " + events + " events");
    }

    @Test
    void fasterSpeedsWaitProportionallyLess() {
        ReplayClock clock = new ReplayClock(10);
        clock.start(T);
        long began = System.nanoTime();
        clock.advanceTo(T.plusMillis(400));
        long elapsed = System.nanoTime() - began;
        assertTrue(elapsed >= TimeUnit.MILLISECONDS.toNanos(39), "took only " + elapsed + " ns");
    }

    @Test
    void pauseFreezesTimeAndResumeGoesOnWithoutCatchingUp() throws Exception {
        ReplayClock clock = new ReplayClock(1.0);
        clock.start(T);
        Waiter<Long> advanced = waiting(() -> {
            clock.advanceTo(T.plusMillis(300));
            return System.nanoTime();
        });
        clock.pause();
        assertTrue(clock.isPaused());
        Thread.sleep(400); // longer than the whole wait: a clock that ignored the pause would be done
        assertFalse(advanced.isDone());
        assertEquals(T, clock.now());
        long resumed = System.nanoTime();
        clock.resume();
        long done = advanced.get(5, TimeUnit.SECONDS);
        assertEquals(T.plusMillis(300), clock.now());
        // about 250 ms of the gap were left when paused; they are still waited, not skipped
        assertTrue(done - resumed >= TimeUnit.MILLISECONDS.toNanos(150), "resumed wait took " + (done - resumed) + " ns");
    }

    @Test
    void haltEndsAWaitWithoutAdvancing() throws Exception {
        ReplayClock clock = new ReplayClock(1.0);
        clock.start(T);
        Waiter<Boolean> advanced = waiting(() -> clock.advanceTo(T.plusSeconds(3600)));
        clock.halt();
        assertFalse(advanced.get(5, TimeUnit.SECONDS));
        assertEquals(T, clock.now());
        assertFalse(clock.advanceTo(T.plusSeconds(1)));
        assertTrue(clock.isHalted());
    }

    @Test
    void aSpeedChangeRetimesTheWaitInProgress() throws Exception {
        ReplayClock clock = new ReplayClock(1.0);
        clock.start(T);
        Waiter<Boolean> advanced = waiting(() -> clock.advanceTo(T.plusSeconds(3600)));
        assertFalse(advanced.isDone());
        clock.setSpeed(ReplayClock.MAX_SPEED);
        assertTrue(advanced.get(5, TimeUnit.SECONDS));
        assertEquals(T.plusSeconds(3600), clock.now());
    }

    @Test
    void aStepLetsOneTurnThroughUnpacedThenStaysPaused() throws Exception {
        ReplayClock clock = new ReplayClock(1.0);
        clock.start(T);
        clock.pause();
        Waiter<Boolean> turn = waiting(() -> clock.awaitTurn() && clock.advanceTo(T.plusSeconds(3600)));
        assertFalse(turn.isDone());
        clock.grantStep();
        assertTrue(turn.get(5, TimeUnit.SECONDS)); // an hour of recording, not waited: stepping is not paced
        assertTrue(clock.isPaused());
        Waiter<Boolean> next = waiting(clock::awaitTurn);
        assertFalse(next.isDone());
        clock.halt();
        assertFalse(next.get(5, TimeUnit.SECONDS));
    }

    @Test
    void sleepWaitsForVirtualTime() throws Exception {
        ReplayClock clock = ReplayClock.maxSpeed();
        clock.start(T);
        Waiter<Boolean> sleeper = waiting(() -> clock.sleep(Duration.ofSeconds(5), new Cancellation()));
        clock.advanceTo(T.plusSeconds(4));
        sleeper.awaitBlocked(); // woken by the advance, it waits on for the last second
        assertFalse(sleeper.isDone());
        clock.advanceTo(T.plusSeconds(5));
        assertFalse(sleeper.get(5, TimeUnit.SECONDS), "not cancelled");
    }

    @Test
    void sleepEndsWhenCancelledOrWhenTimeStops() throws Exception {
        ReplayClock clock = ReplayClock.maxSpeed();
        clock.start(T);
        Cancellation cancel = new Cancellation();
        Waiter<Boolean> cancelled = waiting(() -> clock.sleep(Duration.ofSeconds(5), cancel));
        Waiter<Boolean> halted = waiting(() -> clock.sleep(Duration.ofSeconds(5), null));
        cancel.cancel();
        assertTrue(cancelled.get(5, TimeUnit.SECONDS));
        assertFalse(halted.isDone());
        clock.halt();
        assertTrue(halted.get(5, TimeUnit.SECONDS), "a halted clock never reaches the end of the sleep");
        assertFalse(clock.sleep(Duration.ZERO, null));
        assertTrue(clock.sleep(Duration.ZERO, cancel));
    }

    /** A call running on its own thread; {@link #waiting} returns once the thread is blocked in it. */
    private static final class Waiter<T> {
        final FutureTask<T> task;
        final Thread thread;

        Waiter(Callable<T> call) {
            task = new FutureTask<>(call);
            thread = Thread.ofPlatform().daemon().name("replay-clock-waiter").start(task);
        }

        boolean isDone() {
            return task.isDone();
        }

        T get(long timeout, TimeUnit unit) throws Exception {
            return task.get(timeout, unit);
        }

        /** Returns once the thread waits (in the clock), or fails if it ends or never does. */
        void awaitBlocked() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                Thread.State state = thread.getState();
                if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
                    return;
                }
                assertFalse(task.isDone(), "the call ended instead of waiting");
                assertTrue(System.nanoTime() < deadline, "the call never waited");
                Thread.sleep(1);
            }
        }
    }

    private static <T> Waiter<T> waiting(Callable<T> call) throws InterruptedException {
        Waiter<T> waiter = new Waiter<>(call);
        waiter.awaitBlocked();
        return waiter;
    }
}
