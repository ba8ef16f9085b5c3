package io.bussdcc.jsonl;

import io.bussdcc.api.Event;
import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The application types of the Python sample log, and a few of our own. */
public final class Greenhouse {

    private Greenhouse() {}

    /** Python: {@code sensor: str, seq: int, value: float, unit: str, note: Optional[str]}. */
    @MessageType("greenhouse.sensors:SensorReading")
    public record SensorReading(String sensor, long seq, double value, String unit, String note) implements Message {}

    /** Python: severity WARNING; {@code sensor: str, level: int, tags: tuple[str, ...]}. */
    @MessageType("greenhouse.sensors:Alarm")
    public record Alarm(String sensor, int level, List<String> tags) implements Message {
        @Override
        public Severity severity() {
            return Severity.WARNING;
        }
    }

    /** One of ours, with richer fields. */
    @MessageType("greenhouse.control:Setpoint")
    public record Setpoint(String zone, Optional<Double> target, Map<String, Integer> weights, Instant until)
            implements Message {}

    /** A message that cannot be written: its field type is not supported. */
    @MessageType("greenhouse.control:Unwritable")
    public record Unwritable(java.math.BigDecimal anything) implements Message {}

    /** A message embedding another event, like the built-in error messages. */
    @MessageType("greenhouse.control:Replayed")
    public record Replayed(Event<?> original) implements Message {}

    public static MessageTypeRegistry registry() {
        return MessageTypeRegistry.withBuiltins().register(SensorReading.class).register(Alarm.class)
                .register(Setpoint.class).register(Replayed.class);
    }
}
