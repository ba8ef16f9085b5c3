package io.bussdcc.jsonl;

import io.bussdcc.api.Context;
import io.bussdcc.api.Event;
import io.bussdcc.api.EventSink;
import io.bussdcc.api.Health;
import io.bussdcc.api.Message;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.RawMessage;
import io.bussdcc.api.TypeFilter;
import io.bussdcc.api.message.SinkHandlerError;
import io.bussdcc.codec.EncodingException;
import io.bussdcc.codec.EncodingFallback;
import io.bussdcc.codec.EventCodec;
import io.bussdcc.codec.EventLineWriter;
import io.bussdcc.codec.LogSegments;
import io.bussdcc.codec.PeriodicFlusher;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

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
 *
 * <p><b>When the disk refuses writes</b> (full, gone read-only), the sink keeps at most one
 * buffer (1 MiB) of lines in memory, drops and counts the events beyond it, retries every
 * second, says DOWN in {@link #health()}, and reports once when the outage begins and once,
 * with the counts, when it writes again or stops; lost events fail the run
 * ({@link Context#reportFailure}). What is kept and what is dropped: docs/jsonl-log.md.
 */
public final class JsonlSink implements EventSink {

    /** The default segment interval: ten minutes. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(600);

    private static final System.Logger LOG = System.getLogger(JsonlSink.class.getName());
    private static final int BUFFER_CAPACITY = 1 << 20;
    /** Past this, the buffer goes to the file after the current line, whatever the policy. */
    private static final int WRITE_THRESHOLD = BUFFER_CAPACITY / 2;
    /** How often writing is tried again while the disk refuses it. */
    static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);

    private enum State { NEW, OPEN, STOPPED }

    private final Path root;
    private final long intervalSeconds;
    private final Durability durability;
    private final TypeFilter filter;
    private final MessageTypeRegistry givenTypes;
    private final boolean eachEvent;
    private final boolean followLinks;
    private final UnaryOperator<Event<?>> transform; // null: none
    private final EncodingFallback fallback; // null: none
    private final boolean compress;
    private final Retention retention;
    private final java.time.Clock clock;

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
    private Outage outage; // null while the file takes what is written
    private long bytesWritten; // into segments since start; guarded by lock
    private long lostEvents; // since start, over every outage
    private long outages;
    // Segments starting before this are sealed: never written again, so maintenance may
    // compress or remove them. Long.MIN_VALUE while maintenance is off.
    private long sealedBefore = Long.MIN_VALUE;
    private long newestOpened = Long.MIN_VALUE;
    private ExecutorService maintenance;
    private final java.util.concurrent.atomic.AtomicBoolean maintenancePending =
            new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean stopping;

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
        this.followLinks = b.followLinks;
        this.transform = b.transform;
        this.fallback = b.fallback;
        this.compress = b.compress;
        this.retention = b.retention;
        this.clock = b.clock;
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
            codec = new EventCodec(types, fallback);
            requireRecordable(types);
            context = ctx;
            Files.createDirectories(root);
            RootLock.refuseInsideLiveLog(root);
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
            if (compress || !retention.keepsAll()) {
                startMaintenance();
            }
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
        Message report;
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
            Event<?> written = transform == null ? event : transform.apply(event);
            if (written == null) {
                return; // dropped by the transform
            }
            report = record(written);
        } finally {
            lock.unlock();
        }
        if (report != null && context != null) {
            context.emit(report); // outside the lock: the report comes back to this sink too
        }
    }

    /**
     * Appends the event to the segment of its time, or — while the disk refuses writes — keeps
     * it in memory while there is room, else drops and counts it.
     *
     * @return a report to emit once the lock is released (an outage began or ended), or null
     */
    private Message record(Event<?> event) throws IOException {
        Message report = null;
        if (outage != null && System.nanoTime() - outage.nextRetry >= 0) {
            report = retry();
        }
        // An event whose own segment is sealed (compressed or removed by now) goes to the oldest
        // one still open to writes: it stays in the log, read with an "out of order" note.
        long target = Math.max(LogSegments.startOf(event.time().getEpochSecond(), intervalSeconds), sealedBefore);
        IOException failure = null;
        if (!inSegment(target) && (outage == null || buffer.isEmpty())) {
            try {
                openSegment(target);
            } catch (IOException e) {
                failure = e;
            }
        }
        boolean kept;
        if (!inSegment(target)) {
            kept = false; // the buffer still holds the previous segment's lines, which the disk refused
        } else if (outage != null || failure != null) {
            buffer.bounded(true);
            appendLine(event);
            kept = !buffer.takeRefused();
        } else {
            appendLine(event);
            kept = true;
            if (eachEvent || buffer.position() >= WRITE_THRESHOLD) {
                try {
                    writeBuffer();
                } catch (IOException e) {
                    failure = e;
                }
            }
        }
        if (!kept) {
            lostEvents++;
            if (outage != null) {
                outage.dropped++;
            }
        }
        if (failure != null && outage == null) {
            Message begun = beginOutage(failure, event, kept);
            return report != null ? report : begun;
        }
        return report;
    }

    private boolean inSegment(long start) {
        return segmentPath != null && start == segmentStart;
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
            String reason = "sink jsonl cannot record " + type.getName() + ": " + e.getMessage();
            context.reportFailure(reason); // the run failed: its events were not recorded
            context.requestShutdown(reason);
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

    /** Writes what the current segment holds, then moves to the segment starting at {@code start} and opens it. */
    private void openSegment(long start) throws IOException {
        closeSegment();
        segmentStart = start;
        segmentEnd = start + intervalSeconds;
        segmentPath = LogSegments.file(root, start);
        if (maintenance != null && start > newestOpened) {
            newestOpened = start;
            // The segment before this one may still get a late event; older ones are done.
            sealedBefore = Math.max(sealedBefore, start - intervalSeconds);
            if (maintenancePending.compareAndSet(false, true)) { // one run covers every roll before it
                maintenance.execute(this::maintain);
            }
        }
        openChannel(); // when this fails, the segment's lines wait in the buffer for the file
    }

    // ---- retention and compression, on their own thread ----------------------------------

    private void startMaintenance() throws IOException {
        List<LogSegments.Segment> existing = LogSegments.list(root);
        if (!existing.isEmpty()) {
            // A new run writes now, not into the past: all but the newest segment are sealed.
            sealedBefore = existing.get(existing.size() - 1).start();
        }
        maintenance = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "jsonl-maintenance " + root);
            t.setDaemon(true);
            return t;
        });
        maintenance.execute(() -> {
            try {
                for (String done : SegmentCompression.recover(root)) {
                    LOG.log(System.Logger.Level.INFO, "sink jsonl: " + done);
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "sink jsonl: cannot tidy " + root + " after an interrupted"
                        + " compression: " + e.getMessage());
            }
        });
        maintenancePending.set(true);
        maintenance.execute(this::maintain);
    }

    /** Compresses the sealed plain segments, then applies the retention. */
    private void maintain() {
        maintenancePending.set(false); // a roll from now on asks for another run
        long sealed;
        lock.lock();
        try {
            sealed = sealedBefore;
        } finally {
            lock.unlock();
        }
        try {
            if (compress) {
                for (LogSegments.Segment s : LogSegments.list(root)) {
                    if (stopping) {
                        return;
                    }
                    if (!s.compressed() && s.start() < sealed) {
                        try {
                            SegmentCompression.compress(s.file(), () -> stopping);
                        } catch (IOException e) {
                            if (!stopping) { // a stop interrupts a compression: not a failure
                                LOG.log(System.Logger.Level.WARNING, "sink jsonl: " + e.getMessage()
                                        + "; the segment stays uncompressed (tried again at the next segment)");
                            }
                        }
                    }
                }
            }
            if (!retention.keepsAll() && !stopping) {
                Retention.Outcome o = retention.prune(root, clock.instant(), s -> s.start() >= sealed, false);
                if (!o.removed().isEmpty()) {
                    LOG.log(System.Logger.Level.INFO, "sink jsonl: retention (" + retention + ") removed "
                            + o.removed().size() + " segment(s), " + (o.bytesBefore() - o.bytesAfter())
                            + " bytes, from " + root + "; the log now takes " + o.bytesAfter() + " bytes");
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "sink jsonl: maintenance of " + root + " failed: " + e.getMessage());
        }
    }

    /** Waits for the maintenance work submitted so far; for tests. */
    void awaitMaintenance() throws InterruptedException {
        ExecutorService m = maintenance;
        if (m != null) {
            java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
            m.execute(done::countDown);
            done.await();
        }
    }

    private void openChannel() throws IOException {
        Path file = segmentPath;
        boolean existed = false;
        FileChannel channel;
        try {
            if (followLinks) {
                Files.createDirectories(file.getParent());
            } else {
                LogFolders.createFolder(file.getParent());
            }
        } catch (IOException e) {
            throw new IOException("cannot create " + file.getParent() + ": " + reason(e), e);
        }
        try {
            if (followLinks) {
                existed = Files.exists(file);
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND);
            } else {
                // A new segment is created with CREATE_NEW, which never follows a link; an existing
                // one is opened with NOFOLLOW_LINKS, after checking it is a regular file (not a link
                // or a FIFO).
                try {
                    channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                            StandardOpenOption.APPEND);
                } catch (FileAlreadyExistsException e) {
                    existed = true;
                    LogFolders.requireRegularFile(file);
                    channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND,
                            LinkOption.NOFOLLOW_LINKS);
                }
            }
        } catch (IOException e) {
            throw new IOException("cannot open " + file + ": " + reason(e), e);
        }
        try {
            if (existed) {
                endTornLine(file, channel, followLinks);
            }
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        segment = channel;
    }

    /**
     * A previous writer that crashed mid-line left a line without its newline: end it, so that
     * it stays one bad line and the next record starts on a line of its own.
     */
    private static void endTornLine(Path file, FileChannel append, boolean followLinks) throws IOException {
        try (FileChannel read = followLinks ? FileChannel.open(file, StandardOpenOption.READ)
                : FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
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
        if (segment == null && buffer.isEmpty()) {
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
        if (segment == null) {
            openChannel(); // opening failed while the disk refused writes
        }
        int held = buffer.position();
        try {
            buffer.drainTo(segment);
        } catch (IOException e) {
            bytesWritten += held - buffer.position(); // what went out before the disk refused the rest
            throw new IOException("cannot write to " + segmentPath + ": " + reason(e), e);
        }
        bytesWritten += held;
        unsynced = true;
    }

    private static String reason(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    // ---- when the disk refuses writes ----------------------------------------------------

    /** An outage: from the first write the disk refused to the first it took again. Guarded by lock. */
    private static final class Outage {
        final Instant since = Instant.now();
        final long startedNanos = System.nanoTime();
        String cause;
        long nextRetry;
        long dropped;

        Outage(String cause) {
            this.cause = cause;
            this.nextRetry = startedNanos + RETRY_INTERVAL.toNanos();
        }
    }

    /**
     * The first refused write: from now on lines are kept in the buffer while there is room and
     * writing is retried every {@link #RETRY_INTERVAL}. With a runtime, the one report of the
     * outage's start is returned to be emitted; without one, it is thrown.
     */
    private Message beginOutage(IOException failure, Event<?> event, boolean kept) throws IOException {
        outage = new Outage(reason(failure));
        if (!kept) {
            outage.dropped++;
        }
        outages++;
        buffer.bounded(true);
        String text = failure.getMessage() + (event == null ? "" : "; this event was " + (kept ? "kept in memory" : "dropped"))
                + ". Until the disk takes writes again the sink keeps at most " + (buffer.capacity() >> 10)
                + " KiB of lines in memory, drops and counts the events beyond it, and retries every "
                + RETRY_INTERVAL.toSeconds() + " s; it reports again, with the counts, when it writes again or stops";
        LOG.log(System.Logger.Level.ERROR, "sink jsonl into " + root + ": " + text);
        if (context == null) {
            throw new IOException(text, failure);
        }
        return new SinkHandlerError(name(), text, event, null);
    }

    /** Tries to write what is buffered; when it works, the outage ends and its report is returned. */
    private Message retry() {
        outage.nextRetry = System.nanoTime() + RETRY_INTERVAL.toNanos();
        long kept = buffer.lines();
        try {
            if (segment == null && segmentPath != null) {
                openChannel();
            }
            writeBuffer();
        } catch (IOException e) {
            outage.cause = reason(e);
            return null;
        }
        return endOutage(false, kept);
    }

    /**
     * Ends the outage; the report (a failure of the run when events were lost), or null when
     * nothing was lost. {@code kept}: the events held in memory and written now, or — when
     * the sink stopped before the disk took them — lost with the rest.
     */
    private SinkHandlerError endOutage(boolean stopped, long kept) {
        Outage o = outage;
        outage = null;
        buffer.bounded(false);
        String text = String.format("sink jsonl into %s %s after %.1f s of refused writes (since %s: %s); %d events lost%s",
                root, stopped ? "stopped" : "wrote again", (System.nanoTime() - o.startedNanos) / 1e9, o.since, o.cause,
                o.dropped, stopped ? ", " + kept + " of them held in memory until the stop"
                        : ", " + kept + " held in memory and written now");
        if (o.dropped == 0) {
            LOG.log(System.Logger.Level.WARNING, text);
            return null;
        }
        LOG.log(System.Logger.Level.ERROR, text);
        if (context != null) {
            context.reportFailure(text);
        }
        return new SinkHandlerError(name(), text, null, null);
    }

    /**
     * How the sink is doing: DOWN while the disk refuses its writes, with the reason; counts
     * {@code lost} (events dropped since start), {@code outages}, {@code bufferedBytes},
     * {@code bytesWritten} (into segments since start).
     */
    @Override
    public Health health() {
        lock.lock();
        try {
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("lost", lostEvents);
            counts.put("outages", outages);
            counts.put("bufferedBytes", buffer == null ? 0L : (long) buffer.position());
            counts.put("bytesWritten", bytesWritten);
            if (state == State.OPEN && outage != null) {
                return Health.down("writes refused since " + outage.since + ": " + outage.cause
                        + "; keeping at most " + (buffer.capacity() >> 10) + " KiB in memory, dropping the rest ("
                        + outage.dropped + " events so far), retrying every " + RETRY_INTERVAL.toSeconds() + " s", counts);
            }
            return Health.up(counts);
        } finally {
            lock.unlock();
        }
    }

    /** The bytes buffered and the buffer's capacity, for tests: {bufferedBytes, capacity}. */
    long[] bufferUse() {
        lock.lock();
        try {
            return buffer == null ? new long[2] : new long[] {buffer.position(), buffer.capacity()};
        } finally {
            lock.unlock();
        }
    }

    /** The background flush, every period: what is buffered goes to the file (and is fsynced). */
    private void backgroundFlush() {
        boolean fsync = durability instanceof Durability.FsyncEvery;
        FileChannel toSync = null;
        Message report = null;
        lock.lock();
        try {
            if (state != State.OPEN) {
                return;
            }
            if (outage != null) {
                if (System.nanoTime() - outage.nextRetry < 0) {
                    return;
                }
                report = retry();
                if (outage != null) {
                    return;
                }
            }
            writeBuffer();
            if (fsync && unsynced && segment != null) {
                toSync = segment;
                unsynced = false;
            }
        } catch (IOException e) {
            try {
                report = beginOutage(e, null, true);
            } catch (IOException standalone) {
                // without a runtime there is nobody to throw to: beginOutage logged it
            }
        } finally {
            lock.unlock();
        }
        if (report != null && context != null) {
            context.emit(report);
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
        Message report = null;
        lock.lock();
        try {
            if (state == State.OPEN && outage != null) {
                report = retry();
                if (outage != null) {
                    throw new IOException("cannot write to " + root + ": " + outage.cause);
                }
            } else if (state == State.OPEN) {
                writeBuffer();
            }
        } finally {
            lock.unlock();
        }
        if (report != null && context != null) {
            context.emit(report);
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
            IOException failure = null;
            long pending = outage != null ? buffer.lines() : 0;
            long unwritten = 0;
            try {
                try {
                    writeBuffer(); // one last try, also during an outage
                    if (segment != null) {
                        segment.force(false);
                    }
                } catch (IOException e) {
                    failure = e;
                    unwritten = buffer.lines();
                } finally {
                    // Closed even when the last write or fsync fails: the sink is over either way.
                    if (segment != null) {
                        try {
                            segment.close();
                        } catch (IOException e) {
                            failure = failure != null ? failure : e;
                        }
                        segment = null;
                    }
                }
            } finally {
                buffer.clear();
                rootLock.close();
            }
            if (failure != null && outage == null && unwritten == 0) {
                throw failure; // nothing was lost with it (an fsync or close failed): say so to the caller
            }
            if (failure != null || outage != null) {
                if (outage == null) {
                    outage = new Outage(reason(failure));
                    outages++;
                }
                lostEvents += unwritten;
                outage.dropped += unwritten;
                if (failure != null) {
                    outage.cause = reason(failure);
                }
                // The report cannot be emitted (the runtime has shut down): it is logged and, with a
                // runtime, a failure of the run; without one it is thrown.
                SinkHandlerError report = endOutage(failure != null, failure != null ? unwritten : pending);
                if (context == null && report != null) {
                    throw new IOException(report.error(), failure);
                }
            }
        } finally {
            lock.unlock();
        }
        if (toStop != null) {
            toStop.stop();
        }
        stopMaintenance();
    }

    /** Abandons a compression under way (its partial file is removed) and waits for the thread. */
    private void stopMaintenance() {
        ExecutorService m = maintenance;
        if (m == null) {
            return;
        }
        stopping = true;
        m.shutdownNow();
        try {
            if (!m.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "sink jsonl: maintenance of " + root + " did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
        private boolean followLinks;
        private UnaryOperator<Event<?>> transform;
        private EncodingFallback fallback;
        private boolean compress;
        private Retention retention = Retention.keepAll();
        private java.time.Clock clock = java.time.Clock.systemUTC();

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

        /**
         * Whether the sink may write through symbolic links below the root — a day folder or a
         * segment that is a link — and into segments that are not regular files. Off by default:
         * a link there is refused, naming it (see {@code docs/jsonl-log.md}, "Links"). Turn it on
         * only for a folder no one else can write to, e.g. with day folders linked to another disk.
         */
        public Builder followLinks(boolean follow) {
            this.followLinks = follow;
            return this;
        }

        /**
         * Rewrites each event before it is written, or drops it by returning {@code null} (the
         * Python sinks' {@code transform()}). It sees the events the {@link #types} filter lets
         * through, runs under the sink's lock (it must not emit) and its result is written as
         * it is — another payload, another time. Default: none. See docs/jsonl-log.md.
         */
        public Builder transform(UnaryOperator<Event<?>> transform) {
            this.transform = Objects.requireNonNull(transform, "transform");
            return this;
        }

        /**
         * Whether closed segments are compressed with gzip ({@code HH-MM-SS.jsonl.gz}) on a
         * background thread, once the sink has moved two segments past them. Off by default.
         * Readers ({@link JsonlSource}, {@code bussdcc cat}, the Kafka shipper) read both forms.
         */
        public Builder compress(boolean compress) {
            this.compress = compress;
            return this;
        }

        /**
         * Writes values the codec cannot write by type through {@code fallback} (the Python
         * sinks' {@code json_fallback()}); a registered type with such a component then no
         * longer fails the start. Default: none. See {@link EncodingFallback}.
         */
        public Builder fallback(EncodingFallback fallback) {
            this.fallback = Objects.requireNonNull(fallback, "fallback");
            return this;
        }

        /**
         * How much of the log to keep ({@link Retention}), applied on a background thread at
         * the start and at each new segment. Default: everything.
         */
        public Builder retention(Retention retention) {
            this.retention = Objects.requireNonNull(retention, "retention");
            return this;
        }

        /** The clock retention measures ages with; default the system's. */
        Builder clock(java.time.Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The sink; it touches no file until {@link JsonlSink#start}. */
        public JsonlSink build() {
            return new JsonlSink(this);
        }
    }

}
