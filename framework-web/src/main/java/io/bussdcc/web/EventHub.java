package io.bussdcc.web;

import io.bussdcc.api.Event;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.codec.EventCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fans events out to the WebSocket connections. {@link #publish} runs on the emitting thread
 * and only filters and enqueues; each event is turned into JSON at most once, lazily, by the
 * first connection's sender that sends it.
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

    /** {@code senders} counts the connections' sender threads alive, across the hubs of one interface. */
    EventHub(MessageTypeRegistry types, EventCodec codec, int queueSize, AtomicInteger senders) {
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
        String type = types.nameOf(event.payload());
        Pushed pushed = null;
        for (EventConnection c : all) {
            if (c.wants(type, event.severity())) {
                if (pushed == null) {
                    pushed = new Pushed(event, type, this);
                }
                c.offer(pushed);
            }
        }
    }

    /** Adds a connection; false (and the caller closes it) once the hub is closed. */
    boolean add(EventConnection c) {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            EventConnection[] next = Arrays.copyOf(connections, connections.length + 1);
            next[next.length - 1] = c;
            connections = next;
            return true;
        }
    }

    void remove(EventConnection c) {
        synchronized (lock) {
            connections = Arrays.stream(connections).filter(x -> x != c).toArray(EventConnection[]::new);
        }
    }

    int size() {
        return connections.length;
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
