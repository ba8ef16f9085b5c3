package io.bussdcc.codec;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import io.bussdcc.api.Event;
import io.bussdcc.api.Message;
import io.bussdcc.api.WireValue;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
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
import java.time.LocalDateTime;
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

    /** The codecs this one holds (a list's element, a map's key and value). */
    ValueCodec[] children() {
        return NONE;
    }

    private static final ValueCodec[] NONE = {};

    /**
     * Whether a value of this type has a string form for use as a JSON object key
     * ({@link #keyText}, {@link #fromKeyText}).
     */
    boolean hasKeyText() {
        return false;
    }

    /** The string form of {@code value} as an object key; only if {@link #hasKeyText}. */
    String keyText(Object value) {
        throw new UnsupportedOperationException(what);
    }

    /** The value of the object key {@code text}; only if {@link #hasKeyText}. */
    Object fromKeyText(String text) throws CodecException {
        throw new UnsupportedOperationException(what);
    }

    /**
     * The first codec in this tree that cannot write or read its type (it is not supported),
     * or null. Such a type is written only through an {@link EncodingFallback}.
     */
    static UnsupportedCodec findUnsupported(ValueCodec codec) {
        if (codec instanceof UnsupportedCodec u) {
            return u;
        }
        for (ValueCodec child : codec.children()) {
            UnsupportedCodec u = findUnsupported(child);
            if (u != null) {
                return u;
            }
        }
        return null;
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
     * @param python whether the record holding it came from Python ({@code
     *               MessageTypeRegistry.fromPython}): then values are written as the Python
     *               original writes them
     * @return the codec; for a class the codec does not know, an {@link UnsupportedCodec}
     *         (written only through a fallback)
     * @throws EncodingException if the type is one the codec can never handle
     */
    static ValueCodec forType(Type type, String where, boolean python) {
        if (type instanceof Class<?> c) {
            return forClass(c, where, python);
        }
        if (type instanceof ParameterizedType pt && pt.getRawType() instanceof Class<?> raw) {
            Type[] args = pt.getActualTypeArguments();
            if (raw == Optional.class) {
                ValueCodec inner = forType(bound(args[0], where), where, python);
                if (inner instanceof OptionalCodec) {
                    throw unsupported(type, where, "an Optional of an Optional cannot tell its two empties apart");
                }
                return new OptionalCodec(inner);
            }
            if (raw == List.class) {
                return new ListCodec(forType(bound(args[0], where), where, python), false);
            }
            if (raw == Set.class) {
                return new ListCodec(forType(bound(args[0], where), where, python), true);
            }
            if (raw == Map.class) {
                ValueCodec key = forType(bound(args[0], where), where, python);
                ValueCodec value = forType(bound(args[1], where), where, python);
                return key instanceof StringCodec ? new StringMapCodec(value)
                        : new PairMapCodec(key, value, python && key.hasKeyText());
            }
            if (raw == Event.class) {
                return new EventValueCodec(eventBound(bound(args[0], where), type, where));
            }
            return new UnsupportedCodec(unsupported(type, where, null));
        }
        if (type instanceof TypeVariable<?> || type instanceof WildcardType) {
            throw unsupported(type, where, "give the component a concrete type");
        }
        if (type instanceof GenericArrayType) {
            throw unsupported(type, where, "use a List instead of an array");
        }
        throw unsupported(type, where, null);
    }

    private static ValueCodec forClass(Class<?> c, String where, boolean python) {
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
            return new TextCodec("an ISO-8601 date-time with offset", v -> python ? pythonIso((OffsetDateTime) v)
                    : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format((OffsetDateTime) v),
                    s -> OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        }
        if (c == LocalDateTime.class) {
            return new TextCodec("an ISO-8601 date-time without offset", v -> python
                    ? pythonIso((LocalDateTime) v) : DateTimeFormatter.ISO_LOCAL_DATE_TIME.format((LocalDateTime) v),
                    s -> LocalDateTime.parse(s, DateTimeFormatter.ISO_LOCAL_DATE_TIME));
        }
        if (c == LocalDate.class) {
            return new TextCodec("an ISO-8601 date", Object::toString, LocalDate::parse);
        }
        if (c == LocalTime.class) {
            return new TextCodec("an ISO-8601 time", v -> python ? pythonIso((LocalTime) v)
                    : DateTimeFormatter.ISO_LOCAL_TIME.format((LocalTime) v),
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
            return new EnumCodec(c, python);
        }
        if (c.isRecord()) {
            return new NestedRecordCodec(c, python);
        }
        if (c == Object.class) {
            return ScalarObjectCodec.INSTANCE;
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
        return new UnsupportedCodec(unsupported(c, where, null));
    }

    /**
     * A naive date-time as Python's {@code isoformat()} writes it: no fraction when it is zero,
     * otherwise six digits (nine when there are nanoseconds, which Python has not).
     */
    static String pythonIso(LocalDateTime t) {
        return t.toLocalDate() + "T" + pythonIso(t.toLocalTime());
    }

    /** An aware date-time as Python writes it: as a naive one, then the offset, {@code +00:00} for UTC. */
    static String pythonIso(OffsetDateTime t) {
        String offset = t.getOffset().getTotalSeconds() == 0 ? "+00:00" : t.getOffset().getId();
        return pythonIso(t.toLocalDateTime()) + offset;
    }

    static String pythonIso(LocalTime t) {
        StringBuilder b = new StringBuilder(15);
        two(b, t.getHour()).append(':');
        two(b, t.getMinute()).append(':');
        two(b, t.getSecond());
        int nano = t.getNano();
        if (nano != 0) {
            String digits = nano % 1000 == 0 ? String.format("%06d", nano / 1000) : String.format("%09d", nano);
            b.append('.').append(digits);
        }
        return b.toString();
    }

    private static StringBuilder two(StringBuilder b, int v) {
        return b.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
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
                + "; supported: String, primitives and their boxes, Instant, OffsetDateTime, LocalDateTime, LocalDate,"
                + " LocalTime, Duration, Path, UUID, enums, Optional, List, Set, Map, records, Event and Object"
                + " (a string, number or boolean); any other through a sink's fallback", where);
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

        @Override
        boolean hasKeyText() {
            return true;
        }

        @Override
        String keyText(Object value) {
            return (String) value;
        }

        @Override
        Object fromKeyText(String text) {
            return text;
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
            if (p.currentToken() == JsonToken.VALUE_STRING && kind != Kind.CHAR && kind != Kind.FLOAT
                    && kind != Kind.DOUBLE && r.codec.types().lenientScalars()) {
                return fromText(p.getString(), true);
            }
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

        @Override
        boolean hasKeyText() {
            return kind != Kind.FLOAT && kind != Kind.DOUBLE;
        }

        @Override
        String keyText(Object value) {
            return String.valueOf(value);
        }

        @Override
        Object fromKeyText(String text) throws CodecException {
            return kind == Kind.CHAR ? keyChar(text) : fromText(text, false);
        }

        private static Object keyChar(String text) throws CodecException {
            if (text.length() != 1) {
                throw new CodecException(quoteShort(text) + " is not one character");
            }
            return text.charAt(0);
        }

        /**
         * A boolean or an integer from its text: a lenient scalar, or an object key. Booleans
         * take the words the Python original takes ({@code lenient}) or just {@code true} /
         * {@code false}, which is how Python writes a bool key.
         */
        private Object fromText(String text, boolean lenient) throws CodecException {
            if (kind == Kind.BOOLEAN) {
                if (text.equals("true") || lenient && (text.equals("1") || text.equals("on") || text.equals("yes"))) {
                    return Boolean.TRUE;
                }
                if (text.equals("false") || lenient && (text.equals("0") || text.equals("off") || text.equals("no"))) {
                    return Boolean.FALSE;
                }
                throw new CodecException(quoteShort(text) + " is not " + what
                        + (lenient ? " (true, 1, on, yes, false, 0, off or no)" : " (true or false)"));
            }
            String digits = lenient ? text.strip() : text;
            long v;
            try {
                if (digits.isEmpty() || !(Character.isDigit(digits.charAt(0)) || digits.length() > 1
                        && (digits.charAt(0) == '-' || digits.charAt(0) == '+'))) {
                    throw new NumberFormatException();
                }
                v = Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw new CodecException(quoteShort(text) + " is not " + what + " (a string of digits)");
            }
            long min = switch (kind) {
                case BYTE -> Byte.MIN_VALUE;
                case SHORT -> Short.MIN_VALUE;
                case INT -> Integer.MIN_VALUE;
                default -> Long.MIN_VALUE;
            };
            long max = switch (kind) {
                case BYTE -> Byte.MAX_VALUE;
                case SHORT -> Short.MAX_VALUE;
                case INT -> Integer.MAX_VALUE;
                default -> Long.MAX_VALUE;
            };
            if (v < min || v > max) {
                throw new CodecException(quoteShort(text) + " is out of range for " + what);
            }
            return switch (kind) {
                case BYTE -> (byte) v;
                case SHORT -> (short) v;
                case INT -> (int) v;
                default -> v;
            };
        }

        static void writeDouble(JsonGenerator g, double d) {
            writeDouble(g, d, true);
        }

        /**
         * The string a NaN or infinity is written as: the token Python writes bare, quoted so
         * that the line stays JSON (docs/jsonl-log.md).
         */
        static String nonFiniteText(double d) {
            return Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity";
        }

        /** The value of the string a NaN or infinity is written as, or null if it is not one. */
        static Double nonFinite(String text) {
            return switch (text) {
                case "NaN" -> Double.NaN;
                case "Infinity", "+Infinity" -> Double.POSITIVE_INFINITY;
                case "-Infinity" -> Double.NEGATIVE_INFINITY;
                default -> null;
            };
        }

        /** Writes {@code d}; with {@code direct} false through Jackson only (the same text). */
        static void writeDouble(JsonGenerator g, double d, boolean direct) {
            if (!Double.isFinite(d)) {
                g.writeString(nonFiniteText(d));
                return;
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
                g.writeString(nonFiniteText(f));
                return;
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
            if (t == JsonToken.VALUE_STRING) {
                return readNonFinite(p, "a double");
            }
            if (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_NUMBER_INT) {
                throw mismatch("a double", p);
            }
            if (p.isNaN()) {
                return p.getDoubleValue(); // a bare NaN or Infinity, as Python writes them
            }
            double d = p.getDoubleValue();
            if (!Double.isFinite(d)) {
                throw new CodecException(p.getString() + " is out of range for a double");
            }
            return d;
        }

        static float readFloat(JsonParser p) throws CodecException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_STRING) {
                return (float) readNonFinite(p, "a float");
            }
            if (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_NUMBER_INT) {
                throw mismatch("a float", p);
            }
            if (p.isNaN()) {
                return (float) p.getDoubleValue();
            }
            // Parsed from the text: going through a double could round twice.
            float f = Float.parseFloat(p.getString());
            if (!Float.isFinite(f)) {
                throw new CodecException(p.getString() + " is out of range for a float");
            }
            return f;
        }

        private static double readNonFinite(JsonParser p, String what) throws CodecException {
            Double d = nonFinite(p.getString());
            if (d == null) {
                throw new CodecException("expected " + what + ", found " + describe(p)
                        + " (the only strings a number is read from are \"NaN\", \"Infinity\" and \"-Infinity\")");
            }
            return d;
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

        @Override
        boolean hasKeyText() {
            return true;
        }

        @Override
        String keyText(Object value) {
            return Timestamps.formatWithJdk((Instant) value);
        }

        @Override
        Object fromKeyText(String text) throws CodecException {
            char[] chars = text.toCharArray();
            return Timestamps.parse(chars, 0, chars.length, true);
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
            return fromKeyText(p.getString());
        }

        @Override
        boolean hasKeyText() {
            return true;
        }

        @Override
        String keyText(Object value) {
            return format.format(value);
        }

        @Override
        Object fromKeyText(String text) throws CodecException {
            try {
                return parse.parse(text);
            } catch (DateTimeException | IllegalArgumentException | ArithmeticException e) {
                throw new CodecException(quoteShort(text) + " is not " + what);
            }
        }
    }

    /**
     * An enum: its {@code name()}, or the result of its wire-value method — the one annotated
     * {@link WireValue}, or for a type from Python a public {@code value()} — a string or an
     * integer. Reading takes the value or the name.
     */
    static final class EnumCodec extends ValueCodec {
        private final Class<?> type;
        private final Map<String, Object> byName = new HashMap<>();
        /** By wire value (a String or a Long); empty when the enum is written by name. */
        private final Map<Object, Object> byValue = new HashMap<>();
        /** The wire value of each constant by ordinal (a String or a Long), or null. */
        private final Object[] values;
        /** Whether constants are written by value (else by name); reading takes both. */
        private final boolean writeValues;

        EnumCodec(Class<?> type, boolean python) {
            super("a " + type.getSimpleName());
            this.type = type;
            Object[] constants = type.getEnumConstants();
            for (Object constant : constants) {
                byName.put(((Enum<?>) constant).name(), constant);
            }
            Method annotated = annotatedWireValue(type);
            // Written by value when annotated, or by convention for a type from Python; read by
            // value whenever the enum has one, so a Java program reads a Python log either way.
            Method accessor = annotated != null ? annotated : conventionalValue(type);
            boolean byValues = annotated != null || python && accessor != null;
            Object[] found = null;
            if (accessor != null) {
                try {
                    found = wireValues(type, accessor, constants);
                } catch (EncodingException e) {
                    if (byValues) {
                        throw e;
                    }
                    // a value() of a Java enum that is not a wire value (not distinct, null): names only
                }
            }
            if (found == null) {
                byValue.clear();
            }
            values = found;
            writeValues = byValues;
        }

        private Object[] wireValues(Class<?> type, Method accessor, Object[] constants) {
            Class<?> r = accessor.getReturnType();
            if (accessor.getParameterCount() != 0 || Modifier.isStatic(accessor.getModifiers()) || !(r == String.class
                    || r == int.class || r == long.class || r == Integer.class || r == Long.class)) {
                throw new EncodingException(type.getName() + "." + accessor.getName() + " cannot give the wire value:"
                        + " it must be an instance method without parameters returning String, int or long", "");
            }
            Object[] result = new Object[constants.length];
            MethodHandle handle = accessible(accessor, type);
            for (Object constant : constants) {
                Object v;
                try {
                    v = handle.invoke(constant);
                } catch (Throwable t) {
                    throw new EncodingException(type.getName() + "." + accessor.getName() + "() threw " + t
                            + " for " + constant, "");
                }
                if (v == null) {
                    throw new EncodingException(type.getName() + "." + accessor.getName() + "() is null for " + constant, "");
                }
                Object key = v instanceof Number n ? (Object) n.longValue() : v;
                Object previous = byValue.put(key, constant);
                if (previous != null) {
                    throw new EncodingException(type.getName() + " gives " + previous + " and " + constant
                            + " the same wire value " + v, "");
                }
                result[((Enum<?>) constant).ordinal()] = key;
            }
            return result;
        }

        private static Method annotatedWireValue(Class<?> type) {
            Method found = null;
            for (Method m : type.getDeclaredMethods()) {
                if (m.isAnnotationPresent(WireValue.class)) {
                    if (found != null) {
                        throw new EncodingException(type.getName() + " has two @WireValue methods", "");
                    }
                    found = m;
                }
            }
            return found;
        }

        /** A public instance method {@code value()}: Python's {@code .value}, by convention. */
        private static Method conventionalValue(Class<?> type) {
            try {
                Method m = type.getMethod("value");
                return Modifier.isStatic(m.getModifiers()) ? null : m;
            } catch (NoSuchMethodException e) {
                return null;
            }
        }

        private static MethodHandle accessible(Method m, Class<?> type) {
            RecordCodec.class.getModule().addReads(type.getModule());
            try {
                return MethodHandles.lookup().unreflect(m);
            } catch (IllegalAccessException e) {
                try {
                    m.setAccessible(true);
                    return MethodHandles.lookup().unreflect(m);
                } catch (RuntimeException | IllegalAccessException e2) {
                    throw new EncodingException("enum " + type.getName() + " is not accessible to the codec: make it"
                            + " public in an exported package, or add 'opens " + type.getPackageName()
                            + " to io.bussdcc.codec;' to the module-info of " + type.getModule(), "", e2);
                }
            }
        }

        private Object wire(Object constant) {
            return writeValues ? values[((Enum<?>) constant).ordinal()] : ((Enum<?>) constant).name();
        }

        @Override
        void write(JsonGenerator g, Object value, EventCodec codec) {
            Object v = wire(value);
            if (v instanceof Long l) {
                g.writeNumber(l);
            } else {
                g.writeString((String) v);
            }
        }

        @Override
        Object read(JsonParser p, Reading r) throws CodecException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_NUMBER_INT && !byValue.isEmpty()) {
                Object constant = p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? null
                        : byValue.get(p.getLongValue());
                if (constant == null) {
                    throw notOne(p.getString());
                }
                return constant;
            }
            if (t != JsonToken.VALUE_STRING) {
                throw mismatch(values == null ? "the name of a " + type.getSimpleName() + " constant"
                        : "a " + type.getSimpleName() + " value", p);
            }
            return fromKeyText(p.getString());
        }

        @Override
        boolean hasKeyText() {
            return true;
        }

        @Override
        String keyText(Object value) {
            return String.valueOf(wire(value));
        }

        @Override
        Object fromKeyText(String text) throws CodecException {
            // What this enum writes is tried first: a value may be another constant's name.
            Object constant = writeValues ? byValue.get(text) : byName.get(text);
            if (constant == null) {
                constant = writeValues ? byName.get(text) : byValue.get(text);
            }
            if (constant == null && !byValue.isEmpty() && !text.isEmpty() && text.length() < 20) {
                try {
                    constant = byValue.get(Long.parseLong(text)); // an IntEnum key: Python writes "1"
                } catch (NumberFormatException e) {
                    constant = null;
                }
            }
            if (constant == null) {
                throw notOne(quoteShort(text));
            }
            return constant;
        }

        private CodecException notOne(String shown) {
            StringBuilder known = new StringBuilder();
            for (Object constant : type.getEnumConstants()) {
                known.append(known.isEmpty() ? "" : ", ").append(((Enum<?>) constant).name());
                if (values != null) {
                    Object v = values[((Enum<?>) constant).ordinal()];
                    known.append(" (").append(v instanceof String str ? quoteShort(str) : v).append(')');
                }
            }
            return new CodecException(shown + " is not one of " + type.getSimpleName() + " [" + known + "]");
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
        ValueCodec[] children() {
            return new ValueCodec[] {inner};
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
        ValueCodec[] children() {
            return new ValueCodec[] {element};
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
        ValueCodec[] children() {
            return new ValueCodec[] {value};
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
     * {@code Map<K, V>} with keys other than strings. Read from either shape: an array of
     * {@code [key, value]} pairs (which any key type has), or an object whose keys are the
     * keys' string forms (as the Python original writes a dict with int, enum or bool keys).
     * Written as pairs, or — for a type from Python whose keys have a string form — as an
     * object; docs/jsonl-log.md says why.
     */
    static final class PairMapCodec extends ValueCodec {
        private final ValueCodec key;
        private final ValueCodec value;
        private final boolean writeObject;

        PairMapCodec(ValueCodec key, ValueCodec value, boolean writeObject) {
            super(key.hasKeyText() ? "an object or an array of [key, value] pairs (a Map)"
                    : "an array of [key, value] pairs (a Map)");
            this.key = key;
            this.value = value;
            this.writeObject = writeObject;
        }

        @Override
        ValueCodec[] children() {
            return new ValueCodec[] {key, value};
        }

        @Override
        void write(JsonGenerator g, Object map, EventCodec codec) {
            if (writeObject) {
                writeObject(g, (Map<?, ?>) map, codec);
                return;
            }
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

        private void writeObject(JsonGenerator g, Map<?, ?> map, EventCodec codec) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (e.getKey() == null) {
                    throw new EncodingException("a map key is null, which a JSON object cannot hold", "");
                }
                String text = key.keyText(e.getKey());
                g.writeName(text);
                try {
                    value.writeNullable(g, e.getValue(), codec);
                } catch (EncodingException x) {
                    throw x.under("[" + quoteShort(text) + "]");
                }
            }
            g.writeEndObject();
        }

        @Override
        Object read(JsonParser p, Reading r) throws CodecException {
            if (p.currentToken() == JsonToken.START_OBJECT && key.hasKeyText()) {
                return readObject(p, r);
            }
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

        private Object readObject(JsonParser p, Reading r) throws CodecException {
            Map<Object, Object> map = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String text = p.currentName();
                String at = "[" + quoteShort(text) + "]";
                Object k;
                try {
                    k = key.fromKeyText(text);
                } catch (CodecException e) {
                    throw e.under(at);
                }
                p.nextToken();
                if (map.containsKey(k)) {
                    throw new CodecException("the key appears twice", at);
                }
                try {
                    map.put(k, value.readNullable(p, r));
                } catch (CodecException e) {
                    throw e.under(at);
                }
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
        private final boolean python;
        private RecordCodec resolved; // racy but idempotent: every thread resolves the same codec

        NestedRecordCodec(Class<?> type, boolean python) {
            super((type.isAnnotationPresent(io.bussdcc.api.WireTuple.class) ? "an array (" : "an object (")
                    + type.getSimpleName() + ")");
            this.type = type;
            this.python = python;
        }

        private RecordCodec codec() {
            RecordCodec c = resolved;
            if (c == null) {
                c = RecordCodec.of(type, python);
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

    /**
     * {@code Object}, as in {@code List<Object>} for a Python tuple of mixed scalars: a string,
     * boolean, number or null. Read back as String, Boolean, Long (a whole number) or Double;
     * anything else is written only through a {@link EncodingFallback}.
     */
    static final class ScalarObjectCodec extends ValueCodec {
        static final ScalarObjectCodec INSTANCE = new ScalarObjectCodec();

        private ScalarObjectCodec() {
            super("a string, number, boolean or null");
        }

        @Override
        void write(JsonGenerator g, Object value, EventCodec codec) {
            switch (value) {
                case String str -> g.writeString(str);
                case Boolean b -> g.writeBoolean(b);
                case Long l -> g.writeNumber(l);
                case Integer i -> g.writeNumber(i);
                case Short sh -> g.writeNumber(sh);
                case Byte b -> g.writeNumber(b);
                case Double d -> ScalarCodec.writeDouble(g, d, codec.direct());
                case Float f -> ScalarCodec.writeFloat(g, f);
                case Character c -> g.writeString(String.valueOf(c));
                default -> Dynamic.write(g, value, codec, "an Object component holds only strings, numbers and"
                        + " booleans, not " + value.getClass().getName());
            }
        }

        @Override
        Object read(JsonParser p, Reading r) throws CodecException {
            JsonToken t = p.currentToken();
            return switch (t) {
                case VALUE_STRING -> p.getString();
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                case VALUE_NUMBER_INT -> ScalarCodec.readLong(p);
                case VALUE_NUMBER_FLOAT -> p.isNaN() ? p.getDoubleValue() : ScalarCodec.readDouble(p);
                default -> throw mismatch(what, p);
            };
        }
    }

    /** A type the codec does not know: written only through a fallback, never read. */
    static final class UnsupportedCodec extends ValueCodec {
        final EncodingException reason;

        UnsupportedCodec(EncodingException reason) {
            super("an unsupported value");
            this.reason = reason;
        }

        @Override
        void write(JsonGenerator g, Object value, EventCodec codec) {
            Dynamic.write(g, value, codec, reason.reason());
        }

        @Override
        Object read(JsonParser p, Reading r) throws CodecException {
            throw new CodecException("cannot be read: " + reason.reason());
        }
    }

    /** Values written by their run-time class, for what a {@link EncodingFallback} returns. */
    static final class Dynamic {
        private static final int MAX_FALLBACKS = 16;

        private Dynamic() {}

        /**
         * Writes {@code value}, which its declared type does not let the codec write, through
         * the codec's fallback; without one, fails with {@code reason}.
         */
        static void write(JsonGenerator g, Object value, EventCodec codec, String reason) {
            EncodingFallback fallback = codec.fallback();
            if (fallback == null) {
                throw new EncodingException(reason, "");
            }
            writeReplaced(g, value, codec, fallback, 0);
        }

        private static void writeReplaced(JsonGenerator g, Object value, EventCodec codec, EncodingFallback fallback,
                int depth) {
            Object alt = fallback.replace(value);
            if (alt == EncodingFallback.UNHANDLED) {
                throw new EncodingException(value.getClass().getName() + " cannot be written, and the sink's"
                        + " fallback left it unhandled", "");
            }
            writeValue(g, alt, codec, fallback, depth + 1);
        }

        private static void writeValue(JsonGenerator g, Object v, EventCodec codec, EncodingFallback fallback,
                int depth) {
            if (depth > MAX_FALLBACKS) {
                throw new EncodingException("the sink's fallback gave values it cannot write " + MAX_FALLBACKS
                        + " times over (last: " + v.getClass().getName() + ")", "");
            }
            switch (v) {
                case null -> g.writeNull();
                case String str -> g.writeString(str);
                case Boolean b -> g.writeBoolean(b);
                case Long l -> g.writeNumber(l);
                case Integer i -> g.writeNumber(i);
                case Short sh -> g.writeNumber(sh);
                case Byte b -> g.writeNumber(b);
                case Double d -> ScalarCodec.writeDouble(g, d, codec.direct());
                case Float f -> ScalarCodec.writeFloat(g, f);
                case Optional<?> o -> writeValue(g, o.orElse(null), codec, fallback, depth);
                case Event<?> e -> codec.writeEvent(g, e);
                case Enum<?> e -> new EnumCodec(e.getDeclaringClass(), false).write(g, e, codec);
                case Map<?, ?> map -> {
                    g.writeStartObject();
                    for (Map.Entry<?, ?> e : map.entrySet()) {
                        Object k = e.getKey();
                        String name = k instanceof String str ? str : k instanceof Enum<?> en
                                ? new EnumCodec(en.getDeclaringClass(), false).keyText(en) : keyOf(k);
                        g.writeName(name);
                        try {
                            writeValue(g, e.getValue(), codec, fallback, depth);
                        } catch (EncodingException x) {
                            throw x.under("[" + quoteShort(name) + "]");
                        }
                    }
                    g.writeEndObject();
                }
                case Collection<?> c -> {
                    g.writeStartArray();
                    int i = 0;
                    for (Object item : c) {
                        try {
                            writeValue(g, item, codec, fallback, depth);
                        } catch (EncodingException x) {
                            throw x.under("[" + i + "]");
                        }
                        i++;
                    }
                    g.writeEndArray();
                }
                default -> {
                    ValueCodec known;
                    try {
                        known = v.getClass().isArray() ? null : forClass(v.getClass(), "", false);
                    } catch (EncodingException e) {
                        known = null;
                    }
                    if (known == null || known instanceof UnsupportedCodec || known instanceof ScalarObjectCodec) {
                        writeReplaced(g, v, codec, fallback, depth);
                    } else {
                        known.write(g, v, codec);
                    }
                }
            }
        }

        private static String keyOf(Object k) {
            if (k == null) {
                throw new EncodingException("a map key is null, which a JSON object cannot hold", "");
            }
            ValueCodec known;
            try {
                known = forClass(k.getClass(), "", false);
            } catch (EncodingException e) {
                known = null;
            }
            if (known == null || !known.hasKeyText()) {
                throw new EncodingException("a map key of " + k.getClass().getName() + " has no string form", "");
            }
            return known.keyText(k);
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
