package io.bussdcc.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.Severity;
import io.bussdcc.api.message.RuntimeShutdown;
import io.bussdcc.web.TestMessages.Alarm;
import io.bussdcc.web.TestMessages.Note;
import io.bussdcc.web.TestMessages.SetLevel;
import io.bussdcc.web.TestMessages.Shutdown;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private static WebFixture start(WebInterface.Builder b, NoteCollector<?>... processes) {
        return WebFixture.start(b.port(0).allowFromWeb(SetLevel.class).build(), r -> {
            for (NoteCollector<?> p : processes) {
                r.addProcess(p);
            }
        });
    }

    @Test
    void aClientIsGreetedAndReceivesEmittedEventsLive() throws Exception {
        try (WebFixture f = start(WebInterface.builder()); WsClient ws = WsClient.connect(f.web)) {
            Map<String, Object> hello = ws.await("hello");
            assertEquals(List.of("test.web:SetLevel"), hello.get("allowFromWeb"));
            assertEquals(false, hello.get("tokenRequired"));
            assertEquals(1024L, hello.get("queueSize"));
            f.runtime.emit(new Note("live"));
            Map<String, Object> event = ws.await("event", m -> "test.web:Note".equals(m.get("type")), WAIT);
            assertEquals(Map.of("text", "live"), event.get("data"));
            assertEquals("INFO", event.get("severity"));
            Instant time = Instant.parse((String) event.get("time"));
            assertTrue(Duration.between(time, Instant.now()).abs().toSeconds() < 60, "the event's own time");
            assertEquals(List.of("op", "type", "time", "severity", "data"), List.copyOf(event.keySet()));
        }
    }

    @Test
    void subscriptionsFilterByTypeAndSeverity() throws Exception {
        try (WebFixture f = start(WebInterface.builder()); WsClient ws = WsClient.connect(f.web)) {
            ws.await("hello");
            ws.send("{\"op\":\"subscribe\",\"id\":7,\"types\":[\"test.web:Note\",\"test.web:Alarm\"],\"minSeverity\":\"warning\"}");
            Map<String, Object> ack = ws.await("subscribed");
            assertEquals(7L, ack.get("id"));
            assertEquals("WARNING", ack.get("minSeverity"));
            f.runtime.emit(new Note("too mild"));
            f.runtime.emit(new SetLevel("other type", 1));
            f.runtime.emit(new Alarm("fire"));
            Map<String, Object> first = ws.await("event", m -> true, WAIT);
            assertEquals("test.web:Alarm", first.get("type"), "the Note (INFO) and SetLevel (other type) are filtered");
            assertEquals("ERROR", first.get("severity"));

            ws.send("{\"op\":\"subscribe\",\"types\":[\"test.web:*\"]}");
            ws.await("subscribed");
            f.runtime.emit(new Note("now wanted"));
            assertEquals(Map.of("text", "now wanted"), ws.await("event", m -> true, WAIT).get("data"));
        }
    }

    @Test
    void theInitialSubscriptionCanBeGivenInTheUrl() throws Exception {
        try (WebFixture f = start(WebInterface.builder());
                WsClient ws = WsClient.connect(f.web, "types=test.web:Alarm&minSeverity=ERROR", Map.of())) {
            Map<String, Object> hello = ws.await("hello");
            assertEquals(List.of("test.web:Alarm"), hello.get("types"));
            f.runtime.emit(new Note("filtered"));
            f.runtime.emit(new Alarm("delivered"));
            assertEquals(Map.of("text", "delivered"), ws.await("event", m -> true, WAIT).get("data"));
            assertEquals(List.of(), ws.drain(Duration.ofMillis(200)));
        }
        try (WebFixture f = start(WebInterface.builder())) {
            assertThrows(CompletionException.class, () -> WsClient.connect(f.web, "minSeverity=LOUD", Map.of()));
        }
    }

    @Test
    void typesTakeTheSharedPatternGrammarExclusionsIncluded() throws Exception {
        try (WebFixture f = start(WebInterface.builder());
                WsClient ws = WsClient.connect(f.web, "types=test.web:*,!test.web:Note", Map.of())) {
            assertEquals(List.of("test.web:*", "!test.web:Note"), ws.await("hello").get("types"));
            f.runtime.emit(new Note("excluded"));
            f.runtime.emit(new Alarm("delivered"));
            assertEquals(Map.of("text", "delivered"), ws.await("event", m -> true, WAIT).get("data"));

            ws.send("{\"op\":\"subscribe\",\"id\":1,\"types\":[\"*Note\"]}");
            ws.await("subscribed");
            f.runtime.emit(new Alarm("not a note"));
            f.runtime.emit(new Note("a suffix match"));
            assertEquals(Map.of("text", "a suffix match"), ws.await("event", m -> true, WAIT).get("data"));

            ws.send("{\"op\":\"subscribe\",\"id\":2,\"types\":[\"test.web:*\",\"!\"]}");
            Map<String, Object> refused = ws.await("error");
            assertEquals("bad-request", refused.get("code"));
            assertTrue(((String) refused.get("message")).startsWith("'!' is not a type pattern"), refused.toString());
            // The refused subscription left the last one in place.
            f.runtime.emit(new Alarm("still not a note"));
            f.runtime.emit(new Note("still wanted"));
            assertEquals(Map.of("text", "still wanted"), ws.await("event", m -> true, WAIT).get("data"));
        }
        try (WebFixture f = start(WebInterface.builder())) {
            assertThrows(CompletionException.class, () -> WsClient.connect(f.web, "types=a:*,,b", Map.of()));
        }
    }

    @Test
    void aClientEmitsAnAllowedTypeAndAProcessReceivesIt() throws Exception {
        NoteCollector<SetLevel> levels = new NoteCollector<>(SetLevel.class);
        try (WebFixture f = start(WebInterface.builder(), levels); WsClient ws = WsClient.connect(f.web)) {
            ws.await("hello");
            ws.send("{\"op\":\"emit\",\"id\":\"a1\",\"type\":\"test.web:SetLevel\",\"data\":{\"target\":\"pump\",\"level\":3}}");
            assertEquals(new SetLevel("pump", 3), levels.next());
            // The reply and the pushed event travel separately: either may come first.
            Map<String, Object> first = ws.next();
            Map<String, Object> second = ws.next();
            Map<String, Object> reply = "emitted".equals(first.get("op")) ? first : second;
            Map<String, Object> pushed = reply == first ? second : first;
            assertEquals(Map.of("op", "emitted", "id", "a1", "type", "test.web:SetLevel"), reply);
            assertEquals("test.web:SetLevel", pushed.get("type"));
            assertEquals(Map.of("target", "pump", "level", 3L), pushed.get("data"));
        }
    }

    @Test
    void everythingElseGetsAnErrorReplyAndTheConnectionStaysHealthy() throws Exception {
        NoteCollector<Shutdown> shutdowns = new NoteCollector<>(Shutdown.class);
        try (WebFixture f = start(WebInterface.builder(), shutdowns); WsClient ws = WsClient.connect(f.web)) {
            ws.await("hello");
            Map<String, String> cases = new java.util.LinkedHashMap<>();
            cases.put("{\"op\":\"emit\",\"id\":1,\"type\":\"test.web:Shutdown\",\"data\":{\"reason\":\"x\"}}", "not-allowed");
            cases.put("{\"op\":\"emit\",\"id\":2,\"type\":\"" + MessageTypeRegistry.defaultName(RuntimeShutdown.class)
                    + "\",\"data\":{\"reason\":\"bye\"}}", "not-allowed");
            cases.put("{\"op\":\"emit\",\"id\":3,\"type\":\"com.evil:Payload\",\"data\":{}}", "unknown-type");
            cases.put("{\"op\":\"emit\",\"id\":4,\"type\":\"java.lang:Runtime\",\"data\":{}}", "unknown-type");
            cases.put("{\"op\":\"emit\",\"id\":5,\"type\":\"test.web:SetLevel\",\"data\":{\"target\":\"pump\",\"level\":\"high\"}}", "bad-data");
            cases.put("{\"op\":\"emit\",\"id\":6,\"type\":\"test.web:SetLevel\",\"data\":[1,2]}", "bad-request");
            cases.put("{\"op\":\"emit\",\"id\":7}", "bad-request");
            cases.put("{\"op\":\"launch\",\"id\":8}", "unknown-op");
            cases.put("{\"id\":9}", "bad-request");
            cases.put("{\"op\":\"subscribe\",\"id\":10,\"minSeverity\":\"LOUD\"}", "bad-request");
            cases.put("{\"op\":\"subscribe\",\"id\":11,\"types\":\"test.web:Note\"}", "bad-request");
            cases.put("not json at all", "bad-json");
            cases.put("[1,2,3]", "bad-json");
            cases.put("{\"op\":\"ping\"} {\"op\":\"ping\"}", "bad-json");
            for (Map.Entry<String, String> c : cases.entrySet()) {
                ws.send(c.getKey());
                Map<String, Object> reply = ws.next();
                assertEquals("error", reply.get("op"), c.getKey() + " -> " + reply);
                assertEquals(c.getValue(), reply.get("code"), c.getKey() + " -> " + reply);
                assertTrue(reply.get("message") instanceof String s && !s.isBlank());
            }
            ws.socket.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true).join();
            assertEquals("bad-request", ws.next().get("code"));

            ws.send("{\"op\":\"ping\",\"id\":99}");
            assertEquals(Map.of("op", "pong", "id", 99L), ws.next());
            f.runtime.emit(new Note("still streaming"));
            ws.await("event", m -> "test.web:Note".equals(m.get("type")), WAIT);
            assertTrue(shutdowns.isEmpty(), "nothing not allowed reached the runtime");
            assertFalse(ws.closed.isDone());
        }
    }

    @Test
    void emitsNeedTheTokenWhenOneIsConfigured() throws Exception {
        NoteCollector<SetLevel> levels = new NoteCollector<>(SetLevel.class);
        String emit = "{\"op\":\"emit\",\"type\":\"test.web:SetLevel\",\"data\":{\"target\":\"fan\",\"level\":1}";
        try (WebFixture f = start(WebInterface.builder().token("s3cret"), levels)) {
            try (WsClient ws = WsClient.connect(f.web)) {
                Map<String, Object> hello = ws.await("hello");
                assertEquals(true, hello.get("tokenRequired"));
                assertEquals(false, hello.get("authorized"));
                ws.send(emit + "}");
                assertEquals("unauthorized", ws.await("error").get("code"));
                ws.send(emit + ",\"token\":\"wrong\"}");
                assertEquals("unauthorized", ws.await("error").get("code"));
                assertTrue(levels.isEmpty());
                ws.send(emit + ",\"token\":\"s3cret\"}");
                ws.await("emitted");
                assertEquals(new SetLevel("fan", 1), levels.next());
            }
            try (WsClient ws = WsClient.connect(f.web, "token=s3cret", Map.of())) {
                assertEquals(true, ws.await("hello").get("authorized"));
                ws.send(emit + "}");
                ws.await("emitted");
            }
            try (WsClient ws = WsClient.connect(f.web, "", Map.of("Authorization", "Bearer s3cret"))) {
                assertEquals(true, ws.await("hello").get("authorized"));
            }
            assertThrows(CompletionException.class, () -> WsClient.connect(f.web, "token=wrong", Map.of()),
                    "a wrong token at connect time is refused");
        }
    }

    @Test
    void upgradesFromForeignOriginsAreRefused() throws Exception {
        try (WebFixture f = start(WebInterface.builder())) {
            assertThrows(CompletionException.class,
                    () -> WsClient.connect(f.web, "", Map.of("Origin", "http://evil.example")));
            try (WsClient ws = WsClient.connect(f.web, "", Map.of("Origin", "http://127.0.0.1:" + f.web.port()))) {
                ws.await("hello");
            }
        }
        try (WebFixture f = start(WebInterface.builder().allowedOrigins("https://ops.example.com"))) {
            assertThrows(CompletionException.class,
                    () -> WsClient.connect(f.web, "", Map.of("Origin", "http://evil.example")));
            try (WsClient ws = WsClient.connect(f.web, "", Map.of("Origin", "https://ops.example.com"))) {
                ws.await("hello");
            }
            try (WsClient ws = WsClient.connect(f.web, "", Map.of("Origin", "http://localhost:" + f.web.port()))) {
                ws.await("hello");
            }
        }
    }

    @Test
    void anOversizedFrameClosesTheConnectionWithTooBig() throws Exception {
        try (WebFixture f = start(WebInterface.builder().maxFrameSize(1024)); WsClient ws = WsClient.connect(f.web)) {
            ws.await("hello");
            ws.send("{\"op\":\"ping\",\"id\":\"" + "x".repeat(900) + "\"}");
            assertEquals("pong", ws.next().get("op"), "a frame under the limit is fine");
            ws.socket.sendText("{\"op\":\"ping\",\"id\":\"" + "x".repeat(5000) + "\"}", true);
            assertEquals(1009, ws.closed.get(5, TimeUnit.SECONDS), "1009: message too big");
            try (WsClient again = WsClient.connect(f.web)) {
                again.await("hello");
            }
        }
    }

    @Test
    void theRestOfAFragmentedMessageThatGrewTooLargeIsDiscardedNotReadAsANewMessage() throws Exception {
        try (WebFixture f = start(WebInterface.builder().maxFrameSize(1024)); WsClient ws = WsClient.connect(f.web)) {
            ws.await("hello");
            // One message in three frames, each under the limit, together over it.
            ws.socket.sendText("{\"op\":\"ping\",\"id\":\"" + "x".repeat(600), false).join();
            ws.socket.sendText("x".repeat(600), false).join();
            ws.socket.sendText("{\"op\":\"ping\",\"id\":\"tail\"}", true).join();
            ws.send("{\"op\":\"ping\",\"id\":\"after\"}");
            Map<String, Object> error = ws.next();
            assertEquals("error", error.get("op"));
            assertEquals("too-large", error.get("code"));
            Map<String, Object> pong = ws.next();
            assertEquals("pong", pong.get("op"));
            assertEquals("after", pong.get("id"), "the refused message's last frame is not a request of its own");
        }
    }

    @Test
    void aFragmentedMessageIsMeasuredInBytesNotCharacters() throws Exception {
        try (WebFixture f = start(WebInterface.builder().maxFrameSize(1024)); WsClient ws = WsClient.connect(f.web)) {
            ws.await("hello");
            // 2 × 300 "é" = 600 characters but 1,200 bytes: over the 1,024-byte limit.
            ws.socket.sendText("{\"op\":\"ping\",\"id\":\"" + "é".repeat(300), false).join();
            ws.socket.sendText("é".repeat(300) + "\"}", true).join();
            Map<String, Object> error = ws.next();
            assertEquals("error", error.get("op"));
            assertEquals("too-large", error.get("code"));
            // Under the limit in bytes, the same kind of message is answered.
            ws.socket.sendText("{\"op\":\"ping\",\"id\":\"" + "é".repeat(200), false).join();
            ws.socket.sendText("é".repeat(200) + "\"}", true).join();
            Map<String, Object> pong = ws.next();
            assertEquals("pong", pong.get("op"));
            assertEquals("é".repeat(400), pong.get("id"));
        }
    }

    @Test
    void severitiesAreReadByNameOrNumber() {
        assertEquals(Severity.WARNING, ConnectionFilter.severity("warning"));
        assertEquals(Severity.WARNING, ConnectionFilter.severity("WARN"));
        assertEquals(Severity.ERROR, ConnectionFilter.severity("40"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConnectionFilter.severity("LOUD"));
        assertTrue(e.getMessage().contains("DEBUG, INFO, WARNING, ERROR, CRITICAL"));
    }
}
