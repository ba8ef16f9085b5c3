package io.bussdcc.web;

import io.helidon.common.buffers.DataReader;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Filter;
import java.util.logging.Logger;

/**
 * Requests their clients ended before they were complete (the connection closed inside the
 * head or the body): not the server's fault, so each is logged at DEBUG and the log gets one
 * INFO line with the count at most once a minute, where Helidon logged a WARNING with a stack
 * trace each (2,000 in 0.35 s in issue 16's trial). Two places see them: the routing's error
 * handler (a body cut short: answered 400 and the connection closed) and, for a head cut short,
 * which Helidon handles before any routing, a filter on Helidon's HTTP/1 connection logger
 * (when {@code System.Logger} goes to {@code java.util.logging}, the JDK's default).
 */
final class EarlyEnds {

    /** The logger Helidon reports a request head cut short on (as an internal error). */
    static final String HELIDON_CONNECTION_LOGGER = "io.helidon.webserver.http1.Http1Connection";
    /** The shortest time between two INFO reports. */
    static final Duration REPORT_EVERY = Duration.ofMinutes(1);

    private static final System.Logger LOG = System.getLogger(WebInterface.class.getName());
    private static final AtomicLong TOTAL = new AtomicLong();
    private static final AtomicLong UNREPORTED = new AtomicLong();
    private static final AtomicLong LAST_REPORT = new AtomicLong();
    private static volatile boolean reported;
    // java.util.logging holds loggers weakly: keep the one whose filter we set.
    private static Logger helidonConnection;

    private EarlyEnds() {}

    /** Puts the filter on Helidon's connection logger, once per JVM. */
    static synchronized void install() {
        if (helidonConnection != null) {
            return;
        }
        Logger logger = Logger.getLogger(HELIDON_CONNECTION_LOGGER);
        Filter previous = logger.getFilter();
        logger.setFilter(r -> {
            if (endedEarly(r.getThrown())) {
                record("request head");
                return false;
            }
            return previous == null || previous.isLoggable(r);
        });
        helidonConnection = logger;
    }

    /** Whether {@code t} or a cause of it is the end of a client's stream inside a request. */
    static boolean endedEarly(Throwable t) {
        for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
            if (t instanceof DataReader.InsufficientDataAvailableException) {
                return true;
            }
        }
        return false;
    }

    /** The routing's error handler for a body its client cut short. */
    static void bodyCutShort(ServerRequest req, ServerResponse res, DataReader.InsufficientDataAvailableException e) {
        record("request body of " + req.prologue().method().text() + " " + req.path().rawPath());
        res.status(Status.BAD_REQUEST_400);
        res.header(HeaderNames.CONNECTION, "close");
        res.send("the request ended before its body was complete");
    }

    private static void record(String where) {
        TOTAL.incrementAndGet();
        UNREPORTED.incrementAndGet();
        LOG.log(System.Logger.Level.DEBUG, () -> "a client ended the connection inside a " + where);
        long now = System.nanoTime();
        long last = LAST_REPORT.get();
        if ((!reported || now - last >= REPORT_EVERY.toNanos()) && LAST_REPORT.compareAndSet(last, now)) {
            report();
        }
    }

    /** Reports what was counted since the last report, if anything; when a web interface stops. */
    static void reportPending() {
        LAST_REPORT.set(System.nanoTime());
        report();
    }

    private static void report() {
        long n = UNREPORTED.getAndSet(0);
        if (n == 0) {
            return;
        }
        String first = reported ? " since the last report" : "; such requests are counted and reported at most once a minute"
                + " (each at DEBUG)";
        reported = true;
        LOG.log(System.Logger.Level.INFO, (n == 1 ? "1 request was" : n + " requests were") + " ended by the client before"
                + " complete (the connection closed inside the request head or body; not a server error)" + first);
    }

    /** How many such requests this JVM has seen, for tests. */
    static long total() {
        return TOTAL.get();
    }
}
