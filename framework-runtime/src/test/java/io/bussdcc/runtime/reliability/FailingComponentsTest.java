package io.bussdcc.runtime.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.bussdcc.api.Context;
import io.bussdcc.api.Device;
import io.bussdcc.api.DeviceContext;
import io.bussdcc.api.Event;
import io.bussdcc.api.EventSink;
import io.bussdcc.api.Message;
import io.bussdcc.api.Process;
import io.bussdcc.api.Service;
import io.bussdcc.api.message.DeviceFailed;
import io.bussdcc.api.message.ProcessError;
import io.bussdcc.api.message.RuntimeBooting;
import io.bussdcc.api.message.RuntimeShutdown;
import io.bussdcc.api.message.ServiceError;
import io.bussdcc.api.message.ServiceFailure;
import io.bussdcc.api.message.ServiceRestart;
import io.bussdcc.api.message.SinkHandlerError;
import io.bussdcc.runtime.Runtime;
import io.bussdcc.runtime.RuntimeBootException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A process, interface, sink, device and service — and a critical service — whose
 * {@code start}, {@code stop}, {@code tick}, {@code handle}, {@code connect} or
 * {@code disconnect} throws: checked and unchecked exceptions and errors ({@code StackOverflowError}
 * from a real recursion, {@code AssertionError}, {@code OutOfMemoryError} and
 * {@code LinkageError} thrown by hand, {@code InterruptedException}). Whatever fails, the runtime
 * either keeps going or shuts down fully: it reports the failure, emits {@code RuntimeShutdown}
 * exactly once and last, stops every component it started, leaves no service thread behind, and
 * dispatches nothing after shutdown — while another thread keeps emitting all along.
 */
class FailingComponentsTest {

    record Ping(long n) implements Message {}

    enum Kind { PROCESS, INTERFACE, SINK, DEVICE, SERVICE, CRITICAL_SERVICE }

    static final Map<String, Supplier<Throwable>> THROWABLES = new LinkedHashMap<>();

    static {
        THROWABLES.put("IOException", () -> new IOException("boom (checked)"));
        THROWABLES.put("IllegalStateException", () -> new IllegalStateException("boom (unchecked)"));
        THROWABLES.put("StackOverflowError", FailingComponentsTest::realStackOverflow);
        THROWABLES.put("AssertionError", () -> new AssertionError("boom (assertion)"));
        THROWABLES.put("OutOfMemoryError", () -> new OutOfMemoryError("boom (thrown by hand)"));
        THROWABLES.put("LinkageError", () -> new NoClassDefFoundError("boom/Missing"));
        THROWABLES.put("InterruptedException", () -> new InterruptedException("boom (interrupted)"));
    }

    static List<String> methods(Kind kind) {
        return switch (kind) {
            case PROCESS, INTERFACE, SINK -> List.of("start", "handle", "stop");
            case DEVICE -> List.of("connect", "disconnect");
            case SERVICE -> List.of("start", "tick", "handle", "stop");
            case CRITICAL_SERVICE -> List.of("start", "tick");
        };
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            for (String method : methods(kind)) {
                for (String throwable : THROWABLES.keySet()) {
                    all.add(Arguments.of(kind, method, throwable));
                }
            }
        }
        return all.stream();
    }

    /** What each case did, printed at the end. */
    static final Map<String, String> OUTCOMES = new ConcurrentHashMap<>();

    @AfterAll
    static void printOutcomes() {
        System.out.println("failing components: " + OUTCOMES.size() + " cases, all passed");
        new TreeMap<>(OUTCOMES).forEach((k, v) -> System.out.println("  " + k + ": " + v));
    }

    private static Throwable realStackOverflow() {
        try {
            recurse(0);
            throw new IllegalStateException("no stack overflow");
        } catch (StackOverflowError e) {
            return e;
        }
    }

    private static int recurse(int n) {
        return recurse(n + 1) + 1;
    }

    /** Throws any throwable, checked or not, from a method that declares {@code Exception}. */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }

    /** The component under test: fails in {@code failing} with a new {@code throwable} each time. */
    static final class Failing {
        final String failing;
        final Supplier<Throwable> throwable;
        final AtomicBoolean started = new AtomicBoolean();
        final AtomicBoolean stopped = new AtomicBoolean();
        final AtomicBoolean handledAfterStop = new AtomicBoolean();

        Failing(String failing, Supplier<Throwable> throwable) {
            this.failing = failing;
            this.throwable = throwable;
        }

        void call(String method) throws Exception {
            if (stopped.get() && (method.equals("handle") || method.equals("tick"))) {
                handledAfterStop.set(true);
            }
            if (method.equals(failing)) {
                sneakyThrow(throwable.get());
            }
            if (method.equals("start") || method.equals("connect")) {
                started.set(true);
            }
            if (method.equals("stop") || method.equals("disconnect")) {
                stopped.set(true);
            }
        }

        /** Stop was called (even when it is the failing method). */
        void callStop(String method) throws Exception {
            stopped.set(true);
            if (method.equals(failing)) {
                sneakyThrow(throwable.get());
            }
        }

        void addTo(Runtime runtime, Kind kind) {
            switch (kind) {
                case PROCESS, INTERFACE -> {
                    Process p = new Process() {
                        public String name() {
                            return "failing";
                        }

                        public void start(Context ctx) throws Exception {
                            call("start");
                        }

                        public void handle(Context ctx, Event<?> event) throws Exception {
                            call("handle");
                        }

                        public void stop(Context ctx) throws Exception {
                            callStop("stop");
                        }
                    };
                    if (kind == Kind.PROCESS) {
                        runtime.addProcess(p);
                    } else {
                        runtime.addInterface(p);
                    }
                }
                case SINK -> runtime.addSink(new EventSink() {
                    public String name() {
                        return "failing";
                    }

                    public void start(Context ctx) throws Exception {
                        call("start");
                    }

                    public void handle(Event<?> event) throws Exception {
                        call("handle");
                    }

                    public void stop() throws Exception {
                        callStop("stop");
                    }
                });
                case DEVICE -> runtime.addDevice(new Device() {
                    public String kind() {
                        return "test";
                    }

                    public String id() {
                        return "failing";
                    }

                    public void connect(DeviceContext ctx) throws Exception {
                        call("connect");
                    }

                    public void disconnect(DeviceContext ctx) throws Exception {
                        callStop("disconnect");
                    }
                });
                case SERVICE, CRITICAL_SERVICE -> runtime.addService(new Service() {
                    public String name() {
                        return "failing";
                    }

                    public Duration interval() {
                        return Duration.ofMillis(2);
                    }

                    public boolean critical() {
                        return kind == Kind.CRITICAL_SERVICE;
                    }

                    public void start(Context ctx) throws Exception {
                        call("start");
                    }

                    public void tick(Context ctx) throws Exception {
                        call("tick");
                    }

                    public void handle(Context ctx, Event<?> event) throws Exception {
                        call("handle");
                    }

                    public void stop(Context ctx) throws Exception {
                        callStop("stop");
                    }
                });
            }
        }
    }

    @ParameterizedTest(name = "{0} {1} throws {2}")
    @MethodSource("cases")
    void theRuntimeKeepsGoingOrShutsDownFully(Kind kind, String method, String throwableName) throws Exception {
        Observer observer = new Observer();
        Runtime runtime = Runtime.builder().restartBackoff(Duration.ofMillis(5), Duration.ofMillis(20)).build();
        runtime.addSink(observer.sink);
        runtime.addProcess(observer.process);
        Failing failing = new Failing(method, THROWABLES.get(throwableName));
        failing.addTo(runtime, kind);

        boolean bootFails = method.equals("start") && (kind == Kind.PROCESS || kind == Kind.INTERFACE || kind == Kind.SINK);
        RuntimeBootException bootFailure = null;
        try {
            runtime.boot();
        } catch (RuntimeBootException e) {
            bootFailure = e;
        }
        boolean interruptedAtBoot = Thread.interrupted();
        String outcome;
        if (bootFails) {
            assertNotNull(bootFailure, "a " + kind + " that cannot start fails the boot");
            assertTrue(bootFailure.getMessage().contains("'failing' failed to start"), bootFailure.getMessage());
            assertTrue(runtime.isShutDown(), "a failed boot leaves the runtime down, not half up");
            outcome = "boot refused (" + bootFailure.getMessage().replaceFirst(":.*", "") + ")";
        } else {
            assertNull(bootFailure, "a " + kind + " failing in " + method + " does not fail the boot");
            outcome = run(runtime, kind, method, throwableName, failing, observer);
        }
        if (throwableName.equals("InterruptedException") && interruptedAtBoot) {
            outcome += "; interrupt status restored on the booting thread";
        }

        // Down fully, whatever happened.
        assertTrue(runtime.isShutDown());
        List<Message> payloads = observer.payloads();
        if (payloads.stream().anyMatch(p -> p instanceof RuntimeBooting)) {
            assertEquals(1, observer.count(RuntimeShutdown.class), "RuntimeShutdown exactly once");
            assertTrue(payloads.get(payloads.size() - 1) instanceof RuntimeShutdown,
                    "RuntimeShutdown is the last event: " + payloads.get(payloads.size() - 1));
        } else {
            assertTrue(kind == Kind.SINK && bootFails, "only a sink that cannot start stops the boot before it began");
            assertEquals(List.of(), payloads, "nothing was emitted");
        }
        assertEquals(List.of(), observer.late(), "nothing dispatched after RuntimeShutdown or after a stop");
        assertTrue(observer.sinkStopped(), "the other sink was stopped");
        assertEquals(observer.processStarted(), observer.processStopped(), "the other process was stopped if started");
        assertFalse(failing.handledAfterStop.get(), "the failing component got nothing after its stop");
        if (failing.started.get() && kind != Kind.CRITICAL_SERVICE && kind != Kind.SERVICE) {
            assertTrue(failing.stopped.get(), "the failing component, once started, was stopped");
        }
        awaitNoServiceThread();
        OUTCOMES.put(kind + " " + method + " throws " + throwableName, outcome);
    }

    /** Runs a booted runtime with a failing component; returns what happened. */
    private static String run(Runtime runtime, Kind kind, String method, String throwableName, Failing failing,
            Observer observer) throws Exception {
        CountDownLatch emitting = new CountDownLatch(1);
        Thread emitter = Thread.ofPlatform().name("emitter").start(() -> {
            emitting.countDown(); // a critical service may have shut the runtime down already
            for (long n = 1_000_000; !runtime.isShutDown(); n++) {
                runtime.emit(new Ping(n));
            }
            Thread.interrupted(); // a failing handler may restore an interrupt here
        });
        assertTrue(emitting.await(5, TimeUnit.SECONDS));
        for (long n = 0; n < 100; n++) {
            runtime.emit(new Ping(n));
        }
        boolean interrupted = Thread.interrupted();
        if (kind == Kind.CRITICAL_SERVICE) {
            if (!runtime.awaitShutdown(Duration.ofSeconds(5))) {
                fail("a critical service failure shuts the runtime down; it is not down after 5 s\n" + threadDump());
            }
            assertTrue(runtime.shutdownReason().orElse("").startsWith("critical service 'failing' failed: "),
                    runtime.shutdownReason().toString());
            assertEquals(1, observer.count(ServiceFailure.class));
        } else {
            Thread.sleep(30);
            if (kind == Kind.SERVICE && (method.equals("start") || method.equals("tick"))) {
                // A failing service is retried, again and again, whatever it throws.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                while (observer.count(ServiceRestart.class) < 3 && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertTrue(observer.count(ServiceRestart.class) >= 3, "the service is retried: "
                        + observer.count(ServiceRestart.class) + " restarts, " + observer.count(ServiceError.class) + " errors");
            }
            shutdownWithin(runtime, Duration.ofSeconds(5));
        }
        emitter.join(5000);
        assertFalse(emitter.isAlive(), "the emitter saw the runtime shut down");

        // It kept going: every event emitted before the shutdown reached the other sink.
        List<Long> pings = observer.payloads().stream().filter(p -> p instanceof Ping q && q.n() < 100)
                .map(p -> ((Ping) p).n()).toList();
        if (kind != Kind.CRITICAL_SERVICE) {
            assertEquals(LongStream.range(0, 100).boxed().toList(), pings, "events went on flowing");
        }
        // The failure was reported.
        Class<? extends Message> report = switch (kind) {
            case PROCESS, INTERFACE -> ProcessError.class;
            case SINK -> method.equals("stop") ? null : SinkHandlerError.class; // a sink stops after RuntimeShutdown
            case DEVICE -> DeviceFailed.class;
            case SERVICE, CRITICAL_SERVICE -> ServiceError.class;
        };
        String outcome;
        if (report != null) {
            long reports = observer.count(report);
            assertTrue(reports >= 1, "the failure is reported as " + report.getSimpleName());
            outcome = reports + " " + report.getSimpleName();
        } else {
            outcome = "logged (sinks stop after the last event)";
        }
        if (kind == Kind.SERVICE && (method.equals("start") || method.equals("tick"))) {
            long restarts = observer.count(ServiceRestart.class);
            outcome += ", " + restarts + " ServiceRestart";
        }
        if (interrupted) {
            outcome += "; interrupt status restored on the emitting thread";
        }
        return outcome;
    }

    private static void shutdownWithin(Runtime runtime, Duration bound) throws Exception {
        Thread stopper = Thread.ofPlatform().name("stopper").start(() -> runtime.shutdown("test over"));
        stopper.join(bound.toMillis());
        if (stopper.isAlive()) {
            fail("shutdown did not end within " + bound + "\n" + threadDump());
        }
    }

    static String threadDump() {
        StringBuilder dump = new StringBuilder();
        Thread.getAllStackTraces().forEach((t, trace) -> {
            dump.append('"').append(t.getName()).append("\" ").append(t.getState()).append('\n');
            for (StackTraceElement e : trace) {
                dump.append("    at ").append(e).append('\n');
            }
        });
        return dump.toString();
    }

    private static void awaitNoServiceThread() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (true) {
            List<String> left = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                    .map(Thread::getName).filter(n -> n.startsWith("bussdcc-service-")).toList();
            if (left.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("service threads left after shutdown: " + left);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void aHandlerThatBlocksDelaysTheShutdownByTheStopTimeoutOnlyAndRuntimeShutdownIsStillLast() throws Exception {
        Observer observer = new Observer();
        Runtime runtime = Runtime.builder().serviceStopTimeout(Duration.ofMillis(300)).build();
        runtime.addSink(observer.sink);
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        runtime.addProcess(new Process() {
            public String name() {
                return "blocker";
            }

            public void handle(Context ctx, Event<?> event) throws Exception {
                if (event.payload() instanceof Ping) {
                    blocked.countDown();
                    release.await(); // until the test releases it, long after the shutdown
                }
            }
        });
        runtime.boot();
        Thread stuck = Thread.ofPlatform().start(() -> runtime.emit(new Ping(1)));
        assertTrue(blocked.await(5, TimeUnit.SECONDS));
        shutdownWithin(runtime, Duration.ofSeconds(30));
        assertTrue(stuck.isAlive(), "the shutdown ended while the handler is still blocked: it did not wait for it");
        List<Message> payloads = observer.payloads();
        assertTrue(payloads.get(payloads.size() - 1) instanceof RuntimeShutdown);
        release.countDown();
        stuck.join(5000);
        assertEquals(payloads, observer.payloads(), "the released handler's delivery reaches no sink");
        assertEquals(List.of(), observer.late());
    }
}
