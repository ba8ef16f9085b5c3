package io.bussdcc.runtime;

import io.bussdcc.api.Clock;
import io.bussdcc.api.Config;
import io.bussdcc.api.Context;
import io.bussdcc.api.Device;
import io.bussdcc.api.DeviceInfo;
import io.bussdcc.api.Event;
import io.bussdcc.api.EventCounts;
import io.bussdcc.api.EventSink;
import io.bussdcc.api.Health;
import io.bussdcc.api.Message;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.Process;
import io.bussdcc.api.RuntimeMode;
import io.bussdcc.api.Service;
import io.bussdcc.api.ServiceControl;
import io.bussdcc.api.StateStore;
import io.bussdcc.runtime.replay.Emitter;
import io.bussdcc.runtime.replay.ReplayDoor;
import io.bussdcc.runtime.replay.ReplayHandle;
import io.bussdcc.runtime.replay.ReplayOptions;
import io.bussdcc.runtime.replay.VirtualTimeServices;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The runtime: owns the bus, the state, the clock and every component, boots them in order,
 * dispatches every event to them, and shuts them down in reverse.
 *
 * <pre>{@code
 * Runtime runtime = new Runtime();
 * runtime.addSink(new JsonlSink(Path.of("events")));
 * runtime.addService(new SystemIdentityService());
 * runtime.boot();
 * runtime.run();   // until shutdown: SIGINT/SIGTERM, a critical failure, or runtime.shutdown(...)
 * }</pre>
 *
 * <p>The boot and shutdown order, dispatch and the failure rules are described once, in the
 * README's "How it behaves". Inside, {@code Lifecycle} holds the order, {@code Dispatcher} the
 * delivery and the "no error storm" rule, {@code Components} the registered components. Import
 * this class by name: {@code java.lang.Runtime} is imported implicitly.
 */
public final class Runtime implements AutoCloseable {

    static {
        ReplayDoor.install(Runtime::open);
    }

    private final Clock clock;
    private final StateStore state;
    private final MessageTypeRegistry messageTypes;
    private final Config config;
    private final RuntimeMode mode;

    final Dispatcher dispatcher;
    final Lifecycle lifecycle;
    private final Components components;
    private final ServiceSupervisor services;
    private final DeviceManager devices;
    final SharedObjects shared = new SharedObjects();
    private final ComponentContext applicationContext;
    private final RuntimeTelemetry telemetry;

    /** A live runtime on the system clock with default settings; see {@link #builder()}. */
    public Runtime() {
        this(builder(), new ReplayOptions(RuntimeMode.LIVE, null, false));
    }

    private Runtime(Builder b, ReplayOptions options) {
        this.clock = b.clock;
        this.state = b.state;
        this.messageTypes = b.messageTypes;
        this.config = b.config;
        this.mode = options.mode();
        this.dispatcher = new Dispatcher(clock, options.emitFilter());
        Lifecycle.Signals signals = b.handleSignals == null ? Lifecycle.Signals.FROM_RUN
                : b.handleSignals ? Lifecycle.Signals.FROM_BOOT : Lifecycle.Signals.NEVER;
        this.lifecycle = new Lifecycle(dispatcher, mode, b.shutdownOnCriticalFailure, signals, b.serviceStopTimeout);
        this.components = new Components(this, dispatcher);
        this.services = new ServiceSupervisor(lifecycle, clock,
                new RestartBackoff(b.restartBackoffInitial, b.restartBackoffMax), b.serviceStopTimeout,
                options.virtualTimeServices());
        this.devices = new DeviceManager(this);
        this.applicationContext = new ComponentContext(this, Emitter.APPLICATION);
        this.telemetry = new RuntimeTelemetry(this::eventCounts, state,
                mode == RuntimeMode.REPLAY ? null : b.telemetryInterval);
        dispatcher.services(services);
        lifecycle.manage(components, services, devices, shared, telemetry);
    }

    /** A builder for a runtime with a chosen clock, state store, configuration and policies. */
    public static Builder builder() {
        return new Builder();
    }

    /** The framework version. */
    public static String version() {
        return Version.VALUE;
    }

    // ---- composition -------------------------------------------------------------------

    /** Adds a sink; sinks receive every event first, from before boot to after shutdown. */
    public Runtime addSink(EventSink sink) {
        Objects.requireNonNull(sink, "sink");
        lifecycle.whileNew("add a sink", () -> components.addSink(sink));
        return this;
    }

    /** Adds a process; names are unique among processes. */
    public Runtime addProcess(Process process) {
        Objects.requireNonNull(process, "process");
        lifecycle.whileNew("add a process", () -> components.addProcess(process, Emitter.Role.PROCESS));
        return this;
    }

    /** Adds an interface: a process started after the processes and stopped before them. */
    public Runtime addInterface(Process process) {
        Objects.requireNonNull(process, "process");
        lifecycle.whileNew("add an interface", () -> components.addProcess(process, Emitter.Role.INTERFACE));
        return this;
    }

    /** Adds a supervised service; names are unique among services. */
    public Runtime addService(Service service) {
        Objects.requireNonNull(service, "service");
        lifecycle.whileNew("add a service", () -> services.register(service,
                new ComponentContext(this, new Emitter(Emitter.Role.SERVICE, service.name()))));
        return this;
    }

    /** Adds a device before boot; ids are unique. After boot, see {@link #attachDevice}. */
    public Runtime addDevice(Device device) {
        Objects.requireNonNull(device, "device");
        lifecycle.whileNew("add a device", () -> devices.register(device));
        return this;
    }

    /** Adds a device, connecting it at once if the runtime has booted; see {@link Context#attachDevice}. */
    public void attachDevice(Device device) {
        Objects.requireNonNull(device, "device");
        lifecycle.attachDevice(device);
    }

    /** Disconnects and removes a device; see {@link Context#detachDevice}. */
    public boolean detachDevice(String id) {
        Objects.requireNonNull(id, "id");
        return lifecycle.detachDevice(id);
    }

    // ---- lifecycle ---------------------------------------------------------------------

    /**
     * Boots the runtime; does nothing if it is booted.
     *
     * @throws RuntimeBootException  if a sink, process or interface fails to start
     * @throws IllegalStateException if the runtime has already shut down: a runtime boots once
     */
    public void boot() {
        lifecycle.boot();
    }

    /**
     * Boots if needed, then blocks until the runtime has shut down. Unless the builder said
     * {@link Builder#handleSignals(boolean) handleSignals(false)}, SIGINT and SIGTERM shut it
     * down gracefully meanwhile. An interrupt of the waiting thread shuts the runtime down
     * (reason {@code "interrupted"}) and returns with the thread's interrupt status set. On a
     * runtime that is already shutting down (a component asked for it during the boot, say) it
     * waits for the end of the shutdown and returns.
     */
    public void run() {
        lifecycle.installSignalsForRun();
        lifecycle.boot(true);
        lifecycle.installSignalsForRun(); // if it was booted before
        try {
            lifecycle.awaitShutdown();
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
        return lifecycle.awaitShutdown(timeout);
    }

    /** Shuts down with no reason; see {@link #shutdown(String)}. */
    public void shutdown() {
        shutdown(null);
    }

    /**
     * Shuts the runtime down. Safe from any thread: from a handler or a service thread it hands
     * the work to a new thread and returns at once, from any other it returns when the runtime
     * is down. Idempotent — the first reason given is the one recorded.
     */
    public void shutdown(String reason) {
        lifecycle.shutdown(reason);
    }

    /** Same as {@link #shutdown(String) shutdown("closed")}. */
    @Override
    public void close() {
        shutdown("closed");
    }

    /** Whether the runtime has booted and not begun to shut down. */
    public boolean isRunning() {
        return lifecycle.isRunning();
    }

    /** Whether the runtime has shut down completely. */
    public boolean isShutDown() {
        return lifecycle.isShutDown();
    }

    /** The reason the runtime was shut down with, once it is shutting down. */
    public Optional<String> shutdownReason() {
        return lifecycle.shutdownReason();
    }

    /**
     * What went wrong in this run, in order, empty when nothing did: failures components
     * reported ({@link Context#reportFailure} — events a sink lost, a type it cannot record), a
     * sink that failed to stop, a critical service failure. Once it is not empty the run has
     * failed, whatever the shutdown reason; {@code bussdcc run} then exits with status 1.
     */
    public List<String> failures() {
        return lifecycle.failures();
    }

    /**
     * The events dispatched since the boot, per type and severity; see
     * {@link Context#eventCounts()}. State holds the same under {@code runtime_info}, written
     * every {@link Builder#telemetryInterval} and exact once the runtime has shut down.
     */
    public EventCounts eventCounts() {
        return dispatcher.eventCounts(this::typeName);
    }

    @SuppressWarnings("unchecked")
    private String typeName(Class<?> type) {
        Class<? extends Message> messageType = (Class<? extends Message>) type;
        try {
            return messageTypes.nameOf(messageType);
        } catch (IllegalArgumentException notRegistrable) { // not a record: it has a name all the same
            return MessageTypeRegistry.defaultName(messageType);
        }
    }

    /** The health of the components that report one; see {@link Context#health()}. */
    public Map<String, Health> health() {
        return components.health();
    }

    // ---- emitting and accessors --------------------------------------------------------

    /** Emits {@code message} as the application, stamped with the clock's time. */
    public void emit(Message message) {
        dispatcher.emit(Emitter.APPLICATION, message);
    }

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

    /** Run-time control of the services. */
    public ServiceControl services() {
        return services;
    }

    /** Every device, in registration order. */
    public List<DeviceInfo> devices() {
        return devices.infos();
    }

    /** The device with id {@code id} as a {@code type}; see {@link Context#device}. */
    public <D> Optional<D> device(String id, Class<D> type) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        return devices.lookup(id, type);
    }

    /** How many component failures were counted instead of reported (failures while handling errors). */
    public long droppedFailures() {
        return dispatcher.droppedFailures();
    }

    @Override
    public String toString() {
        return "Runtime[" + lifecycle.phaseName() + ", " + mode + "]";
    }

    /** Emits the runtime's own lifecycle and failure reports. */
    void report(Message message) {
        lifecycle.report(message);
    }

    /** The replay door's way in (see {@link ReplayDoor}). */
    private static ReplayHandle open(Builder settings, ReplayOptions options) {
        Runtime runtime = new Runtime(settings, options);
        return new ReplayHandle() {
            @Override
            public Runtime runtime() {
                return runtime;
            }

            @Override
            public void publish(Event<?> event) {
                runtime.dispatcher.publish(event);
            }

            @Override
            public Optional<String> requestedShutdown() {
                return runtime.lifecycle.requestedShutdown();
            }

            @Override
            public void reportHealth(String key, Supplier<Health> health) {
                runtime.components.reportHealth(Objects.requireNonNull(key, "key"), Objects.requireNonNull(health, "health"));
            }

            @Override
            public VirtualTimeServices services() {
                if (!options.virtualTimeServices()) {
                    throw new IllegalStateException("this runtime's services run on threads; open it with virtual-time services");
                }
                return runtime.services;
            }
        };
    }

    /** Settings for a {@link Runtime}. Everything has a default; see each method. */
    public static final class Builder {
        private Clock clock = new SystemClock();
        private StateStore state = new HierarchicalStateStore();
        private MessageTypeRegistry messageTypes = MessageTypeRegistry.withBuiltins();
        private Config config = Config.empty();
        private boolean shutdownOnCriticalFailure = true;
        private Boolean handleSignals;
        private Duration restartBackoffInitial = Duration.ofMillis(200);
        private Duration restartBackoffMax = Duration.ofSeconds(30);
        private Duration serviceStopTimeout = Duration.ofSeconds(1);
        private Duration telemetryInterval = Duration.ofSeconds(1);

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

        /** Whether a critical service failure shuts the runtime down; on by default. */
        public Builder shutdownOnCriticalFailure(boolean on) {
            this.shutdownOnCriticalFailure = on;
            return this;
        }

        /**
         * POSIX signals, mapped until the end of the shutdown: SIGINT and SIGTERM shut down
         * gracefully, SIGHUP emits {@code SystemReload}, SIGUSR1/SIGUSR2 emit
         * {@code SystemSignal}; a second SIGINT or SIGTERM while the shutdown runs ends the
         * process at once (status 128 + signal number). By default they are handled from
         * {@link Runtime#run()} on (from its boot, if it boots), not for a runtime that is only
         * booted; {@code true} handles them from the start of any boot (one arriving during the
         * boot shuts down once booted), {@code false} never. After a graceful shutdown
         * {@code run()} returns, and {@link Runtime#shutdownReason()} names the signal.
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

        /**
         * How often the event counts are written into state under {@code runtime_info} (README,
         * "State"); 1 s by default. Zero writes them only when the runtime has shut down. A
         * replay writes them only then, whatever this says, so that its state is the same in
         * every run. {@link Runtime#eventCounts()} is current at any time.
         *
         * @throws IllegalArgumentException if {@code interval} is negative
         */
        public Builder telemetryInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative()) {
                throw new IllegalArgumentException("telemetryInterval must not be negative: " + interval);
            }
            this.telemetryInterval = interval;
            return this;
        }

        /** A new live runtime with these settings. */
        public Runtime build() {
            return new Runtime(this, new ReplayOptions(RuntimeMode.LIVE, null, false));
        }
    }
}
