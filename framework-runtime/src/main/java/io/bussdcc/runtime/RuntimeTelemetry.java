package io.bussdcc.runtime;

import io.bussdcc.api.EventCounts;
import io.bussdcc.api.Severity;
import io.bussdcc.api.StatePathConflictException;
import io.bussdcc.api.StateStore;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Writes the dispatcher's event counts into state under {@code runtime_info}, the paths of the
 * Python original (README, "State"): every {@code interval} while the runtime runs (never in a
 * replay, whose state must not depend on wall time) and once more when the shutdown has
 * delivered {@code RuntimeShutdown}. Only changed values are written, on a virtual thread of its
 * own, so that counting costs dispatch no state write.
 */
final class RuntimeTelemetry {

    private static final System.Logger LOG = System.getLogger(RuntimeTelemetry.class.getName());
    static final String ROOT = "runtime_info";
    static final String MESSAGE_COUNT = ROOT + ".stats.message_count";
    static final String ERROR_COUNT = ROOT + ".stats.error_count";
    static final String SEVERITY = ROOT + ".severity.";
    static final String MESSAGE_TYPES = ROOT + ".message_types.";

    private final Supplier<EventCounts> counts;
    private final StateStore state;
    private final Duration interval;
    private final Object publishing = new Object();
    // Guarded by publishing: what was written, and which state path each type got.
    private final Map<String, Long> written = new HashMap<>();
    private final Map<String, String> typePaths = new HashMap<>();
    private final Set<String> leaves = new HashSet<>();
    private final Set<String> branches = new HashSet<>();
    private boolean conflictLogged;

    private volatile boolean stopped;
    private Thread thread;

    /** {@code interval} zero or null: written only at the end of the shutdown. */
    RuntimeTelemetry(Supplier<EventCounts> counts, StateStore state, Duration interval) {
        this.counts = Objects.requireNonNull(counts, "counts");
        this.state = Objects.requireNonNull(state, "state");
        this.interval = interval;
    }

    /** Starts writing every interval, if there is one. */
    void start() {
        if (interval == null || interval.isZero()) {
            return;
        }
        long nanos = interval.toNanos();
        thread = Thread.ofVirtual().name("bussdcc-telemetry").start(() -> {
            while (!stopped) {
                LockSupport.parkNanos(nanos);
                if (!stopped) {
                    publish();
                }
            }
        });
    }

    /** Stops the periodic writes and writes the final counts: state is exact from here on. */
    void stop() {
        stopped = true;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
        publish();
    }

    /** Writes what changed since the last write. Nothing while no event was counted. */
    void publish() {
        EventCounts now = counts.get();
        long total = now.total();
        synchronized (publishing) {
            if (total == 0) {
                return;
            }
            write(MESSAGE_COUNT, total);
            write(ERROR_COUNT, now.errors());
            for (Severity s : Severity.values()) {
                write(SEVERITY + s.name().toLowerCase(Locale.ROOT), now.of(s));
            }
            now.byType().forEach((type, bySeverity) -> {
                long n = 0;
                for (long c : bySeverity.values()) {
                    n += c;
                }
                write(typePath(type), n);
            });
        }
    }

    private void write(String path, long value) {
        Long old = written.get(path);
        if (old != null && old == value) {
            return;
        }
        try {
            state.set(path, value);
            written.put(path, value);
        } catch (StatePathConflictException e) {
            // the application stored something of its own where the telemetry goes
            if (!conflictLogged) {
                conflictLogged = true;
                LOG.log(Level.WARNING, "runtime telemetry not written to state: " + e.getMessage());
            }
        }
    }

    /**
     * {@code runtime_info.message_types.} and the type name's segments (split at {@code .} and
     * {@code :}), as the original's module and class names; a type whose path would be another
     * type's, or lie above or below it, gets the whole name as one segment ({@code .} as
     * {@code _}) instead, so that no count replaces another.
     */
    private String typePath(String type) {
        String known = typePaths.get(type);
        if (known != null) {
            return known;
        }
        StringBuilder natural = new StringBuilder(MESSAGE_TYPES.length() + type.length()).append(MESSAGE_TYPES);
        boolean any = false;
        for (String segment : type.split("[.:]")) {
            if (!segment.isEmpty()) {
                natural.append(any ? "." : "").append(segment);
                any = true;
            }
        }
        String path = any ? natural.toString() : MESSAGE_TYPES + "_untyped";
        String single = MESSAGE_TYPES + (any ? type.replace('.', '_') : "_untyped");
        if (!free(path)) {
            path = single;
            for (int k = 2; !free(path); k++) {
                path = single + "_" + k;
            }
        }
        typePaths.put(type, path);
        leaves.add(path);
        for (int dot = path.indexOf('.', MESSAGE_TYPES.length()); dot > 0; dot = path.indexOf('.', dot + 1)) {
            branches.add(path.substring(0, dot));
        }
        return path;
    }

    /** Whether a type's count can go at {@code path} without meeting another's. */
    private boolean free(String path) {
        if (leaves.contains(path) || branches.contains(path)) {
            return false;
        }
        for (int dot = path.indexOf('.', MESSAGE_TYPES.length()); dot > 0; dot = path.indexOf('.', dot + 1)) {
            if (leaves.contains(path.substring(0, dot))) {
                return false;
            }
        }
        return true;
    }
}
