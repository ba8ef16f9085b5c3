package io.bussdcc.examples.greenhouse;

import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;
import io.bussdcc.api.Severity;
import java.util.List;

/**
 * A sensor's readings rose above a threshold.
 *
 * @param sensor    the sensor's device id
 * @param level     how bad it is
 * @param value     the reading that crossed the threshold
 * @param threshold the threshold it crossed
 * @param tags      labels for whoever routes alarms (e.g. {@code temperature})
 */
@MessageType("greenhouse:Alarm")
public record Alarm(String sensor, Level level, double value, double threshold, List<String> tags) implements Message {

    /** Copies {@code tags}, so the alarm stays as it was raised. */
    public Alarm {
        tags = List.copyOf(tags);
    }

    /** How far above normal a sensor is. */
    public enum Level {
        /** Within bounds. */
        NORMAL,
        /** Above the high threshold: worth a look. */
        HIGH,
        /** Above the critical threshold: act now. */
        CRITICAL
    }

    /** {@code WARNING} for a high alarm, {@code ERROR} for a critical one. */
    @Override
    public Severity severity() {
        return level == Level.CRITICAL ? Severity.ERROR : Severity.WARNING;
    }
}
