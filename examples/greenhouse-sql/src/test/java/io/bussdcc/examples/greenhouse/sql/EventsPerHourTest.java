package io.bussdcc.examples.greenhouse.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bussdcc.examples.greenhouse.Alarm;
import io.bussdcc.examples.greenhouse.SensorReading;
import io.bussdcc.runtime.Runtime;
import io.bussdcc.sql.Database;
import io.bussdcc.sql.Migrations;
import io.bussdcc.sql.SqlSink;
import io.bussdcc.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recorder's counts per hour and type, from events a real SqlSink wrote into SQLite. */
class EventsPerHourTest {

    @TempDir
    Path dir;

    @Test
    void theHoursHoldTheCountsPerTypeOldestFirst() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("events.db");
        ManualClock clock = new ManualClock(Instant.parse("2026-03-09T21:59:59Z"));
        Runtime runtime = Runtime.builder().clock(clock).build();
        runtime.messageTypes().register(SensorReading.class);
        runtime.messageTypes().register(Alarm.class);
        runtime.addSink(SqlSink.builder(url).types("greenhouse:*").commitInterval(Duration.ofMillis(50)).build());
        runtime.boot();
        SensorReading reading = new SensorReading("greenhouse-1", 1, 21.5, "C", null);
        runtime.context().emit(reading);                         // the 21:00 hour
        clock.set(Instant.parse("2026-03-09T22:00:00Z"));
        for (int i = 0; i < 3; i++) {
            runtime.context().emit(reading);
        }
        runtime.context().emit(new Alarm("greenhouse-1", Alarm.Level.HIGH, 31.0, 30.0, List.of()));
        clock.set(Instant.parse("2026-03-10T01:30:00Z"));          // 23:00 and 00:00 stay empty
        runtime.context().emit(reading);
        runtime.shutdown("test over");                           // the sink commits what is left

        EventsPerHour.Hour h21 = new EventsPerHour.Hour(Instant.parse("2026-03-09T21:00:00Z"),
                Map.of("greenhouse:SensorReading", 1L));
        EventsPerHour.Hour h22 = new EventsPerHour.Hour(Instant.parse("2026-03-09T22:00:00Z"),
                Map.of("greenhouse:Alarm", 1L, "greenhouse:SensorReading", 3L));
        EventsPerHour.Hour h01 = new EventsPerHour.Hour(Instant.parse("2026-03-10T01:00:00Z"),
                Map.of("greenhouse:SensorReading", 1L));
        try (Database db = Database.open(url, Migrations.none())) {
            EventsPerHour q = new EventsPerHour(EventsPerHour.DEFAULT_TABLE);
            List<EventsPerHour.Hour> hours = q.since(db.dataSource(), Instant.parse("2026-03-09T21:30:00Z")).orElseThrow();
            assertEquals(List.of(h21, h22, h01), hours);
            assertEquals(List.of("greenhouse:Alarm", "greenhouse:SensorReading"), List.copyOf(hours.get(1).counts().keySet()),
                    "types in name order within an hour");
            assertEquals(4, q.since(db.dataSource(), Instant.EPOCH).orElseThrow().get(1).total());
            assertEquals(List.of(h01), q.since(db.dataSource(), Instant.parse("2026-03-10T01:59:59Z")).orElseThrow(),
                    "from the hour holding the given time");
            assertEquals(List.of(), q.since(db.dataSource(), Instant.parse("2026-03-10T02:00:00Z")).orElseThrow());
        }
    }

    @Test
    void noTableIsNoRecordingAndABadTableNameIsRefused() throws Exception {
        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("empty.db"), Migrations.none())) {
            assertEquals(Optional.empty(), new EventsPerHour("bussdcc_events").since(db.dataSource(), Instant.EPOCH));
        }
        for (String bad : List.of("", "events; DROP TABLE x", "a.b.c", "1events", "\"quoted\"")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EventsPerHour(bad));
            assertEquals("the recorder's table must be a plain identifier or schema.table, not '" + bad + "'", e.getMessage());
        }
    }
}
