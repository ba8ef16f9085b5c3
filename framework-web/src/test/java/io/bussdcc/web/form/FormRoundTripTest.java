package io.bussdcc.web.form;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Message;
import io.bussdcc.codec.EventCodec;
import io.bussdcc.web.form.FormSamples.Box;
import io.bussdcc.web.form.FormSamples.Color;
import io.bussdcc.web.form.FormSamples.Decimals;
import io.bussdcc.web.form.FormSamples.Deep;
import io.bussdcc.web.form.FormSamples.Flags;
import io.bussdcc.web.form.FormSamples.Lists;
import io.bussdcc.web.form.FormSamples.Maps;
import io.bussdcc.web.form.FormSamples.Nested;
import io.bussdcc.web.form.FormSamples.Others;
import io.bussdcc.web.form.FormSamples.Point;
import io.bussdcc.web.form.FormSamples.Texts;
import io.bussdcc.web.form.FormSamples.Times;
import io.bussdcc.web.form.FormSamples.Whole;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every field kind: render a message, submit what a browser would send from that HTML, get the same message back. */
class FormRoundTripTest {

    static final EventCodec CODEC = new EventCodec(FormSamples.registry());

    static Stream<Message> messages() {
        Map<String, Double> byName = new LinkedHashMap<>();
        byName.put("north <&\"'>", 21.5);
        byName.put("south", -3.0E-7);
        Map<Integer, String> byNumber = new LinkedHashMap<>();
        byNumber.put(-4, "minus four");
        byNumber.put(7, "");
        return Stream.of(
                new Texts("hello <b>\"world\"</b> & 'you' ünïcødé 🌱", 'x', null, Optional.empty()),
                new Texts("", '"', '<', Optional.of("  spaced  ")),
                new Texts(" ", ' ', '\t', Optional.of(" ")),
                new Flags(true, null, Optional.empty()),
                new Flags(false, true, Optional.of(false)),
                new Flags(true, false, Optional.of(true)),
                new Whole(Byte.MIN_VALUE, Short.MAX_VALUE, -1, Long.MIN_VALUE, null, Optional.of(Long.MAX_VALUE)),
                new Whole((byte) 0, (short) 0, Integer.MAX_VALUE, 0, 42, Optional.empty()),
                new Decimals(0.1f, 1.0E300, null, Optional.of(Float.MIN_VALUE)),
                new Decimals(-0.0f, Double.MIN_VALUE, -2.5, Optional.empty()),
                new Times(LocalDate.of(2026, 3, 9), LocalTime.of(22, 0), Instant.parse("2026-03-09T23:45:02.5Z"),
                        OffsetDateTime.of(2026, 3, 9, 23, 45, 2, 0, ZoneOffset.ofHours(1)),
                        LocalDateTime.of(2026, 3, 9, 12, 0, 1, 735_301_000), Duration.ofSeconds(10), Optional.empty()),
                new Times(LocalDate.of(1, 1, 1), LocalTime.of(6, 30, 15, 123_456_789), Instant.ofEpochSecond(0, 1),
                        OffsetDateTime.of(1999, 12, 31, 0, 0, 0, 5, ZoneOffset.ofHoursMinutes(-9, -30)),
                        LocalDateTime.of(1, 1, 1, 0, 0), Duration.ofMillis(5_400_250), Optional.of(Duration.ofNanos(-1))),
                new Others(Path.of("/var/lib/bussdcc/events"), UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
                        Color.GREEN, Optional.of(Color.BLUE)),
                new Others(Path.of("relative"), new UUID(0, 0), Color.RED, Optional.empty()),
                new Nested("n", new Point(1, -2), new Box(new Point(0, 0), new Point(3, 4))),
                new Lists(List.of(), new LinkedHashSet<>(), List.of(), List.of(), List.of()),
                new Lists(List.of("a", "", "a"), new LinkedHashSet<>(List.of(3, 1, 2)), List.of(new Point(1, 2),
                        new Point(1, 2)), List.of(true, false, false), List.of(Color.BLUE, Color.RED)),
                new Maps(byName, byNumber, Map.of(Color.GREEN, new Point(5, 6)), Map.of(false, 0),
                        Map.of(LocalDate.of(2026, 12, 1), "today")),
                new Maps(Map.of(), Map.of(), Map.of(), Map.of(), Map.of()),
                new Deep(List.of(List.of(1, 2), List.of(), List.of(3)), Map.of("k", List.of("v1", "v2"), "e", List.of()),
                        List.of(new Box(new Point(1, 1), new Point(2, 2)))));
    }

    @ParameterizedTest
    @MethodSource("messages")
    void aRenderedMessageSubmitsBackToItself(Message m) {
        assertEquals(m, roundTrip(m));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Message roundTrip(Message m) {
        Form form = Form.of(m.getClass());
        String html = form.render(form.values(m), Map.of(), OptionSource.none());
        FormData submitted = HtmlForm.submit(html);
        Form.Result result = form.decode(submitted, CODEC, OptionSource.none());
        if (result instanceof Form.Invalid<?> invalid) {
            throw new AssertionError("refused " + invalid.errors() + "\nsubmitted " + submitted + "\nfrom " + html);
        }
        return ((Form.Valid<?>) result).message();
    }

    @Test
    void theInputsAreOfTheKindsBrowsersKnow() {
        Form<Times> times = Form.of(Times.class);
        String html = times.render(FormData.empty(), Map.of(), OptionSource.none());
        assertTrue(html.contains("type=\"date\" class=\"form-control\" id=\"f-date\" name=\"date\""), html);
        assertTrue(html.contains("type=\"time\" class=\"form-control\" id=\"f-time\" name=\"time\""), html);
        assertTrue(html.contains("type=\"datetime-local\" class=\"form-control\" id=\"f-at\" name=\"at\""), html);
        Form<Whole> whole = Form.of(Whole.class);
        String w = whole.render(FormData.empty(), Map.of(), OptionSource.none());
        assertTrue(w.contains("type=\"number\" class=\"form-control\" id=\"f-i\" name=\"i\" step=\"1\" required"), w);
        assertTrue(w.contains("name=\"boxed\" step=\"1\">"), "a nullable Integer is not required: " + w);
        String d = Form.of(Decimals.class).render(FormData.empty(), Map.of(), OptionSource.none());
        assertTrue(d.contains("name=\"d\" step=\"any\" required"), d);
        String o = Form.of(Others.class).render(FormData.empty(), Map.of(), OptionSource.none());
        assertTrue(o.contains("<option value=\"GREEN\">Leaf green</option>"), o);
        assertTrue(o.contains("<option value=\"RED\">Red</option>"), o);
        String f = Form.of(Flags.class).render(FormData.empty(), Map.of(), OptionSource.none());
        assertTrue(f.contains("type=\"checkbox\" class=\"form-check-input\" value=\"true\" id=\"f-on\" name=\"on\">"), f);
        assertTrue(f.contains("<select class=\"form-select\" id=\"f-opt\" name=\"opt\">"), f);
    }

    @Test
    void collectionsHaveAPrototypeRowAndAddRemoveButtons() {
        String html = Form.of(Deep.class).render(FormData.empty(), Map.of(), OptionSource.none());
        assertTrue(html.contains("data-rows=\"grid\" data-placeholder=\"__row0__\""), html);
        assertTrue(html.contains("name=\"grid.__row0__.#\""), html);
        // the inner list of each outer row has its own placeholder, replaced when its row is added
        assertTrue(html.contains("data-rows=\"grid.__row0__\" data-placeholder=\"__row1__\""), html);
        assertTrue(html.contains("name=\"grid.__row0__.__row1__\""), html);
        assertTrue(html.contains("data-rows-add"), html);
        assertTrue(html.contains("data-rows-remove"), html);
        // nothing inside a template is submitted
        assertEquals(List.of(), HtmlForm.submitted(html));
    }

    @Test
    void namesAreTheComponentPathsWithRowIds() {
        Deep deep = new Deep(List.of(List.of(7)), Map.of("k", List.of("v")), List.of(new Box(new Point(1, 2), new Point(3, 4))));
        Form<Deep> form = Form.of(Deep.class);
        assertEquals(List.of("grid.0.#", "grid.0.0.#", "grid.0.0", "tags.0.#", "tags.0.key", "tags.0.value.0.#",
                "tags.0.value.0", "boxes.0.#", "boxes.0.low.x", "boxes.0.low.y", "boxes.0.high.x", "boxes.0.high.y"),
                List.copyOf(form.values(deep).names()));
    }

    @Test
    void durationsAreShownShortAndReadInEitherForm() throws Exception {
        Form<Times> form = Form.of(Times.class);
        Times t = new Times(LocalDate.EPOCH, LocalTime.NOON, Instant.EPOCH, OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0,
                ZoneOffset.UTC), LocalDateTime.of(2026, 1, 1, 6, 54), Duration.ofMinutes(90),
                Optional.of(Duration.ofMillis(250)));
        FormData values = form.values(t);
        assertEquals("1h30m", values.first("pause"));
        assertEquals("250ms", values.first("maybePause"));
        for (String text : List.of("PT1H30M", "pt1h30m", "1h30m", "90m", "5400s", "5400000ms")) {
            Map<String, String> m = new LinkedHashMap<>();
            values.names().forEach(n -> m.put(n, values.first(n)));
            m.put("pause", text);
            Form.Result<Times> r = form.decode(FormData.of(m), CODEC, OptionSource.none());
            Times back = (Times) assertInstanceOf(Form.Valid.class, r, text + ": " + r).message();
            assertEquals(Duration.ofMinutes(90), back.pause(), text);
        }
    }

    @Test
    void typesThatCannotBeFormsAreRefusedNamingTheComponent() {
        FormException e = assertThrows(FormException.class, () -> Form.of(Recursive.class));
        assertTrue(e.getMessage().contains("contains itself"), e.getMessage());
        FormException o = assertThrows(FormException.class, () -> Form.of(OptionalRecord.class));
        assertTrue(o.getMessage().startsWith("OptionalRecord.box: an Optional of a record"), o.getMessage());
    }

    public record Recursive(String name, List<Recursive> children) implements Message {}

    public record OptionalRecord(Optional<Box> box) implements Message {}
}
