package io.bussdcc.codec;

import io.bussdcc.api.Event;
import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.Severity;
import io.bussdcc.api.WireName;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Message types covering every field type the codec supports. */
final class Samples {

    private Samples() {}

    enum Color {
        RED, GREEN,
        BLUE {
            @Override
            public String toString() {
                return "blue!"; // constant with a body: its class is a subclass of Color
            }
        }
    }

    record Point(int x, int y) {}

    /** A record that contains itself. */
    record Node(String label, List<Node> children) {}

    @MessageType("test.codec:Scalars")
    record Scalars(String s, boolean z, byte b, short sh, int i, long l, float f, double d, char c,
            Boolean zBox, Byte bBox, Short shBox, Integer iBox, Long lBox, Float fBox, Double dBox,
            Character cBox) implements Message {}

    @MessageType("test.codec:Times")
    record Times(Instant instant, OffsetDateTime offsetDateTime, LocalDate date, LocalTime time, Duration duration,
            Path path, UUID uuid, Color color, Severity severity) implements Message {}

    @MessageType("test.codec:Containers")
    record Containers(Optional<String> text, Optional<Point> point, List<String> strings, Set<Integer> ints,
            Map<String, Double> byName, Map<Point, String> byPoint, Map<Color, List<Long>> byColor,
            List<Optional<Instant>> maybeTimes, Node tree) implements Message {}

    @MessageType("test.codec:Wrapper")
    record Wrapper(@WireName("interface") String iface, Scalars scalars, Times times, Containers containers,
            Event<?> event) implements Message {}

    @MessageType("greenhouse.sensors:SensorReading")
    record SensorReading(String sensor, long seq, double value, String unit, String note) implements Message {}

    @MessageType("greenhouse.sensors:Alarm")
    record Alarm(String sensor, int level, List<String> tags) implements Message {
        @Override
        public Severity severity() {
            return Severity.WARNING;
        }
    }

    record OnlyReadings(Event<SensorReading> evt) implements Message {}

    record Unsupported(java.math.BigDecimal anything) implements Message {}

    record WithArray(int[] values) implements Message {}

    static MessageTypeRegistry registry() {
        return MessageTypeRegistry.withBuiltins()
                .register(Scalars.class).register(Times.class).register(Containers.class).register(Wrapper.class)
                .register(SensorReading.class).register(Alarm.class);
    }
}
