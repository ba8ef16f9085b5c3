package io.bussdcc.codec;

import io.bussdcc.api.Event;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import tools.jackson.core.JsonGenerator;

/**
 * Writes events as JSON lines — the bytes of {@link EventCodec#toJson} and a {@code '\n'} —
 * into a stream the caller owns, reusing its buffers from line to line: what the JSONL and
 * console sinks write with. A line is written whole or not at all: when the event cannot be
 * encoded nothing reaches the stream. Not thread-safe: one per writing thread (or lock).
 * Make one with {@link EventCodec#newLineWriter()}.
 */
public final class EventLineWriter {

    private final EventCodec codec;
    private final byte[] scratch = new byte[4096];
    private final ByteArrayOutputStream general = new ByteArrayOutputStream(512);
    private JsonGenerator generator; // null after a failed encoding left it mid-object

    EventLineWriter(EventCodec codec) {
        this.codec = codec;
    }

    /**
     * Writes {@code event} and a newline to {@code out}.
     *
     * @throws EncodingException if the event cannot be encoded (nothing was written to {@code out})
     * @throws IOException       if {@code out} fails
     */
    public void write(Event<?> event, OutputStream out) throws IOException {
        // Most events take the direct path into the scratch array (the same bytes).
        int n = codec.tryWriteCanonical(event, scratch);
        if (n >= 0 && n < scratch.length) {
            scratch[n] = '\n';
            out.write(scratch, 0, n + 1);
            return;
        }
        general.reset();
        if (generator == null) {
            generator = codec.generator(general);
        }
        try {
            codec.writeEvent(generator, event);
            generator.flush(); // into the builder, not the stream
        } catch (RuntimeException e) {
            generator = null; // its state is mid-object: start a fresh one next time
            throw e;
        }
        general.write('\n');
        general.writeTo(out);
    }
}
