package io.bussdcc.examples.greenhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bussdcc.examples.greenhouse.SimulatedSensor.Physics;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The simulated physics: a sine day cycle around the base, and honest failure when not connected. */
class SimulatedSensorTest {

    private static final Physics NO_NOISE = new Physics(26, 9, Duration.ofSeconds(60), 0, 1);

    @Test
    void theTemperatureFollowsTheDayCycle() {
        SimulatedSensor sensor = new SimulatedSensor("s", NO_NOISE);
        assertEquals(26.0, sensor.temperatureAt(Duration.ZERO), 1e-9);
        assertEquals(35.0, sensor.temperatureAt(Duration.ofSeconds(15)), 1e-9);
        assertEquals(26.0, sensor.temperatureAt(Duration.ofSeconds(30)), 1e-9);
        assertEquals(17.0, sensor.temperatureAt(Duration.ofSeconds(45)), 1e-9);
    }

    @Test
    void theNoiseIsRepeatableForOneSeed() {
        Physics noisy = new Physics(26, 9, Duration.ofSeconds(60), 0.5, 7);
        SimulatedSensor a = new SimulatedSensor("a", noisy);
        SimulatedSensor b = new SimulatedSensor("b", noisy);
        for (int i = 0; i < 10; i++) {
            assertEquals(a.temperatureAt(Duration.ofMillis(100L * i)), b.temperatureAt(Duration.ofMillis(100L * i)));
        }
    }

    @Test
    void readingASensorThatIsNotConnectedFails() {
        SimulatedSensor sensor = new SimulatedSensor("s", NO_NOISE);
        assertFalse(sensor.online());
        IllegalStateException e = assertThrows(IllegalStateException.class, sensor::read);
        assertEquals("sensor s is not connected", e.getMessage());
    }

    @Test
    void aNonPositivePeriodIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Physics(26, 9, Duration.ZERO, 0, 1));
    }
}
