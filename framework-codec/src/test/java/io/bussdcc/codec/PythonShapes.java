package io.bussdcc.codec;

import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.WireDefault;
import io.bussdcc.api.WireTuple;
import io.bussdcc.api.WireValue;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Types with the values the Python original writes differently from our Java defaults. */
final class PythonShapes {

    private PythonShapes() {}

    /** {@code value()} by convention: used for types from Python only. */
    enum Mode {
        AUTO("auto"), MANUAL("manual");

        private final String value;

        Mode(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }
    }

    /** An IntEnum. */
    enum Level {
        LOW(1), HIGH(2);

        private final int value;

        Level(int value) {
            this.value = value;
        }

        public int value() {
            return value;
        }
    }

    /** The annotation: used for every type. */
    enum Unit {
        CELSIUS, KILOPASCAL;

        @WireValue
        String symbol() {
            return this == CELSIUS ? "C" : "kPa";
        }
    }

    enum TwoOfAKind {
        A, B;

        @WireValue
        String same() {
            return "x";
        }
    }

    enum BadValue {
        A;

        @WireValue
        double weight() {
            return 1.0;
        }
    }

    @MessageType("test.py:Enums")
    record Enums(Mode mode, Level level, Unit unit) implements Message {}

    @MessageType("test.py:Keyed")
    record Keyed(Map<Integer, String> byInt, Map<Mode, Long> byMode, Map<Level, String> byLevel,
            Map<Boolean, Integer> byFlag, Map<UUID, String> byId, Map<Samples.Point, String> byPoint)
            implements Message {}

    @MessageType("test.py:Naive")
    record Naive(LocalDateTime at) implements Message {}

    @MessageType("test.py:Aware")
    record Aware(java.time.OffsetDateTime at) implements Message {}

    @MessageType("test.py:Defaults")
    record Defaults(String name, @WireDefault("3") int retries, @WireDefault("\"C\"") String unit,
            @WireDefault("[]") List<String> tags, @WireDefault("\"auto\"") Mode mode) implements Message {}

    @MessageType("test.py:BadDefault")
    record BadDefault(@WireDefault("\"three\"") int retries) implements Message {}

    @WireTuple
    record Span(int size, String label) {}

    @MessageType("test.py:Tuples")
    record Tuples(Span span, List<Object> mixed) implements Message {}

    @WireTuple
    @MessageType("test.py:TupleMessage")
    record TupleMessage(int a) implements Message {}

    @MessageType("test.py:Form")
    record Form(int count, boolean enabled, Long big, Short small) implements Message {}

    @MessageType("test.py:Money")
    record Money(String what, BigDecimal amount, List<Object> extra) implements Message {}

    @MessageType("test.py:Duplicate")
    record Duplicate(TwoOfAKind kind) implements Message {}

    @MessageType("test.py:Bad")
    record Bad(BadValue value) implements Message {}

    /** Every type, as a Java application registers them. */
    static MessageTypeRegistry java() {
        return MessageTypeRegistry.withBuiltins().register(Enums.class).register(Keyed.class).register(Naive.class)
                .register(Aware.class)
                .register(Defaults.class).register(Tuples.class).register(Form.class).register(Money.class);
    }

    /** The same types, marked as from Python. */
    static MessageTypeRegistry python() {
        return java().fromPython(Enums.class, Keyed.class, Naive.class, Aware.class, Defaults.class, Tuples.class, Form.class,
                Money.class);
    }
}
