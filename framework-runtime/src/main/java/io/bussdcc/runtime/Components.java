package io.bussdcc.runtime;

import io.bussdcc.api.Event;
import io.bussdcc.api.EventSink;
import io.bussdcc.api.Health;
import io.bussdcc.api.Message;
import io.bussdcc.api.Process;
import io.bussdcc.api.message.InterfaceStarted;
import io.bussdcc.api.message.InterfaceStopped;
import io.bussdcc.api.message.ProcessError;
import io.bussdcc.api.message.ProcessStarted;
import io.bussdcc.api.message.ProcessStopped;
import io.bussdcc.api.message.SinkHandlerError;
import io.bussdcc.runtime.replay.Emitter;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The sinks, processes and interfaces of a runtime: their registration (names unique per
 * kind), and starting and stopping them in order, each entering dispatch once started and
 * leaving it before it stops.
 */
final class Components {

    private static final System.Logger LOG = System.getLogger(Components.class.getName());

    private final Runtime runtime;
    private final Dispatcher dispatcher;
    private final List<SinkSlot> sinks = new ArrayList<>();
    private final List<ProcessSlot> processes = new ArrayList<>();
    private final List<ProcessSlot> interfaces = new ArrayList<>();
    // Health reported by what is not a sink (a replay driver's progress), after the sinks'.
    private final Map<String, Supplier<Health>> reporters = new ConcurrentHashMap<>();
    private SinkSlot[] activeSinks = new SinkSlot[0];
    private ProcessSlot[] activeProcesses = new ProcessSlot[0];
    private ProcessSlot[] activeInterfaces = new ProcessSlot[0];

    Components(Runtime runtime, Dispatcher dispatcher) {
        this.runtime = runtime;
        this.dispatcher = dispatcher;
    }

    void addSink(EventSink sink) {
        sinks.add(new SinkSlot(sink, new ComponentContext(runtime, new Emitter(Emitter.Role.SINK, sink.name()))));
    }

    void addProcess(Process process, Emitter.Role role) {
        List<ProcessSlot> slots = role == Emitter.Role.PROCESS ? processes : interfaces;
        for (ProcessSlot slot : slots) {
            if (slot.name().equals(process.name())) {
                throw new IllegalArgumentException(article(role) + " named '" + process.name() + "' is already added");
            }
        }
        slots.add(new ProcessSlot(process, role, new ComponentContext(runtime, new Emitter(role, process.name()))));
    }

    /**
     * Starts the sinks in order, each receiving events from then on.
     *
     * @throws RuntimeBootException if one fails; those started are stopped again first
     */
    void startSinks() {
        List<SinkSlot> started = new ArrayList<>();
        for (SinkSlot slot : sinks) {
            try {
                slot.sink.start(slot.context);
            } catch (Throwable failure) {
                Failures.restoreInterrupt(failure);
                started.reversed().forEach(SinkSlot::stopQuietly);
                activeSinks = new SinkSlot[0];
                dispatcher.sinks(activeSinks);
                throw new RuntimeBootException("sink '" + slot.name() + "' failed to start: "
                        + Failures.describe(failure), failure);
            }
            started.add(slot);
            activeSinks = started.toArray(new SinkSlot[0]);
            dispatcher.sinks(activeSinks);
        }
    }

    /**
     * Starts the processes (or interfaces) in order, each emitting {@code ProcessStarted}
     * ({@code InterfaceStarted}) and receiving events from then on.
     *
     * @return null, or why the boot fails: the first that failed to start (its
     *         {@code ProcessError} already emitted)
     */
    BootFailure startProcesses(Emitter.Role role, Consumer<Message> report) {
        List<ProcessSlot> started = new ArrayList<>();
        for (ProcessSlot slot : role == Emitter.Role.PROCESS ? processes : interfaces) {
            try {
                slot.process.start(slot.context);
            } catch (Throwable failure) {
                Failures.restoreInterrupt(failure);
                report.accept(new ProcessError(slot.name(), Failures.describe(failure), null, Failures.traceback(failure)));
                return new BootFailure(roleName(role) + " '" + slot.name() + "' failed to start: "
                        + Failures.describe(failure), failure);
            }
            started.add(slot);
            setActive(role, started.toArray(new ProcessSlot[0]));
            report.accept(role == Emitter.Role.PROCESS ? new ProcessStarted(slot.name()) : new InterfaceStarted(slot.name()));
        }
        return null;
    }

    /** Why a boot failed. */
    record BootFailure(String reason, Throwable cause) {}

    /**
     * Stops the started processes (or interfaces), last first, each leaving dispatch and
     * {@code awaitHandlers} returning before its {@code stop}.
     */
    void stopProcesses(Emitter.Role role, Consumer<String> awaitHandlers, Consumer<Message> report) {
        ProcessSlot[] active = role == Emitter.Role.PROCESS ? activeProcesses : activeInterfaces;
        // In reverse, each leaving dispatch before it stops. By position: comparing the slot
        // records would bootstrap their equals() on this path, milliseconds in a fresh JVM.
        for (int i = active.length - 1; i >= 0; i--) {
            ProcessSlot slot = active[i];
            setActive(role, Arrays.copyOf(active, i));
            awaitHandlers.accept(roleName(role) + " '" + slot.name() + "' stops");
            try {
                slot.process.stop(slot.context);
            } catch (Throwable failure) {
                Failures.restoreInterrupt(failure);
                report.accept(new ProcessError(slot.name(), Failures.describe(failure), null, Failures.traceback(failure)));
            }
            slot.context.endSubscriptions();
            report.accept(role == Emitter.Role.PROCESS ? new ProcessStopped(slot.name()) : new InterfaceStopped(slot.name()));
        }
    }

    /** Stops the started sinks, in registration order. */
    void stopSinks() {
        SinkSlot[] stopping = activeSinks;
        activeSinks = new SinkSlot[0];
        dispatcher.sinks(activeSinks);
        for (SinkSlot slot : stopping) {
            slot.stopQuietly();
        }
    }

    /**
     * Each sink's own health, keyed {@code sink.NAME}, then the other reporters' under their
     * keys; one whose {@code health()} throws is DOWN.
     */
    Map<String, Health> health() {
        Map<String, Health> all = new LinkedHashMap<>();
        for (SinkSlot slot : sinks) {
            all.put("sink." + slot.name(), guarded(slot.sink::health));
        }
        reporters.forEach((key, health) -> all.put(key, guarded(health)));
        return Collections.unmodifiableMap(all);
    }

    /** Adds {@code health} to {@link #health()} under {@code key}. */
    void reportHealth(String key, Supplier<Health> health) {
        if (reporters.putIfAbsent(key, health) != null || key.startsWith("sink.")) {
            throw new IllegalArgumentException("a health report is already keyed '" + key + "'");
        }
    }

    private static Health guarded(Supplier<Health> health) {
        try {
            Health h = health.get();
            return h != null ? h : Health.down("health() returned null", Map.of());
        } catch (RuntimeException | LinkageError e) {
            return Health.down("health() failed: " + Failures.describe(e), Map.of());
        }
    }

    private void setActive(Emitter.Role role, ProcessSlot[] array) {
        if (role == Emitter.Role.PROCESS) {
            activeProcesses = array;
            dispatcher.processes(array);
        } else {
            activeInterfaces = array;
            dispatcher.interfaces(array);
        }
    }

    /** {@code process} or {@code interface}, for messages. */
    private static String roleName(Emitter.Role role) {
        return role == Emitter.Role.PROCESS ? "process" : "interface";
    }

    private static String article(Emitter.Role role) {
        return role == Emitter.Role.PROCESS ? "a process" : "an interface";
    }

    private record SinkSlot(EventSink sink, ComponentContext context) implements Receiver {

        String name() {
            return sink.name();
        }

        @Override
        public void receive(Event<?> event) throws Exception {
            sink.handle(event);
        }

        @Override
        public Message failureReport(Event<?> event, Throwable failure) {
            return new SinkHandlerError(name(), Failures.describe(failure), event, Failures.traceback(failure));
        }

        @Override
        public String describe() {
            return "sink '" + name() + "'";
        }

        void stopQuietly() {
            try {
                sink.stop();
            } catch (Throwable failure) {
                Failures.restoreInterrupt(failure);
                LOG.log(Level.ERROR, "sink '" + name() + "' failed to stop", failure);
                // What it held may be lost: the run failed.
                context.runtime.lifecycle.fail("sink '" + name() + "' failed to stop: " + Failures.describe(failure));
            }
            context.endSubscriptions();
        }
    }

    private record ProcessSlot(Process process, Emitter.Role role, ComponentContext context) implements Receiver {

        String name() {
            return process.name();
        }

        @Override
        public void receive(Event<?> event) throws Exception {
            process.handle(context, event);
        }

        @Override
        public Message failureReport(Event<?> event, Throwable failure) {
            return new ProcessError(name(), Failures.describe(failure), event, Failures.traceback(failure));
        }

        @Override
        public String describe() {
            return roleName(role) + " '" + name() + "'";
        }
    }
}
