package io.bussdcc.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.web.form.FormData;
import io.bussdcc.web.page.Layout;
import io.bussdcc.web.page.Page;
import io.bussdcc.web.spi.WebPlugin;
import io.helidon.webserver.http.HttpRouting;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@link WebContext#acceptFormPost}: a page of one's own posting to its own route, under the command panel's rules. */
class OwnFormPostTest {

    /** A page with a form, and the route it posts to, which keeps what it accepted. */
    static final class NotesPlugin implements WebPlugin {
        final List<FormData> accepted = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "notes";
        }

        @Override
        public void register(HttpRouting.Builder routing, WebContext web) {
            routing.get("/notes", (req, res) -> Layout.of(req).send(req, res, Page.of("Notes",
                    "<form method=\"post\" action=\"/notes\">" + Layout.of(req).csrfField() + (web.tokenRequired() ? "<input type=\"password\" name=\"_token\">" : "")
                    + "<input name=\"text\"></form>")));
            routing.post("/notes", (req, res) -> {
                Optional<FormData> data = web.acceptFormPost(req, res);
                if (data.isPresent()) {
                    accepted.add(data.get());
                    res.send("kept " + data.get().first("text"));
                }
            });
        }
    }

    private static HttpResponse<String> post(WebFixture f, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(f.uri("/notes")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return WebFixture.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aPostNeedsTheOriginTheCsrfFieldTheTokenAndAFormBody() throws Exception {
        NotesPlugin notes = new NotesPlugin();
        try (WebFixture f = WebFixture.start(WebInterface.builder().port(0).discoverPlugins(false).plugin(notes)
                .token("s3cret").maxBodySize(8192).build())) {
            HttpResponse<String> page = f.get("/notes");
            Matcher m = Pattern.compile("name=\"_csrf\" value=\"([0-9a-f]+)\"").matcher(page.body());
            assertTrue(m.find(), page.body());
            String csrf = "&_csrf=" + m.group(1);
            assertTrue(page.body().contains("<input type=\"password\" name=\"_token\">"), "tokenRequired(): " + page.body());

            HttpResponse<String> evil = post(f, "text=a" + csrf + "&_token=s3cret", "Origin", "http://evil.example");
            assertEquals(403, evil.statusCode());
            assertEquals("posts from origin http://evil.example are not allowed", evil.body());
            assertEquals(403, post(f, "text=a" + csrf + "&_token=s3cret", "Sec-Fetch-Site", "cross-site").statusCode());
            HttpResponse<String> noCsrf = post(f, "text=a&_token=s3cret");
            assertEquals(403, noCsrf.statusCode());
            assertTrue(noCsrf.body().contains("CSRF"), noCsrf.body());
            assertEquals(403, post(f, "text=a&_csrf=00&_token=s3cret").statusCode());
            assertEquals(403, post(f, "text=a" + csrf + csrf + "&_token=s3cret").statusCode(), "the CSRF field twice");
            HttpResponse<String> json = WebFixture.HTTP.send(HttpRequest.newBuilder(f.uri("/notes"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(415, json.statusCode());
            HttpResponse<String> badEscape = post(f, "text=%zz" + csrf + "&_token=s3cret");
            assertEquals(400, badEscape.statusCode());
            HttpResponse<String> noToken = post(f, "text=a" + csrf);
            assertEquals(401, noToken.statusCode());
            assertEquals("this form needs the token", noToken.body());
            assertEquals(401, post(f, "text=a" + csrf + "&_token=wrong").statusCode());
            // only the head: the server refuses the body by its declared length, as CommandPanelTest
            assertTrue(f.rawRequest("POST /notes HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded"
                    + "\r\nContent-Length: 10000\r\n\r\n").startsWith("HTTP/1.1 413"), "a body over maxBodySize");
            assertEquals(List.of(), notes.accepted, "nothing refused reached the route");

            HttpResponse<String> ok = post(f, "text=hello+there" + csrf + "&_token=s3cret");
            assertEquals(200, ok.statusCode(), ok.body());
            assertEquals("kept hello there", ok.body());
            assertEquals(200, post(f, "text=b" + csrf, "Authorization", "Bearer s3cret",
                    "Origin", "http://127.0.0.1:" + f.web.port()).statusCode());
            assertEquals(2, notes.accepted.size());
            assertEquals(List.of("text"), List.copyOf(notes.accepted.getFirst().names()), "without _csrf and _token");
            assertEquals(200, f.get("/api/health").statusCode(), "the server is healthy");
        }
    }
}
