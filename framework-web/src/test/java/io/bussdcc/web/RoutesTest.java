package io.bussdcc.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.runtime.RuntimeBootException;
import io.bussdcc.testing.JsonTree;
import io.bussdcc.testing.RecordingProcess;
import io.bussdcc.testing.TestMessages.Alarm;
import io.bussdcc.testing.TestMessages.Note;
import io.bussdcc.web.spi.WebAsset;
import io.bussdcc.web.spi.WebPlugin;
import io.helidon.webserver.http.HttpRouting;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutesTest {

    /** An application's web interface with its own routes. */
    static final class GreenhouseWeb extends WebInterface {
        GreenhouseWeb(WebInterface.Builder builder) {
            super(builder.port(0).discoverPlugins(false));
        }

        @Override
        protected void registerRoutes(HttpRouting.Builder routing, WebContext web) {
            routing.get("/hello", (req, res) -> res.send("hello, port " + web.port()));
            routing.post("/notes/{text}", (req, res) -> {
                WebInterface.emit(new Note(req.path().pathParameters().get("text")));
                res.send("noted");
            });
            routing.post("/alarm", (req, res) -> {
                WebInterface.of(req).emit(new Alarm("from the context"));
                res.status(202).send();
            });
        }
    }

    /** A plugin with a route, a script and a widget. */
    record GreenhousePlugin(String name, String answer) implements WebPlugin {
        @Override
        public void register(HttpRouting.Builder routing, WebContext web) {
            routing.get("/greenhouse", (req, res) -> res.send(answer));
        }

        @Override
        public List<WebAsset> assets() {
            return List.of(new WebAsset("js/widget.js", "text/javascript; charset=utf-8",
                    "bussdcc.registerWidget('greenhouse', el => el.textContent = 'ok');".getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public List<Widget> widgets() {
            return List.of(new Widget("greenhouse", "Greenhouse", "js/widget.js"));
        }
    }

    @Test
    void aSubclassAddsRoutes() throws Exception {
        try (WebFixture f = WebFixture.start(new GreenhouseWeb(WebInterface.builder()))) {
            HttpResponse<String> r = f.get("/hello");
            assertEquals(200, r.statusCode());
            assertEquals("hello, port " + f.web.port(), r.body());
            assertEquals(200, f.get("/").statusCode(), "the dashboard is still there");
        }
    }

    @Test
    void aRouteEmitsIntoTheRuntimeAndAProcessReceivesIt() throws Exception {
        RecordingProcess<Note> notes = new RecordingProcess<>(Note.class);
        RecordingProcess<Alarm> alarms = new RecordingProcess<>(Alarm.class);
        try (WebFixture f = WebFixture.start(new GreenhouseWeb(WebInterface.builder()), r -> {
            r.addProcess(notes);
            r.addProcess(alarms);
        })) {
            HttpResponse<String> r = f.post("/notes/tomatoes-ripe");
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(new Note("tomatoes-ripe"), notes.next());
            assertEquals(202, f.post("/alarm").statusCode());
            assertEquals(new Alarm("from the context"), alarms.next());
        }
    }

    @Test
    void emittingOutsideARequestIsAClearError() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> WebInterface.emit(new Note("x")));
        assertTrue(e.getMessage().contains("route handler"), e.getMessage());
    }

    @Test
    void aSubclassCanReplaceTheDashboard() throws Exception {
        WebInterface web = new WebInterface(WebInterface.builder().port(0)) {
            @Override
            protected void registerRoutes(HttpRouting.Builder routing, WebContext ctx) {
                routing.get("/", (req, res) -> res.send("my own home"));
            }
        };
        try (WebFixture f = WebFixture.start(web)) {
            assertEquals("my own home", f.get("/").body());
            assertEquals(200, f.get("/assets/bussdcc.js").statusCode());
        }
    }

    @Test
    void pluginsAddRoutesAssetsAndWidgetsAndTheFirstOfANameWins() throws Exception {
        WebInterface web = WebInterface.builder().port(0).discoverPlugins(false)
                .plugin(new GreenhousePlugin("greenhouse", "first"))
                .plugin(new GreenhousePlugin("greenhouse", "second"))
                .build();
        try (WebFixture f = WebFixture.start(web)) {
            assertEquals("first", f.get("/greenhouse").body());
            HttpResponse<String> script = f.get("/plugins/greenhouse/js/widget.js");
            assertEquals(200, script.statusCode());
            assertTrue(script.body().contains("registerWidget('greenhouse'"));
            assertEquals("text/javascript; charset=utf-8", script.headers().firstValue("Content-Type").orElse(""));
            List<Object> plugins = JsonTree.array(f.get("/api/plugins").body());
            assertEquals(1, plugins.size(), "de-duplicated by name");
            @SuppressWarnings("unchecked")
            Map<String, Object> plugin = (Map<String, Object>) plugins.get(0);
            assertEquals(List.of(Map.of("name", "greenhouse", "title", "Greenhouse",
                    "script", "/plugins/greenhouse/js/widget.js")), plugin.get("widgets"));
        }
    }

    @Test
    void aPluginWithAnInvalidNameFailsTheStart() {
        WebInterface web = WebInterface.builder().port(0).discoverPlugins(false)
                .plugin(new GreenhousePlugin("Green House", "x")).build();
        RuntimeBootException e = assertThrows(RuntimeBootException.class, () -> WebFixture.start(web));
        assertTrue(e.getMessage().contains("Green House"), e.getMessage());
    }

    @Test
    void assetPathsArePlainRelativePaths() {
        for (String bad : List.of("../x.js", "a/../b.js", "/abs.js", ".hidden", "a//b", "a/./b", "a\\b", "%2e%2e/x")) {
            assertThrows(IllegalArgumentException.class, () -> new WebAsset(bad, "text/plain", new byte[0]), bad);
        }
        assertEquals("js/app.min.js", new WebAsset("js/app.min.js", "text/javascript", new byte[0]).path());
    }

    @Test
    void staticFilesAreServedWithTypesAndValidators() throws Exception {
        try (WebFixture f = WebFixture.start(WebInterface.builder())) {
            HttpResponse<String> css = f.get("/assets/dashboard.css");
            assertEquals(200, css.statusCode());
            assertEquals("text/css; charset=utf-8", css.headers().firstValue("Content-Type").orElse(""));
            String etag = css.headers().firstValue("ETag").orElseThrow();
            assertEquals(304, f.get("/assets/dashboard.css", "If-None-Match", etag).statusCode());
            HttpResponse<byte[]> icon = WebFixture.HTTP.send(HttpRequest.newBuilder(f.uri("/favicon.ico")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, icon.statusCode());
            assertEquals("image/x-icon", icon.headers().firstValue("Content-Type").orElse(""));
            assertEquals(0, icon.body()[0]);
            assertEquals(1, icon.body()[2], "an ICO header");
            HttpResponse<String> page = f.get("/");
            assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
            assertEquals(404, f.get("/assets/missing.js").statusCode());
        }
    }

    @Test
    void noRequestPathEscapesTheStaticFiles() throws Exception {
        try (WebFixture f = WebFixture.start(WebInterface.builder())) {
            for (String target : List.of(
                    "/assets/../module-info.class",
                    "/assets/..%2fmodule-info.class",
                    "/assets/%2e%2e/%2e%2e/io/bussdcc/web/WebInterface.class",
                    "/assets/%2e%2e%2f%2e%2e%2fWebInterface.class",
                    "/assets/..%5c..%5cmodule-info.class",
                    "/assets//etc/passwd",
                    "/assets/%2fetc%2fpasswd",
                    "/plugins/../WebInterface.class",
                    "/../../../../etc/passwd",
                    "/assets/./../../../../../../etc/passwd",
                    "/assets/index.html%00.css")) {
                String response = f.rawGet(target);
                String status = response.substring(0, response.indexOf("\r\n"));
                assertFalse(status.contains(" 200 "), target + " answered " + status);
                assertFalse(response.contains("\u00ca\u00fe\u00ba\u00be"), target + " served a class file");
                assertFalse(response.contains("root:x:"), target + " served /etc/passwd");
            }
        }
    }

    @Test
    void requestBodiesAreLimited() throws Exception {
        try (WebFixture f = WebFixture.start(new GreenhouseWeb(WebInterface.builder().maxBodySize(1024)))) {
            // Only the head is sent: the server must refuse by the declared length, before reading
            // (a client still writing the body could otherwise see its connection reset).
            String refused = f.rawRequest("POST /notes/big HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: text/plain\r\nContent-Length: 100000\r\n\r\n");
            assertTrue(refused.startsWith("HTTP/1.1 413"), refused);
            HttpResponse<String> small = WebFixture.HTTP.send(HttpRequest.newBuilder(f.uri("/notes/small"))
                    .POST(HttpRequest.BodyPublishers.ofString("x".repeat(100))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, small.statusCode());
        }
    }
}
