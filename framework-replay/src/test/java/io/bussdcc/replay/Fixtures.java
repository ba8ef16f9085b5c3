package io.bussdcc.replay;

import io.bussdcc.api.Context;
import io.bussdcc.api.Event;
import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.Process;
import io.bussdcc.api.Service;
import io.bussdcc.api.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Message types, processes and services the replay tests record and replay. */
public final class Fixtures {

    private Fixtures() {}

    @MessageType("test.replay:Reading")
    public record Reading(String sensor, long seq, double value, String unit, String note) implements Message {}

    @MessageType("test.replay:Alarm")
    public record Alarm(String sensor, int level, List<String> tags) implements Message {
        @Override
        public Severity severity() {
            return Severity.WARNING;
        }
    }

    @MessageType("test.replay:Switched")
    public record Switched(String device, boolean on, Instant at) implements Message {}

    @MessageType("test.replay:Counted")
    public record Counted(int n) implements Message {}

    /** What {@link Ticker} emits on each tick. */
    @MessageType("test.replay:Tick")
    public record Tick(String service, long n) implements Message {}

    /** A registry knowing the built-ins and these types. */
    public static MessageTypeRegistry registry() {
        return MessageTypeRegistry.withBuiltins()
                .register(Reading.class).register(Alarm.class).register(Switched.class)
                .register(Counted.class).register(Tick.class);
    }

    /** The alarm {@link AlarmWatch} derives from a reading, if any. */
    static Alarm alarmFor(Reading r) {
        return r.seq() % 3 == 0 ? new Alarm(r.sensor(), (int) Math.floorMod(r.seq(), 5L), List.of("derived", r.unit())) : null;
    }

    /** Derives alarms from readings; replay-aware or not, as the test needs. */
    public static class AlarmWatch implements Process {
        @Override
        public String name() {
            return "alarm-watch";
        }

        @Override
        public void handle(Context ctx, Event<?> event) {
            if (event.payload() instanceof Reading r) {
                Alarm alarm = alarmFor(r);
                if (alarm != null) {
                    ctx.emit(alarm);
                }
            }
        }
    }

    /** {@link AlarmWatch} that re-derives its alarms during a replay. */
    public static final class RederivingAlarmWatch extends AlarmWatch implements ReplayAware {
        @Override
        public Set<Class<? extends Message>> rederives() {
            return Set.of(Alarm.class);
        }
    }

    /**
     * Keeps state derived from every event: counts per type, the last value per sensor, a
     * running sum (floating point, so order matters), and the clock as seen during dispatch.
     */
    public static final class StateKeeper implements Process {
        @Override
        public String name() {
            return "state-keeper";
        }

        @Override
        public void handle(Context ctx, Event<?> event) {
            String type = ctx.messageTypes().nameOf(event.payload()).replace('.', '_');
            ctx.state().update("count." + type, old -> old == null ? 1L : (Long) old + 1);
            ctx.state().set("clock.last", ctx.clock().now().toString());
            ctx.state().set("time.last", event.time().toString());
            if (event.payload() instanceof Reading r) {
                ctx.state().set("sensor._" + r.sensor().replace('.', '_'), r.value());
                ctx.state().update("sum", old -> old == null ? r.value() : (Double) old + r.value());
            }
        }
    }

    /** Emits a {@link Tick} every interval and counts ticks in state; re-derives ticks during a replay. */
    public static final class Ticker implements Service, ReplayAware {
        private final String name;
        private final Duration interval;
        private long n;

        public Ticker(String name, Duration interval) {
            this.name = name;
            this.interval = interval;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Duration interval() {
            return interval;
        }

        @Override
        public void tick(Context ctx) {
            ctx.emit(new Tick(name, n++));
            ctx.state().set("ticks." + name + ".n", n);
            ctx.state().set("ticks." + name + ".at", ctx.clock().now().toString());
        }

        @Override
        public Set<Class<? extends Message>> rederives() {
            return Set.of(Tick.class);
        }
    }
}
