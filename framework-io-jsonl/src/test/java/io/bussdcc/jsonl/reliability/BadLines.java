package io.bussdcc.jsonl.reliability;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The corpus of bad lines: every kind the JSONL issue names and more, each with the exact
 * report a reader must give. Each line is meant to be read as line 2 of a file between two good
 * lines (see {@link BadLineCorpusTest}).
 */
final class BadLines {

    static final String T = "\"time\":\"2026-03-09T23:45:02Z\"";
    static final String READING = "\"type\":\"greenhouse.sensors:SensorReading\"";

    private BadLines() {}

    /** A line, its name, and the exact reason the reader must give. */
    record Case(String name, byte[] line, String reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A reading at 23:45:02 whose data object holds {@code data}. */
    static String reading(String data) {
        return "{" + T + "," + READING + ",\"data\":{" + data + "}}";
    }

    static String goodReading(long seq, String time) {
        return "{\"time\":\"" + time + "\"," + READING + ",\"data\":{\"sensor\":\"s\",\"seq\":" + seq
                + ",\"value\":" + seq + ".5,\"unit\":\"C\",\"note\":null}}";
    }

    static final String GOOD_2 = goodReading(2, "2026-03-09T23:45:02Z");

    private static Case text(String name, String line, String reason) {
        return new Case(name, line.getBytes(StandardCharsets.UTF_8), reason);
    }

    private static Case bytes(String name, String reason, Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            byte[] b = part instanceof String s ? s.getBytes(StandardCharsets.UTF_8)
                    : part instanceof byte[] raw ? raw : new byte[] {((Number) part).byteValue()};
            out.writeBytes(b);
        }
        return new Case(name, out.toByteArray(), reason);
    }

    /** Nested arrays {@code depth} deep. */
    static String nestedArrays(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    /** A {@code reliability.test:Node} whose children nest {@code depth} deep. */
    static String nestedNodes(int depth) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            b.append("{\"name\":\"n").append(i).append("\",\"children\":[");
        }
        for (int i = 0; i < depth; i++) {
            b.append("]}");
        }
        return b.toString();
    }

    static List<Case> all() {
        List<Case> c = new ArrayList<>();
        // ---- not JSON, or not one JSON object --------------------------------------------
        c.add(text("malformed JSON (missing comma)", "{" + T + " \"type\":\"x:Y\",\"data\":{}}", "malformed JSON: Unexpected character ('\"' (code 34)): was expecting comma to separate Object entries (at column 32)"));
        c.add(text("not JSON at all", "hello world", "malformed JSON: Unrecognized token 'hello': was expecting (JSON String, Number (or 'NaN'/'+INF'/'-INF'), Array, Object or token 'null', 'true' or 'false') (at column 1)"));
        c.add(text("single quotes", "{'time':'2026-03-09T23:45:02Z','type':'x:Y','data':{}}", "malformed JSON: Unexpected character (''' (code 39)): was expecting double-quote to start property name (at column 2)"));
        c.add(text("unquoted keys", "{time:\"2026-03-09T23:45:02Z\",type:\"x:Y\",data:{}}", "malformed JSON: Unexpected character ('t' (code 116)): was expecting double-quote to start property name (at column 2)"));
        c.add(text("a comment", "{" + T + ",/* note */\"type\":\"x:Y\",\"data\":{}}", "malformed JSON: Unexpected character ('/' (code 47)): maybe a (non-standard) comment? (not recognized as one since Feature 'ALLOW_COMMENTS' not enabled for parser) (at column 32)"));
        c.add(text("a trailing comma", "{" + T + ",\"type\":\"x:Y\",\"data\":{},}", "malformed JSON: Unexpected character ('}' (code 125)): was expecting double-quote to start property name (at column 55)"));
        c.add(text("leading zeros", reading("\"sensor\":\"s\",\"seq\":007,\"value\":1,\"unit\":\"C\",\"note\":null"), "malformed JSON: Invalid numeric value: Leading zeroes not allowed (at column 102)"));
        c.add(text("a torn line ended by a restart", GOOD_2.substring(0, 60), "truncated JSON: Unexpected end-of-input in VALUE_STRING (at column 61)"));
        c.add(text("an unbalanced quote", "{" + T + ",\"type\":\"x:Y,\"data\":{}}", "malformed JSON: Unexpected character ('d' (code 100)): was expecting comma to separate Object entries (at column 45)"));
        c.add(text("an array instead of an object", "[1,2]", "an event must be a JSON object, found an array"));
        c.add(text("a string instead of an object", "\"event\"", "an event must be a JSON object, found a string (\"event\")"));
        c.add(text("a number instead of an object", "42", "an event must be a JSON object, found a number (42)"));
        c.add(text("null instead of an object", "null", "an event must be a JSON object, found null"));
        c.add(text("content after the record", GOOD_2 + "x", "malformed JSON: Unrecognized token 'x': was expecting (JSON String, Number (or 'NaN'/'+INF'/'-INF'), Array, Object or token 'null', 'true' or 'false') (at column 139)"));
        c.add(text("two records on one line", GOOD_2 + " " + GOOD_2, "content after the event's closing brace"));
        c.add(text("records separated by a lone CR", GOOD_2 + "\r" + GOOD_2, "content after the event's closing brace"));
        c.add(text("an empty line", "", "empty line"));
        c.add(text("a line of blanks", " \t \t", "empty line"));
        // ---- missing or mistyped time, type, data ------------------------------------------
        c.add(text("missing time", "{" + READING + ",\"data\":{}}", "missing field 'time'"));
        c.add(text("missing type", "{" + T + ",\"data\":{}}", "missing field 'type'"));
        c.add(text("missing data", "{" + T + "," + READING + "}", "missing field 'data'"));
        c.add(text("an empty object", "{}", "missing fields 'time', 'type', 'data'"));
        c.add(text("time as a number", "{\"time\":1741563902," + READING + ",\"data\":{}}", "time: expected an ISO-8601 time string, found a number (1741563902)"));
        c.add(text("time null", "{\"time\":null," + READING + ",\"data\":{}}", "time: expected an ISO-8601 time string, found null"));
        c.add(text("type as a number", "{" + T + ",\"type\":7,\"data\":{}}", "type: expected a type name string, found a number (7)"));
        c.add(text("type null", "{" + T + ",\"type\":null,\"data\":{}}", "type: expected a type name string, found null"));
        c.add(text("an empty type name", "{" + T + ",\"type\":\"\",\"data\":{}}", "type: the type name is empty"));
        c.add(text("data as an array", "{" + T + "," + READING + ",\"data\":[]}", "data: expected an object, found an array"));
        c.add(text("data as a string", "{" + T + "," + READING + ",\"data\":\"x\"}", "data: expected an object, found a string (\"x\")"));
        c.add(text("data null", "{" + T + "," + READING + ",\"data\":null}", "data: expected an object, found null"));
        c.add(text("both data and payload", "{" + T + ",\"type\":\"x:Y\",\"data\":{},\"payload\":{}}", "payload: an event has either 'data' or 'payload', not both"));
        // ---- times ---------------------------------------------------------------------------
        c.add(text("a naive timestamp", "{\"time\":\"2026-03-09T23:45:02.500000\"," + READING + ",\"data\":{}}", "time: '2026-03-09T23:45:02.500000' has no UTC offset (a naive time); write it with Z or +00:00"));
        c.add(text("not a time", "{\"time\":\"yesterday\"," + READING + ",\"data\":{}}", "time: 'yesterday' is not an ISO-8601 date-time with offset (Text 'yesterday' could not be parsed at index 0)"));
        c.add(text("an impossible date", "{\"time\":\"2026-02-30T00:00:00Z\"," + READING + ",\"data\":{}}", "time: '2026-02-30T00:00:00Z' is not an ISO-8601 date-time with offset (Text '2026-02-30T00:00:00Z' could not be parsed at index 0)"));
        c.add(text("an offset out of range", "{\"time\":\"2026-03-09T23:45:02+25:00\"," + READING + ",\"data\":{}}", "time: '2026-03-09T23:45:02+25:00' is not an ISO-8601 date-time with offset (Value out of range: Hour[0-23], Minute[0-59], Second[0-59])"));
        c.add(text("a year beyond any instant", "{\"time\":\"+1000000001-01-01T00:00:00Z\"," + READING + ",\"data\":{}}", "time: '+1000000001-01-01T00:00:00Z' is not an ISO-8601 date-time with offset (Instant exceeds minimum or maximum instant)"));
        // ---- data that does not fit its type -------------------------------------------------
        c.add(text("a string for a long", reading("\"sensor\":\"s\",\"seq\":\"2\",\"value\":2.5,\"unit\":\"C\",\"note\":null"), "data.seq: expected a long, found a string (\"2\")"));
        c.add(text("a string for a double", reading("\"sensor\":\"s\",\"seq\":2,\"value\":\"hot\",\"unit\":\"C\",\"note\":null"), "data.value: expected a double, found a string (\"hot\") (the only strings a number is read from are \"NaN\", \"Infinity\" and \"-Infinity\")"));
        c.add(text("an object for a string", reading("\"sensor\":{\"id\":1},\"seq\":2,\"value\":2.5,\"unit\":\"C\",\"note\":null"), "data.sensor: expected a string, found an object"));
        c.add(text("a wrong element type", "{" + T + ",\"type\":\"greenhouse.sensors:Alarm\",\"data\":{\"sensor\":\"s\",\"level\":2,\"tags\":[\"hot\",true]}}", "data.tags[1]: expected a string, found a boolean (true)"));
        c.add(text("an int out of range", "{" + T + ",\"type\":\"greenhouse.sensors:Alarm\",\"data\":{\"sensor\":\"s\",\"level\":3000000000,\"tags\":[]}}", "data.level: 3000000000 is out of range for an int"));
        c.add(text("a long out of range", reading("\"sensor\":\"s\",\"seq\":99999999999999999999,\"value\":2.5,\"unit\":\"C\",\"note\":null"), "data.seq: 99999999999999999999 is out of range for a long"));
        c.add(text("an exponent for a long", reading("\"sensor\":\"s\",\"seq\":1e19,\"value\":2.5,\"unit\":\"C\",\"note\":null"), "data.seq: expected a long, found a number (1e19)"));
        c.add(text("a fraction for a long", reading("\"sensor\":\"s\",\"seq\":1.5,\"value\":2.5,\"unit\":\"C\",\"note\":null"), "data.seq: expected a long, found a number (1.5)"));
        c.add(text("a double beyond range", reading("\"sensor\":\"s\",\"seq\":2,\"value\":1e400,\"unit\":\"C\",\"note\":null"), "data.value: 1e400 is out of range for a double"));
        c.add(text("a missing primitive", reading(""), "data.seq: missing, and a long cannot be absent"));
        c.add(text("null for a primitive", reading("\"sensor\":\"s\",\"seq\":2,\"value\":null,\"unit\":\"C\",\"note\":null"), "data.value: null is not a double"));
        c.add(text("a number as a word", reading("\"sensor\":\"s\",\"seq\":2,\"value\":\"nan\",\"unit\":\"C\",\"note\":null"), "data.value: expected a double, found a string (\"nan\") (the only strings a number is read from are \"NaN\", \"Infinity\" and \"-Infinity\")"));
        c.add(text("a boolean for a double", reading("\"sensor\":\"s\",\"seq\":2,\"value\":true,\"unit\":\"C\",\"note\":null"), "data.value: expected a double, found a boolean (true)"));
        c.add(text("a number for a string", reading("\"sensor\":5,\"seq\":2,\"value\":1.0,\"unit\":\"C\",\"note\":null"), "data.sensor: expected a string, found a number (5)"));
        c.add(text("a duplicate time", "{" + T + "," + T + "," + READING + ",\"data\":{}}", "time: the field appears twice"));
        c.add(text("a duplicate key in data", reading("\"sensor\":\"s\",\"seq\":2,\"seq\":3,\"value\":2.5,\"unit\":\"C\",\"note\":null"), "data.seq: the field appears twice"));
        c.add(text("a duplicate map key", "{" + T + ",\"type\":\"greenhouse.control:Setpoint\",\"data\":{\"zone\":\"z\",\"target\":null,\"weights\":{\"a\":1,\"a\":2},\"until\":null}}", "data.weights[\"a\"]: the key appears twice"));
        c.add(text("a wrong nested value", "{" + T + ",\"type\":\"greenhouse.control:Setpoint\",\"data\":{\"zone\":\"z\",\"target\":null,\"weights\":{},\"until\":5}}", "data.until: expected an ISO-8601 instant, found a number (5)"));
        c.add(text("an embedded event of the wrong shape", "{" + T + ",\"type\":\"bussdcc.message.process:ProcessError\",\"data\":{\"process\":\"p\",\"error\":\"e\",\"evt\":42,\"traceback\":\"\"}}", "data.evt: expected an event object, found a number (42)"));
        c.add(text("an embedded event without time", "{" + T + ",\"type\":\"bussdcc.message.process:ProcessError\",\"data\":{\"process\":\"p\",\"error\":\"e\",\"evt\":{\"type\":\"x:Y\",\"data\":{}},\"traceback\":\"\"}}", "data.evt: missing field 'time'"));
        // ---- sizes and depths ----------------------------------------------------------------
        c.add(text("deep nesting in unknown data", "{" + T + ",\"type\":\"other.app:Thing\",\"data\":{\"v\":" + nestedArrays(100_000) + "}}", "input exceeds a parser limit: Document nesting depth (1001) exceeds the maximum allowed (1000, from `StreamReadConstraints.getMaxNestingDepth()`)"));
        c.add(text("deep nesting in a known record", "{" + T + ",\"type\":\"reliability.test:Node\",\"data\":" + nestedNodes(5_000) + "}", "input exceeds a parser limit: Document nesting depth (1001) exceeds the maximum allowed (1000, from `StreamReadConstraints.getMaxNestingDepth()`)"));
        c.add(text("deep nesting in an ignored field", "{" + T + ",\"extra\":" + nestedArrays(100_000) + "," + READING + ",\"data\":{}}", "input exceeds a parser limit: Document nesting depth (1001) exceeds the maximum allowed (1000, from `StreamReadConstraints.getMaxNestingDepth()`)"));
        c.add(text("a line longer than 8 MiB", reading("\"sensor\":\"" + "s".repeat(9 * 1024 * 1024) + "\",\"seq\":2,\"value\":2.5,\"unit\":\"C\",\"note\":null"), "the line is 9437321 bytes long, more than the limit of 8388608"));
        // ---- encodings -------------------------------------------------------------------------
        c.add(bytes("invalid UTF-8", "malformed JSON: Invalid UTF-8 middle byte 0x28 (at column 94)", "{" + T + "," + READING + ",\"data\":{\"sensor\":\"", 0xC3, 0x28, "\",\"seq\":2,\"value\":2.5,\"unit\":\"C\",\"note\":null}}"));
        c.add(bytes("Latin-1 text", "malformed JSON: Invalid UTF-8 start byte 0xb0 (at column 124)", "{" + T + "," + READING + ",\"data\":{\"sensor\":\"s\",\"seq\":2,\"value\":2.5,\"unit\":\"", 0xB0, "C\",\"note\":null}}"));
        c.add(new Case("a UTF-16 line", ("\uFEFF" + GOOD_2).getBytes(Charset.forName("UTF-16LE")), "not UTF-8 text: it starts with the bytes ff fe, as UTF-16 or UTF-32 text does"));
        c.add(bytes("a raw control character in a string", "malformed JSON: Illegal unquoted character ((CTRL-CHAR, code 1)): has to be escaped using backslash to be included in string value (at column 93)", "{" + T + "," + READING + ",\"data\":{\"sensor\":\"s", 0x01, "\",\"seq\":2,\"value\":2.5,\"unit\":\"C\",\"note\":null}}"));
        c.add(bytes("a NUL byte", "malformed JSON: Illegal character ((CTRL-CHAR, code 0)): only regular white space (\\r, \\n, \\t) is allowed between tokens (at column 74)", "{" + T + "," + READING + ",", 0x00, "\"data\":{}}"));
        return c;
    }
}
