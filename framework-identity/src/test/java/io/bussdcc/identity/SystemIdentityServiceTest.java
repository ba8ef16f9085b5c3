package io.bussdcc.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Cancellation;
import io.bussdcc.api.Clock;
import io.bussdcc.api.Context;
import io.bussdcc.api.Event;
import io.bussdcc.api.Process;
import io.bussdcc.api.RuntimeMode;
import io.bussdcc.api.message.ServiceError;
import io.bussdcc.runtime.Runtime;
import io.bussdcc.runtime.replay.ReplayDoor;
import io.bussdcc.runtime.replay.ReplayHandle;
import io.bussdcc.runtime.replay.ReplayOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service in a real runtime: live it discovers, stores and emits once; in replay it only follows the recording. */
class SystemIdentityServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void liveTheServiceEmitsOneIdentityEventAndStoresItUnderSystemIdentity(@TempDir Path dir) throws Exception {
        Path root = SystemIdentityFixtureTest.raspberryPi4(dir).root();
        Recorder recorder = new Recorder();
        Runtime runtime = Runtime.builder().build();
        runtime.addProcess(recorder);
        runtime.addService(new SystemIdentityService(root));

        runtime.boot();
        try {
            assertTrue(recorder.firstIdentity.await(WAIT.toSeconds(), TimeUnit.SECONDS), "no SystemIdentityEvent");
        } finally {
            runtime.shutdown("test done");
        }

        List<Event<?>> identities = recorder.identities();
        assertEquals(1, identities.size(), identities.toString());
        SystemIdentityEvent identity = (SystemIdentityEvent) identities.get(0).payload();
        assertEquals(SystemIdentity.discover(root), identity);
        assertEquals("greenhouse-pi", recorder.hostnameInStateWhenHandled, "state is set before the event is emitted");

        var state = runtime.state();
        assertEquals("greenhouse-pi", state.get("system.identity.hostname").orElseThrow());
        assertEquals("Raspberry Pi 4 Model B Rev 1.4", state.get("system.identity.hardwareModel").orElseThrow());
        assertEquals("10000000a3b5c7d9", state.get("system.identity.serial").orElseThrow());
        assertEquals("cpuinfo", state.get("system.identity.serialSource").orElseThrow());
        assertEquals("aarch64", state.get("system.identity.architecture").orElseThrow());
        assertEquals(4, state.get("system.identity.cpuCount").orElseThrow());
        assertEquals(3884356L * 1024, state.get("system.identity.memoryBytes").orElseThrow());
        assertEquals(System.getProperty("bussdcc.expectedVersion"),
                state.get("system.identity.frameworkModules.identity").orElseThrow());
        assertEquals(identity.toMap(), state.get("system.identity").orElseThrow());
    }

    @Test
    void unknownFactsAreAbsentFromStateRatherThanNull(@TempDir Path dir) throws Exception {
        Path root = SystemIdentityFixtureTest.container(dir).root();
        Recorder recorder = new Recorder();
        Runtime runtime = Runtime.builder().build();
        runtime.addProcess(recorder);
        runtime.addService(new SystemIdentityService(root));

        runtime.boot();
        try {
            assertTrue(recorder.firstIdentity.await(WAIT.toSeconds(), TimeUnit.SECONDS), "no SystemIdentityEvent");
        } finally {
            runtime.shutdown("test done");
        }

        assertEquals("3f2a9c1e7b4d", runtime.state().get("system.identity.hostname").orElseThrow());
        assertTrue(runtime.state().get("system.identity.serial").isEmpty());
        assertTrue(runtime.state().get("system.identity.hardwareModel").isEmpty());
    }

    @Test
    void ticksDoNotRediscoverOrEmitAgain(@TempDir Path dir) {
        Path root = SystemIdentityFixtureTest.x86Server(dir).root();
        SettableClock clock = new SettableClock(Instant.parse("2026-03-10T08:00:00Z"));
        Recorder recorder = new Recorder();
        ReplayHandle door = ReplayDoor.open(Runtime.builder().clock(clock), new ReplayOptions(RuntimeMode.LIVE, null, true));
        Runtime runtime = door.runtime();
        runtime.addProcess(recorder);
        SystemIdentityService service = new SystemIdentityService(root);
        runtime.addService(service);

        runtime.boot();
        try {
            // Start and first tick, then five more ticks an interval apart; the hostname changes on the way.
            for (int step = 0; step <= 5; step++) {
                clock.set(Instant.parse("2026-03-10T08:00:00Z").plus(service.interval().multipliedBy(step)));
                door.services().runDue(clock.now());
                new FixtureTree(root).file("/etc/hostname", "renamed-" + step + "\n");
            }
        } finally {
            runtime.shutdown("test done");
        }

        assertEquals(1, recorder.identities().size(), recorder.identities().toString());
        assertEquals(Instant.parse("2026-03-10T08:00:00Z"), recorder.identities().get(0).time());
        assertEquals("db-01", runtime.state().get("system.identity.hostname").orElseThrow());
        assertEquals(List.of(), recorder.errors());
    }

    @Test
    void inReplayTheRecordedIdentityReachesProcessesUnchangedAndTheServiceEmitsNone(@TempDir Path dir) {
        // The replaying machine's files: if the service read them, this hostname would show up.
        Path root = SystemIdentityFixtureTest.container(dir).root();
        SystemIdentityEvent recorded = new SystemIdentityEvent("greenhouse-pi", "Raspberry Pi 4 Model B Rev 1.4",
                "10000000a3b5c7d9", "cpuinfo", "Debian GNU/Linux", "12 (bookworm)", "6.6.31+rpt-rpi-v8", "aarch64",
                "BCM2835", 4, 3977580544L, "21.0.5+11-LTS", Map.of("io.bussdcc.api", "0.0.9"));
        Instant recordedAt = Instant.parse("2026-03-09T23:45:02.123456789Z");
        Event<SystemIdentityEvent> recordedEvent = new Event<>(recordedAt, recorded);

        SettableClock clock = new SettableClock(recordedAt.minusSeconds(1));
        Recorder recorder = new Recorder();
        ReplayHandle door = ReplayDoor.open(Runtime.builder().clock(clock), new ReplayOptions(RuntimeMode.REPLAY, null, true));
        Runtime runtime = door.runtime();
        runtime.addProcess(recorder);
        runtime.addService(new SystemIdentityService(root));

        runtime.boot();
        try {
            door.services().runDue(clock.now()); // the service's start and first tick
            assertEquals(List.of(), recorder.identities(), "a replaying service must not discover");
            assertTrue(runtime.state().get("system.identity").isEmpty());

            clock.set(recordedAt);
            door.publish(recordedEvent);
            clock.set(recordedAt.plus(Duration.ofHours(3)));
            door.services().runDue(clock.now()); // three more ticks
        } finally {
            runtime.shutdown("replay complete");
        }

        assertEquals(1, recorder.identities().size(), recorder.identities().toString());
        assertSame(recordedEvent, recorder.identities().get(0), "replayed unchanged, time and data");
        assertEquals(recordedEvent, recorder.identities().get(0));
        assertEquals(recorded.toMap(), runtime.state().get("system.identity").orElseThrow());
        assertEquals("greenhouse-pi", runtime.state().get("system.identity.hostname").orElseThrow());
        assertEquals("0.0.9", runtime.state().get("system.identity.frameworkModules.api").orElseThrow());
        assertEquals(List.of(), recorder.errors());
    }

    @Test
    void inAThreadedReplayRuntimeTheServiceEmitsNothingEither(@TempDir Path dir) throws Exception {
        Path root = SystemIdentityFixtureTest.raspberryPi4(dir).root();
        Recorder recorder = new Recorder();
        Runtime runtime = ReplayDoor.open(Runtime.builder(), new ReplayOptions(RuntimeMode.REPLAY, null, false)).runtime();
        runtime.addProcess(recorder);
        StartObserved service = new StartObserved(new SystemIdentityService(root));
        runtime.addService(service);

        runtime.boot();
        try {
            assertTrue(service.started.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the service did not start");
        } finally {
            runtime.shutdown("replay complete");
        }

        assertEquals(List.of(), recorder.identities());
        assertTrue(runtime.state().get("system.identity").isEmpty());
    }

    /** Records what processes see. */
    private static final class Recorder implements Process {
        final CountDownLatch firstIdentity = new CountDownLatch(1);
        private final List<Event<?>> identities = Collections.synchronizedList(new ArrayList<>());
        private final List<Event<?>> errors = Collections.synchronizedList(new ArrayList<>());
        volatile Object hostnameInStateWhenHandled;

        @Override
        public String name() {
            return "recorder";
        }

        @Override
        public void handle(Context ctx, Event<?> event) {
            if (event.payload() instanceof SystemIdentityEvent) {
                hostnameInStateWhenHandled = ctx.state().get("system.identity.hostname").orElse(null);
                identities.add(event);
                firstIdentity.countDown();
            } else if (event.payload() instanceof ServiceError) {
                errors.add(event);
            }
        }

        List<Event<?>> identities() {
            return List.copyOf(identities);
        }

        List<Event<?>> errors() {
            return List.copyOf(errors);
        }
    }

    /** Lets a test wait until a service's {@code start} has returned. */
    private static final class StartObserved implements io.bussdcc.api.Service {
        final CountDownLatch started = new CountDownLatch(1);
        private final io.bussdcc.api.Service service;

        StartObserved(io.bussdcc.api.Service service) {
            this.service = service;
        }

        @Override
        public String name() {
            return service.name();
        }

        @Override
        public Duration interval() {
            return service.interval();
        }

        @Override
        public void start(Context ctx) throws Exception {
            service.start(ctx);
            started.countDown();
        }

        @Override
        public void handle(Context ctx, Event<?> event) throws Exception {
            service.handle(ctx, event);
        }
    }

    /** A clock the test sets; sleeping moves it. */
    private static final class SettableClock implements Clock {
        private Instant now;
        private long monotonic;

        SettableClock(Instant start) {
            this.now = start;
        }

        synchronized void set(Instant instant) {
            monotonic += Duration.between(now, instant).toNanos();
            now = instant;
        }

        @Override
        public synchronized Instant now() {
            return now;
        }

        @Override
        public synchronized long monotonic() {
            return monotonic;
        }

        @Override
        public synchronized Duration uptime() {
            return Duration.ofNanos(monotonic);
        }

        @Override
        public boolean sleep(Duration duration, Cancellation cancel) {
            synchronized (this) {
                set(now.plus(duration));
            }
            return cancel != null && cancel.isCancelled();
        }
    }
}
