package io.bussdcc.replay;

import io.bussdcc.api.Cancellation;
import io.bussdcc.api.Clock;
import io.bussdcc.api.Config;
import io.bussdcc.api.Context;
import io.bussdcc.api.Device;
import io.bussdcc.api.DeviceInfo;
import io.bussdcc.api.Event;
import io.bussdcc.api.EventHandler;
import io.bussdcc.api.EventSource;
import io.bussdcc.api.Health;
import io.bussdcc.api.Message;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.Process;
import io.bussdcc.api.RuntimeMode;
import io.bussdcc.api.ServiceControl;
import io.bussdcc.api.Severity;
import io.bussdcc.api.SourceProblem;
import io.bussdcc.api.StateStore;
import io.bussdcc.api.Subscription;
import io.bussdcc.api.Timeline;
import io.bussdcc.api.TypeFilter;
import io.bussdcc.runtime.SystemClock;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A recording replayed under a viewer's control — the {@link Timeline} behind {@code bussdcc
 * replay --web}. The recording is read once into memory; each run of it is a
 * {@link ReplayRuntime} with fresh components (made by the {@linkplain Builder#components
 * components} callback), paused between events at a gate the timeline holds. Seeking forward
 * lets the run go on at max speed up to the instant; seeking back stops it and replays from the
 * start into new components, so the state at an instant is always the one a straight replay
 * reaches there, whatever was done before (docs/replay.md#timeline says why not snapshots).
 *
 * <p>{@linkplain Builder#viewer Viewers} (the web interface) are started once with
 * {@link #viewerContext()}, whose state, services, devices and clock are those of the current
 * run and whose {@link Context#timeline()} is this; they see the events published while playing
 * or stepping, not those a seek replays on its way.
 */
public final class ReplayTimeline implements Timeline, AutoCloseable {

    /** The most events {@link #recent} returns. */
    public static final int MAX_RECENT = 1000;
    /** The most buckets {@link #density} splits the range into. */
    public static final int MAX_BUCKETS = 10_000;

    private static final System.Logger LOG = System.getLogger(ReplayTimeline.class.getName());

    private final RecordedLog log;
    private final MessageTypeRegistry registry;
    private final Config config;
    private final Consumer<ReplayRuntime> components;
    private final List<ReplayListener> listeners;
    private final List<Process> viewers;
    private final ViewerContext viewerContext = new ViewerContext();
    private final List<Consumer<Cursor>> changeListeners = new CopyOnWriteArrayList<>();
    private final List<ViewerSubscription<?>> viewerSubscriptions = new CopyOnWriteArrayList<>();
    private final Map<Class<?>, Object> shared = new LinkedHashMap<>();
    private final ReentrantLock control = new ReentrantLock();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final SystemClock wall = new SystemClock();

    private volatile Session session;
    private volatile double speed;
    private volatile String message;
    private volatile Duration lastSeek = Duration.ZERO;
    private volatile String closeReason;
    private int runs;

    private ReplayTimeline(Builder b, RecordedLog log) {
        this.log = log;
        this.registry = b.registry;
        this.config = b.config;
        this.components = b.components;
        this.listeners = List.copyOf(b.listeners);
        this.viewers = List.copyOf(b.viewers);
        this.speed = b.speed;
        this.message = log.range().problem().orElse(null);
    }

    /** A builder of a timeline over {@code source}. */
    public static Builder builder(EventSource source) {
        return new Builder(source);
    }

    // ---- Timeline ------------------------------------------------------------------------

    @Override
    public Range range() {
        return log.range();
    }

    @Override
    public Cursor cursor() {
        return cursor(false);
    }

    private Cursor cursor(boolean rebuilt) {
        Session s = session;
        int p = s.position();
        Instant time = p == 0 ? log.at(0) : log.at(p - 1);
        Mode mode = s.ended ? Mode.ENDED : s.playing() ? Mode.PLAYING : Mode.PAUSED;
        return new Cursor(time, p, mode, speed, rebuilt, Optional.ofNullable(message), lastSeek);
    }

    @Override
    public void play() {
        withControl(() -> {
            Session s = session;
            if (s.ended) {
                throw new IllegalStateException("the replay is at the end of the recording (" + log.range().end()
                        + "): seek back to play again");
            }
            message = null;
            s.open();
            s.replay.resume();
            changed(false);
        });
    }

    @Override
    public void pause() {
        withControl(() -> {
            Session s = session;
            s.close();
            s.replay.pause();
            changed(false);
        });
    }

    @Override
    public void step() {
        withControl(() -> {
            Session s = session;
            if (s.ended) {
                throw new IllegalStateException("the replay is at the end of the recording (" + log.range().end()
                        + "): there is no further event to step to");
            }
            message = null;
            long before = s.dispatched;
            settle(s);
            if (s.dispatched == before && !s.ended) {
                s.stepOnce();
            }
            changed(false);
        });
    }

    @Override
    public void speed(double newSpeed) {
        double checked = checkSpeed(newSpeed);
        withControl(() -> {
            speed = checked;
            Session s = session;
            if (!s.seeking) {
                s.replay.setSpeed(checked);
            }
            changed(false);
        });
    }

    /**
     * The speed {@code speed} if a timeline accepts it.
     *
     * @throws IllegalArgumentException naming the accepted speeds
     */
    public static double checkSpeed(double speed) {
        if (Double.isNaN(speed) || speed < MIN_SPEED) {
            throw new IllegalArgumentException("speed " + speed + " is not allowed: give " + MIN_SPEED
                    + " (a tenth of real time) or more, or max");
        }
        return speed;
    }

    @Override
    public void seek(Instant time) {
        Objects.requireNonNull(time, "time");
        Range range = log.range();
        if (!range.contains(time)) {
            throw new IllegalArgumentException("cannot seek to " + time + ": the recording runs from " + range.start()
                    + " to " + range.end());
        }
        seekTo(log.countAtOrBefore(time));
    }

    /** Moves the cursor to {@code position} recorded events published; see {@link #seek}. */
    private void seekTo(int position) {
        withControl(() -> {
            long began = System.nanoTime();
            Session s = session;
            settle(s);
            if (s.failed() || position < s.position()) {
                s.stop();
                s = newSession();
                session = s;
                settle(s);
            }
            if (position > s.position() && !s.ended) {
                s.fastForward(position);
            }
            lastSeek = Duration.ofNanos(System.nanoTime() - began);
            message = s.failed() ? s.failure : s.ended ? endMessage() : null;
            changed(true);
        });
    }

    @Override
    public Optional<Instant> find(boolean forward, TypeFilter types, Severity minSeverity) {
        Objects.requireNonNull(types, "types");
        Objects.requireNonNull(minSeverity, "minSeverity");
        return log.find(session.position(), forward, types, minSeverity).stream().mapToObj(log::at).findFirst();
    }

    @Override
    public Density density(int buckets) {
        if (buckets < 1 || buckets > MAX_BUCKETS) {
            throw new IllegalArgumentException("buckets must be 1.." + MAX_BUCKETS + ", not " + buckets);
        }
        return log.density(buckets);
    }

    @Override
    public List<Event<?>> recent(int limit) {
        if (limit < 0 || limit > MAX_RECENT) {
            throw new IllegalArgumentException("limit must be 0.." + MAX_RECENT + ", not " + limit);
        }
        int p = session.position();
        return log.events().subList(Math.max(0, p - limit), p);
    }

    @Override
    public Subscription onChange(Consumer<Cursor> listener) {
        Objects.requireNonNull(listener, "listener");
        changeListeners.add(listener);
        return new Subscription() {
            private volatile boolean active = true;

            @Override
            public void cancel() {
                active = false;
                changeListeners.remove(listener);
            }

            @Override
            public boolean isActive() {
                return active;
            }
        };
    }

    // ---- for the host ----------------------------------------------------------------------

    /** The context viewers are started with: the current run's state, services, devices and time. */
    public Context viewerContext() {
        return viewerContext;
    }

    /** How many runs the timeline has made (1 + one per seek back); for tests and benchmarks. */
    public int runs() {
        control.lock();
        try {
            return runs;
        } finally {
            control.unlock();
        }
    }

    /** The current run's state store. */
    public StateStore state() {
        return session.replay.state();
    }

    /**
     * Waits up to {@code timeout} for the timeline to be closed (by {@link #close()} or a viewer's
     * {@link Context#requestShutdown}); whether it was.
     */
    public boolean awaitClosed(Duration timeout) throws InterruptedException {
        return closed.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Why the timeline was closed, once it is. */
    public Optional<String> closeReason() {
        return Optional.ofNullable(closeReason);
    }

    /** Stops the current run and the viewers. */
    @Override
    public void close() {
        close("timeline closed");
    }

    private void close(String reason) {
        control.lock();
        try {
            if (closeReason != null) {
                return;
            }
            closeReason = reason;
            for (Process viewer : viewers.reversed()) {
                try {
                    viewer.stop(viewerContext);
                } catch (Exception e) {
                    LOG.log(Level.WARNING, "timeline viewer '" + viewer.name() + "' failed to stop: " + e, e);
                }
            }
            session.stop();
            synchronized (shared) {
                for (Object o : new ArrayList<>(shared.values()).reversed()) {
                    if (o instanceof AutoCloseable c) {
                        try {
                            c.close();
                        } catch (Exception e) {
                            LOG.log(Level.WARNING, "closing " + o + " failed: " + e, e);
                        }
                    }
                }
                shared.clear();
            }
        } finally {
            control.unlock();
            closed.countDown();
        }
    }

    @Override
    public String toString() {
        Cursor c = cursor();
        return "ReplayTimeline[" + c.mode() + " at " + c.position() + "/" + log.size() + ", " + c.time() + "]";
    }

    // ---- internals -------------------------------------------------------------------------

    private void withControl(Runnable action) {
        control.lock();
        try {
            if (closeReason != null) {
                throw new IllegalStateException("the timeline is closed (" + closeReason + ")");
            }
            action.run();
        } finally {
            control.unlock();
        }
    }

    /** Makes sure the run waits at the gate (or has ended): lets an event in flight through at max speed. */
    private void settle(Session s) {
        s.close();
        if (!s.awaitGate(0)) {
            s.replay.setSpeed(ReplayClock.MAX_SPEED);
            s.replay.resume();
            s.awaitGate(-1);
            s.replay.pause();
            s.replay.setSpeed(speed);
        }
    }

    private Session newSession() {
        runs++;
        Session s = new Session(runs);
        s.thread.start();
        return s;
    }

    private void changed(boolean rebuilt) {
        Cursor c = cursor(rebuilt);
        for (Consumer<Cursor> l : changeListeners) {
            try {
                l.accept(c);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "timeline listener " + l + " failed; it is ignored", e);
            }
        }
    }

    /** Called on a run's thread when the run ends by itself (the end of the recording, or a failure). */
    private void ended(Session s) {
        if (s != session || s.stopped) {
            return;
        }
        message = s.failed() ? s.failure : endMessage();
        changed(false);
    }

    private String endMessage() {
        return "the recording ended at " + log.range().end() + " (" + log.size() + " events)";
    }

    private void forward(Event<?> event) {
        for (Process viewer : viewers) {
            try {
                viewer.handle(viewerContext, event);
            } catch (Exception e) {
                LOG.log(Level.WARNING, "timeline viewer '" + viewer.name() + "' failed on " + event + ": " + e, e);
            }
        }
        for (ViewerSubscription<?> sub : viewerSubscriptions) {
            sub.deliver(event);
        }
    }

    private void startViewers() throws Exception {
        List<Process> started = new ArrayList<>();
        try {
            for (Process viewer : viewers) {
                viewer.start(viewerContext);
                started.add(viewer);
            }
        } catch (Exception e) {
            for (Process p : started.reversed()) {
                try {
                    p.stop(viewerContext);
                } catch (Exception stopping) {
                    e.addSuppressed(stopping);
                }
            }
            throw e;
        }
    }

    /**
     * One run of the recording: a {@link ReplayRuntime} reading the log through a gate that hands
     * out the next event only when the timeline says so. It is also the run's last interface,
     * so it sees each event after the processes did, and hands it to the viewers.
     */
    private final class Session implements Process {
        final ReplayRuntime replay;
        final RecordedSystem system = new RecordedSystem();
        final Thread thread;
        // The gate, guarded by this object's monitor; the replay thread waits in pass().
        private int next;
        private boolean open;
        private int permits;
        private int target;
        private boolean atGate;
        volatile boolean seeking;
        volatile boolean stopped;
        volatile boolean ended;
        volatile String failure;
        /** Recorded events dispatched, and the index past the last one. */
        volatile long dispatched;
        private volatile int published;

        Session(int number) {
            ReplayRuntime r = ReplayRuntime.builder()
                    .speed(speed)
                    .registry(registry)
                    .config(config)
                    .addSource(new GatedSource())
                    .build();
            listeners.forEach(r::addListener);
            r.addProcess(system);
            components.accept(r);
            r.addInterface(this);
            r.pause();
            this.replay = r;
            this.thread = Thread.ofPlatform().daemon(true).name("bussdcc-timeline-run-" + number).unstarted(this::run);
        }

        @Override
        public String name() {
            return "bussdcc-timeline";
        }

        @Override
        public void handle(Context ctx, Event<?> event) {
            int last = next - 1; // written by this (the replay) thread only
            if (last >= 0 && log.get(last) == event) {
                published = last + 1;
                dispatched++;
            }
            if (!seeking) {
                forward(event);
            }
        }

        private void run() {
            try {
                String reason = replay.run().finishReason().orElse(ReplayRuntime.COMPLETE);
                if (!ReplayRuntime.COMPLETE.equals(reason) && !stopped) {
                    failure = "the replay ended before the end of the recording: " + reason;
                }
            } catch (Throwable e) {
                failure = "the replay failed: " + e.getMessage();
                LOG.log(Level.WARNING, failure, e);
            } finally {
                synchronized (this) {
                    ended = true;
                    seeking = false;
                    notifyAll();
                }
                ended(this);
            }
        }

        boolean failed() {
            return failure != null;
        }

        synchronized boolean playing() {
            return open && !ended;
        }

        synchronized int position() {
            if (ended && failure == null && !stopped) {
                return log.size();
            }
            return atGate ? next : published;
        }

        synchronized void open() {
            open = true;
            notifyAll();
        }

        synchronized void close() {
            open = false;
        }

        /** Waits until the run waits at the gate or has ended; {@code 0} = only look, {@code -1} = as long as it takes. */
        synchronized boolean awaitGate(long millis) {
            try {
                while (!atGate && !ended) {
                    if (millis == 0) {
                        return false;
                    }
                    wait();
                }
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return atGate || ended;
            }
        }

        /** From the gate: lets exactly one event through and waits until it was published. */
        void stepOnce() {
            int at;
            synchronized (this) {
                at = next;
                permits = 1;
                notifyAll();
            }
            replay.step();
            synchronized (this) {
                try {
                    while (!ended && !(atGate && next > at)) {
                        wait();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** From the gate: replays at max speed, unseen by viewers, up to {@code position}. */
        void fastForward(int position) {
            // The run waits at the gate, not in the clock: the clock can run free before the gate opens.
            replay.setSpeed(ReplayClock.MAX_SPEED);
            replay.resume();
            synchronized (this) {
                target = position;
                seeking = true;
                notifyAll();
            }
            synchronized (this) {
                try {
                    while (seeking && !ended) {
                        wait();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        void stop() {
            synchronized (this) {
                stopped = true;
                notifyAll();
            }
            replay.stop();
            try {
                if (!replay.awaitFinished(Duration.ofSeconds(30))) {
                    LOG.log(Level.WARNING, "a timeline run did not stop within 30 s; it is left behind");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** On the replay thread: whether event {@code next} may be handed out, waiting while the gate is shut. */
        synchronized boolean pass() {
            try {
                while (true) {
                    if (stopped) {
                        return false;
                    }
                    if (seeking && next >= target) {
                        seeking = false;
                        replay.pause();
                        replay.setSpeed(speed);
                        notifyAll();
                    }
                    if (next >= log.size()) {
                        return false;
                    }
                    if (seeking || open) {
                        return true;
                    }
                    if (permits > 0) {
                        permits--;
                        return true;
                    }
                    atGate = true;
                    notifyAll();
                    wait();
                    atGate = false;
                }
            } catch (InterruptedException e) {
                atGate = false;
                Thread.currentThread().interrupt();
                return false;
            }
        }

        synchronized Event<?> take() {
            return log.get(next++);
        }

        /** The log as the run's only source, through the gate. */
        private final class GatedSource implements io.bussdcc.api.EventSource {
            @Override
            public String describe() {
                return "timeline of " + log.size() + " recorded events";
            }

            @Override
            public Stream<Event<?>> open(Consumer<SourceProblem> problems) {
                Iterator<Event<?>> it = new Iterator<>() {
                    private Boolean ready;

                    @Override
                    public boolean hasNext() {
                        if (ready == null) {
                            ready = pass();
                        }
                        return ready;
                    }

                    @Override
                    public Event<?> next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        ready = null;
                        return take();
                    }
                };
                return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED), false);
            }

            @Override
            public OptionalLong knownSize() {
                return OptionalLong.of(log.size());
            }
        }
    }

    /** A viewer's subscription; it lives across runs. */
    private record ViewerSubscription<M extends Message>(Class<M> type, EventHandler<M> handler, boolean[] active)
            implements Subscription {
        @SuppressWarnings("unchecked")
        void deliver(Event<?> event) {
            if (active[0] && type.isInstance(event.payload())) {
                try {
                    handler.handle((Event<M>) event);
                } catch (Exception e) {
                    LOG.log(Level.WARNING, "a timeline viewer's subscriber failed on " + event + ": " + e, e);
                }
            }
        }

        @Override
        public void cancel() {
            active[0] = false;
        }

        @Override
        public boolean isActive() {
            return active[0];
        }
    }

    /** What viewers see: the current run, through the timeline. */
    private final class ViewerContext implements Context {
        private final Clock clock = new Clock() {
            @Override
            public Instant now() {
                return cursor().time();
            }

            @Override
            public long monotonic() {
                return wall.monotonic();
            }

            @Override
            public Duration uptime() {
                return wall.uptime();
            }

            @Override
            public boolean sleep(Duration duration, Cancellation cancel) {
                return wall.sleep(duration, cancel);
            }
        };

        @Override
        public Clock clock() {
            return clock;
        }

        @Override
        public StateStore state() {
            return session.replay.state();
        }

        @Override
        public Config config() {
            return config;
        }

        @Override
        public MessageTypeRegistry messageTypes() {
            return registry;
        }

        @Override
        public RuntimeMode mode() {
            return RuntimeMode.REPLAY;
        }

        @Override
        public String version() {
            return session.replay.context().version();
        }

        /** A viewer's message is not part of the recording: the listeners hear it as suppressed. */
        @Override
        public void emit(Message message) {
            Event<?> event = new Event<>(cursor().time(), message);
            for (ReplayListener l : listeners) {
                l.suppressed(new Origin(Origin.Kind.INTERFACE, "timeline viewer"), event);
            }
        }

        @Override
        public <M extends Message> Subscription subscribe(Class<M> type, EventHandler<M> handler) {
            ViewerSubscription<M> sub = new ViewerSubscription<>(type, handler, new boolean[] {true});
            viewerSubscriptions.add(sub);
            return sub;
        }

        @Override
        public ServiceControl services() {
            return session.system;
        }

        @Override
        public List<DeviceInfo> devices() {
            return session.system.devices();
        }

        @Override
        public <D> Optional<D> device(String id, Class<D> type) {
            return Optional.empty(); // the recording's devices are recorded lifecycle, not objects
        }

        @Override
        public void attachDevice(Device device) {
            throw new IllegalStateException("a replay's devices are the recording's; none can be attached");
        }

        @Override
        public boolean detachDevice(String id) {
            throw new IllegalStateException("a replay's devices are the recording's; none can be detached");
        }

        @Override
        public void requestShutdown(String reason) {
            Thread.ofPlatform().daemon(true).name("bussdcc-timeline-close").start(() -> close(reason));
        }

        @Override
        public void reportFailure(String reason) {
            LOG.log(Level.WARNING, "timeline viewer reported a failure: " + reason);
        }

        @Override
        public Map<String, Health> health() {
            return session.replay.context().health();
        }

        @Override
        public <T> T shared(Class<T> type, Function<? super Context, ? extends T> create) {
            synchronized (shared) {
                if (closeReason != null) {
                    throw new IllegalStateException("the timeline is closed");
                }
                Object o = shared.get(type);
                if (o == null) {
                    o = Objects.requireNonNull(create.apply(this), "create");
                    shared.put(type, o);
                }
                return type.cast(o);
            }
        }

        @Override
        public Optional<Timeline> timeline() {
            return Optional.of(ReplayTimeline.this);
        }
    }

    /** Settings of a {@link ReplayTimeline}. */
    public static final class Builder {
        private final EventSource source;
        private MessageTypeRegistry registry = MessageTypeRegistry.withBuiltins();
        private Config config = Config.empty();
        private double speed = 1.0;
        private Consumer<ReplayRuntime> components = r -> { };
        private final List<ReplayListener> listeners = new ArrayList<>();
        private final List<Process> viewers = new ArrayList<>();

        private Builder(EventSource source) {
            this.source = Objects.requireNonNull(source, "source");
        }

        /** The message types; the built-ins by default. Give the one the source decodes with. */
        public Builder registry(MessageTypeRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** Configuration the components read; empty by default. */
        public Builder config(Config config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** The speed to play at; 1 (real time) by default. See {@link Timeline#speed}. */
        public Builder speed(double speed) {
            this.speed = checkSpeed(speed);
            return this;
        }

        /**
         * Adds fresh components (processes, sinks, …) to each run; called once per run, so that
         * every run starts from the same state. Sinks that write files would write every run.
         */
        public Builder components(Consumer<ReplayRuntime> components) {
            this.components = Objects.requireNonNull(components, "components");
            return this;
        }

        /** Adds a listener to each run. */
        public Builder listener(ReplayListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Adds a viewer (the web interface): started once, with {@link #viewerContext()}. */
        public Builder viewer(Process viewer) {
            viewers.add(Objects.requireNonNull(viewer, "viewer"));
            return this;
        }

        /**
         * Reads the recording, starts the first run (paused before the first event) and the
         * viewers.
         *
         * @throws IOException if the source cannot be opened or holds no event
         * @throws Exception   what a viewer's start threw (the timeline is closed then)
         */
        public ReplayTimeline open() throws Exception {
            RecordedLog log = RecordedLog.read(source, registry, p -> listeners.forEach(l -> l.problem(p)));
            ReplayTimeline t = new ReplayTimeline(this, log);
            t.control.lock();
            try {
                t.session = t.newSession();
                t.settle(t.session);
            } finally {
                t.control.unlock();
            }
            try {
                t.startViewers();
            } catch (Exception e) {
                t.session.stop();
                throw e;
            }
            return t;
        }
    }
}
