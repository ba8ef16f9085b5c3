package io.bussdcc.runtime.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Context;
import io.bussdcc.api.Event;
import io.bussdcc.api.Message;
import io.bussdcc.api.Process;
import io.bussdcc.api.Service;
import io.bussdcc.api.ServiceState;
import io.bussdcc.runtime.Runtime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A service's event side ({@code handle}) never runs after its {@code stop} began, while other
 * threads emit at full speed; and a handler that stops a service does not wait for itself.
 */
class ServiceStopRaceTest {

    record Ping(long n) implements Message {}

    record StopIt() implements Message {}

    /**
     * A service that counts the events it handles after its stop began and before the test asks
     * for it to start again. (Its event side starts with that request, before start() has run on
     * its thread; stop() ends it.)
     */
    static final class Watched implements Service {
        volatile boolean stopping;
        final AtomicInteger late = new AtomicInteger();
        final AtomicInteger starts = new AtomicInteger();
        final AtomicInteger stops = new AtomicInteger();

        public String name() {
            return "watched";
        }

        public Duration interval() {
            return Duration.ofMillis(1);
        }

        public void start(Context ctx) {
            starts.incrementAndGet();
        }

        public void handle(Context ctx, Event<?> event) {
            if (stopping) {
                late.incrementAndGet();
            }
        }

        public void stop(Context ctx) {
            stopping = true;
            stops.incrementAndGet();
        }
    }

    /** Waits until the service's thread has called start() {@code n} times in all. */
    private static void awaitStarts(Watched service, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (service.starts.get() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the service did not start: " + service.starts.get() + " starts, wanted " + n);
            }
            Thread.sleep(1);
        }
    }

    @Test
    void aStoppedServiceHandlesNothingAfterItsStopBegan() throws Exception {
        Watched service = new Watched();
        Runtime runtime = Runtime.builder().build();
        runtime.addService(service);
        runtime.boot();
        List<Thread> emitters = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            emitters.add(Thread.ofPlatform().start(() -> {
                for (long n = 0; !runtime.isShutDown(); n++) {
                    runtime.emit(new Ping(n));
                }
            }));
        }
        int rounds = 200;
        for (int i = 0; i < rounds; i++) {
            awaitStarts(service, i + 1);
            runtime.services().stop("watched");
            assertEquals(ServiceState.STOPPED, runtime.services().info("watched").orElseThrow().state());
            service.stopping = false;
            runtime.services().start("watched");
        }
        runtime.shutdown("done");
        for (Thread t : emitters) {
            t.join();
        }
        assertEquals(service.starts.get(), service.stops.get(), "every run that started was stopped");
        assertTrue(service.starts.get() >= rounds, "the service ran " + service.starts.get() + " times");
        assertEquals(0, service.late.get(), "events handled after stop() began");
    }

    @Test
    void aHandlerThatStopsAServiceDoesNotWaitForItself() throws Exception {
        Watched service = new Watched();
        CountDownLatch stopped = new CountDownLatch(1);
        // Were the handler to wait for itself, it would wait this long: the await below would fail.
        Runtime runtime = Runtime.builder().serviceStopTimeout(Duration.ofHours(1)).build();
        runtime.addService(service);
        runtime.addProcess(new Process() {
            public String name() {
                return "stopper";
            }

            public void handle(Context ctx, Event<?> event) {
                if (event.payload() instanceof StopIt) {
                    ctx.services().stop("watched");
                    stopped.countDown();
                }
            }
        });
        runtime.boot();
        awaitStarts(service, 1);
        Thread.ofPlatform().start(() -> runtime.emit(new StopIt()));
        assertTrue(stopped.await(30, TimeUnit.SECONDS), "stopping a service from a handler waited for the handler itself");
        assertEquals(1, service.stops.get());
        runtime.shutdown("done");
    }
}
