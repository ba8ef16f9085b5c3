package io.bussdcc.web.form;

import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.WireName;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Message records with every kind of form input, for the form tests. */
public final class FormSamples {

    private FormSamples() {}

    /** An enum with one labelled constant. */
    public enum Color { RED, @FormField(label = "Leaf green") GREEN, BLUE }

    @MessageType("test.form:Texts")
    public record Texts(String text, char letter, Character boxedLetter, Optional<String> maybe) implements Message {}

    @MessageType("test.form:Flags")
    public record Flags(boolean on, Boolean maybeOn, Optional<Boolean> opt) implements Message {}

    @MessageType("test.form:Whole")
    public record Whole(byte b, short s, int i, long l, Integer boxed, Optional<Long> maybe) implements Message {}

    @MessageType("test.form:Decimals")
    public record Decimals(float f, double d, Double boxed, Optional<Float> maybe) implements Message {}

    @MessageType("test.form:Times")
    public record Times(LocalDate date, LocalTime time, Instant at, OffsetDateTime odt, LocalDateTime local,
                        Duration pause, Optional<Duration> maybePause) implements Message {}

    @MessageType("test.form:Others")
    public record Others(Path path, UUID id, Color color, Optional<Color> maybeColor) implements Message {}

    public record Point(int x, int y) {}

    public record Box(Point low, Point high) {}

    @MessageType("test.form:Nested")
    public record Nested(String name, Point at, @WireName("the_box") Box box) implements Message {}

    @MessageType("test.form:Lists")
    public record Lists(List<String> names, Set<Integer> numbers, List<Point> points, List<Boolean> flags,
                        List<Color> colors) implements Message {}

    @MessageType("test.form:Maps")
    public record Maps(Map<String, Double> byName, Map<Integer, String> byNumber, Map<Color, Point> byColor,
                       Map<Boolean, Integer> byFlag, Map<LocalDate, String> byDate) implements Message {}

    @MessageType("test.form:Deep")
    public record Deep(List<List<Integer>> grid, Map<String, List<String>> tags, List<Box> boxes) implements Message {}

    @MessageType("test.form:Everything")
    public record Everything(Texts texts, Flags flags, Whole whole, Decimals decimals, Times times, Others others,
                             Nested nested, Lists lists, Maps maps, Deep deep) implements Message {}

    /** Annotated: ranges, required, groups, options, a record check. */
    @MessageType("test.form:Settings")
    public record Settings(
            @FormField(label = "Device", options = "devices", required = true) String device,
            @FormField(min = 0, max = 100, step = "5", help = "percent") int speed,
            @FormField(min = 10, max = 45, step = "0.5") double limit,
            @FormField(required = true, min = 2, max = 8, placeholder = "a name") String name,
            @FormField(group = "Advanced") Duration period,
            @FormField(group = "Advanced", required = true) Color color,
            @FormField(label = "Hours", min = 0, max = 23) List<Integer> hours,
            @FormField(options = "devices", min = 0, max = 50) Map<String, Double> limits) implements Message {

        /** The record's own check: limit and speed together. */
        public Settings {
            if (speed == 100 && limit > 40) {
                throw new IllegalArgumentException("full speed needs a limit of at most 40");
            }
        }
    }

    @MessageType("test.form:Required")
    public record RequiredRows(@FormField(required = true) List<String> items) implements Message {}

    public static MessageTypeRegistry registry() {
        MessageTypeRegistry r = MessageTypeRegistry.withBuiltins();
        for (Class<? extends Message> t : List.of(Texts.class, Flags.class, Whole.class, Decimals.class, Times.class,
                Others.class, Nested.class, Lists.class, Maps.class, Deep.class, Everything.class, Settings.class,
                RequiredRows.class)) {
            r.register(t);
        }
        return r;
    }
}
