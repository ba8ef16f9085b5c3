package io.bussdcc.kafka;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What one read of a {@link KafkaSource} met, counted as it goes (thread-safe to read while the
 * stream is consumed).
 */
public final class KafkaReadCounts {
    final AtomicLong records = new AtomicLong();
    final AtomicLong events = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong problems = new AtomicLong();
    final AtomicLong skipped = new AtomicLong();

    /** Records read from the topic within the offsets of the read. */
    public long records() {
        return records.get();
    }

    /** Events delivered. */
    public long events() {
        return events.get();
    }

    /** Records dropped because the same device, segment and offset was delivered already (a resend after a crash). */
    public long duplicates() {
        return duplicates.get();
    }

    /** Records reported as problems: not ours, or not a readable event. */
    public long problems() {
        return problems.get();
    }

    /** Records of other devices, or outside the time bounds. */
    public long skipped() {
        return skipped.get();
    }

    @Override
    public String toString() {
        return "records=" + records() + " events=" + events() + " duplicates=" + duplicates() + " problems="
                + problems() + " skipped=" + skipped();
    }
}
