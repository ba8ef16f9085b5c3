package io.bussdcc.kafka;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;

/**
 * Walks a local JSONL log forward from a position, line by line, across segments, while the
 * log is being written.
 *
 * <ul>
 *   <li>Only whole lines ({@code \n}-terminated) of the segment being written are read; a
 *       partial last line waits for its newline.</li>
 *   <li>The walk moves on to the next segment only when one exists <em>and</em> the current one
 *       has not been modified for the settle time: the writer may still append a late event
 *       (one stamped just before the boundary) to the older segment. A partial line left at the end of a
 *       settled segment (a torn line from a crash) is delivered as it is, as the JSONL reader
 *       would meet it, so a consumer reports it the same way.</li>
 *   <li>Empty lines are counted (line numbers stay those of the file) but not delivered.</li>
 * </ul>
 */
final class LogCursor implements Closeable {

    /** Receives one line: its segment, byte offset, 1-based number, bytes, and the offset after it. */
    interface LineHandler {
        void line(String segment, long offset, long number, byte[] buf, int off, int len, long end);
    }

    private final Path root;
    private final long settleNanos;
    private final int maxLine;
    private final Consumer<String> notes;

    private String segment;      // current segment, null before the first
    private long offset;         // file offset of buf[pos]
    private long line;           // lines of the segment consumed
    private FileChannel channel;
    private long channelPos;     // file offset the channel reads next
    private byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean skipping;    // inside an overlong line, dropping bytes until its newline
    private long skipStart;

    private List<String> segments = List.of();
    private long listedAt;

    /**
     * @param root    the log root
     * @param segment where to start: a segment's relative path, or empty for the oldest segment
     * @param offset  the byte offset in it
     * @param line    the lines of it before that offset
     * @param notes   receives a sentence when something unusual is met (a segment gone, a huge line)
     */
    LogCursor(Path root, String segment, long offset, long line, long settleNanos, int maxLine, Consumer<String> notes) {
        this.root = root;
        this.segment = segment.isEmpty() ? null : segment;
        this.offset = offset;
        this.line = line;
        this.settleNanos = settleNanos;
        this.maxLine = maxLine;
        this.notes = notes;
    }

    String segment() {
        return segment == null ? "" : segment;
    }

    /** The position after the last line delivered. */
    long offset() {
        return offset;
    }

    long line() {
        return line;
    }

    /**
     * Delivers up to {@code max} lines that are available now.
     *
     * @return the number of lines consumed (delivered or empty); 0 when nothing new is there yet
     */
    int poll(LineHandler handler, int max) throws IOException {
        int consumed = 0;
        while (consumed < max) {
            if (channel == null && !openCurrent()) {
                return consumed;
            }
            int nl = indexOfNewline();
            if (nl >= 0) {
                if (nl - pos > maxLine && !skipping) {
                    skipping = true;
                    skipStart = offset;
                }
                consumed++;
                emit(handler, nl, true);
                continue;
            }
            if (limit - pos > maxLine) {
                startSkipping();
                continue;
            }
            if (fill() > 0) {
                continue;
            }
            // At the end of the file as it is now.
            if (!settledWithSuccessor()) {
                return consumed;
            }
            if (limit > pos || skipping) {
                consumed++;
                emit(handler, limit, false);
            }
            next();
        }
        return consumed;
    }

    private void emit(LineHandler handler, int end, boolean newline) {
        int len = end - pos;
        long lineStart = offset;
        line++;
        long after = offset + len + (newline ? 1 : 0);
        if (skipping) {
            skipping = false;
            notes.accept(segment + ": line " + line + " at byte " + skipStart + " is longer than " + maxLine
                    + " bytes: not shipped (a Kafka record that large would be refused)");
        } else {
            int l = len;
            if (l > 0 && buf[pos + l - 1] == '\r') {
                l--;
            }
            if (l > 0) {
                handler.line(segment, lineStart, line, buf, pos, l, after);
            }
        }
        offset = after;
        pos = newline ? end + 1 : end;
    }

    private void startSkipping() {
        if (!skipping) {
            skipping = true;
            skipStart = offset;
        }
        // Drop what is buffered of the overlong line, keep counting its bytes.
        offset += limit - pos;
        pos = limit;
        // emit() adds the rest of the line (up to its newline) to offset.
    }

    private int indexOfNewline() {
        for (int i = pos; i < limit; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private int fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            buf = java.util.Arrays.copyOf(buf, Math.min(buf.length * 2, maxLine + 2));
        }
        int n = channel.read(ByteBuffer.wrap(buf, limit, buf.length - limit), channelPos);
        if (n > 0) {
            limit += n;
            channelPos += n;
            return n;
        }
        return 0;
    }

    private boolean openCurrent() throws IOException {
        if (segment == null) {
            List<String> all = list(true);
            if (all.isEmpty()) {
                return false;
            }
            segment = all.get(0);
            offset = 0;
            line = 0;
        }
        try {
            channel = FileChannel.open(root.resolve(segment), StandardOpenOption.READ);
        } catch (NoSuchFileException gone) {
            String following = LogSegments.after(list(true), segment);
            if (following == null) {
                return false; // not written yet, or removed with nothing after it
            }
            notes.accept("segment " + segment + " is gone (removed?); going on with " + following);
            segment = following;
            offset = 0;
            line = 0;
            return openCurrent();
        }
        long size = channel.size();
        if (size < offset) {
            notes.accept("segment " + segment + " is " + size + " bytes long, shorter than the position "
                    + offset + " already shipped: it was replaced or truncated; going on from its end");
            offset = size;
        }
        channelPos = offset;
        pos = 0;
        limit = 0;
        return true;
    }

    private boolean settledWithSuccessor() throws IOException {
        if (LogSegments.after(list(false), segment) == null) {
            return false;
        }
        if (channel.size() != channelPos) {
            return false; // it grew: read on
        }
        long quietMillis = System.currentTimeMillis()
                - Files.getLastModifiedTime(root.resolve(segment)).toMillis();
        return quietMillis >= settleNanos / 1_000_000L;
    }

    private void next() throws IOException {
        String following = LogSegments.after(list(false), segment);
        closeChannel();
        segment = following;
        offset = 0;
        line = 0;
        skipping = false;
    }

    private List<String> list(boolean fresh) throws IOException {
        long now = System.nanoTime();
        if (fresh || now - listedAt > 100_000_000L) {
            segments = LogSegments.list(root);
            listedAt = now;
        }
        return segments;
    }

    private void closeChannel() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
        pos = 0;
        limit = 0;
    }

    @Override
    public void close() throws IOException {
        closeChannel();
    }
}
