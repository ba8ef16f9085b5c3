package io.bussdcc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Context;
import io.bussdcc.api.Event;
import io.bussdcc.api.RuntimeMode;
import io.bussdcc.api.Service;
import io.bussdcc.api.ServiceInfo;
import io.bussdcc.api.ServiceState;
import io.bussdcc.api.message.ServiceError;
import io.bussdcc.api.message.ServiceFailure;
import io.bussdcc.api.message.ServiceRestart;
import io.bussdcc.api.message.ServiceStarted;
import io.bussdcc.api.message.ServiceStopped;
import io.bussdcc.runtime.replay.ReplayDoor;
import io.bussdcc.runtime.replay.ReplayHandle;
import io.bussdcc.runtime.replay.ReplayOptions;
import io.bussdcc.runtime.replay.VirtualTimeServices;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class ServiceSupervisionTest {

    /** A service whose behaviour the test sets. */
    static class TestService implements Service {
        final String name;
        final Duration interval;
        final AtomicInteger ticks = new AtomicInteger();
        final AtomicInteger starts = new AtomicInteger();
        final AtomicInteger stops = new AtomicInteger();
        volatile int failFirstTicks;
        volatile boolean restart = true;
        volatile boolean critical;
        volatile boolean enabled = true;

        TestService(String name, Duration interval) {
            this.name = name;
            this.interval = interval;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Duration interval() {
            return interval;
        }

        @Override
        public boolean restartOnFailure() {
            return restart;
        }

        @Override
        public boolean critical() {
            return critical;
        }

        @Override
        public boolean enabledAtBoot() {
            return enabled;
        }

        @Override
        public void start(Context ctx) {
            starts.incrementAndGet();
        }

        @Override
        public void tick(Context ctx) {
            int n = ticks.incrementAndGet();
            if (n <= failFirstTicks) {
                throw new IllegalStateException("tick " + n + " failed");
            }
        }

        @Override
        public void stop(Context ctx) {
            stops.incrementAndGet();
        }
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void aServiceTicksRepeatedlyOnItsOwnThread() throws Exception {
        RecordingSink sink = new RecordingSink();
        TestService service = new TestService("poll", Duration.ofMillis(5));
        Runtime runtime = new Runtime().addSink(sink).addService(service);
        runtime.boot();
        await("5 ticks", () -> service.ticks.get() >= 5);
        runtime.shutdown();
        assertEquals(1, service.starts.get());
        assertEquals(1, service.stops.get());
        assertEquals(List.of(new ServiceStarted("poll")), sink.payloads(ServiceStarted.class));
        assertEquals(List.of(new ServiceStopped("poll")), sink.payloads(ServiceStopped.class));
    }

    @Test
    void aFailingServiceRestartsWithGrowingBackoff() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-24T00:00:00Z"));
        RecordingSink sink = new RecordingSink();
        TestService service = new TestService("flaky", Duration.ofMillis(10));
        service.failFirstTicks = 5;
        Runtime runtime = Runtime.builder().clock(clock)
                .restartBackoff(Duration.ofMillis(100), Duration.ofMillis(1000)).build()
                .addSink(sink).addService(service);
        runtime.boot();
        await("recovery", () -> service.ticks.get() >= 7);
        runtime.shutdown();
        // Five failures wait 100, 200, 400, 800, 1000 ms; then it is healthy again at its interval.
        assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
                Duration.ofMillis(800), Duration.ofMillis(1000), Duration.ofMillis(10)),
                clock.sleeps().subList(0, 6));
        assertEquals(5, sink.payloads(ServiceError.class).size());
        assertEquals(5, sink.payloads(ServiceRestart.class).size());
        ServiceError first = sink.payloads(ServiceError.class).getFirst();
        assertEquals("flaky", first.service());
        assertEquals("java.lang.IllegalStateException: tick 1 failed", first.error());
        assertEquals(5, runtime.services().info("flaky").orElseThrow().restarts());
    }

    @Test
    void aFailingServiceWithoutRestartStops() throws Exception {
        RecordingSink sink = new RecordingSink();
        TestService service = new TestService("once", Duration.ofMillis(5));
        service.failFirstTicks = 1;
        service.restart = false;
        Runtime runtime = new Runtime().addSink(sink).addService(service);
        runtime.boot();
        await("stop", () -> !sink.payloads(ServiceStopped.class).isEmpty());
        ServiceInfo info = runtime.services().info("once").orElseThrow();
        assertEquals(ServiceState.FAILED, info.state());
        assertEquals("java.lang.IllegalStateException: tick 1 failed", info.lastError());
        assertEquals(1, service.ticks.get());
        assertTrue(sink.payloads(ServiceRestart.class).isEmpty());
        assertTrue(runtime.isRunning(), "a non-critical failure stopped the runtime");
        runtime.shutdown();
    }

    @Test
    void aCriticalFailureShutsTheRuntimeDown() throws Exception {
        RecordingSink sink = new RecordingSink();
        TestService service = new TestService("heart", Duration.ofMillis(5));
        service.failFirstTicks = 1;
        service.critical = true;
        Runtime runtime = new Runtime().addSink(sink).addService(service);
        runtime.boot();
        assertTrue(runtime.awaitShutdown(Duration.ofSeconds(5)), "a critical failure did not shut down");
        List<ServiceFailure> failures = sink.payloads(ServiceFailure.class);
        assertEquals(1, failures.size());
        assertEquals("heart", failures.getFirst().service());
        assertTrue(runtime.shutdownReason().orElseThrow().contains("critical service 'heart' failed"));
        assertEquals("RuntimeShutdown", sink.typeNames().getLast());
    }

    @Test
    void criticalFailureShutdownCanBeTurnedOff() throws Exception {
        RecordingSink sink = new RecordingSink();
        TestService service = new TestService("heart", Duration.ofMillis(5));
        service.failFirstTicks = 1;
        service.critical = true;
        Runtime runtime = Runtime.builder().shutdownOnCriticalFailure(false).build().addSink(sink).addService(service);
        runtime.boot();
        await("failure", () -> !sink.payloads(ServiceFailure.class).isEmpty());
        assertFalse(runtime.awaitShutdown(Duration.ofMillis(200)));
        runtime.shutdown();
    }

    @Test
    void servicesCanBeControlledAtRunTime() throws Exception {
        RecordingSink sink = new RecordingSink();
        TestService a = new TestService("a", Duration.ofMillis(5));
        TestService b = new TestService("b", Duration.ofMillis(5));
        b.enabled = false;
        Runtime runtime = new Runtime().addSink(sink).addService(a).addService(b);
        runtime.boot();
        assertEquals(List.of("a", "b"), runtime.services().list().stream().map(ServiceInfo::name).toList());
        assertTrue(runtime.services().info("a").orElseThrow().running());
        assertFalse(runtime.services().info("b").orElseThrow().running());

        IllegalStateException disabled = assertThrows(IllegalStateException.class, () -> runtime.services().start("b"));
        assertTrue(disabled.getMessage().contains("disabled"));
        runtime.services().enable("b");
        runtime.services().start("b");
        await("b ticks", () -> b.ticks.get() > 0);

        runtime.services().stop("a");
        assertEquals(ServiceState.STOPPED, runtime.services().info("a").orElseThrow().state());
        int ticksAfterStop = a.ticks.get();
        Thread.sleep(50);
        assertEquals(ticksAfterStop, a.ticks.get(), "a stopped service kept ticking");

        runtime.services().disable("b");
        assertFalse(runtime.services().info("b").orElseThrow().running());
        assertFalse(runtime.services().info("b").orElseThrow().enabled());
        assertThrows(NoSuchElementException.class, () -> runtime.services().stop("nope"));
        runtime.shutdown();
        // a was stopped by hand, b by disabling it: nothing was left running for the shutdown to stop.
        assertEquals(List.of("a", "b"), sink.payloads(ServiceStopped.class).stream().map(ServiceStopped::service).toList());
    }

    @Test
    void theEventSideOfAServiceIsIsolated() throws Exception {
        RecordingSink sink = new RecordingSink();
        CountDownLatch handled = new CountDownLatch(1);
        Runtime runtime = new Runtime().addSink(sink).addService(new Service() {
            @Override
            public String name() {
                return "listener";
            }

            @Override
            public Duration interval() {
                return Duration.ofHours(1);
            }

            @Override
            public void handle(Context ctx, Event<?> event) {
                if (event.payload() instanceof TestMessages.Ping) {
                    handled.countDown();
                    throw new IllegalArgumentException("cannot handle ping");
                }
            }
        });
        runtime.boot();
        runtime.emit(new TestMessages.Ping(1));
        assertTrue(handled.await(5, TimeUnit.SECONDS));
        List<ServiceError> errors = sink.payloads(ServiceError.class);
        assertEquals(1, errors.size());
        assertEquals(new TestMessages.Ping(1), errors.getFirst().evt().payload());
        runtime.shutdown();
    }

    @Test
    void aServiceStuckInATickDoesNotHangTheShutdown() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Runtime runtime = Runtime.builder().serviceStopTimeout(Duration.ofMillis(100)).build().addService(new Service() {
            @Override
            public String name() {
                return "stuck";
            }

            @Override
            public void tick(Context ctx) throws InterruptedException {
                entered.countDown();
                try {
                    new CountDownLatch(1).await(); // only an interrupt gets it out
                } finally {
                    interrupted.countDown();
                }
            }
        });
        runtime.boot();
        assertTrue(entered.await(5, TimeUnit.SECONDS));
        Thread.ofPlatform().start(runtime::shutdown);
        assertTrue(interrupted.await(30, TimeUnit.SECONDS), "the stuck tick was never interrupted");
        assertTrue(runtime.awaitShutdown(Duration.ofSeconds(30)), "the shutdown hung on the stuck tick");
    }

    @Test
    void theIntervalMustBePositive() {
        TestService zero = new TestService("zero", Duration.ZERO);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Runtime().addService(zero));
        assertTrue(e.getMessage().contains("'zero'"));
    }

    @Test
    void onVirtualTimeServicesTickAtExactInstantsOnTheCallingThread() {
        Instant start = Instant.parse("2026-11-24T00:00:00Z");
        ManualClock clock = new ManualClock(start);
        RecordingSink sink = new RecordingSink();
        List<String> ticks = new ArrayList<>();
        Thread caller = Thread.currentThread();
        Service svc = new Service() {
            @Override
            public String name() {
                return "every-3s";
            }

            @Override
            public Duration interval() {
                return Duration.ofSeconds(3);
            }

            @Override
            public void tick(Context ctx) {
                assertEquals(caller, Thread.currentThread());
                ticks.add(ctx.clock().now().toString());
            }
        };
        ReplayHandle handle = ReplayDoor.open(Runtime.builder().clock(clock), new ReplayOptions(RuntimeMode.LIVE, null, true));
        Runtime runtime = handle.runtime().addSink(sink).addService(svc);
        runtime.boot();
        VirtualTimeServices driver = handle.services();
        Instant end = start.plusSeconds(10);
        while (driver.nextDue().isPresent() && !driver.nextDue().get().isAfter(end)) {
            Instant due = driver.nextDue().get();
            clock.set(due);
            driver.runDue(due);
        }
        assertEquals(List.of("2026-11-24T00:00:00Z", "2026-11-24T00:00:03Z", "2026-11-24T00:00:06Z",
                "2026-11-24T00:00:09Z"), ticks);
        runtime.shutdown();
        assertEquals(1, sink.payloads(ServiceStopped.class).size());
    }

    @Test
    void threadedRuntimesHaveNoVirtualDriver() {
        ReplayHandle handle = ReplayDoor.open(Runtime.builder(), new ReplayOptions(RuntimeMode.REPLAY, null, false));
        assertThrows(IllegalStateException.class, handle::services);
    }
}
