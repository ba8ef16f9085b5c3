package io.bussdcc.web.form;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.codec.EventCodec;
import io.bussdcc.web.form.FormNode.Rows;
import io.bussdcc.web.form.FormNode.Scalar;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code LocalDateTime} components: a datetime-local input showing the current value, the
 * submitted text checked beside the input, the codec's JSON for a good one, and a rendered
 * form submitted back to the same record through the codec.
 */
class FormLocalDateTimeTest {

    /** Only {@link #aRenderedVisitSubmitsBackToItself} gives it to a codec. */
    @MessageType("test.form:Visit")
    public record Visit(@FormField(label = "Arrives", required = true) LocalDateTime at, Optional<LocalDateTime> leaves,
                        List<LocalDateTime> reminders) implements Message {}

    private static final Form<Visit> FORM = Form.of(Visit.class);

    private static Map<String, String> good() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("at", "2026-03-09T23:45");
        m.put("leaves", "");
        m.put("reminders.0.#", "");
        m.put("reminders.0", "2026-03-09T22:00:30");
        return m;
    }

    @Test
    void theInputIsADatetimeLocalShowingTheCurrentValueAtItsPrecision() {
        Visit v = new Visit(LocalDateTime.of(2026, 3, 9, 23, 45), Optional.of(LocalDateTime.of(2026, 3, 10, 6, 0, 15)),
                List.of(LocalDateTime.of(2026, 3, 9, 22, 0, 0, 500_000_000), LocalDateTime.of(1, 1, 1, 0, 0, 0, 1)));
        FormData values = FORM.values(v);
        assertEquals("2026-03-09T23:45", values.first("at"));
        assertEquals("2026-03-10T06:00:15", values.first("leaves"));
        assertEquals("2026-03-09T22:00:00.500", values.first("reminders.0"));
        assertEquals("0001-01-01T00:00:00.000000001", values.first("reminders.1"));

        String html = FORM.render(values, Map.of(), OptionSource.none());
        assertTrue(html.contains("<input type=\"datetime-local\" class=\"form-control\" id=\"f-at\" name=\"at\" "
                + "value=\"2026-03-09T23:45\" required>"), html);
        // seconds need step 1, milliseconds 0.001, finer than that any: else the browser calls the value invalid
        assertTrue(html.contains("name=\"leaves\" value=\"2026-03-10T06:00:15\" step=\"1\">"), html);
        assertTrue(html.contains("value=\"2026-03-09T22:00:00.500\" step=\"0.001\" required>"), html);
        assertTrue(html.contains("value=\"0001-01-01T00:00:00.000000001\" step=\"any\" required>"), html);
        // what a browser submits from that HTML is what was shown
        FormData submitted = HtmlForm.submit(html);
        assertEquals(values.first("reminders.1"), submitted.first("reminders.1"));
        assertEquals("", HtmlForm.submit(FORM.render(FormData.empty(), Map.of(), OptionSource.none())).first("at"));
    }

    @Test
    void badTextIsReportedBesideItsInputAndNothingIsDecoded() {
        Map<String, String> m = good();
        m.put("at", "yesterday evening");
        m.put("leaves", "2026-02-30T10:00");
        m.put("reminders.0", "2026-03-09 22:00");
        m.put("reminders.7.#", "");
        m.put("reminders.7", "2026-03-09T22:00+01:00");
        // no codec is given: decoding stops at the field checks
        Form.Invalid<Visit> bad = assertInstanceOf(Form.Invalid.class, FORM.decode(FormData.of(m), null, OptionSource.none()));
        String expected = "must be a date and time (yyyy-mm-ddThh:mm)";
        assertEquals(Map.of("at", expected, "leaves", expected, "reminders.0", expected, "reminders.7", expected),
                bad.errors());

        String html = FORM.render(FormData.of(m), bad.errors(), OptionSource.none());
        assertTrue(html.contains("name=\"at\" aria-invalid=\"true\" aria-describedby=\"f-at-error\" value=\"yesterday evening\""), html);
        assertTrue(html.contains("data-error-for=\"at\">" + expected + "<"), html);
    }

    @Test
    void aMissingRequiredValueIsReported() {
        Map<String, String> m = good();
        m.put("at", " ");
        Form.Invalid<Visit> bad = assertInstanceOf(Form.Invalid.class, FORM.decode(FormData.of(m), null, OptionSource.none()));
        assertEquals(Map.of("at", "is required"), bad.errors());
        m.remove("at");
        bad = assertInstanceOf(Form.Invalid.class, FORM.decode(FormData.of(m), null, OptionSource.none()));
        assertEquals(Map.of("at", "is required"), bad.errors());
    }

    @Test
    void aRenderedVisitSubmitsBackToItself() throws Exception {
        MessageTypeRegistry registry = MessageTypeRegistry.withBuiltins();
        registry.register(Visit.class);
        EventCodec codec = new EventCodec(registry);
        Visit v = new Visit(LocalDateTime.of(2026, 3, 9, 23, 45), Optional.of(LocalDateTime.of(2026, 3, 10, 6, 0, 15, 500_000_000)),
                List.of(LocalDateTime.of(1, 1, 1, 0, 0), LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_999)));
        String html = FORM.render(FORM.values(v), Map.of(), OptionSource.none());
        Form.Result<Visit> back = FORM.decode(HtmlForm.submit(html), codec, OptionSource.none());
        assertEquals(v, assertInstanceOf(Form.Valid.class, back, back.toString()).message());
    }

    @Test
    void aGoodValueBecomesTheIsoTextTheCodecReads() throws Exception {
        Scalar at = (Scalar) FORM.model().components().get(0).node();
        assertEquals(FormNode.Kind.LOCAL_DATE_TIME, at.kind());
        assertEquals("\"2026-03-09T23:45:00\"", Scalars.toJson(at, "2026-03-09T23:45"));
        assertEquals("\"2026-03-09T23:45:02.5\"", Scalars.toJson(at, " 2026-03-09T23:45:02.500 "));
        assertEquals("\"0001-01-01T00:00:00.000000001\"", Scalars.toJson(at, "0001-01-01T00:00:00.000000001"));
        Scalar leaves = (Scalar) FORM.model().components().get(1).node();
        assertTrue(leaves.optional() && !leaves.required());
        Scalar reminder = (Scalar) ((Rows) FORM.model().components().get(2).node()).element();
        assertEquals(FormNode.Kind.LOCAL_DATE_TIME, reminder.kind());
        assertThrows(Scalars.Invalid.class, () -> Scalars.toJson(at, "2026-03-09T24:00"));
    }
}
