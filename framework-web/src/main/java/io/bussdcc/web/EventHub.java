package io.bussdcc.web;

import io.bussdcc.api.Event;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.codec.EventCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fans events out to the WebSocket connections. {@link #publish} runs on the emitting thread
 * and only looks up and enqueues; each event is turned into JSON at most once, lazily, by the
 * first connection's sender that sends it.
 *
 * <p>Routing: the connections whose type patterns accept a type name are kept per name
 * ({@link #routes}), so an event costs one hash lookup and then work only for the connections
 * it goes to, however many patterns they hold. A connection's patterns are matched against the
 * known names when it joins or resubscribes (on its own Helidon thread), and a name seen for the
 * first time is matched against every connection once.
 */
final class EventHub {

    private final MessageTypeRegistry types;
    private final EventCodec codec;
    private final int queueSize;
    private final AtomicLong ids = new AtomicLong();
    private final Object lock = new Object();
    // Copy-on-write: publish() iterates without locking.
    private volatile EventConnection[] connections = new EventConnection[0];
    private volatile boolean closed;
    private final AtomicInteger senders;
    private final int maxConnections;
    private final LongAdder dropped = new LongAdder();
    /**
     * Payload class → its type name and the connections whose patterns accept it; keyed by class
     * so that an event costs no name lookup. Changed under {@link #lock}.
     */
    private final ConcurrentHashMap<Class<?>, Route> routes = new ConcurrentHashMap<>();
    /** Past this many payload classes, further ones are matched per event instead of kept. */
    static final int MAX_ROUTED_TYPES = 4096;

    /** {@code senders} counts the connections' sender threads alive, across the hubs of one interface. */
    EventHub(MessageTypeRegistry types, EventCodec codec, int queueSize, AtomicInteger senders, int maxConnections) {
        this.maxConnections = maxConnections;
        this.types = types;
        this.codec = codec;
        this.queueSize = queueSize;
        this.senders = senders;
    }

    AtomicInteger senders() {
        return senders;
    }

    int queueSize() {
        return queueSize;
    }

    long nextId() {
        return ids.incrementAndGet();
    }

    /** Hands {@code event} to every connection whose subscription matches. */
    void publish(Event<?> event) {
        EventConnection[] all = connections;
        if (all.length == 0) {
            return;
        }
        Route route = routes.get(event.payload().getClass());
        if (route == null) {
            route = route(event.payload().getClass(), types.nameOf(event.payload()));
        }
        Pushed pushed = null;
        for (EventConnection c : route.targets) {
            if (c.wants(event.severity())) {
                if (pushed == null) {
                    pushed = new Pushed(event, route.type, this);
                }
                c.offer(pushed);
            }
        }
    }

    /**
     * Hands a message of the server's own ({@code {"op":"replay",…}}) to every connection,
     * whatever its subscription, through the same bounded queues as events.
     */
    void broadcast(String json) {
        Pushed pushed = new Pushed(json);
        for (EventConnection c : connections) {
            if (!c.isClosed()) {
                c.offer(pushed);
            }
        }
    }

    /** Where events of a payload class go. */
    private record Route(String type, EventConnection[] targets) {
        Route with(EventConnection[] next) {
            return next == targets ? this : new Route(type, next);
        }
    }

    /** The connections accepting {@code type}, matched now and kept (up to {@link #MAX_ROUTED_TYPES} classes). */
    private Route route(Class<?> payload, String type) {
        synchronized (lock) {
            Route r = routes.get(payload);
            if (r != null) {
                return r;
            }
            r = new Route(type, Arrays.stream(connections).filter(c -> c.acceptsType(type)).toArray(EventConnection[]::new));
            if (routes.size() < MAX_ROUTED_TYPES) {
                routes.put(payload, r);
            }
            return r;
        }
    }

    /** Why a connection cannot join — the hub is closed, or full — or null when it joined. */
    String add(EventConnection c) {
        synchronized (lock) {
            if (closed) {
                return "server stopping";
            }
            if (connections.length >= maxConnections) {
                return "too many connections (at most " + maxConnections + ")";
            }
            EventConnection[] next = Arrays.copyOf(connections, connections.length + 1);
            next[next.length - 1] = c;
            connections = next;
            reroute(c);
            return null;
        }
    }

    /** Re-matches {@code c} against the known type names after its patterns changed. */
    void resubscribed(EventConnection c) {
        synchronized (lock) {
            if (Arrays.asList(connections).contains(c)) {
                reroute(c);
            }
        }
    }

    void remove(EventConnection c) {
        synchronized (lock) {
            int before = connections.length;
            connections = Arrays.stream(connections).filter(x -> x != c).toArray(EventConnection[]::new);
            if (connections.length != before) {
                routes.replaceAll((payload, r) -> r.with(without(r.targets, c)));
            }
        }
    }

    /** Puts {@code c} in or out of every kept route, as its patterns say; under {@link #lock}. */
    private void reroute(EventConnection c) {
        routes.replaceAll((payload, route) -> {
            EventConnection[] r = route.targets;
            boolean in = Arrays.asList(r).contains(c);
            boolean wanted = c.acceptsType(route.type);
            if (in == wanted) {
                return route;
            }
            if (wanted) {
                EventConnection[] next = Arrays.copyOf(r, r.length + 1);
                next[r.length] = c;
                return route.with(next);
            }
            return route.with(without(r, c));
        });
    }

    private static EventConnection[] without(EventConnection[] r, EventConnection c) {
        for (EventConnection x : r) {
            if (x == c) {
                return Arrays.stream(r).filter(y -> y != c).toArray(EventConnection[]::new);
            }
        }
        return r;
    }

    /** How often the connections' patterns were matched against a type name, over all connections now here. */
    long typeChecks() {
        long n = 0;
        for (EventConnection c : connections) {
            n += c.typeChecks();
        }
        return n;
    }

    boolean full() {
        return connections.length >= maxConnections;
    }

    int size() {
        return connections.length;
    }

    /** Counts an event dropped from a client's full queue (for /metrics: connections come and go). */
    void countDropped() {
        dropped.increment();
    }

    /** Events dropped from clients' full queues since the start, by every connection there was. */
    long dropped() {
        return dropped.sum();
    }

    List<ConnectionStats> stats() {
        List<ConnectionStats> out = new ArrayList<>();
        for (EventConnection c : connections) {
            out.add(c.stats());
        }
        return out;
    }

    /** Stops every connection's sender; the server's stop closes the sockets. */
    void closeAll() {
        EventConnection[] all;
        synchronized (lock) {
            closed = true;
            all = connections;
            connections = new EventConnection[0];
            routes.clear();
        }
        for (EventConnection c : all) {
            c.shutdown();
        }
    }

    /** {@code {"op":"event","type":…,"time":…,"severity":…,"data":{…}}}. */
    String render(Event<?> event, String type) {
        String data;
        try {
            data = codec.dataToJson(event.payload());
        } catch (RuntimeException e) {
            // A payload the codec cannot write still reaches the browser, readably.
            data = Json.text(g -> {
                g.writeStartObject();
                g.writeStringProperty("unwritable", String.valueOf(event.payload()));
                g.writeStringProperty("reason", String.valueOf(e.getMessage()));
                g.writeEndObject();
            });
        }
        String payload = data;
        return Json.text(g -> {
            g.writeStartObject();
            g.writeStringProperty("op", "event");
            g.writeStringProperty("type", type);
            g.writeStringProperty("time", codec.formatTime(event.time())); // as the log writes it
            g.writeStringProperty("severity", event.severity().name());
            g.writeName("data");
            g.writeRawValue(payload);
            g.writeEndObject();
        });
    }

    /** One event on its way to the connections; its JSON is made once, when first needed. */
    static final class Pushed {
        private final Event<?> event;
        private final String type;
        private final EventHub hub;
        private volatile String json;

        Pushed(Event<?> event, String type, EventHub hub) {
            this.event = event;
            this.type = type;
            this.hub = hub;
        }

        /** A message that is not an event, its JSON made already. */
        Pushed(String json) {
            this.event = null;
            this.type = null;
            this.hub = null;
            this.json = json;
        }

        /** Whether this is an event (else a message of the server's own, never batched). */
        boolean isEvent() {
            return event != null;
        }

        String json() {
            String j = json;
            if (j == null) {
                j = hub.render(event, type); // two senders may race here; both get equal text
                json = j;
            }
            return j;
        }
    }
}
