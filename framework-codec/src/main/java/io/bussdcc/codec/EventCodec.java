package io.bussdcc.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.UTF8JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.bussdcc.api.Event;
import io.bussdcc.api.Message;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.RawMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Encodes events and messages to JSON and decodes them back, exactly: for every supported
 * message {@code m}, decoding the encoding of {@code m} gives a message equal to {@code m}, and
 * encoding the decoded message gives the same bytes.
 *
 * <p>An event is written as {@code {"time":"2026-03-09T23:45:02.5Z","type":"…","data":{…}}};
 * see the {@linkplain io.bussdcc.codec package documentation} for the value types. Type names
 * come from the {@link MessageTypeRegistry}, in both directions: a type name read from input
 * that the registry does not know becomes a {@link RawMessage} holding the exact data text,
 * which is written back unchanged.
 *
 * <p>Compatibility with the Python original ({@code bussdcc-framework} 0.34): times with
 * {@code +00:00} are read; an event embedded in an error message as
 * {@code {"time":…,"payload":{…}}} (no type) reads as a {@code RawMessage} with a {@code null}
 * type and is written back in that same shape.
 *
 * <p>Choices worth knowing:
 * <ul>
 *   <li>Fields of {@code data} that the record does not have are skipped when reading (the
 *       Python original does the same), so data written by a newer version of a record reads
 *       into an older one. Re-encoding such a message drops them.</li>
 *   <li>A field absent from {@code data} reads as {@code null} ({@code Optional.empty()} for an
 *       {@code Optional}); for a primitive it is an error naming the field.</li>
 *   <li>NaN and infinite numbers are not JSON: encoding one throws an
 *       {@link EncodingException} naming the field, and reading one (the Python original can
 *       write {@code NaN}) is a {@link CodecException} naming the field.</li>
 *   <li>Top-level fields other than {@code time}, {@code type} and {@code data} are
 *       ignored.</li>
 *   <li>A {@code null} {@code Optional} component reads back as {@code Optional.empty()}.</li>
 * </ul>
 *
 * <p>Thread-safe; record codecs are built once per class and shared.
 */
public final class EventCodec {

    private static final SerializedString TIME = new SerializedString("time");
    private static final SerializedString TYPE = new SerializedString("type");
    private static final SerializedString DATA = new SerializedString("data");
    private static final SerializedString PAYLOAD = new SerializedString("payload");
    private static final byte[] TIME_PART = CanonicalText.ascii("{\"time\":\"");

    private final MessageTypeRegistry types;
    private final JsonFactory factory;
    private final Timestamps timestamps = new Timestamps();
    private final CanonicalLineReader canonicalLines;
    // The last type name read (see typeName): racy by design, any string is a valid value.
    private String lastTypeName = "";

    /** {@code ","type":"NAME","data":} of each type, or nothing if its name needs escaping. */
    private final ClassValue<byte[]> canonicalTypeParts = new ClassValue<>() {
        @Override
        protected byte[] computeValue(Class<?> type) {
            String name;
            try {
                name = types.nameOf(type.asSubclass(Message.class));
            } catch (IllegalArgumentException e) {
                return new byte[0];
            }
            return CanonicalText.isPlain(name) ? CanonicalText.ascii("\",\"type\":\"" + name + "\",\"data\":") : new byte[0];
        }
    };
    private final ClassValue<SerializedString> typeNames = new ClassValue<>() {
        @Override
        protected SerializedString computeValue(Class<?> type) {
            return new SerializedString(types.nameOf(type.asSubclass(Message.class)));
        }
    };

    /** A codec naming types through {@code types}. */
    public EventCodec(MessageTypeRegistry types) {
        this.types = Objects.requireNonNull(types, "types");
        this.canonicalLines = new CanonicalLineReader(types);
        this.factory = new JsonFactoryBuilder()
                // Read NaN and Infinity as tokens so that they are reported by field, not as
                // a parse error at a column; they are still rejected.
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
                .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
                // Reads the same doubles as Double.parseDouble (correctly rounded), faster.
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .rootValueSeparator((String) null)
                .build();
    }

    /** The registry type names come from. */
    public MessageTypeRegistry types() {
        return types;
    }

    /**
     * The Jackson factory this codec reads and writes with: generators made by it write no
     * separator between root values and do not close their target.
     */
    public JsonFactory jsonFactory() {
        return factory;
    }

    // ---- encoding -----------------------------------------------------------------------

    /**
     * The event as one compact JSON object, without a newline.
     *
     * @throws EncodingException if the payload cannot be written (see the class notes)
     */
    public String toJson(Event<?> event) {
        // Through UTF-8 bytes, as the log writes: the byte generator writes a lone surrogate,
        // which UTF-8 cannot hold, as an escape, where a character generator would pass it on raw.
        ByteArrayBuilder out = new ByteArrayBuilder(256);
        try (JsonGenerator g = factory.createGenerator(out, JsonEncoding.UTF8)) {
            writeEvent(g, event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    /**
     * The message's data object as compact JSON.
     *
     * @throws EncodingException if the message cannot be written
     */
    public String dataToJson(Message message) {
        ByteArrayBuilder out = new ByteArrayBuilder(192);
        try (JsonGenerator g = factory.createGenerator(out, JsonEncoding.UTF8)) {
            writeData(g, message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    /**
     * Writes the event as one JSON object to {@code gen}. On an {@link EncodingException} the
     * generator has written part of the object: discard what it wrote and the generator.
     *
     * @throws EncodingException if the payload cannot be written
     * @throws IOException       if {@code gen} fails to write
     */
    public void writeEvent(JsonGenerator gen, Event<?> event) throws IOException {
        Message payload = event.payload();
        gen.writeStartObject();
        gen.writeFieldName(TIME);
        writeInstant(gen, event.time());
        if (payload instanceof RawMessage raw) {
            if (raw.type() == null) {
                gen.writeFieldName(PAYLOAD); // the Python original's embedded event, kept as it was
            } else {
                gen.writeFieldName(TYPE);
                gen.writeString(raw.type());
                gen.writeFieldName(DATA);
            }
            writeRaw(gen, raw);
        } else {
            SerializedString name;
            RecordCodec codec;
            try {
                name = typeNames.get(payload.getClass());
            } catch (IllegalArgumentException e) {
                throw new EncodingException(e.getMessage(), "type", e);
            }
            try {
                codec = RecordCodec.of(payload.getClass());
            } catch (EncodingException e) {
                throw e.under("data");
            }
            gen.writeFieldName(TYPE);
            gen.writeString(name);
            gen.writeFieldName(DATA);
            try {
                codec.write(gen, payload, this);
            } catch (EncodingException e) {
                throw e.under("data");
            }
        }
        gen.writeEndObject();
    }

    /**
     * Writes the event into {@code out} from index 0 as the bytes {@link #writeEvent} would
     * write, when it can without a generator: a record whose components are strings,
     * primitives and their boxes, with text that needs no escaping (printable ASCII). That is
     * most events, at a fraction of the cost.
     *
     * @return the number of bytes written, or -1 when the event is not such a one or does not
     *         fit (then use {@link #writeEvent}; what was written into {@code out} is garbage)
     */
    public int tryWriteEvent(Event<?> event, byte[] out) {
        Message payload = event.payload();
        if (payload instanceof RawMessage) {
            return -1;
        }
        byte[] typePart = canonicalTypeParts.get(payload.getClass());
        if (typePart.length == 0 || out.length < TIME_PART.length) {
            return -1;
        }
        System.arraycopy(TIME_PART, 0, out, 0, TIME_PART.length);
        int pos = timestamps.format(event.time(), out, TIME_PART.length);
        if (pos < 0 || out.length - pos < typePart.length) {
            return -1;
        }
        System.arraycopy(typePart, 0, out, pos, typePart.length);
        RecordCodec codec;
        try {
            codec = RecordCodec.of(payload.getClass());
        } catch (EncodingException e) {
            return -1; // writeEvent says why
        }
        pos = codec.writeCanonical(payload, out, pos + typePart.length);
        if (pos < 0 || pos >= out.length) {
            return -1;
        }
        out[pos++] = '}';
        return pos;
    }

    /**
     * Writes the message's data object ({@link RawMessage}s: their data text, verbatim).
     *
     * @throws EncodingException if the message cannot be written
     */
    public void writeData(JsonGenerator gen, Message message) throws IOException {
        if (message instanceof RawMessage raw) {
            writeRaw(gen, raw);
        } else {
            RecordCodec.of(message.getClass()).write(gen, message, this);
        }
    }

    void writeInstant(JsonGenerator gen, Instant time) throws IOException {
        byte[] buf = new byte[Timestamps.MAX_FAST_LENGTH];
        int n = timestamps.format(time, buf);
        if (n < 0) {
            gen.writeString(timestamps.format(time));
        } else if (gen instanceof UTF8JsonGenerator) {
            gen.writeRawUTF8String(buf, 0, n); // ASCII digits and separators: nothing to escape
        } else {
            gen.writeString(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
        }
    }

    /** The time text the codec writes for {@code time}: {@code 2026-03-09T23:45:02.5Z}. */
    public String formatTime(Instant time) {
        return timestamps.format(time);
    }

    /**
     * Reads an instant in the form this codec writes, or with any explicit UTC offset.
     *
     * @throws CodecException if {@code text} is not an ISO-8601 date-time with an offset
     */
    public static Instant parseTime(String text) throws CodecException {
        return Timestamps.parse(text);
    }

    private void writeRaw(JsonGenerator gen, RawMessage raw) throws IOException {
        String problem = rawDataProblem(raw.data());
        if (problem != null) {
            throw new EncodingException("the RawMessage's data " + problem, raw.type() == null ? "payload" : "data");
        }
        gen.writeRawValue(raw.data());
    }

    /** Why {@code data} cannot be written verbatim into a JSON line, or null if it can. */
    private String rawDataProblem(String data) {
        if (data.indexOf('\n') >= 0 || data.indexOf('\r') >= 0) {
            return "spans more than one line";
        }
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        try (JsonParser p = factory.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return "is not a JSON object";
            }
            skipCheckingNumbers(p);
            if (p.nextToken() != null) {
                return "has content after the object";
            }
            return null;
        } catch (CodecException e) {
            return "holds " + e.getMessage();
        } catch (IOException e) {
            return "is not valid JSON (" + describe(e) + ")";
        }
    }

    // ---- decoding -----------------------------------------------------------------------

    /**
     * Decodes one event from one JSON object.
     *
     * @throws CodecException with the reason and the field: malformed JSON, a missing or
     *                        mistyped {@code time}/{@code type}/{@code data}, a time without
     *                        offset, data that does not fit the registered type
     */
    public Event<?> readEvent(String json) throws CodecException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return readEvent(bytes, 0, bytes.length);
    }

    /**
     * Decodes one event from the UTF-8 bytes {@code buf[off, off+len)} (a line of a log, without
     * its newline); as {@link #readEvent(String)}.
     */
    public Event<?> readEvent(byte[] buf, int off, int len) throws CodecException {
        Event<?> canonical = canonicalLines.read(buf, off, len);
        return canonical != null ? canonical : readEventGeneral(buf, off, len);
    }

    /** {@link #readEvent(byte[], int, int)} with the JSON parser, for any line. */
    Event<?> readEventGeneral(byte[] buf, int off, int len) throws CodecException {
        requireUtf8Start(buf, off, len);
        try (JsonParser p = factory.createParser(buf, off, len)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new CodecException("no JSON value (empty input)");
            }
            if (t != JsonToken.START_OBJECT) {
                throw new CodecException("an event must be a JSON object, found " + ValueCodec.describe(p));
            }
            Event<?> event = readEventObject(p, new Reading(this, buf, off), true);
            if (p.nextToken() != null) {
                throw new CodecException("content after the event's closing brace");
            }
            return event;
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new CodecException("unreadable input: " + e);
        }
    }

    /**
     * Refuses bytes that start like UTF-16 or UTF-32 text — a byte order mark {@code FE FF} /
     * {@code FF FE}, or a zero byte among the first two. Jackson would guess that encoding and
     * decode them, but a log line is UTF-8: such a line is damage and must be reported, not read.
     */
    private static void requireUtf8Start(byte[] buf, int off, int len) throws CodecException {
        if (len < 2) {
            return;
        }
        int b0 = buf[off] & 0xFF;
        int b1 = buf[off + 1] & 0xFF;
        if (b0 == 0 || b1 == 0 || b0 == 0xFE && b1 == 0xFF || b0 == 0xFF && b1 == 0xFE) {
            throw new CodecException(String.format("not UTF-8 text: it starts with the bytes %02x %02x, as UTF-16 or"
                    + " UTF-32 text does", b0, b1));
        }
    }

    /**
     * Decodes {@code dataJson} as the data of the type registered as {@code typeName}.
     *
     * @throws CodecException if the name is not registered, or the data does not fit the type
     */
    public Message readMessage(String typeName, String dataJson) throws CodecException {
        Class<? extends Message> type = types.resolve(typeName)
                .orElseThrow(() -> new CodecException("type '" + typeName + "' is not registered"));
        byte[] bytes = dataJson.getBytes(StandardCharsets.UTF_8);
        try (JsonParser p = factory.createParser(bytes)) {
            if (p.nextToken() == null) {
                throw new CodecException("no JSON value (empty input)");
            }
            Message m = decode(type, typeName, p, new Reading(this, bytes, 0));
            if (p.nextToken() != null) {
                throw new CodecException("content after the data's closing brace");
            }
            return m;
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new CodecException("unreadable input: " + e);
        }
    }

    /**
     * Reads the event object whose {@code START_OBJECT} is current. Fields may come in any
     * order; when {@code data} precedes {@code type} or {@code time}, its text is kept and
     * decoded afterwards.
     */
    Event<?> readEventObject(JsonParser p, Reading r, boolean topLevel) throws IOException, CodecException {
        Instant time = null;
        String type = null;
        boolean typeSeen = false;
        Message payload = null;
        String bodyField = null; // "data" or "payload", whichever was seen
        int bodyStart = -1;
        int bodyEnd = -1;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "time" -> {
                    if (time != null) {
                        throw new CodecException("the field appears twice", "time");
                    }
                    if (t != JsonToken.VALUE_STRING) {
                        throw ValueCodec.mismatch("an ISO-8601 time string", p).under("time");
                    }
                    try {
                        time = Timestamps.parse(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                    } catch (CodecException e) {
                        throw e.under("time");
                    }
                }
                case "type" -> {
                    if (typeSeen) {
                        throw new CodecException("the field appears twice", "type");
                    }
                    if (t != JsonToken.VALUE_STRING) {
                        throw ValueCodec.mismatch("a type name string", p).under("type");
                    }
                    typeSeen = true;
                    type = typeName(p);
                    if (type.isEmpty()) {
                        throw new CodecException("the type name is empty", "type");
                    }
                }
                case "data", "payload" -> {
                    if (bodyField != null) {
                        throw new CodecException(bodyField.equals(field) ? "the field appears twice"
                                : "an event has either 'data' or 'payload', not both", field);
                    }
                    bodyField = field;
                    if (t != JsonToken.START_OBJECT) {
                        throw ValueCodec.mismatch("an object", p).under(field);
                    }
                    // Decode in place when the fields came in the usual order; otherwise keep the
                    // text, so that a missing 'time' is reported before any problem in the data.
                    Optional<Class<? extends Message>> known = type == null || time == null ? Optional.empty()
                            : types.resolve(type);
                    if (known.isPresent()) {
                        payload = decodeUnder(known.get(), type, p, r, field);
                    } else {
                        bodyStart = r.tokenStart(p);
                        try {
                            skipCheckingNumbers(p);
                        } catch (CodecException e) {
                            throw e.under(field);
                        }
                        bodyEnd = r.tokenStart(p) + 1;
                    }
                }
                default -> p.skipChildren(); // not ours to interpret
            }
        }
        boolean typeMissing = type == null && (topLevel || "data".equals(bodyField));
        if (time == null || typeMissing || bodyField == null) {
            List<String> missing = new ArrayList<>(3);
            if (time == null) {
                missing.add("'time'");
            }
            if (typeMissing) {
                missing.add("'type'");
            }
            if (bodyField == null) {
                missing.add("'data'");
            }
            throw new CodecException((missing.size() == 1 ? "missing field " : "missing fields ")
                    + String.join(", ", missing));
        }
        if (payload == null) {
            Optional<Class<? extends Message>> known = type == null ? Optional.empty() : types.resolve(type);
            if (known.isPresent()) {
                // data came before type or time: decode the text kept for it
                byte[] in = r.input();
                try (JsonParser again = factory.createParser(in, bodyStart, bodyEnd - bodyStart)) {
                    again.nextToken();
                    payload = decodeUnder(known.get(), type, again, new Reading(this, in, bodyStart), bodyField);
                }
            } else {
                payload = new RawMessage(type, r.text(bodyStart, bodyEnd));
            }
        }
        return new Event<>(time, payload);
    }

    /**
     * The current string token, the type name of an event. A log holds runs of a few types:
     * the last name read is kept, and a token with the same characters gives that same string —
     * no new string, and its hash is known for the registry lookup.
     */
    private String typeName(JsonParser p) throws IOException {
        char[] chars = p.getTextCharacters();
        int off = p.getTextOffset();
        int len = p.getTextLength();
        String last = lastTypeName;
        if (last.length() == len) {
            boolean same = true;
            for (int i = 0; i < len; i++) {
                if (last.charAt(i) != chars[off + i]) {
                    same = false;
                    break;
                }
            }
            if (same) {
                return last;
            }
        }
        String name = new String(chars, off, len);
        lastTypeName = name;
        return name;
    }

    private Message decodeUnder(Class<? extends Message> type, String typeName, JsonParser p, Reading r, String field)
            throws IOException, CodecException {
        try {
            return decode(type, typeName, p, r);
        } catch (CodecException e) {
            throw e.under(field);
        }
    }

    private Message decode(Class<? extends Message> type, String typeName, JsonParser p, Reading r)
            throws IOException, CodecException {
        RecordCodec codec;
        try {
            codec = RecordCodec.of(type);
        } catch (EncodingException e) {
            throw new CodecException("type '" + typeName + "' (" + type.getName() + ") cannot be decoded: "
                    + e.getMessage());
        }
        return (Message) codec.read(p, r);
    }

    /**
     * Moves past the value starting at the current token, rejecting NaN and infinities on the
     * way (they are not JSON, so data kept as text must not hold them either).
     */
    private static void skipCheckingNumbers(JsonParser p) throws IOException, CodecException {
        int depth = 0;
        JsonStreamContext top = null;
        do {
            JsonToken t = p.currentToken();
            if (t == null) {
                throw new JsonEOFException(p, null, "unexpected end of input inside an object");
            }
            if (t.isStructStart()) {
                depth++;
                if (top == null) {
                    top = p.getParsingContext();
                }
            } else if (t.isStructEnd()) {
                depth--;
            } else if (t == JsonToken.VALUE_NUMBER_FLOAT && p.isNaN()) {
                throw new CodecException(p.getText() + " is not a number JSON allows", pathWithin(p, top));
            }
            if (depth > 0) {
                p.nextToken();
            }
        } while (depth > 0);
    }

    /** The path of the current value below the container whose context is {@code top}: {@code a.b[2]}. */
    private static String pathWithin(JsonParser p, JsonStreamContext top) {
        String path = "";
        for (JsonStreamContext c = p.getParsingContext(); c != null && c != top.getParent(); c = c.getParent()) {
            if (c.inArray()) {
                path = Paths.join("[" + c.getCurrentIndex() + "]", path);
            } else if (c.inObject() && c.getCurrentName() != null) {
                path = Paths.join(c.getCurrentName(), path);
            }
        }
        return path;
    }

    private static CodecException malformed(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            return new CodecException("input exceeds a parser limit: " + e.getOriginalMessage());
        }
        String message = e.getOriginalMessage();
        boolean truncated = e instanceof JsonEOFException || message != null && message.contains("end-of-input");
        String what = truncated ? "truncated JSON" : "malformed JSON";
        return new CodecException(what + ": " + describe(e));
    }

    /** A location in a Jackson message: {@code [Source: REDACTED (…); line: 1, column: 57]}. */
    private static final Pattern SOURCE_LOCATION = Pattern.compile("\\[Source: [^\\]]*?; line: \\d+, column: (\\d+)\\]");

    private static String describe(IOException e) {
        if (e instanceof JsonProcessingException jpe) {
            String message = jpe.getOriginalMessage();
            int newline = message == null ? -1 : message.indexOf('\n');
            if (newline >= 0) {
                message = message.substring(0, newline);
            }
            if (message != null) {
                // Jackson names other positions (where an unclosed array started) with its
                // source, which is redacted (StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION is off,
                // and no setting drops the source part alone): keep just the column.
                message = SOURCE_LOCATION.matcher(message).replaceAll("column $1");
            }
            JsonLocation at = jpe.getLocation();
            return message + (at == null ? "" : " (at column " + at.getColumnNr() + ")");
        }
        return String.valueOf(e.getMessage());
    }
}
