package io.bussdcc.jsonl;

import io.bussdcc.api.Context;
import io.bussdcc.api.Event;
import io.bussdcc.api.EventSink;
import io.bussdcc.api.Message;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.RawMessage;
import io.bussdcc.api.TypeFilter;
import io.bussdcc.codec.EncodingException;
import io.bussdcc.codec.EventCodec;
import io.bussdcc.codec.EventLineWriter;
import io.bussdcc.codec.PeriodicFlusher;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Records every event as one JSON line, {@code {"time":…,"type":…,"data":{…}}}, in files
 * segmented by event time: {@code ROOT/YYYY-MM-DD/HH-MM-SS.jsonl}, each segment starting at a
 * multiple of the interval (default 600 s) in UTC. An event goes to the segment of its own
 * time, so a replay of an old log segments it the same way, and an event that arrives late
 * (stamped by another thread just before a boundary) still lands in the right file.
 *
 * <pre>{@code
 * runtime.addSink(new JsonlSink(Path.of("events")));
 * runtime.addSink(JsonlSink.builder(Path.of("events"))
 *         .interval(Duration.ofHours(1))
 *         .durability(Durability.fsyncEvery(Duration.ofSeconds(1)))
 *         .types("greenhouse.*", "!greenhouse.sensors:Debug")
 *         .build());
 * }</pre>
 *
 * <p><b>Speed.</b> Lines are encoded into a reusable buffer under a lock (by an
 * {@link io.bussdcc.codec.EventLineWriter}, mostly without a JSON generator) and reach the file
 * in large writes; with the default {@linkplain Durability durability} there
 * is no system call per event.
 *
 * <p><b>Restarts and concurrent writers.</b> Segments are opened for appending, so a restart
 * within the same interval continues the segment. If the previous writer crashed in the middle
 * of a line, that torn line is first ended with a newline, so it stays one bad line (reported
 * by {@link JsonlSource}) and does not swallow the next record. Only one sink may write into a
 * root at a time: {@link #start} takes an exclusive OS lock on {@code ROOT/.lock} and fails,
 * naming the holder, when another process or sink holds it.
 *
 * <p><b>Lifecycle.</b> {@link #start} creates the root and takes the lock (the context may be
 * {@code null} when the sink is used without a runtime; with a context, type names come from
 * its registry unless one was given). {@link #stop} writes everything, fsyncs, closes and
 * releases the lock; events that arrive after it are ignored. Thread-safe.
 */
public final class JsonlSink implements EventSink {

    /** The default segment interval: ten minutes. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(600);

    private static final System.Logger LOG = System.getLogger(JsonlSink.class.getName());
    private static final int BUFFER_CAPACITY = 1 << 20;
    /** Past this, the buffer goes to the file after the current line, whatever the policy. */
    private static final int WRITE_THRESHOLD = BUFFER_CAPACITY / 2;

    private enum State { NEW, OPEN, STOPPED }

    private final Path root;
    private final long intervalSeconds;
    private final Durability durability;
    private final TypeFilter filter;
    private final MessageTypeRegistry givenTypes;
    private final boolean eachEvent;

    private final ReentrantLock lock = new ReentrantLock();
    // Guarded by lock:
    private State state = State.NEW;
    private EventCodec codec;
    private Context context; // null when started without a runtime
    private LineBuffer buffer;
    private EventLineWriter lines;
    private RootLock rootLock;
    private FileChannel segment;
    private Path segmentPath;
    private long segmentStart;
    private long segmentEnd;
    private boolean unsynced;
    private ClassValue<Boolean> accepted;
    private PeriodicFlusher flusher;

    /** A sink writing into {@code root} with the defaults: 600 s segments, {@link Durability#defaultPolicy()}. */
    public JsonlSink(Path root) {
        this(builder(root));
    }

    private JsonlSink(Builder b) {
        this.root = b.root;
        this.intervalSeconds = b.interval.toSeconds();
        this.durability = b.durability;
        this.filter = b.filter;
        this.givenTypes = b.types;
        this.eachEvent = durability instanceof Durability.FlushEachEvent;
    }

    /** A builder for a sink writing into {@code root}. */
    public static Builder builder(Path root) {
        return new Builder(root);
    }

    @Override
    public String name() {
        return "jsonl";
    }

    /** The directory this sink writes into. */
    public Path root() {
        return root;
    }

    /** The root, so that a replay refuses to write into the log it reads. */
    @Override
    public List<Path> writesTo() {
        return List.of(root);
    }

    /** The segment interval. */
    public Duration interval() {
        return Duration.ofSeconds(intervalSeconds);
    }

    /** The durability policy. */
    public Durability durability() {
        return durability;
    }

    /**
     * Creates the root directory and claims it.
     *
     * @param ctx the runtime's context, or {@code null}
     * @throws IOException           if the root cannot be created, or another writer holds it
     * @throws IllegalStateException if the sink was already started, or a registered type it
     *                               would record cannot be encoded (named, with the fix: for a
     *                               record in a named module, the {@code opens} line to add)
     */
    @Override
    public void start(Context ctx) throws IOException {
        lock.lock();
        try {
            if (state != State.NEW) {
                throw new IllegalStateException("this JsonlSink was already started; make a new one to write again");
            }
            MessageTypeRegistry types = givenTypes != null ? givenTypes
                    : ctx != null ? ctx.messageTypes() : Registries.discovered();
            codec = new EventCodec(types);
            requireRecordable(types);
            context = ctx;
            Files.createDirectories(root);
            rootLock = RootLock.acquire(root);
            buffer = new LineBuffer(BUFFER_CAPACITY);
            lines = codec.newLineWriter();
            if (!filter.acceptsAll()) {
                accepted = new ClassValue<>() {
                    @Override
                    protected Boolean computeValue(Class<?> type) {
                        return filter.accepts(types.nameOf(type.asSubclass(Message.class)));
                    }
                };
            }
            state = State.OPEN;
            switch (durability) {
                case Durability.FlushEvery f -> flusher = PeriodicFlusher.start("jsonl-flusher " + root, f.period(),
                        this::backgroundFlush);
                case Durability.FsyncEvery f -> flusher = PeriodicFlusher.start("jsonl-flusher " + root, f.period(),
                        this::backgroundFlush);
                case Durability.FlushEachEvent f -> { } // every event is written at once
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Appends the event to the segment of its time.
     *
     * @throws EncodingException     if the payload cannot be written (nothing is written); when
     *                               no event of its type can be (a record the codec cannot
     *                               reach, say), the sink has also asked the runtime to shut
     *                               down, with the reason and the fix
     * @throws IOException           if the file cannot be written
     * @throws IllegalStateException if the sink was not started
     */
    @Override
    public void handle(Event<?> event) throws IOException {
        lock.lock();
        try {
            if (state != State.OPEN) {
                if (state == State.NEW) {
                    throw new IllegalStateException("JsonlSink into " + root + " is not started: call start() first");
                }
                return; // stopped: events after stop are ignored
            }
            if (accepted != null && !accepts(event)) {
                return;
            }
            long second = event.time().getEpochSecond();
            if (segment == null || second < segmentStart || second >= segmentEnd) {
                openSegment(Segments.startOf(second, intervalSeconds));
            }
            appendLine(event);
            if (eachEvent || buffer.position() >= WRITE_THRESHOLD) {
                writeBuffer();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Fails the start on a registered type this sink would record but the codec cannot encode. */
    private void requireRecordable(MessageTypeRegistry types) {
        for (String name : types.names()) {
            if (!filter.accepts(name)) {
                continue;
            }
            Class<? extends Message> type = types.resolve(name).orElseThrow();
            try {
                codec.requireEncodable(type);
            } catch (EncodingException e) {
                throw new IllegalStateException("cannot record type '" + name + "': " + e.getMessage(), e);
            }
        }
    }

    /**
     * After {@code failure} to encode {@code event}: when its type cannot be encoded at all (not
     * just this one value), none of its events could ever be recorded, so the sink asks the
     * runtime to stop, naming the type and the fix, rather than losing them quietly.
     */
    private EncodingException unrecordable(Event<?> event, EncodingException failure) {
        if (context == null || event.payload() instanceof RawMessage) {
            return failure;
        }
        Class<? extends Message> type = event.payload().getClass();
        try {
            codec.requireEncodable(type);
        } catch (EncodingException e) {
            context.requestShutdown("sink jsonl cannot record " + type.getName() + ": " + e.getMessage());
        }
        return failure;
    }

    private boolean accepts(Event<?> event) {
        if (event.payload() instanceof RawMessage raw) {
            return filter.accepts(raw.type());
        }
        return accepted.get(event.payload().getClass());
    }

    private void appendLine(Event<?> event) throws IOException {
        try {
            lines.write(event, buffer); // the whole line, or nothing when it cannot be encoded
        } catch (EncodingException e) {
            throw unrecordable(event, e);
        }
    }

    private void openSegment(long start) throws IOException {
        closeSegment();
        Path file = Segments.file(root, start);
        Files.createDirectories(file.getParent());
        boolean existed = Files.exists(file);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        try {
            if (existed) {
                endTornLine(file, channel);
            }
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        segment = channel;
        segmentPath = file;
        segmentStart = start;
        segmentEnd = start + intervalSeconds;
    }

    /**
     * A previous writer that crashed mid-line left a line without its newline: end it, so that
     * it stays one bad line and the next record starts on a line of its own.
     */
    private static void endTornLine(Path file, FileChannel append) throws IOException {
        try (FileChannel read = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = read.size();
            if (size == 0) {
                return;
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            read.read(last, size - 1);
            if (last.get(0) != '\n') {
                append.write(ByteBuffer.wrap(new byte[] {'\n'}));
                LOG.log(System.Logger.Level.WARNING, file + " ended in the middle of a line (a writer was"
                        + " interrupted); that line is kept as it is, ended with a newline, and new events follow it");
            }
        }
    }

    private void closeSegment() throws IOException {
        if (segment == null) {
            return;
        }
        writeBuffer();
        if (durability instanceof Durability.FsyncEvery && unsynced) {
            segment.force(false);
            unsynced = false;
        }
        segment.close();
        segment = null;
    }

    private void writeBuffer() throws IOException {
        if (buffer.isEmpty()) {
            return;
        }
        try {
            buffer.drainTo(segment);
        } catch (IOException e) {
            throw new IOException("cannot write to " + segmentPath + ": " + e.getMessage(), e);
        }
        unsynced = true;
    }

    /** The background flush, every period: what is buffered goes to the file (and is fsynced). */
    private void backgroundFlush() {
        boolean fsync = durability instanceof Durability.FsyncEvery;
        FileChannel toSync = null;
        lock.lock();
        try {
            if (state != State.OPEN) {
                return;
            }
            writeBuffer();
            if (fsync && unsynced && segment != null) {
                toSync = segment;
                unsynced = false;
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "background flush failed; will retry: " + e.getMessage());
        } finally {
            lock.unlock();
        }
        if (toSync != null) {
            // fsync outside the lock: emitters must not wait for the disk
            try {
                toSync.force(false);
            } catch (IOException e) {
                // a segment switch may close it meanwhile; closing fsyncs it anyway
                if (toSync.isOpen()) {
                    LOG.log(System.Logger.Level.WARNING, "fsync of " + root + " failed: " + e.getMessage());
                }
            }
        }
    }

    /**
     * Writes everything buffered to the current segment now, whatever the policy (no fsync).
     *
     * @throws IOException if the file cannot be written
     */
    public void flush() throws IOException {
        lock.lock();
        try {
            if (state == State.OPEN && segment != null) {
                writeBuffer();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Writes everything, fsyncs and closes the segment, and releases the root. Idempotent. */
    @Override
    public void stop() throws IOException {
        PeriodicFlusher toStop;
        lock.lock();
        try {
            if (state != State.OPEN) {
                state = State.STOPPED;
                return;
            }
            state = State.STOPPED;
            toStop = flusher;
            try {
                if (segment != null) {
                    // Closed even when the last write or fsync fails: the sink is over either way.
                    try (FileChannel last = segment) {
                        writeBuffer();
                        last.force(false);
                    } finally {
                        segment = null;
                    }
                }
            } finally {
                buffer.clear();
                rootLock.close();
            }
        } finally {
            lock.unlock();
        }
        if (toStop != null) {
            toStop.stop();
        }
    }

    @Override
    public String toString() {
        return "JsonlSink[" + root + ", interval " + interval() + ", " + durability + "]";
    }

    /** Settings of a {@link JsonlSink}. */
    public static final class Builder {

        private final Path root;
        private Duration interval = DEFAULT_INTERVAL;
        private Durability durability = Durability.defaultPolicy();
        private TypeFilter filter = TypeFilter.ALL;
        private MessageTypeRegistry types;

        private Builder(Path root) {
            this.root = Objects.requireNonNull(root, "root");
        }

        /**
         * The segment length: whole seconds, at least one (segment names have second
         * precision). Default 600 s.
         */
        public Builder interval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.getNano() != 0 || interval.getSeconds() < 1) {
                throw new IllegalArgumentException("a segment interval is a whole number of seconds, at least 1: "
                        + interval);
            }
            this.interval = interval;
            return this;
        }

        /** When lines reach the OS and the disk; default {@link Durability#defaultPolicy()}. */
        public Builder durability(Durability durability) {
            this.durability = Objects.requireNonNull(durability, "durability");
            return this;
        }

        /**
         * Records only events whose type name passes the patterns ({@link TypeFilter}:
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

        /**
         * The registry type names come from. Default: the runtime's (from the context given to
         * {@code start}), else the built-in types plus those of every
         * {@link io.bussdcc.api.spi.MessageTypeProvider}.
         */
        public Builder registry(MessageTypeRegistry types) {
            this.types = Objects.requireNonNull(types, "types");
            return this;
        }

        /** The sink; it touches no file until {@link JsonlSink#start}. */
        public JsonlSink build() {
            return new JsonlSink(this);
        }
    }

}
