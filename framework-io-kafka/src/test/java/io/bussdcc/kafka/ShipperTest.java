package io.bussdcc.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.codec.LogSegments;
import io.bussdcc.runtime.Runtime;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shipper against a real broker: what a record holds, and the broker going away. */
class ShipperTest {

    private static Path dir;
    private static Broker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        dir = Broker.tmp("shipper");
        broker = Broker.start(dir.resolve("broker"), true);
    }

    @BeforeEach
    void brokerUp() throws Exception {
        broker.ensureRunning();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
        Broker.cleanUp(dir);
    }

    private static Runtime device(Path log, KafkaSink sink) {
        Runtime runtime = Runtime.builder().messageTypes(Reading.registry()).build();
        runtime.addSink(new LineLog(log, 600));
        runtime.addSink(sink);
        return runtime;
    }

    private static KafkaSink.Builder sink(String topic, Path log, String device) {
        return KafkaSink.builder(broker.bootstrap(), topic).log(log).device(device)
                .statusInterval(Duration.ofMillis(200)).settle(Duration.ofMillis(300));
    }

    @Test
    void everyLineGoesOutByteForByteKeyedByDeviceWithItsPosition() throws Exception {
        Path log = dir.resolve("plain");
        KafkaSink sink = sink("plain", log, "gh-01").build();
        try (Runtime runtime = device(log, sink)) {
            runtime.boot();
            for (int i = 0; i < 2_000; i++) {
                runtime.emit(new Reading("gh-01", i, i / 3.0, i % 7 == 0 ? "ünïcödé \"quoted\"" : null));
            }
            Kafka.await("the shipper caught up", Duration.ofSeconds(60), () -> sink.status().lagEvents() == 0
                    && sink.status().shipped() >= 2_000 && sink.status().state().equals("caught-up"), sink::status);
            assertEquals("caught-up", sink.status().state(), sink.status().message());
            assertEquals(0L, runtime.state().get("kafka.shipper.lagEvents").orElseThrow());
            Kafka.await("the sink's health says UP", Duration.ofSeconds(10),
                    () -> runtime.health().get("sink.kafka").isUp());
        }
        List<String> lines = LineLog.lines(log);
        String segment = LogSegments.list(log).get(0).name();
        Map<String, String> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.<String, Object>copyOf(props),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition("plain", 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long offset = 0;
            int n = 0;
            long end = c.endOffsets(List.of(tp)).get(tp);
            while (c.position(tp) < end) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    String line = lines.get(n);
                    assertEquals(line, new String(r.value(), StandardCharsets.UTF_8), "record " + n);
                    assertEquals("gh-01", new String(r.key(), StandardCharsets.UTF_8));
                    assertEquals("gh-01", header(r, RecordHeaders.DEVICE));
                    assertEquals(segment, header(r, RecordHeaders.SEGMENT));
                    assertEquals(Long.toString(offset), header(r, RecordHeaders.OFFSET));
                    assertEquals(Integer.toString(n + 1), header(r, RecordHeaders.LINE));
                    String time = line.substring(9, line.indexOf('"', 9));
                    assertEquals(Instant.parse(time).toEpochMilli(), r.timestamp());
                    offset += line.getBytes(StandardCharsets.UTF_8).length + 1;
                    n++;
                }
            }
            assertEquals(lines.size(), n, "every line of the log is a record, and nothing else");
        }
        // The checkpoint is where the topic acknowledged: the end of the log.
        Checkpoint cp = Checkpoint.read(log.resolve(".kafka-plain.checkpoint"));
        assertEquals(segment, cp.segment());
        assertEquals(Files.size(log.resolve(segment)), cp.offset());
        assertEquals(lines.size(), cp.line());
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    /** Emits readings on its own thread until told to stop; counts them. */
    private static final class Emitter implements AutoCloseable {
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLong emitted = new AtomicLong();
        final Thread thread;

        Emitter(Runtime runtime, String device, int perSecond) {
            thread = Thread.ofPlatform().start(() -> {
                long start = System.nanoTime();
                while (running.get()) {
                    long i = emitted.get();
                    runtime.emit(new Reading(device, i, i, null));
                    emitted.incrementAndGet();
                    long due = start + (i + 1) * 1_000_000_000L / perSecond;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                }
            });
        }

        @Override
        public void close() {
            running.set(false);
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void brokerStoppedForTenSecondsInTheMiddleOfShipping() throws Exception {
        Path log = dir.resolve("outage");
        KafkaSink sink = sink("outage", log, "gh-02").build();
        long emitted;
        long retries;
        try (Runtime runtime = device(log, sink)) {
            runtime.boot();
            try (Emitter e = new Emitter(runtime, "gh-02", 2_000)) {
                Kafka.await("shipping started", Duration.ofSeconds(60), () -> sink.status().shipped() > 2_000, sink::status);
                broker.stop(false);
                long stoppedAt = System.nanoTime();
                long shippedAtStop = sink.status().shipped();
                long emittedAtStop = e.emitted.get();
                Thread.sleep(10_000);
                // Recording went on and the lag shows it.
                long during = e.emitted.get() - emittedAtStop;
                assertTrue(during > 5_000, "recording went on while the broker was down: " + during + " events");
                Kafka.await("the lag is measured", Duration.ofSeconds(10),
                        () -> sink.status().lagEvents() >= during - 2_000, sink::status);
                assertTrue(sink.status().lagSeconds() > 5, "lag in seconds: " + sink.status());
                assertTrue(sink.status().shipped() - shippedAtStop < 2_000, "nothing much shipped while down");
                broker.startProcess();
                System.out.printf("broker down %.1f s; lag then %s%n", Broker.since(stoppedAt).toMillis() / 1e3,
                        sink.status());
                Thread.sleep(2_000);
            }
            Kafka.await("the shipper caught up after the outage", Duration.ofSeconds(180),
                    () -> sink.status().lagEvents() == 0 && "caught-up".equals(sink.status().state()), sink::status);
            retries = sink.status().retries();
        }
        List<String> in = LineLog.eventLines(log);
        Kafka.Read out = Kafka.read(broker.bootstrap(), "outage", Set.of("gh-02"));
        System.out.printf("outage trial: %d lines in the log, %d events out, %d duplicate records in the topic dropped,"
                + " %d retries%n", in.size(), out.lines().size(), out.counts().duplicates(), retries);
        Kafka.assertSameLines(in, out.lines(), "every recorded event came out once, in order");
        assertEquals(List.of(), out.problems());
    }

    @Test
    void brokerUnreachableFromBootForThirtySeconds() throws Exception {
        broker.stop(false);
        Path log = dir.resolve("late");
        KafkaSink sink = sink("late", log, "gh-03").build();
        try (Runtime runtime = device(log, sink)) {
            runtime.boot();
            for (int i = 0; i < 3_000; i++) {
                runtime.emit(new Reading("gh-03", i, i, null));
            }
            long bootedAt = System.nanoTime();
            Kafka.await("the lag is measured", Duration.ofSeconds(20), () -> sink.status().lagEvents() >= 3_000, sink::status);
            Kafka.await("the shipper says the broker is unreachable", Duration.ofSeconds(30),
                    () -> sink.status().state().equals("broker-unreachable"), sink::status);
            assertTrue(sink.status().message().contains(broker.bootstrap()), sink.status().message());
            assertEquals("broker-unreachable", runtime.state().get("kafka.shipper.status").orElseThrow());
            Kafka.await("the sink's health says DOWN", Duration.ofSeconds(10),
                    () -> !runtime.health().get("sink.kafka").isUp());
            assertTrue(runtime.health().get("sink.kafka").reason().startsWith("broker-unreachable: "),
                    runtime.health().get("sink.kafka").reason());
            assertTrue(runtime.health().get("sink.kafka").counts().get("lagEvents") >= 3_000);
            assertEquals(0, sink.status().shipped());
            long left = 30_000 - Broker.since(bootedAt).toMillis();
            if (left > 0) {
                Thread.sleep(left);
            }
            for (int i = 3_000; i < 4_000; i++) {
                runtime.emit(new Reading("gh-03", i, i, null));
            }
            broker.startProcess();
            Kafka.await("the shipper caught up", Duration.ofSeconds(120),
                    () -> sink.status().lagEvents() == 0 && "caught-up".equals(sink.status().state()), sink::status);
            System.out.println("before close: " + sink.status());
        }
        System.out.println("after close: " + sink.status());
        List<String> in = LineLog.eventLines(log);
        Kafka.Read out = Kafka.read(broker.bootstrap(), "late", Set.of("gh-03"));
        System.out.printf("late-broker trial: %d lines in the log, %d events out, %d duplicates dropped%n", in.size(),
                out.lines().size(), out.counts().duplicates());
        Kafka.assertSameLines(in, out.lines(), "every recorded event came out once, in order");
    }
}
