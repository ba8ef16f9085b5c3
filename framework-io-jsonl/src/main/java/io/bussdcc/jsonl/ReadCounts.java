package io.bussdcc.jsonl;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What reading a log met, counted as it streams: pass one to
 * {@link JsonlSource#open(java.util.function.Consumer, ReadCounts)} and look at it during or
 * after reading. Thread-safe.
 */
public final class ReadCounts {

    private final AtomicLong files = new AtomicLong();
    private final AtomicLong lines = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong problems = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong filtered = new AtomicLong();
    private final AtomicLong outOfOrder = new AtomicLong();
    private final Map<String, LongAdder> unknownTypes = new ConcurrentHashMap<>();

    /** Counts that start at zero. */
    public ReadCounts() {}

    /** Files opened. */
    public long files() {
        return files.get();
    }

    /** Lines read. */
    public long lines() {
        return lines.get();
    }

    /** Events delivered to the stream. */
    public long events() {
        return events.get();
    }

    /** Problems reported (bad lines, and the notes on out-of-order lines and unknown types). */
    public long problems() {
        return problems.get();
    }

    /** Bad lines that were reported and not delivered. */
    public long skipped() {
        return skipped.get();
    }

    /** Good lines left out by the {@code from}/{@code to} bounds or the type filter. */
    public long filtered() {
        return filtered.get();
    }

    /** Delivered events older than the event before them. */
    public long outOfOrder() {
        return outOfOrder.get();
    }

    /** Delivered events of types the registry does not know, by type name (as raw messages). */
    public Map<String, Long> unknownTypes() {
        Map<String, Long> copy = new TreeMap<>();
        unknownTypes.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }

    void file() {
        files.incrementAndGet();
    }

    void line() {
        lines.incrementAndGet();
    }

    void event() {
        events.incrementAndGet();
    }

    void problem() {
        problems.incrementAndGet();
    }

    void skip() {
        skipped.incrementAndGet();
    }

    void filter() {
        filtered.incrementAndGet();
    }

    void outOfOrderEvent() {
        outOfOrder.incrementAndGet();
    }

    /** Counts a line of an unknown type; true if it is the first of that type. */
    boolean unknownType(String type) {
        boolean[] first = {false};
        unknownTypes.computeIfAbsent(type, t -> {
            first[0] = true;
            return new LongAdder();
        }).increment();
        return first[0];
    }

    @Override
    public String toString() {
        return files() + " files, " + lines() + " lines, " + events() + " events, " + problems() + " problems ("
                + skipped() + " lines skipped, " + outOfOrder() + " out of order), " + filtered() + " filtered"
                + (unknownTypes.isEmpty() ? "" : ", unknown types " + unknownTypes());
    }
}
