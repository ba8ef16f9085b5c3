package io.bussdcc.kafka;

import io.bussdcc.api.Event;
import io.bussdcc.api.SourceProblem;
import io.bussdcc.codec.EventCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** Test helpers: reading a topic back, waiting for a condition. */
final class Kafka {

    private Kafka() {}

    /** What a read gave: the events as log lines, the problems, the counts. */
    record Read(List<String> lines, List<SourceProblem> problems, KafkaReadCounts counts) {}

    static Read read(String bootstrap, String topic, Set<String> devices) throws Exception {
        return read(KafkaSource.builder(bootstrap, topic).devices(devices).registry(Reading.registry()).build());
    }

    static Read read(KafkaSource source) throws Exception {
        EventCodec codec = new EventCodec(Reading.registry());
        List<SourceProblem> problems = new ArrayList<>();
        KafkaReadCounts counts = new KafkaReadCounts();
        List<String> lines = new ArrayList<>();
        try (Stream<Event<?>> events = source.open(problems::add, counts)) {
            events.forEach(e -> lines.add(codec.toJson(e)));
        }
        return new Read(lines, problems, counts);
    }

    /** The time of a log line. */
    static java.time.Instant time(String line) {
        try {
            return new EventCodec(Reading.registry()).readEvent(line).time();
        } catch (Exception e) {
            throw new AssertionError("not an event: " + line, e);
        }
    }

    /** Fails unless {@code out} is {@code in}, saying how many lines each has and where they first differ. */
    static void assertSameLines(List<String> in, List<String> out, String what) {
        if (in.equals(out)) {
            return;
        }
        int i = 0;
        while (i < in.size() && i < out.size() && in.get(i).equals(out.get(i))) {
            i++;
        }
        throw new AssertionError(what + ": " + in.size() + " lines in, " + out.size() + " out; first difference at "
                + i + ": in " + (i < in.size() ? in.get(i) : "(end)") + " / out " + (i < out.size() ? out.get(i) : "(end)"));
    }

    /** Waits for {@code condition}, failing with {@code what} after {@code max} (a generous bound, not a measurement). */
    static void await(String what, Duration max, BooleanSupplier condition) throws InterruptedException {
        await(what, max, condition, () -> "");
    }

    /** {@link #await}, saying {@code detail} when it gives up. */
    static void await(String what, Duration max, BooleanSupplier condition, Supplier<Object> detail)
            throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up after " + max.toSeconds() + " s waiting for: " + what + " " + detail.get());
            }
            Thread.sleep(50);
        }
    }
}
