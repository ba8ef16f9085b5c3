package io.bussdcc.web;

import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.runtime.Runtime;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The hostile-clients trials of RELIABILITY.md; not a test (no assertions, run by hand, every
 * loop bounded in count and time). The clients share the server's JVM and CPUs.
 *
 * <pre>
 *   dropped N                 N WebSocket clients connect, subscribe to nothing, and drop (FIN, no close
 *                             frame); connections, sender threads, platform threads, heap before/after
 *   rebind                    a request and an upgrade with a rebinding Host; the status lines
 *   patterns CLIENTS N SECS [ROUNDS]
 *                             emit rate (each event also encoded as a log line) with no clients and
 *                             with CLIENTS clients holding N never-matching prefix patterns each,
 *                             ROUNDS (5) rounds in alternating order, then after they left; the
 *                             last line says whether the median of the rounds' changes is within
 *                             10 % (issue 16)
 * </pre>
 */
public final class HostileClientsTrial {

    @MessageType("trial.web:Tick")
    public record Tick(long seq) implements Message {}

    private HostileClientsTrial() {}

    public static void main(String[] args) throws Exception {
        HostileClientsTrial.class.getModule().addOpens(HostileClientsTrial.class.getPackageName(),
                io.bussdcc.codec.EventCodec.class.getModule());
        switch (args.length == 0 ? "" : args[0]) {
            case "dropped" -> dropped(Integer.parseInt(args[1]));
            case "rebind" -> rebind();
            case "patterns" -> patterns(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    args.length > 4 ? Integer.parseInt(args[4]) : 5);
            default -> System.err.println("usage: dropped N | rebind | patterns CLIENTS N SECS [ROUNDS]");
        }
    }

    private static Runtime runtime(WebInterface web) {
        return runtime(web, false);
    }

    /** With {@code log}, a sink encodes every event as a JSONL line (to nowhere), as the log's sink would. */
    private static Runtime runtime(WebInterface web, boolean log) {
        MessageTypeRegistry types = MessageTypeRegistry.withBuiltins().register(Tick.class);
        Runtime runtime = Runtime.builder().messageTypes(types).build();
        if (log) {
            io.bussdcc.codec.EventLineWriter lines = new io.bussdcc.codec.EventCodec(types).newLineWriter();
            OutputStream nowhere = OutputStream.nullOutputStream();
            runtime.addSink(event -> lines.write(event, nowhere));
        }
        runtime.addInterface(web);
        runtime.boot();
        return runtime;
    }

    /** Heap used after GC (MB) and live platform threads. */
    private static String measure(WebInterface web) throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
            java.lang.Runtime rt = java.lang.Runtime.getRuntime();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        long platform = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).count();
        return String.format("connections %d, sender threads %d, platform threads %d, heap after GC %.1f MB",
                web.connections().size(), web.senderThreads(), platform, used / 1e6);
    }

    private static void dropped(int n) throws Exception {
        // every client is also a TCP connection: raise that cap (1,024 by default) too
        WebInterface web = WebInterface.builder().port(0).maxConnections(Math.max(256, n)).maxHttpConnections(Math.max(1024, n + 16)).build();
        Runtime runtime = runtime(web);
        try {
            System.out.println("baseline:          " + measure(web));
            List<FrameSocket> clients = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                FrameSocket s = FrameSocket.open(web, "/ws?types=nothing:Matches");
                if (!s.upgraded() || s.readText() == null) {
                    throw new IOException("client " + i + " not greeted: " + s.handshake);
                }
                clients.add(s);
            }
            System.out.println("connected " + n + ":     " + measure(web));
            long t0 = System.nanoTime();
            for (FrameSocket s : clients) {
                s.close();
            }
            clients.clear();
            for (int i = 0; i < 3000 && !web.connections().isEmpty(); i++) { // at most 60 s
                Thread.sleep(20);
            }
            System.out.printf("all %d dropped; the server held none after %.0f ms%n", n, (System.nanoTime() - t0) / 1e6);
            System.out.println("after:             " + measure(web));
        } finally {
            runtime.shutdown("trial over");
        }
    }

    private static String statusLine(int port, String request) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\r'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString();
        }
    }

    private static void rebind() throws Exception {
        WebInterface web = WebInterface.builder().port(0).build();
        Runtime runtime = runtime(web);
        try {
            String host = "rebind.evil.example:" + web.port();
            String origin = "Origin: http://" + host + "\r\n";
            System.out.println("POST /api/services/x/stop, Host " + host + ": " + statusLine(web.port(),
                    "POST /api/services/x/stop HTTP/1.1\r\nHost: " + host + "\r\n" + origin + "Content-Length: 0\r\nConnection: close\r\n\r\n"));
            System.out.println("GET /api/state, Host " + host + ": " + statusLine(web.port(),
                    "GET /api/state HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n"));
            try (FrameSocket ws = FrameSocket.open(web, "/ws", host, origin)) {
                System.out.println("GET /ws (upgrade), Host " + host + ": " + ws.handshake.lines().findFirst().orElse("(nothing)"));
            }
        } finally {
            runtime.shutdown("trial over");
        }
    }

    private static double rate(Runtime runtime, int seconds) {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long n = 0;
        long t0 = System.nanoTime();
        while (System.nanoTime() < end) {
            for (int i = 0; i < 1000; i++) {
                runtime.emit(new Tick(n++));
            }
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    private static void patterns(int clients, int patterns, int seconds, int rounds) throws Exception {
        WebInterface web = WebInterface.builder().port(0).maxPatterns(patterns).maxConnections(Math.max(256, clients)).build();
        Runtime runtime = runtime(web, true);
        StringBuilder subscribe = new StringBuilder("{\"op\":\"subscribe\",\"types\":[");
        for (int i = 0; i < patterns; i++) {
            subscribe.append(i == 0 ? "" : ",").append("\"nothing").append(i).append(":*\"");
        }
        String text = subscribe.append("]}").toString();
        try {
            rate(runtime, seconds); // warm-up
            double[] none = new double[rounds];
            double[] with = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                if (round % 2 == 0) { // alternate the order: the machine is shared, its load drifts
                    none[round] = rate(runtime, seconds);
                }
                List<FrameSocket> held = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    FrameSocket s = FrameSocket.open(web, "/ws?types=nothing:Yet");
                    s.readText(); // hello
                    s.sendText(text);
                    String reply = s.readText();
                    if (reply == null || !reply.contains("subscribed")) {
                        throw new IOException("client " + i + ": " + reply);
                    }
                    held.add(s);
                }
                with[round] = rate(runtime, seconds);
                for (FrameSocket s : held) {
                    s.close();
                }
                for (int i = 0; i < 3000 && !web.connections().isEmpty(); i++) {
                    Thread.sleep(20);
                }
                if (round % 2 == 1) {
                    none[round] = rate(runtime, seconds);
                }
                System.out.printf("round %d: %,.0f ev/s without clients, %,.0f ev/s with %d clients x %d patterns (%+.1f %%)%n",
                        round, none[round], with[round], clients, patterns, 100 * (with[round] / none[round] - 1));
            }
            // Each round's two figures were taken back to back (in alternating order), so their ratio
            // is the least disturbed by the load drifting: the acceptance takes the median ratio.
            double[] change = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                change[round] = 100 * (with[round] / none[round] - 1);
            }
            Arrays.sort(change);
            Arrays.sort(none);
            Arrays.sort(with);
            double after = rate(runtime, seconds);
            double median = change[rounds / 2];
            System.out.printf("median: %,.0f ev/s without, %,.0f ev/s with; after they left: %,.0f ev/s%n",
                    none[rounds / 2], with[rounds / 2], after);
            System.out.printf("acceptance (issue 16: with the clients at most 10 %% below without, median of the rounds'"
                    + " changes): %s (%+.1f %%; rounds %+.1f %% … %+.1f %%)%n",
                    median >= -10 ? "met" : "missed", median, change[0], change[rounds - 1]);
        } finally {
            runtime.shutdown("trial over");
        }
    }
}
