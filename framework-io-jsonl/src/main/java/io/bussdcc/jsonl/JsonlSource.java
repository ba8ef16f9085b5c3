package io.bussdcc.jsonl;

import io.bussdcc.api.Event;
import io.bussdcc.api.EventSource;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.RawMessage;
import io.bussdcc.api.SafeText;
import io.bussdcc.api.SourceProblem;
import io.bussdcc.api.TypeFilter;
import io.bussdcc.codec.CodecException;
import io.bussdcc.codec.EventCodec;
import io.bussdcc.codec.LogCursor;
import io.bussdcc.codec.LogSegments;
import io.bussdcc.codec.SegmentInput;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads a JSONL event log — a root directory written by {@link JsonlSink} (or any directory
 * of {@code .jsonl} files), or one file — as a stream of events in time order. Segments
 * ({@code YYYY-MM-DD/HH-MM-SS.jsonl}) are read in the order of the start their names give, other
 * files after them by path below the root, lines in file order, one at a time: memory does not grow with the log.
 *
 * <p>Nothing in a log stops the reading. Each of these is reported to the problem consumer as
 * {@code file:line: reason} and counted ({@link ReadCounts}):
 * <ul>
 *   <li>lines that are skipped: malformed JSON; a torn last line (the file ends without a
 *       newline in the middle of a record); a missing or mistyped {@code time}, {@code type}
 *       or {@code data}; a time without UTC offset; data that does not fit its registered
 *       type (the field is named); empty lines; lines longer than
 *       the limit (default 8 MiB);</li>
 *   <li>lines that are delivered with a note: an event older than the one before it
 *       ("out of order" — a log written by several threads has a few near segment
 *       boundaries; replay keeps the recorded order); the first line of each type the
 *       registry does not know (delivered as a {@link RawMessage}; later lines of that type
 *       are only counted; past {@value ReadCounts#MAX_TYPE_NAMES} names, new ones are counted
 *       together and only the first of them is reported).</li>
 * </ul>
 * A UTF-8 byte order mark at the start of a file and {@code \r\n} line ends are accepted
 * silently. A file that cannot be opened is reported as line 0 of that file; so are, before
 * the first line, a folder below the location that cannot be listed (the rest is read) and a
 * symbolic link below it that names a segment or a folder (never followed: a log folder holds
 * no links). The location itself is followed when it is a link.
 *
 * <p>Type names resolve only through the registry: by default the built-in types plus those of
 * every {@link io.bussdcc.api.spi.MessageTypeProvider} visible to this module.
 */
public final class JsonlSource implements EventSource {

    /** The default limit on the length of one line. */
    public static final int DEFAULT_MAX_LINE_LENGTH = 8 * 1024 * 1024;

    private final Path location;
    private final Instant from;
    private final Instant to;
    private final TypeFilter filter;
    private final MessageTypeRegistry givenTypes;
    private final int maxLineLength;
    private final Runnable follow;
    private final Duration followPoll;

    /** A source reading {@code location}, a log root directory or one {@code .jsonl} file. */
    public JsonlSource(Path location) {
        this(builder(location));
    }

    private JsonlSource(Builder b) {
        this.location = b.location;
        this.from = b.from;
        this.to = b.to;
        this.filter = b.filter;
        this.givenTypes = b.types;
        this.maxLineLength = b.maxLineLength;
        this.follow = b.follow;
        this.followPoll = b.followPoll;
    }

    /** A builder for a source reading {@code location}. */
    public static Builder builder(Path location) {
        return new Builder(location);
    }

    @Override
    public String describe() {
        return "JSONL log " + location;
    }

    /** The directory or file this source reads. */
    public Path location() {
        return location;
    }

    /** The location, so that a replay refuses to write into the log it reads. */
    @Override
    public List<Path> readsFrom() {
        return List.of(location);
    }

    @Override
    public Stream<Event<?>> open(Consumer<SourceProblem> problems) throws IOException {
        return open(problems, new ReadCounts());
    }

    /**
     * Opens the stream, counting into {@code counts}.
     *
     * @throws IOException if the location does not exist or cannot be listed
     */
    public Stream<Event<?>> open(Consumer<SourceProblem> problems, ReadCounts counts) throws IOException {
        Objects.requireNonNull(problems, "problems");
        Objects.requireNonNull(counts, "counts");
        if (follow != null) {
            MessageTypeRegistry types = givenTypes != null ? givenTypes : Registries.discovered();
            Follower follower = new Follower(followStart(), new EventCodec(types), problems, counts, follow);
            return StreamSupport.stream(follower, false).onClose(follower::close);
        }
        Listing listing = list();
        for (SourceProblem refused : listing.refused()) {
            counts.problem();
            problems.accept(refused);
        }
        MessageTypeRegistry types = givenTypes != null ? givenTypes : Registries.discovered();
        Reader reader = new Reader(listing.files(), new EventCodec(types), problems, counts);
        return StreamSupport.stream(reader, false).onClose(reader::close);
    }

    /**
     * The files this source reads, in reading order: the location itself, or every
     * {@code .jsonl} file below it (see the class description), without the segments that
     * start at or after {@code to}. Links below the location and folders that cannot be
     * listed are left out ({@link #open} reports them).
     *
     * @throws IOException if the location does not exist or cannot be listed, or is a folder
     *                     with no {@code .jsonl} file below it and no sink's {@code .lock} (an
     *                     empty folder, or not a log)
     */
    public List<Path> files() throws IOException {
        return list().files();
    }

    /** The files to read, and what was left out of the walk, as problems of line 0. */
    private record Listing(List<Path> files, List<SourceProblem> refused) {}

    private Listing list() throws IOException {
        if (Files.isRegularFile(location)) {
            return new Listing(List.of(location), List.of()); // named by the user: followed if a link
        }
        if (!Files.isDirectory(location)) {
            throw new NoSuchFileException(location.toString(), null, "no JSONL log here: not a directory or file");
        }
        LogSegments.Listing walk = LogSegments.walk(location, true);
        if (walk.segments().isEmpty() && walk.others().isEmpty() && walk.refused().isEmpty()
                && !Files.exists(location.resolve(RootLock.FILE_NAME))) {
            // An empty folder, or not a log at all: say so rather than read nothing and succeed.
            // (A sink that recorded nothing leaves its lock file: that is an empty log.)
            throw new IOException("no log segments under " + location
                    + " (a JSONL log holds YYYY-MM-DD/HH-MM-SS.jsonl files)");
        }
        List<Path> files = new ArrayList<>();
        List<LogSegments.Segment> segments = walk.segments();
        for (int i = 0; i < segments.size(); i++) {
            LogSegments.Segment s = segments.get(i);
            // A segment holds only events before the next one's start (a late event goes to its
            // own segment, or to a later one once that is sealed): one followed by a segment
            // starting at or before 'from' has nothing to deliver.
            boolean beforeFrom = from != null && i + 1 < segments.size()
                    && !Instant.ofEpochSecond(segments.get(i + 1).start()).isAfter(from);
            boolean afterTo = to != null && !Instant.ofEpochSecond(s.start()).isBefore(to);
            if (!beforeFrom && !afterTo) {
                files.add(s.file());
            }
        }
        files.addAll(walk.others());
        return new Listing(files, walk.refused());
    }

    @Override
    public String toString() {
        return "JsonlSource[" + location + (from == null ? "" : ", from " + from) + (to == null ? "" : ", to " + to)
                + (filter.acceptsAll() ? "" : ", types " + filter) + "]";
    }

    /** The stream's engine: one file open at a time, one line decoded at a time. */
    private class Reader extends Spliterators.AbstractSpliterator<Event<?>> {

        private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

        private final List<Path> files;
        private final EventCodec codec;
        private final Consumer<SourceProblem> problems;
        final ReadCounts counts;
        private int nextFile;
        Path file;
        private final List<LogSegments.Hold> holds = new ArrayList<>();
        private LineReader lines;
        private SegmentInput input;
        long lineNumber;
        private Instant previous;

        Reader(List<Path> files, EventCodec codec, Consumer<SourceProblem> problems, ReadCounts counts) {
            super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
            this.files = files;
            this.codec = codec;
            this.problems = problems;
            this.counts = counts;
            // Until read, the segments are this reader's: retention in this process keeps them.
            files.forEach(f -> holds.add(LogSegments.hold(f)));
        }

        @Override
        public boolean tryAdvance(Consumer<? super Event<?>> action) {
            while (true) {
                if (lines == null && !openNextFile()) {
                    return false;
                }
                boolean more;
                try {
                    more = lines.next();
                } catch (IOException e) {
                    report(lineNumber + 1, "the file cannot be read further: " + e.getMessage());
                    more = false;
                }
                if (!more) {
                    if (input.torn() != null) {
                        counts.tornRecord();
                        report(lineNumber + 1, input.torn());
                    }
                    closeFile();
                    continue;
                }
                lineNumber++;
                counts.line();
                Event<?> event = lines.tooLong()
                        ? skip("the line is " + lines.skippedLength() + " bytes long, more than the limit of "
                                + maxLineLength)
                        : decode(lines.buffer(), lines.offset(), lines.length(), lines.terminated());
                if (event != null) {
                    action.accept(event);
                    return true;
                }
            }
        }

        /** The event of one line, counted, or null when it is bad (reported) or filtered out. */
        final Event<?> decode(byte[] buf, int off, int len, boolean terminated) {
            Event<?> event;
            try {
                event = decodeLine(buf, off, len, terminated);
            } catch (RuntimeException e) {
                // a line must never end the read: whatever it holds, it is one reported line
                event = skip("cannot be read (" + e + "; a bug in the reader, please report it)");
            }
            if (event != null) {
                counts.event();
            }
            return event;
        }

        private boolean openNextFile() {
            while (nextFile < files.size()) {
                release(nextFile - 1);
                file = files.get(nextFile++);
                lineNumber = 0;
                try {
                    input = SegmentInput.open(file);
                    lines = new LineReader(input, maxLineLength);
                    counts.file();
                    return true;
                } catch (IOException e) {
                    report(0, "the file cannot be opened: " + e.getMessage());
                }
            }
            release(nextFile - 1);
            return false;
        }

        private void release(int index) {
            if (index >= 0 && index < holds.size() && holds.get(index) != null) {
                holds.get(index).close();
                holds.set(index, null);
            }
        }

        /** The event of the current line, or null when it is bad or filtered out. */
        private Event<?> decodeLine(byte[] buf, int off, int len, boolean terminated) {
            if (lineNumber == 1 && len >= 3 && buf[off] == BOM[0] && buf[off + 1] == BOM[1] && buf[off + 2] == BOM[2]) {
                off += 3;
                len -= 3;
            }
            if (len > 0 && buf[off + len - 1] == '\r') {
                len--;
            }
            if (isBlank(buf, off, len)) {
                return skip("empty line");
            }
            Event<?> event;
            try {
                event = codec.readEvent(buf, off, len);
            } catch (CodecException e) {
                if (!terminated) {
                    counts.tornRecord();
                }
                return skip(terminated ? e.getMessage()
                        : "torn last line (the file ends inside a record without a newline; its writer was"
                                + " probably interrupted): " + e.getMessage());
            }
            if (from != null && event.time().isBefore(from) || to != null && !event.time().isBefore(to)) {
                counts.filter();
                return null;
            }
            String type = event.payload() instanceof RawMessage raw ? raw.type() : null;
            if (!filter.acceptsAll()) {
                String name = type != null ? type : codec.types().nameOf(event.payload());
                if (!filter.accepts(name)) {
                    counts.filter();
                    return null;
                }
            }
            if (previous != null && event.time().isBefore(previous)) {
                counts.outOfOrderEvent();
                report(lineNumber, "out of order: " + codec.formatTime(event.time()) + " is "
                        + describe(Duration.between(event.time(), previous)) + " before the previous event ("
                        + codec.formatTime(previous) + "); delivered in recorded order");
            }
            previous = event.time();
            if (event.payload() instanceof RawMessage && type != null) {
                switch (counts.unknownType(type)) {
                    case FIRST_OF_ITS_NAME -> report(lineNumber, "unknown type '"
                            + SafeText.escape(type, ReadCounts.MAX_TYPE_NAME_LENGTH) + "': delivered as a raw message"
                            + " (register the type to decode it; further lines of this type are counted, not reported)");
                    case FIRST_NOT_KEPT -> report(lineNumber, "unknown type '"
                            + SafeText.escape(type, ReadCounts.MAX_TYPE_NAME_LENGTH) + "': delivered as a raw message;"
                            + " more than " + ReadCounts.MAX_TYPE_NAMES + " unknown type names, so this and further new"
                            + " ones are counted together, not reported");
                    case SEEN_BEFORE, NOT_KEPT -> { }
                }
            }
            return event;
        }

        final Event<?> skip(String reason) {
            counts.skip();
            report(lineNumber, reason);
            return null;
        }

        final void report(long line, String reason) {
            counts.problem();
            problems.accept(new SourceProblem(file.toString(), line, reason));
        }

        private static boolean isBlank(byte[] buf, int off, int len) {
            for (int i = off; i < off + len; i++) {
                byte b = buf[i];
                if (b != ' ' && b != '\t' && b != '\r') {
                    return false;
                }
            }
            return true;
        }

        /** A gap between two times the parser accepted: any two, up to 2 billion years apart. */
        static String describe(Duration d) {
            if (d.getSeconds() >= 1_000_000_000L) {
                // past about 31 years milliseconds say nothing more (and overflow a long past 292 million)
                return d.getSeconds() + " s";
            }
            if (d.toMillis() >= 1) {
                return d.toMillis() + " ms";
            }
            return d.toNanos() / 1000 + " µs";
        }

        private void closeFile() {
            if (lines != null) {
                try {
                    lines.close();
                } catch (IOException e) {
                    // nothing was written; a failing close of a reader loses nothing
                }
                lines = null;
            }
        }

        void close() {
            closeFile();
            nextFile = files.size();
            for (int i = 0; i < holds.size(); i++) {
                release(i);
            }
        }
    }

    /** How long a segment must be quiet before a follower moves to its successor (late events may still come). */
    static final Duration FOLLOW_SETTLE = Duration.ofMillis(Builder.FOLLOW_SETTLE_MILLIS);

    /** Follow mode: the log's lines as it grows, through the shared cursor, until closed or interrupted. */
    private final class Follower extends Reader {

        private final LogCursor cursor;
        private final Runnable idle;
        private final ArrayDeque<Event<?>> ready = new ArrayDeque<>();
        private String segment = "";
        private String lastFailure;
        private volatile boolean closed;

        Follower(String start, EventCodec codec, Consumer<SourceProblem> problems, ReadCounts counts, Runnable idle) {
            super(List.of(), codec, problems, counts);
            this.cursor = new LogCursor(location, start, 0, 0, FOLLOW_SETTLE.toNanos(), maxLineLength, this::note);
            this.idle = idle;
        }

        private void note(String text) {
            at(cursor.segment());
            report(cursor.line(), text);
        }

        private void at(String name) {
            if (!name.equals(segment)) {
                segment = name;
                file = name.isEmpty() ? location : location.resolve(name);
                counts.file();
            }
        }

        @Override
        public boolean tryAdvance(Consumer<? super Event<?>> action) {
            while (!closed) {
                Event<?> next = ready.poll();
                if (next != null) {
                    action.accept(next);
                    return true;
                }
                int consumed;
                try {
                    consumed = cursor.poll(this::line, 256);
                    lastFailure = null;
                } catch (IOException e) {
                    consumed = 0;
                    if (!String.valueOf(e.getMessage()).equals(lastFailure)) { // once per distinct failure
                        lastFailure = String.valueOf(e.getMessage());
                        at(cursor.segment());
                        report(0, "cannot be read now (retrying): " + e.getMessage());
                    }
                }
                if (consumed == 0 && ready.isEmpty()) {
                    if (!cursor.settling()) {
                        idle.run(); // at the end of the newest segment: everything written so far is out
                    }
                    try {
                        Thread.sleep(followPoll.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }
            }
            return false;
        }

        private void line(String name, long offset, long number, byte[] buf, int off, int len, long end) {
            at(name);
            lineNumber = number;
            counts.line();
            Event<?> event = decode(buf, off, len, end - offset > len);
            if (event != null) {
                ready.add(event);
            }
        }

        @Override
        void close() {
            closed = true;
            try {
                cursor.close();
            } catch (IOException e) {
                // a reader's close loses nothing
            }
        }
    }

    /** The segment a follower starts at: the one holding 'from', else the newest; empty for the first to come. */
    private String followStart() throws IOException {
        if (!Files.isDirectory(location)) {
            throw new IOException("cannot follow " + location + ": following reads a log folder (ROOT of"
                    + " YYYY-MM-DD/HH-MM-SS.jsonl segments), not a single file");
        }
        List<LogSegments.Segment> segments = LogSegments.list(location);
        if (segments.isEmpty()) {
            return "";
        }
        if (from == null) {
            return segments.get(segments.size() - 1).name();
        }
        String start = segments.get(0).name();
        for (LogSegments.Segment seg : segments) {
            if (!Instant.ofEpochSecond(seg.start()).isAfter(from)) {
                start = seg.name();
            }
        }
        return start;
    }

    /** Settings of a {@link JsonlSource}. */
    public static final class Builder {

        private final Path location;
        private Instant from;
        private Instant to;
        private TypeFilter filter = TypeFilter.ALL;
        private MessageTypeRegistry types;
        private int maxLineLength = DEFAULT_MAX_LINE_LENGTH;
        static final long FOLLOW_SETTLE_MILLIS = 300;
        private Runnable follow;
        private Duration followPoll = Duration.ofMillis(100);

        private Builder(Path location) {
            this.location = Objects.requireNonNull(location, "location");
        }

        /** Leaves out events before {@code from} (inclusive bound). */
        public Builder from(Instant from) {
            this.from = from;
            return this;
        }

        /** Leaves out events at or after {@code to} (exclusive bound). */
        public Builder to(Instant to) {
            this.to = to;
            return this;
        }

        /**
         * Delivers only events whose type name passes the patterns ({@link TypeFilter}:
         * {@code greenhouse.*}, {@code *Alarm}, {@code !greenhouse.sensors:Debug}). Default: every event.
         *
         * @throws IllegalArgumentException naming a pattern that is not one
         */
        public Builder types(String... patterns) {
            return types(List.of(patterns));
        }

        /** As {@link #types(String...)}. */
        public Builder types(Collection<String> patterns) {
            return types(TypeFilter.of(patterns));
        }

        /** As {@link #types(String...)}, with patterns already read. */
        public Builder types(TypeFilter filter) {
            this.filter = Objects.requireNonNull(filter, "filter");
            return this;
        }

        /** The registry type names resolve through. */
        public Builder registry(MessageTypeRegistry types) {
            this.types = Objects.requireNonNull(types, "types");
            return this;
        }

        /** The longest line read, in bytes; longer lines are reported and skipped. */
        public Builder maxLineLength(int bytes) {
            if (bytes < 64) {
                throw new IllegalArgumentException("a line limit below 64 bytes leaves no room for an event: " + bytes);
            }
            this.maxLineLength = bytes;
            return this;
        }

        /**
         * Follows the log as it is written ({@code tail -f}): the stream does not end at the
         * end of the log but waits for new lines and new segments, looking every
         * {@code poll}, until it is closed or its thread is interrupted. It starts at the
         * segment holding {@code from}, or without one at the newest segment, and reads only
         * the segments of the layout. {@code whenIdle} runs each time everything written so
         * far has been delivered (the end of the newest segment is reached), before waiting
         * (e.g. to flush output). Segments are read
         * through {@link LogCursor}; a segment is left for the next once that exists and it
         * has been quiet for {@value #FOLLOW_SETTLE_MILLIS} ms.
         */
        public Builder follow(Duration poll, Runnable whenIdle) {
            Objects.requireNonNull(poll, "poll");
            if (poll.isNegative() || poll.isZero()) {
                throw new IllegalArgumentException("the follow poll period must be positive: " + poll);
            }
            this.followPoll = poll;
            this.follow = Objects.requireNonNull(whenIdle, "whenIdle");
            return this;
        }

        /**
         * The source; the location is not looked at until {@link JsonlSource#open} or
         * {@link JsonlSource#files}.
         *
         * @throws IllegalArgumentException if {@code from} is not before {@code to}
         */
        public JsonlSource build() {
            if (from != null && to != null && !from.isBefore(to)) {
                throw new IllegalArgumentException("'from' (" + from + ") must be before 'to' (" + to + ")");
            }
            return new JsonlSource(this);
        }
    }
}
