package io.bussdcc.examples.greenhouse;

import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;
import io.bussdcc.web.form.FormField;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

/**
 * A command to the {@link AlarmProcess}: per-sensor maximum temperatures (each replaces the high
 * threshold for its sensor), the alarm mode and the quiet hours. The greenhouse's settings page
 * and the command panel ({@code /commands}) show it as a generated form.
 *
 * @param maxTemperature the high threshold per sensor id, 10 to 45 °C in steps of 0.5
 * @param mode           when alarms are raised
 * @param quietHours     when no alarms are raised in {@link Mode#NORMAL} mode (UTC)
 */
@MessageType("greenhouse:SetThresholds")
public record SetThresholds(
        @FormField(label = "Max temperature per sensor (°C)", options = "devices", min = 10, max = 45, step = "0.5",
                help = "A sensor above its maximum raises a HIGH alarm; sensors not listed keep the default.")
        Map<String, Double> maxTemperature,
        @FormField(label = "Mode", required = true) Mode mode,
        @FormField(label = "Quiet hours", help = "No alarms in these hours (UTC) in normal mode.")
        List<QuietHours> quietHours) implements Message {

    /** No per-sensor maxima, normal mode, no quiet hours: what the process starts with. */
    public static final SetThresholds DEFAULT = new SetThresholds(Map.of(), Mode.NORMAL, List.of());

    /**
     * Checks and copies the settings.
     *
     * @throws IllegalArgumentException if a maximum is outside 10..45 °C
     */
    public SetThresholds {
        maxTemperature = Map.copyOf(maxTemperature);
        quietHours = List.copyOf(quietHours);
        if (mode == null) {
            throw new IllegalArgumentException("a mode is needed");
        }
        maxTemperature.forEach((sensor, max) -> {
            if (max == null || max < 10 || max > 45) {
                throw new IllegalArgumentException("the maximum of " + sensor + " must be within 10..45 °C, not " + max);
            }
        });
    }

    /** When alarms are raised. */
    public enum Mode {
        /** Alarms are raised, except in the quiet hours. */
        @FormField(label = "Normal (quiet hours apply)") NORMAL,
        /** Alarms are always raised, quiet hours or not. */
        @FormField(label = "Strict (ignore quiet hours)") STRICT,
        /** No alarms are raised (levels are still tracked): people are working in the greenhouse. */
        @FormField(label = "Maintenance (no alarms)") MAINTENANCE
    }

    /**
     * A daily span without alarms; it may pass midnight ({@code 22:00} to {@code 06:00}).
     *
     * @param from when it starts (inclusive)
     * @param to   when it ends (exclusive)
     */
    public record QuietHours(@FormField(label = "From") LocalTime from, @FormField(label = "To") LocalTime to) {

        /**
         * Checks the span.
         *
         * @throws IllegalArgumentException if it is empty ({@code from} equals {@code to})
         */
        public QuietHours {
            if (from == null || to == null) {
                throw new IllegalArgumentException("quiet hours need a start and an end");
            }
            if (from.equals(to)) {
                throw new IllegalArgumentException("quiet hours from " + from + " to " + to + " are empty");
            }
        }

        /** Whether {@code time} is inside the span. */
        public boolean contains(LocalTime time) {
            return from.isBefore(to) ? !time.isBefore(from) && time.isBefore(to) : !time.isBefore(from) || time.isBefore(to);
        }

        @Override
        public String toString() {
            return from + "-" + to;
        }
    }
}
