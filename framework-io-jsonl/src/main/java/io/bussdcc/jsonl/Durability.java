package io.bussdcc.jsonl;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * When a {@link JsonlSink} hands its lines to the operating system, and whether it asks for
 * them to reach the disk. What each policy can lose:
 *
 * <table>
 *   <caption>Loss on a crash, per policy</caption>
 *   <tr><th>policy</th><th>process killed (SIGKILL, OOM, JVM crash)</th>
 *       <th>machine loses power / kernel panic</th></tr>
 *   <tr><td>{@link #flushEachEvent()}</td><td>nothing: every line is in the OS before
 *       {@code handle} returns</td><td>what the OS had not yet written back (Linux: up to about
 *       30 s by default)</td></tr>
 *   <tr><td>{@link #flushEvery(Duration)} (the default, 200 ms)</td><td>the events handled in
 *       the last period (plus the flusher thread's scheduling delay)</td><td>as above</td></tr>
 *   <tr><td>{@link #fsyncEvery(Duration)}</td><td>the events of the last period</td>
 *       <td>the events of the last period (plus the fsync in progress)</td></tr>
 * </table>
 *
 * <p>In every policy lines are written whole and in order, so a crash can only tear the last
 * line of a segment; earlier lines are never damaged. Whatever the policy, the sink also writes
 * whenever its buffer fills, when it moves to another segment, and on {@code stop()}, which
 * also fsyncs.
 */
public sealed interface Durability {

    /** The default: lines reach the OS every 200 ms. */
    Duration DEFAULT_PERIOD = Duration.ofMillis(200);

    /** Every event is written to the OS before {@code handle} returns (one write call each). */
    static Durability flushEachEvent() {
        return new FlushEachEvent();
    }

    /** Events are written to the OS in batches, at the latest {@code period} after they arrive. */
    static Durability flushEvery(Duration period) {
        return new FlushEvery(period);
    }

    /** As {@link #flushEvery}, and each batch is fsynced to the disk. */
    static Durability fsyncEvery(Duration period) {
        return new FsyncEvery(period);
    }

    /** {@code flushEvery(200 ms)}. */
    static Durability defaultPolicy() {
        return new FlushEvery(DEFAULT_PERIOD);
    }

    /**
     * The policy named in configuration: {@code each-event}, {@code interval} or {@code fsync}.
     *
     * @param period the period of {@code interval} and {@code fsync}
     * @throws IllegalArgumentException naming the accepted words
     */
    static Durability parse(String name, Duration period) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "each-event" -> flushEachEvent();
            case "interval" -> flushEvery(period);
            case "fsync" -> fsyncEvery(period);
            default -> throw new IllegalArgumentException("'" + name
                    + "' is not a durability policy: write each-event, interval or fsync");
        };
    }

    /** One write call per event. */
    record FlushEachEvent() implements Durability {}

    /** Batched writes, at most {@code period} apart. */
    record FlushEvery(Duration period) implements Durability {
        /**
         * The policy with this period.
         *
         * @throws IllegalArgumentException if {@code period} is not positive
         */
        public FlushEvery {
            requirePositive(period);
        }
    }

    /** Batched writes, each followed by an fsync, at most {@code period} apart. */
    record FsyncEvery(Duration period) implements Durability {
        /**
         * The policy with this period.
         *
         * @throws IllegalArgumentException if {@code period} is not positive
         */
        public FsyncEvery {
            requirePositive(period);
        }
    }

    private static void requirePositive(Duration period) {
        Objects.requireNonNull(period, "period");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("a durability period must be positive, not " + period);
        }
    }
}
