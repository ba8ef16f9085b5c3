package io.bussdcc.replay;

import io.bussdcc.api.Event;
import io.bussdcc.api.Message;
import io.bussdcc.api.RawMessage;
import io.bussdcc.replay.Fixtures.Alarm;
import io.bussdcc.replay.Fixtures.Counted;
import io.bussdcc.replay.Fixtures.Reading;
import io.bussdcc.replay.Fixtures.Switched;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/** Generators of recorded streams: random message types and fields, non-decreasing times with ties. */
final class Scenarios {

    private Scenarios() {}

    /** Ten minutes before a day boundary, so streams cross segments and days. */
    static final Instant AROUND = Instant.parse("2026-03-09T23:50:00Z");

    /** A gap between two recorded events and the message of the second. */
    record Step(long gapNanos, Message message) {}

    /** A recorded stream: a first instant and the steps from it. */
    record Scenario(Instant first, List<Step> steps) {

        List<Event<?>> events() {
            List<Event<?>> events = new ArrayList<>(steps.size());
            Instant t = first;
            for (Step step : steps) {
                t = t.plusNanos(step.gapNanos());
                events.add(new Event<>(t, step.message()));
            }
            return events;
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("Scenario[");
            for (Event<?> e : events()) {
                b.append("\n  ").append(e.time()).append(' ').append(e.payload());
            }
            return b.append(']').toString();
        }
    }

    static <T> Gen<T> pick(List<T> values) {
        return Generate.pick(values);
    }

    @SafeVarargs
    static <T> Gen<T> pick(T... values) {
        return Generate.pick(Arrays.asList(values));
    }

    static Gen<String> texts() {
        return pick(Arrays.asList(null, "", "calibrated", "ünïcødé ✓", "quote \" and back\\slash", "line\nbreak\ttab",
                "emoji 🌱", "x"));
    }

    static Gen<String> names() {
        return pick("s0", "s1", "sensor.α", "thermo-1", "");
    }

    static Gen<Instant> instants() {
        return SourceDSL.longs().between(-86_400L * 365, 86_400L * 365)
                .zip(SourceDSL.integers().between(0, 999_999_999), (s, n) -> AROUND.plusSeconds(s).plusNanos(n));
    }

    static Gen<Message> readings() {
        return names().zip(SourceDSL.longs().all(), SourceDSL.doubles().between(-1e6, 1e6), pick("C", "kPa", "%RH", "V"),
                texts(), Reading::new);
    }

    static Gen<Message> alarms() {
        return names().zip(SourceDSL.integers().all(), SourceDSL.lists().of(pick("hot", "cold", "ünï", "")).ofSizeBetween(0, 3),
                (s, level, tags) -> new Alarm(s, level, List.copyOf(tags)));
    }

    static Gen<Message> switches() {
        return names().zip(SourceDSL.booleans().all(), instants(), Switched::new);
    }

    static Gen<Message> counts() {
        return SourceDSL.integers().all().map(Counted::new);
    }

    /** Records of types this program does not know, kept as compact JSON text. */
    static Gen<Message> raws() {
        return pick("other.app:Thing", "legacy.module:Gone").zip(SourceDSL.integers().all(), pick("a", "ü ✓", "q\\\"x"),
                (type, n, s) -> new RawMessage(type, "{\"n\":" + n + ",\"s\":\"" + s + "\",\"list\":[1,2.5,null,true]}"));
    }

    static Gen<Message> messages() {
        return Generate.frequency(
                Pair.of(5, readings()), Pair.of(2, alarms()), Pair.of(1, switches()), Pair.of(1, counts()), Pair.of(1, raws()));
    }

    /** Mostly ties and millisecond gaps, sometimes seconds. */
    static Gen<Long> gaps() {
        return Generate.frequency(
                Pair.of(3, Generate.constant(0L)),
                Pair.of(5, SourceDSL.longs().between(1, 50_000_000L)),
                Pair.of(1, SourceDSL.longs().between(50_000_000L, 3_000_000_000L)));
    }

    static Gen<Scenario> scenarios(int maxEvents) {
        Gen<Instant> firsts = SourceDSL.longs().between(-1800, 1800)
                .zip(SourceDSL.integers().between(0, 999_999_999), (s, n) -> AROUND.plusSeconds(s).plusNanos(n));
        Gen<List<Step>> steps = SourceDSL.lists().of(gaps().zip(messages(), Step::new)).ofSizeBetween(0, maxEvents);
        return firsts.zip(steps, Scenario::new);
    }

    /** Service intervals from 10 ms to 3 s, sometimes odd nanosecond counts. */
    static Gen<Duration> intervals() {
        return Generate.frequency(
                Pair.of(2, SourceDSL.longs().between(10_000_000L, 3_000_000_000L)),
                Pair.of(1, pick(10_000_000L, 100_000_000L, 250_000_000L, 1_000_000_000L))).map(Duration::ofNanos);
    }
}
