package io.bussdcc.jsonl;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * Splits a stream of bytes into lines at {@code \n}, without decoding: lines are handed out as
 * a slice of an internal buffer ({@link #buffer()}, {@link #offset()}, {@link #length()}),
 * valid until the next call. Memory stays bounded: a line longer than the limit is skipped to
 * its end and reported as {@linkplain #tooLong() too long}.
 */
final class LineReader implements Closeable {

    private final InputStream in;
    private final int maxLength;
    private byte[] buf;
    private int start;
    private int end;
    private int scanned; // bytes from start already known to hold no newline
    private boolean eof;

    private int lineOffset;
    private int lineLength;
    private long skippedLength;
    private boolean terminated;
    private boolean tooLong;

    LineReader(InputStream in, int maxLength) {
        this.in = in;
        this.maxLength = maxLength;
        this.buf = new byte[Math.min(64 * 1024, maxLength + 1)];
    }

    /** Moves to the next line; false at the end of the stream. */
    boolean next() throws IOException {
        tooLong = false;
        while (true) {
            int nl = indexOfNewline(start + scanned, end);
            if (nl >= 0) {
                setLine(start, nl - start, true);
                start = nl + 1;
                scanned = 0;
                return true;
            }
            scanned = end - start;
            if (eof) {
                if (start < end) {
                    setLine(start, end - start, false);
                    start = end;
                    scanned = 0;
                    return true;
                }
                return false;
            }
            if (end - start > maxLength) {
                skipRestOfLine();
                return true;
            }
            fill();
        }
    }

    private void setLine(int offset, int length, boolean withNewline) {
        lineOffset = offset;
        lineLength = length;
        terminated = withNewline;
    }

    /** Makes room and reads more; sets {@link #eof} at the end. */
    private void fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buf.length) {
            int grown = (int) Math.min((long) buf.length * 2, (long) maxLength + 1);
            byte[] bigger = new byte[Math.max(grown, buf.length + 1)];
            System.arraycopy(buf, 0, bigger, 0, end);
            buf = bigger;
        }
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) {
            eof = true;
        } else {
            end += n;
        }
    }

    /** The current line exceeds the limit: drop it up to and including its newline. */
    private void skipRestOfLine() throws IOException {
        long length = end - start;
        start = end;
        scanned = 0;
        while (true) {
            if (start == end) {
                start = 0;
                end = 0;
                int n = in.read(buf, 0, buf.length);
                if (n < 0) {
                    eof = true;
                    break;
                }
                end = n;
            }
            int nl = indexOfNewline(start, end);
            if (nl >= 0) {
                length += nl - start;
                start = nl + 1;
                terminated = true;
                break;
            }
            length += end - start;
            start = end;
        }
        if (eof) {
            terminated = false;
        }
        tooLong = true;
        skippedLength = length;
        lineOffset = 0;
        lineLength = 0;
    }

    private int indexOfNewline(int from, int to) {
        byte[] b = buf;
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    byte[] buffer() {
        return buf;
    }

    int offset() {
        return lineOffset;
    }

    int length() {
        return lineLength;
    }

    /** Whether the line ended with a newline (the last line of a file may not). */
    boolean terminated() {
        return terminated;
    }

    /** Whether the line was longer than the limit and skipped; its content is then empty. */
    boolean tooLong() {
        return tooLong;
    }

    /** The length of a line that was too long, in bytes. */
    long skippedLength() {
        return skippedLength;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
