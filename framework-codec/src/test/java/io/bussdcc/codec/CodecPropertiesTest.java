package io.bussdcc.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import io.bussdcc.api.Event;
import io.bussdcc.api.Message;
import io.bussdcc.api.RawMessage;
import io.bussdcc.api.Severity;
import io.bussdcc.api.message.ProcessError;
import io.bussdcc.codec.Samples.Color;
import io.bussdcc.codec.Samples.Containers;
import io.bussdcc.codec.Samples.Node;
import io.bussdcc.codec.Samples.Point;
import io.bussdcc.codec.Samples.Scalars;
import io.bussdcc.codec.Samples.SensorReading;
import io.bussdcc.codec.Samples.Times;
import io.bussdcc.codec.Samples.Wrapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.generators.Generate;

/**
 * The codec's invariants over generated messages of every supported field type:
 * decode(encode(m)) equals m, and encoding is stable (the same message, and the message read
 * back, give the same bytes).
 */
class CodecPropertiesTest {

    private static final long SEED = 20260309L;
    private static final int EXAMPLES = 1000;

    private final EventCodec codec = new EventCodec(Samples.registry());
    /** Without the hand-written paths (DoubleText, Timestamps, CanonicalPath): Jackson and java.time only. */
    private final EventCodec jacksonOnly = new EventCodec(Samples.registry(), false);

    @Test
    void scalarsRoundTrip() {
        checkRoundTrip(Gens.scalars());
    }

    @Test
    void timesAndTextValuesRoundTrip() {
        checkRoundTrip(Gens.times());
    }

    @Test
    void containersRoundTrip() {
        checkRoundTrip(Gens.containers());
    }

    @Test
    void nestedRecordsAndEmbeddedEventsRoundTrip() {
        checkRoundTrip(Gens.wrappers());
    }

    @Test
    void errorMessagesEmbeddingAnyEventRoundTrip() {
        checkRoundTrip(Gens.events().map(e -> new ProcessError("p", "boom", e, "trace")));
    }

    @Test
    void eventTimesRoundTripAcrossTheWholeInstantRange() {
        qt().withFixedSeed(SEED).withExamples(EXAMPLES).forAll(Gens.instants()).checkAssert(t -> {
            String text = codec.formatTime(t);
            try {
                assertEquals(t, EventCodec.parseTime(text), text);
            } catch (CodecException e) {
                throw new AssertionError(text + ": " + e.getMessage(), e);
            }
        });
    }

    @Test
    void nonFiniteNumbersAreWrittenAsStringsAndReadBack() {
        Gen<Double> nonFinite = Generate.pick(List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
        qt().withFixedSeed(SEED).withExamples(EXAMPLES).forAll(Gens.scalars(), nonFinite, Generate.booleans())
                .checkAssert((s, bad, boxed) -> {
                    Scalars m = boxed ? withDoubleBox(s, bad) : withDouble(s, bad);
                    Event<?> e = new Event<>(Instant.EPOCH, m);
                    String line = codec.toJson(e);
                    assertTrue(line.contains((boxed ? "\"dBox\":\"" : "\"d\":\"") + ValueCodec.ScalarCodec.nonFiniteText(bad)
                            + "\""), line);
                    assertEquals(line, jacksonOnly.toJson(e));
                    assertEquals(e, read(codec, line));
                    assertEquals(e, read(jacksonOnly, line));
                });
    }

    private static Event<?> read(EventCodec c, String line) {
        try {
            return c.readEvent(line);
        } catch (CodecException x) {
            throw new AssertionError(line, x);
        }
    }

    private static Scalars withDouble(Scalars s, double d) {
        return new Scalars(s.s(), s.z(), s.b(), s.sh(), s.i(), s.l(), s.f(), d, s.c(), s.zBox(), s.bBox(), s.shBox(),
                s.iBox(), s.lBox(), s.fBox(), s.dBox(), s.cBox());
    }

    private static Scalars withDoubleBox(Scalars s, double d) {
        return new Scalars(s.s(), s.z(), s.b(), s.sh(), s.i(), s.l(), s.f(), s.d(), s.c(), s.zBox(), s.bBox(),
                s.shBox(), s.iBox(), s.lBox(), s.fBox(), d, s.cBox());
    }

    private <M extends Message> void checkRoundTrip(Gen<M> messages) {
        qt().withFixedSeed(SEED).withExamples(EXAMPLES).forAll(messages, Gens.instants()).checkAssert((m, time) -> {
            Event<M> event = new Event<>(time, m);
            String json = codec.toJson(event);
            Event<?> back;
            try {
                back = codec.readEvent(json);
            } catch (CodecException e) {
                throw new AssertionError(e.getMessage() + " in " + json, e);
            }
            assertEquals(event, back, json);
            assertEquals(json, codec.toJson(event), "encoding the same event twice");
            assertEquals(json, jacksonOnly.toJson(event), "the hand-written paths write what Jackson writes");
            try {
                assertEquals(event, jacksonOnly.readEvent(json), "the hand-written paths read what Jackson reads");
            } catch (CodecException e) {
                throw new AssertionError(e.getMessage() + " in " + json, e);
            }
            assertArrayEquals(json.getBytes(StandardCharsets.UTF_8),
                    codec.toJson(back).getBytes(StandardCharsets.UTF_8), "encoding the event read back");
            try {
                assertEquals(m, codec.readMessage(codec.types().nameOf(m), codec.dataToJson(m)));
            } catch (CodecException e) {
                throw new AssertionError(e.getMessage(), e);
            }
        });
    }

    /** Generators of the supported field types, edge cases included. */
    static final class Gens {

        private Gens() {}

        static <T> Gen<T> of(java.util.function.Function<RandomnessSource, T> f) {
            return f::apply;
        }

        /** {@code gen}, or null one time in eight. */
        static <T> Gen<T> nullable(Gen<T> gen) {
            return Generate.frequency(Pair.of(1, Generate.constant((Supplier<T>) () -> null)), Pair.of(7, gen));
        }

        static Gen<Integer> ints(int min, int max) {
            return Generate.range(min, max);
        }

        static Gen<Long> longs() {
            return Generate.frequency(Pair.of(3, Generate.longRange(Long.MIN_VALUE, Long.MAX_VALUE)),
                    Pair.of(1, Generate.pick(List.of(0L, -1L, 1L, Long.MIN_VALUE, Long.MAX_VALUE,
                            (long) Integer.MAX_VALUE + 1, 9_007_199_254_740_993L))));
        }

        static Gen<Double> doubles() {
            Gen<Double> anyBits = Generate.longRange(Long.MIN_VALUE, Long.MAX_VALUE).map(Double::longBitsToDouble)
                    .map(d -> Double.isFinite(d) ? d : 1.0);
            Gen<Double> decimals = Generate.range(-100_000, 100_000).map(i -> i / 100.0);
            Gen<Double> edges = Generate.pick(List.of(0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE,
                    Double.MIN_NORMAL, 0.1, 1e22, 1e23, 9007199254740993.0, 4.35));
            return Generate.frequency(Pair.of(4, anyBits), Pair.of(3, decimals), Pair.of(1, edges));
        }

        static Gen<Float> floats() {
            Gen<Float> anyBits = Generate.range(Integer.MIN_VALUE, Integer.MAX_VALUE).map(Float::intBitsToFloat)
                    .map(f -> Float.isFinite(f) ? f : 1.0f);
            Gen<Float> edges = Generate.pick(List.of(0.0f, -0.0f, Float.MIN_VALUE, Float.MAX_VALUE, 0.1f, 16777217f));
            return Generate.frequency(Pair.of(4, anyBits), Pair.of(1, edges));
        }

        /** Any char: ASCII with controls, quotes and backslashes, the BMP, even lone surrogates. */
        static Gen<Character> chars() {
            return Generate.frequency(Pair.of(4, Generate.characters(0, 127)), Pair.of(2, Generate.characters(128, 0xFFFF)),
                    Pair.of(1, Generate.pick(List.of('"', '\\', '\n', '\u2028', '\u0000', '\uFEFF', '\uD800', '\uDFFF'))));
        }

        static Gen<String> strings() {
            Gen<Integer> length = Generate.range(0, 12);
            Gen<Character> chars = chars();
            Gen<Integer> supplementary = Generate.range(0x10000, 0x10FFFF);
            Gen<Boolean> astral = Generate.range(0, 9).map(i -> i == 0);
            return of(in -> {
                StringBuilder b = new StringBuilder();
                int n = length.generate(in);
                for (int i = 0; i < n; i++) {
                    if (astral.generate(in)) {
                        b.appendCodePoint(supplementary.generate(in));
                    } else {
                        b.append(chars.generate(in).charValue());
                    }
                }
                return b.toString();
            });
        }

        static Gen<Instant> instants() {
            Gen<Instant> anywhere = Generate.longRange(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond())
                    .zip(Generate.range(0, 999_999_999), Instant::ofEpochSecond);
            Gen<Instant> recent = Generate.longRange(1_700_000_000L, 1_900_000_000L)
                    .zip(Generate.pick(List.of(0, 500_000_000, 123_000_000, 1, 999_999_999, 120_000)), Instant::ofEpochSecond);
            Gen<Instant> fourDigitYears = Generate.longRange(-62_167_219_200L, 253_402_300_799L)
                    .zip(Generate.range(0, 999_999_999), Instant::ofEpochSecond);
            return Generate.frequency(Pair.of(1, anywhere), Pair.of(2, recent), Pair.of(2, fourDigitYears));
        }

        static Gen<Scalars> scalars() {
            Gen<String> s = nullable(strings());
            Gen<Boolean> z = Generate.booleans();
            Gen<Integer> b = ints(Byte.MIN_VALUE, Byte.MAX_VALUE);
            Gen<Integer> sh = ints(Short.MIN_VALUE, Short.MAX_VALUE);
            Gen<Integer> i = ints(Integer.MIN_VALUE, Integer.MAX_VALUE);
            Gen<Long> l = longs();
            Gen<Float> f = floats();
            Gen<Double> d = doubles();
            Gen<Character> c = chars();
            return of(in -> new Scalars(s.generate(in), z.generate(in), b.generate(in).byteValue(),
                    sh.generate(in).shortValue(), i.generate(in), l.generate(in), f.generate(in), d.generate(in),
                    c.generate(in), nullable(z).generate(in), nullable(b.map(Integer::byteValue)).generate(in),
                    nullable(sh.map(Integer::shortValue)).generate(in), nullable(i).generate(in),
                    nullable(l).generate(in), nullable(f).generate(in), nullable(d).generate(in),
                    nullable(c).generate(in)));
        }

        static Gen<OffsetDateTime> offsetDateTimes() {
            Gen<Long> seconds = Generate.longRange(LocalDateTime.MIN.toEpochSecond(ZoneOffset.UTC),
                    LocalDateTime.MAX.toEpochSecond(ZoneOffset.UTC));
            Gen<Integer> nanos = Generate.range(0, 999_999_999);
            Gen<Integer> offsets = Generate.frequency(Pair.of(2, Generate.range(-18 * 3600, 18 * 3600)),
                    Pair.of(1, Generate.range(-18 * 4, 18 * 4).map(q -> q * 900)));
            return of(in -> OffsetDateTime.of(LocalDateTime.ofEpochSecond(seconds.generate(in), nanos.generate(in),
                    ZoneOffset.UTC), ZoneOffset.ofTotalSeconds(offsets.generate(in))));
        }

        static Gen<Path> paths() {
            Gen<Integer> count = Generate.range(0, 4);
            // ASCII only: the test JVM may run with a C locale, where the file system takes no other names
            Gen<String> segment = of(in -> {
                StringBuilder b = new StringBuilder();
                int n = Generate.range(1, 8).generate(in);
                for (int k = 0; k < n; k++) {
                    b.append(Generate.characters(32, 126).generate(in).charValue());
                }
                return b.toString().replace('/', '_');
            });
            Gen<Boolean> absolute = Generate.booleans();
            return of(in -> {
                StringBuilder b = new StringBuilder(absolute.generate(in) ? "/" : "");
                int n = count.generate(in);
                for (int k = 0; k < n; k++) {
                    b.append(k == 0 ? "" : "/").append(segment.generate(in));
                }
                return Path.of(b.toString());
            });
        }

        static Gen<Times> times() {
            Gen<Instant> instant = nullable(instants());
            Gen<OffsetDateTime> odt = nullable(offsetDateTimes());
            Gen<LocalDate> date = nullable(Generate.longRange(LocalDate.MIN.toEpochDay(), LocalDate.MAX.toEpochDay())
                    .map(LocalDate::ofEpochDay));
            Gen<LocalTime> time = nullable(Generate.longRange(0, 86_400_000_000_000L - 1).map(LocalTime::ofNanoOfDay));
            Gen<Duration> duration = nullable(longs().zip(Generate.range(0, 999_999_999), Duration::ofSeconds));
            Gen<Path> path = nullable(paths());
            Gen<UUID> uuid = nullable(longs().zip(longs(), UUID::new));
            Gen<Color> color = nullable(Generate.enumValues(Color.class));
            Gen<Severity> severity = nullable(Generate.enumValues(Severity.class));
            return of(in -> new Times(instant.generate(in), odt.generate(in), date.generate(in), time.generate(in),
                    duration.generate(in), path.generate(in), uuid.generate(in), color.generate(in),
                    severity.generate(in)));
        }

        static <T> Gen<List<T>> lists(Gen<T> element, int max) {
            Gen<Integer> size = Generate.range(0, max);
            return of(in -> {
                List<T> list = new ArrayList<>();
                int n = size.generate(in);
                for (int k = 0; k < n; k++) {
                    list.add(element.generate(in));
                }
                return list;
            });
        }

        static Gen<Point> points() {
            return ints(-5, 5).zip(ints(-5, 5), Point::new);
        }

        static Gen<Node> trees(int depth) {
            Gen<String> label = nullable(strings());
            if (depth == 0) {
                return label.map(l -> new Node(l, List.of()));
            }
            Gen<List<Node>> children = nullable(lists(trees(depth - 1), 3));
            return label.zip(children, Node::new);
        }

        static Gen<Containers> containers() {
            Gen<Optional<String>> text = Generate.booleans().zip(strings(), (p, s) -> p ? Optional.of(s) : Optional.empty());
            Gen<Optional<Point>> point = Generate.booleans().zip(points(), (p, s) -> p ? Optional.of(s) : Optional.empty());
            Gen<List<String>> strings = nullable(lists(nullable(strings()), 5));
            Gen<Set<Integer>> ints = nullable(lists(nullable(ints(-20, 20)), 8).map(l -> (Set<Integer>) new LinkedHashSet<>(l)));
            Gen<String> keys = strings().map(k -> ValueCodec.hasUnpairedSurrogate(k) ? k.replaceAll("\\p{Cs}", "?") : k);
            Gen<Map<String, Double>> byName = nullable(lists(keys.zip(nullable(doubles()), Pair::of), 4)
                    .map(Gens::toMap));
            Gen<Map<Point, String>> byPoint = nullable(lists(nullable(points()).zip(nullable(strings()), Pair::of), 4)
                    .map(Gens::toMap));
            Gen<Map<Color, List<Long>>> byColor = nullable(lists(nullable(Generate.enumValues(Color.class))
                    .zip(nullable(lists(longs(), 3)), Pair::of), 3).map(Gens::toMap));
            Gen<List<Optional<Instant>>> maybeTimes = nullable(lists(Generate.booleans().zip(instants(),
                    (p, t) -> p ? Optional.of(t) : Optional.<Instant>empty()), 3));
            Gen<Node> tree = nullable(trees(3));
            return of(in -> new Containers(text.generate(in), point.generate(in), strings.generate(in), ints.generate(in),
                    byName.generate(in), byPoint.generate(in), byColor.generate(in), maybeTimes.generate(in),
                    tree.generate(in)));
        }

        static <K, V> Map<K, V> toMap(List<Pair<K, V>> pairs) {
            Map<K, V> map = new LinkedHashMap<>();
            pairs.forEach(p -> map.put(p._1, p._2));
            return map;
        }

        /** Events of every shape an error message may embed. */
        static Gen<Event<?>> events() {
            Gen<Message> typed = Generate.oneOf(scalars().map(m -> (Message) m), times().map(m -> (Message) m),
                    strings().zip(longs(), doubles(), (s, l, d) -> (Message) new SensorReading(s, l, d, "C", null)));
            Gen<Message> raw = Generate.oneOf(
                    scalars().map(s -> (Message) new RawMessage("other.app:Thing", new EventCodec(Samples.registry())
                            .dataToJson(s))),
                    strings().map(s -> (Message) new RawMessage(null, "{\"note\":" + quote(s) + ", \"n\":  1.50}")));
            Gen<Message> payload = Generate.frequency(Pair.of(3, typed), Pair.of(1, raw));
            return instants().zip(payload, (t, m) -> new Event<>(t, m));
        }

        static String quote(String s) {
            return new EventCodec(Samples.registry()).dataToJson(new SensorReading(s, 0, 0, null, null))
                    .replaceFirst("^\\{\"sensor\":(\".*\"),\"seq\".*$", "$1");
        }

        static Gen<Wrapper> wrappers() {
            Gen<String> iface = nullable(strings());
            Gen<Scalars> scalars = nullable(scalars());
            Gen<Times> times = nullable(times());
            Gen<Containers> containers = nullable(containers());
            Gen<Event<?>> event = nullable(events());
            return of(in -> new Wrapper(iface.generate(in), scalars.generate(in), times.generate(in),
                    containers.generate(in), event.generate(in)));
        }
    }
}
