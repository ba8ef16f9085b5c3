package io.bussdcc.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Event;
import io.bussdcc.api.SourceProblem;
import io.bussdcc.codec.LogSegments;
import io.bussdcc.jsonl.Greenhouse.SensorReading;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link JsonlSource.Builder#follow}: a reader that keeps up with a log being written, across segments. */
class FollowTest {

    private static final Instant T0 = Instant.parse("2026-03-09T23:00:00Z");

    @TempDir
    Path root;

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    private static Event<?> reading(long seq, Instant at) {
        return new Event<>(at, new SensorReading("s", seq, seq, "C", null));
    }

    @Test
    void aFollowerDeliversNewEventsAndNewSegmentsAcrossRollsAndCompressionUntilInterrupted() throws Exception {
        JsonlSink sink = JsonlSink.builder(root).interval(Duration.ofMinutes(1)).registry(Greenhouse.registry())
                .durability(Durability.flushEachEvent()).compress(true).build();
        sink.start(null);
        List<Event<?>> written = new ArrayList<>();
        for (int i = 0; i < 3; i++) { // the past: 23:00 holds two, 23:01 one; the follower starts at 23:01
            Event<?> e = reading(i, T0.plusSeconds(40L * i));
            sink.handle(e);
            written.add(e);
        }
        List<Event<?>> seen = Collections.synchronizedList(new ArrayList<>());
        List<SourceProblem> problems = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger idles = new AtomicInteger();
        JsonlSource source = JsonlSource.builder(root).registry(Greenhouse.registry())
                .follow(Duration.ofMillis(20), idles::incrementAndGet).build();
        Thread reader = new Thread(() -> {
            try (Stream<Event<?>> s = source.open(problems::add)) {
                s.forEach(seen::add);
            } catch (Exception e) {
                problems.add(new SourceProblem("reader", 0, e.toString()));
            }
        });
        reader.start();
        await("the follower to reach the end", () -> idles.get() > 0);
        assertEquals(written.subList(2, 3), seen, "the newest segment's events, nothing older");
        for (int i = 3; i < 12; i++) { // eight more minutes: rolls, and the older segments compressed
            Event<?> e = reading(i, T0.plusSeconds(60L * i));
            sink.handle(e);
            written.add(e);
            int expected = i - 1; // events 2 to i
            await("event " + i, () -> seen.size() == expected);
        }
        sink.awaitMaintenance();
        assertTrue(LogSegments.list(root).stream().filter(LogSegments.Segment::compressed).count() >= 6);
        reader.interrupt();
        reader.join(TimeUnit.SECONDS.toMillis(20));
        assertTrue(!reader.isAlive(), "an interrupt ends the stream");
        sink.stop();
        assertEquals(written.subList(2, written.size()), seen);
        assertEquals(List.of(), problems);
    }

    @Test
    void aFollowerFromATimeStartsAtTheSegmentHoldingIt() throws Exception {
        JsonlSink sink = JsonlSink.builder(root).interval(Duration.ofMinutes(1)).registry(Greenhouse.registry()).build();
        sink.start(null);
        List<Event<?>> written = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Event<?> e = reading(i, T0.plusSeconds(30L * i));
            sink.handle(e);
            written.add(e);
        }
        sink.stop();
        List<Event<?>> seen = new ArrayList<>();
        JsonlSource source = JsonlSource.builder(root).registry(Greenhouse.registry()).from(T0.plusSeconds(90))
                .follow(Duration.ofMillis(20), () -> Thread.currentThread().interrupt()).build();
        try (Stream<Event<?>> s = source.open(p -> { })) {
            s.forEach(seen::add);
        }
        Thread.interrupted();
        assertEquals(written.subList(3, 6), seen);
    }
}
