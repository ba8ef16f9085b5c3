package io.bussdcc.sql;

import io.bussdcc.api.Event;
import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.codec.EventCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The benchmark of BENCHMARKS.md's SQL section, not a test (no name surefire picks up): run it
 * with {@code ./dev mvn -B -ntp -pl framework-sql -am verify -Dsurefire.failIfNoSpecifiedTests=false
 * -Dtest=SqlThroughput -DenableAssertions=false} and read target/surefire-reports/io.bussdcc.sql.SqlThroughput-output.txt.
 * For SQLite (a file in {@code java.io.tmpdir}) and PostgreSQL (a server this starts, with
 * fsync on): the recorder's throughput on the workload of {@code bussdcc bench} against a
 * plain JDBC batch insert of the same rows, already encoded, into the same table (commits every
 * 1,000 rows, as the recorder's batches); then the time of "events per type per hour" over the
 * 1,000,000 rows recorded. Events are 100 ms apart, so the rows span 28 hours.
 */
class SqlThroughput {

    static final int N = Integer.getInteger("sql.bench.events", 1_000_000);
    static final int ROUNDS = Integer.getInteger("sql.bench.rounds", 3);
    static final Instant T0 = Instant.parse("2026-03-09T00:00:00Z");
    static final String[] SENSORS = new String[16];
    static final String[] UNITS = {"C", "kPa", "%RH", "V"};
    static final String PER_HOUR = "SELECT type, epoch_s / 3600 * 3600 AS hour, count(*) AS n FROM bussdcc_events"
            + " GROUP BY type, epoch_s / 3600 ORDER BY hour, type";

    static {
        for (int k = 0; k < SENSORS.length; k++) {
            SENSORS[k] = String.format("sensor-%02d", k);
        }
    }

    /** The message of {@code bussdcc bench}. */
    @MessageType("bench:SensorReading")
    public record SensorReading(String sensor, long seq, double value, String unit, String note) implements Message {}

    static SensorReading reading(long i) {
        return new SensorReading(SENSORS[(int) (i & 15)], i, (i % 10_000) / 100.0, UNITS[(int) (i & 3)],
                (i & 3) == 0 ? "calibrated" : null);
    }

    static final MessageTypeRegistry REGISTRY = MessageTypeRegistry.withBuiltins().register(SensorReading.class);

    @Test
    void measure() throws Exception {
        Path dir = Files.createTempDirectory("sql-bench");
        List<String> report = new ArrayList<>();
        report.add(run("SQLite", i -> "jdbc:sqlite:" + dir.resolve("bench-" + i + ".db")));
        try (PgServer pg = PgServer.start(true)) {
            report.add(run("PostgreSQL", i -> {
                try {
                    return pg.createDatabase("bench_" + i);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        System.out.println("\n=== SQL benchmark, N = " + N + ", medians of " + ROUNDS + " rounds ===");
        report.forEach(System.out::println);
    }

    interface Urls {
        String url(int i) throws Exception;
    }

    private String run(String name, Urls urls) throws Exception {
        double[] recorder = new double[ROUNDS];
        double[] plain = new double[ROUNDS];
        double[] query = new double[ROUNDS];
        int db = 0;
        // One round not counted, so that the JIT has compiled both paths before either is timed.
        recorder(urls.url(db++), N / 5);
        plain(urls.url(db++), N / 5);
        for (int round = 0; round < ROUNDS; round++) {
            String url = urls.url(db++);
            recorder[round] = recorder(url, N);
            query[round] = query(url);
            plain[round] = plain(urls.url(db++), N);
            System.out.printf("%s round %d: recorder %,.0f ev/s, plain JDBC batch %,.0f rows/s, per type per hour %.0f ms%n",
                    name, round, recorder[round], plain[round], query[round]);
        }
        double r = median(recorder);
        double p = median(plain);
        return String.format("%s: recorder %,.0f ev/s (%,.0f–%,.0f); plain JDBC batch %,.0f rows/s (%,.0f–%,.0f);"
                        + " ratio %.2f; events per type per hour over %,d rows: %.0f ms (%.0f–%.0f)",
                name, r, min(recorder), max(recorder), p, min(plain), max(plain), r / p, N, median(query), min(query),
                max(query));
    }

    /** Events per second through SqlSink.handle, from the first event to stop() having committed the last. */
    static double recorder(String url, int n) throws Exception {
        SqlSink sink = SqlSink.builder(url).registry(REGISTRY).build();
        sink.start(null);
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            sink.handle(new Event<>(T0.plusMillis(i * 100L), reading(i)));
        }
        sink.stop();
        long nanos = System.nanoTime() - start;
        if (sink.committed() != n) {
            throw new AssertionError("committed " + sink.committed() + " of " + n);
        }
        return n / (nanos / 1e9);
    }

    /** Rows per second of a plain batch insert of the same rows, encoded beforehand, into the same table. */
    static double plain(String url, int n) throws Exception {
        // The same table, made the same way (the recorder creates it), then emptied.
        SqlSink maker = SqlSink.builder(url).registry(REGISTRY).build();
        maker.start(null);
        maker.stop();
        EventCodec codec = new EventCodec(REGISTRY);
        String[] time = new String[n];
        String[] data = new String[n];
        for (int i = 0; i < n; i++) {
            Instant t = T0.plusMillis(i * 100L);
            time[i] = codec.formatTime(t);
            data[i] = codec.dataToJson(reading(i));
        }
        Properties props = new Properties();
        boolean pg = url.startsWith("jdbc:postgresql:");
        if (pg) {
            props.setProperty("reWriteBatchedInserts", "true");
        }
        try (Connection c = DriverManager.getConnection(url, props)) {
            if (!pg) {
                try (Statement s = c.createStatement()) {
                    s.execute("PRAGMA journal_mode=WAL");
                    s.execute("PRAGMA synchronous=NORMAL");
                }
            }
            c.setAutoCommit(false);
            long start = System.nanoTime();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO bussdcc_events (epoch_s, nano, time, type, severity,"
                    + " device, data) VALUES (?, ?, ?, ?, ?, ?, " + (pg ? "CAST(? AS json)" : "?") + ")")) {
                for (int i = 0; i < n; i++) {
                    Instant t = T0.plusMillis(i * 100L);
                    ps.setLong(1, t.getEpochSecond());
                    ps.setInt(2, t.getNano());
                    ps.setString(3, time[i]);
                    ps.setString(4, "bench:SensorReading");
                    ps.setString(5, "INFO");
                    ps.setString(6, null);
                    ps.setString(7, data[i]);
                    ps.addBatch();
                    if (i % 1000 == 999) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
                ps.executeBatch();
                c.commit();
            }
            return n / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Milliseconds of "events per type per hour" over the table, checking the counts add up. */
    static double query(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            long start = System.nanoTime();
            long total = 0;
            int groups = 0;
            try (ResultSet rs = s.executeQuery(PER_HOUR)) {
                while (rs.next()) {
                    total += rs.getLong(3);
                    groups++;
                }
            }
            double ms = (System.nanoTime() - start) / 1e6;
            long hours = (N - 1) * 100L / 3_600_000 + 1; // T0 is on the hour
            if (total != N || groups != hours) {
                throw new AssertionError(total + " rows in " + groups + " groups");
            }
            return ms;
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    static double min(double[] v) {
        return Arrays.stream(v).min().orElse(0);
    }

    static double max(double[] v) {
        return Arrays.stream(v).max().orElse(0);
    }
}
