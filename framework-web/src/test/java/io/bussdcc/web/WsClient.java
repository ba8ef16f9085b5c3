package io.bussdcc.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A WebSocket test client on java.net.http that collects what the server sends. */
final class WsClient implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    /** How many batches arrived (each split into its events in {@link #received}). */
    final java.util.concurrent.atomic.AtomicLong batches = new java.util.concurrent.atomic.AtomicLong();
    private final StringBuilder partial = new StringBuilder();
    private final boolean pull;
    final WebSocket socket;

    private WsClient(URI uri, Map<String, String> headers, boolean pull) {
        this.pull = pull;
        WebSocket.Builder b = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(b::header);
        this.socket = b.buildAsync(uri, new Listener()).join();
    }

    /** Connects and reads everything the server sends. */
    static WsClient connect(WebInterface web, String query, Map<String, String> headers) {
        return new WsClient(uri(web, query), headers, true);
    }

    static WsClient connect(WebInterface web) {
        return connect(web, "", Map.of());
    }

    /** Connects but reads nothing until {@link #request} asks for messages. */
    static WsClient connectStalled(WebInterface web) {
        return new WsClient(uri(web, ""), Map.of(), false);
    }

    static URI uri(WebInterface web, String query) {
        return URI.create("ws://127.0.0.1:" + web.port() + WebInterface.WS_PATH + (query.isEmpty() ? "" : "?" + query));
    }

    void request(long n) {
        socket.request(n);
    }

    void send(String text) {
        socket.sendText(text, true).join();
    }

    /** The next message, as a JSON object, waiting up to 5 s. */
    Map<String, Object> next() throws InterruptedException {
        String text = received.poll(5, TimeUnit.SECONDS);
        if (text == null) {
            throw new AssertionError("nothing received within 5 s");
        }
        return JsonTree.object(text);
    }

    /** Skips messages until one has {@code op} and matches {@code test}; fails after {@code timeout}. */
    Map<String, Object> await(String op, Predicate<Map<String, Object>> test, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        List<String> skipped = new ArrayList<>();
        while (true) {
            long left = end - System.nanoTime();
            String text = left <= 0 ? null : received.poll(left, TimeUnit.NANOSECONDS);
            if (text == null) {
                throw new AssertionError("no '" + op + "' message as expected within " + timeout + "; skipped "
                        + skipped.size() + ": " + skipped.subList(Math.max(0, skipped.size() - 5), skipped.size()));
            }
            Map<String, Object> msg = JsonTree.object(text);
            if (op.equals(msg.get("op")) && test.test(msg)) {
                return msg;
            }
            skipped.add(text);
        }
    }

    Map<String, Object> await(String op) throws InterruptedException {
        return await(op, m -> true, Duration.ofSeconds(5));
    }

    /** Drains what arrived so far (waiting {@code quiet} for more) as JSON objects. */
    List<Map<String, Object>> drain(Duration quiet) throws InterruptedException {
        List<Map<String, Object>> out = new ArrayList<>();
        String text;
        while ((text = received.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
            out.add(JsonTree.object(text));
        }
        return out;
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        @Override
        public void onOpen(WebSocket webSocket) {
            if (pull) {
                webSocket.request(Long.MAX_VALUE);
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            synchronized (partial) {
                partial.append(data);
                if (last) {
                    String text = partial.toString();
                    partial.setLength(0);
                    if (text.startsWith("{\"op\":\"batch\"")) {
                        // a batch is events that were waiting: hand them on one by one
                        for (Object event : (List<?>) JsonTree.object(text).get("events")) {
                            received.add(Json.text(g -> Json.value(g, event, null)));
                        }
                        batches.incrementAndGet();
                    } else {
                        received.add(text);
                    }
                }
            }
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }
}
