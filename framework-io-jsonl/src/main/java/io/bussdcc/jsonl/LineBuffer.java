package io.bussdcc.jsonl;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Where the sink encodes lines before they go to the file: a direct buffer, so that a write
 * hands it to the OS without another copy. Encoding happens under the sink's lock; a line that
 * fails to encode never reaches it (the codec's line writer writes each line in one call), so
 * the file only ever receives whole lines. Grows when a single line does not fit, and shrinks
 * back once written; while {@linkplain #bounded bounded} (the disk refuses writes) it never
 * grows: a line that does not fit is refused whole.
 */
final class LineBuffer extends OutputStream {

    private final int initialCapacity;
    private ByteBuffer buffer;
    private boolean bounded;
    private boolean refused;

    LineBuffer(int capacity) {
        initialCapacity = capacity;
        buffer = ByteBuffer.allocateDirect(capacity);
    }

    /** While on, a write that does not fit in the space left is refused ({@link #takeRefused}) instead of growing. */
    void bounded(boolean on) {
        bounded = on;
    }

    /** Whether a write was refused since the last call; clears it. */
    boolean takeRefused() {
        boolean r = refused;
        refused = false;
        return r;
    }

    int capacity() {
        return buffer.capacity();
    }

    /** How many line ends are buffered: the lines not yet (completely) written. */
    long lines() {
        long n = 0;
        for (int i = 0, end = buffer.position(); i < end; i++) {
            if (buffer.get(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    int position() {
        return buffer.position();
    }

    boolean isEmpty() {
        return buffer.position() == 0;
    }

    @Override
    public void write(int b) {
        if (fits(1)) {
            buffer.put((byte) b);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (fits(len)) {
            buffer.put(b, off, len);
        }
    }

    private boolean fits(int more) {
        if (bounded && buffer.remaining() < more) {
            refused = true;
            return false;
        }
        ensure(more);
        return true;
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
        if (buffer.position() == 0 && buffer.capacity() > initialCapacity) {
            buffer = ByteBuffer.allocateDirect(initialCapacity); // a long line grew it: give the memory back
        }
    }

    /** Forgets everything buffered. */
    void clear() {
        buffer.clear();
    }
}
