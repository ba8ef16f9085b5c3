package io.bussdcc.web.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.runtime.Runtime;
import io.bussdcc.web.WebInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 200 WebSocket clients at a time connect, receive, and disconnect (half with a close frame,
 * half by dropping the connection), round after round, while events flow: after each round the
 * server holds only the clients that stay, its heap after GC and its thread counts (platform
 * threads, and the senders' virtual threads, from a JVM thread dump) come back to where they
 * were, and the clients that stayed connected and kept up received every event, in order.
 */
class WebSocketChurnTest {

    @MessageType("reliability.web:Tick")
    public record Tick(long seq) implements Message {}

    static final int CLIENTS = Integer.getInteger("reliability.web.clients", 200);
    static final int ROUNDS = Integer.getInteger("reliability.web.rounds", 6);
    static final int KEEPERS = 10;
    static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");
    static final Pattern COUNT = Pattern.compile("\"count\":(\\d+)");

    static {
        // Tick lives in this test package, which the module does not open: open it to the codec.
        WebSocketChurnTest.class.getModule().addOpens(WebSocketChurnTest.class.getPackageName(),
                io.bussdcc.codec.EventCodec.class.getModule());
    }

    @TempDir
    Path dir;

    /** A client that records the event numbers it receives, how many it was told it missed, and how it ended. */
    static final class Client implements WebSocket.Listener {
        final List<Long> seqs = new ArrayList<>();
        final AtomicLong missed = new AtomicLong();
        volatile Throwable error;
        final CompletableFuture<Void> hello = new CompletableFuture<>();
        final CompletableFuture<Void> firstEvent = new CompletableFuture<>();
        final CompletableFuture<Void> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        private boolean frozen;
        WebSocket socket;

        /** Ignores what arrives from now on: the client drops the connection, mid-message maybe. */
        synchronized void freeze() {
            frozen = true;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            synchronized (this) {
                if (frozen) {
                    return null;
                }
                partial.append(data);
                if (last) {
                    String text = partial.toString();
                    partial.setLength(0);
                    if (text.startsWith("{\"op\":\"hello\"")) {
                        hello.complete(null);
                    } else if (text.startsWith("{\"op\":\"missed\"")) {
                        Matcher m = COUNT.matcher(text);
                        missed.addAndGet(m.find() ? Long.parseLong(m.group(1)) : 0);
                    } else {
                        Matcher m = SEQ.matcher(text);
                        while (m.find()) {
                            seqs.add(Long.parseLong(m.group(1)));
                        }
                        firstEvent.complete(null);
                    }
                }
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            this.error = error;
            closed.complete(null);
        }

        synchronized List<Long> seqs() {
            return List.copyOf(seqs);
        }
    }

    private static CompletableFuture<Client> connect(HttpClient http, URI uri) {
        Client c = new Client();
        return http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, c)
                .thenApply(ws -> {
                    c.socket = ws;
                    return c;
                });
    }

    /**
     * Between the first and the last event a client got, every missing one must have been
     * reported to it as missed: nothing is lost silently, and a client that keeps up (told of
     * nothing missed) has them all.
     */
    private static void assertConsecutive(Client c, String who) {
        List<Long> s = c.seqs();
        long gaps = 0;
        for (int i = 1; i < s.size(); i++) {
            gaps += s.get(i) - s.get(i - 1) - 1;
        }
        // A client that falls behind (a starved CI machine) has the oldest waiting events dropped
        // and is told how many before its next event; a client that keeps up loses nothing.
        assertTrue(gaps <= c.missed.get(), who + " lost " + gaps + " events but was told of " + c.missed.get()
                + " missed: events were lost silently");
    }

    @Test
    void twoHundredClientsChurningLeakNothingAndClientsThatKeepUpLoseNothing() throws Exception {
        WebInterface web = WebInterface.builder().port(0).build();
        Runtime runtime = Runtime.builder().messageTypes(MessageTypeRegistry.withBuiltins().register(Tick.class)).build();
        runtime.addInterface(web);
        runtime.boot();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong emitted = new AtomicLong();
        Thread emitter = Thread.ofPlatform().name("tick-emitter").start(() -> {
            // 2,000 events a second, steadily
            long t0 = System.nanoTime();
            for (long seq = 0; !stop.get(); seq++) {
                runtime.emit(new Tick(seq));
                emitted.set(seq + 1);
                long due = t0 + (seq + 1) * 500_000L;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
            }
        });
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create("ws://127.0.0.1:" + web.port() + WebInterface.WS_PATH + "?types=reliability.web:Tick");
        try {
            List<Client> keepers = new ArrayList<>();
            for (int i = 0; i < KEEPERS; i++) {
                Client c = connect(http, uri).get(10, TimeUnit.SECONDS);
                c.firstEvent.get(10, TimeUnit.SECONDS);
                keepers.add(c);
            }
            List<long[]> rounds = new ArrayList<>(); // heap after GC, platform threads, sender threads
            long connections = 0;
            for (int round = 0; round < ROUNDS; round++) {
                List<CompletableFuture<Client>> opening = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    opening.add(connect(http, uri));
                }
                List<Client> churners = new ArrayList<>();
                for (CompletableFuture<Client> f : opening) {
                    churners.add(f.get(30, TimeUnit.SECONDS));
                }
                connections += churners.size();
                for (Client c : churners) {
                    c.firstEvent.get(30, TimeUnit.SECONDS);
                }
                awaitConnections(web, KEEPERS + CLIENTS, churners);
                assertEquals(KEEPERS + CLIENTS, senderThreads(), "one sender thread per connection (the count sees them)");
                for (int i = 0; i < churners.size(); i++) {
                    Client c = churners.get(i);
                    if (i % 2 == 0) {
                        c.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
                    } else {
                        c.freeze();
                        c.socket.abort(); // the connection just drops
                    }
                }
                for (int i = 0; i < churners.size(); i += 2) {
                    churners.get(i).closed.get(10, TimeUnit.SECONDS);
                }
                awaitConnections(web, KEEPERS, List.of());
                for (int i = 0; i < churners.size(); i++) {
                    assertConsecutive(churners.get(i), "round " + round + " client " + i);
                }
                long[] m = measure();
                rounds.add(m);
                System.out.printf("round %d: %d clients connected, received and left; heap after GC %.1f MB, "
                        + "%d platform threads, %d sender threads; %d connections now%n", round, CLIENTS, m[0] / 1e6,
                        m[1], m[2], web.connections().size());
            }
            stop.set(true);
            emitter.join();
            long last = emitted.get() - 1;
            // The clients that stayed and kept up received every event from their first to the last.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            for (int i = 0; i < keepers.size(); i++) {
                Client c = keepers.get(i);
                while (c.seqs().get(c.seqs().size() - 1) < last && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertConsecutive(c, "keeper " + i);
                assertEquals(last, c.seqs().get(c.seqs().size() - 1), "keeper " + i + " received the last event");
            }
            long keeperEvents = keepers.stream().mapToLong(c -> c.seqs().size()).sum();
            long keeperMissed = keepers.stream().mapToLong(c -> c.missed.get()).sum();

            // No leak: after the first round (warm-up), the figures stay where they were.
            long[] first = rounds.get(0);
            long maxHeap = rounds.stream().skip(1).mapToLong(r -> r[0]).max().orElse(first[0]);
            long maxPlatform = rounds.stream().skip(1).mapToLong(r -> r[1]).max().orElse(first[1]);
            for (long[] r : rounds) {
                assertEquals(KEEPERS, r[2], "sender threads left after a round: only the keepers' remain");
            }
            assertTrue(maxHeap < first[0] + 16_000_000L, "heap after GC grew from " + first[0] / 1_000_000 + " MB to "
                    + maxHeap / 1_000_000 + " MB over the rounds");
            assertTrue(maxPlatform <= first[1] + 4, "platform threads grew from " + first[1] + " to " + maxPlatform);
            System.out.printf("websocket churn: %d rounds x %d clients = %d connections; %,d events emitted; keepers received"
                    + " %,d events, none lost silently (%,d reported missed); heap after GC %.1f -> max %.1f MB; platform threads %d -> max %d;"
                    + " sender threads back to %d after every round%n", ROUNDS, CLIENTS, connections, last + 1,
                    keeperEvents, keeperMissed, first[0] / 1e6, maxHeap / 1e6, first[1], maxPlatform, KEEPERS);
            for (Client c : keepers) {
                c.socket.abort();
            }
        } finally {
            stop.set(true);
            emitter.join();
            runtime.shutdown("test over");
            http.close();
        }
    }

    private static void awaitConnections(WebInterface web, int n, List<Client> clients) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (web.connections().size() != n) {
            if (System.nanoTime() > deadline) {
                List<String> ended = clients.stream().filter(c -> c.closed.isDone())
                        .map(c -> String.valueOf(c.error)).toList();
                throw new AssertionError("expected " + n + " connections, the server holds " + web.connections().size()
                        + "; clients whose side ended (error): " + ended);
            }
            Thread.sleep(10);
        }
    }

    /** Heap used after GC, server-side platform threads, and the connections' sender (virtual) threads. */
    private long[] measure() throws Exception {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
            java.lang.Runtime rt = java.lang.Runtime.getRuntime();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        long platform = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(t -> !t.getName().startsWith("HttpClient-")).count();
        return new long[] {used, platform, senderThreads()};
    }

    /**
     * The connections' sender threads alive now. They are virtual threads, which only a JVM
     * thread dump lists ({@code HotSpotDiagnosticMXBean.dumpThreads}, driven reflectively: the
     * module under test does not read {@code jdk.management}).
     */
    private long senderThreads() throws Exception {
        Path dump = dir.resolve("threads-" + System.nanoTime() + ".json");
        Class<?> factory = Class.forName("java.lang.management.ManagementFactory");
        Class<?> diagnostic = Class.forName("com.sun.management.HotSpotDiagnosticMXBean");
        Object bean = factory.getMethod("getPlatformMXBean", Class.class).invoke(null, diagnostic);
        Class<?> format = Class.forName("com.sun.management.HotSpotDiagnosticMXBean$ThreadDumpFormat");
        @SuppressWarnings({"unchecked", "rawtypes"})
        Object json = Enum.valueOf((Class) format, "JSON");
        diagnostic.getMethod("dumpThreads", String.class, format).invoke(bean, dump.toString(), json);
        String text = Files.readString(dump);
        Matcher m = Pattern.compile("\"name\":\\s*\"bussdcc-web-ws-\\d+\"").matcher(text);
        long n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
