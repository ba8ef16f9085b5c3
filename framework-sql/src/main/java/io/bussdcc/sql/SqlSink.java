package io.bussdcc.sql;

import io.bussdcc.api.Config;
import io.bussdcc.api.Context;
import io.bussdcc.api.Event;
import io.bussdcc.api.EventSink;
import io.bussdcc.api.Health;
import io.bussdcc.api.Message;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.RawMessage;
import io.bussdcc.api.TypeFilter;
import io.bussdcc.codec.EncodingFallback;
import io.bussdcc.codec.EventCodec;
import io.bussdcc.codec.EventLineWriter;
import io.bussdcc.sql.Jdbc.Dialect;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * Records events into a table ({@code bussdcc_events} by default) of an SQLite or PostgreSQL
 * database: the time to the nanosecond, type, severity, device and the data object exactly as
 * the JSONL line holds it. Events are buffered and committed in batches by a background
 * thread every {@linkplain Builder#commitInterval commit interval} (default 2 s) or every
 * {@linkplain Builder#batchSize batch} (default 1,000 events), whichever comes first.
 *
 * <pre>{@code
 * runtime.addSink(SqlSink.builder("jdbc:sqlite:bussdcc.db")
 *         .commitInterval(Duration.ofSeconds(5))
 *         .types("greenhouse.*")
 *         .retention(Retention.keep(Duration.ofDays(30)).keep("greenhouse.sensors:*", Duration.ofDays(7)))
 *         .build());
 * }</pre>
 *
 * <p><b>What a crash loses:</b> the events not yet committed — at most one commit interval
 * plus the commit in flight; a committed transaction is never lost or torn. A failing commit
 * (database unreachable or locked) keeps the events and retries every interval; the next
 * {@link #handle} throws once, so the runtime reports a {@code SinkHandlerError}. With
 * {@linkplain Builder#maxPending max pending} events waiting, {@code handle} waits for room
 * while commits succeed and drops (counted) while they fail. Retention runs at start, daily,
 * and on demand ({@link #purge}). See {@code docs/sql.md}.
 */
public final class SqlSink implements EventSink {

    /** The default commit interval. */
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofSeconds(2);
    /** The default number of events that triggers a commit before the interval is over. */
    public static final int DEFAULT_BATCH_SIZE = 1000;
    /** The default bound on events waiting for a commit. */
    public static final int DEFAULT_MAX_PENDING = 100_000;
    /** How often retention runs while the sink is open. */
    public static final Duration RETENTION_PERIOD = Duration.ofDays(1);

    private static final System.Logger LOG = System.getLogger(SqlSink.class.getName());
    /** Where the time starts in a line, after {@code {"time":"}. */
    private static final int TIME_START = "{\"time\":\"".length();
    /** {@code ","type":"} and {@code ","data":} around the type name. */
    private static final int TYPE_AND_DATA_KEYS = "\",\"type\":\"".length() + "\",\"data\":".length();
    /** Whether a message type may have a device: a record with a String component {@code device}, or not a record. */
    private static final ClassValue<Boolean> HAS_DEVICE = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            if (!type.isRecord()) {
                return true;
            }
            for (java.lang.reflect.RecordComponent c : type.getRecordComponents()) {
                if (c.getName().equals("device") && c.getType() == String.class) {
                    return true;
                }
            }
            return false;
        }
    };

    private enum State { NEW, OPEN, STOPPED }

    /** One row, encoded on the emitting thread. */
    record Row(long epochSecond, int nano, String time, String type, String severity, String device, String data) {}

    private final String givenUrl;
    /** sql.user and sql.password, when recording into the application's database. */
    private final Properties credentials = new Properties();
    private final String table;
    private final Duration commitInterval;
    private final int batchSize;
    private final int maxPending;
    private final TypeFilter filter;
    private final Retention retention;
    private final MessageTypeRegistry givenTypes;
    private final UnaryOperator<Event<?>> transform; // null: none
    private final EncodingFallback fallback; // null: none
    private final Clock wallClock;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final Condition room = lock.newCondition();
    private final Object db = new Object(); // guards the connection
    // Guarded by lock:
    private volatile State state = State.NEW;
    private List<Row> pending = new ArrayList<>();
    private String failure;           // the current commit failure, null while commits succeed
    private String toReport;          // what the next handle() throws, once
    private long dropped;
    private boolean commitRequested;
    // Written under db, read anywhere:
    private volatile long committed;
    private volatile long purged;
    private String url;
    private Dialect dialect;
    private EventCodec codec;
    private ThreadLocal<LineBuffer> lines; // one line writer per emitting thread, made at start
    private Context context;
    private Connection connection;
    private PreparedStatement insert;
    private Thread committer;

    private SqlSink(Builder b) {
        this.givenUrl = b.url;
        this.table = b.table;
        this.commitInterval = b.commitInterval;
        this.batchSize = b.batchSize;
        this.maxPending = b.maxPending;
        this.filter = b.filter;
        this.retention = b.retention;
        this.givenTypes = b.types;
        this.transform = b.transform;
        this.fallback = b.fallback;
        this.wallClock = Clock.systemUTC();
    }

    /** A builder for a sink recording into the database at {@code url} ({@code jdbc:sqlite:FILE}, {@code jdbc:postgresql://…}). */
    public static Builder builder(String url) {
        return new Builder(Objects.requireNonNull(url, "url"));
    }

    /**
     * A builder for a sink recording into the application's database: {@code sql.url} of the
     * runtime's configuration, else the SQLite file beside the event log ({@link Database#defaultUrl}).
     */
    public static Builder builder() {
        return new Builder(null);
    }

    @Override
    public String name() {
        return "sql";
    }

    /** The database URL (without password), once started or when given. */
    public String url() {
        String u = url != null ? url : givenUrl;
        return u == null ? "(the application's database)" : Jdbc.redact(u);
    }

    /** The table events go into. */
    public String table() {
        return table;
    }

    /** The commit interval. */
    public Duration commitInterval() {
        return commitInterval;
    }

    /** For SQLite, {@code FILE/TABLE}: a replay refuses to read and write the same table. */
    @Override
    public List<Path> writesTo() {
        Path file = url != null ? Jdbc.sqliteFile(url) : givenUrl != null ? Jdbc.sqliteFile(givenUrl) : null;
        return file == null ? List.of() : List.of(file.resolve(table));
    }

    /**
     * Connects, creates the table if needed (checking its columns if it exists), runs the
     * retention once and starts committing.
     *
     * @param ctx the runtime's context, or {@code null} when used without a runtime
     * @throws SQLException naming the database and why it cannot be used: unreachable, locked,
     *                      a table altered by hand
     */
    @Override
    public void start(Context ctx) throws SQLException {
        lock.lock();
        try {
            if (state != State.NEW) {
                throw new IllegalStateException("this SqlSink was already started; make a new one to record again");
            }
            context = ctx;
            if (givenUrl != null) {
                url = givenUrl;
            } else {
                // The application's database, as Database.of(ctx) opens it: sql.url (with sql.user and
                // sql.password), else the SQLite file beside the event log.
                Config config = ctx == null ? null : ctx.config();
                url = config == null ? Database.defaultUrl(null)
                        : config.get("sql.url").orElseGet(() -> Database.defaultUrl(config));
                if (config != null) {
                    config.get("sql.user").ifPresent(u -> credentials.setProperty("user", u));
                    config.get("sql.password").ifPresent(pw -> credentials.setProperty("password", pw));
                }
            }
            dialect = Dialect.of(url);
            String where = Jdbc.redact(url);
            MessageTypeRegistry types = givenTypes != null ? givenTypes
                    : ctx != null ? ctx.messageTypes() : Registries.discovered();
            codec = new EventCodec(types, fallback);
            EventCodec lineCodec = codec;
            lines = ThreadLocal.withInitial(() -> new LineBuffer(lineCodec.newLineWriter()));
            Properties props = new Properties();
            props.putAll(credentials);
            if (dialect == Dialect.POSTGRESQL && !url.contains("reWriteBatchedInserts")) {
                props.setProperty("reWriteBatchedInserts", "true");
            }
            if (dialect == Dialect.OTHER) {
                throw new SQLException("cannot record into " + where + ": the event table is defined for SQLite"
                        + " (jdbc:sqlite:) and PostgreSQL (jdbc:postgresql:) only");
            }
            Connection c = Jdbc.connect(url, props);
            try {
                EventTable.create(c, table, dialect, where);
                c.setAutoCommit(false);
                insert = c.prepareStatement(EventTable.insert(table, dialect));
            } catch (SQLException e) {
                Jdbc.close(c, e);
                throw e;
            }
            connection = c;
            state = State.OPEN;
            committer = Thread.ofPlatform().daemon().name("sql-committer " + table).unstarted(this::commitLoop);
            committer.start();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Buffers the event for the next commit.
     *
     * @throws java.io.IOException   once after a commit failed or events were dropped (the
     *                               event itself was kept, unless the buffer was full)
     * @throws io.bussdcc.codec.EncodingException if the payload cannot be written (nothing is kept)
     * @throws IllegalStateException if the sink was not started
     */
    @Override
    public void handle(Event<?> event) throws IOException {
        State s = state;
        if (s != State.OPEN) {
            if (s == State.NEW) {
                throw new IllegalStateException("SqlSink into " + url() + " is not started: call start() first");
            }
            return;
        }
        String type = event.payload() instanceof RawMessage raw ? raw.type() : codec.types().nameOf(event.payload());
        if (!filter.acceptsAll() && !filter.accepts(type)) {
            return;
        }
        if (transform != null) {
            Event<?> rewritten = transform.apply(event);
            if (rewritten == null) {
                return; // dropped by the transform
            }
            if (rewritten.payload() != event.payload()) {
                type = rewritten.payload() instanceof RawMessage raw ? raw.type()
                        : codec.types().nameOf(rewritten.payload());
            }
            event = rewritten;
        }
        Row row = encode(event, type);
        String report;
        lock.lock();
        try {
            if (state != State.OPEN) {
                return;
            }
            // A database that is only slower than the events: wait for room (back-pressure), at
            // most two commit intervals. One whose commits fail: drop at once, never stall the bus.
            long waitNanos = 2 * commitInterval.toNanos();
            while (pending.size() >= maxPending && failure == null && state == State.OPEN && waitNanos > 0) {
                wake.signal();
                try {
                    waitNanos = room.awaitNanos(waitNanos);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // the emitter is being stopped: do not wait
                    break;
                }
            }
            if (state != State.OPEN) {
                return;
            }
            if (pending.size() >= maxPending) {
                if (dropped++ == 0 || toReport == null && dropped % maxPending == 1) {
                    toReport = "dropping events: " + pending.size() + " are waiting for a commit to " + url() + " ("
                            + (failure == null ? "commits are slower than events arrive" : failure) + "); "
                            + dropped + " dropped so far";
                }
            } else {
                pending.add(row);
                if (pending.size() >= batchSize) {
                    wake.signal();
                }
            }
            report = toReport;
            toReport = null;
        } finally {
            lock.unlock();
        }
        if (report != null) {
            throw new IOException(report);
        }
    }

    /**
     * The row of {@code event}. The codec's {@link EventLineWriter} writes the JSONL line
     * {@code {"time":"T","type":"NAME","data":D}} into this thread's buffer, whose time and data
     * parts are cut out (one encoding, on the codec's fastest path); a raw record, or a line of
     * another shape, goes through {@code formatTime} and {@code dataToJson} (the same text).
     */
    private Row encode(Event<?> event, String type) throws IOException {
        Instant t = event.time();
        Message payload = event.payload();
        String time = null;
        String data = null;
        if (type != null && !(payload instanceof RawMessage)) {
            LineBuffer line = lines.get();
            line.reset();
            line.writer.write(event, line);
            byte[] buf = line.bytes();
            int n = line.size() - 1; // without the newline
            int timeEnd = n > TIME_START ? indexOf(buf, (byte) '"', TIME_START, n) : -1;
            int dataStart = timeEnd < 0 ? -1 : timeEnd + TYPE_AND_DATA_KEYS + type.length();
            if (dataStart > 0 && dataStart < n - 1 && buf[dataStart - 1] == ':' && buf[dataStart] == '{'
                    && buf[n - 1] == '}') {
                time = new String(buf, TIME_START, timeEnd - TIME_START, StandardCharsets.US_ASCII);
                data = new String(buf, dataStart, n - 1 - dataStart, StandardCharsets.UTF_8);
            }
        }
        if (data == null) {
            time = codec.formatTime(t);
            data = codec.dataToJson(payload);
        }
        String device = payload instanceof RawMessage || HAS_DEVICE.get(payload.getClass())
                ? JsonText.topLevelString(data, "device") : null;
        return new Row(t.getEpochSecond(), t.getNano(), time, type, event.severity().name(), device, data);
    }

    private static int indexOf(byte[] buf, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** One thread's line writer and the buffer it writes into, reused from event to event. */
    private static final class LineBuffer extends ByteArrayOutputStream {
        final EventLineWriter writer;

        LineBuffer(EventLineWriter writer) {
            super(2048);
            this.writer = writer;
        }

        byte[] bytes() {
            return buf;
        }
    }

    /** The background commit: every interval, or when a batch is full, the waiting events go in one transaction. */
    private void commitLoop() {
        long intervalNanos = commitInterval.toNanos();
        long deadline = System.nanoTime() + intervalNanos;
        boolean purging = !retention.keepsEverything();
        long nextRetention = System.nanoTime(); // at once, then daily
        lock.lock();
        try {
            while (state == State.OPEN) {
                long now = System.nanoTime();
                if (purging && now - nextRetention >= 0) {
                    nextRetention = now + RETENTION_PERIOD.toNanos();
                    lock.unlock();
                    try {
                        runRetention();
                    } finally {
                        lock.lock();
                    }
                    continue;
                }
                long wait = deadline - now;
                if (purging) {
                    wait = Math.min(wait, nextRetention - now);
                }
                boolean batchFull = pending.size() >= batchSize && failure == null;
                if (wait > 0 && !batchFull && !commitRequested) {
                    wake.awaitNanos(wait);
                    continue;
                }
                commitRequested = false;
                List<Row> batch = pending;
                pending = new ArrayList<>(Math.max(16, Math.min(batch.size(), 1 << 16)));
                room.signalAll();
                lock.unlock();
                String error;
                try {
                    error = batch.isEmpty() ? null : write(batch);
                } finally {
                    lock.lock();
                }
                if (error != null) {
                    // Keep the batch, ahead of what came meanwhile; retry after a whole interval.
                    batch.addAll(pending);
                    pending = batch;
                    if (!error.equals(failure)) {
                        toReport = error;
                        LOG.log(System.Logger.Level.WARNING, error);
                    }
                    failure = error;
                } else if (failure != null) {
                    LOG.log(System.Logger.Level.INFO, "commits to " + url() + " succeed again");
                    failure = null;
                }
                deadline = System.nanoTime() + intervalNanos;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    private void runRetention() {
        try {
            purge();
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.WARNING, "retention on " + table + " in " + url() + " failed; it runs again in "
                    + RETENTION_PERIOD.toDays() + " day(s) or on demand: " + Jdbc.describe(e));
        }
    }

    /**
     * Inserts {@code batch} in transactions of at most {@code batchSize} rows; returns null, or
     * why it failed — then the rows committed before the failure are removed from {@code batch}
     * and the rest are still in it.
     */
    private String write(List<Row> batch) {
        synchronized (db) {
            int done = 0;
            try {
                if (connection == null) {
                    reconnect();
                }
                while (done < batch.size()) {
                    int end = (int) Math.min(batch.size(), (long) done + batchSize);
                    for (int i = done; i < end; i++) {
                        Row r = batch.get(i);
                        insert.setLong(1, r.epochSecond());
                        insert.setInt(2, r.nano());
                        insert.setString(3, r.time());
                        insert.setString(4, r.type());
                        insert.setString(5, r.severity());
                        insert.setString(6, r.device());
                        insert.setString(7, r.data());
                        insert.addBatch();
                    }
                    insert.executeBatch();
                    connection.commit();
                    committed += end - done;
                    done = end;
                }
                return null;
            } catch (SQLException e) {
                rollbackOrDrop(e);
                return failed(batch, done, Jdbc.describe(e));
            } catch (RuntimeException | AssertionError e) {
                // A driver's bug must not end the committing: keep the rows, as for an SQLException.
                // (PostgreSQL's driver fails an assert on a connection the server closed, under -ea.)
                rollbackOrDrop(new SQLException(e));
                return failed(batch, done, e.toString());
            }
        }
    }

    private String failed(List<Row> batch, int done, String why) {
        batch.subList(0, done).clear();
        return "cannot commit " + batch.size() + " events to table " + table + " in " + url() + ": " + why
                + "; they are kept and retried every " + commitInterval.toMillis() + " ms";
    }

    private void rollbackOrDrop(SQLException cause) {
        try {
            if (connection != null) {
                insert.clearBatch();
                connection.rollback();
                if (connection.isValid(2)) {
                    return;
                }
            }
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
        // The connection is gone (server restarted, network): open a new one next time.
        Jdbc.close(connection, cause);
        connection = null;
        insert = null;
    }

    private void reconnect() throws SQLException {
        Properties props = new Properties();
        props.putAll(credentials);
        if (dialect == Dialect.POSTGRESQL && !url.contains("reWriteBatchedInserts")) {
            props.setProperty("reWriteBatchedInserts", "true");
        }
        Connection c = Jdbc.connect(url, props);
        try {
            EventTable.check(c, table, Jdbc.redact(url));
            c.setAutoCommit(false);
            insert = c.prepareStatement(EventTable.insert(table, dialect));
        } catch (SQLException e) {
            Jdbc.close(c, e);
            throw e;
        }
        connection = c;
    }

    /**
     * Asks for a commit of everything waiting now, without waiting for the interval; returns
     * at once (see {@link #committed()}).
     */
    public void commitSoon() {
        lock.lock();
        try {
            commitRequested = true;
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Applies the retention now, on the calling thread (it waits for a commit in progress).
     *
     * @return the number of events deleted
     * @throws SQLException if the delete fails (nothing is deleted)
     * @throws IllegalStateException if the sink is not open
     */
    public long purge() throws SQLException {
        synchronized (db) {
            if (state != State.OPEN && committer != Thread.currentThread()) {
                throw new IllegalStateException("SqlSink into " + url() + " is not open");
            }
            if (connection == null) {
                reconnect();
            }
            Instant now = context != null ? context.clock().now() : wallClock.instant();
            long n = retention.apply(connection, table, now);
            purged += n;
            if (n > 0) {
                LOG.log(System.Logger.Level.INFO, "retention deleted " + n + " events from " + table + " (" + retention + ")");
            }
            return n;
        }
    }

    /** The number of events committed so far. */
    public long committed() {
        return committed;
    }

    /** The number of events dropped because the buffer was full. */
    public long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /** The number of events retention deleted so far. */
    public long purged() {
        return purged;
    }

    /**
     * What {@code /api/health} shows under {@code sink.NAME}: DOWN while commits fail, with the
     * failure (what could not be committed where, and that events are kept and retried, or
     * dropped once {@code maxPending} wait), UP otherwise; counts {@code committed},
     * {@code pending}, {@code dropped}, {@code purged}.
     */
    @Override
    public Health health() {
        lock.lock();
        try {
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("committed", committed);
            counts.put("pending", (long) pending.size());
            counts.put("dropped", dropped);
            counts.put("purged", purged);
            return failure != null ? Health.down(failure, counts) : Health.up(counts);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Commits everything waiting and closes the connection; events that arrive after it are
     * ignored. Idempotent.
     *
     * @throws IOException if the last commit fails: the message says how many events were lost
     */
    @Override
    public void stop() throws IOException {
        Thread toJoin;
        lock.lock();
        try {
            if (state != State.OPEN) {
                state = State.STOPPED;
                return;
            }
            state = State.STOPPED;
            wake.signalAll();
            room.signalAll();
            toJoin = committer;
        } finally {
            lock.unlock();
        }
        try {
            toJoin.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Row> rest;
        lock.lock();
        try {
            rest = pending;
            pending = new ArrayList<>();
        } finally {
            lock.unlock();
        }
        String error = rest.isEmpty() ? null : write(rest);
        synchronized (db) {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException e) {
                    LOG.log(System.Logger.Level.WARNING, "closing " + url() + ": " + e.getMessage());
                }
                connection = null;
            }
        }
        if (error != null) {
            throw new IOException("at stop, " + rest.size() + " events were lost: " + error.replaceFirst("; they are kept.*", ""));
        }
    }

    @Override
    public String toString() {
        return "SqlSink[" + url() + ", table " + table + ", commit every " + commitInterval.toMillis() + " ms]";
    }

    /** Settings of a {@link SqlSink}. */
    public static final class Builder {

        private final String url;
        private String table = EventTable.DEFAULT;
        private Duration commitInterval = DEFAULT_COMMIT_INTERVAL;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private int maxPending = DEFAULT_MAX_PENDING;
        private TypeFilter filter = TypeFilter.ALL;
        private Retention retention = Retention.forever();
        private MessageTypeRegistry types;
        private UnaryOperator<Event<?>> transform;
        private EncodingFallback fallback;

        private Builder(String url) {
            this.url = url;
        }

        /** The table; a plain identifier, optionally {@code schema.table}. Default {@code bussdcc_events}. */
        public Builder table(String table) {
            this.table = EventTable.checkName(table);
            return this;
        }

        /** The longest time an event waits for its commit; positive. Default 2 s. */
        public Builder commitInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("a commit interval must be positive: " + interval);
            }
            this.commitInterval = interval;
            return this;
        }

        /**
         * The number of waiting events that triggers a commit before the interval is over, and
         * the most rows one transaction holds; at least 1. Default 1,000.
         */
        public Builder batchSize(int events) {
            if (events < 1) {
                throw new IllegalArgumentException("a batch size must be at least 1: " + events);
            }
            this.batchSize = events;
            return this;
        }

        /** The most events kept waiting while commits fail; beyond it new events are dropped. Default 100,000. */
        public Builder maxPending(int events) {
            if (events < 1) {
                throw new IllegalArgumentException("max pending must be at least 1: " + events);
            }
            this.maxPending = events;
            return this;
        }

        /** Records only events whose type passes these {@link TypeFilter} patterns (docs/type-patterns.md). Default: all. */
        public Builder types(String... patterns) {
            return types(List.of(patterns));
        }

        /** As {@link #types(String...)}. */
        public Builder types(Collection<String> patterns) {
            this.filter = TypeFilter.of(patterns);
            return this;
        }

        /** How long events are kept. Default: forever. */
        public Builder retention(Retention retention) {
            this.retention = Objects.requireNonNull(retention, "retention");
            return this;
        }

        /** The registry type names come from. Default: the runtime's, else the built-ins plus every provider's. */
        public Builder registry(MessageTypeRegistry types) {
            this.types = Objects.requireNonNull(types, "types");
            return this;
        }

        /**
         * Rewrites each event before it is recorded, or drops it by returning {@code null} (the
         * Python sinks' {@code transform()}); it sees the events the {@link #types} filter lets
         * through, on the emitting thread (so possibly on several at once). Default: none.
         */
        public Builder transform(UnaryOperator<Event<?>> transform) {
            this.transform = Objects.requireNonNull(transform, "transform");
            return this;
        }

        /**
         * Writes values the codec cannot write by type through {@code fallback} (the Python
         * sinks' {@code json_fallback()}). Default: none. See {@link EncodingFallback}.
         */
        public Builder fallback(EncodingFallback fallback) {
            this.fallback = Objects.requireNonNull(fallback, "fallback");
            return this;
        }

        /** The sink; it connects only at {@link SqlSink#start}. */
        public SqlSink build() {
            return new SqlSink(this);
        }
    }
}
