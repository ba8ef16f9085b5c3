package io.bussdcc.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Config;
import io.bussdcc.api.ConfigException;
import io.bussdcc.api.Process;
import io.bussdcc.api.message.InterfaceStarted;
import io.bussdcc.api.message.RuntimeShutdown;
import io.bussdcc.runtime.Composition;
import io.bussdcc.runtime.ProviderReport;
import io.bussdcc.runtime.Runtime;
import io.bussdcc.runtime.RuntimeBootException;
import io.bussdcc.testing.JsonTree;
import io.bussdcc.testing.RecordingSink;
import io.bussdcc.web.internal.WebInterfaceProvider;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebInterfaceLifecycleTest {

    @Test
    void listensOnAnEphemeralPortAndAnnouncesIt() throws Exception {
        WebInterface web = new WebInterface("127.0.0.1", 0);
        assertEquals(-1, web.port(), "no port before start");
        try (WebFixture f = WebFixture.start(web)) {
            assertTrue(web.port() > 0, "bound port reported");
            WebInterfaceStarted started = f.recorder.await(WebInterfaceStarted.class, s -> true, Duration.ofSeconds(1));
            assertEquals(new WebInterfaceStarted("127.0.0.1", web.port()), started);
            f.recorder.await(InterfaceStarted.class, s -> s.name().equals("web"), Duration.ofSeconds(1));
            assertEquals("http://127.0.0.1:" + web.port() + "/", web.uri().toString());
            HttpResponse<String> page = f.get("/");
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<title>bussdcc dashboard</title>"));
        }
        assertEquals(-1, web.port(), "no port after stop");
    }

    @Test
    void stopsListeningOnShutdown() throws Exception {
        WebInterface web = new WebInterface("127.0.0.1", 0);
        WebFixture f = WebFixture.start(web);
        var uri = f.uri("/api/health");
        f.close();
        assertThrows(ConnectException.class, () -> WebFixture.HTTP.send(
                java.net.http.HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void aBusyPortFailsTheBootClearlyAndTheRuntimeShutsDown() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            RecordingSink recorder = new RecordingSink();
            WebInterface web = new WebInterface("127.0.0.1", port);
            Runtime runtime = Runtime.builder().messageTypes(WebFixture.registry()).build();
            runtime.addSink(recorder).addInterface(web);
            RuntimeBootException e = assertThrows(RuntimeBootException.class, runtime::boot);
            assertTrue(e.getMessage().contains("cannot listen on 127.0.0.1:" + port), e.getMessage());
            assertInstanceOf(WebInterfaceException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("Address already in use"), e.getCause().getMessage());
            assertEquals(-1, web.port(), "no half-started server");
            assertEquals(1, recorder.payloads(RuntimeShutdown.class).size(), "the runtime shut down");
            assertTrue(recorder.payloads(WebInterfaceStarted.class).isEmpty());
        }
    }

    @Test
    void theSameInterfaceCanServeAgainInANewRuntime() throws Exception {
        WebInterface web = new WebInterface("127.0.0.1", 0);
        try (WebFixture f = WebFixture.start(web)) {
            assertEquals(200, f.get("/api/health").statusCode());
        }
        try (WebFixture f = WebFixture.start(web)) {
            assertEquals(200, f.get("/api/health").statusCode());
        }
    }

    @Test
    void anUnregisteredAllowFromWebNameFailsTheStartNamingIt() {
        WebInterface web = WebInterface.builder().port(0).allowFromWeb("test:Nope").build();
        RuntimeBootException e = assertThrows(RuntimeBootException.class, () -> WebFixture.start(web));
        assertTrue(e.getMessage().contains("test:Nope"), e.getMessage());
    }

    @Test
    void theProviderBuildsAnInterfaceFromConfiguration() throws Exception {
        Process p = new WebInterfaceProvider().create(Config.of(Map.of(
                "host", "127.0.0.1", "port", "0", "token", "s3cret",
                "allow-from-web", "test:SetLevel, test:Note", "queue-size", "8")));
        WebInterface web = assertInstanceOf(WebInterface.class, p);
        assertEquals("web", web.name());
        try (WebFixture f = WebFixture.start(web)) {
            Map<String, Object> types = JsonTree.object(f.get("/api/types").body());
            assertEquals(java.util.List.of("test:Note", "test:SetLevel"), types.get("allowFromWeb"));
            assertEquals(401, f.post("/api/services/x/stop").statusCode(), "the token is required");
        }
    }

    @Test
    void aBadConfigurationValueNamesItsKey() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new WebInterfaceProvider().create(Config.of(Map.of("port", "70000"))));
        assertTrue(e.getMessage().contains("'port'") && e.getMessage().contains("70000"), e.getMessage());
        ConfigException origins = assertThrows(ConfigException.class,
                () -> new WebInterfaceProvider().create(Config.of(Map.of("allowed-origins", "ftp://x/y"))));
        assertTrue(origins.getMessage().contains("allowed-origins"), origins.getMessage());
        for (String blank : new String[] {"", " "}) {
            ConfigException token = assertThrows(ConfigException.class,
                    () -> new WebInterfaceProvider().create(Config.of(Map.of("token", blank))));
            assertTrue(token.getMessage().startsWith("configuration key 'token': the token is blank"), token.getMessage());
        }
        for (String size : new String[] {"2147483647", "65537", "0"}) {
            ConfigException queue = assertThrows(ConfigException.class,
                    () -> new WebInterfaceProvider().create(Config.of(Map.of("queue-size", size))));
            assertEquals("configuration key 'queue-size': the queue size is " + size + "; it must be 1..65536 events"
                    + " per connection", queue.getMessage());
        }
        assertInstanceOf(WebInterface.class, new WebInterfaceProvider().create(Config.of(Map.of("queue-size", "65536"))));
    }

    @Test
    void aRuntimeComposedFromTheModulePathGetsTheWebInterface() {
        Composition c = Composition.discover(ModuleLayer.boot(), Config.of(Map.of("interface.web.port", "0")));
        ProviderReport web = c.report().stream()
                .filter(r -> r.kind().equals("interface") && r.name().equals("web"))
                .findFirst().orElseThrow(() -> new AssertionError("no web interface provider in " + c.report()));
        assertTrue(web.enabled());
        assertEquals("io.bussdcc.web", web.module());
        assertTrue(c.report().stream().anyMatch(r -> r.kind().equals("types")
                && r.name().equals("io.bussdcc.web.internal.WebMessageTypes")), c.report().toString());
    }
}
