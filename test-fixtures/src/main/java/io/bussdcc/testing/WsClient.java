package io.bussdcc.testing;

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
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A WebSocket test client (java.net.http) for the web interface's JSON messages: it collects
 * every message the server sends as a JSON object, handing on the events of a
 * {@code {"op":"batch","events":[…]}} one by one. Waits fail after their timeout.
 */
public final class WsClient implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration NEXT = Duration.ofSeconds(5);

    /** Completes with the close status the server sent, or -1 on an error. */
    public final CompletableFuture<Integer> closed = new CompletableFuture<>();
    /** How many batches arrived (each split into its events). */
    public final AtomicLong batches = new AtomicLong();
    /** The JDK's socket, to send what the helpers do not (binary, fragments). */
    public final WebSocket socket;

    private final LinkedBlockingQueue<Map<String, Object>> received = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private final boolean pull;

    private WsClient(URI uri, Map<String, String> headers, boolean pull) {
        this.pull = pull;
        WebSocket.Builder b = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(b::header);
        this.socket = b.buildAsync(uri, new Listener()).join();
    }

    /** Connects with extra request headers and reads everything the server sends. */
    public static WsClient connect(URI uri, Map<String, String> headers) {
        return new WsClient(uri, headers, true);
    }

    public static WsClient connect(URI uri) {
        return connect(uri, Map.of());
    }

    /** Connects but reads nothing until {@link #request} asks for messages. */
    public static WsClient connectStalled(URI uri) {
        return new WsClient(uri, Map.of(), false);
    }

    /** Asks for {@code n} more messages (for a client connected stalled). */
    public void request(long n) {
        socket.request(n);
    }

    /** Sends one text message and waits until it is sent. */
    public void send(String text) {
        socket.sendText(text, true).join();
    }

    /** The next message, waiting up to 5 s. */
    public Map<String, Object> next() throws InterruptedException {
        Map<String, Object> msg = received.poll(NEXT.toNanos(), TimeUnit.NANOSECONDS);
        if (msg == null) {
            throw new AssertionError("nothing received within " + NEXT);
        }
        return msg;
    }

    /** Skips messages until one has {@code op} and matches {@code test}; fails after {@code timeout}. */
    public Map<String, Object> await(String op, Predicate<Map<String, Object>> test, Duration timeout)
            throws InterruptedException {
        List<Map<String, Object>> upTo = until(op, test, timeout);
        return upTo.get(upTo.size() - 1);
    }

    /** The next message with {@code op}, within 5 s. */
    public Map<String, Object> await(String op) throws InterruptedException {
        return await(op, m -> true, NEXT);
    }

    /**
     * Every message received up to and including the first that has {@code op} and matches
     * {@code test}; fails after {@code timeout}, naming the last ones skipped.
     */
    public List<Map<String, Object>> until(String op, Predicate<Map<String, Object>> test, Duration timeout)
            throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        List<Map<String, Object>> seen = new ArrayList<>();
        while (true) {
            long left = end - System.nanoTime();
            Map<String, Object> msg = left <= 0 ? null : received.poll(left, TimeUnit.NANOSECONDS);
            if (msg == null) {
                throw new AssertionError("no '" + op + "' message as expected within " + timeout + "; skipped "
                        + seen.size() + ": " + seen.subList(Math.max(0, seen.size() - 5), seen.size()));
            }
            seen.add(msg);
            if (op.equals(msg.get("op")) && test.test(msg)) {
                return seen;
            }
        }
    }

    /** Drains what arrived so far, waiting {@code quiet} for each further message. */
    public List<Map<String, Object>> drain(Duration quiet) throws InterruptedException {
        List<Map<String, Object>> out = new ArrayList<>();
        Map<String, Object> msg;
        while ((msg = received.poll(quiet.toNanos(), TimeUnit.NANOSECONDS)) != null) {
            out.add(msg);
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
        @SuppressWarnings("unchecked")
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            synchronized (partial) {
                partial.append(data);
                if (last) {
                    Map<String, Object> msg = JsonTree.object(partial.toString());
                    partial.setLength(0);
                    if ("batch".equals(msg.get("op"))) {
                        // a batch is events that were waiting: hand them on one by one
                        for (Object event : (List<?>) msg.get("events")) {
                            received.add((Map<String, Object>) event);
                        }
                        batches.incrementAndGet();
                    } else {
                        received.add(msg);
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
