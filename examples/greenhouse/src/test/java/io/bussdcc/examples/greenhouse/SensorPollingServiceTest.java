package io.bussdcc.examples.greenhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.runtime.Runtime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The polling service: what one tick emits, what an offline sensor does, and the whole chain live. */
class SensorPollingServiceTest {

    /** A thermometer the test sets. */
    private static final class StubThermometer implements Thermometer {
        final AtomicBoolean online = new AtomicBoolean(true);
        volatile double value = 21.0;

        @Override
        public String id() {
            return "stub";
        }

        @Override
        public boolean online() {
            return online.get();
        }

        @Override
        public double read() {
            return value;
        }
    }

    @Test
    void eachTickEmitsOneNumberedReadingRoundedToHundredths() throws Exception {
        StubThermometer thermometer = new StubThermometer();
        SensorPollingService service = new SensorPollingService(thermometer, Duration.ofMillis(100));
        Recorder<SensorReading> readings = new Recorder<>(SensorReading.class);
        try (Runtime runtime = Runtime.builder().build()) {
            runtime.addProcess(readings);
            runtime.boot();
            service.start(runtime.context());
            thermometer.value = 21.456;
            service.tick(runtime.context());
            thermometer.value = 22.0;
            service.tick(runtime.context());
        }
        assertEquals(List.of(
                new SensorReading("stub", 1, 21.46, "°C", "first reading"),
                new SensorReading("stub", 2, 22.0, "°C", null)), readings.seen());
    }

    @Test
    void anOfflineSensorIsSkippedAndTheNextReadingSaysItCameBack() throws Exception {
        StubThermometer thermometer = new StubThermometer();
        SensorPollingService service = new SensorPollingService(thermometer, Duration.ofMillis(100));
        Recorder<SensorReading> readings = new Recorder<>(SensorReading.class);
        try (Runtime runtime = Runtime.builder().build()) {
            runtime.addProcess(readings);
            runtime.boot();
            service.tick(runtime.context());
            thermometer.online.set(false);
            service.tick(runtime.context());
            service.tick(runtime.context());
            thermometer.online.set(true);
            service.tick(runtime.context());
            service.tick(runtime.context());
        }
        assertEquals(List.of(
                new SensorReading("stub", 1, 21.0, "°C", "first reading"),
                new SensorReading("stub", 2, 21.0, "°C", "first reading since the sensor came back online"),
                new SensorReading("stub", 3, 21.0, "°C", null)), readings.seen());
    }

    @Test
    void theIntervalMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new SensorPollingService(new StubThermometer(), Duration.ZERO));
    }

    @Test
    void liveTheSimulatedSensorIsPolledAndReadingsArriveInOrder() throws Exception {
        SimulatedSensor sensor = new SimulatedSensor("greenhouse-1", SimulatedSensor.Physics.DEFAULT);
        Recorder<SensorReading> readings = new Recorder<>(SensorReading.class);
        try (Runtime runtime = Runtime.builder().build()) {
            runtime.addDevice(sensor);
            runtime.addProcess(readings);
            runtime.addProcess(new AlarmProcess(AlarmProcess.Thresholds.DEFAULT, List.of("greenhouse")));
            runtime.addService(new SensorPollingService(sensor, Duration.ofMillis(20)));
            runtime.boot();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (readings.seen().size() < 5 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(readings.seen().size() >= 5, "readings: " + readings.seen());
            assertTrue(((Number) runtime.state().get("greenhouse.summary.greenhouse-1.readings").orElseThrow()).longValue() >= 5);
        }
        List<SensorReading> seen = readings.seen();
        for (int i = 0; i < seen.size(); i++) {
            SensorReading r = seen.get(i);
            assertEquals(i + 1, r.seq());
            assertEquals("greenhouse-1", r.sensor());
            assertTrue(r.value() > 16 && r.value() < 36, "within the simulated range: " + r);
        }
    }

    @Test
    void byIdTheServiceFollowsASensorPluggedInAndOutAtRunTime() throws Exception {
        Recorder<SensorReading> readings = new Recorder<>(SensorReading.class);
        try (Runtime runtime = Runtime.builder().build()) {
            runtime.addProcess(readings);
            runtime.addService(SensorPollingService.ofDevice("usb-1", Duration.ofMillis(20)));
            runtime.boot();
            runtime.attachDevice(new SimulatedSensor("usb-1", SimulatedSensor.Physics.DEFAULT));
            awaitReadings(readings, 2);
            assertTrue(runtime.detachDevice("usb-1"));
            int before = readings.seen().size();
            runtime.attachDevice(new SimulatedSensor("usb-1", SimulatedSensor.Physics.DEFAULT));
            awaitReadings(readings, before + 2);
        }
        List<SensorReading> seen = readings.seen();
        assertEquals("first reading", seen.getFirst().note());
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(i + 1, seen.get(i).seq(), "numbered on across the unplugging: " + seen);
            assertEquals("usb-1", seen.get(i).sensor());
        }
    }

    private static void awaitReadings(Recorder<SensorReading> readings, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (readings.seen().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(readings.seen().size() >= count, "readings: " + readings.seen());
    }
}
