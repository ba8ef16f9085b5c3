package io.bussdcc.codec;

import io.bussdcc.api.Event;
import io.bussdcc.api.Message;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.RawMessage;

/**
 * The direct path: the one entry to the hand-written writer and reader of event lines in
 * exactly the form the codec writes them ({@link CanonicalText}, {@link CanonicalLineReader}),
 * for records of strings, primitives and their boxes with plain ASCII text — most events. Any
 * other event or line goes to the JSON generator or parser, which gives the same bytes and
 * events; {@code CanonicalPathTest} and {@code CanonicalLineReaderTest} compare the two.
 *
 * <p>It stays because it is measured to pay: with it and {@link DoubleText} and
 * {@link Timestamps}, a workload line reads 6–7 times and writes about 3 times as fast as
 * through Jackson and java.time alone ({@code BENCHMARKS.md}, "Codec: direct path against
 * Jackson"; {@code CodecBenchmark}, parameter {@code direct}). {@code
 * -Dio.bussdcc.codec.directPath=false} turns all of them off.
 */
final class CanonicalPath {

    private static final byte[] TIME_PART = CanonicalText.ascii("{\"time\":\"");

    private final MessageTypeRegistry types;
    private final Timestamps timestamps;
    private final CanonicalLineReader lines;

    /** {@code ","type":"NAME","data":} of each type, or nothing if its name needs escaping. */
    private final ClassValue<byte[]> typeParts = new ClassValue<>() {
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

    CanonicalPath(MessageTypeRegistry types, Timestamps timestamps) {
        this.types = types;
        this.timestamps = timestamps;
        this.lines = new CanonicalLineReader(types);
    }

    /**
     * Writes the event into {@code out} from index 0 as the generator would: the number of bytes
     * written, or -1 when the event is not one of this path's or does not fit (then what was
     * written into {@code out} is garbage).
     */
    int tryWrite(Event<?> event, byte[] out) {
        Message payload = event.payload();
        if (payload instanceof RawMessage) {
            return -1;
        }
        byte[] typePart = typeParts.get(payload.getClass());
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
            codec = RecordCodec.of(payload.getClass(), types.isFromPython(payload.getClass()));
        } catch (EncodingException e) {
            return -1; // the generator's path says why
        }
        pos = codec.writeCanonical(payload, out, pos + typePart.length);
        if (pos < 0 || pos >= out.length) {
            return -1;
        }
        out[pos++] = '}';
        return pos;
    }

    /**
     * The event of the UTF-8 line {@code buf[off, off+len)}, or {@code null} when the line is not
     * in this path's form (then the parser reads it, and words any error).
     */
    Event<?> tryRead(byte[] buf, int off, int len) {
        return lines.read(buf, off, len);
    }
}
