package io.bussdcc.web.form;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.web.form.FormSamples.Color;
import io.bussdcc.web.form.FormSamples.Lists;
import io.bussdcc.web.form.FormSamples.RequiredRows;
import io.bussdcc.web.form.FormSamples.Settings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad submissions: each input's problem is reported by its name, and nothing is decoded. */
class FormValidationTest {

    static final OptionSource DEVICES = name -> name.equals("devices") ? List.of(Option.of("pump-1"), Option.of("pump-2")) : null;
    final Form<Settings> form = Form.of(Settings.class);

    static Map<String, String> good() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("device", "pump-1");
        m.put("speed", "55");
        m.put("limit", "30.5");
        m.put("name", "north");
        m.put("period", "10s");
        m.put("color", "GREEN");
        m.put("hours.0.#", "");
        m.put("hours.0", "22");
        m.put("limits.3.#", "");
        m.put("limits.3.key", "pump-2");
        m.put("limits.3.value", "12.5");
        return m;
    }

    Map<String, String> errors(Map<String, String> fields) {
        Form.Result<Settings> r = form.decode(FormData.of(fields), FormRoundTripTest.CODEC, DEVICES);
        return assertInstanceOf(Form.Invalid.class, r, () -> "accepted " + r).errors();
    }

    Map<String, String> errors(String body) {
        Form.Result<Settings> r = form.decode(FormData.parse(body, 100_000), FormRoundTripTest.CODEC, DEVICES);
        return assertInstanceOf(Form.Invalid.class, r, () -> "accepted " + r).errors();
    }

    @Test
    void aGoodSubmissionDecodes() {
        Form.Result<Settings> r = form.decode(FormData.of(good()), FormRoundTripTest.CODEC, DEVICES);
        assertEquals(new Settings("pump-1", 55, 30.5, "north", Duration.ofSeconds(10), Color.GREEN, List.of(22),
                Map.of("pump-2", 12.5)), assertInstanceOf(Form.Valid.class, r).message());
    }

    @Test
    void wrongTypesAreReportedPerField() {
        Map<String, String> m = good();
        m.put("speed", "fast");
        m.put("limit", "0x1p3");
        m.put("period", "soon");
        m.put("color", "PURPLE");
        m.put("hours.0", "1.5");
        assertEquals(Map.of("speed", "must be a whole number", "limit", "must be a number",
                "period", "must be a duration such as 10s, 1h30m, 250ms or PT10S",
                "color", "'PURPLE' is not one of the choices", "hours.0", "must be a whole number"), errors(m));
    }

    @Test
    void outOfRangeValuesAndStepsAreReported() {
        Map<String, String> m = good();
        m.put("speed", "101");
        m.put("limit", "44.25");
        m.put("name", "n");
        m.put("hours.0", "24");
        m.put("limits.3.value", "-1");
        assertEquals(Map.of("speed", "must be between 0 and 100", "limit", "must be a multiple of 0.5 from 10",
                "name", "must be at least 2 characters long", "hours.0", "must be between 0 and 23",
                "limits.3.value", "must be between 0 and 50"), errors(m));
        m = good();
        m.put("speed", "7");
        assertEquals(Map.of("speed", "must be a multiple of 5 from 0"), errors(m));
        m.put("speed", "99999999999");
        assertEquals(Map.of("speed", "must be between -2147483648 and 2147483647"), errors(m));
    }

    @Test
    void missingRequiredValuesAreReported() {
        Map<String, String> m = good();
        m.remove("speed");
        m.put("name", "");
        m.put("color", "");
        m.put("device", "");
        m.put("limits.3.key", "");
        assertEquals(Map.of("device", "is required", "speed", "is required", "name", "is required", "color", "is required",
                "limits.3.key", "is required"), errors(m));
        assertEquals(Map.of("items", "needs at least one row"), assertInstanceOf(Form.Invalid.class,
                Form.of(RequiredRows.class).decode(FormData.empty(), FormRoundTripTest.CODEC, OptionSource.none())).errors());
    }

    @Test
    void choicesAreCheckedAgainstTheSourceAtSubmitTime() {
        Map<String, String> m = good();
        m.put("device", "pump-9");
        m.put("limits.3.key", "pump-7");
        assertEquals(Map.of("device", "'pump-9' is not one of the choices (pump-1, pump-2)",
                "limits.3.key", "'pump-7' is not one of the choices (pump-1, pump-2)"), errors(m));
    }

    @Test
    void unknownNamesAreReportedForTheWholeForm() {
        Map<String, String> m = good();
        m.put("sped", "5");
        m.put("hours.0.extra", "1");
        m.put("hours.x", "1");
        assertEquals(Map.of(Form.WHOLE_FORM, "unknown fields 'sped', 'hours.0.extra', 'hours.x'"), errors(m));
    }

    @Test
    void duplicateNamesAndKeysAreReported() {
        assertEquals(Map.of("speed", "was given 2 times; give it once"),
                errors(FormData.of(good()).encode() + "&speed=60"));
        Map<String, String> m = good();
        m.put("limits.4.key", "pump-2");
        m.put("limits.4.value", "1");
        assertEquals(Map.of("limits.4.key", "this key is already in an earlier row"), errors(m));
        Form<Lists> lists = Form.of(Lists.class);
        Form.Result<Lists> r = lists.decode(FormData.parse("numbers.0=1&numbers.5=2&numbers.9=1", 100),
                FormRoundTripTest.CODEC, OptionSource.none());
        assertEquals(Map.of("numbers.9", "is the same as an earlier row; a set holds each value once"),
                assertInstanceOf(Form.Invalid.class, r).errors());
    }

    @Test
    void tooManyRowsAreRefusedWithoutCheckingEachRow() {
        StringBuilder body = new StringBuilder(FormData.of(good()).encode());
        for (int i = 10; i < 10_010; i++) {
            body.append("&hours.").append(i).append("=x");
        }
        assertEquals(Map.of("hours", "has 10001 rows; at most 1000 are accepted"), errors(body.toString()));
        Map<String, String> two = new LinkedHashMap<>(good());
        two.put("hours.1", "1");
        two.put("hours.2", "2");
        assertEquals(Map.of("hours", "has 3 rows; at most 2 are accepted"), assertInstanceOf(Form.Invalid.class,
                form.maxRows(2).decode(FormData.of(two), FormRoundTripTest.CODEC, DEVICES)).errors());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FormData.parse(body.toString(), 4096));
        assertEquals("the form has more than 4096 fields", e.getMessage());
    }

    @Test
    void theRecordsOwnCheckLandsOnTheWholeFormWithItsMessage() {
        Map<String, String> m = good();
        m.put("speed", "100");
        m.put("limit", "44");
        assertEquals(Map.of(Form.WHOLE_FORM, "full speed needs a limit of at most 40"), errors(m));
    }

    @Test
    void theUsersValuesAndTheMessagesAreRenderedBack() {
        Map<String, String> m = good();
        m.put("speed", "<script>alert(1)</script>");
        Map<String, String> errors = errors(m);
        String html = form.render(FormData.of(m), errors, DEVICES);
        assertTrue(html.contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt;\""), html);
        assertTrue(html.contains("class=\"form-control is-invalid\""), html);
        assertEquals("must be a whole number", HtmlForm.errorFor(html, "speed"));
        assertTrue(html.contains("<option value=\"pump-1\" selected>pump-1</option>"), html);
        assertTrue(html.contains("<fieldset class=\"border rounded p-3 mb-3\" data-group=\"Advanced\">"), html);
    }

    @Test
    void aBodyThatIsNotUrlEncodedIsRefusedWithItsPlace() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FormData.parse("a=1&b=%zz", 10));
        assertTrue(e.getMessage().startsWith("field 2 of the form is not URL-encoded"), e.getMessage());
    }
}
