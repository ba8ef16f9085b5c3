package io.bussdcc.sql;

import io.bussdcc.api.Event;
import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.RawMessage;
import io.bussdcc.api.Severity;
import io.bussdcc.api.message.DeviceAttached;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Messages, events and helpers the tests share. */
public final class Samples {

    private Samples() {}

    @MessageType("test.sql:Reading")
    public record Reading(String sensor, long seq, double value, String unit, String note) implements Message {}

    @MessageType("test.sql:Alarm")
    public record Alarm(String device, int level, List<String> tags, Map<String, Double> limits) implements Message {
        @Override
        public Severity severity() {
            return Severity.WARNING;
        }
    }

    public static MessageTypeRegistry registry() {
        return MessageTypeRegistry.withBuiltins().register(Reading.class).register(Alarm.class);
    }

    static final Instant T0 = Instant.parse("2026-03-09T23:59:59.999999999Z");

    /** Events of every kind: nanoseconds, a device, nested data, text needing escapes, unknown and typeless raw messages. */
    static List<Event<?>> variety() {
        List<Event<?>> events = new ArrayList<>();
        events.add(new Event<>(T0, new Reading("s-1", 1, 0.31, "kPa", null)));
        events.add(new Event<>(T0.plusNanos(1), new Reading("s-2", 2, -1e-9, "°C", "line\nbreak \"quoted\" \\ tab\t é 😀")));
        events.add(new Event<>(T0.plusNanos(1), new Alarm("pump-1", 3, List.of("a", "b"), Map.of("max", 30.5))));
        events.add(new Event<>(T0.plusSeconds(1), new DeviceAttached("thermo-1", "thermometer")));
        events.add(new Event<>(T0.plusSeconds(2), new RawMessage("other.app:Unknown", "{\"x\":[1,2,{\"y\":null}],\"device\":\"d-9\"}")));
        events.add(new Event<>(T0.plusSeconds(3), new RawMessage(null, "{\"time\":\"2026-01-01T00:00:00Z\",\"evt\":1}")));
        events.add(new Event<>(Instant.parse("2026-03-10T00:00:03.5Z"), new Reading("s-1", 3, 1.0E300, "kPa", "")));
        return events;
    }

    /** The rows of {@code table}: each row's columns as strings, in id order. */
    static List<List<String>> rows(String url, String table) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, epoch_s, nano, time, type, severity, device, data FROM " + table
                        + " ORDER BY id")) {
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= 8; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    static long count(String url, String table) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void execute(String url, String... sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    /** Waits, polling, until {@code condition} holds or 60 s have passed; fails then. */
    static void eventually(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within 60 s: " + what);
            }
            Thread.sleep(10);
        }
    }
}
