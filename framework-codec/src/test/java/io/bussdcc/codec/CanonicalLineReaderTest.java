package io.bussdcc.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import io.bussdcc.api.Event;
import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;
import io.bussdcc.api.MessageTypeRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * The canonical-line fast path against the general reader: on the lines the codec writes, and
 * on those lines damaged at random, it gives the general reader's event or steps aside (null);
 * it never reads a line the general reader refuses, nor reads one differently.
 */
class CanonicalLineReaderTest {

    private static final long SEED = 20261125L;

    @MessageType("test.fast:Simple")
    record Simple(String s, long l, int i, double d, boolean z, Long boxedLong, Integer boxedInt, Double boxedDouble,
            Boolean boxedBoolean, short sh, byte by, String note) implements Message {}

    @MessageType("test.fast:Empty")
    record Empty() implements Message {}

    @MessageType("test.fast:Checked")
    record Checked(int positive) implements Message {
        Checked {
            if (positive <= 0) {
                throw new IllegalArgumentException("not positive: " + positive);
            }
        }
    }

    private final MessageTypeRegistry types = Samples.registry().register(Simple.class).register(Empty.class)
            .register(Checked.class);
    private final EventCodec codec = new EventCodec(types);
    private final CanonicalLineReader fast = new CanonicalLineReader(types);

    /** What the general reader makes of the line: the event, or the error's message. */
    private Object general(byte[] line) {
        try {
            return codec.readEventGeneral(line, 0, line.length);
        } catch (CodecException e) {
            return "error: " + e.getMessage();
        }
    }

    private int fastReads;

    private void assertAgrees(byte[] line) {
        Event<?> read = fast.read(line, 0, line.length);
        if (read != null) {
            fastReads++;
            assertEquals(general(line), read, () -> new String(line, StandardCharsets.UTF_8));
        }
    }

    private static Gen<String> strings() {
        // ASCII, quotes, backslashes, controls, DEL, Latin-1, CJK and a surrogate pair.
        return SourceDSL.strings().betweenCodePoints(0x20, 0x7F).ofLengthBetween(0, 12)
                .mix(SourceDSL.strings().betweenCodePoints(0, 0x7F).ofLengthBetween(0, 12), 10)
                .mix(SourceDSL.strings().allPossible().ofLengthBetween(0, 6), 5)
                .mix(Generate.pick(Arrays.asList("sensor-01", "°C", "a\"b", "a\\b", "\n", "\u007f", "😀", "")), 10);
    }

    private static Gen<Double> doubles() {
        return SourceDSL.integers().between(-1_000_000, 1_000_000).map(i -> i / 100.0)
                .mix(SourceDSL.longs().between(-999_999_999_999_999L, 999_999_999_999_999L).map(l -> l / 1e6), 20)
                .mix(SourceDSL.doubles().any(), 10)
                .mix(Generate.pick(Arrays.asList(0.0, -0.0, 1e-7, 1e22, 123456789012345.6, 0.1 + 0.2, -1.0)), 20);
    }

    private static Gen<Simple> simples() {
        Gen<Long> longs = SourceDSL.longs().all().mix(SourceDSL.longs().between(-1000, 1000), 50);
        Gen<Integer> ints = SourceDSL.integers().all();
        return strings().zip(longs, ints, doubles(), (s, l, i, d) -> new Object[] {s, l, i, d})
                .zip(SourceDSL.booleans().all(), longs.toOptionals(30), ints.toOptionals(30), (a, z, bl, bi) ->
                        new Object[] {a[0], a[1], a[2], a[3], z, bl.orElse(null), bi.orElse(null)})
                .zip(doubles().toOptionals(30), SourceDSL.booleans().all().toOptionals(30),
                        SourceDSL.integers().between(Short.MIN_VALUE, Short.MAX_VALUE), (a, bd, bb, sh) -> new Simple(
                                (String) a[0], (Long) a[1], (Integer) a[2], (Double) a[3], (Boolean) a[4], (Long) a[5],
                                (Integer) a[6], bd.orElse(null), bb.orElse(null), (short) (int) sh,
                                (byte) (int) sh, sh % 3 == 0 ? null : "calibrated"));
    }

    private byte[] line(Message m, long nanos) {
        return codec.toJson(new Event<>(Instant.ofEpochSecond(1_700_000_000L, nanos), m)).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void linesTheCodecWritesAreReadAsTheGeneralReaderReadsThem() {
        qt().withFixedSeed(SEED).withExamples(20_000).forAll(simples(), SourceDSL.integers().between(0, 999_999_999))
                .checkAssert((m, nanos) -> {
                    byte[] line = line(m, nanos);
                    if (Double.isFinite(m.d()) && (m.boxedDouble() == null || Double.isFinite(m.boxedDouble()))) {
                        assertAgrees(line);
                    }
                });
        assertTrue(fastReads > 2_000, "the fast path read " + fastReads + " of the lines");
    }

    @Test
    void plainLinesTakeTheFastPath() {
        Simple m = new Simple("sensor-01", 42, -7, 12.34, true, null, 5, -0.5, false, (short) 3, (byte) -4, null);
        byte[] line = line(m, 123_456_789);
        assertEquals(new Event<>(Instant.ofEpochSecond(1_700_000_000L, 123_456_789), m), fast.read(line, 0, line.length));
        byte[] empty = line(new Empty(), 0);
        assertNotNull(fast.read(empty, 0, empty.length));
        byte[] reading = line(new Samples.SensorReading("sensor-03", 3, 0.03, "%RH", null), 5);
        assertNotNull(fast.read(reading, 0, reading.length));
    }

    @Test
    void otherFormsStepAside() {
        for (String line : new String[] {
            "{\"time\":\"2026-03-09T23:45:02.5Z\",\"type\":\"test.fast:Empty\",\"data\":{}}x",
            "{\"time\": \"2026-03-09T23:45:02.5Z\",\"type\":\"test.fast:Empty\",\"data\":{}}",
            "{\"type\":\"test.fast:Empty\",\"time\":\"2026-03-09T23:45:02.5Z\",\"data\":{}}",
            "{\"time\":\"2026-03-09T23:45:02.5+00:00\",\"type\":\"test.fast:Unknown\",\"data\":{}}",
            "{\"time\":\"2026-03-09T23:45:02.5Z\",\"type\":\"test.fast:Checked\",\"data\":{\"positive\":0}}",
            "{\"time\":\"2026-03-09T23:45:02.5Z\",\"type\":\"test.fast:Checked\",\"data\":{\"positive\":01}}",
            "{\"time\":\"2026-03-09T23:45:02.5Z\",\"type\":\"test.fast:Checked\",\"data\":{\"positive\":1.0}}",
            "{\"time\":\"2026-03-09T23:45:02.5Z\",\"type\":\"test.fast:Checked\",\"data\":{\"positive\":null}}",
            "{\"time\":\"2026-03-09T23:45:02.5Z\",\"type\":\"test.fast:Checked\",\"data\":{\"positive\":1,\"x\":2}}",
            "{\"time\":\"2026-02-30T23:45:02.5Z\",\"type\":\"test.fast:Empty\",\"data\":{}}",
            "{\"time\":\"2026-03-09T23:45:02.5\",\"type\":\"test.fast:Empty\",\"data\":{}}"}) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            assertNull(fast.read(bytes, 0, bytes.length), line);
        }
        byte[] ok = "{\"time\":\"2026-03-09T23:45:02.5Z\",\"type\":\"test.fast:Checked\",\"data\":{\"positive\":7}}"
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(general(ok), fast.read(ok, 0, ok.length));
    }

    @Test
    void numbersAtTheEdgesAreReadAsTheGeneralReaderReadsThem() {
        String template = "{\"time\":\"2026-03-09T23:45:02.5Z\",\"type\":\"test.fast:Simple\",\"data\":{\"s\":\"x\","
                + "\"l\":%L,\"i\":%I,\"d\":%D,\"z\":true,\"boxedLong\":null,\"boxedInt\":null,\"boxedDouble\":%D,"
                + "\"boxedBoolean\":null,\"sh\":%S,\"by\":%B,\"note\":null}}";
        String[] doubles = {"-0", "0", "-0.0", "0.0", "1.50", "5", "-5", "123456789012345", "1234567890123456",
            "12345678.9012345", "0.000000000000001", "9007199254740993", "1e5", "1E-5", "01.5", "-.5", "1.", "0.1"};
        String[] longs = {"0", "-0", "9223372036854775807", "-9223372036854775808", "999999999999999999",
            "-999999999999999999", "1000000000000000000", "00", "-", "1.0"};
        String[] ints = {"2147483647", "-2147483648", "2147483648", "-2147483649", "0"};
        String[] shorts = {"32767", "-32768", "32768", "-32769"};
        String[] bytes = {"127", "-128", "128", "-129"};
        int read = 0;
        for (String d : doubles) {
            for (String l : longs) {
                for (int k = 0; k < 4; k++) {
                    String line = template.replace("%D", d).replace("%L", l).replace("%I", ints[k % ints.length])
                            .replace("%S", shorts[k]).replace("%B", bytes[k]);
                    byte[] b = line.getBytes(StandardCharsets.UTF_8);
                    fastReads = 0;
                    assertAgrees(b);
                    read += fastReads;
                }
            }
        }
        assertTrue(read > 50, "the fast path read " + read);
    }

    @Test
    void damagedLinesAreReadAsTheGeneralReaderReadsThemOrLeftToIt() {
        Random random = new Random(SEED);
        byte[] alphabet = "{}[]\",:.-+eE0123456789 \\nulltruefalse\u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1);
        qt().withFixedSeed(SEED).withExamples(6_000).forAll(simples(), SourceDSL.integers().between(0, 999_999_999))
                .checkAssert((m, nanos) -> {
                    if (!Double.isFinite(m.d()) || m.boxedDouble() != null && !Double.isFinite(m.boxedDouble())) {
                        return;
                    }
                    byte[] line = line(m, nanos);
                    for (int k = 0; k < 30; k++) {
                        assertAgrees(mutate(line, random, alphabet));
                    }
                });
        assertTrue(fastReads > 500, "the fast path read " + fastReads + " damaged lines");
    }

    private static byte[] mutate(byte[] line, Random random, byte[] alphabet) {
        byte[] b = line.clone();
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && b.length > 1; e++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(4)) {
                case 0 -> b[at] = alphabet[random.nextInt(alphabet.length)];
                case 1 -> b = concat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, at + 1, b.length));
                case 2 -> b = concat(concat(Arrays.copyOf(b, at), new byte[] {alphabet[random.nextInt(alphabet.length)]}),
                        Arrays.copyOfRange(b, at, b.length));
                default -> b = Arrays.copyOf(b, at);
            }
        }
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
