package io.bussdcc.web;

import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.runtime.Runtime;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures the web interface on this machine; not a test (no assertions, run by hand):
 *
 * <pre>
 *   boot                       time from runtime.boot() to the first HTTP 200 of the dashboard
 *   latency CLIENTS RATE SECS  delivery latency of events to CLIENTS WebSocket clients at RATE events/s
 *   metrics TYPES SCRAPES      time of GET /metrics with TYPES message types counted
 * </pre>
 *
 * The clients run in the same JVM as the server (they share its CPUs), so the latency is an
 * upper bound of what separate browsers would see.
 */
public final class WebBenchmark {

    /** An event carrying the {@link System#nanoTime()} it was emitted at. */
    @MessageType("bench.web:Probe")
    public record Probe(long seq, long sent) implements Message {}

    private WebBenchmark() {}

    public static void main(String[] args) throws Exception {
        switch (args.length == 0 ? "" : args[0]) {
            case "boot" -> boot();
            case "latency" -> latency(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "metrics" -> metrics(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            default -> System.err.println("usage: WebBenchmark boot | latency CLIENTS RATE SECONDS | metrics TYPES SCRAPES");
        }
    }

    /**
     * {@code types} message types counted (raw messages named {@code bench.types.tN:Reading}, 1 to
     * 7 of each), then {@code scrapes} timed scrapes of /metrics after as many untimed ones,
     * over one keep-alive connection: median, p90 and max, and the body size.
     */
    private static void metrics(int types, int scrapes) throws Exception {
        Runtime runtime = Runtime.builder().build();
        WebInterface web = new WebInterface("127.0.0.1", 0);
        runtime.addInterface(web);
        runtime.boot();
        try {
            for (int t = 0; t < types; t++) {
                String name = "bench.types.t" + t + ":Reading";
                for (int k = 0; k <= t % 7; k++) {
                    runtime.emit(new io.bussdcc.api.RawMessage(name, "{}"));
                }
            }
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + "/metrics")).build();
            int bytes = 0;
            for (int i = 0; i < scrapes; i++) {
                bytes = http.send(get, HttpResponse.BodyHandlers.ofByteArray()).body().length;
            }
            long[] nanos = new long[scrapes];
            for (int i = 0; i < scrapes; i++) {
                long t0 = System.nanoTime();
                HttpResponse<byte[]> r = http.send(get, HttpResponse.BodyHandlers.ofByteArray());
                nanos[i] = System.nanoTime() - t0;
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("/metrics answered " + r.statusCode());
                }
            }
            Arrays.sort(nanos);
            System.out.printf("metrics: %d types (%d series of bussdcc_events_total), %d scrapes, %d bytes each:"
                    + " median %.2f ms, p90 %.2f ms, max %.2f ms%n", types, runtime.eventCounts().byType().size(),
                    scrapes, bytes, nanos[scrapes / 2] / 1e6, nanos[scrapes * 9 / 10] / 1e6, nanos[scrapes - 1] / 1e6);
        } finally {
            runtime.shutdown();
        }
    }

    private static void boot() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Runtime runtime = new Runtime();
        WebInterface web = new WebInterface("127.0.0.1", 0);
        runtime.addInterface(web);
        long t0 = System.nanoTime();
        runtime.boot();
        long booted = System.nanoTime();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        long first = System.nanoTime();
        long sinceProcessStart = ProcessHandle.current().info().startInstant()
                .map(s -> java.time.Duration.between(s, java.time.Instant.now()).toMillis()).orElse(-1L);
        System.out.printf("boot() %.1f ms, boot() to first HTTP %d %.1f ms, process start to first 200 %d ms%n",
                (booted - t0) / 1e6, r.statusCode(), (first - t0) / 1e6, sinceProcessStart);
        runtime.shutdown("measured");
    }

    private static void latency(int clients, int rate, int seconds) throws Exception {
        MessageTypeRegistry types = MessageTypeRegistry.withBuiltins().register(Probe.class);
        Runtime runtime = Runtime.builder().messageTypes(types).build();
        // The default limit (256 connections) would refuse the clients beyond it.
        WebInterface web = WebInterface.builder().port(0).maxConnections(Math.max(256, clients)).build();
        runtime.addInterface(web);
        runtime.boot();
        HttpClient http = HttpClient.newHttpClient();
        int total = rate * seconds;
        int warmup = rate; // the first second is not counted
        CountDownLatch done = new CountDownLatch(clients);
        List<Receiver> receivers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Receiver r = new Receiver(total, done);
            http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + web.port() + "/ws?types=bench.web:Probe"), r)
                    .join();
            receivers.add(r);
        }
        while (web.connections().size() < clients) {
            Thread.sleep(10);
        }
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        long worstEmit = 0;
        for (int i = 0; i < total; i++) {
            long due = start + i * interval;
            long now;
            while ((now = System.nanoTime()) < due) {
                LockSupport.parkNanos(due - now);
            }
            long t = System.nanoTime();
            runtime.emit(new Probe(i, t));
            worstEmit = Math.max(worstEmit, System.nanoTime() - t);
        }
        long emitEnd = System.nanoTime();
        boolean all = done.await(30, TimeUnit.SECONDS);
        long[] samples = receivers.stream().flatMapToLong(r -> Arrays.stream(r.latencies, warmup, r.count)).toArray();
        Arrays.sort(samples);
        long received = receivers.stream().mapToLong(r -> r.count).sum();
        long missed = web.connections().stream().mapToLong(ConnectionStats::missed).sum();
        System.out.printf("%d clients, %d events/s for %d s (achieved %.0f/s): %d of %d deliveries%s, missed %d%n",
                clients, rate, seconds, total / ((emitEnd - start) / 1e9), received, (long) total * clients,
                all ? "" : " (timed out)", missed);
        System.out.printf("delivery latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms; worst emit() %.2f ms%n",
                pct(samples, 0.50), pct(samples, 0.90), pct(samples, 0.99), samples[samples.length - 1] / 1e6, worstEmit / 1e6);
        runtime.shutdown("measured");
    }

    private static double pct(long[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
    }

    /** Records the latency of each probe it receives. */
    private static final class Receiver implements WebSocket.Listener {
        final long[] latencies;
        final CountDownLatch done;
        final StringBuilder partial = new StringBuilder();
        int count;

        Receiver(int expected, CountDownLatch done) {
            this.latencies = new long[expected];
            this.done = done;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            long now = System.nanoTime();
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                // one event, or a batch of them: every "sent" is one probe
                for (int at = text.indexOf("\"sent\":"); at >= 0 && count < latencies.length;
                        at = text.indexOf("\"sent\":", at + 7)) {
                    int end = at + 7;
                    while (end < text.length() && (Character.isDigit(text.charAt(end)) || text.charAt(end) == '-')) {
                        end++;
                    }
                    latencies[count++] = now - Long.parseLong(text.substring(at + 7, end));
                    if (count == latencies.length) {
                        done.countDown();
                    }
                }
            }
            ws.request(1);
            return null;
        }
    }
}
