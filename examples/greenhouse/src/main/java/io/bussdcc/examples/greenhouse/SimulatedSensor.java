package io.bussdcc.examples.greenhouse;

import io.bussdcc.api.Clock;
import io.bussdcc.api.Device;
import io.bussdcc.api.DeviceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Random;

/**
 * A greenhouse thermometer that does not need hardware: the temperature follows a day cycle
 * squeezed into {@code period} — {@code base ± amplitude} on a sine wave starting at
 * {@code base} and rising — plus a little seeded noise. With the defaults (26 ± 9 °C over 60 s)
 * it crosses the alarm process's default thresholds within seconds of starting.
 *
 * <p>Time comes from the runtime's clock, so the sensor follows virtual time where the runtime
 * has it. Reading a sensor that is not connected throws, as real hardware would fail.
 */
public final class SimulatedSensor implements Device, Thermometer {

    /**
     * The shape of the simulated temperature.
     *
     * @param base      the temperature the cycle swings around, °C
     * @param amplitude how far it swings above and below {@code base}, °C
     * @param period    how long one simulated day lasts
     * @param noise     the standard deviation of the random noise added to each reading, °C
     * @param seed      the seed of the noise
     */
    public record Physics(double base, double amplitude, Duration period, double noise, long seed) {

        /** 26 ± 9 °C over a 60 s cycle, noise of 0.1 °C. */
        public static final Physics DEFAULT = new Physics(26.0, 9.0, Duration.ofSeconds(60), 0.1, 42L);

        /**
         * Checks the shape.
         *
         * @throws IllegalArgumentException if the period is not positive or the noise is negative
         */
        public Physics {
            Objects.requireNonNull(period, "period");
            if (period.isZero() || period.isNegative()) {
                throw new IllegalArgumentException("the period must be positive, not " + period);
            }
            if (noise < 0) {
                throw new IllegalArgumentException("the noise must not be negative, not " + noise);
            }
        }
    }

    private final String id;
    private final Physics physics;
    private final Random random;
    private volatile Clock clock;
    private volatile Instant connectedAt;

    /**
     * A sensor, offline until the runtime connects it.
     *
     * @param id      the device id, written into every reading
     * @param physics how the temperature is simulated, e.g. {@link Physics#DEFAULT}
     */
    public SimulatedSensor(String id, Physics physics) {
        this.id = Objects.requireNonNull(id, "id");
        this.physics = Objects.requireNonNull(physics, "physics");
        this.random = new Random(physics.seed());
    }

    @Override
    public String kind() {
        return "thermometer";
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void connect(DeviceContext ctx) {
        clock = ctx.clock();
        connectedAt = clock.now();
    }

    @Override
    public void disconnect(DeviceContext ctx) {
        connectedAt = null;
    }

    @Override
    public boolean online() {
        return connectedAt != null;
    }

    @Override
    public double read() {
        Instant since = connectedAt;
        if (since == null) {
            throw new IllegalStateException("sensor " + id + " is not connected");
        }
        return temperatureAt(Duration.between(since, clock.now()));
    }

    /** The temperature {@code elapsed} after connecting, noise included. */
    double temperatureAt(Duration elapsed) {
        double cycles = (double) elapsed.toNanos() / physics.period().toNanos();
        double noise;
        synchronized (random) {
            noise = random.nextGaussian() * physics.noise();
        }
        return physics.base() + physics.amplitude() * Math.sin(2 * Math.PI * cycles) + noise;
    }

    /** How the temperature is simulated. */
    public Physics physics() {
        return physics;
    }

    @Override
    public String toString() {
        return "SimulatedSensor[" + id + ", " + physics + "]";
    }
}
