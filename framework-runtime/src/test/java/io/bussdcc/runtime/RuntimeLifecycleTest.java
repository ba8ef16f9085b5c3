package io.bussdcc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Context;
import io.bussdcc.api.Device;
import io.bussdcc.api.DeviceContext;
import io.bussdcc.api.Event;
import io.bussdcc.api.EventSink;
import io.bussdcc.api.Process;
import io.bussdcc.api.Service;
import io.bussdcc.api.message.FrameworkShuttingDown;
import io.bussdcc.api.message.ProcessError;
import io.bussdcc.api.message.RuntimeShutdown;
import io.bussdcc.api.message.RuntimeShuttingDown;
import io.bussdcc.testing.RecordingSink;
import io.bussdcc.testing.TestMessages;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RuntimeLifecycleTest {

    static final List<String> BOOT = List.of("sink started", "RuntimeBooting", "DeviceAttached", "DeviceOnline",
            "ProcessStarted", "InterfaceStarted", "RuntimeBooted", "ServiceStarted", "FrameworkBooted");
    static final List<String> SHUTDOWN = List.of("FrameworkShuttingDown", "RuntimeShuttingDown", "ServiceStopped",
            "InterfaceStopped", "ProcessStopped", "DeviceOffline", "DeviceDetached", "RuntimeShutdown", "sink stopped");

    record Named(String name) implements Process {}

    record Quiet(String name) implements Service {
        @Override
        public Duration interval() {
            return Duration.ofHours(1);
        }
    }

    record Thermometer(String id) implements Device {
        @Override
        public String kind() {
            return "thermometer";
        }

        @Override
        public void connect(DeviceContext ctx) {}
    }

    private static Runtime fullRuntime(RecordingSink sink) {
        return new Runtime()
                .addSink(sink)
                .addDevice(new Thermometer("thermo-1"))
                .addProcess(new Named("watch"))
                .addInterface(new Named("cli"))
                .addService(new Quiet("poll"));
    }

    private static List<String> sequence(RecordingSink sink) {
        return sink.log().stream()
                .map(o -> o instanceof Event<?> e ? e.payload().getClass().getSimpleName() : (String) o)
                .toList();
    }

    @Test
    void bootEmitsTheLifecycleInOrder() {
        RecordingSink sink = new RecordingSink();
        Runtime runtime = fullRuntime(sink);
        runtime.boot();
        assertEquals(BOOT, sequence(sink));
        runtime.shutdown("test");
    }

    @Test
    void shutdownReversesTheBootAndSinksSeeTheLastEvent() {
        RecordingSink sink = new RecordingSink();
        Runtime runtime = fullRuntime(sink);
        runtime.boot();
        runtime.shutdown("because");
        List<String> all = sequence(sink);
        assertEquals(SHUTDOWN, all.subList(BOOT.size(), all.size()));
        assertEquals("because", sink.payloads(RuntimeShuttingDown.class).getFirst().reason());
        assertEquals("because", sink.payloads(FrameworkShuttingDown.class).getFirst().reason());
        assertEquals(Runtime.version(), sink.payloads(RuntimeShutdown.class).getFirst().version());
        assertTrue(runtime.isShutDown());
    }

    @Test
    void bootAndShutdownAreIdempotent() {
        RecordingSink sink = new RecordingSink();
        Runtime runtime = fullRuntime(sink);
        runtime.boot();
        runtime.boot();
        runtime.shutdown("first");
        runtime.shutdown("second");
        runtime.close();
        assertEquals(BOOT.size() + SHUTDOWN.size(), sink.log().size());
        assertEquals("first", runtime.shutdownReason().orElseThrow());
    }

    @Test
    void aRuntimeBootsOnce() {
        Runtime runtime = new Runtime();
        runtime.boot();
        runtime.shutdown();
        IllegalStateException e = assertThrows(IllegalStateException.class, runtime::boot);
        assertTrue(e.getMessage().contains("boots once"), e.getMessage());
    }

    @Test
    void componentsCannotBeAddedAfterBoot() {
        Runtime runtime = new Runtime();
        runtime.boot();
        assertThrows(IllegalStateException.class, () -> runtime.addProcess(new Named("late")));
        assertThrows(IllegalStateException.class, () -> runtime.addSink(new RecordingSink()));
        runtime.shutdown();
    }

    @Test
    void awaitShutdownTakesTimeoutsTooLongForNanoseconds() throws InterruptedException {
        Runtime runtime = new Runtime();
        runtime.boot();
        runtime.shutdown("done");
        assertTrue(runtime.awaitShutdown(ChronoUnit.FOREVER.getDuration()));
    }

    @Test
    void aNegativeServiceStopTimeoutIsRefusedWhereItIsGiven() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Runtime.builder().serviceStopTimeout(Duration.ofMillis(-1)));
        assertEquals("serviceStopTimeout must not be negative: PT-0.001S", e.getMessage());
    }

    @Test
    void namesMustBeUnique() {
        Runtime runtime = new Runtime().addProcess(new Named("a"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> runtime.addProcess(new Named("a")));
        assertEquals("a process named 'a' is already added", e.getMessage());
        runtime.addInterface(new Named("a")); // another role, another namespace
        e = assertThrows(IllegalArgumentException.class, () -> runtime.addInterface(new Named("a")));
        assertEquals("an interface named 'a' is already added", e.getMessage());
        runtime.addService(new Quiet("s"));
        assertThrows(IllegalArgumentException.class, () -> runtime.addService(new Quiet("s")));
        runtime.addDevice(new Thermometer("d"));
        assertThrows(IllegalArgumentException.class, () -> runtime.addDevice(new Thermometer("d")));
    }

    @Test
    void runBlocksUntilAnotherThreadShutsDown() throws Exception {
        Runtime runtime = new Runtime();
        CountDownLatch returned = new CountDownLatch(1);
        Thread runner = Thread.ofPlatform().start(() -> {
            runtime.run();
            returned.countDown();
        });
        assertFalse(returned.await(200, TimeUnit.MILLISECONDS), "run() returned while the runtime was up");
        runtime.shutdown("done");
        assertTrue(returned.await(5, TimeUnit.SECONDS));
        runner.join();
        assertTrue(runtime.isShutDown());
    }

    @Test
    void tryWithResourcesShutsDown() {
        RecordingSink sink = new RecordingSink();
        try (Runtime runtime = new Runtime().addSink(sink)) {
            runtime.boot();
        }
        assertEquals("closed", sink.payloads(RuntimeShuttingDown.class).getFirst().reason());
        assertEquals("sink stopped", sink.log().getLast());
    }

    @Test
    void shutdownFromAHandlerCompletes() throws Exception {
        RecordingSink sink = new RecordingSink();
        Runtime runtime = new Runtime().addSink(sink).addProcess(new Process() {
            @Override
            public String name() {
                return "quitter";
            }

            @Override
            public void handle(Context ctx, Event<?> event) {
                if (event.payload() instanceof TestMessages.Ping) {
                    runtime().shutdown("from handler");
                }
            }

            Runtime runtime() {
                return holder[0];
            }
        });
        holder[0] = runtime;
        runtime.boot();
        runtime.emit(new TestMessages.Ping(1));
        assertTrue(runtime.awaitShutdown(Duration.ofSeconds(5)), "shutdown from a handler did not complete");
        assertEquals("from handler", runtime.shutdownReason().orElseThrow());
        assertEquals("sink stopped", sink.log().getLast());
    }

    private final Runtime[] holder = new Runtime[1];

    @Test
    void shutdownFromAServiceThreadCompletes() throws Exception {
        RecordingSink sink = new RecordingSink();
        Runtime runtime = new Runtime().addSink(sink).addService(new Service() {
            @Override
            public String name() {
                return "self-destruct";
            }

            @Override
            public Duration interval() {
                return Duration.ofMillis(10);
            }

            @Override
            public void tick(Context ctx) {
                holder[0].shutdown("from service");
            }
        });
        holder[0] = runtime;
        runtime.boot();
        assertTrue(runtime.awaitShutdown(Duration.ofSeconds(5)), "shutdown from a service did not complete");
        assertEquals("from service", runtime.shutdownReason().orElseThrow());
        assertEquals("sink stopped", sink.log().getLast());
        assertEquals(1, sink.payloads(io.bussdcc.api.message.ServiceStopped.class).size());
    }

    @Test
    void shutdownGoesOnWhenASinkOrProcessStopThrows() {
        RecordingSink sink = new RecordingSink();
        List<String> stopped = new ArrayList<>();
        EventSink failingSink = new EventSink() {
            @Override
            public void handle(Event<?> event) {}

            @Override
            public void stop() {
                throw new IllegalStateException("sink stop failed");
            }
        };
        Process failingProcess = new Process() {
            @Override
            public String name() {
                return "bad";
            }

            @Override
            public void stop(Context ctx) {
                throw new IllegalStateException("process stop failed");
            }
        };
        Process goodProcess = new Process() {
            @Override
            public String name() {
                return "good";
            }

            @Override
            public void stop(Context ctx) {
                stopped.add("good");
            }
        };
        Runtime runtime = new Runtime().addSink(failingSink).addSink(sink)
                .addProcess(goodProcess).addProcess(failingProcess)
                .addDevice(new Thermometer("d1"));
        runtime.boot();
        runtime.shutdown("test");
        assertEquals(List.of("good"), stopped, "the process after the failing one was not stopped");
        List<ProcessError> errors = sink.payloads(ProcessError.class);
        assertEquals(1, errors.size());
        assertEquals("bad", errors.getFirst().process());
        assertTrue(errors.getFirst().error().contains("process stop failed"));
        List<String> names = sink.typeNames();
        assertEquals("RuntimeShutdown", names.getLast());
        assertTrue(names.contains("DeviceDetached"));
        assertEquals("sink stopped", sink.log().getLast(), "a sink after the failing one was not stopped");
    }

    @Test
    void aProcessThatFailsToStartFailsTheBootAndLeavesNothingUp() {
        RecordingSink sink = new RecordingSink();
        List<String> stopped = new ArrayList<>();
        Runtime runtime = new Runtime().addSink(sink)
                .addDevice(new Thermometer("d1"))
                .addProcess(new Process() {
                    @Override
                    public String name() {
                        return "first";
                    }

                    @Override
                    public void stop(Context ctx) {
                        stopped.add("first");
                    }
                })
                .addProcess(new Process() {
                    @Override
                    public String name() {
                        return "broken";
                    }

                    @Override
                    public void start(Context ctx) {
                        throw new IllegalStateException("no hardware");
                    }
                })
                .addService(new Quiet("never"));
        RuntimeBootException e = assertThrows(RuntimeBootException.class, runtime::boot);
        assertTrue(e.getMessage().contains("process 'broken' failed to start"), e.getMessage());
        assertTrue(e.getMessage().contains("no hardware"), e.getMessage());
        assertEquals(List.of("first"), stopped);
        assertTrue(runtime.isShutDown());
        List<String> names = sink.typeNames();
        assertTrue(names.contains("ProcessError"));
        assertFalse(names.contains("ServiceStarted"));
        assertFalse(names.contains("RuntimeBooted"));
        assertEquals("RuntimeShutdown", names.getLast());
        assertEquals("sink stopped", sink.log().getLast());
    }

    @Test
    void aSinkThatFailsToStartFailsTheBoot() {
        RecordingSink first = new RecordingSink();
        Runtime runtime = new Runtime().addSink(first).addSink(new EventSink() {
            @Override
            public String name() {
                return "disk";
            }

            @Override
            public void start(Context ctx) {
                throw new IllegalStateException("read-only file system");
            }

            @Override
            public void handle(Event<?> event) {}
        });
        RuntimeBootException e = assertThrows(RuntimeBootException.class, runtime::boot);
        assertTrue(e.getMessage().contains("sink 'disk' failed to start"), e.getMessage());
        assertEquals(List.of("sink started", "sink stopped"), first.log());
        assertTrue(runtime.isShutDown());
    }

    @Test
    void eventsEmittedAfterShutdownAreDropped() {
        RecordingSink sink = new RecordingSink();
        Runtime runtime = new Runtime().addSink(sink);
        runtime.boot();
        runtime.shutdown();
        int seen = sink.log().size();
        runtime.emit(new TestMessages.Ping(1));
        assertEquals(seen, sink.log().size());
    }

    @Test
    void emittingBeforeBootIsAnError() {
        Runtime runtime = new Runtime();
        assertThrows(IllegalStateException.class, () -> runtime.emit(new TestMessages.Ping(1)));
    }

    @Test
    void aShutdownRequestedDuringBootHappensAfterTheBoot() {
        RecordingSink sink = new RecordingSink();
        Runtime runtime = new Runtime().addSink(sink).addProcess(new Process() {
            @Override
            public String name() {
                return "impatient";
            }

            @Override
            public void start(Context ctx) {
                ctx.requestShutdown("not today");
            }
        });
        runtime.boot();
        assertTrue(runtime.isShutDown());
        assertEquals("not today", runtime.shutdownReason().orElseThrow());
        List<String> names = sink.typeNames();
        assertEquals(names.indexOf("FrameworkBooted") + 1, names.indexOf("FrameworkShuttingDown"));
    }
}
