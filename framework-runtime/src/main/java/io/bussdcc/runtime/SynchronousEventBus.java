package io.bussdcc.runtime;

import io.bussdcc.api.Event;
import io.bussdcc.api.EventBus;
import io.bussdcc.api.EventHandler;
import io.bussdcc.api.Message;
import io.bussdcc.api.Severity;
import io.bussdcc.api.Subscription;
import io.bussdcc.api.message.EventSubscriberError;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The event bus: synchronous, thread-safe, breadth-first.
 *
 * <p>Subscriptions are copied on write, so publishing takes no lock. For each payload class the
 * matching subscribers (those subscribed to the class or a supertype) are worked out once and
 * cached until the subscriptions change.
 *
 * <p>Each thread has its own delivery queue. The outermost {@code publish} on a thread drains
 * it; a {@code publish} from inside a handler only appends, so a cascade of any length runs in
 * a loop instead of on the stack.
 *
 * <p>A handler that throws is reported as an {@link EventSubscriberError} queued behind the
 * current event, stamped with the failing event's time — unless the failing event is itself of
 * severity {@code ERROR} or above, in which case the failure is counted and logged instead, so
 * failing error handlers cannot storm.
 */
final class SynchronousEventBus implements EventBus {

    private static final System.Logger LOG = System.getLogger(SynchronousEventBus.class.getName());

    private final Object writeLock = new Object();
    private volatile Routes routes = new Routes(new Subscriber<?>[0]);
    private final ThreadLocal<Delivery> delivery =
            ThreadLocal.withInitial(() -> register(new Delivery(Thread.currentThread())));
    // Every thread's delivery state, for awaitDeliveriesInProgress; those of ended threads are
    // dropped whenever the set has doubled since the last pruning.
    private final Set<Delivery> deliveries = ConcurrentHashMap.newKeySet();
    private final AtomicInteger pruneAt = new AtomicInteger(64);
    // The last publishing thread's delivery state: publishing mostly comes from one thread at a
    // time, and comparing a thread is cheaper than a ThreadLocal lookup. Racy by design (a plain
    // field; Delivery.thread is final, so a stale or foreign value is recognised) and a miss
    // only costs the ThreadLocal lookup.
    private Delivery lastDelivery = new Delivery(null);
    private final AtomicLong droppedFailures = new AtomicLong();
    private final EmitFilter failureFilter;

    /** A bus that reports every handler failure. */
    SynchronousEventBus() {
        this(null);
    }

    /**
     * A bus whose handler-failure reports pass {@code failureFilter} (as the runtime's own
     * emits) before they are published; a replay uses this to keep its own failures out of the
     * stream. {@code null} admits all.
     */
    SynchronousEventBus(EmitFilter failureFilter) {
        this.failureFilter = failureFilter;
    }

    @Override
    public void publish(Event<?> event) {
        Objects.requireNonNull(event, "event");
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
                deliver(next);
            } while ((next = d.queue.pollFirst()) != null);
        } finally {
            d.active = false;
            d.queue.clear();
            d.exit();
        }
    }

    @Override
    public <M extends Message> Subscription subscribe(Class<M> type, EventHandler<M> handler) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(handler, "handler");
        Subscriber<M> subscriber = new Subscriber<>(this, type, handler);
        synchronized (writeLock) {
            Subscriber<?>[] current = routes.all;
            Subscriber<?>[] next = Arrays.copyOf(current, current.length + 1);
            next[current.length] = subscriber;
            routes = new Routes(next);
        }
        return subscriber;
    }

    /**
     * Waits until every delivery that other threads had in progress when this was called has
     * ended, so that a handler the caller has just taken out of dispatch is no longer running
     * anywhere. Deliveries that start later are not waited for. The calling thread's own
     * delivery and those of the threads in {@code skip} are not waited for.
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
            deliveries.removeIf(other -> !other.thread.isAlive());
            pruneAt.set(Math.max(64, 2 * deliveries.size()));
        }
        return d;
    }

    /** How many handler failures were dropped because the failing event was an error itself. */
    long droppedFailures() {
        return droppedFailures.get();
    }

    private void unsubscribe(Subscriber<?> subscriber) {
        synchronized (writeLock) {
            List<Subscriber<?>> remaining = new ArrayList<>(Arrays.asList(routes.all));
            if (remaining.remove(subscriber)) {
                routes = new Routes(remaining.toArray(new Subscriber<?>[0]));
            }
        }
    }

    private void deliver(Event<?> event) {
        for (Subscriber<?> subscriber : routes.matching(event.payload().getClass())) {
            if (!subscriber.active) {
                continue;
            }
            try {
                subscriber.deliver(event);
            } catch (Throwable failure) {
                Failures.restoreInterrupt(failure);
                reportFailure(subscriber, event, failure);
            }
        }
    }

    private void reportFailure(Subscriber<?> subscriber, Event<?> event, Throwable failure) {
        if (event.severity().isAtLeast(Severity.ERROR)) {
            if (droppedFailures.getAndIncrement() == 0) {
                LOG.log(Level.WARNING, "A subscriber failed while handling an error event; such failures are "
                        + "counted, not reported as events (this is the first): " + subscriber, failure);
            }
            return;
        }
        EventSubscriberError error = new EventSubscriberError(
                event, subscriber.toString(), Failures.describe(failure), Failures.traceback(failure));
        if (failureFilter != null && !failureFilter.admit(Emitter.RUNTIME, error)) {
            return;
        }
        currentDelivery().queue.addLast(new Event<>(event.time(), error));
    }

    /** The subscribers, and per payload class the ones that match it. Immutable once built. */
    private static final class Routes {
        final Subscriber<?>[] all;
        private final ConcurrentHashMap<Class<?>, Subscriber<?>[]> byClass = new ConcurrentHashMap<>();

        Routes(Subscriber<?>[] all) {
            this.all = all;
        }

        // The last payload class and its subscribers: busy systems emit runs of one type. A plain
        // field holding an immutable record: racing threads see some valid match or a miss.
        private Match last = new Match(null, null);

        Subscriber<?>[] matching(Class<?> payloadClass) {
            Match m = last;
            if (m.type == payloadClass) {
                return m.subscribers;
            }
            Subscriber<?>[] found = byClass.get(payloadClass);
            if (found == null) {
                found = byClass.computeIfAbsent(payloadClass, this::select);
            }
            last = new Match(payloadClass, found);
            return found;
        }

        private record Match(Class<?> type, Subscriber<?>[] subscribers) {}

        // A plain loop: the first event of each type comes here, and a cold stream pipeline
        // costs a fresh JVM far more than the loop.
        private Subscriber<?>[] select(Class<?> payloadClass) {
            Subscriber<?>[] found = new Subscriber<?>[all.length];
            int n = 0;
            for (Subscriber<?> s : all) {
                if (s.type.isAssignableFrom(payloadClass)) {
                    found[n++] = s;
                }
            }
            return Arrays.copyOf(found, n);
        }
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
        // Odd while this thread delivers. Only the thread writes it; entering is a volatile
        // write, so that whoever reads an even epoch afterwards knows this thread will see
        // what was published before that read (a handler taken out of dispatch, a gate closed).
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

    private static final class Subscriber<M extends Message> implements Subscription {
        private final SynchronousEventBus bus;
        final Class<M> type;
        private final EventHandler<M> handler;
        volatile boolean active = true;

        Subscriber(SynchronousEventBus bus, Class<M> type, EventHandler<M> handler) {
            this.bus = bus;
            this.type = type;
            this.handler = handler;
        }

        @SuppressWarnings("unchecked") // routes only hand this subscriber events whose payload is an M
        void deliver(Event<?> event) throws Exception {
            handler.handle((Event<M>) event);
        }

        @Override
        public void cancel() {
            if (active) {
                active = false;
                bus.unsubscribe(this);
            }
        }

        @Override
        public boolean isActive() {
            return active;
        }

        @Override
        public String toString() {
            return "handler of " + type.getSimpleName() + " (" + handler.getClass().getName() + ")";
        }
    }
}
