package io.bussdcc.examples.minimal;

import io.bussdcc.api.Context;
import io.bussdcc.api.Event;
import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;
import io.bussdcc.api.Process;
import io.bussdcc.api.Service;
import io.bussdcc.api.Severity;
import java.time.Duration;

/** The application's messages, the process that reacts to them and the service that makes them. */
public final class Greenhouse {
    private Greenhouse() {}

    @MessageType("greenhouse:SensorReading")
    public record SensorReading(String sensor, long seq, double value, String unit, String note) implements Message {}

    @MessageType("greenhouse:Alarm")
    public record Alarm(String sensor, double value) implements Message {
        @Override public Severity severity() { return Severity.WARNING; }
    }

    /** Raises an alarm for every reading above 30 and counts them in state. */
    public static final class Watch implements Process {
        @Override public String name() { return "watch"; }

        @Override public void handle(Context ctx, Event<?> event) {
            if (event.payload() instanceof SensorReading r && r.value() > 30) {
                ctx.emit(new Alarm(r.sensor(), r.value()));
                ctx.state().update("greenhouse.alarms", n -> n == null ? 1 : (Integer) n + 1);
            }
        }
    }

    /** Reads a (made-up) temperature every half second, on its own supervised thread. */
    public static final class Sensor implements Service {
        private long seq;

        @Override public String name() { return "sensor"; }
        @Override public Duration interval() { return Duration.ofMillis(500); }

        @Override public void tick(Context ctx) {
            seq++;
            ctx.emit(new SensorReading("sensor-01", seq, 25 + seq % 10, "°C", null));
        }
    }
}
