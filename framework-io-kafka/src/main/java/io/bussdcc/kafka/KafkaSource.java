package io.bussdcc.kafka;

import io.bussdcc.api.Event;
import io.bussdcc.api.EventSource;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.RawMessage;
import io.bussdcc.api.SourceProblem;
import io.bussdcc.api.spi.DiscoveredProvider;
import io.bussdcc.api.spi.MessageTypeProvider;
import io.bussdcc.codec.CodecException;
import io.bussdcc.codec.EventCodec;
import io.bussdcc.codec.LogSegments;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads what {@link KafkaSink}s shipped to a topic back as events, for a replay or
 * {@code bussdcc cat}: one device, several, or all, optionally bounded in time (the start
 * offsets come from {@code offsetsForTimes}). The read is a snapshot: it ends at the end
 * offsets the topic had when it was opened. A device's events come in its log's order, with
 * the resends of a crash dropped (by device, segment and line number), so replaying a device from
 * Kafka gives what replaying its log gives; several devices are merged by event time.
 * Records that are not ours are reported as {@code topic-partition:offset: reason}. See
 * docs/kafka.md.
 */
public final class KafkaSource implements EventSource {

    static {
        KafkaLogging.quieten();
    }

    private final String bootstrap;
    private final String topic;
    private final Set<String> devices;
    private final Optional<Instant> from;
    private final Optional<Instant> to;
    private final MessageTypeRegistry registry;
    private final Duration timeout;
    private final Map<String, String> consumer;

    private KafkaSource(Builder b) {
        this.bootstrap = b.bootstrap;
        this.topic = b.topic;
        this.devices = Set.copyOf(b.devices);
        this.from = Optional.ofNullable(b.from);
        this.to = Optional.ofNullable(b.to);
        this.registry = b.registry != null ? b.registry : discoveredTypes();
        this.timeout = b.timeout;
        this.consumer = Map.copyOf(b.consumer);
    }

    /** A source reading {@code topic} at {@code bootstrap}. */
    public static Builder builder(String bootstrap, String topic) {
        return new Builder(bootstrap, topic);
    }

    /** A source for a {@link KafkaLocation}. */
    public static Builder builder(KafkaLocation location) {
        Builder b = new Builder(location.bootstrap(), location.topic()).devices(location.devices());
        location.from().ifPresent(b::from);
        location.to().ifPresent(b::to);
        return b;
    }

    @Override
    public String describe() {
        return SCHEME_PREFIX + bootstrap + "/" + topic + (devices.isEmpty() ? "" : "?device=" + String.join(",", devices));
    }

    private static final String SCHEME_PREFIX = KafkaLocation.SCHEME;
    // Bounds on what a record can make the reader remember (a topic is not trusted input): the
    // dedupe keeps one bit per line number of each device's segment.
    private static final int MAX_LINE = 1 << 28;
    private static final int MAX_DEVICE = 256;

    @Override
    public Stream<Event<?>> open(Consumer<SourceProblem> problems) throws IOException {
        return open(problems, new KafkaReadCounts());
    }

    /** {@link #open(Consumer)}, counting into {@code counts}. */
    public Stream<Event<?>> open(Consumer<SourceProblem> problems, KafkaReadCounts counts) throws IOException {
        Objects.requireNonNull(problems, "problems");
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "bussdcc-replay");
        p.put(ConsumerConfig.ENABLE_METRICS_PUSH_CONFIG, "false");
        p.putAll(consumer);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        KafkaConsumer<byte[], byte[]> c;
        // Kafka loads its configured classes through the context class loader; in a plugin
        // layer that is not the one that sees kafka-clients.
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(KafkaSource.class.getClassLoader());
        try {
            c = new KafkaConsumer<>(p);
        } catch (KafkaException e) {
            throw new IOException("cannot make a Kafka consumer for " + bootstrap + ": " + causes(e), e);
        } finally {
            t.setContextClassLoader(before);
        }
        try {
            Reader reader = new Reader(c, problems, counts);
            Iterator<Event<?>> it = reader;
            return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL),
                    false).onClose(c::close);
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private static String causes(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && b.indexOf(t.getMessage()) < 0) {
                b.append(b.isEmpty() ? "" : ": ").append(t.getMessage());
            }
        }
        return b.isEmpty() ? e.toString() : b.toString();
    }

    /**
     * The built-in types plus those every {@link MessageTypeProvider} visible from this module
     * (its layer and the layers below, or its class loader) contributes, discovered by bussdcc's
     * one policy, {@link DiscoveredProvider#all}: a broken provider fails the build, naming its jar.
     */
    private static MessageTypeRegistry discoveredTypes() {
        ModuleLayer layer = KafkaSource.class.getModule().getLayer();
        ServiceLoader<MessageTypeProvider> loader = layer != null ? ServiceLoader.load(layer, MessageTypeProvider.class)
                : ServiceLoader.load(MessageTypeProvider.class, KafkaSource.class.getClassLoader());
        return MessageTypeProvider.registerAll(DiscoveredProvider.all(MessageTypeProvider.class, loader),
                MessageTypeRegistry.withBuiltins());
    }

    /** One decoded record waiting to be merged. */
    private record Item(Event<?> event, long timeNanos) {}

    /** Reads the partitions up to their end offsets and merges their events by time. */
    private final class Reader implements Iterator<Event<?>> {
        private final KafkaConsumer<byte[], byte[]> c;
        private final Consumer<SourceProblem> problems;
        private final KafkaReadCounts counts;
        private final EventCodec codec = new EventCodec(registry);
        private final Map<TopicPartition, Long> end = new HashMap<>();
        private final Map<TopicPartition, ArrayDeque<Item>> buffers = new TreeMap<>(
                (a, b) -> Integer.compare(a.partition(), b.partition()));
        private final Set<TopicPartition> active = new HashSet<>();
        private final Map<String, Map<String, BitSet>> delivered = new HashMap<>(); // device → segment → lines delivered
        private final Set<String> unknownTypes = new HashSet<>();
        private final Set<TopicPartition> paused = new HashSet<>();

        Reader(KafkaConsumer<byte[], byte[]> c, Consumer<SourceProblem> problems, KafkaReadCounts counts)
                throws IOException {
            this.c = c;
            this.problems = problems;
            this.counts = counts;
            List<PartitionInfo> infos;
            try {
                infos = c.partitionsFor(topic);
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                throw new IOException("cannot reach Kafka at " + bootstrap + " within " + timeout.toSeconds()
                        + " s (is the broker up, and the address right?): " + causes(e), e);
            } catch (KafkaException e) {
                throw new IOException("cannot read topic '" + topic + "' at " + bootstrap + ": " + causes(e), e);
            }
            if (infos == null || infos.isEmpty()) {
                String known;
                try {
                    known = String.join(", ", new java.util.TreeSet<>(c.listTopics().keySet()));
                } catch (KafkaException e) {
                    known = "?";
                }
                throw new IOException("topic '" + topic + "' does not exist at " + bootstrap + " (topics there: "
                        + (known.isEmpty() ? "none" : known) + ")");
            }
            List<TopicPartition> tps = new ArrayList<>();
            for (PartitionInfo info : infos) {
                tps.add(new TopicPartition(topic, info.partition()));
            }
            c.assign(tps);
            try {
                end.putAll(c.endOffsets(tps));
                Map<TopicPartition, Long> start = new LinkedHashMap<>(c.beginningOffsets(tps));
                if (from.isPresent()) {
                    Map<TopicPartition, Long> query = new HashMap<>();
                    for (TopicPartition tp : tps) {
                        query.put(tp, from.get().toEpochMilli());
                    }
                    for (Map.Entry<TopicPartition, OffsetAndTimestamp> e : c.offsetsForTimes(query).entrySet()) {
                        start.put(e.getKey(), e.getValue() == null ? end.get(e.getKey()) : e.getValue().offset());
                    }
                }
                for (TopicPartition tp : tps) {
                    long s = start.get(tp);
                    c.seek(tp, s);
                    buffers.put(tp, new ArrayDeque<>());
                    if (s < end.get(tp)) {
                        active.add(tp);
                    }
                }
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                throw new IOException("Kafka at " + bootstrap + " did not answer for topic '" + topic + "' within "
                        + timeout.toSeconds() + " s: " + causes(e), e);
            }
        }

        @Override
        public boolean hasNext() {
            fill();
            for (ArrayDeque<Item> b : buffers.values()) {
                if (!b.isEmpty()) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public Event<?> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            ArrayDeque<Item> best = null;
            for (ArrayDeque<Item> b : buffers.values()) {
                if (!b.isEmpty() && (best == null || b.peekFirst().timeNanos() < best.peekFirst().timeNanos())) {
                    best = b;
                }
            }
            counts.events.incrementAndGet();
            return best.pollFirst().event();
        }

        /** Polls until every partition that still has records within its end offset has one decoded event waiting. */
        private void fill() {
            long idleSince = System.nanoTime();
            while (true) {
                List<TopicPartition> needs = new ArrayList<>();
                for (TopicPartition tp : active) {
                    if (buffers.get(tp).isEmpty()) {
                        needs.add(tp);
                    }
                }
                if (needs.isEmpty()) {
                    return;
                }
                Set<TopicPartition> pause = new HashSet<>(buffers.keySet());
                needs.forEach(pause::remove);
                Set<TopicPartition> toPause = new HashSet<>(pause);
                toPause.removeAll(paused);
                Set<TopicPartition> toResume = new HashSet<>(paused);
                toResume.removeAll(pause);
                if (!toPause.isEmpty()) {
                    c.pause(toPause);
                }
                if (!toResume.isEmpty()) {
                    c.resume(toResume);
                }
                paused.clear();
                paused.addAll(pause);
                var records = c.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    idleSince = System.nanoTime();
                }
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() >= end.get(tp)) {
                        continue;
                    }
                    Item item = decode(r);
                    if (item != null) {
                        buffers.get(tp).addLast(item);
                    }
                }
                for (TopicPartition tp : needs) {
                    if (c.position(tp) >= end.get(tp)) {
                        active.remove(tp);
                    }
                }
                if (System.nanoTime() - idleSince > timeout.toNanos()) {
                    throw new UncheckedIOException(new IOException("Kafka at " + bootstrap + " stopped answering while "
                            + "reading " + needs.get(0) + " at offset " + c.position(needs.get(0)) + " (no records for "
                            + timeout.toSeconds() + " s before the end offset " + end.get(needs.get(0)) + ")"));
                }
            }
        }

        private Item decode(ConsumerRecord<byte[], byte[]> r) {
            counts.records.incrementAndGet();
            String where = r.topic() + "-" + r.partition();
            String device = header(r, RecordHeaders.DEVICE);
            if (device == null) {
                return problem(where, r.offset(), "not a bussdcc record: it has no " + RecordHeaders.DEVICE
                        + " header (written by another program?); skipped");
            }
            if (!devices.isEmpty() && !devices.contains(device)) {
                counts.skipped.incrementAndGet();
                return null;
            }
            String segment = header(r, RecordHeaders.SEGMENT);
            int line;
            try {
                line = Integer.parseInt(Objects.requireNonNullElse(header(r, RecordHeaders.LINE), "x"));
                if (line < 1 || line > MAX_LINE) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                return problem(where, r.offset(), "bussdcc record without a readable " + RecordHeaders.LINE
                        + " header (a line number from 1 to " + MAX_LINE + "); skipped");
            }
            if (segment == null || !LogSegments.isSegmentName(segment)) {
                return problem(where, r.offset(), "bussdcc record whose " + RecordHeaders.SEGMENT + " header is "
                        + (segment == null ? "missing" : "not a segment name (YYYY-MM-DD/HH-MM-SS.jsonl)") + "; skipped");
            }
            if (device.length() > MAX_DEVICE) {
                return problem(where, r.offset(), "bussdcc record whose device id is longer than " + MAX_DEVICE
                        + " characters; skipped");
            }
            BitSet lines = delivered.computeIfAbsent(device, d -> new HashMap<>()).computeIfAbsent(segment,
                    s -> new BitSet());
            if (lines.get(line)) {
                counts.duplicates.incrementAndGet();
                return null;
            }
            lines.set(line);
            byte[] value = r.value();
            if (value == null) {
                return problem(where, r.offset(), "the record has no value; skipped");
            }
            Event<?> event;
            try {
                event = codec.readEvent(value, 0, value.length);
            } catch (CodecException e) {
                return problem(where, r.offset(), e.getMessage() + " (device " + device + ", " + segment + " line "
                        + header(r, RecordHeaders.LINE) + ")");
            }
            Instant t = event.time();
            if (from.isPresent() && t.isBefore(from.get()) || to.isPresent() && !t.isBefore(to.get())) {
                counts.skipped.incrementAndGet();
                return null;
            }
            if (event.payload() instanceof RawMessage raw && raw.type() != null && unknownTypes.add(raw.type())) {
                problems.accept(new SourceProblem(where, r.offset(), "unknown type '" + raw.type()
                        + "': delivered as a raw message (register the type to decode it; further records of this type"
                        + " are not reported)"));
            }
            return new Item(event, t.getEpochSecond() * 1_000_000_000L + t.getNano());
        }

        private Item problem(String where, long offset, String reason) {
            counts.problems.incrementAndGet();
            problems.accept(new SourceProblem(where, offset, reason));
            return null;
        }

        private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
            Header h = r.headers().lastHeader(name);
            return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
        }
    }

    /** Settings of a {@link KafkaSource}. */
    public static final class Builder {
        private final String bootstrap;
        private final String topic;
        private final Set<String> devices = new HashSet<>();
        private Instant from;
        private Instant to;
        private MessageTypeRegistry registry;
        private Duration timeout = Duration.ofSeconds(10);
        private final Map<String, String> consumer = new LinkedHashMap<>();

        private Builder(String bootstrap, String topic) {
            if (bootstrap == null || bootstrap.isBlank() || topic == null || topic.isBlank()) {
                throw new IllegalArgumentException("a Kafka source needs a bootstrap address and a topic");
            }
            this.bootstrap = bootstrap.strip();
            this.topic = topic.strip();
        }

        /** Only these devices (all when never called or empty). */
        public Builder devices(Collection<String> ids) {
            devices.addAll(ids);
            return this;
        }

        /** Only events at or after {@code t}. */
        public Builder from(Instant t) {
            this.from = Objects.requireNonNull(t);
            return this;
        }

        /** Only events before {@code t}. */
        public Builder to(Instant t) {
            this.to = Objects.requireNonNull(t);
            return this;
        }

        /** The types to decode; default the built-ins and every {@code MessageTypeProvider}'s. */
        public Builder registry(MessageTypeRegistry r) {
            this.registry = Objects.requireNonNull(r);
            return this;
        }

        /** How long to wait for the broker before the read fails (default 10 s). */
        public Builder timeout(Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + d);
            }
            this.timeout = d;
            return this;
        }

        /** A Kafka consumer setting (e.g. {@code security.protocol}). */
        public Builder consumer(String key, String value) {
            consumer.put(key, value);
            return this;
        }

        public KafkaSource build() {
            if (from != null && to != null && !from.isBefore(to)) {
                throw new IllegalArgumentException("from " + from + " is not before to " + to);
            }
            return new KafkaSource(this);
        }
    }
}
