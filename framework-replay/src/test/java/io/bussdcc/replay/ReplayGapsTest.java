package io.bussdcc.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Event;
import io.bussdcc.replay.Fixtures.Counted;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Idle gaps at real-time speed: a log with an event in the year 999,999,999 must end. */
@Timeout(20)
class ReplayGapsTest {

    private static final Instant T = Instant.parse("2026-12-01T00:00:00Z");
    private static final Instant FAR = Instant.parse("+999999999-01-01T00:00:00Z");

    @Test
    void aGapLongerThanTheMaximumIsWaitedAsTheMaximum() {
        ReplayClock clock = new ReplayClock(1.0);
        clock.setMaxGap(Duration.ofMillis(30));
        clock.start(T);
        long before = System.nanoTime();
        assertTrue(clock.advanceTo(FAR));
        long waited = System.nanoTime() - before;
        assertEquals(FAR, clock.now(), "virtual time moves to the event's own instant");
        assertTrue(waited >= Duration.ofMillis(29).toNanos(), "the capped gap is still waited: " + waited + " ns");
        assertEquals(1, clock.gapsShortened());
        assertTrue(clock.advanceTo(FAR.plusMillis(5)), "a short gap after it is paced as usual");
        assertEquals(1, clock.gapsShortened());
    }

    @Test
    void aZeroMaximumSkipsIdleTimeWithoutSleeping() {
        ReplayClock clock = new ReplayClock(1.0);
        clock.setMaxGap(Duration.ZERO);
        clock.start(T);
        assertTrue(clock.advanceTo(FAR));
        assertEquals(0, clock.pacingWaits());
        assertEquals(Duration.ZERO, clock.maxGap().orElseThrow());
        assertThrows(IllegalArgumentException.class, () -> clock.setMaxGap(Duration.ofSeconds(-1)));
    }

    @Test
    void aReplayAtRealTimeSpeedOfALogWithAnEventInTheYear999999999Ends() throws Exception {
        List<Event<?>> recorded = List.of(new Event<>(T, new Counted(1)), new Event<>(T.plusMillis(10), new Counted(2)),
                new Event<>(FAR, new Counted(3)));
        ReplayRuntime replay = ReplayRuntime.builder().speed(1.0).maxGap(Duration.ofMillis(20)).registry(Fixtures.registry())
                .addSource(MemoryLog.of(recorded)).build();
        ReplayProgress done = replay.run();
        assertEquals(ReplayRuntime.COMPLETE, done.finishReason().orElseThrow());
        assertEquals(3, done.eventsReplayed());
        assertEquals(FAR, replay.clock().now());
        assertEquals(1, replay.clock().gapsShortened(), "the 10 ms gap is waited in full, the other shortened");
        assertThrows(IllegalArgumentException.class, () -> ReplayRuntime.builder().maxGap(Duration.ofMillis(-1)));
    }
}
