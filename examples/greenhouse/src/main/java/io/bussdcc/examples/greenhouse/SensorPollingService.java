package io.bussdcc.examples.greenhouse;

import io.bussdcc.api.Context;
import io.bussdcc.api.Service;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Reads a {@link Thermometer} every {@link #interval()} (100 ms by default) and emits each
 * reading as a {@link SensorReading}, numbered from 1. The thermometer is given, or looked up
 * among the runtime's devices by id on every tick ({@link #ofDevice}), so a sensor plugged in
 * or out at run time is followed. While it is offline (or absent) the service skips the
 * reading rather than inventing one; a failing read is a failing tick, which the supervisor
 * reports and retries.
 */
public final class SensorPollingService implements Service {

    /**
     * The service's name, which is also its provider's: the service that {@code service.greenhouse.*}
     * configures is {@code greenhouse} in {@code ctx.services()} and {@code /api/services/greenhouse}.
     */
    public static final String NAME = "greenhouse";
    /** How often it reads by default. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(100);

    private final Function<Context, Optional<Thermometer>> thermometer;
    private final Duration interval;
    private final AtomicLong seq = new AtomicLong();
    private volatile boolean skippedOffline;

    /**
     * A service reading {@code thermometer} every {@code interval}.
     *
     * @param thermometer what it reads
     * @param interval    how often, e.g. {@link #DEFAULT_INTERVAL}
     * @throws IllegalArgumentException if {@code interval} is not positive
     */
    public SensorPollingService(Thermometer thermometer, Duration interval) {
        this(ctx -> Optional.of(thermometer), interval);
        Objects.requireNonNull(thermometer, "thermometer");
    }

    /**
     * A service reading the runtime's device {@code deviceId}, a {@link Thermometer}, every
     * {@code interval}.
     *
     * @throws IllegalArgumentException if {@code interval} is not positive
     */
    public static SensorPollingService ofDevice(String deviceId, Duration interval) {
        Objects.requireNonNull(deviceId, "deviceId");
        return new SensorPollingService(ctx -> ctx.device(deviceId, Thermometer.class), interval);
    }

    private SensorPollingService(Function<Context, Optional<Thermometer>> thermometer, Duration interval) {
        this.thermometer = thermometer;
        this.interval = Objects.requireNonNull(interval, "interval");
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("the polling interval must be positive, not " + interval);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Duration interval() {
        return interval;
    }

    @Override
    public void start(Context ctx) {
        seq.set(0);
    }

    @Override
    public void tick(Context ctx) {
        Thermometer thermometer = this.thermometer.apply(ctx).filter(Thermometer::online).orElse(null);
        if (thermometer == null) {
            skippedOffline = true;
            return;
        }
        double celsius = Math.round(thermometer.read() * 100) / 100.0;
        long n = seq.incrementAndGet();
        String note = n == 1 ? "first reading"
                : skippedOffline ? "first reading since the sensor came back online" : null;
        skippedOffline = false;
        ctx.emit(new SensorReading(thermometer.id(), n, celsius, "°C", note));
    }
}
