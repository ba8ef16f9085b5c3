package io.bussdcc.codec;

import io.bussdcc.api.Event;
import io.bussdcc.api.Message;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.RawMessage;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.PrettyPrinter;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.core.io.SerializedString;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonFactoryBuilder;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.core.json.UTF8JsonGenerator;
import tools.jackson.core.util.ByteArrayBuilder;
import tools.jackson.core.util.DefaultPrettyPrinter;

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
 *   <li>A field absent from {@code data} reads as its {@link io.bussdcc.api.WireDefault}, else
 *       as {@code null} ({@code Optional.empty()} for an {@code Optional}); for a primitive
 *       without a default it is an error naming the field.</li>
 *   <li>NaN and infinite numbers are not JSON: they are written as the strings {@code "NaN"},
 *       {@code "Infinity"}, {@code "-Infinity"}, and read from those and from the bare tokens
 *       the Python original writes.</li>
 *   <li>Types the registry marks {@linkplain MessageTypeRegistry#fromPython from Python} are
 *       written as the original writes them (enum values, maps as objects, naive times);
 *       reading takes both shapes. See {@code docs/python.md}.</li>
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

    private final MessageTypeRegistry types;
    private final EncodingFallback fallback;
    private static final JsonFactory QUOTING = configured().build();

    private final JsonFactory factory;
    private final Timestamps timestamps = new Timestamps();
    /** The direct path for most lines, or null when this codec takes the general one only. */
    private final CanonicalPath canonical;
    // A longer type name is not kept as the last one read (a log may hold names of megabytes).
    private static final int MAX_KEPT_TYPE_NAME = 256;
    // The last type name read (see typeName): racy by design, any string is a valid value.
    private String lastTypeName = "";

    private final ClassValue<SerializedString> typeNames = new ClassValue<>() {
        @Override
        protected SerializedString computeValue(Class<?> type) {
            return new SerializedString(types.nameOf(type.asSubclass(Message.class)));
        }
    };

    /**
     * The system property that, set to {@code false}, turns the {@linkplain CanonicalPath direct
     * path} off in codecs made afterwards: every line through Jackson (the same bytes and events,
     * slower). For measuring the direct path and for ruling it out when hunting a bug.
     */
    static final String DIRECT_PATH_PROPERTY = "io.bussdcc.codec.directPath";

    /** A codec naming types through {@code types}. */
    public EventCodec(MessageTypeRegistry types) {
        this(types, (EncodingFallback) null);
    }

    /**
     * A codec naming types through {@code types} that writes what it cannot write by type
     * through {@code fallback} (null: none, as {@link #EventCodec(MessageTypeRegistry)}): what
     * a sink's {@code fallback(…)} builder setting makes.
     */
    public EventCodec(MessageTypeRegistry types, EncodingFallback fallback) {
        this(types, !"false".equals(System.getProperty(DIRECT_PATH_PROPERTY)), fallback);
    }

    /**
     * A codec that takes the {@linkplain CanonicalPath direct path} for the lines it can, or,
     * with {@code canonical} false, always the JSON generator and parser (the same bytes and
     * events, slower: for the equivalence tests and the benchmarks).
     */
    EventCodec(MessageTypeRegistry types, boolean canonical) {
        this(types, canonical, null);
    }

    private EventCodec(MessageTypeRegistry types, boolean canonical, EncodingFallback fallback) {
        this.types = Objects.requireNonNull(types, "types");
        this.fallback = fallback;
        this.canonical = canonical ? new CanonicalPath(types, timestamps) : null;
        this.factory = configured().build();
    }

    /** The one Jackson configuration of every codec, and of {@link #quote}. */
    private static JsonFactoryBuilder configured() {
        return new JsonFactoryBuilder()
                // Read NaN and Infinity as tokens: the Python original writes them bare.
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                // Jackson 3's defaults differ from 2's here; keep the bytes the logs hold: '/' is
                // not escaped, and a character beyond U+FFFF is written as two escaped UTF-16 units
                // (so that a lone surrogate, which UTF-8 cannot hold, is written the same way).
                .disable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES)
                .disable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
                .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
                .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
                // Reads the same doubles as Double.parseDouble (correctly rounded), faster.
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .rootValueSeparator((String) null)
                // Jackson 2's nesting limit (3 halved it): logs written under it stay readable.
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(1000).build());
    }

    /** The registry type names come from. */
    public MessageTypeRegistry types() {
        return types;
    }

    /** The fallback for values this codec cannot write by type, or null. */
    public EncodingFallback fallback() {
        return fallback;
    }

    /** A parser of {@code bytes}, as this codec reads. */
    JsonParser parser(byte[] bytes) {
        return factory.createParser(bytes);
    }

    /** The codec of a message type: as the Python original writes if the registry says it came from there. */
    private RecordCodec messageCodec(Class<?> type) {
        RecordCodec codec = RecordCodec.of(type, types.isFromPython(type));
        if (codec.tuple()) {
            throw new EncodingException(type.getName() + " is a @WireTuple record, but a message's data is an object:"
                    + " @WireTuple is for records held inside a message", "");
        }
        return codec;
    }

    /**
     * A writer of JSON lines for one thread at a time, reusing its buffers from line to line:
     * what the JSONL and console sinks write with.
     */
    public EventLineWriter newLineWriter() {
        return new EventLineWriter(this);
    }

    /**
     * Checks that this codec can write and read messages of {@code type}: a record whose
     * components it supports, and which it can reach. A sink calls it for every type it will
     * record when it starts, and for a type first seen later, so that such a type stops the
     * program instead of its events being lost (see docs/codec.md, "Named modules").
     *
     * @throws EncodingException naming the type and what to change; for a record in a named
     *                           module that does not open its package to this one, the exact
     *                           {@code opens … to io.bussdcc.codec;} line to add
     */
    public void requireEncodable(Class<? extends Message> type) {
        if (type == RawMessage.class) {
            return;
        }
        messageCodec(type);
        RecordCodec.requireAll(type, types.isFromPython(type), fallback != null);
    }

    /**
     * Whether this codec takes its hand-written paths: the direct path for whole lines, and
     * in the generator's and parser's path {@link DoubleText} and {@link Timestamps}' own
     * formatting and parsing (off: the JDK's and Jackson's, the same text).
     */
    boolean direct() {
        return canonical != null;
    }

    /** A generator writing UTF-8 to {@code out}, as this codec writes. */
    JsonGenerator generator(OutputStream out) {
        return factory.createGenerator(out, JsonEncoding.UTF8);
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
        try (JsonGenerator g = generator(out)) {
            writeEvent(g, event);
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
        try (JsonGenerator g = generator(out)) {
            writeData(g, message);
        }
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    /**
     * Values of the message's data at {@code paths} — field names, dotted for nested records
     * ({@code reading.value}) — as text, for tables: a string's characters, a number or boolean
     * as written, an object or array as compact JSON, {@code null} where the field is absent or
     * null. {@code bussdcc cat --format csv} prints these.
     *
     * @throws EncodingException if the message cannot be written
     */
    public List<String> dataFields(Message message, List<String> paths) {
        byte[] json;
        ByteArrayBuilder out = new ByteArrayBuilder(192);
        try (JsonGenerator g = generator(out)) {
            writeData(g, message);
        }
        json = out.toByteArray();
        java.util.Map<String, String> found = new java.util.HashMap<>();
        try (JsonParser p = factory.createParser(json)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                collectFields(p, json, "", paths, found);
            }
        } catch (JacksonException e) {
            throw new EncodingException("cannot be read back: " + e.getOriginalMessage(), "data", e);
        }
        List<String> values = new ArrayList<>(paths.size());
        for (String path : paths) {
            values.add(found.get(path));
        }
        return values;
    }

    private static void collectFields(JsonParser p, byte[] json, String prefix, List<String> paths,
            java.util.Map<String, String> found) {
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String path = prefix.isEmpty() ? p.currentName() : prefix + "." + p.currentName();
            JsonToken value = p.nextToken();
            if (paths.contains(path)) {
                switch (value) {
                    case START_OBJECT, START_ARRAY -> {
                        int start = (int) p.currentTokenLocation().getByteOffset();
                        p.skipChildren();
                        int end = (int) p.currentLocation().getByteOffset();
                        found.put(path, new String(json, start, end - start, StandardCharsets.UTF_8));
                    }
                    case VALUE_NULL -> found.put(path, null);
                    default -> found.put(path, p.getString());
                }
            } else if (value == JsonToken.START_OBJECT && wantsBelow(paths, path)) {
                collectFields(p, json, path, paths, found);
            } else {
                p.skipChildren();
            }
        }
    }

    private static boolean wantsBelow(List<String> paths, String path) {
        for (String wanted : paths) {
            if (wanted.startsWith(path) && wanted.length() > path.length() && wanted.charAt(path.length()) == '.') {
                return true;
            }
        }
        return false;
    }

    /**
     * The message's data object as indented JSON, for people to read (the same values as
     * {@link #dataToJson}, on several lines).
     *
     * @throws EncodingException if the message cannot be written
     */
    public String dataToPrettyJson(Message message) {
        ByteArrayBuilder out = new ByteArrayBuilder(512);
        ObjectWriteContext pretty = new ObjectWriteContext.Base() {
            @Override
            public PrettyPrinter getPrettyPrinter() {
                return new DefaultPrettyPrinter();
            }

            @Override
            public boolean hasPrettyPrinter() {
                return true;
            }
        };
        try (JsonGenerator g = factory.createGenerator(pretty, out, JsonEncoding.UTF8)) {
            writeData(g, message);
        }
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    /**
     * Writes the event as one JSON object to {@code gen}. On an {@link EncodingException} the
     * generator has written part of the object: discard what it wrote and the generator.
     *
     * @throws EncodingException if the payload cannot be written
     */
    void writeEvent(JsonGenerator gen, Event<?> event) {
        Message payload = event.payload();
        gen.writeStartObject();
        gen.writeName(TIME);
        writeInstant(gen, event.time());
        if (payload instanceof RawMessage raw) {
            if (raw.type() == null) {
                gen.writeName(PAYLOAD); // the Python original's embedded event, kept as it was
            } else {
                gen.writeName(TYPE);
                gen.writeString(raw.type());
                gen.writeName(DATA);
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
                codec = messageCodec(payload.getClass());
            } catch (EncodingException e) {
                throw e.under("data");
            }
            gen.writeName(TYPE);
            gen.writeString(name);
            gen.writeName(DATA);
            try {
                codec.write(gen, payload, this);
            } catch (EncodingException e) {
                throw e.under("data");
            }
        }
        gen.writeEndObject();
    }

    /**
     * Writes the event into {@code out} from index 0 as {@link #writeEvent} would, through the
     * {@linkplain CanonicalPath direct path}: the number of bytes written, or -1 when that path
     * does not take this event (then what {@code out} holds is garbage).
     */
    int tryWriteCanonical(Event<?> event, byte[] out) {
        return canonical == null ? -1 : canonical.tryWrite(event, out);
    }

    /**
     * Writes the message's data object ({@link RawMessage}s: their data text, verbatim).
     *
     * @throws EncodingException if the message cannot be written
     */
    void writeData(JsonGenerator gen, Message message) {
        if (message instanceof RawMessage raw) {
            writeRaw(gen, raw);
        } else {
            messageCodec(message.getClass()).write(gen, message, this);
        }
    }

    void writeInstant(JsonGenerator gen, Instant time) {
        if (canonical == null) {
            gen.writeString(Timestamps.formatWithJdk(time)); // the same text, through java.time
            return;
        }
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

    /**
     * {@code text} as a JSON string literal, quotes included, escaped as the codec escapes the
     * strings it writes — for the modules that build a little JSON text around codec output.
     */
    public static String quote(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 8);
        try (JsonGenerator g = QUOTING.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeString(text);
        }
        return out.toString(StandardCharsets.UTF_8);
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

    private void writeRaw(JsonGenerator gen, RawMessage raw) {
        String data = raw.data();
        String problem = rawDataProblem(data);
        if (problem != null) {
            throw new EncodingException("the RawMessage's data " + problem, raw.type() == null ? "payload" : "data");
        }
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        List<long[]> nonFinite;
        try (JsonParser p = factory.createParser(bytes)) {
            p.nextToken();
            nonFinite = skipNotingNonFinite(p);
        } catch (CodecException e) {
            throw new IllegalStateException("checked above", e);
        }
        gen.writeRawValue(nonFinite == null ? data : quoteNonFinite(bytes, 0, bytes.length, nonFinite, 0));
    }

    /**
     * The text of {@code in[start, end)} with each bare NaN or infinity (spans of {@code
     * [offset, length]}, offsets from {@code base}) written as a string, as the codec writes
     * them, so that data kept as text is JSON.
     */
    private static String quoteNonFinite(byte[] in, int start, int end, List<long[]> spans, int base) {
        StringBuilder out = new StringBuilder(end - start + 8 * spans.size());
        int at = start;
        for (long[] span : spans) {
            int from = (int) (base + span[0]);
            out.append(new String(in, at, from - at, StandardCharsets.UTF_8));
            String token = new String(in, from, (int) span[1], StandardCharsets.US_ASCII);
            out.append('"').append(token.equals("+Infinity") ? "Infinity" : token).append('"');
            at = from + (int) span[1];
        }
        out.append(new String(in, at, end - at, StandardCharsets.UTF_8));
        return out.toString();
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
            skipNotingNonFinite(p);
            if (p.nextToken() != null) {
                return "has content after the object";
            }
            return null;
        } catch (CodecException e) {
            return "holds " + e.getMessage();
        } catch (JacksonException e) {
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
        Event<?> read = canonical == null ? null : canonical.tryRead(buf, off, len);
        return read != null ? read : readEventGeneral(buf, off, len);
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
        } catch (JacksonException e) {
            throw malformed(e);
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
        } catch (JacksonException e) {
            throw malformed(e);
        }
    }

    /**
     * Reads the event object whose {@code START_OBJECT} is current. Fields may come in any
     * order; when {@code data} precedes {@code type} or {@code time}, its text is kept and
     * decoded afterwards.
     */
    Event<?> readEventObject(JsonParser p, Reading r, boolean topLevel) throws CodecException {
        Instant time = null;
        String type = null;
        boolean typeSeen = false;
        Message payload = null;
        String bodyField = null; // "data" or "payload", whichever was seen
        int bodyStart = -1;
        int bodyEnd = -1;
        List<long[]> nonFinite = null; // bare NaN and infinities in a body kept as text
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
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
                        time = Timestamps.parse(p.getStringCharacters(), p.getStringOffset(), p.getStringLength(),
                                canonical != null);
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
                            nonFinite = skipNotingNonFinite(p);
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
            } else if (nonFinite == null) {
                payload = new RawMessage(type, r.text(bodyStart, bodyEnd));
            } else {
                payload = new RawMessage(type, quoteNonFinite(r.input(), bodyStart, bodyEnd, nonFinite, r.tokenStart(p)
                        - (int) p.currentTokenLocation().getByteOffset()));
            }
        }
        return new Event<>(time, payload);
    }

    /**
     * The current string token, the type name of an event. A log holds runs of a few types:
     * the last name read is kept (if it is of a sane length: a log may hold one of megabytes),
     * and a token with the same characters gives that same string — no new string, and its
     * hash is known for the registry lookup.
     */
    private String typeName(JsonParser p) {
        char[] chars = p.getStringCharacters();
        int off = p.getStringOffset();
        int len = p.getStringLength();
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
        if (len <= MAX_KEPT_TYPE_NAME) {
            lastTypeName = name;
        }
        return name;
    }

    private Message decodeUnder(Class<? extends Message> type, String typeName, JsonParser p, Reading r, String field)
            throws CodecException {
        try {
            return decode(type, typeName, p, r);
        } catch (CodecException e) {
            throw e.under(field);
        }
    }

    private Message decode(Class<? extends Message> type, String typeName, JsonParser p, Reading r)
            throws CodecException {
        RecordCodec codec;
        try {
            codec = messageCodec(type);
        } catch (EncodingException e) {
            throw new CodecException("type '" + typeName + "' (" + type.getName() + ") cannot be decoded: "
                    + e.getMessage());
        }
        if (codec.unsupported() != null) {
            throw new CodecException("type '" + typeName + "' (" + type.getName() + ") cannot be decoded: "
                    + codec.unsupported().getMessage());
        }
        return (Message) codec.read(p, r);
    }

    /**
     * Moves past the value starting at the current token, noting the bare NaN and infinities on
     * the way (the Python original writes them; they are not JSON, so data kept as text has them
     * quoted, as the codec writes them): their {@code [byte offset, length]}, or null if none.
     */
    private static List<long[]> skipNotingNonFinite(JsonParser p) throws CodecException {
        int depth = 0;
        List<long[]> spans = null;
        do {
            JsonToken t = p.currentToken();
            if (t == null) {
                throw new UnexpectedEndOfInputException(p, null, "unexpected end of input inside an object");
            }
            if (t.isStructStart()) {
                depth++;
            } else if (t.isStructEnd()) {
                depth--;
            } else if (t == JsonToken.VALUE_NUMBER_FLOAT && p.isNaN()) {
                if (spans == null) {
                    spans = new ArrayList<>(2);
                }
                spans.add(new long[] {p.currentTokenLocation().getByteOffset(), p.getString().length()});
            }
            if (depth > 0) {
                p.nextToken();
            }
        } while (depth > 0);
        return spans;
    }

    private static CodecException malformed(JacksonException e) {
        if (e instanceof StreamConstraintsException) {
            return new CodecException("input exceeds a parser limit: " + e.getOriginalMessage());
        }
        String message = e.getOriginalMessage();
        boolean truncated = e instanceof UnexpectedEndOfInputException || message != null && message.contains("end-of-input");
        String what = truncated ? "truncated JSON" : "malformed JSON";
        return new CodecException(what + ": " + describe(e));
    }

    /** A location in a Jackson message: {@code [Source: REDACTED (…); line: 1, column: 57]}. */
    private static final Pattern SOURCE_LOCATION = Pattern.compile("\\[Source: [^\\]]*?; line: \\d+, column: (\\d+)\\]");
    /** One without a position, as Jackson 3 writes for a start marker: {@code … (start marker at [Source: …; byte offset: #UNKNOWN])}. */
    private static final Pattern UNKNOWN_LOCATION = Pattern.compile(
            " ?\\((?:start marker )?at \\[Source: [^\\]]*\\]\\)| starting at \\[Source: [^\\]]*\\]|\\[Source: [^\\]]*\\]");

    private static String describe(JacksonException e) {
        String message = e.getOriginalMessage();
        int newline = message == null ? -1 : message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline);
        }
        if (message != null) {
            // Jackson names other positions (where an unclosed array started) with its source,
            // which is redacted (StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION is off, and no
            // setting drops the source part alone): keep just the column, or drop a position
            // Jackson does not know (Jackson 3 has none for the start of an unclosed array).
            message = SOURCE_LOCATION.matcher(message).replaceAll("column $1");
            message = UNKNOWN_LOCATION.matcher(message).replaceAll("");
        }
        TokenStreamLocation at = e.getLocation();
        return message + (at == null ? "" : " (at column " + at.getColumnNr() + ")");
    }
}
