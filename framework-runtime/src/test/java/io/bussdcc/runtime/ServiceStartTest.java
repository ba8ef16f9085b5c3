package io.bussdcc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Context;
import io.bussdcc.api.Event;
import io.bussdcc.api.Service;
import io.bussdcc.api.message.ServiceError;
import io.bussdcc.api.message.ServiceRestart;
import io.bussdcc.api.message.ServiceStarted;
import io.bussdcc.api.message.ServiceStopped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A service's start: where it runs, what it means, and what happens when it fails. */
class ServiceStartTest {

    @Test
    void aServiceSeesNoEventBeforeItsStartHasReturned() throws Exception {
        AtomicBoolean started = new AtomicBoolean();
        CountDownLatch emittedWhileStarting = new CountDownLatch(3);
        AtomicInteger tooEarly = new AtomicInteger();
        AtomicInteger seen = new AtomicInteger();
        Service slowStarter = new Service() {
            @Override
            public String name() {
                return "slow";
            }

            @Override
            public Duration interval() {
                return Duration.ofHours(1);
            }

            @Override
            public void start(Context ctx) throws InterruptedException {
                // Not done until events have been emitted meanwhile: those must wait for this.
                assertTrue(emittedWhileStarting.await(30, TimeUnit.SECONDS), "nothing was emitted during the start");
                started.set(true);
            }

            @Override
            public void handle(Context ctx, Event<?> event) {
                seen.incrementAndGet();
                if (!started.get()) {
                    tooEarly.incrementAndGet();
                }
            }
        };
        Runtime runtime = new Runtime().addService(slowStarter);
        AtomicBoolean stop = new AtomicBoolean();
        Thread emitter = Thread.ofPlatform().start(() -> {
            while (!stop.get()) {
                if (runtime.isRunning()) { // from RuntimeBooted on, while the service starts
                    runtime.emit(new TestMessages.Ping(1));
                    emittedWhileStarting.countDown();
                }
                Thread.onSpinWait();
            }
        });
        runtime.boot();
        ServiceSupervisionTest.await("the service sees an event after its start", () -> seen.get() > 0);
        stop.set(true);
        emitter.join();
        runtime.shutdown();
        assertEquals(0, tooEarly.get(), "events reached the service before its start returned");
        assertTrue(seen.get() > 0, "the service never saw an event after it started");
    }

    @Test
    void serviceStartedMeansStartedAndComesFromTheBootInOrder() {
        RecordingSink sink = new RecordingSink();
        Runtime runtime = new Runtime().addSink(sink)
                .addService(new ServiceSupervisionTest.TestService("a", Duration.ofHours(1)))
                .addService(new ServiceSupervisionTest.TestService("b", Duration.ofHours(1)));
        runtime.boot();
        List<String> names = sink.typeNames();
        assertEquals(List.of("RuntimeBooted", "ServiceStarted", "ServiceStarted", "FrameworkBooted"),
                names.subList(names.indexOf("RuntimeBooted"), names.size()));
        assertEquals(List.of(new ServiceStarted("a"), new ServiceStarted("b")), sink.payloads(ServiceStarted.class));
        runtime.shutdown();
    }

    @Test
    void aFailingStartIsRetriedAfterTheBackoffAndReportedStartedOnlyOnceItWorks() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-24T00:00:00Z"));
        RecordingSink sink = new RecordingSink();
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger ticks = new AtomicInteger();
        Service flaky = new Service() {
            @Override
            public String name() {
                return "flaky-start";
            }

            @Override
            public Duration interval() {
                return Duration.ofMillis(10);
            }

            @Override
            public void start(Context ctx) {
                if (attempts.incrementAndGet() <= 2) {
                    throw new IllegalStateException("port busy");
                }
            }

            @Override
            public void tick(Context ctx) {
                ticks.incrementAndGet();
            }
        };
        Runtime runtime = Runtime.builder().clock(clock).restartBackoff(Duration.ofMillis(100), Duration.ofSeconds(1))
                .build().addSink(sink).addService(flaky);
        runtime.boot();
        ServiceSupervisionTest.await("a tick", () -> ticks.get() > 0);
        runtime.shutdown();
        assertEquals(3, attempts.get());
        assertEquals(2, sink.payloads(ServiceError.class).size());
        assertEquals(2, sink.payloads(ServiceRestart.class).size());
        assertEquals(List.of(new ServiceStarted("flaky-start")), sink.payloads(ServiceStarted.class));
        assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(200)), clock.sleeps().subList(0, 2));
        List<String> names = sink.typeNames();
        assertTrue(names.indexOf("ServiceStarted") > names.lastIndexOf("ServiceRestart"), names.toString());
        assertEquals(List.of(new ServiceStopped("flaky-start")), sink.payloads(ServiceStopped.class));
    }

    @Test
    void aServiceThatNeverStartedIsNotReportedStopped() {
        RecordingSink sink = new RecordingSink();
        ServiceSupervisionTest.TestService never = new ServiceSupervisionTest.TestService("never", Duration.ofHours(1)) {
            @Override
            public void start(Context ctx) {
                throw new IllegalStateException("no config");
            }
        };
        never.restart = false;
        Runtime runtime = new Runtime().addSink(sink).addService(never);
        runtime.boot();
        runtime.shutdown();
        assertEquals(1, sink.payloads(ServiceError.class).size());
        assertEquals(List.of(), sink.payloads(ServiceStarted.class));
        assertEquals(List.of(), sink.payloads(ServiceStopped.class));
        assertEquals(io.bussdcc.api.ServiceState.FAILED, runtime.services().info("never").orElseThrow().state());
    }
}
