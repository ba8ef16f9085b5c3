package io.bussdcc.codec;

import io.bussdcc.api.Event;
import io.bussdcc.api.Message;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.codec.ValueCodec.ScalarCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads an event line in exactly the form the codec writes it — {@code {"time":"…","type":"…",
 * "data":{…}}}, no spaces, the record's fields in declaration order — without a JSON parser:
 * the lines of a log are almost all like that, and reading them is what a replay spends its
 * time on.
 *
 * <p>It knows records whose components are strings, primitives and their boxes, with ASCII
 * text free of escapes and numbers without exponents. For any other line it returns
 * {@code null} and the general reader takes over, which also words every error. So a line it
 * accepts is one the general reader would read to an equal event (the tests compare the two on
 * generated and damaged lines).
 */
final class CanonicalLineReader {

    private static final byte[] TIME = CanonicalText.ascii("{\"time\":\"");
    private static final byte[] TYPE = CanonicalText.ascii("\",\"type\":\"");
    private static final byte[] DATA = CanonicalText.ascii("\",\"data\":{");
    private static final byte[] NULL = CanonicalText.ascii("null");
    private static final byte[] TRUE = CanonicalText.ascii("true");
    private static final byte[] FALSE = CanonicalText.ascii("false");

    /** 10^0 … 10^22, the powers of ten a double holds exactly. */
    private static final double[] POWERS = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POWERS.length; i++) {
            POWERS[i] = p;
            p *= 10;
        }
    }

    /** How a component is read; {@code null} in {@link Layout} when this reader cannot. */
    enum Kind { STRING, BOOLEAN, BYTE, SHORT, INT, LONG, DOUBLE }

    /**
     * A record type as this reader reads it: the bytes before each value ({@code "name":},
     * with the comma from the second on) and how to read each value.
     */
    record Layout(RecordCodec codec, byte[][] keys, Kind[] kinds, boolean[] nullable) {

        /** The layout of {@code codec}'s record, or {@code null} if a component is not simple. */
        static Layout of(RecordCodec codec) {
            RecordCodec.Component[] components = codec.components();
            byte[][] keys = codec.canonicalKeys(); // the keys the canonical writer writes
            if (keys.length != components.length || codec.tuple()) {
                return null; // a name needs escaping, or not an object
            }
            Kind[] kinds = new Kind[components.length];
            boolean[] nullable = new boolean[components.length];
            for (int i = 0; i < components.length; i++) {
                ValueCodec value = components[i].codec;
                if (value instanceof ValueCodec.StringCodec) {
                    kinds[i] = Kind.STRING;
                    nullable[i] = true;
                } else if (value instanceof ScalarCodec scalar && scalar.kind != ScalarCodec.Kind.FLOAT
                        && scalar.kind != ScalarCodec.Kind.CHAR) {
                    kinds[i] = Kind.valueOf(scalar.kind.name());
                    nullable[i] = !scalar.primitive();
                } else {
                    return null;
                }
            }
            return new Layout(codec, keys, kinds, nullable);
        }
    }

    /** The last type read: its name's bytes and its layout (null: not readable here). */
    private record LastType(byte[] name, Layout layout) {}

    private final MessageTypeRegistry types;
    // Racy by design: any LastType is a valid one, a miss only costs a lookup.
    private LastType last = new LastType(new byte[0], null);

    CanonicalLineReader(MessageTypeRegistry types) {
        this.types = types;
    }

    /** The event of the line {@code b[off, off+len)}, or {@code null} if it is not in the canonical form. */
    Event<?> read(byte[] b, int off, int len) {
        int end = off + len;
        if (!startsWith(b, off, end, TIME)) {
            return null;
        }
        int timeStart = off + TIME.length;
        int timeEnd = indexOfQuote(b, timeStart, end);
        if (timeEnd < 0) {
            return null;
        }
        Instant time = Timestamps.parseAscii(b, timeStart, timeEnd - timeStart);
        if (time == null || !startsWith(b, timeEnd, end, TYPE)) {
            return null;
        }
        int nameStart = timeEnd + TYPE.length;
        int nameEnd = indexOfQuote(b, nameStart, end);
        if (nameEnd < 0) {
            return null;
        }
        Layout layout = layout(b, nameStart, nameEnd);
        if (layout == null || !startsWith(b, nameEnd, end, DATA)) {
            return null;
        }
        int pos = nameEnd + DATA.length;
        int n = layout.kinds.length;
        Object[] args = new Object[n];
        for (int i = 0; i < n; i++) {
            byte[] key = layout.keys[i];
            if (!startsWith(b, pos, end, key)) {
                return null;
            }
            pos += key.length;
            if (startsWith(b, pos, end, NULL)) {
                if (!layout.nullable[i]) {
                    return null;
                }
                pos += NULL.length;
                continue; // args[i] stays null
            }
            pos = readValue(layout.kinds[i], b, pos, end, args, i);
            if (pos < 0) {
                return null;
            }
        }
        if (pos + 2 != end || b[pos] != '}' || b[pos + 1] != '}') {
            return null;
        }
        Object record;
        try {
            record = layout.codec.construct(args);
        } catch (CodecException rejected) {
            return null; // the general reader reports it
        }
        return new Event<>(time, (Message) record);
    }

    /** The layout of the type named by the bytes {@code b[start, end)}, or null. */
    private Layout layout(byte[] b, int start, int end) {
        LastType t = last;
        if (sameBytes(b, start, end, t.name)) {
            return t.layout;
        }
        for (int i = start; i < end; i++) {
            if (b[i] < 0x20 || b[i] == '\\') { // escaped or not ASCII: the general reader decodes it
                return null;
            }
        }
        String name = new String(b, start, end - start, StandardCharsets.ISO_8859_1);
        Optional<Class<? extends Message>> type = name.isEmpty() ? Optional.empty() : types.resolve(name);
        Layout layout = null;
        if (type.isPresent()) {
            try {
                layout = RecordCodec.of(type.get(), types.isFromPython(type.get())).canonicalLayout();
            } catch (EncodingException e) {
                layout = null; // not decodable: the general reader says why
            }
        }
        last = new LastType(Arrays.copyOfRange(b, start, end), layout);
        return layout;
    }

    /**
     * Reads a non-null value of {@code kind} at {@code pos} into {@code args[i]}; the position
     * after it, or -1.
     */
    private static int readValue(Kind kind, byte[] b, int pos, int end, Object[] args, int i) {
        switch (kind) {
            case STRING -> {
                if (pos >= end || b[pos] != '"') {
                    return -1;
                }
                int start = pos + 1;
                int close = indexOfQuote(b, start, end);
                if (close < 0) {
                    return -1;
                }
                for (int k = start; k < close; k++) {
                    if (b[k] < 0x20 || b[k] == '\\') { // control, escape or not ASCII (negative)
                        return -1;
                    }
                }
                args[i] = new String(b, start, close - start, StandardCharsets.ISO_8859_1);
                return close + 1;
            }
            case BOOLEAN -> {
                if (startsWith(b, pos, end, TRUE)) {
                    args[i] = Boolean.TRUE;
                    return pos + TRUE.length;
                }
                if (startsWith(b, pos, end, FALSE)) {
                    args[i] = Boolean.FALSE;
                    return pos + FALSE.length;
                }
                return -1;
            }
            case DOUBLE -> {
                return readDouble(b, pos, end, args, i);
            }
            default -> {
                return readInteger(kind, b, pos, end, args, i);
            }
        }
    }

    /** An integer of at most 18 digits, no leading zeros, in the range of {@code kind}. */
    private static int readInteger(Kind kind, byte[] b, int pos, int end, Object[] args, int i) {
        boolean negative = pos < end && b[pos] == '-';
        int start = negative ? pos + 1 : pos;
        int k = start;
        long v = 0;
        while (k < end && b[k] >= '0' && b[k] <= '9') {
            v = v * 10 + (b[k] - '0');
            k++;
        }
        int digits = k - start;
        if (digits == 0 || digits > 18 || (b[start] == '0' && digits > 1) || (negative && v == 0)) {
            return -1;
        }
        if (k < end && (b[k] == '.' || b[k] == 'e' || b[k] == 'E')) {
            return -1; // a float token: the general reader refuses it for an integer
        }
        if (negative) {
            v = -v;
        }
        switch (kind) {
            case LONG -> args[i] = v;
            case INT -> {
                if (v != (int) v) {
                    return -1;
                }
                args[i] = (int) v;
            }
            case SHORT -> {
                if (v != (short) v) {
                    return -1;
                }
                args[i] = (short) v;
            }
            case BYTE -> {
                if (v != (byte) v) {
                    return -1;
                }
                args[i] = (byte) v;
            }
            default -> {
                return -1;
            }
        }
        return k;
    }

    /**
     * A decimal without exponent whose digits, without the point, form an integer {@code m}
     * below 2^53: then {@code m / 10^p} is the correctly rounded value, as
     * {@code Double.parseDouble} gives it.
     */
    private static int readDouble(byte[] b, int pos, int end, Object[] args, int i) {
        boolean negative = pos < end && b[pos] == '-';
        int start = negative ? pos + 1 : pos;
        int k = start;
        long m = 0;
        while (k < end && b[k] >= '0' && b[k] <= '9') {
            m = m * 10 + (b[k] - '0');
            k++;
        }
        int intDigits = k - start;
        if (intDigits == 0 || (b[start] == '0' && intDigits > 1)) {
            return -1;
        }
        int fraction = 0;
        if (k < end && b[k] == '.') {
            k++;
            int fractionStart = k;
            while (k < end && b[k] >= '0' && b[k] <= '9') {
                m = m * 10 + (b[k] - '0');
                k++;
            }
            fraction = k - fractionStart;
            if (fraction == 0) {
                return -1;
            }
        }
        if (intDigits + fraction > 15 || (k < end && (b[k] == 'e' || b[k] == 'E'))) {
            return -1;
        }
        if (fraction == 0) {
            args[i] = (double) (negative ? -m : m); // an integer token: "-0" is 0.0, as the parser gives it
        } else {
            double v = m / POWERS[fraction];
            args[i] = negative ? -v : v;
        }
        return k;
    }

    private static int indexOfQuote(byte[] b, int from, int end) {
        for (int i = from; i < end; i++) {
            if (b[i] == '"') {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] b, int pos, int end, byte[] prefix) {
        if (end - pos < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[pos + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameBytes(byte[] b, int start, int end, byte[] other) {
        return end - start == other.length && startsWith(b, start, end, other);
    }
}
