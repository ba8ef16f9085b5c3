package io.bussdcc.runtime;

import io.bussdcc.api.EventCounts;
import io.bussdcc.api.Message;
import io.bussdcc.api.RawMessage;
import io.bussdcc.api.Severity;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * One thread's event counts, per payload type and severity. Only its thread counts (plain
 * arithmetic and an opaque store: no lock, no fence, no shared cache line), any thread may
 * read: a reader sees every count as some value it held, each at most as old as the reader's
 * view of that thread's last store. The same type seen last is found without a lookup.
 */
final class EventTally {

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final Severity[] SEVERITIES = Severity.values();
    private static final int INFO = Severity.INFO.ordinal();
    private static final VarHandle INFO_COUNT;

    static {
        try {
            INFO_COUNT = MethodHandles.lookup().findVarHandle(Slot.class, "info", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The counts of one type on one thread. A type that keeps {@link Message#severity()}'s
     * default (most do) is always INFO: one count, and no call of {@code severity()} per event.
     */
    static final class Slot {
        final Class<?> type; // null for a recorded name (RawMessage), so that it never matches a class
        final String recordedName;
        final boolean alwaysInfo;
        long info; // the INFO count of an alwaysInfo slot
        final long[] counts = new long[SEVERITIES.length];

        Slot(Class<?> type, String recordedName) {
            this.type = type;
            this.recordedName = recordedName;
            this.alwaysInfo = type == null || keepsDefaultSeverity(type);
        }

        long count(int severity) {
            long n = (long) LONGS.getOpaque(counts, severity);
            return severity == INFO ? n + (long) INFO_COUNT.getOpaque(this) : n;
        }
    }

    private static boolean keepsDefaultSeverity(Class<?> type) {
        try {
            return type.getMethod("severity").getDeclaringClass() == Message.class;
        } catch (NoSuchMethodException | SecurityException e) {
            return false;
        }
    }

    private Slot last = new Slot(Void.class, null);
    private final Map<Class<?>, Slot> byClass = new HashMap<>();
    private final Map<String, Slot> byRecordedName = new HashMap<>();
    /** Every slot of this thread, in the order first counted: what readers iterate. */
    final List<Slot> slots = new CopyOnWriteArrayList<>();

    /** Counts {@code payload}; only the owning thread calls this. */
    void count(Message payload) {
        Class<?> type = payload.getClass();
        Slot slot = last;
        if (slot.type != type) {
            slot = slot(payload, type);
        }
        if (slot.alwaysInfo) {
            INFO_COUNT.setOpaque(slot, slot.info + 1);
            return;
        }
        Severity severity = payload.severity();
        int i = severity == null ? INFO : severity.ordinal();
        long[] counts = slot.counts;
        LONGS.setOpaque(counts, i, counts[i] + 1);
    }

    private Slot slot(Message payload, Class<?> type) {
        if (payload instanceof RawMessage raw) {
            String name = raw.type() == null ? "" : raw.type();
            return byRecordedName.computeIfAbsent(name, n -> added(new Slot(null, n)));
        }
        Slot slot = byClass.computeIfAbsent(type, t -> added(new Slot(t, null)));
        last = slot;
        return slot;
    }

    private Slot added(Slot slot) {
        slots.add(slot);
        return slot;
    }

    /**
     * Sums tallies by type name: {@code namer} names a class ({@code MessageTypeRegistry.nameOf}).
     * Types keep the order in which the tallies, taken in turn, first counted them.
     */
    static EventCounts sum(List<EventTally> tallies, Function<Class<?>, String> namer) {
        Map<String, long[]> byName = new LinkedHashMap<>();
        for (EventTally tally : tallies) {
            for (Slot slot : tally.slots) {
                String name = slot.type == null ? slot.recordedName : namer.apply(slot.type);
                long[] sum = byName.computeIfAbsent(name, n -> new long[SEVERITIES.length]);
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += slot.count(i);
                }
            }
        }
        Map<String, Map<Severity, Long>> counts = new LinkedHashMap<>();
        byName.forEach((name, sum) -> {
            Map<Severity, Long> bySeverity = new EnumMap<>(Severity.class);
            for (int i = 0; i < sum.length; i++) {
                if (sum[i] != 0) {
                    bySeverity.put(SEVERITIES[i], sum[i]);
                }
            }
            if (!bySeverity.isEmpty()) {
                counts.put(name, bySeverity);
            }
        });
        return new EventCounts(counts);
    }

    /** A tally holding the sums of {@code tallies} (for threads that have ended). */
    static EventTally merged(List<EventTally> tallies) {
        EventTally merged = new EventTally();
        for (EventTally tally : tallies) {
            for (Slot slot : tally.slots) {
                Slot into = slot.type == null
                        ? merged.byRecordedName.computeIfAbsent(slot.recordedName, n -> merged.added(new Slot(null, n)))
                        : merged.byClass.computeIfAbsent(slot.type, t -> merged.added(new Slot(t, null)));
                for (int i = 0; i < into.counts.length; i++) {
                    into.counts[i] += slot.count(i);
                }
            }
        }
        return merged;
    }
}
