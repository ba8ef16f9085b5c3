package io.bussdcc.jsonl;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Where the sink encodes lines before they go to the file: a direct buffer, so that a write
 * hands it to the OS without another copy. Encoding happens under the sink's lock; a line that
 * fails to encode never reaches it (the codec's line writer writes whole lines only), so the
 * file only ever receives whole lines. Grows when a single line does not fit.
 */
final class LineBuffer extends OutputStream {

    private ByteBuffer buffer;

    LineBuffer(int capacity) {
        buffer = ByteBuffer.allocateDirect(capacity);
    }

    int position() {
        return buffer.position();
    }

    boolean isEmpty() {
        return buffer.position() == 0;
    }

    @Override
    public void write(int b) {
        ensure(1);
        buffer.put((byte) b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        buffer.put(b, off, len);
    }

    private void ensure(int more) {
        if (buffer.remaining() < more) {
            long wanted = Math.max((long) buffer.capacity() * 2, (long) buffer.position() + more);
            if (wanted > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("a line of more than 2 GiB cannot be buffered");
            }
            ByteBuffer bigger = ByteBuffer.allocateDirect((int) wanted);
            buffer.flip();
            bigger.put(buffer);
            buffer = bigger;
        }
    }

    /**
     * Writes everything buffered to {@code channel}. If the write fails part-way, what was not
     * written stays buffered for the next attempt.
     */
    void drainTo(FileChannel channel) throws IOException {
        buffer.flip();
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } finally {
            buffer.compact();
        }
    }

    /** Forgets everything buffered. */
    void clear() {
        buffer.clear();
    }
}
