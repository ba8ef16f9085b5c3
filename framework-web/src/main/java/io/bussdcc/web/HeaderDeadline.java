package io.bussdcc.web;

import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The time limit on a request's head (slowloris): from the request line to the end of the
 * headers, at most the idle timeout. Helidon tells us when a request line was read and when
 * its headers were, on the connection's own (virtual) thread; a watchdog interrupts a thread
 * still reading headers past the deadline, which closes its socket. A client trickling its
 * request line is closed by Helidon's idle reaper, set to the same timeout.
 */
final class HeaderDeadline implements Http1ConnectionListener {

    private record Reading(Thread thread, long deadline) {}

    private final long limit;
    private final Duration period;
    private final Map<ConnectionContext, Reading> reading = new ConcurrentHashMap<>();
    private volatile Thread watchdog;

    HeaderDeadline(Duration limit) {
        this.limit = limit.toNanos();
        Duration quarter = limit.dividedBy(4);
        this.period = quarter.compareTo(Duration.ofMillis(50)) < 0 ? Duration.ofMillis(50) : quarter;
    }

    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        reading.put(ctx, new Reading(Thread.currentThread(), System.nanoTime() + limit));
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        reading.remove(ctx);
    }

    void start(String name) {
        watchdog = Thread.ofVirtual().name("bussdcc-web-header-deadline-" + name).start(this::watch);
    }

    void stop() {
        Thread w = watchdog;
        if (w != null) {
            w.interrupt();
        }
        reading.clear();
    }

    private void watch() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(period);
                long now = System.nanoTime();
                reading.entrySet().removeIf(e -> {
                    Reading r = e.getValue();
                    if (!r.thread.isAlive()) {
                        return true; // the connection ended while reading its headers
                    }
                    if (now - r.deadline > 0) {
                        r.thread.interrupt(); // a virtual thread blocked in a socket read: the socket is closed
                        return true;
                    }
                    return false;
                });
            }
        } catch (InterruptedException e) {
            // stopped
        }
    }
}
