package io.bussdcc.examples.greenhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bussdcc.api.Message;
import io.bussdcc.api.Severity;
import io.bussdcc.examples.greenhouse.Alarm.Level;
import io.bussdcc.examples.greenhouse.AlarmProcess.Thresholds;
import io.bussdcc.runtime.Runtime;
import io.bussdcc.testing.RecordingProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The alarm process in a real runtime: alarms on rising levels, hysteresis on the way down, a summary in state. */
class AlarmProcessTest {

    private final Runtime runtime = Runtime.builder().build();
    private final RecordingProcess<Message> recorder = new RecordingProcess<>(Message.class);

    AlarmProcessTest() {
        runtime.addProcess(new AlarmProcess(new Thresholds(30, 34, 0.5), List.of("greenhouse", "test")));
        runtime.addProcess(recorder);
        runtime.boot();
    }

    @AfterEach
    void shutDown() {
        runtime.shutdown("test done");
    }

    private void read(double... values) {
        for (double v : values) {
            long seq = ((Number) runtime.state().get(AlarmProcess.summaryPath("t1") + ".readings", 0L)).longValue() + 1;
            runtime.emit(new SensorReading("t1", seq, v, "°C", null));
        }
    }

    /** The alarms and clearances seen, in order. */
    private List<Message> alarms() {
        return recorder.seen().stream().filter(m -> m instanceof Alarm || m instanceof AlarmCleared).toList();
    }

    @Test
    void readingsWithinBoundsRaiseNothing() {
        read(20, 25, 29.9, 30.0);
        assertEquals(List.of(), alarms());
        assertEquals("NORMAL", runtime.state().get("greenhouse.summary.t1.level").orElseThrow());
    }

    @Test
    void risingAboveTheHighThresholdRaisesOneHighAlarm() {
        read(25, 30.5, 31, 32);
        assertEquals(List.of(new Alarm("t1", Level.HIGH, 30.5, 30, List.of("greenhouse", "test"))), alarms());
        assertEquals(Severity.WARNING, alarms().get(0).severity());
    }

    @Test
    void theAlarmClearsOnlyOnceTheReadingFallsPastTheHysteresis() {
        read(31, 29.8, 29.5, 30.2, 29.4);
        assertEquals(List.of(
                new Alarm("t1", Level.HIGH, 31, 30, List.of("greenhouse", "test")),
                new AlarmCleared("t1", 29.4)), alarms());
    }

    @Test
    void aCriticalRiseRaisesAgainAndStepsDownWithoutANewAlarm() {
        read(31, 35, 33.6, 33.4, 34.5, 20);
        assertEquals(List.of(
                new Alarm("t1", Level.HIGH, 31, 30, List.of("greenhouse", "test")),
                new Alarm("t1", Level.CRITICAL, 35, 34, List.of("greenhouse", "test")),
                new Alarm("t1", Level.CRITICAL, 34.5, 34, List.of("greenhouse", "test")),
                new AlarmCleared("t1", 20)), alarms());
        assertEquals(Severity.ERROR, alarms().get(1).severity());
    }

    @Test
    void theSummaryInStateCountsReadingsExtremesMeanAndAlarms() {
        read(20, 31, 24, 35, 10);
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = (Map<String, Object>) runtime.state().get("greenhouse.summary.t1").orElseThrow();
        assertEquals(5L, summary.get("readings"));
        assertEquals(10.0, summary.get("last"));
        assertEquals(5L, summary.get("lastSeq"));
        assertEquals(10.0, summary.get("min"));
        assertEquals(35.0, summary.get("max"));
        assertEquals(24.0, summary.get("mean"));
        assertEquals(2L, summary.get("alarms"));
        assertEquals("NORMAL", summary.get("level"));
        assertEquals("°C", summary.get("unit"));
    }

    @Test
    void aSensorIdWithDotsGetsItsOwnSummaryBranch() {
        runtime.emit(new SensorReading("house.north", 1, 21, "°C", null));
        assertEquals(1L, runtime.state().get("greenhouse.summary.house_north.readings").orElseThrow());
    }

    @Test
    void readingsFromManyThreadsAtOnceRaiseTheAlarmExactlyOnce() throws Exception {
        int threads = 8;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            started.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int i = 0; i < 200; i++) {
                    runtime.emit(new SensorReading("t1", i, 31 + (i % 3), "°C", null));
                }
            }));
        }
        go.countDown();
        for (Thread t : started) {
            t.join();
        }
        assertEquals(1, alarms().size(), alarms().toString());
        assertEquals((long) threads * 200, runtime.state().get("greenhouse.summary.t1.readings").orElseThrow());
    }

    @Test
    void thresholdsAreChecked() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new Thresholds(30, 29, 0.5));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new Thresholds(30, 34, -1));
    }

    @Test
    void aPerSensorMaximumReplacesTheHighThresholdForThatSensorOnly() {
        runtime.emit(new SetThresholds(Map.of("t1", 25.0), SetThresholds.Mode.NORMAL, List.of()));
        read(24, 26);
        assertEquals(List.of(new Alarm("t1", Level.HIGH, 26, 25, List.of("greenhouse", "test"))), alarms());
        runtime.emit(new SensorReading("t2", 1, 26, "°C", null));
        assertEquals(1, alarms().size(), "t2 keeps the default threshold of 30");
        assertEquals(Map.of("mode", "NORMAL", "maxTemperature", Map.of("t1", 25.0), "quietHours", List.of()),
                runtime.state().get(AlarmProcess.SETTINGS).orElseThrow());
    }

    @Test
    void maintenanceModeSilencesAlarmsButTracksTheLevel() {
        runtime.emit(new SetThresholds(Map.of(), SetThresholds.Mode.MAINTENANCE, List.of()));
        read(25, 31, 35);
        assertEquals(List.of(), alarms());
        assertEquals("CRITICAL", runtime.state().get("greenhouse.summary.t1.level").orElseThrow());
        assertEquals(2L, runtime.state().get("greenhouse.summary.t1.silenced").orElseThrow());
    }

    @Test
    void quietHoursSilenceAlarmsInNormalModeButNotInStrictMode() {
        java.time.LocalTime now = java.time.LocalTime.now(java.time.ZoneOffset.UTC);
        SetThresholds.QuietHours around = new SetThresholds.QuietHours(now.minusHours(2), now.plusHours(2));
        runtime.emit(new SetThresholds(Map.of(), SetThresholds.Mode.NORMAL, List.of(around)));
        read(25, 31);
        assertEquals(List.of(), alarms());
        read(20);
        runtime.emit(new SetThresholds(Map.of(), SetThresholds.Mode.STRICT, List.of(around)));
        read(31);
        assertEquals(1, alarms().size());
        assertEquals(List.of(around.toString()), runtime.state().get(AlarmProcess.SETTINGS + ".quietHours").orElseThrow());
    }

    @Test
    void quietHoursMayPassMidnightAndMustNotBeEmpty() {
        SetThresholds.QuietHours night = new SetThresholds.QuietHours(java.time.LocalTime.of(22, 0), java.time.LocalTime.of(6, 0));
        assertEquals(true, night.contains(java.time.LocalTime.of(23, 30)));
        assertEquals(true, night.contains(java.time.LocalTime.of(5, 59)));
        assertEquals(false, night.contains(java.time.LocalTime.of(6, 0)));
        assertEquals(false, night.contains(java.time.LocalTime.NOON));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new SetThresholds.QuietHours(java.time.LocalTime.NOON, java.time.LocalTime.NOON));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new SetThresholds(Map.of("t1", 50.0), SetThresholds.Mode.NORMAL, List.of()));
    }
}
