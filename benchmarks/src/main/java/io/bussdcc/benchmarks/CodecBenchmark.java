package io.bussdcc.benchmarks;

import io.bussdcc.api.Event;
import io.bussdcc.cli.bench.BenchWorkload;
import io.bussdcc.codec.CodecException;
import io.bussdcc.codec.EventCodec;
import io.bussdcc.codec.EventLineWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The codec on the workload's events (16 different ones, cycled), with its direct path on
 * ({@code direct=true}, as shipped) and off (every line through Jackson's generator and
 * parser; the system property {@code io.bussdcc.codec.directPath=false}):
 * <ul>
 *   <li>{@code encode}: an {@code EventLineWriter} into a reused buffer, as the JSONL and
 *       console sinks write;</li>
 *   <li>{@code toJson}: into a new {@code String};</li>
 *   <li>{@code decode}: {@code readEvent} of a line's bytes, as the JSONL source does.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CodecBenchmark {

    private static final int EVENTS = 16;

    /** Whether the codec takes its direct path (see {@code CanonicalPath}). */
    @Param({"true", "false"})
    public boolean direct;

    private EventCodec codec;
    private EventLineWriter writer;
    private final Event<?>[] events = new Event<?>[EVENTS];
    private final byte[][] lines = new byte[EVENTS][];
    private final Buffer buffer = new Buffer();
    private int next;

    @Setup
    public void prepare() {
        System.setProperty("io.bussdcc.codec.directPath", Boolean.toString(direct));
        codec = new EventCodec(BenchWorkload.registry());
        writer = codec.newLineWriter();
        Instant t = Instant.parse("2026-03-09T23:45:02.123456789Z");
        for (int i = 0; i < EVENTS; i++) {
            events[i] = new Event<>(t.plusNanos(i * 1_234L), BenchWorkload.reading(1_000_000 + i));
            lines[i] = codec.toJson(events[i]).getBytes(StandardCharsets.UTF_8);
        }
    }

    @Benchmark
    public int encode() throws IOException {
        buffer.reset();
        writer.write(events[next++ & (EVENTS - 1)], buffer);
        return buffer.size;
    }

    @Benchmark
    public String toJson() {
        return codec.toJson(events[next++ & (EVENTS - 1)]);
    }

    @Benchmark
    public Event<?> decode() throws CodecException {
        byte[] line = lines[next++ & (EVENTS - 1)];
        return codec.readEvent(line, 0, line.length);
    }

    /** A reusable byte buffer, as the sink's. */
    static final class Buffer extends OutputStream {
        byte[] bytes = new byte[4096];
        int size;

        void reset() {
            size = 0;
        }

        @Override
        public void write(int b) {
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }
    }
}
