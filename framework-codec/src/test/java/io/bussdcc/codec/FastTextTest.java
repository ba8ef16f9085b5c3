package io.bussdcc.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import tools.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The codec's fast paths write exactly what the general ones would: doubles as
 * {@link Double#toString(double)}, times as {@link java.time.format.DateTimeFormatter#ISO_INSTANT}
 * with the fraction trimmed, and times read back through the cached second as through a fresh parse.
 */
class FastTextTest {

    private static final long SEED = 20261125L;

    private static String fast(double d) {
        char[] out = new char[DoubleText.MAX_LENGTH];
        int n = DoubleText.format(d, out);
        return n < 0 ? null : new String(out, 0, n);
    }

    /** The fast text where there is one, else null: it must then be Double.toString's. */
    private static void assertSameText(double d) {
        String text = fast(d);
        if (text != null) {
            assertEquals(Double.toString(d), text, "text of " + Double.toString(d));
        }
    }

    @Test
    void measurementLikeDoublesAreWrittenAsDoubleToString() {
        // k / 10^p: the values sensors send, in and around the fast range.
        qt().withFixedSeed(SEED).withExamples(200_000)
                .forAll(longs().between(-100_000_000_000_000L, 100_000_000_000_000L), integers().between(0, 10))
                .checkAssert((k, p) -> assertSameText(k / Math.pow(10, p)));
    }

    @Test
    void anyDoubleIsWrittenAsDoubleToStringOrLeftToIt() {
        qt().withFixedSeed(SEED).withExamples(200_000).forAll(doubles().any()).checkAssert(FastTextTest::assertSameText);
        qt().withFixedSeed(SEED).withExamples(200_000).forAll(doubles().between(-2e7, 2e7))
                .checkAssert(FastTextTest::assertSameText);
        qt().withFixedSeed(SEED).withExamples(200_000).forAll(longs().all())
                .checkAssert(bits -> assertSameText(Double.longBitsToDouble(bits)));
    }

    @Test
    void boundariesOfTheFastRange() {
        double[] edges = {0.001, -0.001, Math.nextDown(0.001), Math.nextUp(0.001), 1e7, Math.nextDown(1e7), -Math.nextDown(1e7),
            9_999_999.99999999, 9_999_999.999999999, 0.1, 0.2, 0.1 + 0.2, 1.0, -1.0, 0.5, 2.0, 10.0, 100.0, 1e6, 1234567.0,
            0.30000000000000004, 12.34, 99.99, 0.01, 0.05, 1013.25, 26.951234, 0.12345678, 0.123456789, 1.0E-3, 123456.78901234};
        for (double d : edges) {
            assertSameText(d);
        }
        assertEquals("12.34", fast(12.34));
        assertEquals("0.05", fast(0.05));
        assertEquals("-1013.25", fast(-1013.25));
        assertEquals("100.0", fast(100.0));
        assertEquals(null, fast(0.0), "zero is left to Double.toString");
        assertEquals(null, fast(1e7), "1.0E7 is scientific");
        assertEquals(null, fast(Double.NaN));
    }

    @Test
    void theWorkloadValuesAreAllWrittenByTheFastPath() {
        for (int i = 0; i < 10_000; i++) {
            double v = i / 100.0;
            if (i > 0) {
                assertEquals(Double.toString(v), fast(v));
            }
        }
    }

    @Test
    void generatorOutputOfADoubleIsUnchanged() {
        EventCodec codec = new EventCodec(Samples.registry());
        qt().withFixedSeed(SEED).withExamples(20_000).forAll(longs().between(-10_000_000_000L, 10_000_000_000L),
                integers().between(0, 9)).checkAssert((k, p) -> {
                    double d = k / Math.pow(10, p);
                    assertEquals(Double.toString(d), written(codec, d));
                });
    }

    private static String written(EventCodec codec, double d) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = codec.generator(out)) {
            ValueCodec.ScalarCodec.writeDouble(g, d);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void timesParseTheSameThroughTheCachedSecond() {
        // Runs of instants in the same second, then jumps, in both directions and with offsets.
        qt().withFixedSeed(SEED).withExamples(50_000)
                .forAll(longs().between(-62_000_000_000L, 250_000_000_000L), integers().between(0, 999_999_999),
                        integers().between(-3, 3))
                .checkAssert((second, nano, jump) -> {
                    Instant t = Instant.ofEpochSecond(second + jump, nano);
                    String text = new Timestamps().format(t);
                    assertEquals(t, parse(text), text);
                    Instant next = t.plusNanos(1);
                    assertEquals(next, parse(new Timestamps().format(next)));
                    String withOffset = text.replace("Z", "+00:00");
                    assertEquals(t, parse(withOffset), withOffset);
                });
    }

    private static Instant parse(String text) {
        try {
            return Timestamps.parse(text);
        } catch (CodecException e) {
            throw new AssertionError(text, e);
        }
    }
}
