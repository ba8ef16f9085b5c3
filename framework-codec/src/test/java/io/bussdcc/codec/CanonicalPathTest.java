package io.bussdcc.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import io.bussdcc.api.Event;
import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.RawMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * The direct path ({@link CanonicalPath#tryWrite}) against the generator: the same bytes, or -1.
 */
class CanonicalPathTest {

    private static final long SEED = 20261125L;

    @MessageType("test.fast:Simple")
    record Simple(String s, long l, int i, double d, boolean z, Long boxedLong, Integer boxedInt, Double boxedDouble,
            Boolean boxedBoolean, short sh, byte by, String note) implements Message {}

    @MessageType("test.fast:Other")
    record Other(float f, char c) implements Message {}

    @MessageType("test.fast:Listed")
    record Listed(List<String> names) implements Message {}

    @MessageType("test.fast:Empty")
    record Empty() implements Message {}

    @MessageType("test.fast:Quoted\"Name")
    record Quoted(int x) implements Message {}

    private final MessageTypeRegistry types = Samples.registry().register(Simple.class).register(Other.class)
            .register(Listed.class).register(Empty.class).register(Quoted.class);
    private final EventCodec codec = new EventCodec(types);
    private int plain;

    private int fast(Event<?> e, byte[] out) {
        return codec.tryWriteCanonical(e, out);
    }

    private void assertSameBytes(Event<?> e) {
        byte[] out = new byte[512];
        int n = fast(e, out);
        if (n >= 0) {
            plain++;
            String general;
            try {
                general = codec.toJson(e);
            } catch (EncodingException refused) {
                throw new AssertionError("the fast path wrote what the generator refuses: " + e, refused);
            }
            assertEquals(general, new String(out, 0, n, StandardCharsets.UTF_8));
        }
    }

    private static Gen<String> strings() {
        return SourceDSL.strings().betweenCodePoints(0x20, 0x7F).ofLengthBetween(0, 12)
                .mix(SourceDSL.strings().betweenCodePoints(0, 0x7F).ofLengthBetween(0, 12), 10)
                .mix(SourceDSL.strings().allPossible().ofLengthBetween(0, 6), 5)
                .mix(Generate.pick(Arrays.asList("sensor-01", "°C", "a\"b", "a\\b", "\n", "\u007f", "😀", "/", "")), 10);
    }

    private static Gen<Double> doubles() {
        return SourceDSL.integers().between(-1_000_000, 1_000_000).map(i -> i / 100.0)
                .mix(SourceDSL.doubles().any(), 30)
                .mix(Generate.pick(Arrays.asList(0.0, -0.0, 1e-7, 1e22, 0.1 + 0.2, Double.NaN, Double.NEGATIVE_INFINITY)), 10);
    }

    @Test
    void writesTheGeneratorsBytesOrStepsAside() {
        Gen<Long> longs = SourceDSL.longs().all().mix(SourceDSL.longs().between(-1000, 1000), 50)
                .mix(Generate.pick(Arrays.asList(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L)), 10);
        Gen<Integer> ints = SourceDSL.integers().all();
        Gen<Object[]> first = strings().zip(longs, ints, doubles(), (s, l, i, d) -> new Object[] {s, l, i, d});
        qt().withFixedSeed(SEED).withExamples(30_000)
                .forAll(first, longs.toOptionals(30), doubles().toOptionals(30), SourceDSL.integers().between(0, 999_999_999))
                .checkAssert((a, bl, bd, nanos) -> assertSameBytes(new Event<>(Instant.ofEpochSecond(1_700_000_000L + nanos % 5, nanos),
                        new Simple((String) a[0], (Long) a[1], (Integer) a[2], (Double) a[3], nanos % 2 == 0, bl.orElse(null),
                                nanos % 3 == 0 ? null : (int) (nanos % 1000), bd.orElse(null), nanos % 5 == 0 ? null : nanos % 7 == 0,
                                (short) (int) (Integer) a[2], (byte) (int) (Integer) a[2], nanos % 4 == 0 ? "calibrated" : null))));
        assertTrue(plain > 5_000, "the fast path wrote " + plain + " events");
    }

    @Test
    void othersStepAside() {
        byte[] out = new byte[512];
        Instant t = Instant.parse("2026-03-09T23:45:02.5Z");
        assertEquals(-1, fast(new Event<>(t, new Other(1.5f, 'x')), out), "floats and chars go to the generator");
        assertEquals(-1, fast(new Event<>(t, new Listed(List.of("a"))), out));
        assertEquals(-1, fast(new Event<>(t, new Quoted(1)), out), "a type name that needs escaping");
        assertEquals(-1, fast(new Event<>(t, new RawMessage("x:Y", "{}")), out));
        assertEquals(-1, fast(new Event<>(Instant.parse("+10000-01-01T00:00:00Z"), new Empty()), out));
        Simple big = new Simple("x".repeat(600), 1, 2, 3.0, true, null, null, null, null, (short) 1, (byte) 1, null);
        assertEquals(-1, fast(new Event<>(t, big), out), "does not fit");
        Event<?> empty = new Event<>(t, new Empty());
        int n = fast(empty, out);
        assertEquals("{\"time\":\"2026-03-09T23:45:02.5Z\",\"type\":\"test.fast:Empty\",\"data\":{}}", new String(out, 0, n,
                StandardCharsets.US_ASCII));
        byte[] exact = codec.toJson(empty).getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(exact, Arrays.copyOf(out, n));
        for (int size = 0; size < exact.length; size++) {
            assertEquals(-1, fast(empty, new byte[size]), "a buffer of " + size);
        }
        assertEquals(exact.length, fast(empty, new byte[exact.length]));
    }

    @Test
    void theWorkloadTakesTheFastPath() {
        Samples.SensorReading r = new Samples.SensorReading("sensor-07", 7, 0.07, "V", null);
        Event<?> e = new Event<>(Instant.parse("2026-03-09T23:45:02.123456789Z"), r);
        byte[] out = new byte[256];
        int n = fast(e, out);
        assertEquals(codec.toJson(e), new String(out, 0, n, StandardCharsets.US_ASCII));
    }
}
