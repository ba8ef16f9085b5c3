package io.bussdcc.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A recording replayed under control, for a viewer such as the dashboard: its range, where the
 * cursor is, and play / pause / step / speed / seek. Seeking to an instant shows the state as of
 * the recorded events at or before it, the same state a straight replay reaches there.
 *
 * <p>Only a replay driven this way has one ({@link Context#timeline()}, {@code bussdcc replay
 * --web}); a live context has none. Implemented by {@code io.bussdcc.replay.ReplayTimeline};
 * every method is safe from any thread. Contract and protocol: docs/replay.md#timeline.
 */
public interface Timeline {

    /** The fastest speed, "max": no waiting between events. */
    double MAX_SPEED = Double.POSITIVE_INFINITY;
    /** The slowest speed a timeline accepts. */
    double MIN_SPEED = 0.1;

    /** The recording's range: its first and last event's times and how many events it holds. */
    Range range();

    /** Where the cursor is now. */
    Cursor cursor();

    /** Plays from the cursor at the current speed; at the end of the recording it stays there. */
    void play();

    /** Pauses before the next event. */
    void pause();

    /** Publishes exactly one more event, then stays paused (pausing first if playing). */
    void step();

    /**
     * Plays at {@code speed} times real time from now on: {@value #MIN_SPEED} or more, or
     * {@link #MAX_SPEED}.
     *
     * @throws IllegalArgumentException if {@code speed} is not a number, below {@value #MIN_SPEED},
     *                                  zero or negative
     */
    void speed(double speed);

    /**
     * Moves the cursor to {@code time}: after this returns, the state is the one the recorded
     * events at or before {@code time} make, and the timeline is paused. Going back rebuilds it
     * from the start of the recording.
     *
     * @throws IllegalArgumentException if {@code time} is outside {@link #range()}
     */
    void seek(Instant time);

    /**
     * The time of the nearest event strictly after ({@code forward}) or before the cursor's time
     * that matches {@code types} and is at least {@code minSeverity}; empty if there is none.
     */
    Optional<Instant> find(boolean forward, TypeFilter types, Severity minSeverity);

    /** Events per time bucket over the range, split in {@code buckets} equal parts (1 … 10,000). */
    Density density(int buckets);

    /** Up to {@code limit} of the last events before the cursor (the events shown), oldest first. */
    List<Event<?>> recent(int limit);

    /**
     * Calls {@code listener} with the cursor whenever the timeline changes beyond single events:
     * played, paused, stepped, sought (then {@link Cursor#rebuilt()} is true: the viewer should
     * reload what it shows), speed changed, ended, or failed. Runs on the thread that caused the
     * change; keep it short.
     */
    Subscription onChange(Consumer<Cursor> listener);

    /** Whether the cursor plays, waits paused, or has reached the end of the recording. */
    enum Mode {
        /** Events are being published at the speed. */
        PLAYING,
        /** Waiting before the next event. */
        PAUSED,
        /** Every event was published. */
        ENDED
    }

    /**
     * The recording's range.
     *
     * @param start  the first event's time
     * @param end    the last event's time (equal to {@code start} for one event)
     * @param events how many events the recording holds
     * @param problem why the recording ends before its source did (a source that failed
     *                mid-way), if it does
     */
    record Range(Instant start, Instant end, long events, Optional<String> problem) {
        public Range {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            Objects.requireNonNull(problem, "problem");
        }

        /** Whether {@code time} is within the range, ends included. */
        public boolean contains(Instant time) {
            return !time.isBefore(start) && !time.isAfter(end);
        }
    }

    /**
     * Where the cursor is.
     *
     * @param time      the virtual time: the last published event's (the range's start before any)
     * @param position  how many recorded events were published (0 … {@link Range#events()})
     * @param mode      playing, paused or ended
     * @param speed     the speed ({@link #MAX_SPEED} for max)
     * @param rebuilt   whether the state was rebuilt since the last change (after a seek)
     * @param message   what the viewer should tell the user (the end reached, a failure), if anything
     * @param seekTook  how long the last seek took to rebuild the state
     */
    record Cursor(Instant time, long position, Mode mode, double speed, boolean rebuilt, Optional<String> message,
            Duration seekTook) {
        public Cursor {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(seekTook, "seekTook");
        }
    }

    /**
     * Events per bucket: bucket {@code i} covers {@code [start + i × width, start + (i+1) × width)},
     * the last one includes the range's end.
     *
     * @param start    the range's start
     * @param width    one bucket's length (at least a nanosecond)
     * @param counts   events per bucket
     * @param warnings events of severity {@code WARNING} per bucket
     * @param errors   events of severity {@code ERROR} or above per bucket
     */
    record Density(Instant start, Duration width, long[] counts, long[] warnings, long[] errors) {
        public Density {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(width, "width");
            if (counts.length != warnings.length || counts.length != errors.length) {
                throw new IllegalArgumentException("counts, warnings and errors must have one entry per bucket");
            }
        }
    }
}
