package io.bussdcc.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.web.form.FormSamples;
import io.bussdcc.web.form.FormSamples.Settings;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The command panel over real HTTP: forms of the allowed types, posted as a browser posts them. */
class CommandPanelTest {

    static final String TYPE = "test.form:Settings";
    static final String GOOD = "device=pump-1&speed=55&limit=30.5&name=north&period=10s&color=GREEN&hours.0.%23=&hours.0=22";

    static WebFixture start(WebInterface.Builder builder) {
        return WebFixture.start(builder.port(0).discoverPlugins(false).allowFromWeb(Settings.class).build(),
                r -> r.messageTypes().register(Settings.class));
    }

    static String csrf(WebFixture f) throws Exception {
        HttpResponse<String> page = f.get("/commands/" + TYPE);
        assertEquals(200, page.statusCode(), page.body());
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([0-9a-f]+)\"").matcher(page.body());
        assertTrue(m.find(), page.body());
        return m.group(1);
    }

    static HttpResponse<String> post(WebFixture f, String body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(f.uri("/commands/" + TYPE)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return WebFixture.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends only the head of a post of {@code body}: what the server answers from its declared length. */
    static String postHead(WebFixture f, CharSequence body) throws IOException {
        return f.rawRequest("POST /commands/" + TYPE + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                + body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length + "\r\n\r\n");
    }

    static String errorFor(String html, String name) {
        Matcher m = Pattern.compile("data-error-for=\"" + Pattern.quote(name) + "\">([^<]*)<").matcher(html);
        return m.find() ? m.group(1).replace("&#39;", "'").replace("&quot;", "\"") : null;
    }

    @Test
    void theListNamesTheAllowedTypesAndLinksTheirForms() throws Exception {
        try (WebFixture f = start(WebInterface.builder())) {
            HttpResponse<String> list = f.get("/commands");
            assertEquals(200, list.statusCode());
            assertTrue(list.body().contains("<a href=\"/commands/test.form%3ASettings\" data-command=\"test.form:Settings\">Settings</a>"),
                    list.body());
            assertTrue(list.headers().firstValue("Content-Security-Policy").orElse("").contains("form-action 'self'"));
            assertTrue(list.body().contains("<a class=\"nav-link active\" href=\"/commands\" aria-current=\"page\">Commands</a>"),
                    list.body());
            assertTrue(list.body().contains("/assets/vendor/bootstrap.min.css"), list.body());
            assertTrue(list.body().matches("(?s).*data-footer>bussdcc \\S+ · Java \\S+</p>.*"),
                    "the footer names the framework and Java: " + list.body());
            assertEquals(404, f.get("/commands/test:Shutdown").statusCode(), "registered but not allowed");
            assertEquals(404, f.get("/commands/no.such:Type").statusCode());
            assertEquals(200, f.get("/assets/vendor/chart.umd.min.js").statusCode());
            assertEquals(200, f.get("/assets/vendor/chartjs-adapter-luxon.umd.min.js").statusCode());
            assertEquals(200, f.get("/assets/forms.js").statusCode());
        }
    }

    @Test
    void aValidPostEmitsTheMessageAndShowsItAfterTheRedirect() throws Exception {
        try (WebFixture f = start(WebInterface.builder())) {
            HttpResponse<String> r = post(f, GOOD + "&_csrf=" + csrf(f));
            assertEquals(303, r.statusCode(), r.body());
            String location = r.headers().firstValue("Location").orElseThrow();
            assertTrue(location.startsWith("/commands/test.form%3ASettings?flash="), location);
            Settings sent = f.recorder.await(Settings.class, s -> true, Duration.ofSeconds(5));
            assertEquals(new Settings("pump-1", 55, 30.5, "north", Duration.ofSeconds(10), FormSamples.Color.GREEN,
                    List.of(22), java.util.Map.of()), sent);
            HttpResponse<String> shown = f.get(location);
            assertTrue(shown.body().contains("Emitted test.form:Settings"), shown.body());
            assertTrue(shown.body().contains("&quot;device&quot;:&quot;pump-1&quot;"), "the flash is escaped: " + shown.body());
            assertTrue(!f.get(location).body().contains("Emitted"), "a flash is shown once");
        }
    }

    @Test
    void badInputIsA422WithTheFieldsMessageAndNothingIsEmitted() throws Exception {
        try (WebFixture f = start(WebInterface.builder())) {
            String csrf = "&_csrf=" + csrf(f);
            HttpResponse<String> wrongType = post(f, GOOD.replace("speed=55", "speed=fast") + csrf);
            assertEquals(422, wrongType.statusCode());
            assertEquals("must be a whole number", errorFor(wrongType.body(), "speed"));
            assertTrue(wrongType.body().contains("value=\"fast\""), "the user's value is kept");
            HttpResponse<String> outOfRange = post(f, GOOD.replace("limit=30.5", "limit=99") + csrf);
            assertEquals(422, outOfRange.statusCode());
            assertEquals("must be between 10 and 45", errorFor(outOfRange.body(), "limit"));
            HttpResponse<String> missing = post(f, GOOD.replace("name=north", "name=") + csrf);
            assertEquals(422, missing.statusCode());
            assertEquals("is required", errorFor(missing.body(), "name"));
            HttpResponse<String> unknown = post(f, GOOD + "&colour=RED" + csrf);
            assertEquals(422, unknown.statusCode());
            assertTrue(unknown.body().contains("unknown field &#39;colour&#39;"), unknown.body());
            HttpResponse<String> twice = post(f, GOOD + "&speed=60" + csrf);
            assertEquals(422, twice.statusCode());
            assertEquals("was given 2 times; give it once", errorFor(twice.body(), "speed"));
            StringBuilder rows = new StringBuilder(GOOD);
            for (int i = 1; i <= 2000; i++) {
                rows.append("&hours.").append(i).append("=1");
            }
            HttpResponse<String> tooManyRows = post(f, rows + csrf);
            assertEquals(422, tooManyRows.statusCode());
            assertEquals("has 2001 rows; at most 1000 are accepted", errorFor(tooManyRows.body(), "hours"));
            for (int i = 2001; i <= 10_000; i++) {
                rows.append("&hours.").append(i).append("=1");
            }
            // Only the head of an oversized post is sent: the server refuses it by its declared
            // length (a client still writing the body could otherwise see its connection reset).
            assertTrue(postHead(f, rows + csrf).startsWith("HTTP/1.1 413"), "10,000 rows are more than 64 KiB");
            assertTrue(postHead(f, GOOD.replace("name=north", "name=" + "x".repeat(1 << 20)) + csrf)
                    .startsWith("HTTP/1.1 413"), "a 1 MB field");
            assertEquals(List.of(), f.recorder.payloads(Settings.class));
            assertEquals(200, f.get("/api/health").statusCode(), "the server is healthy");
            assertEquals(303, post(f, GOOD + csrf).statusCode(), "and still takes a good post");
        }
    }

    @Test
    void tenThousandRowsWithinALargerBodyLimitAreRefusedByTheFieldLimit() throws Exception {
        try (WebFixture f = start(WebInterface.builder().maxBodySize(1 << 20))) {
            StringBuilder rows = new StringBuilder(GOOD);
            for (int i = 1; i < 10_000; i++) {
                rows.append("&hours.").append(i).append("=1");
            }
            HttpResponse<String> r = post(f, rows + "&_csrf=" + csrf(f));
            assertEquals(422, r.statusCode());
            assertTrue(r.body().contains("the form has more than 4096 fields"), r.body());
            assertEquals(List.of(), f.recorder.payloads(Settings.class));
        }
    }

    @Test
    void aPostNeedsTheOriginTheCsrfFieldTheTokenAndAFormBody() throws Exception {
        try (WebFixture f = start(WebInterface.builder().token("s3cret"))) {
            String csrf = "&_csrf=" + csrf(f);
            assertEquals(403, post(f, GOOD + csrf, "Origin", "http://evil.example").statusCode());
            assertEquals(403, post(f, GOOD + csrf, "Sec-Fetch-Site", "cross-site").statusCode());
            assertEquals(403, post(f, GOOD).statusCode(), "no CSRF field");
            assertEquals(403, post(f, GOOD + "&_csrf=00").statusCode(), "a wrong CSRF field");
            HttpResponse<String> json = WebFixture.HTTP.send(HttpRequest.newBuilder(f.uri("/commands/" + TYPE))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(415, json.statusCode());
            HttpResponse<String> noToken = post(f, GOOD + csrf);
            assertEquals(401, noToken.statusCode());
            assertTrue(noToken.body().contains("this command needs the token"), noToken.body());
            assertEquals(401, post(f, GOOD + csrf + "&_token=wrong").statusCode());
            assertEquals(List.of(), f.recorder.payloads(Settings.class));
            assertEquals(303, post(f, GOOD + csrf + "&_token=s3cret").statusCode());
            assertEquals(303, post(f, GOOD + csrf, "Authorization", "Bearer s3cret",
                    "Origin", "http://127.0.0.1:" + f.web.port()).statusCode());
            assertEquals(2, f.recorder.payloads(Settings.class).size());
        }
    }
}
