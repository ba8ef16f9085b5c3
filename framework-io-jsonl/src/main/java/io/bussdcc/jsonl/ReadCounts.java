package io.bussdcc.jsonl;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What reading a log met, counted as it streams: pass one to
 * {@link JsonlSource#open(java.util.function.Consumer, ReadCounts)} and look at it during or
 * after reading. Its memory is bounded whatever the log holds: at most
 * {@value #MAX_TYPE_NAMES} unknown type names are counted one by one, each kept to at most
 * {@value #MAX_TYPE_NAME_LENGTH} characters; lines of further names are counted together
 * ({@link #unknownTypeLinesNotKept()}). Thread-safe.
 */
public final class ReadCounts {

    /** How many unknown type names are counted by name. */
    public static final int MAX_TYPE_NAMES = 1000;
    /** How much of an unknown type name is kept; a longer one is kept as its start, its length and its hash. */
    public static final int MAX_TYPE_NAME_LENGTH = 200;

    private final AtomicLong files = new AtomicLong();
    private final AtomicLong lines = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong problems = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong filtered = new AtomicLong();
    private final AtomicLong outOfOrder = new AtomicLong();
    private final AtomicLong torn = new AtomicLong();
    private final Map<String, LongAdder> unknownTypes = new ConcurrentHashMap<>();
    private final AtomicLong unknownNotKept = new AtomicLong();

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

    /**
     * Delivered events of types the registry does not know, by type name (as raw messages): the
     * first {@value #MAX_TYPE_NAMES} names met, each cut to {@value #MAX_TYPE_NAME_LENGTH}
     * characters plus {@code …(N chars, #hash)} when longer.
     */
    public Map<String, Long> unknownTypes() {
        Map<String, Long> copy = new TreeMap<>();
        unknownTypes.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }

    /** Delivered events of unknown types met after {@value #MAX_TYPE_NAMES} names were counted. */
    public long unknownTypeLinesNotKept() {
        return unknownNotKept.get();
    }

    /**
     * Torn records: a last line cut off without its newline, or a compressed segment that ends
     * early (both from a writer that was killed or a copy broken off). Each is also a problem.
     */
    public long torn() {
        return torn.get();
    }

    void tornRecord() {
        torn.incrementAndGet();
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

    /** What {@link #unknownType} says of a line. */
    enum Unknown { FIRST_OF_ITS_NAME, SEEN_BEFORE, FIRST_NOT_KEPT, NOT_KEPT }

    /** Counts a line of an unknown type. */
    Unknown unknownType(String type) {
        String key = keyOf(type);
        LongAdder count = unknownTypes.get(key);
        if (count != null) {
            count.increment();
            return Unknown.SEEN_BEFORE;
        }
        if (unknownTypes.size() >= MAX_TYPE_NAMES) {
            return unknownNotKept.getAndIncrement() == 0 ? Unknown.FIRST_NOT_KEPT : Unknown.NOT_KEPT;
        }
        boolean[] first = {false};
        unknownTypes.computeIfAbsent(key, t -> {
            first[0] = true;
            return new LongAdder();
        }).increment();
        return first[0] ? Unknown.FIRST_OF_ITS_NAME : Unknown.SEEN_BEFORE;
    }

    /** The name as kept: itself, or, past the length limit, its start, length and hash. */
    static String keyOf(String type) {
        if (type.length() <= MAX_TYPE_NAME_LENGTH) {
            return type;
        }
        return type.substring(0, MAX_TYPE_NAME_LENGTH) + "…(" + type.length() + " chars, #"
                + Integer.toHexString(type.hashCode()) + ")";
    }

    @Override
    public String toString() {
        return files() + " files, " + lines() + " lines, " + events() + " events, " + problems() + " problems ("
                + skipped() + " lines skipped, " + outOfOrder() + " out of order), " + filtered() + " filtered"
                + (unknownTypes.isEmpty() ? "" : ", unknown types " + unknownTypes())
                + (unknownNotKept.get() == 0 ? "" : ", " + unknownNotKept.get() + " lines of further unknown types");
    }
}
