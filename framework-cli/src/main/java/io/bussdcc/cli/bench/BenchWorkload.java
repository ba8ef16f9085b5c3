package io.bussdcc.cli.bench;

import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;
import io.bussdcc.api.MessageTypeRegistry;

/**
 * The one benchmark workload, of {@code bussdcc bench} and of the JMH benchmarks in
 * {@code benchmarks/} alike, and the same as the Python original's benchmark so that the figures
 * compare: event {@code i} is a {@link SensorReading} of sensor {@code "sensor-%02d"} of
 * {@code i mod 16}, sequence {@code i}, value {@code (i mod 10000) / 100.0}, unit
 * {@code ["C","kPa","%RH","V"][i mod 4]}, note {@code "calibrated"} when {@code i mod 4 == 0}.
 */
public final class BenchWorkload {

    // A producer keeps its sensor names and units in a table, as any real one would.
    private static final String[] SENSORS = new String[16];
    private static final String[] UNITS = {"C", "kPa", "%RH", "V"};

    static {
        for (int k = 0; k < SENSORS.length; k++) {
            SENSORS[k] = String.format("sensor-%02d", k);
        }
    }

    private BenchWorkload() {}

    /** The message of the benchmarks, recorded as {@code bench:SensorReading}. */
    @MessageType("bench:SensorReading")
    public record SensorReading(String sensor, long seq, double value, String unit, String note) implements Message {}

    /** Event {@code i}'s message, built anew on every call (inside the timed loop). */
    public static SensorReading reading(long i) {
        return new SensorReading(SENSORS[(int) (i & 15)], i, (i % 10_000) / 100.0, UNITS[(int) (i & 3)],
                (i & 3) == 0 ? "calibrated" : null);
    }

    /** The built-in types and {@link SensorReading}. */
    public static MessageTypeRegistry registry() {
        return MessageTypeRegistry.withBuiltins().register(SensorReading.class);
    }
}
