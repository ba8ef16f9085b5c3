package io.bussdcc.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Event;
import io.bussdcc.api.Message;
import io.bussdcc.testing.TestMessages.Alarm;
import io.bussdcc.testing.TestMessages.Note;
import io.bussdcc.web.spi.WebChannel;
import io.bussdcc.web.spi.WebPlugin;
import io.helidon.webserver.http.HttpRouting;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A WebPlugin reacts to events and runs its own real-time channel, under /ws's rules. */
class PluginParityTest {

    /** Counts notes, echoes on its channel and pushes each note to the channel's clients. */
    static final class Notes implements WebPlugin, WebChannel {
        final List<Message> seen = new CopyOnWriteArrayList<>();
        final List<Session> sessions = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "notes";
        }

        @Override
        public void register(HttpRouting.Builder routing, WebContext web) {}

        @Override
        public Set<Class<? extends Message>> eventTypes() {
            return Set.of(Note.class);
        }

        @Override
        public void handleEvent(WebContext web, Event<?> event) {
            seen.add(event.payload());
            if (((Note) event.payload()).text().equals("boom")) {
                throw new IllegalStateException("a plugin bug");
            }
            sessions.forEach(s -> s.send("note:" + ((Note) event.payload()).text()));
        }

        @Override
        public List<WebChannel> channels() {
            return List.of(this);
        }

        @Override
        public void onOpen(Session session) {
            sessions.add(session);
        }

        @Override
        public void onMessage(Session session, String text) {
            session.send("echo:" + text);
        }

        @Override
        public void onClose(Session session) {
            sessions.remove(session);
        }
    }

    static final class Client implements WebSocket.Listener {
        final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final StringBuilder partial = new StringBuilder();
        WebSocket socket;

        static Client connect(WebFixture f, String query, String... headers) {
            Client c = new Client();
            WebSocket.Builder b = WebFixture.HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
            for (int i = 0; i < headers.length; i += 2) {
                b.header(headers[i], headers[i + 1]);
            }
            c.socket = b.buildAsync(URI.create("ws://127.0.0.1:" + f.web.port() + "/plugins/notes/ws/notes" + query), c).join();
            return c;
        }

        String next() throws InterruptedException {
            String s = received.poll(5, TimeUnit.SECONDS);
            if (s == null) {
                throw new AssertionError("nothing received within 5 s");
            }
            return s;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            closed.complete(status);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.complete(-1);
        }
    }

    @Test
    void aPluginGetsTheEventsOfItsTypesAndItsFailuresStayWithIt() throws Exception {
        Notes notes = new Notes();
        try (WebFixture f = WebFixture.start(WebInterface.builder().discoverPlugins(false).plugin(notes))) {
            f.runtime.emit(new Note("one"));
            f.runtime.emit(new Alarm("not for it"));
            f.runtime.emit(new Note("boom"));
            f.runtime.emit(new Note("two"));
            f.recorder.await(Note.class, n -> n.text().equals("two"), Duration.ofSeconds(5));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (notes.seen.size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(List.of(new Note("one"), new Note("boom"), new Note("two")), notes.seen);
            assertEquals(200, f.get("/api/health").statusCode());
        }
    }

    @Test
    void aChannelEchoesAndPushesToItsClients() throws Exception {
        Notes notes = new Notes();
        try (WebFixture f = WebFixture.start(WebInterface.builder().discoverPlugins(false).plugin(notes))) {
            Client c = Client.connect(f, "");
            c.socket.sendText("hi", true).join();
            assertEquals("echo:hi", c.next());
            f.runtime.emit(new Note("live"));
            assertEquals("note:live", c.next());
            c.socket.sendText("x".repeat(70_000), true).join();
            assertEquals(1009, c.closed.get(5, TimeUnit.SECONDS), "a message over the frame limit closes the channel");
        }
    }

    @Test
    void aChannelTakesOnlyAllowedOriginsAndTheToken() throws Exception {
        Notes notes = new Notes();
        try (WebFixture f = WebFixture.start(WebInterface.builder().discoverPlugins(false).plugin(notes).token("s3cret"))) {
            assertThrows(CompletionException.class, () -> Client.connect(f, ""), "no token");
            assertThrows(CompletionException.class, () -> Client.connect(f, "?token=wrong"));
            assertThrows(CompletionException.class, () -> Client.connect(f, "?token=s3cret", "Origin", "http://evil.example"));
            Client c = Client.connect(f, "?token=s3cret");
            c.socket.sendText("ok", true).join();
            assertEquals("echo:ok", c.next());
            Client h = Client.connect(f, "", "Authorization", "Bearer s3cret");
            h.socket.sendText("ok2", true).join();
            assertEquals("echo:ok2", h.next());
            assertTrue(notes.sessions.size() >= 2);
        }
    }
}
