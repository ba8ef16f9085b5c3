package io.bussdcc.codec;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import io.bussdcc.api.Event;
import io.bussdcc.api.Message;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Writes and reads the values of one Java type. Built once per record component from its
 * generic type; see the package documentation for the JSON each type becomes.
 */
abstract class ValueCodec {

    /** What a value of this type is, for messages: "a string", "an int". */
    final String what;

    ValueCodec(String what) {
        this.what = what;
    }

    /** Writes a non-null value. */
    abstract void write(JsonGenerator g, Object value, EventCodec codec);

    /** Reads a value whose first token is current and is not {@code null}. */
    abstract Object read(JsonParser p, Reading r) throws CodecException;

    /** The value of a JSON {@code null}. */
    Object whenNull() throws CodecException {
        return null;
    }

    /** The value of an absent field. */
    Object whenMissing() throws CodecException {
        return whenNull();
    }

    final void writeNullable(JsonGenerator g, Object value, EventCodec codec) {
        if (value == null) {
            g.writeNull();
        } else {
            write(g, value, codec);
        }
    }

    final Object readNullable(JsonParser p, Reading r) throws CodecException {
        return p.currentToken() == JsonToken.VALUE_NULL ? whenNull() : read(p, r);
    }

    // ---- construction -------------------------------------------------------------------

    /**
     * The codec for values of {@code type}.
     *
     * @param where the component, for the message when the type is not supported
     * @throws EncodingException if the type is not one the codec supports
     */
    static ValueCodec forType(Type type, String where) {
        if (type instanceof Class<?> c) {
            return forClass(c, where);
        }
        if (type instanceof ParameterizedType pt && pt.getRawType() instanceof Class<?> raw) {
            Type[] args = pt.getActualTypeArguments();
            if (raw == Optional.class) {
                ValueCodec inner = forType(bound(args[0], where), where);
                if (inner instanceof OptionalCodec) {
                    throw unsupported(type, where, "an Optional of an Optional cannot tell its two empties apart");
                }
                return new OptionalCodec(inner);
            }
            if (raw == List.class) {
                return new ListCodec(forType(bound(args[0], where), where), false);
            }
            if (raw == Set.class) {
                return new ListCodec(forType(bound(args[0], where), where), true);
            }
            if (raw == Map.class) {
                ValueCodec key = forType(bound(args[0], where), where);
                ValueCodec value = forType(bound(args[1], where), where);
                return key instanceof StringCodec ? new StringMapCodec(value) : new PairMapCodec(key, value);
            }
            if (raw == Event.class) {
                return new EventValueCodec(eventBound(bound(args[0], where), type, where));
            }
            throw unsupported(type, where, null);
        }
        if (type instanceof TypeVariable<?> || type instanceof WildcardType) {
            throw unsupported(type, where, "give the component a concrete type");
        }
        if (type instanceof GenericArrayType) {
            throw unsupported(type, where, "use a List instead of an array");
        }
        throw unsupported(type, where, null);
    }

    private static ValueCodec forClass(Class<?> c, String where) {
        if (c == String.class) {
            return StringCodec.INSTANCE;
        }
        if (c.isPrimitive() || Number.class.isAssignableFrom(c) || c == Boolean.class || c == Character.class) {
            ValueCodec scalar = ScalarCodec.of(c);
            if (scalar != null) {
                return scalar;
            }
        }
        if (c == Instant.class) {
            return InstantCodec.INSTANCE;
        }
        if (c == OffsetDateTime.class) {
            return new TextCodec("an ISO-8601 date-time with offset", v -> DateTimeFormatter.ISO_OFFSET_DATE_TIME
                    .format((OffsetDateTime) v), s -> OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        }
        if (c == LocalDate.class) {
            return new TextCodec("an ISO-8601 date", Object::toString, LocalDate::parse);
        }
        if (c == LocalTime.class) {
            return new TextCodec("an ISO-8601 time", v -> DateTimeFormatter.ISO_LOCAL_TIME.format((LocalTime) v),
                    s -> LocalTime.parse(s, DateTimeFormatter.ISO_LOCAL_TIME));
        }
        if (c == Duration.class) {
            return new TextCodec("an ISO-8601 duration", Object::toString, Duration::parse);
        }
        if (c == Path.class) {
            return new TextCodec("a path", Object::toString, Path::of);
        }
        if (c == UUID.class) {
            return new TextCodec("a UUID", Object::toString, UUID::fromString);
        }
        if (c.isEnum()) {
            return new EnumCodec(c);
        }
        if (c.isRecord()) {
            return new NestedRecordCodec(c);
        }
        if (c == Event.class) {
            return new EventValueCodec(Message.class);
        }
        if (c == Optional.class || Collection.class.isAssignableFrom(c) || Map.class.isAssignableFrom(c)) {
            throw unsupported(c, where, c == Optional.class || c == List.class || c == Set.class || c == Map.class
                    ? "give its type arguments" : "declare it as List, Set or Map");
        }
        if (c.isArray()) {
            throw unsupported(c, where, "use a List instead of an array");
        }
        throw unsupported(c, where, null);
    }

    private static Type bound(Type arg, String where) {
        if (arg instanceof WildcardType w) {
            if (w.getLowerBounds().length > 0) {
                throw unsupported(w, where, "a lower-bounded wildcard cannot be read back");
            }
            return w.getUpperBounds()[0];
        }
        return arg;
    }

    private static Class<?> eventBound(Type arg, Type eventType, String where) {
        Type t = arg instanceof ParameterizedType pt ? pt.getRawType() : arg;
        if (t instanceof Class<?> c && Message.class.isAssignableFrom(c)) {
            return c;
        }
        if (t == Object.class) {
            return Message.class;
        }
        throw unsupported(eventType, where, "an Event's payload type must be a Message type");
    }

    private static EncodingException unsupported(Type type, String where, String hint) {
        return new EncodingException("the codec does not support " + type.getTypeName()
                + (hint == null ? "" : " (" + hint + ")")
                + "; supported: String, primitives and their boxes, Instant, OffsetDateTime, LocalDate, LocalTime,"
                + " Duration, Path, UUID, enums, Optional, List, Set, Map, records and Event", where);
    }

    // ---- shared helpers -----------------------------------------------------------------

    /** "expected a string, found a number (42)". */
    static CodecException mismatch(String expected, JsonParser p) {
        return new CodecException("expected " + expected + ", found " + describe(p));
    }

    static String describe(JsonParser p) {
        JsonToken t = p.currentToken();
        if (t == null) {
            return "nothing";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string (" + quoteShort(p.getString()) + ")";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number (" + shorten(p.getString()) + ")";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean (" + p.getString() + ")";
            case VALUE_NULL -> "null";
            default -> t.asString() == null ? t.name() : t.asString();
        };
    }

    static String quoteShort(String s) {
        return "\"" + shorten(s) + "\"";
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    static boolean hasUnpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    // ---- strings and scalars ------------------------------------------------------------

    static final class StringCodec extends ValueCodec {
        static final StringCodec INSTANCE = new StringCodec();

        private StringCodec() {
            super("a string");
        }

        @Override
        void write(JsonGenerator g, Object value, EventCodec codec) {
            g.writeString((String) value);
        }

        @Override
        Object read(JsonParser p, Reading r) throws CodecException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw mismatch(what, p);
            }
            return p.getString();
        }
    }

    /** Booleans, numbers and chars, primitive (never null) or boxed. */
    static final class ScalarCodec extends ValueCodec {

        enum Kind { BOOLEAN, BYTE, SHORT, INT, LONG, FLOAT, DOUBLE, CHAR }

        final Kind kind;
        private final boolean primitive;

        private ScalarCodec(Kind kind, boolean primitive, String what) {
            super(what);
            this.kind = kind;
            this.primitive = primitive;
        }

        /** Whether it is a primitive, which has no null. */
        boolean primitive() {
            return primitive;
        }

        static ScalarCodec of(Class<?> c) {
            Kind kind;
            String name;
            if (c == boolean.class || c == Boolean.class) {
                kind = Kind.BOOLEAN;
                name = "a boolean";
            } else if (c == byte.class || c == Byte.class) {
                kind = Kind.BYTE;
                name = "a byte";
            } else if (c == short.class || c == Short.class) {
                kind = Kind.SHORT;
                name = "a short";
            } else if (c == int.class || c == Integer.class) {
                kind = Kind.INT;
                name = "an int";
            } else if (c == long.class || c == Long.class) {
                kind = Kind.LONG;
                name = "a long";
            } else if (c == float.class || c == Float.class) {
                kind = Kind.FLOAT;
                name = "a float";
            } else if (c == double.class || c == Double.class) {
                kind = Kind.DOUBLE;
                name = "a double";
            } else if (c == char.class || c == Character.class) {
                kind = Kind.CHAR;
                name = "a char";
            } else {
                return null;
            }
            return new ScalarCodec(kind, c.isPrimitive(), name);
        }

        @Override
        Object whenNull() throws CodecException {
            if (primitive) {
                throw new CodecException("null is not " + what);
            }
            return null;
        }

        @Override
        Object whenMissing() throws CodecException {
            if (primitive) {
                throw new CodecException("missing, and " + what + " cannot be absent");
            }
            return null;
        }

        @Override
        void write(JsonGenerator g, Object value, EventCodec codec) {
            switch (kind) {
                case BOOLEAN -> g.writeBoolean((Boolean) value);
                case BYTE, SHORT, INT -> g.writeNumber(((Number) value).intValue());
                case LONG -> g.writeNumber((Long) value);
                case FLOAT -> writeFloat(g, (Float) value);
                case DOUBLE -> writeDouble(g, (Double) value, codec.direct());
                case CHAR -> writeChar(g, (Character) value);
            }
        }

        @Override
        Object read(JsonParser p, Reading r) throws CodecException {
            return switch (kind) {
                case BOOLEAN -> readBoolean(p);
                case BYTE -> (byte) readIntIn(p, Byte.MIN_VALUE, Byte.MAX_VALUE, what);
                case SHORT -> (short) readIntIn(p, Short.MIN_VALUE, Short.MAX_VALUE, what);
                case INT -> readInt(p);
                case LONG -> readLong(p);
                case FLOAT -> readFloat(p);
                case DOUBLE -> readDouble(p);
                case CHAR -> readChar(p);
            };
        }

        static void writeDouble(JsonGenerator g, double d) {
            writeDouble(g, d, true);
        }

        /** Writes {@code d}; with {@code direct} false through Jackson only (the same text). */
        static void writeDouble(JsonGenerator g, double d, boolean direct) {
            if (!Double.isFinite(d)) {
                throw new EncodingException(d + " cannot be written: JSON has no NaN or infinity", "");
            }
            if (!direct) {
                g.writeNumber(d);
                return;
            }
            char[] text = new char[DoubleText.MAX_LENGTH];
            int n = DoubleText.format(d, text);
            if (n < 0) {
                g.writeNumber(d);
            } else {
                g.writeNumber(text, 0, n); // the same text, without a String per number
            }
        }

        static void writeFloat(JsonGenerator g, float f) {
            if (!Float.isFinite(f)) {
                throw new EncodingException(f + " cannot be written: JSON has no NaN or infinity", "");
            }
            g.writeNumber(f);
        }

        static void writeChar(JsonGenerator g, char c) {
            g.writeString(String.valueOf(c));
        }

        static boolean readBoolean(JsonParser p) throws CodecException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_TRUE) {
                return true;
            }
            if (t == JsonToken.VALUE_FALSE) {
                return false;
            }
            throw mismatch("a boolean", p);
        }

        static int readInt(JsonParser p) throws CodecException {
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                throw mismatch("an int", p);
            }
            if (p.getNumberType() != JsonParser.NumberType.INT) {
                throw new CodecException(p.getString() + " is out of range for an int");
            }
            return p.getIntValue();
        }

        static int readIntIn(JsonParser p, int min, int max, String what) throws CodecException {
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                throw mismatch(what, p);
            }
            if (p.getNumberType() != JsonParser.NumberType.INT || p.getIntValue() < min || p.getIntValue() > max) {
                throw new CodecException(p.getString() + " is out of range for " + what);
            }
            return p.getIntValue();
        }

        static long readLong(JsonParser p) throws CodecException {
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                throw mismatch("a long", p);
            }
            JsonParser.NumberType type = p.getNumberType();
            if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
                throw new CodecException(p.getString() + " is out of range for a long");
            }
            return p.getLongValue();
        }

        static double readDouble(JsonParser p) throws CodecException {
            JsonToken t = p.currentToken();
            if (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_NUMBER_INT) {
                throw mismatch("a double", p);
            }
            if (p.isNaN()) {
                throw new CodecException(p.getString() + " is not a number JSON allows");
            }
            double d = p.getDoubleValue();
            if (!Double.isFinite(d)) {
                throw new CodecException(p.getString() + " is out of range for a double");
            }
            return d;
        }

        static float readFloat(JsonParser p) throws CodecException {
            JsonToken t = p.currentToken();
            if (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_NUMBER_INT) {
                throw mismatch("a float", p);
            }
            if (p.isNaN()) {
                throw new CodecException(p.getString() + " is not a number JSON allows");
            }
            // Parsed from the text: going through a double could round twice.
            float f = Float.parseFloat(p.getString());
            if (!Float.isFinite(f)) {
                throw new CodecException(p.getString() + " is out of range for a float");
            }
            return f;
        }

        static char readChar(JsonParser p) throws CodecException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw mismatch("a char (a one-character string)", p);
            }
            if (p.getStringLength() != 1) {
                throw new CodecException(quoteShort(p.getString()) + " is not one character");
            }
            return p.getStringCharacters()[p.getStringOffset()];
        }
    }

    static final class InstantCodec extends ValueCodec {
        static final InstantCodec INSTANCE = new InstantCodec();

        private InstantCodec() {
            super("an ISO-8601 instant");
        }

        @Override
        void write(JsonGenerator g, Object value, EventCodec codec) {
            codec.writeInstant(g, (Instant) value);
        }

        @Override
        Object read(JsonParser p, Reading r) throws CodecException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw mismatch(what, p);
            }
            return Timestamps.parse(p.getStringCharacters(), p.getStringOffset(), p.getStringLength(), r.codec.direct());
        }
    }

    /** A value written as its text: dates, durations, paths, UUIDs. */
    static final class TextCodec extends ValueCodec {

        interface Format {
            String format(Object value);
        }

        interface Parse {
            Object parse(String text);
        }

        private final Format format;
        private final Parse parse;

        TextCodec(String what, Format format, Parse parse) {
            super(what);
            this.format = format;
            this.parse = parse;
        }

        @Override
        void write(JsonGenerator g, Object value, EventCodec codec) {
            g.writeString(format.format(value));
        }

        @Override
        Object read(JsonParser p, Reading r) throws CodecException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw mismatch(what + " string", p);
            }
            String text = p.getString();
            try {
                return parse.parse(text);
            } catch (DateTimeException | IllegalArgumentException | ArithmeticException e) {
                throw new CodecException(quoteShort(text) + " is not " + what);
            }
        }
    }

    static final class EnumCodec extends ValueCodec {
        private final Class<?> type;
        private final Map<String, Object> byName = new HashMap<>();

        EnumCodec(Class<?> type) {
            super("a " + type.getSimpleName());
            this.type = type;
            for (Object constant : type.getEnumConstants()) {
                byName.put(((Enum<?>) constant).name(), constant);
            }
        }

        @Override
        void write(JsonGenerator g, Object value, EventCodec codec) {
            g.writeString(((Enum<?>) value).name());
        }

        @Override
        Object read(JsonParser p, Reading r) throws CodecException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw mismatch("the name of a " + type.getSimpleName() + " constant", p);
            }
            Object constant = byName.get(p.getString());
            if (constant == null) {
                throw new CodecException(quoteShort(p.getString()) + " is not one of " + type.getSimpleName() + " "
                        + Arrays.toString(type.getEnumConstants()));
            }
            return constant;
        }
    }

    // ---- containers ---------------------------------------------------------------------

    static final class OptionalCodec extends ValueCodec {
        private final ValueCodec inner;

        OptionalCodec(ValueCodec inner) {
            super(inner.what + " or null");
            this.inner = inner;
        }

        @Override
        Object whenNull() {
            return Optional.empty();
        }

        @Override
        void write(JsonGenerator g, Object value, EventCodec codec) {
            Optional<?> o = (Optional<?>) value;
            if (o.isPresent()) {
                inner.write(g, o.get(), codec);
            } else {
                g.writeNull();
            }
        }

        @Override
        Object read(JsonParser p, Reading r) throws CodecException {
            return Optional.of(inner.read(p, r));
        }
    }

    /** List (in order) or Set (in order, no duplicates) as a JSON array. */
    static final class ListCodec extends ValueCodec {
        private final ValueCodec element;
        private final boolean set;

        ListCodec(ValueCodec element, boolean set) {
            super(set ? "an array (a Set)" : "an array (a List)");
            this.element = element;
            this.set = set;
        }

        @Override
        void write(JsonGenerator g, Object value, EventCodec codec) {
            g.writeStartArray();
            int i = 0;
            for (Object item : (Collection<?>) value) {
                try {
                    element.writeNullable(g, item, codec);
                } catch (EncodingException e) {
                    throw e.under("[" + i + "]");
                }
                i++;
            }
            g.writeEndArray();
        }

        @Override
        Object read(JsonParser p, Reading r) throws CodecException {
            if (p.currentToken() != JsonToken.START_ARRAY) {
                throw mismatch(what, p);
            }
            Collection<Object> items = set ? new LinkedHashSet<>() : new ArrayList<>();
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                Object item;
                try {
                    item = element.readNullable(p, r);
                } catch (CodecException e) {
                    throw e.under("[" + i + "]");
                }
                if (!items.add(item)) {
                    throw new CodecException("a Set cannot hold the same element twice", "[" + i + "]");
                }
                i++;
            }
            return set ? Collections.unmodifiableSet((Set<Object>) items) : Collections.unmodifiableList((List<Object>) items);
        }
    }

    /** {@code Map<String, V>} as a JSON object. */
    static final class StringMapCodec extends ValueCodec {
        private final ValueCodec value;

        StringMapCodec(ValueCodec value) {
            super("an object (a Map)");
            this.value = value;
        }

        @Override
        void write(JsonGenerator g, Object map, EventCodec codec) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) map).entrySet()) {
                if (e.getKey() == null) {
                    throw new EncodingException("a map key is null, which a JSON object cannot hold", "");
                }
                String key = (String) e.getKey();
                if (hasUnpairedSurrogate(key)) {
                    // JSON parsers (Jackson's among them) refuse such object keys
                    throw new EncodingException("the map key " + quoteShort(key)
                            + " holds an unpaired surrogate, which a JSON object key cannot", "");
                }
                g.writeName(key);
                try {
                    value.writeNullable(g, e.getValue(), codec);
                } catch (EncodingException x) {
                    throw x.under("[" + quoteShort(key) + "]");
                }
            }
            g.writeEndObject();
        }

        @Override
        Object read(JsonParser p, Reading r) throws CodecException {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw mismatch(what, p);
            }
            Map<String, Object> map = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String key = p.currentName();
                p.nextToken();
                String at = "[" + quoteShort(key) + "]";
                if (map.containsKey(key)) {
                    throw new CodecException("the key appears twice", at);
                }
                try {
                    map.put(key, value.readNullable(p, r));
                } catch (CodecException e) {
                    throw e.under(at);
                }
            }
            return Collections.unmodifiableMap(map);
        }
    }

    /**
     * {@code Map<K, V>} with keys other than strings, as an array of {@code [key, value]}
     * pairs: JSON object keys are strings, and turning keys into strings and back would need
     * a string form for every key type.
     */
    static final class PairMapCodec extends ValueCodec {
        private final ValueCodec key;
        private final ValueCodec value;

        PairMapCodec(ValueCodec key, ValueCodec value) {
            super("an array of [key, value] pairs (a Map)");
            this.key = key;
            this.value = value;
        }

        @Override
        void write(JsonGenerator g, Object map, EventCodec codec) {
            g.writeStartArray();
            int i = 0;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) map).entrySet()) {
                g.writeStartArray();
                try {
                    key.writeNullable(g, e.getKey(), codec);
                    value.writeNullable(g, e.getValue(), codec);
                } catch (EncodingException x) {
                    throw x.under("[" + i + "]");
                }
                g.writeEndArray();
                i++;
            }
            g.writeEndArray();
        }

        @Override
        Object read(JsonParser p, Reading r) throws CodecException {
            if (p.currentToken() != JsonToken.START_ARRAY) {
                throw mismatch(what, p);
            }
            Map<Object, Object> map = new LinkedHashMap<>();
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                String at = "[" + i + "]";
                if (p.currentToken() != JsonToken.START_ARRAY) {
                    throw mismatch("a [key, value] pair", p).under(at);
                }
                Object k;
                Object v;
                try {
                    p.nextToken();
                    k = readPart(p, r, key, "key");
                    p.nextToken();
                    v = readPart(p, r, value, "value");
                } catch (CodecException e) {
                    throw e.under(at);
                }
                if (p.nextToken() != JsonToken.END_ARRAY) {
                    throw new CodecException("a [key, value] pair has more than two elements", at);
                }
                if (map.containsKey(k)) {
                    throw new CodecException("the key appears twice", at);
                }
                map.put(k, v);
                i++;
            }
            return Collections.unmodifiableMap(map);
        }

        private static Object readPart(JsonParser p, Reading r, ValueCodec codec, String part)
                throws CodecException {
            if (p.currentToken() == JsonToken.END_ARRAY) {
                throw new CodecException("a [key, value] pair lacks its " + part);
            }
            try {
                return codec.readNullable(p, r);
            } catch (CodecException e) {
                throw e.under(part);
            }
        }
    }

    // ---- records and events -------------------------------------------------------------

    /**
     * A record inside a record. Resolved on first use rather than when the outer record's codec
     * is built, so that records may contain themselves (a tree of nodes).
     */
    static final class NestedRecordCodec extends ValueCodec {
        private final Class<?> type;
        private RecordCodec resolved; // racy but idempotent: every thread resolves the same codec

        NestedRecordCodec(Class<?> type) {
            super("an object (" + type.getSimpleName() + ")");
            this.type = type;
        }

        private RecordCodec codec() {
            RecordCodec c = resolved;
            if (c == null) {
                c = RecordCodec.of(type);
                resolved = c;
            }
            return c;
        }

        @Override
        void write(JsonGenerator g, Object value, EventCodec codec) {
            codec().write(g, value, codec);
        }

        @Override
        Object read(JsonParser p, Reading r) throws CodecException {
            RecordCodec c;
            try {
                c = codec();
            } catch (EncodingException e) {
                throw new CodecException(type.getName() + " cannot be decoded: " + e.getMessage());
            }
            return c.read(p, r);
        }
    }

    /** An embedded event, as error messages carry: {@code {"time","type","data"}}. */
    static final class EventValueCodec extends ValueCodec {
        private final Class<?> payloadBound;

        EventValueCodec(Class<?> payloadBound) {
            super("an event object");
            this.payloadBound = payloadBound;
        }

        @Override
        void write(JsonGenerator g, Object value, EventCodec codec) {
            codec.writeEvent(g, (Event<?>) value);
        }

        @Override
        Object read(JsonParser p, Reading r) throws CodecException {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw mismatch(what, p);
            }
            Event<?> event = r.codec.readEventObject(p, r, false);
            if (!payloadBound.isInstance(event.payload())) {
                throw new CodecException("expected an event of " + payloadBound.getSimpleName() + ", found type '"
                        + r.codec.types().nameOf(event.payload()) + "'");
            }
            return event;
        }
    }
}
