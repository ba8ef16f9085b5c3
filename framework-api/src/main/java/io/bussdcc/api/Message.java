package io.bussdcc.api;

/**
 * A typed, immutable message: everything that happens in a bussdcc system is one.
 *
 * <p>Messages are Java {@code record}s. Their components are what gets recorded, so keep them
 * to values the codec can write (strings, numbers, booleans, enums, time types, {@code Path},
 * {@code UUID}, {@code Optional}, collections, nested records, and {@link Event}s).
 *
 * <pre>{@code
 * @MessageType("greenhouse.sensors:SensorReading")
 * public record SensorReading(String sensor, long seq, double value, String unit, String note)
 *         implements Message {}
 * }</pre>
 *
 * <p>A message type whose instances are not informational overrides {@link #severity()}.
 * The type name written to logs comes from {@link MessageType} or, without it, from the class
 * name; see {@link MessageTypeRegistry}.
 */
public interface Message {

    /** How important this message is; {@link Severity#INFO} unless the type says otherwise. */
    default Severity severity() {
        return Severity.INFO;
    }
}
