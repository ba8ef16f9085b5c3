package io.bussdcc.sql;

import io.bussdcc.api.Event;
import io.bussdcc.api.EventSource;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.RawMessage;
import io.bussdcc.api.SourceProblem;
import io.bussdcc.api.TypeFilter;
import io.bussdcc.codec.CodecException;
import io.bussdcc.codec.EventCodec;
import io.bussdcc.sql.Jdbc.Dialect;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads the events a {@link SqlSink} recorded, in recorded order (by {@code id}), optionally
 * bounded by time ({@code from} inclusive, {@code to} exclusive) and type patterns. Each row is
 * read as the JSONL line holding its time, type and data would be, so a replay from the table
 * gives exactly what a replay from the JSONL log gives. A row that cannot be read — data that
 * is not valid JSON or does not fit its type, an impossible time — is reported as
 * {@code URL table T: row ID: reason} (the row id where a log has a line number) and skipped;
 * rows of unknown types become {@link RawMessage}s, the first of each type noted. Memory does
 * not grow with the table: rows are fetched in batches.
 */
public final class SqlSource implements EventSource {

    private static final int FETCH_SIZE = 1000;

    private final String url;
    private final Properties properties;
    private final String table;
    private final Instant from;
    private final Instant to;
    private final TypeFilter filter;
    private final MessageTypeRegistry givenTypes;

    private SqlSource(Builder b) {
        this.url = b.url;
        this.properties = b.properties;
        this.table = b.table;
        this.from = b.from;
        this.to = b.to;
        this.filter = b.filter;
        this.givenTypes = b.types;
    }

    /** A builder for a source reading the database at {@code url}. */
    public static Builder builder(String url) {
        return new Builder(url);
    }

    @Override
    public String describe() {
        return Jdbc.redact(url) + " table " + table;
    }

    /** For SQLite, {@code FILE/TABLE}: a replay refuses to read and write the same table. */
    @Override
    public List<Path> readsFrom() {
        Path file = Jdbc.sqliteFile(url);
        return file == null ? List.of() : List.of(file.resolve(table));
    }

    /**
     * Connects and starts the query.
     *
     * @throws IOException wrapping the {@link SQLException} when the database cannot be opened
     *                     or the table is missing or altered
     */
    @Override
    public Stream<Event<?>> open(Consumer<SourceProblem> problems) throws IOException {
        Objects.requireNonNull(problems, "problems");
        EventCodec codec = new EventCodec(givenTypes != null ? givenTypes : Registries.discovered());
        Connection c = null;
        PreparedStatement ps = null;
        ResultSet rs;
        try {
            if (Jdbc.sqliteFile(url) != null && !java.nio.file.Files.exists(Jdbc.sqliteFile(url))) {
                throw new SQLException("cannot open " + Jdbc.redact(url) + ": the file " + Jdbc.sqliteFile(url)
                        + " does not exist");
            }
            c = Jdbc.connect(url, properties);
            EventTable.check(c, table, Jdbc.redact(url));
            if (Jdbc.Dialect.of(url) == Dialect.POSTGRESQL) {
                c.setAutoCommit(false); // so that the driver fetches in batches instead of all rows at once
            }
            List<Object> params = new ArrayList<>();
            StringBuilder sql = new StringBuilder("SELECT id, epoch_s, nano, type, data FROM " + table + " WHERE 1 = 1");
            if (from != null) {
                sql.append(" AND (epoch_s > ? OR epoch_s = ? AND nano >= ?)");
                params.add(from.getEpochSecond());
                params.add(from.getEpochSecond());
                params.add(from.getNano());
            }
            if (to != null) {
                sql.append(" AND (epoch_s < ? OR epoch_s = ? AND nano < ?)");
                params.add(to.getEpochSecond());
                params.add(to.getEpochSecond());
                params.add(to.getNano());
            }
            String included = TypeConditions.includes(filter, params);
            if (included != null) {
                sql.append(" AND ").append(included);
            }
            sql.append(" ORDER BY id");
            ps = c.prepareStatement(sql.toString(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            ps.setFetchSize(FETCH_SIZE);
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            rs = ps.executeQuery();
        } catch (SQLException e) {
            IOException io = new IOException(e.getMessage(), e);
            Jdbc.close(ps, io);
            Jdbc.close(c, io);
            throw io;
        }
        Rows rows = new Rows(c, ps, rs, codec, problems);
        return StreamSupport.stream(rows, false).onClose(rows::close);
    }

    /** The rows as events, one at a time. */
    private final class Rows extends Spliterators.AbstractSpliterator<Event<?>> {

        private final Connection connection;
        private final PreparedStatement statement;
        private final ResultSet rs;
        private final EventCodec codec;
        private final Consumer<SourceProblem> problems;
        private final Set<String> unknownTypes = new HashSet<>();
        private boolean done;

        Rows(Connection connection, PreparedStatement statement, ResultSet rs, EventCodec codec,
                Consumer<SourceProblem> problems) {
            super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
            this.connection = connection;
            this.statement = statement;
            this.rs = rs;
            this.codec = codec;
            this.problems = problems;
        }

        @Override
        public boolean tryAdvance(Consumer<? super Event<?>> action) {
            while (!done) {
                long id = -1;
                try {
                    if (!rs.next()) {
                        close();
                        return false;
                    }
                    id = rs.getLong(1);
                    Event<?> event = read(id, rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5));
                    if (event != null) {
                        action.accept(event);
                        return true;
                    }
                } catch (SQLException e) {
                    problems.accept(new SourceProblem(describe(), Math.max(id, 0), "cannot read"
                            + (id >= 0 ? " this row" : " further rows") + ": " + Jdbc.describe(e)));
                    close();
                    return false;
                }
            }
            return false;
        }

        private Event<?> read(long id, long epochSecond, long nano, String type, String data) {
            if (data == null) {
                return skip(id, "data is NULL");
            }
            if (nano < 0 || nano > 999_999_999) {
                return skip(id, "nano is " + nano + ", not 0 to 999999999");
            }
            Instant time;
            try {
                time = Instant.ofEpochSecond(epochSecond, nano);
            } catch (DateTimeException e) {
                return skip(id, "epoch_s " + epochSecond + " is not a time: " + e.getMessage());
            }
            String line = "{\"time\":\"" + codec.formatTime(time) + "\","
                    + (type == null ? "\"payload\":" : "\"type\":" + EventCodec.quote(type) + ",\"data\":") + data + "}";
            Event<?> event;
            try {
                event = codec.readEvent(line);
            } catch (CodecException e) {
                return skip(id, (type == null ? "payload" : "data") + " of type " + (type == null ? "(none)" : "'" + type + "'")
                        + ": " + e.getMessage());
            }
            if (!filter.acceptsAll() && !filter.accepts(type)) {
                return null;
            }
            if (event.payload() instanceof RawMessage && type != null && unknownTypes.add(type)) {
                problems.accept(new SourceProblem(describe(), id, "unknown type '" + type + "': delivered as a raw message"
                        + " (register the type to decode it; further rows of this type are not reported)"));
            }
            return event;
        }

        private Event<?> skip(long id, String reason) {
            problems.accept(new SourceProblem(describe(), id, "row " + id + ": " + reason));
            return null;
        }

        void close() {
            if (done) {
                return;
            }
            done = true;
            try {
                rs.close();
                statement.close();
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                }
            } catch (SQLException e) {
                // reading only: nothing to lose
            } finally {
                try {
                    connection.close();
                } catch (SQLException e) {
                    // as above
                }
            }
        }
    }

    /** Settings of a {@link SqlSource}. */
    public static final class Builder {

        private final String url;
        private final Properties properties = new Properties();
        private String table = EventTable.DEFAULT;
        private Instant from;
        private Instant to;
        private TypeFilter filter = TypeFilter.ALL;
        private MessageTypeRegistry types;

        private Builder(String url) {
            this.url = Objects.requireNonNull(url, "url");
        }

        /** The table; default {@code bussdcc_events}. */
        public Builder table(String table) {
            this.table = EventTable.checkName(table);
            return this;
        }

        /** A connection property ({@code user}, {@code password}, …). */
        public Builder property(String key, String value) {
            properties.setProperty(key, value);
            return this;
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

        /** Delivers only events whose type passes these {@link TypeFilter} patterns (docs/type-patterns.md). */
        public Builder types(String... patterns) {
            return types(List.of(patterns));
        }

        /** As {@link #types(String...)}. */
        public Builder types(Collection<String> patterns) {
            this.filter = TypeFilter.of(patterns);
            return this;
        }

        /** The registry type names resolve through; default the built-ins plus every provider's. */
        public Builder registry(MessageTypeRegistry types) {
            this.types = Objects.requireNonNull(types, "types");
            return this;
        }

        /**
         * The source; it connects only when opened.
         *
         * @throws IllegalArgumentException if {@code from} is not before {@code to}
         */
        public SqlSource build() {
            if (from != null && to != null && !from.isBefore(to)) {
                throw new IllegalArgumentException("'from' (" + from + ") must be before 'to' (" + to + ")");
            }
            return new SqlSource(this);
        }
    }
}
