package io.bussdcc.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Cancellation;
import io.bussdcc.api.Event;
import io.bussdcc.testing.TestMessages.Dog;
import io.bussdcc.testing.TestMessages.Note;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class FixturesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void theManualClockMovesOnlyWhenToldAndRecordsSleeps() {
        ManualClock clock = new ManualClock(T0);
        assertEquals(T0, clock.now());
        assertFalse(clock.sleep(Duration.ofSeconds(2), new Cancellation()));
        Cancellation cancelled = new Cancellation();
        cancelled.cancel();
        assertTrue(clock.sleep(Duration.ofSeconds(1), cancelled), "a cancelled sleep says so");
        clock.advance(Duration.ofMillis(500));
        assertEquals(T0.plusMillis(3500), clock.now());
        assertEquals(3_500_000_000L, clock.monotonic());
        clock.set(T0.plusSeconds(10));
        assertEquals(Duration.ofSeconds(10), clock.uptime());
        assertEquals(List.of(Duration.ofSeconds(2), Duration.ofSeconds(1)), clock.sleeps());
    }

    @Test
    void awaitReturnsOnceTheConditionHoldsAndFailsNamingWhatOtherwise() throws Exception {
        AtomicBoolean flag = new AtomicBoolean();
        Thread t = Thread.ofPlatform().start(() -> flag.set(true));
        Await.await("the flag", flag::get, Duration.ofSeconds(30));
        t.join();
        AssertionError e = assertThrows(AssertionError.class,
                () -> Await.await(() -> "never (state 42)", () -> false, Duration.ofMillis(20)));
        assertTrue(e.getMessage().contains("waiting for never (state 42)"), e.getMessage());
    }

    @Test
    void theRecordingSinkKeepsItsLifecycleAndEventsInOrder() throws Exception {
        RecordingSink sink = new RecordingSink();
        sink.start(null);
        Event<Dog> dog = new Event<>(T0, new Dog(1));
        sink.handle(dog);
        sink.handle(new Event<>(T0, new Note("n")));
        sink.stop();
        assertEquals(List.of(RecordingSink.STARTED, dog, sink.events().get(1), RecordingSink.STOPPED), sink.log());
        assertEquals(List.of(new Dog(1)), sink.payloads(Dog.class));
        assertEquals(List.of("Dog", "Note"), sink.typeNames());
        assertEquals(new Note("n"), sink.await(Note.class, n -> n.text().equals("n"), Duration.ofSeconds(1)));
        assertThrows(AssertionError.class, () -> sink.await(Note.class, n -> false, Duration.ofMillis(10)));
    }

    @Test
    void jsonTreeKeepsOrderAndTypes() {
        Map<String, Object> m = JsonTree.object("{\"b\":1,\"a\":[true,null,1.5,\"x\"]}");
        assertEquals(List.of("b", "a"), List.copyOf(m.keySet()));
        assertEquals(1L, m.get("b"));
        assertEquals(java.util.Arrays.asList(true, null, 1.5, "x"), m.get("a"));
        assertThrows(AssertionError.class, () -> JsonTree.parse("{nope"));
    }
}
