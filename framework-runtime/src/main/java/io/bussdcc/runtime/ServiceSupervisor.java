package io.bussdcc.runtime;

import io.bussdcc.api.Cancellation;
import io.bussdcc.api.Clock;
import io.bussdcc.api.Event;
import io.bussdcc.api.Message;
import io.bussdcc.api.Service;
import io.bussdcc.api.ServiceControl;
import io.bussdcc.api.ServiceInfo;
import io.bussdcc.api.ServiceState;
import io.bussdcc.api.message.ServiceError;
import io.bussdcc.api.message.ServiceFailure;
import io.bussdcc.api.message.ServiceRestart;
import io.bussdcc.api.message.ServiceStarted;
import io.bussdcc.api.message.ServiceStopped;
import io.bussdcc.runtime.replay.VirtualTimeServices;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs services and applies their failure policies.
 *
 * <p>Live, each running service has its own platform thread (daemon, named
 * {@code bussdcc-service-NAME}): services are few, may block in device I/O, and a platform
 * thread shows up plainly in a thread dump. A service's {@code start} runs on the thread that
 * starts it (the boot thread at boot); its thread then calls {@code tick} at a fixed rate —
 * {@code start + k × interval}; a tick that overruns its interval delays the next one rather
 * than causing a burst — and {@code stop} when the run ends. With virtual time there are no
 * threads: the replay driver calls {@link #runDue} (see {@link VirtualTimeServices}).
 *
 * <p>A failing step emits {@link ServiceError}; then a critical service emits
 * {@link ServiceFailure} and hands the failure to its {@link ServiceHost}, a restarting service emits
 * {@link ServiceRestart} and waits {@code max(interval, backoff(n))} for its n-th consecutive
 * failure, and any other service stops.
 */
final class ServiceSupervisor implements ServiceControl, VirtualTimeServices {

    private static final System.Logger LOG = System.getLogger(ServiceSupervisor.class.getName());

    private final ServiceHost host;
    private final Clock clock;
    private final RestartBackoff backoff;
    private final Duration stopTimeout;
    private final boolean virtualTime;
    // Threads blocked in stop(): a handler that stops a service is not waited for by it.
    private final Set<Thread> stoppers = ConcurrentHashMap.newKeySet();

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Set<Thread> serviceThreads = ConcurrentHashMap.newKeySet();
    // Services with a run in progress (for the virtual-time driver), and those of them whose
    // start() has returned (for dispatch: a service sees events only once it has started).
    private volatile Entry[] active = new Entry[0];
    private volatile Entry[] running = new Entry[0];
    private volatile boolean accepting;

    ServiceSupervisor(ServiceHost host, Clock clock, RestartBackoff backoff, Duration stopTimeout, boolean virtualTime) {
        this.host = host;
        this.clock = clock;
        this.backoff = backoff;
        this.stopTimeout = stopTimeout;
        this.virtualTime = virtualTime;
    }

    void register(Service service, ComponentContext context) {
        Duration interval = service.interval();
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("service '" + service.name() + "' has interval " + interval
                    + "; a service's interval must be positive");
        }
        lock.lock();
        try {
            if (entries.containsKey(service.name())) {
                throw new IllegalArgumentException("a service named '" + service.name() + "' is already added");
            }
            entries.put(service.name(), new Entry(service, interval, context));
        } finally {
            lock.unlock();
        }
    }

    /** Starts every enabled service, in registration order. */
    void bootAll() {
        accepting = true;
        for (Entry entry : entriesInOrder()) {
            if (entry.enabled) {
                start(entry);
            }
        }
    }

    /** Stops every running service, last registered first, and refuses further starts. */
    void stopAll() {
        accepting = false;
        List<Entry> all = entriesInOrder();
        for (int i = all.size() - 1; i >= 0; i--) {
            stop(all.get(i));
        }
    }

    /** The running services, for dispatch of events to their event side. */
    Entry[] running() {
        return running;
    }

    boolean isServiceThread(Thread thread) {
        return serviceThreads.contains(thread);
    }

    // ---- ServiceControl ----------------------------------------------------------------

    @Override
    public List<ServiceInfo> list() {
        return entriesInOrder().stream().map(Entry::info).toList();
    }

    @Override
    public Optional<ServiceInfo> info(String name) {
        lock.lock();
        try {
            return Optional.ofNullable(entries.get(name)).map(Entry::info);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void start(String name) {
        Entry entry = entry(name);
        if (!accepting) {
            throw new IllegalStateException("cannot start service '" + name + "': the runtime is not running");
        }
        if (!entry.enabled) {
            throw new IllegalStateException("cannot start service '" + name + "': it is disabled; enable it first");
        }
        start(entry);
    }

    @Override
    public void stop(String name) {
        stop(entry(name));
    }

    @Override
    public void enable(String name) {
        entry(name).enabled = true;
    }

    @Override
    public void disable(String name) {
        Entry entry = entry(name);
        entry.enabled = false;
        stop(entry);
    }

    // ---- VirtualTimeServices -----------------------------------------------------------

    @Override
    public Optional<Instant> nextDue() {
        return Arrays.stream(active).map(e -> e.run).filter(r -> r != null && r.due != null)
                .map(r -> r.due).min(Comparator.naturalOrder());
    }

    @Override
    public void runDue(Instant now) {
        if (!virtualTime) {
            throw new IllegalStateException("services run on threads in this runtime, not on virtual time");
        }
        while (true) {
            Run next = null;
            for (Entry entry : active) { // registration order: the first of equal instants wins
                Run run = entry.run;
                if (run != null && run.due != null && !run.due.isAfter(now)
                        && (next == null || run.due.isBefore(next.due))) {
                    next = run;
                }
            }
            if (next == null) {
                return;
            }
            Duration delay = step(next);
            if (delay == null) {
                next.due = null;
                finish(next);
            } else {
                next.due = next.due.plus(delay);
            }
        }
    }

    // ---- running ----------------------------------------------------------------------

    /**
     * Starts a run: the service's {@code start} runs here, on the caller's thread (at boot, the
     * boot thread), so that {@code ServiceStarted} means started, comes in registration order,
     * and the service sees no event before its {@code start} has returned. Ticks then run on the
     * service's own thread (or on virtual time). A {@code start} that throws is a failure like a
     * failing tick: a restarting service tries it again after its back-off.
     */
    private void start(Entry entry) {
        Run run;
        lock.lock();
        try {
            if (!accepting || !entry.enabled || entry.run != null) {
                return;
            }
            run = new Run(entry);
            entry.run = run;
            entry.state = ServiceState.RUNNING;
            updateRunning();
        } finally {
            lock.unlock();
        }
        Duration firstDelay;
        try {
            begin(run);
            firstDelay = Duration.ZERO;
        } catch (Throwable failure) {
            Failures.restoreInterrupt(failure);
            firstDelay = failed(run, failure);
        }
        if (firstDelay == null) {
            finish(run);
        } else if (virtualTime) {
            run.due = clock.now().plus(firstDelay);
        } else {
            Duration delay = firstDelay;
            Thread thread = Thread.ofPlatform().daemon().name("bussdcc-service-" + entry.name())
                    .unstarted(() -> runThreaded(run, delay));
            run.thread = thread;
            serviceThreads.add(thread);
            thread.start();
        }
    }

    /** Calls the service's {@code start}; once it returns, the service is dispatched to and reported started. */
    private void begin(Run run) throws Exception {
        Entry entry = run.entry;
        entry.service.start(entry.context);
        run.started = true;
        lock.lock();
        try {
            updateRunning();
        } finally {
            lock.unlock();
        }
        host.report(new ServiceStarted(entry.name()));
    }

    private void stop(Entry entry) {
        Run run;
        lock.lock();
        try {
            run = entry.run;
        } finally {
            lock.unlock();
        }
        if (run == null) {
            return;
        }
        Thread me = Thread.currentThread();
        boolean added = stoppers.add(me); // before cancelling: the run's end must not wait for this thread
        try {
            run.cancel.cancel();
            Thread thread = run.thread;
            if (thread == null) {
                finish(run);
                return;
            }
            if (thread == me) {
                return; // the service stops itself: its loop ends after this step and finishes the run
            }
            if (!join(thread, stopTimeout)) {
                thread.interrupt();
                if (!join(thread, Duration.ofMillis(500))) {
                    LOG.log(Level.WARNING, "service ''{0}'' did not stop within {1}; its thread is abandoned",
                            entry.name(), stopTimeout);
                    finish(run);
                }
            }
        } finally {
            if (added) {
                stoppers.remove(me);
            }
        }
    }

    private void runThreaded(Run run, Duration firstDelay) {
        try {
            if (!firstDelay.isZero() && clock.sleep(firstDelay, run.cancel)) {
                return; // stopped while waiting to retry a failed start
            }
            long next = clock.monotonic();
            while (!run.cancel.isCancelled()) {
                Duration delay = step(run);
                if (delay == null || run.cancel.isCancelled()) {
                    break;
                }
                if (!run.cancel.isCancelled()) {
                    // This thread is ours: an interrupt we did not send (a step that threw
                    // InterruptedException, or left the flag set) must not end the run in the
                    // wait below, as ThreadPoolExecutor clears one between tasks. stop() cancels
                    // before it interrupts, and the wait returns at once on a cancelled run.
                    Thread.interrupted();
                }
                long now = clock.monotonic();
                next = run.failures == 0 ? next + delay.toNanos() : now + delay.toNanos();
                if (next < now) {
                    next = now; // overran: go on at once, but do not replay the missed ticks
                }
                if (clock.sleep(Duration.ofNanos(next - now), run.cancel)) {
                    break;
                }
            }
        } finally {
            finish(run);
            serviceThreads.remove(Thread.currentThread());
        }
    }

    /** Runs one step (the start again, if it failed before, then a tick); the delay to the next, or null when the run ends. */
    private Duration step(Run run) {
        Entry entry = run.entry;
        try {
            if (!run.started) {
                begin(run);
            }
            entry.service.tick(entry.context);
            run.failures = 0;
            entry.state = ServiceState.RUNNING;
            return entry.interval;
        } catch (Throwable failure) {
            Failures.restoreInterrupt(failure);
            return failed(run, failure);
        }
    }

    private Duration failed(Run run, Throwable failure) {
        Entry entry = run.entry;
        String error = Failures.describe(failure);
        String traceback = Failures.traceback(failure);
        entry.lastError = error;
        host.report(new ServiceError(entry.name(), error, null, traceback));
        if (run.cancel.isCancelled()) {
            return null;
        }
        if (entry.service.critical()) {
            entry.state = ServiceState.FAILED;
            host.report(new ServiceFailure(entry.name(), error, traceback));
            host.criticalFailure("critical service '" + entry.name() + "' failed: " + error);
            return null;
        }
        if (!entry.service.restartOnFailure()) {
            entry.state = ServiceState.FAILED;
            return null;
        }
        run.failures++;
        entry.restarts++;
        entry.state = ServiceState.BACKING_OFF;
        host.report(new ServiceRestart(entry.name()));
        Duration wait = backoff.delay(run.failures);
        return wait.compareTo(entry.interval) > 0 ? wait : entry.interval;
    }

    /** Ends a run exactly once: out of dispatch, the service's {@code stop}, {@code ServiceStopped}. */
    private void finish(Run run) {
        if (!run.finished.compareAndSet(false, true)) {
            return;
        }
        Entry entry = run.entry;
        lock.lock();
        try {
            if (entry.run == run) {
                entry.run = null;
            }
            updateRunning();
        } finally {
            lock.unlock();
        }
        if (run.started) {
            host.awaitHandlers(entry.name(), stoppers);
            try {
                entry.service.stop(entry.context);
            } catch (Throwable failure) {
                Failures.restoreInterrupt(failure);
                entry.lastError = Failures.describe(failure);
                host.report(new ServiceError(entry.name(), entry.lastError, null, Failures.traceback(failure)));
            }
            entry.context.endSubscriptions();
        }
        if (entry.state != ServiceState.FAILED) {
            entry.state = ServiceState.STOPPED;
        }
        if (run.started) {
            host.report(new ServiceStopped(entry.name()));
        }
    }

    /** Recomputes {@link #active} and {@link #running}; the caller holds the lock. */
    private void updateRunning() {
        active = entries.values().stream().filter(e -> e.run != null).toArray(Entry[]::new);
        running = Arrays.stream(active).filter(e -> e.run.started).toArray(Entry[]::new);
    }

    private List<Entry> entriesInOrder() {
        lock.lock();
        try {
            return new ArrayList<>(entries.values());
        } finally {
            lock.unlock();
        }
    }

    private Entry entry(String name) {
        lock.lock();
        try {
            Entry entry = entries.get(name);
            if (entry == null) {
                throw new NoSuchElementException("no service named '" + name + "'; services: " + entries.keySet());
            }
            return entry;
        } finally {
            lock.unlock();
        }
    }

    private static boolean join(Thread thread, Duration timeout) {
        try {
            return thread.join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !thread.isAlive();
        }
    }

    /** One registered service and its supervision state; dispatched to while it runs. */
    static final class Entry implements Receiver {
        final Service service;
        final Duration interval;
        final ComponentContext context;
        volatile boolean enabled;
        volatile ServiceState state = ServiceState.STOPPED;
        volatile long restarts;
        volatile String lastError;
        volatile Run run; // written under the supervisor's lock

        Entry(Service service, Duration interval, ComponentContext context) {
            this.service = service;
            this.interval = interval;
            this.context = context;
            this.enabled = service.enabledAtBoot();
        }

        String name() {
            return service.name();
        }

        @Override
        public void receive(Event<?> event) throws Exception {
            service.handle(context, event);
        }

        @Override
        public Message failureReport(Event<?> event, Throwable failure) {
            return new ServiceError(name(), Failures.describe(failure), event, Failures.traceback(failure));
        }

        @Override
        public String describe() {
            return "service '" + name() + "'";
        }

        ServiceInfo info() {
            return new ServiceInfo(name(), state, enabled, interval, service.restartOnFailure(), service.critical(),
                    restarts, lastError);
        }
    }

    /** One run of a service, from start to stop. */
    private static final class Run {
        final Entry entry;
        final Cancellation cancel = new Cancellation();
        final AtomicBoolean finished = new AtomicBoolean();
        volatile Thread thread;
        volatile boolean started;
        int failures;
        Instant due; // virtual time only

        Run(Entry entry) {
            this.entry = entry;
        }
    }
}
