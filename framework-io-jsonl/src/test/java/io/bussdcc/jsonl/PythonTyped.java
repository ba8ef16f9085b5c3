package io.bussdcc.jsonl;

import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.WireDefault;
import io.bussdcc.api.WireName;
import io.bussdcc.api.WireTuple;
import io.bussdcc.api.WireValue;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Java records of the typed Python log ({@code src/test/python/greenhouse/typed.py}): one
 * per row of issue 15's table, written as an application porting that module would.
 */
public final class PythonTyped {

    private PythonTyped() {}

    /** Python {@code class Mode(str, Enum)}: the {@code value()} convention, for a type from Python. */
    public enum Mode {
        AUTO("auto"), MANUAL("manual");

        private final String value;

        Mode(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }
    }

    /** Python {@code class Kind(Enum)}: the annotation, which needs no {@code value()} name. */
    public enum Kind {
        SOIL, AIR;

        @WireValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Python {@code class Level(IntEnum)}. */
    public enum Level {
        LOW(1), HIGH(2);

        private final int value;

        Level(int value) {
            this.value = value;
        }

        public int value() {
            return value;
        }
    }

    @MessageType("greenhouse.typed:EnumValues")
    public record EnumValues(Mode mode, Kind kind, Level level) implements Message {}

    @MessageType("greenhouse.typed:KeyedMaps")
    public record KeyedMaps(@WireName("by_channel") Map<Integer, Double> byChannel,
            @WireName("by_mode") Map<Mode, Integer> byMode, @WireName("by_flag") Map<Boolean, String> byFlag)
            implements Message {}

    @MessageType("greenhouse.typed:LevelKeys")
    public record LevelKeys(@WireName("by_level") Map<Level, String> byLevel) implements Message {}

    @MessageType("greenhouse.typed:NaiveTime")
    public record NaiveTime(@WireName("taken_at") LocalDateTime takenAt, String note) implements Message {}

    /** Python: an aware {@code datetime}; for a type from Python written back with {@code +00:00}, as Python does. */
    @MessageType("greenhouse.typed:AwareTime")
    public record AwareTime(@WireName("taken_at") OffsetDateTime takenAt, String note) implements Message {}

    /** Python: {@code retries: int = 3}, {@code unit: str = "C"}, {@code tags: list[str] = field(default_factory=list)}. */
    @MessageType("greenhouse.typed:Settings")
    public record Settings(String name, @WireDefault("3") int retries, @WireDefault("\"C\"") String unit,
            @WireDefault("[]") List<String> tags) implements Message {}

    /** Python {@code tuple[int, str]}: a small record written as an array. */
    @WireTuple
    public record Span(int size, String label) {}

    /** Python {@code window: tuple[int, str]}, {@code limits: tuple[int, float, str, bool]}. */
    @MessageType("greenhouse.typed:Window")
    public record Window(Span window, List<Object> limits) implements Message {}

    @MessageType("greenhouse.typed:FormInput")
    public record FormInput(int count, boolean enabled, boolean confirmed) implements Message {}

    @MessageType("greenhouse.typed:Measurement")
    public record Measurement(String sensor, double value, double low, double high) implements Message {}

    /** Every type, marked as from Python. */
    @SuppressWarnings("unchecked")
    static final Class<? extends Message>[] TYPES = new Class[] {EnumValues.class, KeyedMaps.class, LevelKeys.class,
            NaiveTime.class, AwareTime.class, Settings.class, Window.class, FormInput.class, Measurement.class};

    /** The built-ins plus these types from Python, lenient scalars on (as the original reads). */
    static MessageTypeRegistry registry() {
        return MessageTypeRegistry.withBuiltins().fromPython(TYPES).lenientScalars(true);
    }
}
