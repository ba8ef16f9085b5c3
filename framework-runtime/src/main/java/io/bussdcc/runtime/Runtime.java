package io.bussdcc.runtime;

import io.bussdcc.api.Clock;
import io.bussdcc.api.Config;
import io.bussdcc.api.Context;
import io.bussdcc.api.Device;
import io.bussdcc.api.DeviceInfo;
import io.bussdcc.api.Event;
import io.bussdcc.api.EventBus;
import io.bussdcc.api.EventSink;
import io.bussdcc.api.Message;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.Process;
import io.bussdcc.api.RuntimeMode;
import io.bussdcc.api.Service;
import io.bussdcc.api.ServiceControl;
import io.bussdcc.api.Severity;
import io.bussdcc.api.StateStore;
import io.bussdcc.api.message.FrameworkBooted;
import io.bussdcc.api.message.FrameworkShuttingDown;
import io.bussdcc.api.message.InterfaceStarted;
import io.bussdcc.api.message.InterfaceStopped;
import io.bussdcc.api.message.ProcessError;
import io.bussdcc.api.message.ProcessStarted;
import io.bussdcc.api.message.ProcessStopped;
import io.bussdcc.api.message.RuntimeBooted;
import io.bussdcc.api.message.RuntimeBooting;
import io.bussdcc.api.message.RuntimeShutdown;
import io.bussdcc.api.message.RuntimeShuttingDown;
import io.bussdcc.api.message.ServiceError;
import io.bussdcc.api.message.SinkHandlerError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The runtime: owns the bus, the state, the clock and every component, boots them in order,
 * dispatches every event to them, and shuts them down in reverse.
 *
 * <pre>{@code
 * Runtime runtime = new Runtime();
 * runtime.addSink(new JsonlSink(Path.of("events")));
 * runtime.addService(new SystemIdentityService());
 * runtime.boot();
 * runtime.run();   // until shutdown: a signal, a critical failure, or runtime.shutdown(...)
 * }</pre>
 *
 * <h2>Lifecycle</h2>
 * Boot: sinks start → {@code RuntimeBooting} → devices connect ({@code DeviceAttached},
 * {@code DeviceOnline}) → processes start ({@code ProcessStarted}) → interfaces start
 * ({@code InterfaceStarted}) → {@code RuntimeBooted} → services start ({@code ServiceStarted})
 * → {@code FrameworkBooted}. A sink, process or interface that fails to start fails the boot:
 * what had started is shut down again and {@link RuntimeBootException} is thrown.
 *
 * <p>Shutdown: {@code FrameworkShuttingDown} → {@code RuntimeShuttingDown} → services stop →
 * interfaces stop → processes stop → devices detach → {@code RuntimeShutdown} → sinks stop.
 * Every step runs even when an earlier one throws. Boot and shutdown are idempotent. A process
 * leaves dispatch before it stops, and its {@code stop} waits for its handlers still running on
 * other threads; {@code RuntimeShutdown} is the last event sinks receive, even while other
 * threads go on emitting.
 * {@link #shutdown} is safe from any thread: from a handler or a service thread it hands the
 * work to a new thread and returns at once (waiting there would wait on itself); from any other
 * thread it returns when the runtime is down. Events emitted after shutdown are dropped.
 *
 * <h2>Dispatch</h2>
 * Every event goes to the sinks, then the processes, the interfaces and the running services,
 * each in registration order, then to other bus subscribers. A failure of one never affects
 * the others: it becomes a {@code SinkHandlerError}, {@code ProcessError} or
 * {@code ServiceError} event — except while handling an event of severity {@code ERROR} or
 * above, where it is counted and logged instead.
 */
public final class Runtime implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Runtime.class.getName());
    private static final String VERSION = readVersion();

    private enum Phase { NEW, BOOTING, RUNNING, STOPPING, STOPPED }

    private final Clock clock;
    private final StateStore state;
    private final MessageTypeRegistry messageTypes;
    private final Config config;
    private final RuntimeMode mode;
    private final EmitFilter emitFilter;
    private final boolean shutdownOnCriticalFailure;
    private final boolean handleSignals;
    private final boolean virtualTime;

    private final SynchronousEventBus bus;
    private final ComponentContext applicationContext = new ComponentContext(this, Emitter.APPLICATION);
    private final ServiceSupervisor services;
    private final DeviceManager devices = new DeviceManager(this);
    final SharedObjects shared = new SharedObjects();

    private final List<SinkSlot> sinks = new ArrayList<>();
    private final List<ProcessSlot> processes = new ArrayList<>();
    private final List<ProcessSlot> interfaces = new ArrayList<>();
    // What dispatch delivers to, grown as components start and shrunk as they stop.
    private volatile SinkSlot[] activeSinks = new SinkSlot[0];
    private volatile ProcessSlot[] activeProcesses = new ProcessSlot[0];
    private volatile ProcessSlot[] activeInterfaces = new ProcessSlot[0];

    private final ReentrantLock lifecycle = new ReentrantLock();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile Phase phase = Phase.NEW;
    private volatile String shutdownReason;
    private volatile String requestedShutdown;
    // The RuntimeShutdown event: once the runtime is STOPPED, the only event dispatch still delivers.
    private volatile Event<?> lastEvent;
    private final Duration handlerWaitTimeout;
    private final AtomicLong droppedAfterShutdown = new AtomicLong();
    private final AtomicLong droppedFailures = new AtomicLong();
    private SignalHandling signals;

    /** A live runtime on the system clock with default settings; see {@link #builder()}. */
    public Runtime() {
        this(builder());
    }

    private Runtime(Builder b) {
        this.clock = b.clock;
        this.state = b.state;
        this.messageTypes = b.messageTypes;
        this.config = b.config;
        this.mode = b.mode;
        this.emitFilter = b.emitFilter;
        this.shutdownOnCriticalFailure = b.shutdownOnCriticalFailure;
        this.handleSignals = b.handleSignals;
        this.virtualTime = b.virtualTimeServices;
        this.handlerWaitTimeout = b.serviceStopTimeout;
        this.bus = new SynchronousEventBus(b.emitFilter);
        this.services = new ServiceSupervisor(
                s -> new ComponentContext(this, new Emitter(Emitter.Role.SERVICE, s.name())),
                this::emitLifecycle, clock, new RestartBackoff(b.restartBackoffInitial, b.restartBackoffMax),
                b.serviceStopTimeout, b.virtualTimeServices, this::criticalFailure,
                (service, skip) -> awaitHandlersInProgress("service '" + service + "' stops", skip));
        bus.subscribe(Message.class, this::dispatch);
    }

    /** A builder for a runtime with a chosen clock, state store, configuration and policies. */
    public static Builder builder() {
        return new Builder();
    }

    /** The framework version. */
    public static String version() {
        return VERSION;
    }

    // ---- composition -------------------------------------------------------------------

    /** Adds a sink; sinks receive every event first, from before boot to after shutdown. */
    public Runtime addSink(EventSink sink) {
        Objects.requireNonNull(sink, "sink");
        whileNew("add a sink");
        sinks.add(new SinkSlot(sink, new ComponentContext(this, new Emitter(Emitter.Role.SINK, sink.name()))));
        return this;
    }

    /** Adds a process; names are unique among processes. */
    public Runtime addProcess(Process process) {
        addProcessSlot(processes, process, Emitter.Role.PROCESS);
        return this;
    }

    /** Adds an interface: a process started after the processes and stopped before them. */
    public Runtime addInterface(Process process) {
        addProcessSlot(interfaces, process, Emitter.Role.INTERFACE);
        return this;
    }

    /** Adds a supervised service; names are unique among services. */
    public Runtime addService(Service service) {
        Objects.requireNonNull(service, "service");
        whileNew("add a service");
        services.register(service);
        return this;
    }

    /** Adds a device; ids are unique. */
    public Runtime addDevice(Device device) {
        Objects.requireNonNull(device, "device");
        whileNew("add a device");
        devices.register(device);
        return this;
    }

    private void addProcessSlot(List<ProcessSlot> slots, Process process, Emitter.Role role) {
        Objects.requireNonNull(process, "process");
        String aRole = role == Emitter.Role.PROCESS ? "a process" : "an interface";
        whileNew("add " + aRole);
        for (ProcessSlot slot : slots) {
            if (slot.name().equals(process.name())) {
                throw new IllegalArgumentException(aRole + " named '" + process.name() + "' is already added");
            }
        }
        slots.add(new ProcessSlot(process, new ComponentContext(this, new Emitter(role, process.name()))));
    }

    private void whileNew(String action) {
        lifecycle.lock();
        try {
            if (phase != Phase.NEW) {
                throw new IllegalStateException("cannot " + action + " once the runtime has booted");
            }
        } finally {
            lifecycle.unlock();
        }
    }

    // ---- lifecycle ---------------------------------------------------------------------

    /**
     * Boots the runtime (see the class description); does nothing if it is booted.
     *
     * @throws RuntimeBootException  if a sink, process or interface fails to start
     * @throws IllegalStateException if the runtime has already shut down: a runtime boots once
     */
    public void boot() {
        lifecycle.lock();
        try {
            if (phase == Phase.STOPPING || phase == Phase.STOPPED) {
                throw new IllegalStateException("this runtime has shut down; a runtime boots once, create a new one");
            }
            if (phase != Phase.NEW) {
                return;
            }
            phase = Phase.BOOTING;
            if (handleSignals) {
                // From the start: a SIGTERM during boot then shuts down cleanly once booted.
                signals = SignalHandling.install(this);
            }
            startSinks();
            emitLifecycle(new RuntimeBooting(VERSION));
            devices.attachAll();
            startProcesses(processes, Emitter.Role.PROCESS);
            startProcesses(interfaces, Emitter.Role.INTERFACE);
            phase = Phase.RUNNING;
            emitLifecycle(new RuntimeBooted(VERSION));
            services.bootAll();
            emitLifecycle(new FrameworkBooted(VERSION));
        } finally {
            lifecycle.unlock();
        }
        String pending = requestedShutdown;
        if (pending != null) {
            shutdown(pending);
        }
    }

    /**
     * Boots if needed, then blocks until the runtime has shut down. An interrupt of the waiting
     * thread shuts the runtime down (reason {@code "interrupted"}) and returns with the thread's
     * interrupt status set.
     */
    public void run() {
        boot();
        try {
            terminated.await();
        } catch (InterruptedException e) {
            shutdown("interrupted");
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits up to {@code timeout} for the runtime to be shut down; whether it is. A timeout too
     * long to count in nanoseconds (such as {@code ChronoUnit.FOREVER}) waits without limit.
     */
    public boolean awaitShutdown(Duration timeout) throws InterruptedException {
        return terminated.await(TimeUnit.NANOSECONDS.convert(timeout), TimeUnit.NANOSECONDS);
    }

    /** Shuts down with no reason; see {@link #shutdown(String)}. */
    public void shutdown() {
        shutdown(null);
    }

    /**
     * Shuts the runtime down (see the class description). Safe from any thread; idempotent —
     * the first reason given is the one recorded.
     */
    public void shutdown(String reason) {
        boolean onOwnThread = isRuntimeThread();
        lifecycle.lock();
        boolean mine = false;
        try {
            switch (phase) {
                case NEW -> {
                    phase = Phase.STOPPED;
                    shutdownReason = reason;
                    terminated.countDown();
                    return;
                }
                case BOOTING -> {
                    if (requestedShutdown == null) {
                        requestedShutdown = reason == null ? "shutdown requested during boot" : reason;
                    }
                    return; // boot() shuts down when it is done
                }
                case RUNNING -> {
                    phase = Phase.STOPPING;
                    shutdownReason = reason;
                    mine = true;
                }
                default -> { }
            }
        } finally {
            lifecycle.unlock();
        }
        if (mine) {
            if (onOwnThread) {
                Thread.ofPlatform().name("bussdcc-shutdown").start(() -> performShutdown(reason));
            } else {
                performShutdown(reason);
            }
        } else if (!onOwnThread) {
            awaitTermination();
        }
    }

    /** Same as {@link #shutdown(String) shutdown("closed")}. */
    @Override
    public void close() {
        shutdown("closed");
    }

    /**
     * Asks for a shutdown without waiting for it. Live, it happens on a new thread; in a replay
     * the request is recorded for the replay driver to act on between events
     * ({@link #requestedShutdown()}), so that it happens at the same point in every run.
     */
    void requestShutdown(String reason) {
        if (mode == RuntimeMode.REPLAY) {
            if (requestedShutdown == null) {
                requestedShutdown = reason;
            }
            return;
        }
        if (phase == Phase.BOOTING && lifecycle.isHeldByCurrentThread()) {
            shutdown(reason); // recorded; boot() acts on it when done
            return;
        }
        Thread.ofPlatform().name("bussdcc-shutdown").start(() -> shutdown(reason));
    }

    /** A shutdown requested (by a component, or during boot) and not yet carried out. */
    public Optional<String> requestedShutdown() {
        return Optional.ofNullable(requestedShutdown);
    }

    /** Whether the runtime has booted and not begun to shut down. */
    public boolean isRunning() {
        return phase == Phase.RUNNING;
    }

    /** Whether the runtime has shut down completely. */
    public boolean isShutDown() {
        return terminated.getCount() == 0;
    }

    /** The reason the runtime was shut down with, once it is shutting down. */
    public Optional<String> shutdownReason() {
        return Optional.ofNullable(shutdownReason);
    }

    private void performShutdown(String reason) {
        try {
            step("emit FrameworkShuttingDown", () -> emitLifecycle(new FrameworkShuttingDown(VERSION, reason)));
            step("emit RuntimeShuttingDown", () -> emitLifecycle(new RuntimeShuttingDown(reason)));
            step("stop services", services::stopAll);
            step("stop interfaces", () -> stopProcesses(Emitter.Role.INTERFACE));
            step("stop processes", () -> stopProcesses(Emitter.Role.PROCESS));
            step("detach devices", devices::detachAll);
            phase = Phase.STOPPED; // emits are dropped from here on; RuntimeShutdown is the last event
            step("emit RuntimeShutdown", this::emitLastEvent);
            step("stop sinks", this::stopSinks);
            step("close shared objects", shared::closeAll);
            step("restore signal handlers", this::restoreSignals);
        } finally {
            phase = Phase.STOPPED;
            terminated.countDown();
        }
    }

    private void step(String what, Runnable action) {
        try {
            action.run();
        } catch (Throwable failure) {
            Failures.restoreInterrupt(failure);
            LOG.log(Level.ERROR, "shutdown step '" + what + "' failed; the shutdown goes on", failure);
        }
    }

    private void restoreSignals() {
        if (signals != null) {
            signals.restore();
            signals = null;
        }
    }

    private void awaitTermination() {
        boolean interrupted = false;
        while (true) {
            try {
                terminated.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean isRuntimeThread() {
        return bus.isDelivering() || services.isServiceThread(Thread.currentThread());
    }

    private void criticalFailure(String reason) {
        if (shutdownOnCriticalFailure) {
            requestShutdown(reason);
        }
    }

    private void startSinks() {
        List<SinkSlot> started = new ArrayList<>();
        for (SinkSlot slot : sinks) {
            try {
                slot.sink.start(slot.context);
            } catch (Throwable failure) {
                Failures.restoreInterrupt(failure);
                started.reversed().forEach(SinkSlot::stopQuietly);
                shared.closeAll();
                restoreSignals();
                phase = Phase.STOPPED;
                terminated.countDown();
                throw new RuntimeBootException("sink '" + slot.name() + "' failed to start: "
                        + Failures.describe(failure), failure);
            }
            started.add(slot);
            activeSinks = started.toArray(new SinkSlot[0]);
        }
    }

    private void startProcesses(List<ProcessSlot> slots, Emitter.Role role) {
        List<ProcessSlot> started = new ArrayList<>();
        for (ProcessSlot slot : slots) {
            try {
                slot.process.start(slot.context);
            } catch (Throwable failure) {
                Failures.restoreInterrupt(failure);
                String reason = roleName(role) + " '" + slot.name() + "' failed to start: " + Failures.describe(failure);
                emitLifecycle(new ProcessError(slot.name(), Failures.describe(failure), null, Failures.traceback(failure)));
                phase = Phase.STOPPING;
                shutdownReason = "boot failed: " + reason;
                performShutdown(shutdownReason);
                throw new RuntimeBootException(reason, failure);
            }
            started.add(slot);
            setActive(role, started.toArray(new ProcessSlot[0]));
            emitLifecycle(role == Emitter.Role.PROCESS
                    ? new ProcessStarted(slot.name())
                    : new InterfaceStarted(slot.name()));
        }
    }

    private void stopProcesses(Emitter.Role role) {
        ProcessSlot[] active = role == Emitter.Role.PROCESS ? activeProcesses : activeInterfaces;
        // In reverse, each leaving dispatch before it stops. By position: comparing the slot
        // records would bootstrap their equals() on this path, milliseconds in a fresh JVM.
        for (int i = active.length - 1; i >= 0; i--) {
            ProcessSlot slot = active[i];
            setActive(role, Arrays.copyOf(active, i));
            awaitHandlersInProgress(roleName(role) + " '" + slot.name() + "' stops");
            try {
                slot.process.stop(slot.context);
            } catch (Throwable failure) {
                Failures.restoreInterrupt(failure);
                emitLifecycle(new ProcessError(slot.name(), Failures.describe(failure), null, Failures.traceback(failure)));
            }
            emitLifecycle(role == Emitter.Role.PROCESS
                    ? new ProcessStopped(slot.name())
                    : new InterfaceStopped(slot.name()));
        }
    }

    /** {@code process} or {@code interface}, for messages. */
    private static String roleName(Emitter.Role role) {
        return role == Emitter.Role.PROCESS ? "process" : "interface";
    }

    private void setActive(Emitter.Role role, ProcessSlot[] array) {
        if (role == Emitter.Role.PROCESS) {
            activeProcesses = array;
        } else {
            activeInterfaces = array;
        }
    }

    private void stopSinks() {
        SinkSlot[] stopping = activeSinks;
        activeSinks = new SinkSlot[0];
        for (SinkSlot slot : stopping) {
            slot.stopQuietly();
        }
    }

    // ---- emitting and dispatch ---------------------------------------------------------

    /** Emits {@code message} as the application, stamped with the clock's time. */
    public void emit(Message message) {
        emitFrom(Emitter.APPLICATION, message);
    }

    /**
     * Publishes an event that already has its time — a recorded one, during a replay. It is
     * dispatched like any other while the runtime is up, and dropped otherwise.
     */
    public void publish(Event<?> event) {
        if (accepting()) {
            bus.publish(event);
        }
    }

    void emitFrom(Emitter emitter, Message message) {
        Objects.requireNonNull(message, "message");
        if (!accepting()) {
            return;
        }
        if (emitFilter != null && !emitFilter.admit(emitter, message)) {
            return;
        }
        bus.publish(new Event<>(clock.now(), message));
    }

    /** Emits the runtime's own lifecycle and failure reports. */
    void emitLifecycle(Message message) {
        emitFrom(Emitter.RUNTIME, message);
    }

    private boolean accepting() {
        Phase p = phase;
        if (p == Phase.BOOTING || p == Phase.RUNNING || p == Phase.STOPPING) {
            return true;
        }
        if (p == Phase.NEW) {
            throw new IllegalStateException("cannot emit before the runtime has booted");
        }
        if (droppedAfterShutdown.getAndIncrement() == 0) {
            LOG.log(Level.DEBUG, "events emitted after shutdown are dropped (this is the first)");
        }
        return false;
    }

    /**
     * Waits for the dispatches other threads have in progress, so that what was just taken out
     * of dispatch (a process, or all of it) is no longer handling anything when the shutdown goes
     * on. A handler that blocks is waited for up to the service stop timeout, then logged.
     */
    private void awaitHandlersInProgress(String before) {
        awaitHandlersInProgress(before, Set.of());
    }

    /** As {@link #awaitHandlersInProgress(String)}, not waiting for the threads in {@code skip}. */
    private void awaitHandlersInProgress(String before, Set<Thread> skip) {
        Thread busy = bus.awaitDeliveriesInProgress(handlerWaitTimeout, skip);
        if (busy != null) {
            LOG.log(Level.WARNING, "a handler on thread '" + busy.getName() + "' was still running after "
                    + handlerWaitTimeout.toMillis() + " ms; " + before + " without waiting for it");
        }
    }

    /**
     * Emits {@code RuntimeShutdown} as the last event sinks receive: the runtime is already
     * STOPPED (emits are dropped), so once the dispatches in progress have ended, nothing can
     * reach a sink after it.
     */
    private void emitLastEvent() {
        awaitHandlersInProgress("RuntimeShutdown is emitted");
        Message last = new RuntimeShutdown(VERSION);
        if (emitFilter != null && !emitFilter.admit(Emitter.RUNTIME, last)) {
            return;
        }
        Event<?> event = new Event<>(clock.now(), last);
        lastEvent = event;
        bus.publish(event);
    }

    private void dispatch(Event<?> event) {
        if (phase == Phase.STOPPED && event != lastEvent) {
            return;
        }
        for (SinkSlot slot : activeSinks) {
            try {
                slot.sink.handle(event);
            } catch (Throwable failure) {
                Failures.restoreInterrupt(failure);
                if (reportable(event, "sink " + slot.name(), failure)) {
                    emitLifecycle(new SinkHandlerError(slot.name(), Failures.describe(failure), event,
                            Failures.traceback(failure)));
                }
            }
        }
        dispatchToProcesses(activeProcesses, event);
        dispatchToProcesses(activeInterfaces, event);
        for (ServiceSupervisor.Entry entry : services.running()) {
            try {
                entry.service.handle(entry.context, event);
            } catch (Throwable failure) {
                Failures.restoreInterrupt(failure);
                if (reportable(event, "service " + entry.name(), failure)) {
                    emitLifecycle(new ServiceError(entry.name(), Failures.describe(failure), event,
                            Failures.traceback(failure)));
                }
            }
        }
    }

    private void dispatchToProcesses(ProcessSlot[] slots, Event<?> event) {
        for (ProcessSlot slot : slots) {
            try {
                slot.process.handle(slot.context, event);
            } catch (Throwable failure) {
                Failures.restoreInterrupt(failure);
                if (reportable(event, "process " + slot.name(), failure)) {
                    emitLifecycle(new ProcessError(slot.name(), Failures.describe(failure), event,
                            Failures.traceback(failure)));
                }
            }
        }
    }

    /** The no-error-storm rule: a failure while handling an error is counted and logged, not emitted. */
    private boolean reportable(Event<?> event, String component, Throwable failure) {
        if (phase == Phase.STOPPED) {
            // handling RuntimeShutdown: nothing may follow it, so the failure is only logged
            LOG.log(Level.WARNING, component + " failed while handling " + event.payload().getClass().getSimpleName()
                    + " at the end of the shutdown", failure);
            return false;
        }
        if (!event.severity().isAtLeast(Severity.ERROR)) {
            return true;
        }
        if (droppedFailures.getAndIncrement() == 0) {
            LOG.log(Level.WARNING, component + " failed while handling an error event; such failures are counted, "
                    + "not reported as events (this is the first)", failure);
        }
        return false;
    }

    // ---- accessors ---------------------------------------------------------------------

    /** The context the application emits and subscribes through. */
    public Context context() {
        return applicationContext;
    }

    /** The clock every timestamp and every wait goes through. */
    public Clock clock() {
        return clock;
    }

    /** The state store shared by every component. */
    public StateStore state() {
        return state;
    }

    /** The configuration components read; empty unless the builder was given one. */
    public Config config() {
        return config;
    }

    /** The message types this runtime can name and read back. */
    public MessageTypeRegistry messageTypes() {
        return messageTypes;
    }

    /** Whether this runtime is live or replaying a recording. */
    public RuntimeMode mode() {
        return mode;
    }

    /** The bus; publishing on it directly bypasses the shutdown gate, prefer {@link #emit}. */
    public EventBus bus() {
        return bus;
    }

    /** Run-time control of the services. */
    public ServiceControl services() {
        return services;
    }

    /** Every device, in registration order. */
    public List<DeviceInfo> devices() {
        return devices.infos();
    }

    /**
     * The services' virtual-time driver.
     *
     * @throws IllegalStateException unless built with {@link Builder#virtualTimeServices()}
     */
    public VirtualTimeServices virtualTimeServices() {
        if (!virtualTime) {
            throw new IllegalStateException("this runtime's services run on threads; build it with virtualTimeServices()");
        }
        return services;
    }

    /** How many component failures were counted instead of reported (failures while handling errors). */
    public long droppedFailures() {
        return droppedFailures.get() + bus.droppedFailures();
    }

    @Override
    public String toString() {
        return "Runtime[" + phase.name().toLowerCase(Locale.ROOT) + ", " + mode + "]";
    }

    private static String readVersion() {
        try (InputStream in = Runtime.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record SinkSlot(EventSink sink, ComponentContext context) {

        String name() {
            return sink.name();
        }

        void stopQuietly() {
            try {
                sink.stop();
            } catch (Throwable failure) {
                Failures.restoreInterrupt(failure);
                LOG.log(Level.ERROR, "sink '" + name() + "' failed to stop", failure);
            }
        }
    }

    private record ProcessSlot(Process process, ComponentContext context) {
        String name() {
            return process.name();
        }
    }

    /** Settings for a {@link Runtime}. Everything has a default; see each method. */
    public static final class Builder {
        private Clock clock = new SystemClock();
        private StateStore state = new HierarchicalStateStore();
        private MessageTypeRegistry messageTypes = MessageTypeRegistry.withBuiltins();
        private Config config = Config.empty();
        private RuntimeMode mode = RuntimeMode.LIVE;
        private EmitFilter emitFilter;
        private boolean virtualTimeServices;
        private boolean shutdownOnCriticalFailure = true;
        private boolean handleSignals;
        private Duration restartBackoffInitial = Duration.ofMillis(200);
        private Duration restartBackoffMax = Duration.ofSeconds(30);
        private Duration serviceStopTimeout = Duration.ofSeconds(1);

        private Builder() {}

        /** The clock; {@link SystemClock} by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The state store; a new {@link HierarchicalStateStore} by default. */
        public Builder state(StateStore state) {
            this.state = Objects.requireNonNull(state, "state");
            return this;
        }

        /** The message-type registry; a new one with the built-in types by default. */
        public Builder messageTypes(MessageTypeRegistry messageTypes) {
            this.messageTypes = Objects.requireNonNull(messageTypes, "messageTypes");
            return this;
        }

        /** The configuration components can read; empty by default. */
        public Builder config(Config config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Live (default) or replay. A replay runtime defers shutdown requests to its driver. */
        public Builder mode(RuntimeMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** Drops emitted messages the filter does not admit; none by default. */
        public Builder emitFilter(EmitFilter emitFilter) {
            this.emitFilter = emitFilter;
            return this;
        }

        /** Runs services on virtual time, driven through {@link Runtime#virtualTimeServices()}. */
        public Builder virtualTimeServices() {
            this.virtualTimeServices = true;
            return this;
        }

        /** Whether a critical service failure shuts the runtime down; on by default. */
        public Builder shutdownOnCriticalFailure(boolean on) {
            this.shutdownOnCriticalFailure = on;
            return this;
        }

        /**
         * Maps POSIX signals from the start of the boot to the end of the shutdown: SIGINT and
         * SIGTERM shut down (one arriving during the boot, once booted), SIGHUP emits
         * {@code SystemReload}, SIGUSR1/SIGUSR2 emit {@code SystemSignal}. A second SIGINT or
         * SIGTERM while the shutdown runs ends the process at once (status 128 + signal
         * number), for a shutdown or boot that hangs. Off by default: a library must not take
         * the process's signals unasked.
         */
        public Builder handleSignals(boolean on) {
            this.handleSignals = on;
            return this;
        }

        /** The restart back-off of failing services: 200 ms doubling up to 30 s by default. */
        public Builder restartBackoff(Duration initial, Duration max) {
            new RestartBackoff(initial, max); // validates
            this.restartBackoffInitial = initial;
            this.restartBackoffMax = max;
            return this;
        }

        /**
         * How long stopping a service waits for its current tick before interrupting it, and how
         * long the shutdown waits for handlers still running on other threads before it stops a
         * process or emits {@code RuntimeShutdown}; 1 s by default. Zero interrupts a running
         * tick at once.
         *
         * @throws IllegalArgumentException if {@code timeout} is negative
         */
        public Builder serviceStopTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("serviceStopTimeout must not be negative: " + timeout);
            }
            this.serviceStopTimeout = timeout;
            return this;
        }

        /** A new runtime with these settings. */
        public Runtime build() {
            return new Runtime(this);
        }
    }
}
