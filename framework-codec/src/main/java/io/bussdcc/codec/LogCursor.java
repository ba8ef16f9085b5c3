package io.bussdcc.codec;

import io.bussdcc.codec.LogSegments.Segment;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Walks a JSONL log forward from a position, line by line, across segments, while the log is
 * being written — the Kafka shipper's reader and {@code bussdcc cat --follow}'s.
 *
 * <ul>
 *   <li>Only whole lines ({@code \n}-terminated) of the segment being written are read; a
 *       partial last line waits for its newline.</li>
 *   <li>The walk moves on to the next segment only when one exists <em>and</em> the current one
 *       has not been modified for the settle time: the writer may still append a late event
 *       (one stamped just before the boundary) to the older segment. A partial line left at the
 *       end of a settled segment (a torn line from a crash) is delivered as it is, as the JSONL
 *       reader would meet it, so a consumer reports it the same way.</li>
 *   <li>Compressed segments ({@code .jsonl.gz}) are read as their plain lines; positions are
 *       offsets in those lines. A compressed segment cut short is reported through the notes and
 *       its lines up to the cut are delivered.</li>
 *   <li>Empty lines are counted (line numbers stay those of the file) but not delivered.</li>
 * </ul>
 * The segment being read is {@linkplain LogSegments#hold held}: retention in this process
 * leaves it alone.
 */
public final class LogCursor implements Closeable {

    /** Receives one line: its segment, byte offset, 1-based number, bytes, and the offset after it. */
    public interface LineHandler {
        /** One line: {@code buf[off, off+len)}, valid during the call only. */
        void line(String segment, long offset, long number, byte[] buf, int off, int len, long end);
    }

    private final Path root;
    private final long settleNanos;
    private final int maxLine;
    private final Consumer<String> notes;

    private String segment;      // current segment's name, null before the first
    private long offset;         // file offset of buf[pos]
    private long line;           // lines of the segment consumed
    private FileChannel channel; // a plain segment
    private SegmentInput stream; // a compressed one
    private Path file;
    private LogSegments.Hold hold;
    private long channelPos;     // file offset the channel reads next
    private byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean skipping;    // inside an overlong line, dropping bytes until its newline
    private long skipStart;
    private boolean streamEnded;
    private boolean tornNoted;
    private boolean settling;    // the last poll stopped at the end of a segment that has a successor

    private List<Segment> segments = List.of();
    private long listedAt;

    /**
     * A cursor at a position.
     *
     * @param root        the log root
     * @param segment     where to start: a segment's name ({@link Segment#name()}), or empty for the oldest segment
     * @param offset      the byte offset in it
     * @param line        the lines of it before that offset
     * @param settleNanos how long the current segment must be unmodified before moving to a successor
     * @param maxLine     longer lines are dropped (and noted)
     * @param notes       receives a sentence when something unusual is met (a segment gone, a huge line)
     */
    public LogCursor(Path root, String segment, long offset, long line, long settleNanos, int maxLine,
            Consumer<String> notes) {
        this.root = root;
        this.segment = segment.isEmpty() ? null : segment;
        this.offset = offset;
        this.line = line;
        this.settleNanos = settleNanos;
        this.maxLine = maxLine;
        this.notes = notes;
    }

    /** The current segment's name; empty before the first. */
    public String segment() {
        return segment == null ? "" : segment;
    }

    /** The position after the last line delivered. */
    public long offset() {
        return offset;
    }

    /** The lines of the current segment consumed. */
    public long line() {
        return line;
    }

    /** The file the current segment is read from, or {@code null}. */
    public Path file() {
        return file;
    }

    /**
     * Delivers up to {@code max} lines that are available now.
     *
     * @return the number of lines consumed (delivered or empty); 0 when nothing new is there yet
     */
    public int poll(LineHandler handler, int max) throws IOException {
        settling = false;
        int consumed = 0;
        while (consumed < max) {
            if (channel == null && stream == null && !openCurrent()) {
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
            if (stream == null && !settledWithSuccessor()) {
                return consumed;
            }
            if (limit > pos || skipping) {
                consumed++;
                emit(handler, limit, false);
            }
            if (stream != null && stream.torn() != null && !tornNoted) {
                tornNoted = true;
                notes.accept(stream.file() + ": " + stream.torn());
            }
            if (!next()) {
                return consumed;
            }
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
                    + " bytes: skipped");
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
            buf = Arrays.copyOf(buf, Math.min(buf.length * 2, maxLine + 2));
        }
        if (stream != null) {
            if (streamEnded) {
                return 0;
            }
            int n = stream.read(buf, limit, buf.length - limit);
            if (n < 0) {
                streamEnded = true;
                return 0;
            }
            limit += n;
            return n;
        }
        int n = channel.read(ByteBuffer.wrap(buf, limit, buf.length - limit), channelPos);
        if (n > 0) {
            limit += n;
            channelPos += n;
            return n;
        }
        return 0;
    }

    private Segment current(List<Segment> all) {
        for (Segment s : all) {
            if (s.name().equals(segment)) {
                return s;
            }
        }
        return null;
    }

    private boolean openCurrent() throws IOException {
        List<Segment> all = list(true);
        if (segment == null) {
            if (all.isEmpty()) {
                return false;
            }
            segment = all.get(0).name();
            offset = 0;
            line = 0;
        }
        Segment s = current(all);
        if (s == null) {
            Segment following = LogSegments.after(all, segment);
            if (following == null) {
                return false; // not written yet, or removed with nothing after it
            }
            notes.accept("segment " + segment + " is gone (removed?); going on with " + following.name());
            segment = following.name();
            offset = 0;
            line = 0;
            s = following;
        }
        hold = LogSegments.hold(s.file());
        try {
            if (s.compressed()) {
                openCompressed(s.file());
            } else {
                try {
                    channel = FileChannel.open(s.file(), StandardOpenOption.READ);
                    file = s.file();
                } catch (NoSuchFileException compressedMeanwhile) {
                    Path gz = LogSegments.compressedFile(s.file());
                    if (!Files.isRegularFile(gz)) {
                        releaseHold();
                        return false; // removed meanwhile: the next listing moves on
                    }
                    openCompressed(gz);
                }
            }
        } catch (IOException e) {
            releaseHold();
            throw e;
        }
        if (channel != null) {
            long size = channel.size();
            if (size < offset) {
                notes.accept("segment " + segment + " is " + size + " bytes long, shorter than the position "
                        + offset + " already read: it was replaced or truncated; going on from its end");
                offset = size;
            }
            channelPos = offset;
        }
        pos = 0;
        limit = 0;
        return true;
    }

    private void openCompressed(Path gz) throws IOException {
        stream = SegmentInput.open(gz);
        file = gz;
        streamEnded = false;
        tornNoted = false;
        long skipped = stream.skip(offset);
        if (skipped < offset) {
            notes.accept("segment " + segment + " holds " + skipped + " bytes of lines, fewer than the position "
                    + offset + " already read: going on from its end");
            offset = skipped;
        }
    }

    /**
     * Whether the last {@link #poll} stopped at the end of a segment that already has a
     * successor, waiting for it to settle: there is more to read soon, not only what is still
     * to be written.
     */
    public boolean settling() {
        return settling;
    }

    private boolean settledWithSuccessor() throws IOException {
        if (LogSegments.after(list(false), segment) == null) {
            return false;
        }
        settling = true;
        if (channel.size() != channelPos) {
            return false; // it grew: read on
        }
        long quietMillis;
        try {
            quietMillis = System.currentTimeMillis() - Files.getLastModifiedTime(file).toMillis();
        } catch (NoSuchFileException compressedOrRemoved) {
            return true; // the writer no longer has it: nothing more comes
        }
        return quietMillis >= settleNanos / 1_000_000L;
    }

    /** Moves to the segment after the current one; false when there is none yet (the cursor stays at the end). */
    private boolean next() throws IOException {
        Segment following = LogSegments.after(list(true), segment);
        if (following == null) {
            return false; // a compressed last segment: wait at its end for a successor
        }
        closeFile();
        segment = following.name();
        offset = 0;
        line = 0;
        skipping = false;
        return true;
    }

    private List<Segment> list(boolean fresh) throws IOException {
        long now = System.nanoTime();
        if (fresh || now - listedAt > 100_000_000L) {
            segments = LogSegments.list(root);
            listedAt = now;
        }
        return segments;
    }

    private void releaseHold() {
        if (hold != null) {
            hold.close();
            hold = null;
        }
    }

    private void closeFile() throws IOException {
        try {
            if (channel != null) {
                channel.close();
                channel = null;
            }
            if (stream != null) {
                stream.close();
                stream = null;
            }
        } finally {
            file = null;
            releaseHold();
            pos = 0;
            limit = 0;
        }
    }

    @Override
    public void close() throws IOException {
        closeFile();
    }
}
