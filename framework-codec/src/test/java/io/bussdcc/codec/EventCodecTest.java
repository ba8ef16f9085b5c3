package io.bussdcc.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Event;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.RawMessage;
import io.bussdcc.api.message.InterfaceStarted;
import io.bussdcc.api.message.ProcessError;
import io.bussdcc.api.message.SystemReload;
import io.bussdcc.codec.Samples.Alarm;
import io.bussdcc.codec.Samples.Color;
import io.bussdcc.codec.Samples.Containers;
import io.bussdcc.codec.Samples.Node;
import io.bussdcc.codec.Samples.OnlyReadings;
import io.bussdcc.codec.Samples.Point;
import io.bussdcc.codec.Samples.SensorReading;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    private static final Instant T = Instant.parse("2026-03-09T23:45:02.5Z");

    private final EventCodec codec = new EventCodec(Samples.registry());

    private static Event<?> event(io.bussdcc.api.Message m) {
        return new Event<>(T, m);
    }

    private CodecException readFails(String json) {
        return assertThrows(CodecException.class, () -> codec.readEvent(json));
    }

    // ---- the wire format ----------------------------------------------------------------

    @Test
    void quoteGivesTheStringLiteralTheCodecWritesForATextField() throws Exception {
        for (String text : List.of("", "plain", "a \"quoted\" \\ path", "line\nbreak\ttab\u0001", "héllo ☃ \uD83C\uDF31")) {
            String quoted = EventCodec.quote(text);
            String line = codec.toJson(event(new SensorReading(text, 1, 0.5, "kPa", null)));
            assertTrue(line.contains("\"sensor\":" + quoted + ","), quoted + " in " + line);
            String back = ((SensorReading) codec.readEvent("{\"time\":\"2026-03-09T23:45:02.5Z\",\"type\":"
                    + "\"greenhouse.sensors:SensorReading\",\"data\":{\"sensor\":" + quoted
                    + ",\"seq\":1,\"value\":0.5,\"unit\":\"kPa\",\"note\":null}}").payload()).sensor();
            assertEquals(text, back);
        }
    }

    @Test
    void writesTimeTypeAndDataCompactly() {
        String json = codec.toJson(event(new SensorReading("sensor-01", 1, 0.31, "kPa", null)));
        assertEquals("{\"time\":\"2026-03-09T23:45:02.5Z\",\"type\":\"greenhouse.sensors:SensorReading\","
                + "\"data\":{\"sensor\":\"sensor-01\",\"seq\":1,\"value\":0.31,\"unit\":\"kPa\",\"note\":null}}", json);
    }

    @Test
    void writesOnlyTheFractionDigitsNeeded() {
        assertEquals("2026-03-09T23:45:02Z", codec.formatTime(Instant.parse("2026-03-09T23:45:02Z")));
        assertEquals("2026-03-09T23:45:02.12Z", codec.formatTime(Instant.parse("2026-03-09T23:45:02.120Z")));
        assertEquals("2026-03-09T23:45:02.000000001Z", codec.formatTime(Instant.parse("2026-03-09T23:45:02.000000001Z")));
        assertEquals("1970-01-01T00:00:00Z", codec.formatTime(Instant.EPOCH));
        assertEquals("+10000-01-01T00:00:00Z", codec.formatTime(Instant.parse("+10000-01-01T00:00:00Z")));
        assertEquals("-0001-12-31T23:59:59.9Z", codec.formatTime(Instant.parse("-0001-12-31T23:59:59.9Z")));
    }

    @Test
    void writesWireNamesForRenamedComponents() {
        assertEquals("{\"interface\":\"web\"}", codec.dataToJson(new InterfaceStarted("web")));
        assertEquals("{}", codec.dataToJson(new SystemReload()));
    }

    @Test
    void writesStringKeyedMapsAsObjectsAndOtherMapsAsPairs() {
        Map<Point, String> byPoint = new LinkedHashMap<>();
        byPoint.put(new Point(1, 2), "a");
        byPoint.put(null, "nothing");
        Containers c = new Containers(Optional.empty(), Optional.of(new Point(0, 0)), List.of(), Set.of(7),
                Map.of("pi", 3.14), byPoint, Map.of(Color.RED, List.of(1L)), List.of(Optional.empty()),
                new Node("root", List.of(new Node("leaf", List.of()))));
        assertEquals("{\"text\":null,\"point\":{\"x\":0,\"y\":0},\"strings\":[],\"ints\":[7],\"byName\":{\"pi\":3.14},"
                + "\"byPoint\":[[{\"x\":1,\"y\":2},\"a\"],[null,\"nothing\"]],\"byColor\":[[\"RED\",[1]]],"
                + "\"maybeTimes\":[null],\"tree\":{\"label\":\"root\",\"children\":[{\"label\":\"leaf\",\"children\":[]}]}}",
                codec.dataToJson(c));
    }

    // ---- times --------------------------------------------------------------------------

    @Test
    void readsThePythonOriginalsOffsetForm() throws Exception {
        Event<?> e = codec.readEvent("{\"time\":\"2026-03-09T23:45:02.500000+00:00\","
                + "\"type\":\"bussdcc.message.system:SystemReload\",\"data\":{}}");
        assertEquals(T, e.time());
        assertEquals(new SystemReload(), e.payload());
    }

    @Test
    void readsOtherOffsetsAsTheSameInstant() throws Exception {
        Event<?> e = codec.readEvent("{\"time\":\"2026-03-10T01:15:02.5+01:30\","
                + "\"type\":\"bussdcc.message.system:SystemReload\",\"data\":{}}");
        assertEquals(T, e.time());
    }

    @Test
    void rejectsANaiveTime() {
        CodecException e = readFails("{\"time\":\"2026-03-09T23:45:02.5\",\"type\":\"x:Y\",\"data\":{}}");
        assertEquals("time", e.path());
        assertTrue(e.reason().contains("no UTC offset"), e.getMessage());
    }

    @Test
    void rejectsATimeThatIsNotADate() {
        CodecException e = readFails("{\"time\":\"2026-02-30T00:00:00Z\",\"type\":\"x:Y\",\"data\":{}}");
        assertEquals("time", e.path());
        assertTrue(e.reason().contains("not an ISO-8601 date-time"), e.getMessage());
        // beyond Instant's range: worded by the innermost cause, the same in every run
        assertEquals("time: '+1000000001-01-01T00:00:00Z' is not an ISO-8601 date-time with offset (Instant exceeds"
                + " minimum or maximum instant)",
                readFails("{\"time\":\"+1000000001-01-01T00:00:00Z\",\"type\":\"x:Y\",\"data\":{}}").getMessage());
        assertEquals("time: expected an ISO-8601 time string, found a number (1741563902)",
                readFails("{\"time\":1741563902,\"type\":\"x:Y\",\"data\":{}}").getMessage());
    }

    // ---- unknown types and the Python original's embedded events ------------------------

    @Test
    void keepsDataOfUnknownTypesAsExactText() throws Exception {
        String data = "{\"b\": [1, 2.50, \"\\u00fc\"], \"a\":{}}";
        String line = "{\"time\":\"2026-03-09T23:45:02.5Z\",\"type\":\"other.app:Thing\",\"data\":" + data + "}";
        Event<?> e = codec.readEvent(line);
        assertEquals(new RawMessage("other.app:Thing", data), e.payload());
        assertEquals(line, codec.toJson(e));
    }

    @Test
    void readsDataBeforeTypeForKnownAndUnknownTypes() throws Exception {
        Event<?> known = codec.readEvent("{\"data\":{\"sensor\":\"s\",\"seq\":1,\"value\":2,\"unit\":\"C\"},"
                + "\"type\":\"greenhouse.sensors:SensorReading\",\"time\":\"2026-03-09T23:45:02.5Z\"}");
        assertEquals(event(new SensorReading("s", 1, 2.0, "C", null)), known);
        Event<?> unknown = codec.readEvent("{\"data\":{\"k\":1},\"type\":\"a:B\",\"time\":\"2026-03-09T23:45:02.5Z\"}");
        assertEquals(event(new RawMessage("a:B", "{\"k\":1}")), unknown);
    }

    @Test
    void readsThePythonOriginalsTypelessEmbeddedEventAndWritesItBackInThatShape() throws Exception {
        String line = "{\"time\":\"2026-03-09T23:45:52.5Z\",\"type\":\"bussdcc.message.process:ProcessError\","
                + "\"data\":{\"process\":\"watch\",\"error\":\"ValueError('cannot handle seq 13')\","
                + "\"evt\":{\"time\":\"2026-03-09T23:45:50Z\",\"payload\":{\"sensor\":\"sensor-06\",\"seq\":13,"
                + "\"value\":4.03,\"unit\":\"kPa\",\"note\":null}},\"traceback\":\"Traceback\\n\"}}";
        Event<?> e = codec.readEvent(line);
        ProcessError error = assertInstanceOf(ProcessError.class, e.payload());
        assertEquals(new Event<>(Instant.parse("2026-03-09T23:45:50Z"), new RawMessage(null,
                "{\"sensor\":\"sensor-06\",\"seq\":13,\"value\":4.03,\"unit\":\"kPa\",\"note\":null}")), error.evt());
        assertEquals(line, codec.toJson(e));
        assertEquals(e, codec.readEvent(codec.toJson(e)));
    }

    @Test
    void embedsTypedEventsInErrorMessages() throws Exception {
        Event<?> failing = new Event<>(T.minusSeconds(1), new Alarm("s", 2, List.of("hot")));
        Event<?> e = event(new ProcessError("watch", "boom", failing, "trace"));
        String json = codec.toJson(e);
        assertTrue(json.contains("\"evt\":{\"time\":\"2026-03-09T23:45:01.5Z\",\"type\":\"greenhouse.sensors:Alarm\","
                + "\"data\":{\"sensor\":\"s\",\"level\":2,\"tags\":[\"hot\"]}}"), json);
        assertEquals(e, codec.readEvent(json));
    }

    @Test
    void checksTheEventTypeOfAnEventComponent() {
        MessageTypeRegistry types = Samples.registry().register("x:Only", OnlyReadings.class);
        EventCodec c = new EventCodec(types);
        CodecException wrongType = assertThrows(CodecException.class, () -> c.readMessage("x:Only",
                "{\"evt\":{\"time\":\"2026-03-09T23:45:02Z\",\"type\":\"greenhouse.sensors:Alarm\","
                        + "\"data\":{\"sensor\":\"s\",\"level\":1,\"tags\":[]}}}"));
        assertEquals("evt", wrongType.path());
        assertTrue(wrongType.reason().contains("expected an event of SensorReading"), wrongType.getMessage());
    }

    @Test
    void rejectsATypelessEventAtTheTopLevel() {
        CodecException e = readFails("{\"time\":\"2026-03-09T23:45:02Z\",\"payload\":{}}");
        assertEquals("missing field 'type'", e.getMessage());
    }

    @Test
    void refusesToWriteRawDataThatIsNotOneLineOfJson() {
        EncodingException twoLines = assertThrows(EncodingException.class,
                () -> codec.toJson(event(new RawMessage("a:B", "{\n}"))));
        assertEquals("data: the RawMessage's data spans more than one line", twoLines.getMessage());
        EncodingException broken = assertThrows(EncodingException.class,
                () -> codec.toJson(event(new RawMessage("a:B", "{\"a\":"))));
        assertTrue(broken.getMessage().startsWith("data: the RawMessage's data is not valid JSON"), broken.getMessage());
        EncodingException array = assertThrows(EncodingException.class,
                () -> codec.toJson(event(new RawMessage("a:B", "[1]"))));
        assertEquals("data: the RawMessage's data is not a JSON object", array.getMessage());
        String nan = codec.toJson(event(new RawMessage("a:B", "{\"v\":NaN}")));
        assertTrue(nan.endsWith("\"data\":{\"v\":\"NaN\"}}"), nan); // quoted, never lost
    }

    // ---- bad data -----------------------------------------------------------------------

    @Test
    void reportsMalformedAndTruncatedJson() {
        CodecException truncated = readFails("{\"time\":\"2026-03-09T23:45:02Z\",\"type\":\"a:B\",\"data\":{\"x\":[1,");
        assertTrue(truncated.getMessage().startsWith("truncated JSON"), truncated.getMessage());
        CodecException malformed = readFails("{\"time\":\"2026-03-09T23:45:02Z\" \"type\":\"a:B\"}");
        assertTrue(malformed.getMessage().startsWith("malformed JSON"), malformed.getMessage());
        assertTrue(malformed.getMessage().contains("column"), malformed.getMessage());
        // Positions inside Jackson's own text keep their column, not its redacted source.
        String unclosed = readFails("{\"time\":\"2026-03-09T23:45:02Z\",\"type\":\"a:B\",\"data\":{\"x\":[1,2").getMessage();
        // (Jackson 3 knows no position for an array's start: that part is dropped, never shown redacted.)
        assertEquals("truncated JSON: Unexpected end-of-input: expected close marker for Array (at column 61)", unclosed);
        String mismatched = readFails("{\"time\":\"2026-03-09T23:45:02Z\",\"type\":\"a:B\",\"data\":{\"x\":[}}").getMessage();
        assertEquals("malformed JSON: Unexpected close marker '}': expected ']' (for Array) (at column 58)", mismatched);
        assertEquals("an event must be a JSON object, found an array", readFails("[1]").getMessage());
        assertEquals("no JSON value (empty input)", readFails("   ").getMessage());
        assertEquals("content after the event's closing brace",
                readFails("{\"time\":\"2026-03-09T23:45:02Z\",\"type\":\"a:B\",\"data\":{}} {}").getMessage());
    }

    @Test
    void refusesBytesInAnotherEncodingThatTheParserWouldGuess() throws Exception {
        String event = "{\"time\":\"2026-03-09T23:45:02Z\",\"type\":\"a:B\",\"data\":{}}";
        for (String charset : List.of("UTF-16", "UTF-16LE", "UTF-16BE", "UTF-32")) {
            byte[] bytes = (charset.equals("UTF-16") ? event : "\uFEFF" + event).getBytes(charset);
            CodecException e = assertThrows(CodecException.class, () -> codec.readEvent(bytes, 0, bytes.length), charset);
            assertTrue(e.getMessage().startsWith("not UTF-8 text: it starts with the bytes "), e.getMessage());
        }
        byte[] utf8 = event.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(codec.readEvent(event), codec.readEvent(utf8, 0, utf8.length));
    }

    @Test
    void reportsMissingTopLevelFields() {
        assertEquals("missing field 'time'", readFails("{\"type\":\"a:B\",\"data\":{}}").getMessage());
        assertEquals("missing field 'data'",
                readFails("{\"time\":\"2026-03-09T23:45:02Z\",\"type\":\"a:B\"}").getMessage());
        assertEquals("missing fields 'time', 'type', 'data'", readFails("{}").getMessage());
    }

    @Test
    void reportsMistypedTopLevelFields() {
        assertEquals("type: expected a type name string, found null",
                readFails("{\"time\":\"2026-03-09T23:45:02Z\",\"type\":null,\"data\":{}}").getMessage());
        assertEquals("data: expected an object, found a string (\"x\")",
                readFails("{\"time\":\"2026-03-09T23:45:02Z\",\"type\":\"a:B\",\"data\":\"x\"}").getMessage());
        assertEquals("type: the field appears twice",
                readFails("{\"time\":\"2026-03-09T23:45:02Z\",\"type\":\"a:B\",\"type\":\"a:B\",\"data\":{}}").getMessage());
    }

    @Test
    void namesTheFieldOfMistypedData() {
        CodecException e = readFails("{\"time\":\"2026-03-09T23:45:02Z\",\"type\":\"greenhouse.sensors:Alarm\","
                + "\"data\":{\"sensor\":\"s\",\"level\":2,\"tags\":[\"hot\",\"C\",3]}}");
        assertEquals("data.tags[2]", e.path());
        assertEquals("expected a string, found a number (3)", e.reason());
        CodecException seq = readFails("{\"time\":\"2026-03-09T23:45:02Z\",\"type\":\"greenhouse.sensors:SensorReading\","
                + "\"data\":{\"sensor\":\"s\",\"seq\":\"13\",\"value\":1.0,\"unit\":\"C\",\"note\":null}}");
        assertEquals("data.seq: expected a long, found a string (\"13\")", seq.getMessage());
        CodecException fraction = readFails("{\"time\":\"2026-03-09T23:45:02Z\",\"type\":\"greenhouse.sensors:SensorReading\","
                + "\"data\":{\"sensor\":\"s\",\"seq\":1.5,\"value\":1.0,\"unit\":\"C\",\"note\":null}}");
        assertEquals("data.seq: expected a long, found a number (1.5)", fraction.getMessage());
        CodecException range = readFails("{\"time\":\"2026-03-09T23:45:02Z\",\"type\":\"greenhouse.sensors:Alarm\","
                + "\"data\":{\"sensor\":\"s\",\"level\":3000000000,\"tags\":[]}}");
        assertEquals("data.level: 3000000000 is out of range for an int", range.getMessage());
    }

    @Test
    void readsBareNaNAndInfinityAsThePythonOriginalWritesThem() throws CodecException {
        Event<?> nan = codec.readEvent("{\"time\":\"2026-03-09T23:45:02Z\",\"type\":\"greenhouse.sensors:SensorReading\","
                + "\"data\":{\"sensor\":\"s\",\"seq\":1,\"value\":NaN,\"unit\":\"C\",\"note\":null}}");
        assertEquals(new SensorReading("s", 1, Double.NaN, "C", null), nan.payload());
        Event<?> inf = codec.readEvent("{\"time\":\"2026-03-09T23:45:02Z\",\"type\":\"greenhouse.sensors:SensorReading\","
                + "\"data\":{\"sensor\":\"s\",\"seq\":1,\"value\":-Infinity,\"unit\":\"C\",\"note\":null}}");
        assertEquals(new SensorReading("s", 1, Double.NEGATIVE_INFINITY, "C", null), inf.payload());
        // Kept as text for a type the registry lacks: quoted, so that the data written back is JSON.
        Event<?> raw = codec.readEvent("{\"time\":\"2026-03-09T23:45:02Z\",\"type\":\"a:B\","
                + "\"data\":{\"x\":\"\\u00fc\",\"a\":{\"b\":[{\"c\":NaN},Infinity,-Infinity]}}}");
        assertEquals(new RawMessage("a:B", "{\"x\":\"\\u00fc\",\"a\":{\"b\":[{\"c\":\"NaN\"},\"Infinity\",\"-Infinity\"]}}"),
                raw.payload());
        CodecException word = readFails("{\"time\":\"2026-03-09T23:45:02Z\",\"type\":\"greenhouse.sensors:SensorReading\","
                + "\"data\":{\"sensor\":\"s\",\"seq\":1,\"value\":\"nan\",\"unit\":\"C\",\"note\":null}}");
        assertEquals("data.value: expected a double, found a string (\"nan\") (the only strings a number is read from"
                + " are \"NaN\", \"Infinity\" and \"-Infinity\")", word.getMessage());
        CodecException huge = readFails("{\"time\":\"2026-03-09T23:45:02Z\",\"type\":\"greenhouse.sensors:SensorReading\","
                + "\"data\":{\"sensor\":\"s\",\"seq\":1,\"value\":1e999,\"unit\":\"C\",\"note\":null}}");
        assertEquals("data.value: 1e999 is out of range for a double", huge.getMessage());
    }

    @Test
    void writesNaNAndInfinityAsStringsThatReadBack() throws CodecException {
        for (EventCodec c : new EventCodec[] {codec, new EventCodec(Samples.registry(), false)}) {
            Event<?> nan = event(new SensorReading("s", 1, Double.NaN, "C", null));
            String line = c.toJson(nan);
            assertTrue(line.contains("\"value\":\"NaN\""), line);
            assertEquals(nan, c.readEvent(line));
            Containers infinite = new Containers(Optional.empty(), Optional.empty(), List.of(), Set.of(),
                    Map.of("x", Double.POSITIVE_INFINITY, "y", Double.NEGATIVE_INFINITY), Map.of(), Map.of(), List.of(), null);
            String data = c.dataToJson(infinite);
            assertTrue(data.contains("\"x\":\"Infinity\"") && data.contains("\"y\":\"-Infinity\""), data);
            assertEquals(infinite, c.readMessage("test.codec:Containers", data));
        }
    }

    @Test
    void escapesSurrogatesSoThatEvenUnpairedOnesReadBack() throws Exception {
        Event<?> e = event(new SensorReading("a\ud800b \ud83d\ude00", 1, 1, "C", null));
        String json = codec.toJson(e);
        assertTrue(json.contains("\"a\\uD800b \\uD83D\\uDE00\""), json);
        assertEquals(e, codec.readEvent(json));
    }

    @Test
    void refusesMapKeysThatJsonObjectsCannotHold() {
        EncodingException e = assertThrows(EncodingException.class, () -> codec.toJson(event(new Containers(
                Optional.empty(), Optional.empty(), null, null, Map.of("a\udc00", 1.0), null, null, null, null))));
        assertEquals("data.byName", e.path());
        assertTrue(e.reason().contains("unpaired surrogate"), e.reason());
    }

    @Test
    void readsAbsentFieldsAsNullButNotForPrimitives() throws Exception {
        Event<?> e = codec.readEvent("{\"time\":\"2026-03-09T23:45:02.5Z\",\"type\":\"greenhouse.sensors:SensorReading\","
                + "\"data\":{\"seq\":1,\"value\":2.5}}");
        assertEquals(event(new SensorReading(null, 1, 2.5, null, null)), e);
        CodecException missing = readFails("{\"time\":\"2026-03-09T23:45:02Z\","
                + "\"type\":\"greenhouse.sensors:SensorReading\",\"data\":{\"value\":2.5}}");
        assertEquals("data.seq: missing, and a long cannot be absent", missing.getMessage());
        CodecException nullPrimitive = readFails("{\"time\":\"2026-03-09T23:45:02Z\","
                + "\"type\":\"greenhouse.sensors:SensorReading\",\"data\":{\"seq\":null,\"value\":2.5}}");
        assertEquals("data.seq: null is not a long", nullPrimitive.getMessage());
    }

    @Test
    void ignoresUnknownDataFields() throws Exception {
        Event<?> e = codec.readEvent("{\"time\":\"2026-03-09T23:45:02.5Z\",\"type\":\"greenhouse.sensors:Alarm\","
                + "\"data\":{\"extra\":{\"deep\":[1,{\"x\":null}]},\"sensor\":\"s\",\"level\":1,\"tags\":[],\"more\":1}}");
        assertEquals(event(new Alarm("s", 1, List.of())), e);
    }

    @Test
    void rejectsDuplicatesThatWouldLoseData() {
        assertEquals("data.level: the field appears twice", readFails("{\"time\":\"2026-03-09T23:45:02Z\","
                + "\"type\":\"greenhouse.sensors:Alarm\",\"data\":{\"level\":1,\"level\":2}}").getMessage());
        CodecException set = assertThrows(CodecException.class, () -> codec.readMessage("test.codec:Containers",
                "{\"ints\":[1,2,1]}"));
        assertEquals("ints[2]: a Set cannot hold the same element twice", set.getMessage());
    }

    @Test
    void reportsEnumsAndTextValuesThatDoNotParse() {
        CodecException color = assertThrows(CodecException.class, () -> codec.readMessage("test.codec:Times",
                "{\"color\":\"PURPLE\"}"));
        assertEquals("color: \"PURPLE\" is not one of Color [RED, GREEN, BLUE]", color.getMessage());
        CodecException uuid = assertThrows(CodecException.class, () -> codec.readMessage("test.codec:Times",
                "{\"uuid\":\"nope\"}"));
        assertEquals("uuid: \"nope\" is not a UUID", uuid.getMessage());
    }

    @Test
    void readMessageNeedsARegisteredName() {
        CodecException e = assertThrows(CodecException.class, () -> codec.readMessage("no.such:Type", "{}"));
        assertEquals("type 'no.such:Type' is not registered", e.getMessage());
    }

    @Test
    void namesTheComponentOfAnUnsupportedType() {
        EncodingException object = assertThrows(EncodingException.class,
                () -> codec.toJson(event(new Samples.Unsupported(java.math.BigDecimal.ONE))));
        assertEquals("data.anything", object.path());
        assertTrue(object.reason().startsWith("the codec does not support java.math.BigDecimal"), object.reason());
        EncodingException required = assertThrows(EncodingException.class,
                () -> codec.requireEncodable(Samples.Unsupported.class));
        assertEquals("anything", required.path());
        EncodingException array = assertThrows(EncodingException.class,
                () -> codec.toJson(event(new Samples.WithArray(new int[] {1}))));
        assertTrue(array.reason().contains("use a List instead of an array"), array.reason());
    }

    @Test
    void keepsTheRecordedOrderOfSetsAndMaps() throws Exception {
        Containers read = (Containers) codec.readMessage("test.codec:Containers",
                "{\"ints\":[3,1,2],\"byName\":{\"z\":1.0,\"a\":2.0},\"byPoint\":[[{\"x\":2,\"y\":0},\"b\"],[{\"x\":1,\"y\":0},\"a\"]]}");
        assertEquals(List.of(3, 1, 2), new ArrayList<>(read.ints()));
        assertEquals(List.of("z", "a"), new ArrayList<>(read.byName().keySet()));
        assertEquals(List.of(new Point(2, 0), new Point(1, 0)), new ArrayList<>(read.byPoint().keySet()));
        assertEquals("{\"text\":null,\"point\":null,\"strings\":null,\"ints\":[3,1,2],\"byName\":{\"z\":1.0,\"a\":2.0},"
                + "\"byPoint\":[[{\"x\":2,\"y\":0},\"b\"],[{\"x\":1,\"y\":0},\"a\"]],\"byColor\":null,\"maybeTimes\":null,"
                + "\"tree\":null}", codec.dataToJson(read));
        assertEquals(Optional.empty(), read.text());
        assertEquals(Arrays.asList(3, 1, 2), List.copyOf(read.ints()));
    }
}
