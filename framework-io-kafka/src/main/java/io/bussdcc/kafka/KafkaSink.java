package io.bussdcc.kafka;

import io.bussdcc.api.Context;
import io.bussdcc.api.Event;
import io.bussdcc.api.EventSink;
import io.bussdcc.api.Health;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ships the local JSONL log to a Kafka topic, store-and-forward: the device records to its log
 * as always, and this sink's own thread reads that log behind the writer and produces one
 * record per line (key: the device id; value: the line byte for byte; headers
 * {@link RecordHeaders}), with an idempotent producer and {@code acks=all}. How far the topic
 * has acknowledged is kept in a checkpoint file, so a broker outage, a crash or a reboot
 * resumes there. {@link #handle} only notes the event's time: the bus is never slowed by
 * Kafka. Progress and lag are in {@link #status()} and in state below {@code kafka.shipper}.
 * What is guaranteed, the checkpoint and the configuration: docs/kafka.md.
 */
public final class KafkaSink implements EventSink {

    /** Where the status goes in the runtime's state. */
    public static final String STATE_PREFIX = "kafka.shipper";

    private final Builder settings;
    private final AtomicLong newestNanos = new AtomicLong(Long.MIN_VALUE);
    private volatile Shipper shipper;

    private KafkaSink(Builder b) {
        this.settings = b;
    }

    /** A sink shipping to {@code topic} on the cluster at {@code bootstrap} ({@code host:port[,host:port…]}). */
    public static Builder builder(String bootstrap, String topic) {
        return new Builder(bootstrap, topic);
    }

    @Override
    public String name() {
        return "kafka";
    }

    /**
     * Reads the checkpoint and starts shipping in the background. Nothing here fails the boot:
     * an unreachable broker or an unusable checkpoint is the {@link #status()}, and recording
     * goes on.
     */
    @Override
    public void start(Context ctx) throws Exception {
        Path root = settings.log != null ? settings.log
                : ctx.config().getPath("sink.jsonl.dir").orElse(Path.of("./events"));
        Path checkpoint = settings.checkpoint != null ? settings.checkpoint
                : root.resolve(".kafka-" + settings.topic + ".checkpoint");
        Shipper s = new Shipper(settings, root, checkpoint, ctx, newestNanos);
        s.start();
        shipper = s;
    }

    @Override
    public void handle(Event<?> event) {
        Instant t = event.time();
        long nanos = t.getEpochSecond() * 1_000_000_000L + t.getNano();
        long seen;
        while (nanos > (seen = newestNanos.get()) && !newestNanos.compareAndSet(seen, nanos)) {
            // another thread moved it; try again
        }
    }

    /**
     * Ships what the log holds now for up to the stop timeout (when the broker answers), then
     * writes the checkpoint and closes the producer. What is not shipped by then is shipped at
     * the next start.
     */
    @Override
    public void stop() throws Exception {
        Shipper s = shipper;
        if (s != null) {
            s.stop();
        }
    }

    /** The shipper's status now; {@code stopped} before {@link #start}. */
    public ShipperStatus status() {
        Shipper s = shipper;
        return s != null ? s.status()
                : new ShipperStatus("stopped", "not started", Optional.ofNullable(settings.device), settings.topic, 0, -1, 0,
                        "", 0);
    }

    /**
     * What {@code /api/health} shows under {@code sink.kafka}: DOWN with the shipper's message
     * while the broker cannot be reached or shipping failed (recording goes on), UP otherwise;
     * the counts carry the shipped events, the lag in events and milliseconds, and the retries.
     */
    @Override
    public Health health() {
        ShipperStatus s = status();
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("shipped", s.shipped());
        counts.put("lagEvents", s.lagEvents());
        counts.put("lagMillis", Math.round(s.lagSeconds() * 1000));
        counts.put("retries", s.retries());
        boolean down = s.state().equals("failed") || s.state().equals("broker-unreachable");
        return down ? Health.down(s.state() + ": " + s.message(), counts) : Health.up(counts);
    }

    /** Settings of a {@link KafkaSink}. */
    public static final class Builder {
        final String bootstrap;
        final String topic;
        Path log;
        Path checkpoint;
        String device;
        Duration settle = Duration.ofSeconds(2);
        Duration stopTimeout = Duration.ofSeconds(5);
        Duration statusInterval = Duration.ofSeconds(1);
        int maxInFlight = 50_000;
        int maxLine = 1_000_000;
        final Map<String, String> producer = new LinkedHashMap<>();

        private Builder(String bootstrap, String topic) {
            this.bootstrap = requireText(bootstrap, "bootstrap");
            this.topic = requireText(topic, "topic");
            if (!topic.matches("[a-zA-Z0-9._-]{1,249}")) {
                throw new IllegalArgumentException("topic '" + topic
                        + "' is not a Kafka topic name (1 to 249 of a-z A-Z 0-9 . _ -)");
            }
        }

        /** The log root to ship; default the JSONL sink's {@code sink.jsonl.dir}, else {@code ./events}. */
        public Builder log(Path root) {
            this.log = Objects.requireNonNull(root, "root");
            return this;
        }

        /** The checkpoint file; default {@code LOG/.kafka-TOPIC.checkpoint}. */
        public Builder checkpoint(Path file) {
            this.checkpoint = Objects.requireNonNull(file, "file");
            return this;
        }

        /**
         * The device id records are keyed by; default the system identity's serial (state
         * {@code system.identity.serial}), waited for when not known yet.
         */
        public Builder device(String id) {
            this.device = requireText(id, "device");
            return this;
        }

        /** How long an older segment must stay unchanged before the shipper leaves it for the next (default 2 s). */
        public Builder settle(Duration d) {
            this.settle = nonNegative(d, "settle");
            return this;
        }

        /** How long {@code stop()} goes on shipping what the log holds (default 5 s). */
        public Builder stopTimeout(Duration d) {
            this.stopTimeout = nonNegative(d, "stop timeout");
            return this;
        }

        /** How often the lag is measured, the status written to state and the checkpoint saved (default 1 s). */
        public Builder statusInterval(Duration d) {
            this.statusInterval = nonNegative(d, "status interval");
            if (d.isZero()) {
                throw new IllegalArgumentException("status interval must be positive");
            }
            return this;
        }

        /** The most lines sent and not yet acknowledged (default 50,000): bounds the memory an outage takes. */
        public Builder maxInFlight(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("max in flight must be at least 1, not " + n);
            }
            this.maxInFlight = n;
            return this;
        }

        /** A Kafka producer setting, over this sink's defaults (e.g. {@code compression.type=lz4}). */
        public Builder producer(String key, String value) {
            producer.put(requireText(key, "producer key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public KafkaSink build() {
            return new KafkaSink(this);
        }

        private static String requireText(String s, String what) {
            if (s == null || s.isBlank()) {
                throw new IllegalArgumentException(what + " must not be empty");
            }
            return s.strip();
        }

        private static Duration nonNegative(Duration d, String what) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException(what + " must not be negative: " + d);
            }
            return d;
        }
    }
}
