package io.bussdcc.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.testing.TestMessages.Bulk;
import io.bussdcc.testing.WsClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** A client that stops reading must never slow the bus nor grow the server's memory. */
class BackPressureTest {

    private static final String PADDING = "x".repeat(2000);
    private static final int EVENTS = 20_000;

    @Test
    void aClientThatNeverReadsLosesItsOldestEventsAndTheBusGoesOn() throws Exception {
        try (WebFixture f = WebFixture.start(WebInterface.builder().queueSize(64));
                Socket stalled = stalledWebSocket(f.web.port());
                WsClient healthy = WsClient.connect(f.ws("types=test:Bulk"), Map.of())) {
            healthy.await("hello");
            awaitConnections(f.web, 2);
            long[] worstEmitNanos = {0};
            int[] largestQueue = {0};
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                for (int i = 0; i < EVENTS; i++) {
                    long t0 = System.nanoTime();
                    f.runtime.emit(new Bulk(i, PADDING));
                    worstEmitNanos[0] = Math.max(worstEmitNanos[0], System.nanoTime() - t0);
                    if (i % 1000 == 0) {
                        for (ConnectionStats s : f.web.connections()) {
                            largestQueue[0] = Math.max(largestQueue[0], s.queued());
                        }
                    }
                }
            }, "emitting must not wait for a client that does not read");
            ConnectionStats stalledStats = f.web.connections().stream()
                    .filter(s -> s.types().isEmpty()).findFirst().orElseThrow();
            assertTrue(stalledStats.queued() <= 64, "bounded queue: " + stalledStats);
            assertTrue(largestQueue[0] <= 64, "the queue never held more than its capacity: " + largestQueue[0]);
            assertTrue(stalledStats.missed() > EVENTS / 2, "most events were dropped for the stalled client: " + stalledStats);
            healthy.await("event", m -> ((Map<?, ?>) m.get("data")).get("seq").equals((long) EVENTS - 1),
                    Duration.ofSeconds(20));
            System.out.printf("slow client: %d events emitted, worst emit %.2f ms, stalled client %s%n",
                    EVENTS, worstEmitNanos[0] / 1e6, stalledStats);
        }
    }

    @Test
    void aClientThatCatchesUpIsToldExactlyHowManyEventsItMissed() throws Exception {
        try (WebFixture f = WebFixture.start(WebInterface.builder().queueSize(32));
                WsClient ws = WsClient.connectStalled(f.ws(""))) {
            awaitConnections(f.web, 1);
            ws.socket.sendText("{\"op\":\"subscribe\",\"types\":[\"test:Bulk\"]}", true).join();
            awaitSubscribed(f.web);
            for (int i = 0; i < EVENTS; i++) {
                f.runtime.emit(new Bulk(i, PADDING));
            }
            ws.request(Long.MAX_VALUE);
            List<Map<String, Object>> received = ws.drain(Duration.ofMillis(1500));
            ConnectionStats stats = f.web.connections().get(0);
            long events = 0;
            long missedReported = 0;
            long lastSeq = -1;
            for (Map<String, Object> m : received) {
                if ("event".equals(m.get("op"))) {
                    long seq = (Long) ((Map<?, ?>) m.get("data")).get("seq");
                    assertTrue(seq > lastSeq, "events keep their order");
                    lastSeq = seq;
                    events++;
                } else if ("missed".equals(m.get("op"))) {
                    missedReported += (Long) m.get("count");
                }
            }
            assertTrue(stats.missed() > 0, "the client fell behind: " + stats);
            assertEquals(stats.sent(), events, "every event sent arrived");
            assertEquals(stats.missed(), missedReported, "every dropped event was reported");
            assertEquals(EVENTS, events + missedReported, "each event was either delivered or reported missed");
            assertEquals(EVENTS - 1, lastSeq, "the newest events are kept");
            assertTrue(ws.batches.get() > 0, "a client that is behind gets the waiting events in batches");
        }
    }

    /** Opens a WebSocket with a tiny receive buffer and never reads from it again. */
    static Socket stalledWebSocket(int port) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(5000);
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        OutputStream out = s.getOutputStream();
        out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed during the handshake: " + head);
            }
            head.write(b);
        }
        String response = head.toString(StandardCharsets.US_ASCII);
        if (!response.startsWith("HTTP/1.1 101")) {
            throw new IOException("not upgraded: " + response);
        }
        return s;
    }

    private static void awaitConnections(WebInterface web, int n) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (web.connections().size() < n) {
            if (System.nanoTime() > end) {
                throw new AssertionError("expected " + n + " connections, have " + web.connections());
            }
            Thread.sleep(10);
        }
    }

    private static void awaitSubscribed(WebInterface web) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (web.connections().get(0).types().isEmpty()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("the subscription did not arrive: " + web.connections());
            }
            Thread.sleep(10);
        }
    }
}
