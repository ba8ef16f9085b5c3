package io.bussdcc.runtime;

import io.bussdcc.api.Event;
import io.bussdcc.api.EventHandler;
import io.bussdcc.api.Message;
import io.bussdcc.api.Subscription;
import io.bussdcc.api.message.EventSubscriberError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bus subscriptions: copied on write, so that delivery takes no lock; for each payload
 * class the matching subscribers (subscribed to the class or a supertype) are worked out once
 * and cached until the subscriptions change.
 */
final class Subscriptions {

    private final Object writeLock = new Object();
    private volatile Routes routes = new Routes(new Subscriber<?>[0]);

    <M extends Message> Subscription add(Class<M> type, EventHandler<M> handler) {
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

    /** The subscribers of events with this payload class, in subscription order. */
    Subscriber<?>[] matching(Class<?> payloadClass) {
        return routes.matching(payloadClass);
    }

    private void remove(Subscriber<?> subscriber) {
        synchronized (writeLock) {
            List<Subscriber<?>> remaining = new ArrayList<>(Arrays.asList(routes.all));
            if (remaining.remove(subscriber)) {
                routes = new Routes(remaining.toArray(new Subscriber<?>[0]));
            }
        }
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

    static final class Subscriber<M extends Message> implements Subscription, Receiver {
        private final Subscriptions owner;
        final Class<M> type;
        private final EventHandler<M> handler;
        volatile boolean active = true;

        Subscriber(Subscriptions owner, Class<M> type, EventHandler<M> handler) {
            this.owner = owner;
            this.type = type;
            this.handler = handler;
        }

        @SuppressWarnings("unchecked") // routes only hand this subscriber events whose payload is an M
        @Override
        public void receive(Event<?> event) throws Exception {
            handler.handle((Event<M>) event);
        }

        @Override
        public Message failureReport(Event<?> event, Throwable failure) {
            return new EventSubscriberError(event, toString(), Failures.describe(failure), Failures.traceback(failure));
        }

        @Override
        public String describe() {
            return "subscriber " + this;
        }

        @Override
        public void cancel() {
            if (active) {
                active = false;
                owner.remove(this);
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
