package io.bussdcc.kafka;

import io.bussdcc.api.Context;
import io.bussdcc.codec.EventCodec;
import io.bussdcc.codec.LogCursor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The shipping thread of a {@link KafkaSink} and its status timer. One producer generation at a
 * time: when a send fails (broker gone past the delivery timeout, metadata not available, …)
 * the generation is closed, and the next one starts again from the last acknowledged line.
 * All records go to one partition (one key), whose acknowledgements arrive in send order, so
 * the last acknowledgement is the checkpoint.
 */
final class Shipper {

    private static final System.Logger LOG = System.getLogger(Shipper.class.getName());
    private static final byte[] TIME_START = "{\"time\":\"".getBytes(StandardCharsets.US_ASCII);

    static {
        KafkaLogging.quieten();
    }

    /** A position after an acknowledged line (or before the first), with that line's time. */
    private record Position(String segment, long offset, long line, long timeNanos) {}

    /** One producer and what it has in flight. */
    private static final class Generation {
        final KafkaProducer<byte[], byte[]> producer;
        final AtomicInteger inFlight = new AtomicInteger();
        volatile Exception failure;
        volatile Position failedAt;
        volatile boolean failed;

        Generation(KafkaProducer<byte[], byte[]> producer) {
            this.producer = producer;
        }
    }

    private final KafkaSink.Builder cfg;
    private final Path root;
    private final Path checkpointFile;
    private final Context ctx;
    private final AtomicLong newestNanos;
    private final Thread thread;
    private final Thread timer;

    private volatile boolean stopping;
    private volatile long stopDeadline;
    private volatile String device;
    private volatile Checkpoint checkpoint;       // as read at start, then as last written
    private final String checkpointProblem;       // why the checkpoint cannot be used, or null
    private volatile Position acked;              // after the last acknowledged line
    private volatile long firstSentNanos = Long.MIN_VALUE;
    private volatile String state = "connecting";
    private volatile String message = "starting";
    private volatile long lastAckAt = System.nanoTime();  // the last acknowledgement
    private volatile long waitingSince = System.nanoTime(); // the last ack, or when sending after a quiet time
    private volatile long troubleSince = -1;
    private final AtomicLong shipped = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final Map<Position, Integer> refusals = new HashMap<>();
    private Position noTimestampAt;
    private Position skipAt;
    private volatile long lagEvents = -1;       // -1 until the first measurement
    private volatile double lagSeconds;

    private Generation generation;
    private LogCursor cursor;
    private LogCursor counter;
    private long counted;                         // deliverable lines from the start checkpoint to the log's end
    private byte[] key;
    private String segmentName = "";
    private byte[] segmentBytes;

    Shipper(KafkaSink.Builder cfg, Path root, Path checkpointFile, Context ctx, AtomicLong newestNanos) {
        this.cfg = cfg;
        this.root = root;
        this.checkpointFile = checkpointFile;
        this.ctx = ctx;
        this.newestNanos = newestNanos;
        // A checkpoint that cannot be used stops the shipping, never the recording: the reason
        // is the status until someone fixes or moves the file.
        Checkpoint cp = null;
        String problem = null;
        try {
            cp = Checkpoint.read(checkpointFile);
            if (cp != null && !cp.topic().equals(cfg.topic)) {
                problem = checkpointFile + " is the checkpoint of topic '" + cp.topic() + "', not '" + cfg.topic
                        + "': give this sink its own checkpoint file";
            }
        } catch (IOException e) {
            problem = e.getMessage();
        }
        this.checkpoint = problem == null ? cp : null;
        this.checkpointProblem = problem;
        this.thread = Thread.ofPlatform().daemon().name("bussdcc-kafka-shipper").unstarted(this::run);
        // Kafka loads its configured classes through the context class loader; in a plugin
        // layer it must be the one that sees kafka-clients.
        thread.setContextClassLoader(Shipper.class.getClassLoader());
        this.timer = Thread.ofPlatform().daemon().name("bussdcc-kafka-status").unstarted(this::statusLoop);
    }

    void start() {
        thread.start();
        timer.start();
    }

    void stop() throws InterruptedException {
        stopDeadline = System.nanoTime() + cfg.stopTimeout.toNanos();
        stopping = true;
        LockSupport.unpark(thread);
        thread.join(cfg.stopTimeout.toMillis() + 15_000);
        timer.interrupt();
        timer.join(5_000);
        tick(); // the last lag, state and checkpoint
        state = "stopped";
        publish();
    }

    // ---- the shipping thread --------------------------------------------------------------

    private void run() {
        if (checkpointProblem != null) {
            trouble("failed", checkpointProblem + "; nothing is shipped until it is fixed or moved away"
                    + " (recording goes on)");
            while (!stopping) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
            return;
        }
        try {
            while (!finished()) {
                if (device == null && !resolveDevice()) {
                    pause(100);
                    continue;
                }
                if (generation == null && !openGeneration()) {
                    pause(1000);
                    continue;
                }
                if (generation.failed) {
                    rewind();
                    continue;
                }
                if (generation.inFlight.get() >= cfg.maxInFlight) {
                    pause(2);
                    continue;
                }
                int n;
                try {
                    n = cursor.poll(this::send, 1000);
                } catch (IOException e) {
                    trouble("failed", "cannot read the log " + root + ": " + e.getMessage());
                    rewind();
                    pause(1000);
                    continue;
                }
                if (n == 0) {
                    if (stopping && generation.inFlight.get() == 0) {
                        break;
                    }
                    pause(stopping ? 2 : 20);
                }
            }
        } catch (RuntimeException | Error e) {
            trouble("failed", "the shipper stopped: " + e);
            LOG.log(System.Logger.Level.ERROR, "the Kafka shipper stopped", e);
        } finally {
            closeGeneration(Math.max(0, stopDeadline - System.nanoTime()));
            closeQuietly(cursor);
        }
    }

    private boolean finished() {
        if (!stopping) {
            return false;
        }
        if (System.nanoTime() - stopDeadline >= 0) {
            return true;
        }
        // Stopping while the broker does not answer: no use waiting for the timeout.
        Generation g = generation;
        return g == null || g.failed || (g.inFlight.get() > 0 && System.nanoTime() - waitingSince > 1_000_000_000L);
    }

    private boolean resolveDevice() {
        String id = cfg.device;
        if (id == null) {
            Object serial = ctx.state().get("system.identity.serial").orElse(null);
            if (serial == null || serial.toString().isBlank()) {
                if (!"waiting-for-device".equals(state)) {
                    state = "waiting-for-device";
                    message = "waiting for the device id: the identity service's serial (system.identity.serial) is not"
                            + " known yet; set sink.kafka.device to give one";
                    publish();
                }
                return false;
            }
            id = serial.toString().strip();
        }
        Checkpoint cp = checkpoint;
        if (cp != null && !cp.device().equals(id)) {
            trouble("failed", checkpointFile + " was written for device '" + cp.device() + "', but this device is '" + id
                    + "': nothing is shipped (move the checkpoint away to ship this log as '" + id + "')");
            pause(5000);
            return false;
        }
        device = id;
        key = id.getBytes(StandardCharsets.UTF_8);
        if (cp == null) {
            cp = Checkpoint.start(id, cfg.topic);
            checkpoint = cp;
        }
        acked = new Position(cp.segment(), cp.offset(), cp.line(), Long.MIN_VALUE);
        counter = new LogCursor(root, cp.segment(), cp.offset(), cp.line(), cfg.settle.toNanos(), cfg.maxLine, n -> { });
        return true;
    }

    private boolean openGeneration() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cfg.bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        // Never give up on a record once it is in the producer: a record that expired while a
        // later one got through would leave a hole in the device's order. During an outage the
        // producer retries; the in-flight bound keeps its buffer small.
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(Integer.MAX_VALUE));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "bussdcc-shipper-" + device);
        p.put(ProducerConfig.ENABLE_METRICS_PUSH_CONFIG, "false");
        p.putAll(cfg.producer);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        KafkaProducer<byte[], byte[]> producer;
        try {
            producer = new KafkaProducer<>(p);
        } catch (KafkaException e) {
            trouble("failed", "cannot create a Kafka producer for " + cfg.bootstrap + ": " + causes(e)
                    + "; recording goes on, shipping is retried");
            return false;
        }
        generation = new Generation(producer);
        Position from = acked;
        cursor = new LogCursor(root, from.segment(), from.offset(), from.line(), cfg.settle.toNanos(), cfg.maxLine,
                note -> LOG.log(System.Logger.Level.WARNING, note));
        if (troubleSince < 0 && !"shipping".equals(state) && !"caught-up".equals(state)) {
            state = "connecting";
            message = "connecting to " + cfg.bootstrap;
        }
        waitingSince = System.nanoTime();
        return true;
    }

    private void send(String segment, long offset, long number, byte[] buf, int off, int len, long end) {
        if (generation.failed) {
            // Once a send failed, nothing after it may reach the topic in this generation: the
            // topic holds each device's lines in log order, and the next generation resends
            // from the checkpoint.
            return;
        }
        Position at = new Position(segment, offset, number, 0);
        if (at.equals(skipAt)) {
            skipAt = null;
            acknowledgeLocally(segment, end, number);
            return;
        }
        byte[] value = Arrays.copyOfRange(buf, off, off + len);
        long timeNanos = timeOf(value);
        Long timestamp = timeNanos == Long.MIN_VALUE || at.equals(noTimestampAt) ? null
                : Math.floorDiv(timeNanos, 1_000_000L);
        if (!segment.equals(segmentName)) {
            segmentName = segment;
            segmentBytes = segment.getBytes(StandardCharsets.UTF_8);
        }
        List<Header> headers = new ArrayList<>(4);
        headers.add(new RecordHeader(RecordHeaders.DEVICE, key));
        headers.add(new RecordHeader(RecordHeaders.SEGMENT, segmentBytes));
        headers.add(new RecordHeader(RecordHeaders.OFFSET, Long.toString(offset).getBytes(StandardCharsets.US_ASCII)));
        headers.add(new RecordHeader(RecordHeaders.LINE, Long.toString(number).getBytes(StandardCharsets.US_ASCII)));
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(cfg.topic, null, timestamp, key, value, headers);
        Generation g = generation;
        Position after = new Position(segment, end, number, timeNanos);
        if (firstSentNanos == Long.MIN_VALUE) {
            firstSentNanos = timeNanos;
        }
        if (g.inFlight.getAndIncrement() == 0) {
            waitingSince = System.nanoTime(); // waiting for an answer starts now
        }
        try {
            g.producer.send(record, (metadata, e) -> completed(g, at, after, e));
        } catch (KafkaException | IllegalStateException e) {
            completed(g, at, after, e);
        }
    }

    private void completed(Generation g, Position at, Position after, Exception e) {
        g.inFlight.decrementAndGet();
        if (g.failed) {
            return; // after a failure nothing later counts: the generation resends from the checkpoint
        }
        if (e != null) {
            g.failure = e;
            g.failedAt = at;
            g.failed = true;
            LockSupport.unpark(thread);
            return;
        }
        acked = after;
        lastAckAt = System.nanoTime();
        waitingSince = lastAckAt;
        shipped.incrementAndGet();
    }

    /** A line that is not shipped (refused by the broker for good) still moves the checkpoint. */
    private void acknowledgeLocally(String segment, long end, long number) {
        acked = new Position(segment, end, number, acked.timeNanos());
        shipped.incrementAndGet();
    }

    private void rewind() {
        Generation g = generation;
        Exception e = g == null ? null : g.failure;
        retries.incrementAndGet();
        closeGeneration(0);
        closeQuietly(cursor);
        cursor = null;
        if (e != null) {
            describeFailure(g, e);
            Position at = g.failedAt;
            if (e instanceof InvalidTimestampException) {
                noTimestampAt = at; // the broker refuses the event's time: send that line with the broker's
            } else if (!(e instanceof RetriableException) && !(e instanceof TimeoutException) && at != null) {
                int n = refusals.merge(at, 1, Integer::sum);
                if (n >= 3) {
                    LOG.log(System.Logger.Level.ERROR, "the broker refused the line " + at.segment() + " line " + at.line()
                            + " three times (" + e + "); it is not shipped");
                    skipAt = at;
                    refusals.remove(at);
                }
            }
        }
        if (!stopping) {
            pause(1000);
        }
    }

    private void describeFailure(Generation g, Exception e) {
        String why = causes(e);
        if (e instanceof TimeoutException && why.contains("not present in metadata")
                && (e.getCause() instanceof UnknownTopicOrPartitionException || connected(g))) {
            trouble("failed", "topic '" + cfg.topic + "' does not exist at " + cfg.bootstrap
                    + " (and the broker does not create topics itself): create it; recording goes on");
        } else if (e instanceof TimeoutException || e instanceof RetriableException) {
            trouble("broker-unreachable", "cannot ship to " + cfg.bootstrap + ": " + why
                    + "; recording goes on, shipping resumes from the checkpoint");
        } else {
            trouble("failed", "the broker at " + cfg.bootstrap + " refused a record: " + why + "; retrying");
        }
    }

    /** Whether the producer has a connection to a broker (so a missing topic is missing, not unreachable). */
    private static boolean connected(Generation g) {
        try {
            for (Map.Entry<MetricName, ? extends Metric> m : g.producer.metrics().entrySet()) {
                if (m.getKey().name().equals("connection-count") && m.getKey().group().equals("producer-metrics")
                        && m.getValue().metricValue() instanceof Double d && d > 0) {
                    return true;
                }
            }
        } catch (RuntimeException e) {
            // metrics unavailable: say unreachable
        }
        return false;
    }

    private void closeGeneration(long timeoutNanos) {
        Generation g = generation;
        generation = null;
        if (g != null) {
            g.failed = true;
            try {
                g.producer.close(java.time.Duration.ofNanos(timeoutNanos));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing the Kafka producer: " + e);
            }
        }
    }

    private void trouble(String newState, String text) {
        if (troubleSince < 0) {
            troubleSince = System.nanoTime();
        }
        boolean changed = !text.equals(message);
        state = newState;
        message = text;
        if (changed) {
            LOG.log(System.Logger.Level.WARNING, "Kafka shipper: " + text);
        }
        publish();
    }

    private void pause(long millis) {
        if (!stopping || millis <= 2) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis));
        }
    }

    /** The time of a line written by the JSONL sink ({@code {"time":"…",…}), or MIN_VALUE. */
    private static long timeOf(byte[] line) {
        if (line.length < TIME_START.length + 2 || !Arrays.equals(line, 0, TIME_START.length, TIME_START, 0,
                TIME_START.length)) {
            return Long.MIN_VALUE;
        }
        int endQuote = -1;
        for (int i = TIME_START.length; i < Math.min(line.length, TIME_START.length + 64); i++) {
            if (line[i] == '"') {
                endQuote = i;
                break;
            }
        }
        if (endQuote < 0) {
            return Long.MIN_VALUE;
        }
        try {
            Instant t = EventCodec.parseTime(new String(line, TIME_START.length, endQuote - TIME_START.length,
                    StandardCharsets.US_ASCII));
            return t.getEpochSecond() * 1_000_000_000L + t.getNano();
        } catch (Exception e) {
            return Long.MIN_VALUE;
        }
    }

    // ---- the status timer -----------------------------------------------------------------

    private void statusLoop() {
        long period = cfg.statusInterval.toNanos();
        while (!Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(period);
            if (Thread.interrupted()) {
                break;
            }
            try {
                tick();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Kafka shipper status: " + e, e);
            }
        }
    }

    private synchronized void tick() {
        LogCursor c = counter;
        Position a = acked;
        if (c != null) {
            try {
                int n;
                do {
                    long[] k = {0};
                    n = c.poll((s, o, num, b, off, len, end) -> k[0]++, 100_000);
                    counted += k[0];
                } while (n > 0);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "Kafka shipper: cannot measure the lag: " + e.getMessage());
            }
            long lag = Math.max(0, counted - shipped.get());
            lagEvents = lag;
            long newest = newestNanos.get();
            long base = a.timeNanos() != Long.MIN_VALUE ? a.timeNanos() : firstSentNanos;
            lagSeconds = lag == 0 || newest == Long.MIN_VALUE || base == Long.MIN_VALUE ? 0
                    : Math.max(0, (newest - base) / 1e9);
            Generation g = generation;
            if (lag == 0 && g != null && !g.failed) {
                state = "caught-up";
                message = "everything recorded is acknowledged by " + cfg.topic;
                troubleSince = -1;
            } else if (g != null && !g.failed && System.nanoTime() - lastAckAt < 2_000_000_000L) {
                state = "shipping";
                message = "shipping to " + cfg.topic + " at " + cfg.bootstrap;
                troubleSince = -1;
            } else if (lag > 0 && troubleSince < 0 && System.nanoTime() - waitingSince > 5_000_000_000L) {
                trouble("broker-unreachable", "no acknowledgement from " + cfg.bootstrap + " for "
                        + (System.nanoTime() - waitingSince) / 1_000_000_000L + " s; recording goes on, " + lag
                        + " events wait to be shipped");
            }
            saveCheckpoint(a);
        }
        publish();
    }

    private void saveCheckpoint(Position a) {
        Checkpoint cp = checkpoint;
        if (cp == null || a.segment().isEmpty()) {
            return;
        }
        Checkpoint next = cp.at(a.segment(), a.offset(), a.line());
        if (next.equals(cp)) {
            return;
        }
        try {
            next.write(checkpointFile);
            checkpoint = next;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Kafka shipper: cannot write the checkpoint " + checkpointFile + ": " + e);
        }
    }

    private void publish() {
        try {
            var s = ctx.state();
            s.set(KafkaSink.STATE_PREFIX + ".status", state);
            s.set(KafkaSink.STATE_PREFIX + ".message", message);
            s.set(KafkaSink.STATE_PREFIX + ".topic", cfg.topic);
            s.set(KafkaSink.STATE_PREFIX + ".device", device == null ? "" : device);
            s.set(KafkaSink.STATE_PREFIX + ".shipped", shipped.get());
            s.set(KafkaSink.STATE_PREFIX + ".lagEvents", lagEvents);
            s.set(KafkaSink.STATE_PREFIX + ".lagSeconds", lagSeconds);
            s.set(KafkaSink.STATE_PREFIX + ".retries", retries.get());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Kafka shipper: cannot write its state: " + e);
        }
    }

    ShipperStatus status() {
        Position a = acked;
        return new ShipperStatus(state, message, Optional.ofNullable(device), cfg.topic, shipped.get(), lagEvents,
                lagSeconds, a == null || a.segment().isEmpty() ? "" : a.segment() + "@" + a.offset(), retries.get());
    }

    private static String causes(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null && b.length() < 400; t = t.getCause()) {
            String m = t.getMessage();
            if (m == null || b.indexOf(m) >= 0) {
                continue;
            }
            if (!b.isEmpty()) {
                b.append(": ");
            }
            b.append(m);
        }
        return b.isEmpty() ? e.getClass().getSimpleName() : b.toString();
    }

    private static void closeQuietly(LogCursor c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }
}
