package io.bussdcc.replay;

import io.bussdcc.api.Event;
import io.bussdcc.api.EventSource;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.Severity;
import io.bussdcc.api.SourceProblem;
import io.bussdcc.api.Timeline;
import io.bussdcc.api.TypeFilter;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A recording read once into memory, in replay order, with what a timeline asks of it quickly:
 * the event at or after an instant (binary search), type and severity per event (for the
 * density strip and for finding the next match) as small arrays.
 */
final class RecordedLog {

    /** The most events a timeline holds in memory. */
    static final int MAX_EVENTS = 50_000_000;

    private final List<Event<?>> events;
    /** Each event's time on the timeline: its own, or the latest before it if it was recorded out of order. */
    private final Instant[] at;
    private final int[] typeIndex;
    private final byte[] severity;
    private final List<String> typeNames;
    private final Optional<String> problem;

    private RecordedLog(List<Event<?>> events, Instant[] at, int[] typeIndex, byte[] severity, List<String> typeNames,
            Optional<String> problem) {
        this.events = events;
        this.at = at;
        this.typeIndex = typeIndex;
        this.severity = severity;
        this.typeNames = typeNames;
        this.problem = problem;
    }

    /**
     * Reads {@code source} in its order, as a replay publishes it. An event recorded slightly out of
     * order keeps its place; on the timeline it counts at the clock's time then (the latest time
     * before it), as in a replay, where the clock never goes back. A source that fails mid-way
     * leaves the events read until then and a {@code problem} saying where and why.
     *
     * @throws IOException if the source cannot be opened, or holds no event
     */
    static RecordedLog read(EventSource source, MessageTypeRegistry registry, Consumer<SourceProblem> problems)
            throws IOException {
        List<Event<?>> events = new ArrayList<>();
        String problem = null;
        try (Stream<Event<?>> stream = source.open(problems)) {
            Iterator<Event<?>> it = stream.iterator();
            while (it.hasNext()) {
                if (events.size() >= MAX_EVENTS) {
                    problem = "the recording has more than " + MAX_EVENTS + " events; only the first "
                            + MAX_EVENTS + " are on the timeline (narrow it with --from/--to)";
                    break;
                }
                events.add(it.next());
            }
        } catch (RuntimeException e) {
            if (events.isEmpty()) {
                throw new IOException("cannot read " + source.describe() + ": " + e.getMessage(), e);
            }
            problem = "reading " + source.describe() + " failed after event " + events.size() + " (at "
                    + events.get(events.size() - 1).time() + "): " + e.getMessage()
                    + "; the timeline ends there";
        }
        if (events.isEmpty()) {
            throw new IOException(source.describe() + " holds no event to replay");
        }
        int n = events.size();
        Instant[] at = new Instant[n];
        int[] typeIndex = new int[n];
        byte[] severity = new byte[n];
        Map<String, Integer> index = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Event<?> e = events.get(i);
            String name = registry.nameOf(e.payload());
            Integer t = index.get(name);
            if (t == null) {
                t = names.size();
                names.add(name);
                index.put(name, t);
            }
            typeIndex[i] = t;
            at[i] = i > 0 && e.time().isBefore(at[i - 1]) ? at[i - 1] : e.time();
            severity[i] = (byte) e.severity().ordinal();
        }
        return new RecordedLog(List.copyOf(events), at, typeIndex, severity, List.copyOf(names), Optional.ofNullable(problem));
    }

    int size() {
        return events.size();
    }

    Event<?> get(int i) {
        return events.get(i);
    }

    /** Event {@code i}'s time on the timeline. */
    Instant at(int i) {
        return at[i];
    }

    List<Event<?>> events() {
        return events;
    }

    Timeline.Range range() {
        return new Timeline.Range(events.get(0).time(), at[at.length - 1], events.size(), problem);
    }

    /** How many events are at or before {@code time}: the position a seek to it reaches. */
    int countAtOrBefore(Instant time) {
        int lo = 0;
        int hi = events.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (at[mid].isAfter(time)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /**
     * The index of the nearest matching event after the cursor at {@code position} (the first
     * not yet published, {@code forward}) or before it (the last one earlier than the cursor's
     * time, so that a cursor on a match moves to the one before).
     */
    OptionalInt find(int position, boolean forward, TypeFilter types, Severity min) {
        boolean[] typeMatches = new boolean[typeNames.size()];
        for (int t = 0; t < typeMatches.length; t++) {
            typeMatches[t] = types.acceptsAll() || types.accepts(typeNames.get(t));
        }
        int least = min.ordinal();
        if (forward) {
            for (int i = position; i < events.size(); i++) {
                if (severity[i] >= least && typeMatches[typeIndex[i]]) {
                    return OptionalInt.of(i);
                }
            }
        } else if (position > 0) {
            Instant cursor = at[position - 1];
            for (int i = position - 1; i >= 0; i--) {
                if (at[i].isBefore(cursor) && severity[i] >= least && typeMatches[typeIndex[i]]) {
                    return OptionalInt.of(i);
                }
            }
        }
        return OptionalInt.empty();
    }

    /** Events, warnings and errors per bucket over the range. */
    Timeline.Density density(int buckets) {
        Instant start = events.get(0).time();
        Instant end = at[at.length - 1];
        long span = saturatedNanos(Duration.between(start, end));
        long width = Math.max(1, span / buckets + (span % buckets == 0 ? 0 : 1));
        long[] counts = new long[buckets];
        long[] warnings = new long[buckets];
        long[] errors = new long[buckets];
        int warning = Severity.WARNING.ordinal();
        int error = Severity.ERROR.ordinal();
        long startSeconds = start.getEpochSecond();
        long startNanos = start.getNano();
        for (int i = 0; i < events.size(); i++) {
            Instant t = at[i];
            long offset;
            long seconds = t.getEpochSecond() - startSeconds;
            if (seconds > 9_000_000_000L) {
                offset = Long.MAX_VALUE; // beyond ~285 years: the last bucket
            } else {
                offset = seconds * 1_000_000_000L + (t.getNano() - startNanos);
            }
            int b = (int) Math.min(buckets - 1, offset / width);
            counts[b]++;
            if (severity[i] >= error) {
                errors[b]++;
            } else if (severity[i] == warning) {
                warnings[b]++;
            }
        }
        return new Timeline.Density(start, Duration.ofNanos(width), counts, warnings, errors);
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
