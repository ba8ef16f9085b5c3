package io.bussdcc.kafka;

import io.bussdcc.api.Event;
import io.bussdcc.api.EventSink;
import io.bussdcc.codec.EventCodec;
import io.bussdcc.replay.ReplayClock;
import io.bussdcc.replay.ReplayProgress;
import io.bussdcc.replay.ReplayRuntime;
import io.bussdcc.runtime.Runtime;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Kafka benchmark of BENCHMARKS.md (not a test; run by hand, see there): on one loopback
 * broker, in one run, alternately Kafka's own ProducerPerformance (kafka-producer-perf-test)
 * with the log's mean record size and the same producer settings, and the shipper shipping a
 * 1,000,000-event local log; then reading the topic back at max speed (a KafkaSource alone, and
 * a ReplayRuntime over it).
 *
 * <p>Arguments: [EVENTS] [ROUNDS]. Prints one line per measurement and a summary.
 */
public final class ShipBenchmark {

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = Broker.tmp("bench");
        Path log = dir.resolve("log");
        long bytes = writeLog(log, events);
        int recordSize = (int) Math.round((double) bytes / events) - 1; // without the newline
        System.out.printf("log: %,d events, %,d bytes, mean line %d bytes (without newline)%n", events, bytes, recordSize);
        try (Broker broker = Broker.start(dir.resolve("broker"), false)) {
            List<Double> perf = new ArrayList<>();
            List<Double> ship = new ArrayList<>();
            for (int r = 1; r <= rounds; r++) {
                broker.createTopic("perf-" + r, 1);
                double p = producerPerformance(broker.bootstrap(), "perf-" + r, events, recordSize, dir);
                System.out.printf("round %d: kafka-producer-perf-test %,.0f records/s%n", r, p);
                perf.add(p);
                broker.createTopic("ship-" + r, 1);
                double s = ship(broker.bootstrap(), "ship-" + r, log, dir.resolve("cp-" + r), events);
                System.out.printf("round %d: shipper %,.0f events/s%n", r, s);
                ship.add(s);
            }
            double pm = median(perf);
            double sm = median(ship);
            System.out.printf("median: perf-test %,.0f records/s, shipper %,.0f events/s, ratio %.2f%n", pm, sm, sm / pm);
            for (int r = 1; r <= Math.min(rounds, 2); r++) {
                readBack(broker.bootstrap(), "ship-" + rounds, events);
            }
        }
        Broker.cleanUp(dir);
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    /** A log of {@code n} readings 1 ms apart (two 600 s segments), as the JSONL sink writes them. */
    private static long writeLog(Path root, int n) throws Exception {
        EventCodec codec = new EventCodec(Reading.registry());
        DateTimeFormatter day = DateTimeFormatter.ofPattern("uuuu-MM-dd").withZone(ZoneOffset.UTC);
        DateTimeFormatter time = DateTimeFormatter.ofPattern("HH-mm-ss").withZone(ZoneOffset.UTC);
        Instant start = Instant.parse("2026-03-09T23:40:00Z");
        long bytes = 0;
        OutputStream out = null;
        long segment = -1;
        for (int i = 0; i < n; i++) {
            Instant t = start.plusMillis(i).plusNanos(i % 1000);
            long s = Math.floorDiv(t.getEpochSecond(), 600) * 600;
            if (s != segment) {
                if (out != null) {
                    out.close();
                }
                Instant st = Instant.ofEpochSecond(s);
                Path f = root.resolve(day.format(st)).resolve(time.format(st) + ".jsonl");
                Files.createDirectories(f.getParent());
                out = new BufferedOutputStream(Files.newOutputStream(f), 1 << 16);
                segment = s;
            }
            byte[] line = (codec.toJson(new Event<>(t, new Reading("greenhouse-1", i, 20 + (i % 1000) / 100.0,
                    "ok"))) + "\n").getBytes(StandardCharsets.UTF_8);
            out.write(line);
            bytes += line.length;
        }
        out.close();
        return bytes;
    }

    private static final Pattern RATE = Pattern.compile("records sent, ([0-9.]+) records/sec");

    /** Kafka's ProducerPerformance in its own JVM, as kafka-producer-perf-test.sh runs it. */
    private static double producerPerformance(String bootstrap, String topic, int n, int size, Path dir) throws Exception {
        String cp = System.getProperty("java.class.path");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", cp, "org.apache.kafka.tools.ProducerPerformance", "--topic", topic, "--num-records",
                Integer.toString(n), "--record-size", Integer.toString(size), "--throughput", "-1", "--producer-props",
                "bootstrap.servers=" + bootstrap, "acks=all", "enable.idempotence=true", "linger.ms=5",
                "batch.size=262144", "max.in.flight.requests.per.connection=5")
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("perf.err").toFile())).start();
        String last = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null; ) {
                if (l.contains(n + " records sent")) {
                    last = l;
                }
            }
        }
        if (p.waitFor() != 0 || last == null) {
            throw new IllegalStateException("ProducerPerformance failed; see " + dir.resolve("perf.err"));
        }
        System.out.println("  " + last);
        Matcher m = RATE.matcher(last);
        if (!m.find()) {
            throw new IllegalStateException("no rate in: " + last);
        }
        return Double.parseDouble(m.group(1));
    }

    /** The shipper in this JVM: from start until the last of the log's lines is acknowledged. */
    private static double ship(String bootstrap, String topic, Path log, Path checkpoint, int n) throws Exception {
        KafkaSink sink = KafkaSink.builder(bootstrap, topic).log(log).device("greenhouse-1").checkpoint(checkpoint)
                .statusInterval(Duration.ofMillis(500)).build();
        Runtime runtime = Runtime.builder().messageTypes(Reading.registry()).build();
        runtime.addSink(sink);
        long start = System.nanoTime();
        runtime.boot();
        while (sink.status().shipped() < n) {
            Thread.sleep(1);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        runtime.close();
        System.out.printf("  shipped %,d lines in %.2f s%n", n, seconds);
        return n / seconds;
    }

    private static void readBack(String bootstrap, String topic, int n) throws Exception {
        KafkaSource source = KafkaSource.builder(bootstrap, topic).devices(Set.of("greenhouse-1"))
                .registry(Reading.registry()).build();
        long start = System.nanoTime();
        long count;
        try (Stream<Event<?>> events = source.open(p -> { })) {
            count = events.count();
        }
        double s1 = (System.nanoTime() - start) / 1e9;
        System.out.printf("KafkaSource read: %,d events in %.2f s: %,.0f events/s%n", count, s1, count / s1);

        AtomicLong seen = new AtomicLong();
        ReplayRuntime replay = ReplayRuntime.builder().speed(ReplayClock.MAX_SPEED).registry(Reading.registry()).build();
        replay.addSource(source);
        replay.addSink(new EventSink() {
            @Override
            public void handle(Event<?> event) {
                seen.incrementAndGet();
            }
        });
        start = System.nanoTime();
        ReplayProgress done = replay.run();
        double s2 = (System.nanoTime() - start) / 1e9;
        System.out.printf("replay from Kafka at max speed: %,d events in %.2f s: %,.0f events/s (sink saw %,d)%n",
                done.eventsReplayed(), s2, done.eventsReplayed() / s2, seen.get());
        if (count != n || done.eventsReplayed() != n) {
            throw new IllegalStateException("read back " + count + " / replayed " + done.eventsReplayed() + ", not " + n);
        }
    }
}
