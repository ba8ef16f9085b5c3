package io.bussdcc.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Message;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.codec.PythonShapes.Bad;
import io.bussdcc.codec.PythonShapes.BadDefault;
import io.bussdcc.codec.PythonShapes.Defaults;
import io.bussdcc.codec.PythonShapes.Duplicate;
import io.bussdcc.codec.PythonShapes.Enums;
import io.bussdcc.codec.PythonShapes.Form;
import io.bussdcc.codec.PythonShapes.Keyed;
import io.bussdcc.codec.PythonShapes.Level;
import io.bussdcc.codec.PythonShapes.Mode;
import io.bussdcc.codec.PythonShapes.Money;
import io.bussdcc.codec.PythonShapes.Naive;
import io.bussdcc.codec.PythonShapes.Span;
import io.bussdcc.codec.PythonShapes.TupleMessage;
import io.bussdcc.codec.PythonShapes.Tuples;
import io.bussdcc.codec.PythonShapes.Unit;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Each value the Python original writes or accepts differently, read and written by the codec. */
class PythonShapesTest {

    private final EventCodec java = new EventCodec(PythonShapes.java());
    private final EventCodec python = new EventCodec(PythonShapes.python());

    private static Message read(EventCodec codec, String type, String data) {
        try {
            return codec.readMessage(type, data);
        } catch (CodecException e) {
            throw new AssertionError(data, e);
        }
    }

    private static String readFails(EventCodec codec, String type, String data) {
        return assertThrows(CodecException.class, () -> codec.readMessage(type, data)).getMessage();
    }

    // ---- enums --------------------------------------------------------------------------

    @Test
    void anEnumFromPythonIsWrittenAsItsValueAndAJavaOneAsItsNameUnlessAnnotated() {
        Enums m = new Enums(Mode.AUTO, Level.HIGH, Unit.KILOPASCAL);
        assertEquals("{\"mode\":\"auto\",\"level\":2,\"unit\":\"kPa\"}", python.dataToJson(m));
        assertEquals("{\"mode\":\"AUTO\",\"level\":\"HIGH\",\"unit\":\"kPa\"}", java.dataToJson(m));
    }

    @Test
    void anEnumReadsFromItsValueOrItsNameWhateverTheOrigin() {
        Enums m = new Enums(Mode.MANUAL, Level.LOW, Unit.CELSIUS);
        for (EventCodec codec : List.of(java, python)) {
            assertEquals(m, read(codec, "test.py:Enums", "{\"mode\":\"manual\",\"level\":1,\"unit\":\"C\"}"));
            assertEquals(m, read(codec, "test.py:Enums", "{\"mode\":\"MANUAL\",\"level\":\"LOW\",\"unit\":\"CELSIUS\"}"));
        }
    }

    @Test
    void anUnknownEnumValueIsReportedWithTheValuesItCouldHaveBeen() {
        assertEquals("mode: \"off\" is not one of Mode [AUTO (\"auto\"), MANUAL (\"manual\")]",
                readFails(python, "test.py:Enums", "{\"mode\":\"off\",\"level\":1,\"unit\":\"C\"}"));
        assertEquals("level: 3 is not one of Level [LOW (1), HIGH (2)]",
                readFails(python, "test.py:Enums", "{\"mode\":\"auto\",\"level\":3,\"unit\":\"C\"}"));
        assertEquals("level: expected a Level value, found a boolean (true)",
                readFails(python, "test.py:Enums", "{\"mode\":\"auto\",\"level\":true,\"unit\":\"C\"}"));
    }

    @Test
    void wireValuesThatCannotWorkFailWhenTheTypeIsChecked() {
        EncodingException twice = assertThrows(EncodingException.class, () -> java.requireEncodable(Duplicate.class));
        assertTrue(twice.getMessage().contains("gives A and B the same wire value x"), twice.getMessage());
        EncodingException wrongType = assertThrows(EncodingException.class, () -> java.requireEncodable(Bad.class));
        assertTrue(wrongType.getMessage().contains("weight cannot give the wire value: it must be an instance method"
                + " without parameters returning String, int or long"), wrongType.getMessage());
    }

    // ---- maps with keys other than strings ----------------------------------------------

    private static <K, V> Map<K, V> map(K k1, V v1, K k2, V v2) {
        Map<K, V> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    private static final UUID ID = UUID.fromString("7d444840-9dc0-11d1-b245-5ffdce74fad2");

    private static Keyed keyed() {
        return new Keyed(map(1, "one", -20, "minus twenty"), map(Mode.AUTO, 10L, Mode.MANUAL, 20L),
                map(Level.LOW, "low", Level.HIGH, "high"), map(true, 1, false, 0), map(ID, "id", ID, "id"),
                map(new Samples.Point(1, 2), "p", new Samples.Point(3, 4), "q"));
    }

    @Test
    void mapsWithScalarKeysAreObjectsForTypesFromPythonAndPairsOtherwise() {
        assertEquals("{\"byInt\":{\"1\":\"one\",\"-20\":\"minus twenty\"},\"byMode\":{\"auto\":10,\"manual\":20},"
                + "\"byLevel\":{\"1\":\"low\",\"2\":\"high\"},\"byFlag\":{\"true\":1,\"false\":0},"
                + "\"byId\":{\"" + ID + "\":\"id\"},"
                + "\"byPoint\":[[{\"x\":1,\"y\":2},\"p\"],[{\"x\":3,\"y\":4},\"q\"]]}", python.dataToJson(keyed()));
        assertEquals("{\"byInt\":[[1,\"one\"],[-20,\"minus twenty\"]],\"byMode\":[[\"AUTO\",10],[\"MANUAL\",20]],"
                + "\"byLevel\":[[\"LOW\",\"low\"],[\"HIGH\",\"high\"]],\"byFlag\":[[true,1],[false,0]],"
                + "\"byId\":[[\"" + ID + "\",\"id\"]],"
                + "\"byPoint\":[[{\"x\":1,\"y\":2},\"p\"],[{\"x\":3,\"y\":4},\"q\"]]}", java.dataToJson(keyed()));
    }

    @Test
    void eitherShapeReadsWhateverTheOrigin() {
        for (EventCodec writer : List.of(java, python)) {
            String data = writer.dataToJson(keyed());
            for (EventCodec reader : List.of(java, python)) {
                assertEquals(keyed(), read(reader, "test.py:Keyed", data), data);
            }
        }
    }

    @Test
    void aKeyThatIsNotOfTheKeyTypeIsReportedAtTheKey() {
        String rest = ",\"byMode\":{},\"byLevel\":{},\"byFlag\":{},\"byId\":{},\"byPoint\":[]}";
        assertEquals("byInt[\"x\"]: \"x\" is not an int (a string of digits)",
                readFails(python, "test.py:Keyed", "{\"byInt\":{\"x\":\"?\"}" + rest));
        assertEquals("byInt[\"01\"]: the key appears twice",
                readFails(python, "test.py:Keyed", "{\"byInt\":{\"1\":\"a\",\"01\":\"b\"}" + rest));
        assertEquals("byFlag[\"yes\"]: \"yes\" is not a boolean (true or false)",
                readFails(python, "test.py:Keyed", "{\"byInt\":{},\"byMode\":{},\"byLevel\":{},\"byFlag\":{\"yes\":1},"
                        + "\"byId\":{},\"byPoint\":[]}"));
        assertEquals("byPoint: expected an array of [key, value] pairs (a Map), found an object",
                readFails(python, "test.py:Keyed", "{\"byInt\":{},\"byMode\":{},\"byLevel\":{},\"byFlag\":{},"
                        + "\"byId\":{},\"byPoint\":{}}"));
    }

    // ---- naive date-times ---------------------------------------------------------------

    @Test
    void aNaiveDateTimeIsWrittenAsPythonWritesItForTypesFromPython() {
        Naive micro = new Naive(LocalDateTime.of(2026, 3, 9, 12, 0, 1, 735_300_000));
        assertEquals("{\"at\":\"2026-03-09T12:00:01.735300\"}", python.dataToJson(micro));
        assertEquals("{\"at\":\"2026-03-09T12:00:01.7353\"}", java.dataToJson(micro));
        Naive whole = new Naive(LocalDateTime.of(2026, 3, 9, 12, 0, 2));
        assertEquals("{\"at\":\"2026-03-09T12:00:02\"}", python.dataToJson(whole));
        Naive nanos = new Naive(LocalDateTime.of(2026, 3, 9, 12, 0, 2, 1));
        assertEquals("{\"at\":\"2026-03-09T12:00:02.000000001\"}", python.dataToJson(nanos));
        for (EventCodec codec : List.of(java, python)) {
            assertEquals(micro, read(codec, "test.py:Naive", "{\"at\":\"2026-03-09T12:00:01.735300\"}"));
            assertEquals(nanos, read(codec, "test.py:Naive", python.dataToJson(nanos)));
        }
    }

    @Test
    void anAwareDateTimeFromPythonKeepsPythonsTextWithPlusZeroForUtc() {
        OffsetDateTime utc = OffsetDateTime.of(2026, 3, 9, 12, 0, 1, 735_301_000, ZoneOffset.UTC);
        assertEquals("{\"at\":\"2026-03-09T12:00:01.735301+00:00\"}", python.dataToJson(new PythonShapes.Aware(utc)));
        assertEquals("{\"at\":\"2026-03-09T12:00:01.735301Z\"}", java.dataToJson(new PythonShapes.Aware(utc)));
        OffsetDateTime plusOne = OffsetDateTime.of(2026, 3, 9, 12, 0, 2, 0, ZoneOffset.ofHours(1));
        assertEquals("{\"at\":\"2026-03-09T12:00:02+01:00\"}", python.dataToJson(new PythonShapes.Aware(plusOne)));
        for (EventCodec codec : List.of(java, python)) {
            assertEquals(new PythonShapes.Aware(utc), read(codec, "test.py:Aware", "{\"at\":\"2026-03-09T12:00:01.735301+00:00\"}"));
            assertEquals(new PythonShapes.Aware(plusOne), read(codec, "test.py:Aware", "{\"at\":\"2026-03-09T12:00:02+01:00\"}"));
        }
    }

    @Test
    void aNaiveDateTimeReadsWhatADatetimeLocalFieldSendsAndRefusesAnOffset() {
        assertEquals(new Naive(LocalDateTime.of(2026, 3, 9, 12, 30)), read(java, "test.py:Naive", "{\"at\":\"2026-03-09T12:30\"}"));
        assertEquals("at: \"2026-03-09T12:30:00+01:00\" is not an ISO-8601 date-time without offset",
                readFails(java, "test.py:Naive", "{\"at\":\"2026-03-09T12:30:00+01:00\"}"));
    }

    // ---- defaults for absent fields -----------------------------------------------------

    @Test
    void anAbsentFieldTakesItsDefaultAndAPresentNullStaysNull() {
        assertEquals(new Defaults("g", 3, "C", List.of(), Mode.AUTO), read(python, "test.py:Defaults", "{\"name\":\"g\"}"));
        assertEquals(new Defaults("g", 5, null, List.of("a"), Mode.MANUAL),
                read(python, "test.py:Defaults", "{\"name\":\"g\",\"retries\":5,\"unit\":null,\"tags\":[\"a\"],"
                        + "\"mode\":\"manual\"}"));
        assertEquals(new Defaults(null, 3, "C", List.of(), Mode.AUTO), read(java, "test.py:Defaults", "{}"));
    }

    @Test
    void aDefaultThatDoesNotFitFailsWhenTheTypeIsChecked() {
        EncodingException e = assertThrows(EncodingException.class, () -> java.requireEncodable(BadDefault.class));
        assertEquals("retries", e.path());
        assertEquals("the @WireDefault text \"three\" does not read as an int: expected an int, found a string"
                + " (\"three\")", e.reason());
    }

    // ---- fixed tuples -------------------------------------------------------------------

    @Test
    void aWireTupleRecordIsAnArrayAndListOfObjectHoldsMixedScalars() {
        List<Object> mixed = new ArrayList<>(List.of(1L, 2.5, "x", true));
        mixed.add(null);
        Tuples t = new Tuples(new Span(3, "low"), mixed);
        String data = java.dataToJson(t);
        assertEquals("{\"span\":[3,\"low\"],\"mixed\":[1,2.5,\"x\",true,null]}", data);
        assertEquals(t, read(java, "test.py:Tuples", data));
        // whole numbers read as Long, others as Double
        assertEquals(List.of(7L, 7.0), ((Tuples) read(java, "test.py:Tuples", "{\"span\":[1,\"a\"],\"mixed\":[7,7.0]}")).mixed());
    }

    @Test
    void aTupleOfTheWrongLengthOrAMessageAsATupleIsRefused() {
        assertEquals("span: expected 2 elements (Span), found 1",
                readFails(java, "test.py:Tuples", "{\"span\":[3],\"mixed\":[]}"));
        assertEquals("span: expected 2 elements (Span), found more",
                readFails(java, "test.py:Tuples", "{\"span\":[3,\"a\",4],\"mixed\":[]}"));
        assertEquals("mixed[0]: expected a string, number, boolean or null, found an object",
                readFails(java, "test.py:Tuples", "{\"span\":[3,\"a\"],\"mixed\":[{}]}"));
        EncodingException e = assertThrows(EncodingException.class, () -> java.requireEncodable(TupleMessage.class));
        assertTrue(e.getMessage().contains("a message's data is an object"), e.getMessage());
        EncodingException notScalar = assertThrows(EncodingException.class, () -> java.dataToJson(
                new Tuples(new Span(1, "a"), List.of(List.of(1)))));
        assertEquals("mixed[0]", notScalar.path());
    }

    // ---- lenient scalars ----------------------------------------------------------------

    @Test
    void lenientScalarsAreAnOptInOfTheRegistry() {
        String form = "{\"count\":\"5\",\"enabled\":\"on\",\"big\":\" -7 \",\"small\":\"+3\"}";
        assertEquals("count: expected an int, found a string (\"5\")", readFails(python, "test.py:Form", form));
        EventCodec lenient = new EventCodec(PythonShapes.python().lenientScalars(true));
        assertEquals(new Form(5, true, -7L, (short) 3), read(lenient, "test.py:Form", form));
        for (String yes : List.of("true", "1", "on", "yes")) {
            assertEquals(true, ((Form) read(lenient, "test.py:Form", "{\"count\":1,\"enabled\":\"" + yes + "\"}")).enabled());
        }
        for (String no : List.of("false", "0", "off", "no")) {
            assertEquals(false, ((Form) read(lenient, "test.py:Form", "{\"count\":1,\"enabled\":\"" + no + "\"}")).enabled());
        }
        assertEquals("count: \"5.0\" is not an int (a string of digits)",
                readFails(lenient, "test.py:Form", "{\"count\":\"5.0\",\"enabled\":true}"));
        assertEquals("small: \"70000\" is out of range for a short",
                readFails(lenient, "test.py:Form", "{\"count\":1,\"enabled\":true,\"small\":\"70000\"}"));
        assertEquals("enabled: \"maybe\" is not a boolean (true, 1, on, yes, false, 0, off or no)",
                readFails(lenient, "test.py:Form", "{\"count\":1,\"enabled\":\"maybe\"}"));
        assertEquals("{\"count\":5,\"enabled\":true,\"big\":-7,\"small\":3}",
                lenient.dataToJson(read(lenient, "test.py:Form", form)), "written as the types say");
    }

    // ---- the fallback for values the codec cannot write ---------------------------------

    @Test
    void aFallbackWritesWhatTheCodecCannotAndWithoutOneTheTypeIsRefused() throws CodecException {
        Money m = new Money("rent", new BigDecimal("1200.50"), List.of("ok", new BigDecimal("2")));
        EncodingException refused = assertThrows(EncodingException.class, () -> java.dataToJson(m));
        assertEquals("amount", refused.path());
        assertThrows(EncodingException.class, () -> java.requireEncodable(Money.class));

        EventCodec withFallback = new EventCodec(PythonShapes.java(),
                v -> v instanceof BigDecimal d ? d.toPlainString() : EncodingFallback.UNHANDLED);
        withFallback.requireEncodable(Money.class);
        assertEquals("{\"what\":\"rent\",\"amount\":\"1200.50\",\"extra\":[\"ok\",\"2\"]}", withFallback.dataToJson(m));
        assertTrue(readFails(withFallback, "test.py:Money", "{\"what\":\"rent\",\"amount\":\"1200.50\",\"extra\":[]}")
                .startsWith("type 'test.py:Money' (io.bussdcc.codec.PythonShapes$Money) cannot be decoded: amount: the"
                        + " codec does not support java.math.BigDecimal"));

        EventCodec unhandled = new EventCodec(PythonShapes.java(), v -> EncodingFallback.UNHANDLED);
        EncodingException e = assertThrows(EncodingException.class, () -> unhandled.dataToJson(m));
        assertEquals("amount: java.math.BigDecimal cannot be written, and the sink's fallback left it unhandled",
                e.getMessage());
        EventCodec loop = new EventCodec(PythonShapes.java(), v -> v);
        EncodingException looped = assertThrows(EncodingException.class, () -> loop.dataToJson(m));
        assertTrue(looped.getMessage().startsWith("amount: the sink's fallback gave values it cannot write 16 times over"),
                looped.getMessage());
        EventCodec toMap = new EventCodec(PythonShapes.java(), v -> Map.of("unscaled", 120050, "scale", 2));
        assertTrue(toMap.dataToJson(new Money("r", BigDecimal.ONE, List.of())).contains("\"amount\":{\""),
                "a replacement is written by its run-time class");
    }
}
