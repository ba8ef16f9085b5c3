package io.bussdcc.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Device;
import io.bussdcc.api.DeviceContext;
import io.bussdcc.api.ServiceState;
import io.bussdcc.api.message.DeviceDetached;
import io.bussdcc.web.TestMessages.Note;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ApiTest {

    record Thermometer(String id) implements Device {
        @Override
        public String kind() {
            return "thermometer";
        }

        @Override
        public void connect(DeviceContext ctx) {}
    }

    private static WebFixture start(WebInterface.Builder builder, Ticker ticker) {
        return WebFixture.start(builder.port(0).build(), r -> {
            r.addService(ticker);
            r.addDevice(new Thermometer("thermo-1"));
        });
    }

    @Test
    void stateIsServedWholeOrByPath() throws Exception {
        try (WebFixture f = start(WebInterface.builder(), new Ticker("ticker"))) {
            f.runtime.state().set("greenhouse.north.temperature", 21.5);
            f.runtime.state().set("greenhouse.north.sensors", List.of("t1", "h1"));
            f.runtime.state().set("greenhouse.lastNote", new Note("watered"));
            f.runtime.state().set("greenhouse.gain", 0.1f);
            String body = f.get("/api/state").body();
            assertTrue(body.contains("\"gain\":0.1,") || body.contains("\"gain\":0.1}"), "a float as written: " + body);
            f.runtime.state().remove("greenhouse.gain");
            Map<String, Object> state = JsonTree.object(f.get("/api/state").body());
            assertEquals(Map.of("north", Map.of("temperature", 21.5, "sensors", List.of("t1", "h1")),
                    "lastNote", Map.of("text", "watered")), state.get("greenhouse"));
            assertEquals(Map.of("temperature", 21.5, "sensors", List.of("t1", "h1")),
                    JsonTree.object(f.get("/api/state?path=greenhouse.north").body()));
            HttpResponse<String> missing = f.get("/api/state?path=greenhouse.south");
            assertEquals(404, missing.statusCode());
            assertTrue(missing.body().contains("greenhouse.south"));
            assertEquals("application/json", missing.headers().firstValue("Content-Type").orElse(""));
        }
    }

    @Test
    void servicesAreListedAndStartedAndStopped() throws Exception {
        Ticker ticker = new Ticker("ticker");
        try (WebFixture f = start(WebInterface.builder(), ticker)) {
            List<Object> services = JsonTree.array(f.get("/api/services").body());
            assertEquals(1, services.size());
            @SuppressWarnings("unchecked")
            Map<String, Object> s = (Map<String, Object>) services.get(0);
            assertEquals("ticker", s.get("name"));
            assertEquals("RUNNING", s.get("state"));
            assertEquals(100L, s.get("intervalMillis"));

            HttpResponse<String> stop = f.post("/api/services/ticker/stop");
            assertEquals(200, stop.statusCode(), stop.body());
            assertEquals("STOPPED", JsonTree.object(stop.body()).get("state"));
            assertEquals(ServiceState.STOPPED, f.runtime.services().info("ticker").orElseThrow().state());

            HttpResponse<String> start = f.post("/api/services/ticker/start");
            assertEquals(200, start.statusCode(), start.body());
            assertEquals(ServiceState.RUNNING, f.runtime.services().info("ticker").orElseThrow().state());

            assertEquals(404, f.post("/api/services/nope/stop").statusCode());
            assertEquals(404, f.post("/api/services/ticker/explode").statusCode());
            assertEquals(404, f.get("/api/services/ticker/stop").statusCode(), "control is POST only");
        }
    }

    @Test
    void controlActionsNeedTheToken() throws Exception {
        try (WebFixture f = start(WebInterface.builder().token("s3cret"), new Ticker("ticker"))) {
            HttpResponse<String> none = f.post("/api/services/ticker/stop");
            assertEquals(401, none.statusCode());
            assertEquals("Bearer", none.headers().firstValue("WWW-Authenticate").orElse(""));
            assertEquals(401, f.post("/api/services/ticker/stop", "Authorization", "Bearer wrong").statusCode());
            assertEquals(ServiceState.RUNNING, f.runtime.services().info("ticker").orElseThrow().state());
            assertEquals(200, f.post("/api/services/ticker/stop", "Authorization", "Bearer s3cret").statusCode());
            assertEquals(ServiceState.STOPPED, f.runtime.services().info("ticker").orElseThrow().state());
            assertEquals(200, f.get("/api/services").statusCode(), "reading needs no token");
        }
    }

    @Test
    void controlActionsFromAnotherOriginAreRefused() throws Exception {
        try (WebFixture f = start(WebInterface.builder().allowedOrigins("https://ops.example.com"), new Ticker("ticker"))) {
            assertEquals(403, f.post("/api/services/ticker/stop", "Origin", "http://evil.example").statusCode());
            assertEquals(ServiceState.RUNNING, f.runtime.services().info("ticker").orElseThrow().state());
            assertEquals(200, f.post("/api/services/ticker/stop", "Origin", "http://127.0.0.1:" + f.web.port())
                    .statusCode(), "same origin");
            assertEquals(200, f.post("/api/services/ticker/start", "Origin", "https://ops.example.com").statusCode(),
                    "allowed origin");
        }
    }

    @Test
    void devicesHealthAndVersions() throws Exception {
        try (WebFixture f = start(WebInterface.builder(), new Ticker("ticker"))) {
            assertEquals(List.of(Map.of("id", "thermo-1", "kind", "thermometer", "online", true)),
                    JsonTree.array(f.get("/api/devices").body()).stream()
                            .map(d -> withoutNulls(d)).toList());
            Map<String, Object> health = JsonTree.object(f.get("/api/health").body());
            assertEquals("UP", health.get("status"));
            assertEquals(Map.of("total", 1L, "running", 1L, "failed", 0L), health.get("services"));
            assertEquals(Map.of("total", 1L, "online", 1L), health.get("devices"));
            Map<String, Object> versions = JsonTree.object(f.get("/api/versions").body());
            assertEquals(java.lang.Runtime.version().toString(), ((Map<?, ?>) versions.get("java")).get("version"));
            List<?> names = ((List<?>) versions.get("modules")).stream().map(m -> ((Map<?, ?>) m).get("name")).toList();
            // In the tests the runtime is on the class path; the modules of the boot layer are listed.
            assertTrue(names.contains("io.bussdcc.web") && names.contains("io.bussdcc.api")
                    && names.contains("io.bussdcc.codec"), names.toString());
            assertTrue(((List<?>) versions.get("modules")).stream()
                    .allMatch(m -> ((Map<?, ?>) m).get("version") instanceof String), versions.toString());
            assertEquals("4.5.0", versions.get("helidon"));
        }
    }

    /** A device that, once connected, keeps the notes it hears. */
    record Listener(String id, List<String> heard) implements Device {
        @Override
        public String kind() {
            return "usb-sensor";
        }

        @Override
        public void connect(DeviceContext ctx) {
            ctx.subscribe(Note.class, e -> heard.add(e.payload().text()));
        }
    }

    @Test
    void aDeviceAttachedAfterBootHearsEventsAndIsListedUntilDetached() throws Exception {
        try (WebFixture f = start(WebInterface.builder(), new Ticker("ticker"))) {
            Listener plugged = new Listener("usb-7", new CopyOnWriteArrayList<>());
            f.runtime.attachDevice(plugged);
            f.runtime.emit(new Note("hello"));
            assertEquals(List.of("hello"), plugged.heard());
            assertEquals(List.of(Map.of("id", "thermo-1", "kind", "thermometer", "online", true),
                            Map.of("id", "usb-7", "kind", "usb-sensor", "online", true)),
                    JsonTree.array(f.get("/api/devices").body()).stream().map(d -> withoutNulls(d)).toList());

            assertTrue(f.runtime.detachDevice("usb-7"));
            f.runtime.emit(new Note("after"));
            assertEquals(List.of("hello"), plugged.heard(), "a detached device still hears events");
            assertEquals(List.of(new DeviceDetached("usb-7", "usb-sensor")), f.recorder.payloads(DeviceDetached.class));
            assertEquals(List.of(Map.of("id", "thermo-1", "kind", "thermometer", "online", true)),
                    JsonTree.array(f.get("/api/devices").body()).stream().map(d -> withoutNulls(d)).toList());
        }
    }

    @Test
    void identityComesFromStateWhenAnIdentityServicePutItThere() throws Exception {
        try (WebFixture f = start(WebInterface.builder(), new Ticker("ticker"))) {
            HttpResponse<String> absent = f.get("/api/identity");
            assertEquals(404, absent.statusCode());
            assertTrue(absent.body().contains("system.identity"), absent.body());
            f.runtime.state().set("system.identity", Map.of("hostname", "greenhouse-pi", "model", "Raspberry Pi 4"));
            assertEquals(Map.of("hostname", "greenhouse-pi", "model", "Raspberry Pi 4"),
                    JsonTree.object(f.get("/api/identity").body()));
        }
    }

    @Test
    void unknownApiPathsAnswerJson404() throws Exception {
        try (WebFixture f = start(WebInterface.builder(), new Ticker("ticker"))) {
            HttpResponse<String> r = f.get("/api/nothing/here");
            assertEquals(404, r.statusCode());
            assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withoutNulls(Object o) {
        Map<String, Object> m = new java.util.LinkedHashMap<>((Map<String, Object>) o);
        m.values().removeIf(java.util.Objects::isNull);
        return m;
    }
}
