package io.bussdcc.runtime;

import io.bussdcc.api.Clock;
import io.bussdcc.api.Event;
import io.bussdcc.api.EventBus;
import io.bussdcc.api.EventCounts;
import io.bussdcc.api.EventHandler;
import io.bussdcc.api.Message;
import io.bussdcc.api.Severity;
import io.bussdcc.api.Subscription;
import io.bussdcc.runtime.replay.EmitFilter;
import io.bussdcc.runtime.replay.Emitter;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Takes every event from emit to its receivers: the gate (no event before boot, none after
 * shutdown but {@code RuntimeShutdown}), the emit filter, the clock's stamp, then delivery on
 * the emitting thread to the sinks, processes, interfaces, running services and bus
 * subscribers, in that order. It holds the one failure rule: a receiver's failure becomes its
 * report event — unless the failing event is itself an error, or the last event, in which case
 * it is counted and logged, so that errors cannot storm.
 *
 * <p>Each thread has its own delivery queue: the outermost delivery on a thread drains it, an
 * emit from inside a handler only appends, so a cascade runs breadth-first in a loop, never on
 * the stack.
 *
 * <p>Every delivered event is counted by type and severity in its thread's {@link EventTally}
 * (the runtime telemetry); {@link #eventCounts} sums them, with those of ended threads.
 */
final class Dispatcher implements EventBus {

    private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());
    private static final Receiver[] NONE = new Receiver[0];

    /** Whether events pass: not yet, yes, or no more (but the last event). */
    enum Gate { BEFORE_BOOT, OPEN, CLOSED }

    private final Clock clock;
    private final EmitFilter filter;
    private final Subscriptions subscriptions = new Subscriptions();
    private volatile Gate gate = Gate.BEFORE_BOOT;
    // RuntimeShutdown: once the gate is closed, the only event still delivered.
    private volatile Event<?> lastEvent;

    // What delivery reaches, grown as components start and shrunk as they stop.
    private volatile Receiver[] sinks = NONE;
    private volatile Receiver[] processes = NONE;
    private volatile Receiver[] interfaces = NONE;
    private ServiceSupervisor services;

    private final AtomicLong droppedFailures = new AtomicLong();
    private final AtomicLong droppedAfterShutdown = new AtomicLong();

    private final ThreadLocal<Delivery> delivery =
            ThreadLocal.withInitial(() -> register(new Delivery(Thread.currentThread())));
    // Every thread's delivery state, for awaitDeliveriesInProgress; those of ended threads are
    // dropped whenever the set has doubled since the last pruning.
    private final Set<Delivery> deliveries = ConcurrentHashMap.newKeySet();
    private final AtomicInteger pruneAt = new AtomicInteger(64);
    // The counts of threads pruned from deliveries; replaced, never changed, under tallyLock.
    private final Object tallyLock = new Object();
    private EventTally endedThreads = new EventTally();
    // The last emitting thread's delivery state: emits mostly come from one thread at a time, and
    // comparing a thread is cheaper than a ThreadLocal lookup. Racy by design (a plain field;
    // Delivery.thread is final, so a stale or foreign value is recognised); a miss only costs
    // the ThreadLocal lookup.
    private Delivery lastDelivery = new Delivery(null);

    /** A dispatcher stamping with {@code clock}; {@code filter} may be null (admits all). */
    Dispatcher(Clock clock, EmitFilter filter) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.filter = filter;
    }

    // ---- what is delivered to, set by the lifecycle -------------------------------------

    void services(ServiceSupervisor services) {
        this.services = services;
    }

    void sinks(Receiver[] active) {
        sinks = active;
    }

    void processes(Receiver[] active) {
        processes = active;
    }

    void interfaces(Receiver[] active) {
        interfaces = active;
    }

    void open() {
        gate = Gate.OPEN;
    }

    /** From here on emits are dropped; only {@link #emitLast} still reaches the receivers. */
    void close() {
        gate = Gate.CLOSED;
    }

    // ---- emitting ------------------------------------------------------------------------

    /** Emits {@code message} from {@code emitter}, stamped with the clock's time. */
    void emit(Emitter emitter, Message message) {
        Objects.requireNonNull(message, "message");
        if (!accepting()) {
            return;
        }
        if (filter != null && !filter.admit(emitter, message)) {
            return;
        }
        deliver(new Event<>(clock.now(), message));
    }

    /** Delivers an event that already has its time (a recorded one); dropped unless the gate is open. */
    @Override
    public void publish(Event<?> event) {
        Objects.requireNonNull(event, "event");
        if (accepting()) {
            deliver(event);
        }
    }

    /** Emits the last event receivers get, as the runtime; the gate must be closed. */
    void emitLast(Message last) {
        if (filter != null && !filter.admit(Emitter.RUNTIME, last)) {
            return;
        }
        Event<?> event = new Event<>(clock.now(), last);
        lastEvent = event;
        deliver(event);
    }

    @Override
    public <M extends Message> Subscription subscribe(Class<M> type, EventHandler<M> handler) {
        return subscriptions.add(type, handler);
    }

    private boolean accepting() {
        Gate g = gate;
        if (g == Gate.OPEN) {
            return true;
        }
        if (g == Gate.BEFORE_BOOT) {
            throw new IllegalStateException("cannot emit before the runtime has booted");
        }
        if (droppedAfterShutdown.getAndIncrement() == 0) {
            LOG.log(Level.DEBUG, "events emitted after shutdown are dropped (this is the first)");
        }
        return false;
    }

    // ---- delivery --------------------------------------------------------------------------

    private void deliver(Event<?> event) {
        Delivery d = currentDelivery();
        if (d.active) {
            d.queue.addLast(event);
            return;
        }
        d.active = true;
        d.enter();
        try {
            Event<?> next = event;
            do {
                deliverNow(d, next);
            } while ((next = d.queue.pollFirst()) != null);
        } finally {
            d.active = false;
            d.queue.clear();
            d.exit();
        }
    }

    private void deliverNow(Delivery d, Event<?> event) {
        if (gate == Gate.CLOSED && event != lastEvent) {
            return; // queued before the gate closed: nothing follows RuntimeShutdown
        }
        try {
            d.tally.count(event.payload());
        } catch (RuntimeException severityFailed) {
            // a message's severity() threw: the event is still delivered (its receivers will meet it)
            LOG.log(Level.DEBUG, "an event could not be counted", severityFailed);
        }
        deliverTo(sinks, event);
        deliverTo(processes, event);
        deliverTo(interfaces, event);
        ServiceSupervisor s = services;
        if (s != null) {
            deliverTo(s.running(), event);
        }
        for (Subscriptions.Subscriber<?> subscriber : subscriptions.matching(event.payload().getClass())) {
            if (subscriber.active) {
                deliverTo(subscriber, event);
            }
        }
    }

    private void deliverTo(Receiver[] receivers, Event<?> event) {
        for (Receiver receiver : receivers) {
            deliverTo(receiver, event);
        }
    }

    private void deliverTo(Receiver receiver, Event<?> event) {
        try {
            receiver.receive(event);
        } catch (Throwable failure) {
            Failures.restoreInterrupt(failure);
            if (reportable(event, receiver, failure)) {
                emit(Emitter.RUNTIME, receiver.failureReport(event, failure));
            }
        }
    }

    /** The no-error-storm rule: a failure while handling an error, or the last event, is counted and logged. */
    private boolean reportable(Event<?> event, Receiver receiver, Throwable failure) {
        if (gate == Gate.CLOSED) {
            // handling RuntimeShutdown: nothing may follow it, so the failure is only logged
            LOG.log(Level.WARNING, receiver.describe() + " failed while handling "
                    + event.payload().getClass().getSimpleName() + " at the end of the shutdown", failure);
            return false;
        }
        if (!event.severity().isAtLeast(Severity.ERROR)) {
            return true;
        }
        if (droppedFailures.getAndIncrement() == 0) {
            LOG.log(Level.WARNING, receiver.describe() + " failed while handling an error event; such failures are "
                    + "counted, not reported as events (this is the first)", failure);
        }
        return false;
    }

    /** How many receiver failures were counted instead of reported (failures while handling errors). */
    long droppedFailures() {
        return droppedFailures.get();
    }

    /**
     * Waits until every delivery that other threads had in progress when this was called has
     * ended, so that a receiver the caller has just taken out of dispatch is no longer running
     * anywhere. Deliveries that start later are not waited for, nor the calling thread's own,
     * nor those of the threads in {@code skip}.
     *
     * @return null, or the thread still delivering when {@code timeout} passed (a handler that blocks)
     */
    Thread awaitDeliveriesInProgress(Duration timeout, Set<Thread> skip) {
        Thread me = Thread.currentThread();
        // Saturating: a timeout past Long.MAX_VALUE ns waits without limit (the deadline test below is overflow-safe).
        long deadline = System.nanoTime() + TimeUnit.NANOSECONDS.convert(timeout);
        for (Delivery d : deliveries) {
            if (d.thread == me || skip.contains(d.thread)) {
                continue;
            }
            long epoch = d.epoch();
            if ((epoch & 1) == 0) {
                continue; // not delivering
            }
            for (int spins = 0; d.epoch() == epoch && !skip.contains(d.thread); spins++) {
                if (System.nanoTime() - deadline > 0) {
                    return d.thread;
                }
                if (spins < 200) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(20_000);
                }
            }
        }
        return null;
    }

    /**
     * The events delivered so far, per type (named by {@code namer}) and severity: every thread's
     * count up to its last store that this thread sees, and those of ended threads.
     */
    EventCounts eventCounts(Function<Class<?>, String> namer) {
        synchronized (tallyLock) {
            List<EventTally> tallies = new ArrayList<>();
            tallies.add(endedThreads);
            for (Delivery d : deliveries) {
                tallies.add(d.tally);
            }
            return EventTally.sum(tallies, namer);
        }
    }

    /** Whether the calling thread is delivering an event right now (a handler is running). */
    boolean isDelivering() {
        return currentDelivery().active;
    }

    private Delivery currentDelivery() {
        Thread current = Thread.currentThread();
        Delivery d = lastDelivery;
        if (d.thread != current) {
            d = delivery.get();
            lastDelivery = d;
        }
        return d;
    }

    private Delivery register(Delivery d) {
        deliveries.add(d);
        int limit = pruneAt.get();
        if (deliveries.size() > limit && pruneAt.compareAndSet(limit, Integer.MAX_VALUE)) {
            synchronized (tallyLock) { // an ended thread's counts move to endedThreads, counted once
                List<EventTally> ended = new ArrayList<>();
                ended.add(endedThreads);
                for (Delivery other : deliveries) {
                    if (!other.thread.isAlive()) {
                        ended.add(other.tally);
                        deliveries.remove(other);
                    }
                }
                endedThreads = EventTally.merged(ended);
            }
            pruneAt.set(Math.max(64, 2 * deliveries.size()));
        }
        return d;
    }

    /** Per-thread delivery state: whether a handler is running, and what it emitted meanwhile. */
    private static final class Delivery {
        private static final VarHandle EPOCH;

        static {
            try {
                EPOCH = MethodHandles.lookup().findVarHandle(Delivery.class, "epoch", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final Thread thread;
        boolean active;
        final ArrayDeque<Event<?>> queue = new ArrayDeque<>();
        final EventTally tally = new EventTally();
        // Odd while this thread delivers. Only the thread writes it; entering is a volatile
        // write, so that whoever reads an even epoch afterwards knows this thread will see
        // what was published before that read (a receiver taken out of dispatch, a gate closed).
        private long epoch;

        Delivery(Thread thread) {
            this.thread = thread;
        }

        void enter() {
            EPOCH.setVolatile(this, epoch + 1);
        }

        void exit() {
            EPOCH.setRelease(this, epoch + 1);
        }

        long epoch() {
            return (long) EPOCH.getVolatile(this);
        }
    }
}
