package io.bussdcc.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.testing.TestMessages;
import io.bussdcc.testing.WsClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Clients that misbehave on purpose (issue 16): each test fails without the fix it names. */
class HostileClientsTest {

    /** Polls {@code done} every 20 ms, at most 500 times (10 s); fails with {@code state} when it never holds. */
    static void await(BooleanSupplier done, Supplier<String> state) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            if (done.getAsBoolean()) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("not reached in 10 s: " + state.get());
    }

    // ---- item 1: dead connections -------------------------------------------------------

    @Test
    void connectionsDroppedWithoutACloseFrameAreRemovedAtOnce() throws Exception {
        // Subscribed to nothing that is emitted, so no send ever fails: only the end of the stream tells.
        try (WebFixture f = WebFixture.start(WebInterface.builder())) {
            List<FrameSocket> clients = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                FrameSocket s = FrameSocket.open(f.web, "/ws?types=nothing:Matches");
                assertTrue(s.upgraded(), s.handshake);
                assertTrue(s.readText().contains("\"op\":\"hello\""));
                clients.add(s);
            }
            assertEquals(50, f.web.connections().size());
            for (FrameSocket s : clients) {
                s.close(); // FIN, no close frame
            }
            await(() -> f.web.connections().isEmpty() && f.web.senderThreads() == 0,
                    () -> f.web.connections().size() + " connections, " + f.web.senderThreads() + " sender threads left");
        }
    }

    @Test
    void aPeerThatNeverAnswersPingsIsClosedAfterTheIdleTimeout() throws Exception {
        try (WebFixture f = WebFixture.start(WebInterface.builder().idleTimeout(Duration.ofMillis(600)));
                FrameSocket s = FrameSocket.open(f.web, "/ws?types=nothing:Matches")) {
            assertTrue(s.readText().contains("\"op\":\"hello\""));
            FrameSocket.Frame ping = s.readControl();
            assertNotNull(ping, "the server pings a silent peer");
            assertEquals(0x9, ping.opcode());
            FrameSocket.Frame close = s.readControl(); // we never answer
            for (int i = 0; i < 5 && close != null && close.opcode() == 0x9; i++) {
                close = s.readControl(); // a ping every third of the timeout
            }
            assertNotNull(close, "the server closes a peer that does not answer");
            assertEquals(0x8, close.opcode());
            assertEquals(1001, close.closeCode());
            assertTrue(s.endsStream(), "the socket is closed after the close frame");
            await(() -> f.web.connections().isEmpty(), () -> f.web.connections().size() + " connections left");
        }
    }

    @Test
    void aPeerThatAnswersPingsStaysConnected() throws Exception {
        try (WebFixture f = WebFixture.start(WebInterface.builder().idleTimeout(Duration.ofMillis(300)));
                FrameSocket s = FrameSocket.open(f.web, "/ws?types=nothing:Matches")) {
            assertTrue(s.readText().contains("\"op\":\"hello\""));
            // Ten pings answered span more than three idle timeouts (one every third of it at most).
            for (int i = 0; i < 10; i++) {
                FrameSocket.Frame ping = s.readControl();
                assertNotNull(ping, "ping " + i);
                assertEquals(0x9, ping.opcode(), "frame " + i + " is a ping, not a close");
                s.send(0xA, ping.payload());
            }
            assertEquals(1, f.web.connections().size());
        }
    }

    @Test
    void aClientsPingIsAnsweredWithAPongCarryingItsPayload() throws Exception {
        try (WebFixture f = WebFixture.start(WebInterface.builder());
                FrameSocket s = FrameSocket.open(f.web, "/ws?types=nothing:Matches")) {
            assertTrue(s.readText().contains("\"op\":\"hello\""));
            byte[] payload = "are you there".getBytes(StandardCharsets.UTF_8);
            s.send(0x9, payload);
            FrameSocket.Frame pong = s.readControl();
            assertNotNull(pong);
            assertEquals(0xA, pong.opcode());
            assertArrayEquals(payload, pong.payload());
        }
    }

    // ---- item 2: DNS rebinding ----------------------------------------------------------

    private static String request(WebFixture f, String method, String target, String host, String extra) throws Exception {
        return f.rawRequest(method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\n" + extra
                + "Content-Length: 0\r\nConnection: close\r\n\r\n");
    }

    @Test
    void aRebindingHostIsRefusedForReadsControlAndTheWebSocket() throws Exception {
        try (WebFixture f = WebFixture.start(WebInterface.builder())) {
            String evil = "rebind.evil.example:" + f.web.port();
            String origin = "Origin: http://" + evil + "\r\n";
            String read = request(f, "GET", "/api/health", evil, "");
            assertTrue(read.startsWith("HTTP/1.1 403"), read);
            assertTrue(read.contains("is not a name of this server"), read);
            String control = request(f, "POST", "/api/services/anything/start", evil, origin);
            assertTrue(control.startsWith("HTTP/1.1 403"), control);
            assertTrue(request(f, "GET", "/", evil, "").startsWith("HTTP/1.1 403"), "the dashboard page too");
            try (FrameSocket ws = FrameSocket.open(f.web, "/ws", evil, origin)) {
                assertTrue(!ws.upgraded(), ws.handshake);
            }
            assertEquals(0, f.web.connections().size());
            // The server's own names and any address pass.
            for (String ok : List.of("127.0.0.1:" + f.web.port(), "localhost:" + f.web.port(), "LOCALHOST.",
                    "app.localhost:" + f.web.port(), "[::1]:" + f.web.port(), "10.1.2.3")) {
                String r = request(f, "GET", "/api/health", ok, "");
                assertTrue(r.startsWith("HTTP/1.1 200"), ok + ": " + r);
            }
            try (FrameSocket ws = FrameSocket.open(f.web, "/ws", "localhost:" + f.web.port(),
                    "Origin: http://localhost:" + f.web.port() + "\r\n")) {
                assertTrue(ws.upgraded(), ws.handshake);
            }
        }
    }

    @Test
    void configuredHostsAndDomainsPass() throws Exception {
        try (WebFixture f = WebFixture.start(WebInterface.builder().allowedHosts("dash.example.org", ".example.com"))) {
            for (String ok : List.of("dash.example.org", "example.com", "a.b.example.com:8443")) {
                assertTrue(request(f, "GET", "/api/health", ok, "").startsWith("HTTP/1.1 200"), ok);
            }
            for (String bad : List.of("evil.example.org", "notexample.com", "example.com.evil.net")) {
                assertTrue(request(f, "GET", "/api/health", bad, "").startsWith("HTTP/1.1 403"), bad);
            }
            // A port that is not a number: refused (Helidon answers 400 before us).
            assertTrue(!request(f, "GET", "/api/health", "localhost:x", "").startsWith("HTTP/1.1 200"));
        }
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> WebInterface.builder().allowedHosts("http://x.example"));
        assertTrue(e.getMessage().contains("'http://x.example'"), e.getMessage());
    }

    // ---- item 3: subscriptions that would stall the bus ---------------------------------

    /** {@code n} never-matching prefix patterns. */
    private static String patterns(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append("\"nothing").append(i).append(":*\"");
        }
        return b.toString();
    }

    @Test
    void eventsAreRoutedByTypeNotMatchedAgainstEveryPatternPerEvent() throws Exception {
        try (WebFixture f = WebFixture.start(WebInterface.builder())) {
            List<WsClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    WsClient ws = WsClient.connect(f.ws(""));
                    ws.await("hello");
                    ws.send("{\"op\":\"subscribe\",\"types\":[" + patterns(200) + ",\"test:Alarm\"]}");
                    ws.await("subscribed");
                    clients.add(ws);
                }
                f.runtime.emit(new TestMessages.Note("first: routes the type"));
                f.runtime.emit(new TestMessages.Alarm("first"));
                EventHub hub = f.web.hub();
                long before = hub.typeChecks();
                for (int i = 0; i < 1000; i++) {
                    f.runtime.emit(new TestMessages.Note("never wanted " + i));
                    f.runtime.emit(new TestMessages.Alarm("wanted " + i));
                }
                assertEquals(before, hub.typeChecks(), "2,000 events of known types matched no pattern");
                for (WsClient ws : clients) {
                    assertEquals("wanted 999", ((java.util.Map<?, ?>) ws.await("event",
                            m -> ((java.util.Map<?, ?>) m.get("data")).get("text").equals("wanted 999"),
                            Duration.ofSeconds(10)).get("data")).get("text"));
                }
                // A resubscription is routed at once: the next Note goes to the client that now wants it.
                WsClient first = clients.get(0);
                first.send("{\"op\":\"subscribe\",\"types\":[\"test:Note\"]}");
                first.await("subscribed");
                f.runtime.emit(new TestMessages.Note("now wanted"));
                first.await("event", m -> ((java.util.Map<?, ?>) m.get("data")).get("text").equals("now wanted"),
                        Duration.ofSeconds(10));
            } finally {
                clients.forEach(WsClient::close);
            }
        }
    }

    @Test
    void patternsPerSubscriptionAndConnectionsPerServerAreCapped() throws Exception {
        try (WebFixture f = WebFixture.start(WebInterface.builder().maxPatterns(10).maxConnections(2));
                WsClient a = WsClient.connect(f.ws("")); WsClient b = WsClient.connect(f.ws(""))) {
            a.await("hello");
            b.await("hello");
            a.send("{\"op\":\"subscribe\",\"id\":1,\"types\":[" + patterns(11) + "]}");
            java.util.Map<String, Object> error = a.await("error");
            assertEquals("too-many-patterns", error.get("code"));
            assertTrue(((String) error.get("message")).contains("at most 10"), (String) error.get("message"));
            a.send("{\"op\":\"subscribe\",\"id\":2,\"types\":[" + patterns(10) + "]}");
            assertEquals(2L, a.await("subscribed").get("id"));
            try (FrameSocket third = FrameSocket.open(f.web, "/ws")) {
                assertTrue(!third.upgraded(), "a third connection is refused: " + third.handshake);
            }
            try (FrameSocket tooMany = FrameSocket.open(f.web, "/ws?types=" + patterns(11).replace("\"", ""))) {
                assertTrue(!tooMany.upgraded(), tooMany.handshake);
            }
            assertEquals(2, f.web.connections().size());
        }
    }

    // ---- item 12: forged framework events, and where web emits came from --------------

    @Test
    void frameworkTypesCannotBeAllowedFromTheWeb() {
        for (WebInterface.Builder b : List.of(
                WebInterface.builder().allowFromWeb(io.bussdcc.api.message.ServiceFailure.class),
                WebInterface.builder().allowFromWeb(TestMessages.SetLevel.class, io.bussdcc.api.message.RuntimeShutdown.class))) {
            io.bussdcc.runtime.Runtime runtime = io.bussdcc.runtime.Runtime.builder().messageTypes(WebFixture.registry()).build();
            runtime.addInterface(b.port(0).build());
            Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, runtime::boot);
            Throwable cause = e;
            while (cause != null && !(cause instanceof WebInterfaceException)) {
                cause = cause.getCause();
            }
            assertNotNull(cause, "the boot fails because of the allow-list: " + e);
            assertTrue(cause.getMessage().contains("framework type"), cause.getMessage());
            assertTrue(cause.getMessage().contains("ServiceFailure") || cause.getMessage().contains("RuntimeShutdown"),
                    cause.getMessage());
            runtime.shutdown("test over");
        }
        // By name too.
        String name = WebFixture.registry().nameOf(io.bussdcc.api.message.RuntimeShutdown.class);
        io.bussdcc.runtime.Runtime runtime = io.bussdcc.runtime.Runtime.builder().messageTypes(WebFixture.registry()).build();
        runtime.addInterface(WebInterface.builder().port(0).allowFromWeb(name).build());
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, runtime::boot);
        assertTrue(String.valueOf(e.getMessage()).contains(name) || String.valueOf(e.getCause()).contains(name), e.toString());
        runtime.shutdown("test over");
    }

    @Test
    void aWebEmitIsPrecededByItsOriginInTheLog() throws Exception {
        try (WebFixture f = WebFixture.start(WebInterface.builder().allowFromWeb(TestMessages.SetLevel.class));
                WsClient ws = WsClient.connect(f.ws(""))) {
            long connection = (Long) ws.await("hello").get("connection");
            ws.send("{\"op\":\"emit\",\"id\":1,\"type\":\"test:SetLevel\",\"data\":{\"target\":\"north\",\"level\":3}}");
            ws.await("emitted");
            f.recorder.await(TestMessages.SetLevel.class, m -> true, Duration.ofSeconds(5));
            List<io.bussdcc.api.Message> all = f.recorder.payloads();
            int at = all.indexOf(new TestMessages.SetLevel("north", 3));
            assertTrue(at > 0, "the message is recorded: " + all);
            FromWeb origin = (FromWeb) all.get(at - 1);
            assertEquals(new FromWeb("web", connection, f.web.connections().get(0).remote(), "test:SetLevel"), origin);
            assertTrue(origin.remote().contains("127.0.0.1"), origin.remote());
            // As a log line: an ordinary event of a registered type.
            String line = new io.bussdcc.codec.EventCodec(f.runtime.context().messageTypes())
                    .toJson(new io.bussdcc.api.Event<>(java.time.Instant.EPOCH, origin));
            assertTrue(line.contains("\"bussdcc.web:FromWeb\"") && line.contains("\"connection\":" + connection), line);
        }
    }

    // ---- item 4: authentication ------------------------------------------------------

    @Test
    void beyondLoopbackATokenIsGeneratedAndRequired() throws Exception {
        // 0.0.0.0 is beyond loopback; the test still talks to it on 127.0.0.1.
        try (WebFixture f = WebFixture.start(WebInterface.builder().host("0.0.0.0"))) {
            String token = f.web.tokenInForce();
            assertNotNull(token, "a token was generated");
            assertTrue(token.length() >= 32, token);
            assertEquals(401, f.post("/api/services/x/start").statusCode());
            assertEquals(404, f.post("/api/services/x/start", "Authorization", "Bearer " + token).statusCode(),
                    "with the token the action is tried (no such service)");
        }
        try (WebFixture f = WebFixture.start(WebInterface.builder().host("0.0.0.0").requireToken(false))) {
            assertEquals(null, f.web.tokenInForce(), "turned off explicitly");
        }
        try (WebFixture f = WebFixture.start(WebInterface.builder())) {
            assertEquals(null, f.web.tokenInForce(), "loopback: none by default");
        }
    }

    @Test
    void protectedReadsNeedTheToken() throws Exception {
        try (WebFixture f = WebFixture.start(WebInterface.builder().token("s3cret").protectReads(true))) {
            for (String path : List.of("/api/state", "/api/identity", "/api/connections", "/api/health")) {
                assertEquals(401, f.get(path).statusCode(), path);
                assertEquals(200 == f.get(path, "Authorization", "Bearer s3cret").statusCode()
                        || path.equals("/api/identity"), true, path);
            }
            assertEquals(200, f.get("/").statusCode(), "the page itself is public; it asks for the token");
            try (FrameSocket ws = FrameSocket.open(f.web, "/ws")) {
                assertTrue(!ws.upgraded(), "the event stream without the token: " + ws.handshake);
            }
            try (FrameSocket ws = FrameSocket.open(f.web, "/ws?token=s3cret")) {
                assertTrue(ws.upgraded(), ws.handshake);
            }
        }
    }

    @Test
    void wrongTokensCloseTheConnectionAfterFive() throws Exception {
        try (WebFixture f = WebFixture.start(WebInterface.builder().token("s3cret").allowFromWeb(TestMessages.SetLevel.class))) {
            // HTTP: one keep-alive connection guessing
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", f.web.port())) {
                s.setSoTimeout(10_000);
                java.io.OutputStream out = s.getOutputStream();
                java.io.InputStream in = s.getInputStream();
                StringBuilder all = new StringBuilder();
                boolean ended = false;
                for (int i = 0; i < 10 && !ended; i++) {
                    out.write(("POST /api/services/x/start HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer guess" + i
                            + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    // read one response: head, then Content-Length bytes
                    StringBuilder head = new StringBuilder();
                    int b;
                    while (head.indexOf("\r\n\r\n") < 0 && (b = in.read()) >= 0) {
                        head.append((char) b);
                    }
                    if (head.isEmpty()) {
                        ended = true;
                        break;
                    }
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
                    in.readNBytes(m.find() ? Integer.parseInt(m.group(1)) : 0);
                    all.append(head.toString().lines().findFirst().orElse("")).append('\n');
                    ended = in.available() == 0 && head.toString().toLowerCase().contains("connection: close") && waitEnd(in);
                }
                assertTrue(ended, "the connection stayed open after 10 wrong tokens: " + all);
                assertEquals(6, all.toString().lines().count(), "five 401s, then a last 401 and the close: " + all);
            }
            // WebSocket: emits with wrong tokens
            try (FrameSocket ws = FrameSocket.open(f.web, "/ws?types=nothing:Matches")) {
                ws.readText(); // hello
                for (int i = 0; i < 5; i++) {
                    ws.sendText("{\"op\":\"emit\",\"type\":\"test:SetLevel\",\"data\":{\"target\":\"a\",\"level\":1},\"token\":\"guess" + i + "\"}");
                    assertTrue(ws.readText().contains("unauthorized"));
                }
                FrameSocket.Frame close = ws.readControl();
                assertNotNull(close);
                assertEquals(0x8, close.opcode());
                assertEquals(1008, close.closeCode());
            }
        }
    }

    private static boolean waitEnd(java.io.InputStream in) throws java.io.IOException {
        try {
            return in.read() < 0;
        } catch (java.io.IOException e) {
            return true;
        }
    }
}
