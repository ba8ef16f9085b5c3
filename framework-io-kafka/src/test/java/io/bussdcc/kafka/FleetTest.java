package io.bussdcc.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Event;
import io.bussdcc.api.EventSink;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.codec.EventCodec;
import io.bussdcc.replay.ReplayClock;
import io.bussdcc.replay.ReplayProgress;
import io.bussdcc.replay.ReplayRuntime;
import io.bussdcc.runtime.Runtime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ten devices shipping to a topic of three partitions, read back whole, by device, by time and
 * through a replay; and what bad input does. The broker does not create topics by itself.
 */
class FleetTest {

    private static final int DEVICES = 10;
    private static final int READINGS = 500;

    private static Path dir;
    private static Broker broker;
    private static final Map<String, Path> logs = new TreeMap<>();

    @BeforeAll
    static void shipAFleet() throws Exception {
        dir = Broker.tmp("fleet");
        broker = Broker.start(dir.resolve("broker"), false);
        broker.createTopic("fleet", 3);
        List<Runtime> runtimes = new ArrayList<>();
        List<KafkaSink> sinks = new ArrayList<>();
        for (int d = 0; d < DEVICES; d++) {
            String id = "dev-" + d;
            Path log = dir.resolve(id);
            logs.put(id, log);
            KafkaSink sink = KafkaSink.builder(broker.bootstrap(), "fleet").log(log).device(id)
                    .statusInterval(Duration.ofMillis(200)).settle(Duration.ofMillis(300)).build();
            Runtime r = Runtime.builder().messageTypes(Reading.registry()).build();
            r.addSink(new LineLog(log, 600));
            r.addSink(sink);
            r.boot();
            runtimes.add(r);
            sinks.add(sink);
        }
        for (int i = 0; i < READINGS; i++) { // interleaved in time across the devices
            for (int d = 0; d < DEVICES; d++) {
                runtimes.get(d).emit(new Reading("dev-" + d, i, d * 1000 + i, null));
            }
        }
        for (KafkaSink s : sinks) {
            Kafka.await("every device caught up", Duration.ofSeconds(120), () -> s.status().lagEvents() == 0
                    && s.status().state().equals("caught-up"), s::status);
        }
        for (Runtime r : runtimes) {
            r.close(); // the shutdown events are shipped by stop()
        }
        for (KafkaSink s : sinks) {
            assertEquals(0, s.status().lagEvents(), s.status().toString());
        }
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
        Broker.cleanUp(dir);
    }

    @Test
    void theWholeTopicHoldsEveryDeviceOnceInItsOwnOrderAcrossThreePartitions() throws Exception {
        Kafka.Read all = Kafka.read(broker.bootstrap(), "fleet", Set.of());
        int expected = 0;
        for (Path log : logs.values()) {
            expected += LineLog.eventLines(log).size();
        }
        assertEquals(expected, all.lines().size(), "counts in = out: " + all.counts());
        assertEquals(List.of(), all.problems());
        // Each device's events, picked out of the merged stream by their data, are its log's readings in order.
        EventCodec codec = new EventCodec(Reading.registry());
        Map<String, List<String>> byDevice = new TreeMap<>();
        for (String line : all.lines()) {
            Event<?> e = codec.readEvent(line);
            if (e.payload() instanceof Reading r) {
                byDevice.computeIfAbsent(r.device(), k -> new ArrayList<>()).add(line);
            }
        }
        for (Map.Entry<String, Path> d : logs.entrySet()) {
            List<String> readings = LineLog.eventLines(d.getValue()).stream().filter(l -> l.contains("test.kafka:Reading"))
                    .toList();
            assertEquals(READINGS, readings.size());
            Kafka.assertSameLines(readings, byDevice.get(d.getKey()), d.getKey() + " in the whole topic");
        }
        // The ten keys spread over all three partitions.
        Set<Integer> partitions = new HashSet<>();
        try (var c = new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(Map.of("bootstrap.servers",
                broker.bootstrap()), new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            for (var e : c.endOffsets(List.of(new org.apache.kafka.common.TopicPartition("fleet", 0),
                    new org.apache.kafka.common.TopicPartition("fleet", 1),
                    new org.apache.kafka.common.TopicPartition("fleet", 2))).entrySet()) {
                if (e.getValue() > 0) {
                    partitions.add(e.getKey().partition());
                }
            }
        }
        assertEquals(Set.of(0, 1, 2), partitions);
    }

    @Test
    void oneDeviceReadsBackExactlyAsItsLog() throws Exception {
        for (String d : List.of("dev-0", "dev-3", "dev-9")) {
            Kafka.Read one = Kafka.read(broker.bootstrap(), "fleet", Set.of(d));
            Kafka.assertSameLines(LineLog.eventLines(logs.get(d)), one.lines(), d);
            assertEquals(0, one.counts().duplicates());
        }
    }

    @Test
    void severalDevicesAreMergedByTimeEachInItsOrder() throws Exception {
        Kafka.Read two = Kafka.read(broker.bootstrap(), "fleet", Set.of("dev-1", "dev-7"));
        List<String> one = LineLog.eventLines(logs.get("dev-1"));
        List<String> seven = LineLog.eventLines(logs.get("dev-7"));
        assertEquals(one.size() + seven.size(), two.lines().size());
        EventCodec codec = new EventCodec(Reading.registry());
        List<String> got1 = new ArrayList<>();
        List<String> got7 = new ArrayList<>();
        for (String l : two.lines()) {
            (one.contains(l) ? got1 : got7).add(l);
        }
        Kafka.assertSameLines(one, got1, "dev-1");
        Kafka.assertSameLines(seven, got7, "dev-7");
        // Merged by time: dev-1 and dev-7 hash to partitions 0 and 2 of the three (murmur2 of the
        // key, as the producer partitions), and the heads of the partitions are merged by time.
        // (Devices sharing a partition come in the order the partition holds them.)
        List<Instant> times = two.lines().stream().map(Kafka::time).toList();
        List<Instant> sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        assertEquals(sorted, times, "two devices recorded in interleaved time come out in time order");
    }

    @Test
    void aTimeBoundedReadStartsWhereOffsetsForTimesSaysAndKeepsOnlyTheBounds() throws Exception {
        EventCodec codec = new EventCodec(Reading.registry());
        List<String> log = LineLog.eventLines(logs.get("dev-4"));
        List<String> readings = log.stream().filter(l -> l.contains("test.kafka:Reading")).toList();
        Instant from = codec.readEvent(readings.get(100)).time();
        Instant to = codec.readEvent(readings.get(300)).time();
        List<String> expected = log.stream().filter(l -> {
            Instant t = Kafka.time(l);
            return !t.isBefore(from) && t.isBefore(to);
        }).toList();
        Kafka.Read bounded = Kafka.read(KafkaSource.builder(broker.bootstrap(), "fleet").devices(Set.of("dev-4"))
                .from(from).to(to).registry(Reading.registry()).build());
        assertEquals(200, expected.size());
        Kafka.assertSameLines(expected, bounded.lines(), "dev-4 between reading 100 and 300");
        // offsetsForTimes skipped the records before the start: far fewer records read than the topic holds.
        Kafka.Read whole = Kafka.read(broker.bootstrap(), "fleet", Set.of("dev-4"));
        assertTrue(bounded.counts().records() < whole.counts().records(),
                "bounded read " + bounded.counts() + " vs whole " + whole.counts());
    }

    /** Collects what a replay's sinks receive, as log lines. */
    private static final class Collect implements EventSink {
        final EventCodec codec = new EventCodec(Reading.registry());
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void handle(Event<?> event) {
            lines.add(codec.toJson(event));
        }
    }

    @Test
    void replayingADeviceFromKafkaGivesExactlyItsRecordedLog() throws Exception {
        List<String> recorded = LineLog.eventLines(logs.get("dev-5"));
        List<List<String>> outputs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            Collect out = new Collect();
            ReplayRuntime replay = ReplayRuntime.builder().speed(ReplayClock.MAX_SPEED).registry(Reading.registry())
                    .build();
            replay.addSource(KafkaSource.builder(broker.bootstrap(), "fleet").devices(Set.of("dev-5"))
                    .registry(Reading.registry()).build());
            replay.addSink(out);
            ReplayProgress done = replay.run();
            assertEquals(recorded.size(), done.eventsReplayed(), done.toString());
            outputs.add(List.copyOf(out.lines));
        }
        Kafka.assertSameLines(recorded, outputs.get(0), "replay from Kafka against the recorded log");
        Kafka.assertSameLines(outputs.get(0), outputs.get(1), "a second replay");
    }

    @Test
    void recordsThatAreNotOursAreReportedWithPartitionAndOffsetAndSkipped() throws Exception {
        broker.createTopic("mixed", 1);
        Path log = dir.resolve("mixed-log");
        KafkaSink sink = KafkaSink.builder(broker.bootstrap(), "mixed").log(log).device("m-1")
                .statusInterval(Duration.ofMillis(200)).build();
        try (KafkaProducer<byte[], byte[]> foreign = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrap()), new ByteArraySerializer(), new ByteArraySerializer())) {
            foreign.send(new ProducerRecord<>("mixed", "other".getBytes(StandardCharsets.UTF_8),
                    "{\"temperature\": 21}".getBytes(StandardCharsets.UTF_8))).get(); // offset 0: no headers
            try (Runtime r = Runtime.builder().messageTypes(Reading.registry()).build()) {
                r.addSink(new LineLog(log, 600));
                r.addSink(sink);
                r.boot();
                for (int i = 0; i < 50; i++) {
                    r.emit(new Reading("m-1", i, i, null));
                }
                Kafka.await("shipped", Duration.ofSeconds(60), () -> sink.status().lagEvents() == 0
                        && sink.status().shipped() >= 53 && sink.status().state().equals("caught-up"), sink::status);
                var bad = new ProducerRecord<byte[], byte[]>("mixed", null, "m-1".getBytes(StandardCharsets.UTF_8),
                        "not json at all".getBytes(StandardCharsets.UTF_8));
                bad.headers().add(RecordHeaders.DEVICE, "m-1".getBytes(StandardCharsets.UTF_8))
                        .add(RecordHeaders.SEGMENT, "2000-01-01/00-00-00.jsonl".getBytes(StandardCharsets.UTF_8))
                        .add(RecordHeaders.LINE, "1".getBytes(StandardCharsets.UTF_8));
                foreign.send(bad).get();
                var huge = new ProducerRecord<byte[], byte[]>("mixed", null, "m-1".getBytes(StandardCharsets.UTF_8),
                        "{}".getBytes(StandardCharsets.UTF_8));
                huge.headers().add(RecordHeaders.DEVICE, "m-1".getBytes(StandardCharsets.UTF_8))
                        .add(RecordHeaders.SEGMENT, "../../etc/passwd".getBytes(StandardCharsets.UTF_8))
                        .add(RecordHeaders.LINE, "2000000000".getBytes(StandardCharsets.UTF_8));
                foreign.send(huge).get();
            }
        }
        Kafka.Read read = Kafka.read(broker.bootstrap(), "mixed", Set.of());
        Kafka.assertSameLines(LineLog.eventLines(log), read.lines(), "our events around foreign records");
        assertEquals(3, read.problems().size(), read.problems().toString());
        assertTrue(read.problems().get(2).toString().matches("mixed-0:5[0-9]: bussdcc record without a readable"
                + " bussdcc.line header \\(a line number from 1 to 268435456\\); skipped"), read.problems().get(2).toString());
        assertTrue(read.problems().get(0).toString().startsWith("mixed-0:0: not a bussdcc record"),
                read.problems().get(0).toString());
        String second = read.problems().get(1).toString();
        assertTrue(second.matches("mixed-0:5[0-9]: malformed JSON: .*"), second); // after our 53 lines
        assertTrue(second.contains("2000-01-01/00-00-00.jsonl line 1"), second);
    }

    @Test
    void anUnknownTopicIsAClearErrorNamingTheTopicsThereAre() {
        IOException e = assertThrows(IOException.class, () -> Kafka.read(broker.bootstrap(), "nope", Set.of()));
        assertTrue(e.getMessage().startsWith("topic 'nope' does not exist at " + broker.bootstrap() + " (topics there: "),
                e.getMessage());
        assertTrue(e.getMessage().contains("fleet"), e.getMessage());
    }

    @Test
    void anUnreachableBrokerIsAClearErrorForTheSource() throws Exception {
        String nowhere = "127.0.0.1:" + Broker.freePort();
        IOException e = assertThrows(IOException.class, () -> Kafka.read(KafkaSource.builder(nowhere, "fleet")
                .timeout(Duration.ofSeconds(3)).build()));
        assertTrue(e.getMessage().startsWith("cannot reach Kafka at " + nowhere + " within 3 s"), e.getMessage());
    }

    @Test
    void theShipperSaysATopicIsMissingWhileRecordingGoesOn() throws Exception {
        Path log = dir.resolve("missing");
        KafkaSink sink = KafkaSink.builder(broker.bootstrap(), "missing").log(log).device("x-1")
                .statusInterval(Duration.ofMillis(200)).build();
        try (Runtime r = Runtime.builder().messageTypes(Reading.registry()).build()) {
            LineLog lineLog = new LineLog(log, 600);
            r.addSink(lineLog);
            r.addSink(sink);
            r.boot();
            for (int i = 0; i < 1_000; i++) {
                r.emit(new Reading("x-1", i, i, null));
            }
            assertTrue(lineLog.written >= 1_000, "recording went on");
            Kafka.await("the shipper says the topic is missing", Duration.ofSeconds(60),
                    () -> sink.status().message().contains("topic 'missing' does not exist"), sink::status);
            assertEquals("failed", sink.status().state());
            assertTrue(sink.status().lagEvents() >= 1_000, sink.status().toString());
        }
    }

    @Test
    void anUnreachableOrUnresolvableBootstrapIsReportedWhileRecordingGoesOn() throws Exception {
        for (String bootstrap : List.of("127.0.0.1:" + Broker.freePort(), "no-such-host.invalid:9092")) {
            Path log = dir.resolve("nowhere-" + bootstrap.hashCode());
            KafkaSink sink = KafkaSink.builder(bootstrap, "fleet").log(log).device("x-2")
                    .statusInterval(Duration.ofMillis(200)).build();
            try (Runtime r = Runtime.builder().messageTypes(Reading.registry()).build()) {
                LineLog lineLog = new LineLog(log, 600);
                r.addSink(lineLog);
                r.addSink(sink);
                r.boot();
                for (int i = 0; i < 1_000; i++) {
                    r.emit(new Reading("x-2", i, i, null));
                }
                assertTrue(lineLog.written >= 1_000, "recording went on");
                Kafka.await("the shipper reports " + bootstrap, Duration.ofSeconds(60),
                        () -> !sink.status().state().equals("connecting") && !sink.status().state().equals("shipping")
                                && sink.status().message().contains(bootstrap), sink::status);
                System.out.println(bootstrap + ": " + sink.status());
                assertTrue(sink.status().state().equals("broker-unreachable") || sink.status().state().equals("failed"),
                        sink.status().toString());
                assertEquals(0, sink.status().shipped());
            }
        }
    }

    @Test
    void theReadmeExampleShipsADeviceAndReplaysIt() throws Exception {
        broker.createTopic("readme", 3);
        String bootstrap = broker.bootstrap();
        Path events = dir.resolve("readme-events");
        MessageTypeRegistry types = Reading.registry();
        Collect out = new Collect();
        try (Runtime runtime = Runtime.builder().messageTypes(types).build()) {
            runtime.addSink(new LineLog(events, 600)); // in an application: new JsonlSink(events)
            // begin readme: fleet
            KafkaSink shipper = KafkaSink.builder(bootstrap, "readme") // ships the log the JSONL sink writes
                    .log(events)
                    .device("gh-07")                                   // default: the identity's serial
                    .build();
            runtime.addSink(shipper);
            // end readme: fleet
            runtime.boot();
            for (int i = 0; i < 100; i++) {
                runtime.emit(new Reading("gh-07", i, i, null));
            }
            Kafka.await("shipped", Duration.ofSeconds(60), () -> shipper.status().lagEvents() == 0
                    && shipper.status().shipped() >= 103 && shipper.status().state().equals("caught-up"), shipper::status);
        }
        // begin readme: replay
        ReplayRuntime replay = ReplayRuntime.builder().speed(ReplayClock.MAX_SPEED).registry(types).build();
        replay.addSource(KafkaSource.builder(bootstrap, "readme").devices(Set.of("gh-07")).registry(types).build());
        replay.addSink(out);
        ReplayProgress done = replay.run(); // the device's events, exactly as its log holds them
        // end readme: replay
        Kafka.assertSameLines(LineLog.eventLines(events), out.lines, "the README's fleet example");
        assertEquals(out.lines.size(), done.eventsReplayed());
    }
}
