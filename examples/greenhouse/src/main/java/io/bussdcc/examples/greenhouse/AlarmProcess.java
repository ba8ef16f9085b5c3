package io.bussdcc.examples.greenhouse;

import io.bussdcc.api.Context;
import io.bussdcc.api.Event;
import io.bussdcc.api.Message;
import io.bussdcc.api.Process;
import io.bussdcc.examples.greenhouse.Alarm.Level;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Watches {@link SensorReading}s: raises an {@link Alarm} when a sensor rises above the high or
 * the critical threshold, an {@link AlarmCleared} when it falls back below the high threshold
 * by more than the hysteresis, and keeps a summary per sensor in state under
 * {@code greenhouse.summary.<sensor>}:
 *
 * <pre>
 * readings  how many readings       last   the last value      lastSeq  its number
 * min, max  extremes seen           mean   running mean        unit     the unit
 * level     NORMAL, HIGH, CRITICAL  alarms how many alarms were raised
 * </pre>
 *
 * <p>At start it publishes its thresholds under {@code greenhouse.thresholds} ({@code high},
 * {@code critical}, {@code hysteresis}). The summary and the alarm level change together in one
 * atomic state update, so readings handled on several threads at once never raise one alarm
 * twice.
 */
public final class AlarmProcess implements Process {

    /** The process's name, which is also its provider's ({@code process.greenhouse.*}). */
    public static final String NAME = "greenhouse";
    /** Where the summaries live in state. */
    public static final String SUMMARY = "greenhouse.summary";
    /** Where the process publishes its thresholds in state, for the dashboard. */
    public static final String THRESHOLDS = "greenhouse.thresholds";

    /**
     * When to raise and clear alarms.
     *
     * @param high       the high threshold
     * @param critical   the critical threshold, at least {@code high}
     * @param hysteresis how far below a threshold a reading must fall to leave its level
     */
    public record Thresholds(double high, double critical, double hysteresis) {

        /** High at 30, critical at 34, hysteresis 0.5 (°C). */
        public static final Thresholds DEFAULT = new Thresholds(30.0, 34.0, 0.5);

        /**
         * Checks the thresholds.
         *
         * @throws IllegalArgumentException if {@code critical < high} or the hysteresis is negative
         */
        public Thresholds {
            if (critical < high) {
                throw new IllegalArgumentException("the critical threshold (" + critical
                        + ") must not be below the high threshold (" + high + ")");
            }
            if (hysteresis < 0) {
                throw new IllegalArgumentException("the hysteresis must not be negative, not " + hysteresis);
            }
        }
    }

    private final Thresholds thresholds;
    private final List<String> tags;

    /**
     * A process raising alarms at {@code thresholds}, tagged with {@code tags}.
     *
     * @param thresholds when to raise and clear alarms
     * @param tags       the tags every {@link Alarm} it raises carries
     */
    public AlarmProcess(Thresholds thresholds, List<String> tags) {
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
        this.tags = List.copyOf(tags);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(Context ctx) {
        ctx.state().set(THRESHOLDS, Map.of(
                "high", thresholds.high(),
                "critical", thresholds.critical(),
                "hysteresis", thresholds.hysteresis()));
    }

    @Override
    public void handle(Context ctx, Event<?> event) {
        if (event.payload() instanceof SensorReading reading) {
            Message[] raised = new Message[1];
            ctx.state().update(summaryPath(reading.sensor()), old -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> previous = old instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
                Map<String, Object> next = summarise(previous, reading);
                Level was = Level.valueOf((String) previous.getOrDefault("level", Level.NORMAL.name()));
                Level now = levelAfter(was, reading.value());
                next.put("level", now.name());
                raised[0] = transition(was, now, reading);
                if (raised[0] instanceof Alarm) {
                    next.merge("alarms", 1L, (a, b) -> (Long) a + (Long) b);
                }
                return next;
            });
            if (raised[0] != null) {
                ctx.emit(raised[0]);
            }
        }
    }

    /** The state path of {@code sensor}'s summary; dots in the id would split the path, so they become {@code _}. */
    public static String summaryPath(String sensor) {
        return SUMMARY + "." + sensor.replace('.', '_');
    }

    private static Map<String, Object> summarise(Map<String, Object> previous, SensorReading r) {
        long count = ((Number) previous.getOrDefault("readings", 0L)).longValue() + 1;
        double min = Math.min(r.value(), ((Number) previous.getOrDefault("min", r.value())).doubleValue());
        double max = Math.max(r.value(), ((Number) previous.getOrDefault("max", r.value())).doubleValue());
        double mean = ((Number) previous.getOrDefault("mean", 0.0)).doubleValue();
        mean += (r.value() - mean) / count;
        Map<String, Object> next = new LinkedHashMap<>();
        next.put("readings", count);
        next.put("last", r.value());
        next.put("lastSeq", r.seq());
        next.put("unit", r.unit());
        next.put("min", min);
        next.put("max", max);
        next.put("mean", Math.round(mean * 100) / 100.0);
        next.put("alarms", ((Number) previous.getOrDefault("alarms", 0L)).longValue());
        return next;
    }

    /** The level after reading {@code value} at level {@code was}: rises at once, falls only past the hysteresis. */
    Level levelAfter(Level was, double value) {
        double hysteresis = thresholds.hysteresis();
        if (value > thresholds.critical()
                || (was == Level.CRITICAL && value >= thresholds.critical() - hysteresis)) {
            return Level.CRITICAL;
        }
        if (value > thresholds.high() || (was != Level.NORMAL && value >= thresholds.high() - hysteresis)) {
            return Level.HIGH;
        }
        return Level.NORMAL;
    }

    private Message transition(Level was, Level now, SensorReading r) {
        if (now.compareTo(was) > 0) {
            double crossed = now == Level.CRITICAL ? thresholds.critical() : thresholds.high();
            return new Alarm(r.sensor(), now, r.value(), crossed, tags);
        }
        if (now == Level.NORMAL && was != Level.NORMAL) {
            return new AlarmCleared(r.sensor(), r.value());
        }
        return null;
    }
}
