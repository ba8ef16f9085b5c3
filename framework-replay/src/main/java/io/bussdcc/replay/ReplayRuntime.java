package io.bussdcc.replay;

import io.bussdcc.api.Config;
import io.bussdcc.api.Context;
import io.bussdcc.api.Device;
import io.bussdcc.api.Event;
import io.bussdcc.api.EventSink;
import io.bussdcc.api.EventSource;
import io.bussdcc.api.Health;
import io.bussdcc.api.Message;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.Process;
import io.bussdcc.api.RuntimeMode;
import io.bussdcc.api.Service;
import io.bussdcc.api.Severity;
import io.bussdcc.api.SourceProblem;
import io.bussdcc.api.StateStore;
import io.bussdcc.runtime.HierarchicalStateStore;
import io.bussdcc.runtime.Runtime;
import io.bussdcc.runtime.replay.Emitter;
import io.bussdcc.runtime.replay.ReplayDoor;
import io.bussdcc.runtime.replay.ReplayHandle;
import io.bussdcc.runtime.replay.ReplayOptions;
import io.bussdcc.runtime.replay.VirtualTimeServices;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Re-lives a recorded stream: boots a runtime in {@link RuntimeMode#REPLAY} on a
 * {@link ReplayClock}, publishes every recorded event with its recorded time, type and data
 * to the sinks, processes, interfaces and services, runs the services on virtual time between
 * them, and shuts down with the reason {@value #COMPLETE}.
 *
 * <pre>{@code
 * ReplayRuntime replay = ReplayRuntime.builder()
 *         .speed(ReplayClock.MAX_SPEED)
 *         .registry(types)
 *         .build();
 * replay.addSource(JsonlSource.builder(Path.of("events")).registry(types).build());
 * replay.addSink(new JsonlSink(Path.of("replayed")));
 * replay.addProcess(new AlarmWatch());
 * ReplayProgress done = replay.run();
 * }</pre>
 *
 * <h2>Determinism contract</h2>
 * Given the same recording, components and settings, every run dispatches the same events, in
 * the same order, with the same times, whatever the speed:
 * <ol>
 *   <li><b>Fidelity.</b> Each recorded event is published with exactly its recorded time and
 *       payload (unknown types stay {@link io.bussdcc.api.RawMessage}s, written back verbatim
 *       by a log sink). The clock reads the event's time while it is dispatched; it never goes
 *       back, so an event recorded slightly out of order is published with its own time while
 *       the clock keeps reading the later one.</li>
 *   <li><b>The replay's own lifecycle is not the recording's.</b> Everything the runtime itself
 *       emits during a replay — {@code RuntimeBooting} … {@code RuntimeShutdown}, component
 *       started/stopped, device lifecycle, and failure reports ({@code ProcessError},
 *       {@code ServiceError}, {@code SinkHandlerError}, {@code EventSubscriberError}, …) —
 *       is not dispatched: sinks see the recorded lifecycle of the original run and nothing
 *       else. The replay's own events go to {@link ReplayListener#runtimeEvent}; those of
 *       severity {@code WARNING} and above are kept in {@link #failures()}.</li>
 *   <li><b>Derived events are not doubled.</b> What processes, interfaces, services, devices and
 *       sinks emit during a replay is suppressed — the recording already holds what they
 *       emitted live — unless the component is {@link ReplayAware}: then recorded events of
 *       the types it re-derives are dropped from the stream and its emits of those types are
 *       dispatched instead. Never both. Emits of the application itself
 *       ({@link #context()}) are dispatched.</li>
 *   <li><b>Services on virtual time.</b> A service started at virtual instant {@code s} steps at
 *       {@code s + k × interval}, on the replay thread. <b>Tie rule:</b> all recorded events at
 *       an instant {@code T} are published before the service steps due at {@code T}; service
 *       steps due at the same instant run in registration order. Without {@code to}, steps run
 *       up to and including the last replayed event's instant; with {@code to}, up to but
 *       excluding {@code to}.</li>
 *   <li><b>Bounds.</b> With {@code from} and/or {@code to}, exactly the recorded events with
 *       {@code from <= time < to} are replayed.</li>
 *   <li><b>No loops.</b> A replay refuses a sink that writes where one of its sources reads
 *       ({@link EventSink#writesTo()} against {@link EventSource#readsFrom()}).</li>
 * </ol>
 * The virtual clock starts at {@code startAt}, else {@code from}, else the first replayed
 * event's time; a replay of nothing with no {@code startAt}, {@code from} or {@code to} boots
 * and shuts down at once, with no service steps (its clock reads the epoch). A shutdown
 * requested by a component (a critical service failing, a process calling
 * {@code requestShutdown}) is acted on after the event or service step during which it was
 * requested, with that reason.
 *
 * <h2>Control</h2>
 * {@link #run()} replays on the calling thread. From any other thread (a UI, a debugger):
 * {@link #pause()}, {@link #resume()}, {@link #step()}, {@link #setSpeed}, {@link #stop()}
 * and {@link #progress()}. Only what happens on the replay thread is deterministic: an
 * interface or device that emits from threads of its own is as racy as it is live.
 */
public final class ReplayRuntime {

    /** The shutdown reason of a replay that reached the end of its stream. */
    public static final String COMPLETE = "replay complete";

    /** The shutdown reason of a replay ended by {@link #stop()}. */
    public static final String STOPPED = "replay stopped";

    /** How many problems and failures are kept for {@link #problems()} and {@link #failures()}; all are counted. */
    public static final int KEPT_REPORTS = 1000;

    private static final System.Logger LOG = System.getLogger(ReplayRuntime.class.getName());

    private final ReplayClock clock;
    private final Instant from;
    private final Instant to;
    private final Instant startAt;
    private final ReplayRules rules;
    private final ReplayHandle door;
    private final Runtime runtime;

    private final ReentrantLock setup = new ReentrantLock();
    private final List<EventSource> sources = new ArrayList<>();
    private final List<EventSink> sinks = new ArrayList<>();
    private final List<ReplayListener> listeners = new CopyOnWriteArrayList<>();
    private boolean hasServices;

    private volatile ReplayState state = ReplayState.READY;
    private volatile OptionalLong total = OptionalLong.empty();
    // Written by the replay thread only; volatile so progress() on another thread sees them.
    private volatile long eventsRead;
    private volatile long eventsReplayed;
    private final AtomicLong problemCount = new AtomicLong();
    private final AtomicLong failureCount = new AtomicLong();
    private final AtomicLong suppressedCount = new AtomicLong();
    private final List<SourceProblem> problems = new ArrayList<>();
    private final List<Event<?>> failures = new ArrayList<>();
    private volatile String stopReason;
    private volatile String finishReason;
    private final CountDownLatch finished = new CountDownLatch(1);

    /**
     * A replay at {@code speed} with default settings; see {@link #builder()} for more.
     *
     * @param speed how many times faster than real time; {@code 0} or
     *              {@link ReplayClock#MAX_SPEED} for as fast as possible
     */
    public ReplayRuntime(double speed) {
        this(builder().speed(speed));
    }

    private ReplayRuntime(Builder b) {
        this.clock = new ReplayClock(b.speed);
        clock.setMaxGap(b.maxGap);
        this.from = b.from;
        this.to = b.to;
        this.startAt = b.startAt;
        this.rules = new ReplayRules(this::onRuntimeEvent, this::onSuppressed);
        this.door = ReplayDoor.open(Runtime.builder()
                .clock(clock)
                .messageTypes(b.registry)
                .config(b.config)
                .state(b.state), new ReplayOptions(RuntimeMode.REPLAY, rules, true));
        this.runtime = door.runtime();
        door.reportHealth("replay", this::health);
        b.listeners.forEach(this::addListener);
        b.sources.forEach(this::addSource);
        b.devices.forEach(this::addDevice);
        b.sinks.forEach(this::addSink);
        b.processes.forEach(this::addProcess);
        b.interfaces.forEach(this::addInterface);
        b.services.forEach(this::addService);
    }

    /** A builder for a replay with bounds, a start instant, a registry, configuration and components. */
    public static Builder builder() {
        return new Builder();
    }

    // ---- composition (before run) ------------------------------------------------------

    /**
     * Adds a recording to replay. Several sources are merged by time; at equal times the
     * earlier-added source's events come first.
     *
     * @throws IllegalArgumentException if a sink writes where the source reads
     */
    public ReplayRuntime addSource(EventSource source) {
        Objects.requireNonNull(source, "source");
        withSetup("add a source", () -> {
            sources.add(source);
            try {
                checkNoOverlap();
            } catch (IllegalArgumentException e) {
                sources.remove(sources.size() - 1);
                throw e;
            }
        });
        return this;
    }

    /**
     * Adds a sink; it sees the replayed stream.
     *
     * @throws IllegalArgumentException if it writes where a source reads
     */
    public ReplayRuntime addSink(EventSink sink) {
        Objects.requireNonNull(sink, "sink");
        withSetup("add a sink", () -> {
            sinks.add(sink);
            try {
                checkNoOverlap();
                rules.register(Emitter.Role.SINK, sink.name(), sink);
            } catch (IllegalArgumentException | NullPointerException e) {
                sinks.remove(sinks.size() - 1);
                throw e;
            }
            runtime.addSink(sink);
        });
        return this;
    }

    /** Adds a process; its emits are suppressed unless it is {@link ReplayAware}. */
    public ReplayRuntime addProcess(Process process) {
        Objects.requireNonNull(process, "process");
        addComponent("add a process", Emitter.Role.PROCESS, process.name(), process, () -> runtime.addProcess(process));
        return this;
    }

    /** Adds an interface (a process started after the processes); emits as for processes. */
    public ReplayRuntime addInterface(Process process) {
        Objects.requireNonNull(process, "process");
        addComponent("add an interface", Emitter.Role.INTERFACE, process.name(), process,
                () -> runtime.addInterface(process));
        return this;
    }

    /** Adds a service; it runs on virtual time. Emits as for processes. */
    public ReplayRuntime addService(Service service) {
        Objects.requireNonNull(service, "service");
        addComponent("add a service", Emitter.Role.SERVICE, service.name(), service, () -> {
            runtime.addService(service);
            hasServices = true;
        });
        return this;
    }

    /** Adds a device; it is connected at boot as in a live runtime. Emits as for processes. */
    public ReplayRuntime addDevice(Device device) {
        Objects.requireNonNull(device, "device");
        addComponent("add a device", Emitter.Role.DEVICE, device.id(), device, () -> runtime.addDevice(device));
        return this;
    }

    /**
     * Adds a component to the runtime with {@code add}; its re-derived types are checked first,
     * so that the runtime never holds a component the replay rules refuse.
     */
    private void addComponent(String action, Emitter.Role role, String name, Object component, Runnable add) {
        withSetup(action, () -> {
            ReplayRules.check(role, name, component);
            add.run();
            rules.register(role, name, component);
        });
    }

    /** Adds a listener; may be called at any time. */
    public ReplayRuntime addListener(ReplayListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    // ---- running -----------------------------------------------------------------------

    /**
     * Replays: opens the sources, boots, publishes every recorded event in the bounds (with the
     * services' virtual-time steps between them), and shuts down — with {@value #COMPLETE} at
     * the end of the stream, {@value #STOPPED} after {@link #stop()}, or the reason of a
     * shutdown a component requested. Blocks until done. A replay runs once.
     *
     * @return the final progress; its {@code finishReason} says why the replay ended
     * @throws IOException                  if a source cannot be opened (nothing was booted)
     * @throws IllegalStateException        if there is no source, the replay has run, or
     *                                      {@code startAt} is after the first replayed event
     * @throws io.bussdcc.runtime.RuntimeBootException if a component fails to start
     * @throws RuntimeException             what reading the source threw mid-way (for example an
     *                                      {@link java.io.UncheckedIOException}), after the
     *                                      runtime was shut down with reason
     *                                      {@code "replay failed: ..."}
     */
    public ReplayProgress run() throws IOException {
        List<EventSource> toRead;
        setup.lock();
        try {
            if (state != ReplayState.READY) {
                throw new IllegalStateException("this replay has already run; a ReplayRuntime runs once");
            }
            if (sources.isEmpty()) {
                throw new IllegalStateException("nothing to replay: addSource(...) before run()");
            }
            state = ReplayState.RUNNING;
            toRead = List.copyOf(sources);
        } finally {
            setup.unlock();
        }
        if (stopReason != null) {
            return finish(stopReason);
        }
        total = RecordedStream.knownSize(toRead);
        RecordedStream stream;
        try {
            stream = RecordedStream.open(toRead, this::onProblem);
        } catch (IOException e) {
            finish("replay failed: " + e.getMessage());
            throw e;
        }
        String reason;
        try (stream) {
            Event<?> first = nextInBounds(stream);
            clock.start(startInstant(first), to);
            runtime.boot();
            if (!runtime.isRunning()) {
                reason = runtime.shutdownReason().orElse("shut down during boot");
            } else {
                reason = replay(first, stream);
            }
        } catch (RuntimeException failure) {
            shutDown("replay failed: " + failure);
            throw failure;
        }
        shutDown(reason);
        return progress();
    }

    private Instant startInstant(Event<?> first) {
        if (startAt != null) {
            if (first != null && first.time().isBefore(startAt)) {
                throw new IllegalStateException("startAt " + startAt + " is after the first replayed event (at "
                        + first.time() + "); the clock cannot go back: use from(...) to skip events");
            }
            return startAt;
        }
        if (from != null) {
            return from;
        }
        if (first != null) {
            return first.time();
        }
        return to != null ? to : Instant.EPOCH;
    }

    private String replay(Event<?> first, RecordedStream stream) {
        VirtualTimeServices services = hasServices ? door.services() : null;
        Event<?> event = first;
        while (event != null) {
            if (!clock.awaitTurn()) {
                return haltedReason();
            }
            Instant now = clock.now();
            Instant at = event.time().isBefore(now) ? now : event.time();
            if (services != null) {
                String ended = runServices(services, at, false);
                if (ended != null) {
                    return ended;
                }
            }
            if (!clock.advanceTo(at)) {
                return haltedReason();
            }
            door.publish(event);
            eventsReplayed++;
            String ended = endRequested();
            if (ended != null) {
                return ended;
            }
            event = nextInBounds(stream);
        }
        boolean timeRan = first != null || startAt != null || from != null || to != null;
        if (services != null && timeRan) {
            String ended = to != null ? runServices(services, to, false) : runServices(services, clock.now(), true);
            if (ended != null) {
                return ended;
            }
        }
        return stopReason != null ? stopReason : COMPLETE;
    }

    /** Runs the service steps due before {@code limit} (or at it, if inclusive); a reason if the replay must end. */
    private String runServices(VirtualTimeServices services, Instant limit, boolean inclusive) {
        while (true) {
            Optional<Instant> due = services.nextDue();
            if (due.isEmpty()) {
                return null;
            }
            Instant at = due.get();
            int c = at.compareTo(limit);
            if (c > 0 || (c == 0 && !inclusive)) {
                return null;
            }
            Instant now = clock.now();
            if (at.isBefore(now)) {
                at = now;
            }
            if (!clock.advanceTo(at)) {
                return haltedReason();
            }
            services.runDue(at);
            String ended = endRequested();
            if (ended != null) {
                return ended;
            }
        }
    }

    private Event<?> nextInBounds(RecordedStream stream) {
        while (true) {
            Event<?> event = stream.next();
            if (event == null) {
                return null;
            }
            eventsRead++;
            Instant time = event.time();
            if (from != null && time.isBefore(from)) {
                continue;
            }
            if (to != null && !time.isBefore(to)) {
                continue;
            }
            if (rules.dropsRecorded(event.payload())) {
                continue;
            }
            return event;
        }
    }

    private String endRequested() {
        String stop = stopReason;
        if (stop != null) {
            return stop;
        }
        return door.requestedShutdown().orElse(null);
    }

    private String haltedReason() {
        String stop = stopReason;
        if (stop != null) {
            return stop;
        }
        return Thread.currentThread().isInterrupted() ? "interrupted" : STOPPED;
    }

    private void shutDown(String reason) {
        // A pending interrupt would make sinks' interruptible file channels fail while flushing.
        boolean interrupted = Thread.interrupted();
        try {
            runtime.shutdown(reason);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            finish(runtime.shutdownReason().orElse(reason));
        }
    }

    private ReplayProgress finish(String reason) {
        finishReason = reason;
        clock.halt();
        state = ReplayState.FINISHED;
        finished.countDown();
        ReplayProgress progress = progress();
        notifyListeners(l -> l.finished(progress));
        return progress;
    }

    // ---- control, from any thread -------------------------------------------------------

    /** Pauses before the next event (or within the current wait); virtual time stands still. */
    public void pause() {
        clock.pause();
    }

    /** Goes on after {@link #pause()} or {@link #step()}. */
    public void resume() {
        clock.resume();
    }

    /**
     * Lets one more recorded event through, then stays paused (pausing first if running). The
     * stepped event is not paced: it is published at once, after the service steps due before
     * it.
     */
    public void step() {
        clock.grantStep();
    }

    /** Changes the speed from now on; see {@link ReplayClock#setSpeed}. */
    public void setSpeed(double speed) {
        clock.setSpeed(speed);
    }

    /**
     * Ends the replay early: the runtime shuts down with {@value #STOPPED} after the event in
     * progress. Returns at once; see {@link #awaitFinished}. Before {@link #run()}, makes run
     * return at once without booting.
     */
    public void stop() {
        if (stopReason == null) {
            stopReason = STOPPED;
        }
        clock.halt();
    }

    /** Waits up to {@code timeout} for the replay to finish; whether it has. */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Where the replay is; safe from any thread. */
    public ReplayProgress progress() {
        ReplayState s = state;
        if (s == ReplayState.RUNNING && clock.isPaused()) {
            s = ReplayState.PAUSED;
        }
        Optional<Instant> time = clock.startAt().isPresent() ? Optional.of(clock.now()) : Optional.empty();
        return new ReplayProgress(s, eventsRead, eventsReplayed, total, time, problemCount.get(), failureCount.get(),
                suppressedCount.get(), Optional.ofNullable(finishReason));
    }

    /**
     * The progress as the runtime's health shows it under {@code replay} (/api/health,
     * /metrics): UP, with {@code eventsRead}, {@code eventsReplayed}, {@code eventsTotal} (when
     * the sources know it), {@code problems}, {@code failures}, {@code suppressed},
     * {@code virtualTimeMillis} (the replay clock, once started) and {@code finished} (0 or 1).
     */
    private Health health() {
        ReplayProgress p = progress();
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("eventsRead", p.eventsRead());
        counts.put("eventsReplayed", p.eventsReplayed());
        p.eventsTotal().ifPresent(n -> counts.put("eventsTotal", n));
        counts.put("problems", p.problems());
        counts.put("failures", p.failures());
        counts.put("suppressed", p.suppressed());
        p.virtualTime().ifPresent(t -> counts.put("virtualTimeMillis", t.toEpochMilli()));
        counts.put("finished", p.state() == ReplayState.FINISHED ? 1L : 0L);
        return Health.up(counts);
    }

    /** The first {@value #KEPT_REPORTS} bad records the sources reported (all are counted in progress). */
    public List<SourceProblem> problems() {
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }

    /**
     * The first {@value #KEPT_REPORTS} failure reports of the replay run — runtime events of
     * severity {@code WARNING} and above, such as a {@code ProcessError} of a process that
     * threw while replaying — which are not dispatched (all are counted in progress).
     */
    public List<Event<?>> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    // ---- access ------------------------------------------------------------------------

    /** The replay's clock. */
    public ReplayClock clock() {
        return clock;
    }

    /** The runtime's state store: what processes derived from the replayed events. */
    public StateStore state() {
        return runtime.state();
    }

    /** The application's context: its emits are dispatched (stamped with virtual time). */
    public Context context() {
        return runtime.context();
    }

    /** The message types the runtime knows. */
    public MessageTypeRegistry messageTypes() {
        return runtime.messageTypes();
    }

    @Override
    public String toString() {
        return "ReplayRuntime[" + state.name().toLowerCase(Locale.ROOT) + ", " + clock + "]";
    }

    // ---- rules' reports ---------------------------------------------------------------------

    private void onProblem(SourceProblem problem) {
        problemCount.incrementAndGet();
        synchronized (problems) {
            if (problems.size() < KEPT_REPORTS) {
                problems.add(problem);
            }
        }
        notifyListeners(l -> l.problem(problem));
    }

    private void onRuntimeEvent(Message message) {
        boolean failure = message.severity().isAtLeast(Severity.WARNING);
        if (!failure && listeners.isEmpty()) {
            return;
        }
        Event<?> event = new Event<>(clock.now(), message);
        if (failure) {
            failureCount.incrementAndGet();
            synchronized (failures) {
                if (failures.size() < KEPT_REPORTS) {
                    failures.add(event);
                }
            }
        }
        notifyListeners(l -> l.runtimeEvent(event));
    }

    private void onSuppressed(Emitter emitter, Message message) {
        suppressedCount.incrementAndGet();
        if (!listeners.isEmpty()) {
            Event<?> event = new Event<>(clock.now(), message);
            Origin origin = new Origin(Origin.Kind.valueOf(emitter.role().name()), emitter.name());
            notifyListeners(l -> l.suppressed(origin, event));
        }
    }

    private void notifyListeners(Consumer<ReplayListener> call) {
        for (ReplayListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "replay listener " + listener + " failed; it is ignored", e);
            }
        }
    }

    // ---- setup -------------------------------------------------------------------------

    private void withSetup(String action, Runnable change) {
        setup.lock();
        try {
            if (state != ReplayState.READY) {
                throw new IllegalStateException("cannot " + action + " once the replay has started");
            }
            change.run();
        } finally {
            setup.unlock();
        }
    }

    private void checkNoOverlap() {
        for (EventSource source : sources) {
            for (Path read : source.readsFrom()) {
                Path r = canonical(read);
                for (EventSink sink : sinks) {
                    for (Path written : sink.writesTo()) {
                        Path w = canonical(written);
                        if (r.startsWith(w) || w.startsWith(r)) {
                            throw new IllegalArgumentException("replay source " + source.describe() + " reads " + read
                                    + " and sink '" + sink.name() + "' writes " + written + ": a replay that writes "
                                    + "into the log it reads would read its own output and could overwrite what it "
                                    + "has not read yet; write the replay to another directory");
                        }
                    }
                }
            }
        }
    }

    /** The real path, resolving symbolic links through the deepest part that exists. */
    static Path canonical(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute));
        } catch (IOException e) {
            return absolute;
        }
    }

    /** Settings for a {@link ReplayRuntime}; everything has a default. */
    public static final class Builder {
        private double speed = 1.0;
        private Duration maxGap;
        private Instant from;
        private Instant to;
        private Instant startAt;
        private MessageTypeRegistry registry = MessageTypeRegistry.withBuiltins();
        private Config config = Config.empty();
        private StateStore state = new HierarchicalStateStore();
        private final List<ReplayListener> listeners = new ArrayList<>();
        private final List<EventSource> sources = new ArrayList<>();
        private final List<EventSink> sinks = new ArrayList<>();
        private final List<Process> processes = new ArrayList<>();
        private final List<Process> interfaces = new ArrayList<>();
        private final List<Service> services = new ArrayList<>();
        private final List<Device> devices = new ArrayList<>();

        private Builder() {}

        /** How many times faster than real time; 1.0 by default, {@code 0} or {@link ReplayClock#MAX_SPEED} for no waiting. */
        public Builder speed(double speed) {
            new ReplayClock(speed); // validates
            this.speed = speed;
            return this;
        }

        /**
         * Waits at most {@code gap} of recorded time between two events (or service steps):
         * longer idle stretches are shortened to it; see {@link ReplayClock#setMaxGap}. Default:
         * none ({@code null}), every gap is waited in full.
         *
         * @throws IllegalArgumentException if {@code gap} is negative
         */
        public Builder maxGap(Duration gap) {
            new ReplayClock(1).setMaxGap(gap); // validates
            this.maxGap = gap;
            return this;
        }

        /** Replays only events at or after {@code from} (inclusive); the clock starts there unless {@link #startAt} says otherwise. */
        public Builder from(Instant from) {
            this.from = from;
            return this;
        }

        /** Replays only events before {@code to} (exclusive); services step until just before it. */
        public Builder to(Instant to) {
            this.to = to;
            return this;
        }

        /**
         * The virtual instant the replay boots at and services start at; by default
         * {@code from}, else the first replayed event's time. It may be earlier than the first
         * event (services then run a lead-in), not later.
         */
        public Builder startAt(Instant startAt) {
            this.startAt = startAt;
            return this;
        }

        /** The message types; the runtime's default (built-ins) otherwise. Give the one the source decodes with. */
        public Builder registry(MessageTypeRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** Configuration components can read; empty by default. */
        public Builder config(Config config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** The state store; a new one by default. */
        public Builder state(StateStore state) {
            this.state = Objects.requireNonNull(state, "state");
            return this;
        }

        /** Adds a listener; see {@link ReplayRuntime#addListener}. */
        public Builder listener(ReplayListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Adds a recording to replay; see {@link ReplayRuntime#addSource}. */
        public Builder addSource(EventSource source) {
            sources.add(Objects.requireNonNull(source, "source"));
            return this;
        }

        /** Adds a sink; it sees the replayed stream. See {@link ReplayRuntime#addSink}. */
        public Builder addSink(EventSink sink) {
            sinks.add(Objects.requireNonNull(sink, "sink"));
            return this;
        }

        /** Adds a process; see {@link ReplayRuntime#addProcess}. */
        public Builder addProcess(Process process) {
            processes.add(Objects.requireNonNull(process, "process"));
            return this;
        }

        /** Adds an interface; see {@link ReplayRuntime#addInterface}. */
        public Builder addInterface(Process process) {
            interfaces.add(Objects.requireNonNull(process, "process"));
            return this;
        }

        /** Adds a service, run on virtual time; see {@link ReplayRuntime#addService}. */
        public Builder addService(Service service) {
            services.add(Objects.requireNonNull(service, "service"));
            return this;
        }

        /** Adds a device; see {@link ReplayRuntime#addDevice}. */
        public Builder addDevice(Device device) {
            devices.add(Objects.requireNonNull(device, "device"));
            return this;
        }

        /**
         * Builds the replay.
         *
         * @throws IllegalArgumentException if {@code to} is not after {@code from},
         *                                  {@code startAt} is after {@code from} or {@code to}, or
         *                                  a component is refused as by the runtime's
         *                                  {@code add…} methods (a sink writing where a source
         *                                  reads, a name taken twice)
         */
        public ReplayRuntime build() {
            if (from != null && to != null && !to.isAfter(from)) {
                throw new IllegalArgumentException("replay bounds are empty: to (" + to + ") must be after from (" + from + ")");
            }
            if (startAt != null && from != null && startAt.isAfter(from)) {
                throw new IllegalArgumentException("startAt (" + startAt + ") is after from (" + from
                        + "): the clock would have to go back to replay the first events");
            }
            if (startAt != null && to != null && startAt.isAfter(to)) {
                throw new IllegalArgumentException("startAt (" + startAt + ") is after to (" + to + ")");
            }
            return new ReplayRuntime(this);
        }
    }
}
