package io.bussdcc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Event;
import io.bussdcc.api.Message;
import io.bussdcc.api.Subscription;
import io.bussdcc.api.message.EventSubscriberError;
import io.bussdcc.runtime.TestMessages.Alarm;
import io.bussdcc.runtime.TestMessages.Animal;
import io.bussdcc.runtime.TestMessages.Cat;
import io.bussdcc.runtime.TestMessages.Dog;
import io.bussdcc.runtime.TestMessages.Ping;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;

class EventBusTest {

    private final Dispatcher bus = openBus();

    /** A dispatcher with no components, open: what is left is the bus. */
    static Dispatcher openBus() {
        Dispatcher d = new Dispatcher(new SystemClock(), null);
        d.open();
        return d;
    }
    private static final Instant T = Instant.parse("2026-11-24T12:00:00Z");

    private static Event<Message> event(Message m) {
        return new Event<>(T, m);
    }

    @Test
    void subscribersReceiveTheirTypeAndSubtypesOnly() {
        List<Object> dogs = new ArrayList<>();
        List<Object> animals = new ArrayList<>();
        List<Object> all = new ArrayList<>();
        bus.subscribe(Dog.class, e -> dogs.add(e.payload()));
        bus.subscribe(Animal.class, e -> animals.add(e.payload()));
        bus.subscribe(Message.class, e -> all.add(e.payload()));
        bus.publish(event(new Dog(1)));
        bus.publish(event(new Cat(2)));
        bus.publish(event(new Ping(3)));
        assertEquals(List.of(new Dog(1)), dogs);
        assertEquals(List.of(new Dog(1), new Cat(2)), animals);
        assertEquals(List.of(new Dog(1), new Cat(2), new Ping(3)), all);
    }

    @Test
    void aCancelledSubscriptionReceivesNothingMore() {
        List<Object> seen = new ArrayList<>();
        Subscription s = bus.subscribe(Ping.class, e -> seen.add(e.payload()));
        bus.publish(event(new Ping(1)));
        s.cancel();
        s.cancel();
        bus.publish(event(new Ping(2)));
        assertEquals(List.of(new Ping(1)), seen);
        assertFalse(s.isActive());
    }

    @Test
    void nestedEmissionIsBreadthFirst() {
        List<String> order = new ArrayList<>();
        bus.subscribe(Ping.class, e -> {
            order.add("a" + e.payload().n());
            if (e.payload().n() == 1) {
                bus.publish(event(new Ping(2)));
                bus.publish(event(new Ping(3)));
            }
        });
        bus.subscribe(Ping.class, e -> order.add("b" + e.payload().n()));
        bus.publish(event(new Ping(1)));
        // Ping 1 reaches both handlers before the pings emitted while handling it.
        assertEquals(List.of("a1", "b1", "a2", "b2", "a3", "b3"), order);
    }

    @Test
    void aMillionNestedEmissionsDoNotOverflowTheStack() {
        AtomicLong handled = new AtomicLong();
        bus.subscribe(Ping.class, e -> {
            handled.incrementAndGet();
            if (e.payload().n() < 1_000_000) {
                bus.publish(event(new Ping(e.payload().n() + 1)));
            }
        });
        bus.publish(event(new Ping(1)));
        assertEquals(1_000_000, handled.get());
    }

    @Test
    void aThrowingSubscriberIsReportedOnceAndOthersStillRun() {
        List<Object> others = new ArrayList<>();
        List<EventSubscriberError> errors = new ArrayList<>();
        bus.subscribe(Ping.class, e -> {
            throw new IllegalStateException("bad ping " + e.payload().n());
        });
        bus.subscribe(Ping.class, e -> others.add(e.payload()));
        bus.subscribe(EventSubscriberError.class, e -> errors.add(e.payload()));
        Event<Message> ping = event(new Ping(7));
        bus.publish(ping);
        assertEquals(List.of(new Ping(7)), others);
        assertEquals(1, errors.size());
        EventSubscriberError error = errors.getFirst();
        assertEquals(ping, error.event());
        assertEquals("java.lang.IllegalStateException: bad ping 7", error.error());
        assertTrue(error.handler().contains("Ping"), error.handler());
        assertTrue(error.traceback().contains("IllegalStateException"));
    }

    @Test
    void failuresWhileHandlingErrorsAreNotReported() {
        List<EventSubscriberError> errors = Collections.synchronizedList(new ArrayList<>());
        bus.subscribe(Message.class, e -> {
            throw new IllegalStateException("always fails");
        });
        bus.subscribe(EventSubscriberError.class, e -> errors.add(e.payload()));
        bus.publish(event(new Alarm("fire")));
        assertEquals(List.of(), errors, "a failure on an ERROR event became an error event");
        assertEquals(1, bus.droppedFailures());
        bus.publish(event(new Ping(1)));
        // One report for the ping; the failing subscriber fails again on that report (ERROR): dropped.
        assertEquals(1, errors.size());
        assertEquals(2, bus.droppedFailures());
    }

    @Test
    void stackOverflowInAHandlerIsIsolated() {
        List<Object> after = new ArrayList<>();
        bus.subscribe(Ping.class, e -> recurse(0));
        bus.subscribe(Ping.class, e -> after.add(e.payload()));
        List<String> errors = new ArrayList<>();
        bus.subscribe(EventSubscriberError.class, e -> errors.add(e.payload().error()));
        bus.publish(event(new Ping(1)));
        assertEquals(List.of(new Ping(1)), after);
        assertEquals(List.of("java.lang.StackOverflowError"), errors);
    }

    private static int recurse(int n) {
        return recurse(n + 1) + 1;
    }

    @Test
    void eightThreadsEachReachEverySubscriberExactlyOnce() throws Exception {
        int threads = 8;
        int perThread = 100_000;
        int subscribers = 3;
        AtomicLongArray seen = new AtomicLongArray(threads * perThread * subscribers);
        for (int s = 0; s < subscribers; s++) {
            int sub = s;
            bus.subscribe(Ping.class, e -> seen.incrementAndGet((int) e.payload().n() * subscribers + sub));
        }
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * perThread;
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                for (int i = 0; i < perThread; i++) {
                    bus.publish(event(new Ping(base + i)));
                }
            }));
        }
        go.countDown();
        for (Thread w : workers) {
            w.join();
        }
        for (int i = 0; i < seen.length(); i++) {
            assertEquals(1, seen.get(i), "delivery " + i + " happened " + seen.get(i) + " times");
        }
    }

    @Test
    void subscribingWhilePublishingFromOtherThreadsIsSafe() throws Exception {
        ConcurrentHashMap<Long, Boolean> seen = new ConcurrentHashMap<>();
        Thread publisher = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 200_000; i++) {
                bus.publish(event(new Ping(i)));
            }
        });
        List<Subscription> subs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            subs.add(bus.subscribe(Ping.class, e -> seen.put(e.payload().n(), true)));
        }
        subs.forEach(Subscription::cancel);
        publisher.join();
        bus.subscribe(Ping.class, e -> seen.put(-1L, true));
        bus.publish(event(new Ping(-1)));
        assertTrue(seen.containsKey(-1L));
    }
}
