package io.bussdcc.benchmarks;

import io.bussdcc.api.Event;
import io.bussdcc.cli.bench.BenchWorkload;
import io.bussdcc.jsonl.JsonlSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JSONL segment writer: {@code JsonlSink.handle} of the workload's events (encode into the
 * sink's buffer, a large write to the segment file every 512 KiB, default durability). Each
 * iteration writes a new log under {@code dir} (default: the system's temporary folder) and
 * deletes it afterwards; iterations are short so that the log stays under a gigabyte.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SegmentWriterBenchmark {

    private static final int EVENTS = 1024;

    /** Where the logs go; {@code /dev/shm} keeps the disk out of the figure. */
    @Param({""})
    String dir;

    private final Event<?>[] events = new Event<?>[EVENTS];
    private Path root;
    private JsonlSink sink;
    private int next;

    @Setup(Level.Trial)
    public void prepare() {
        Instant t = Instant.parse("2026-03-09T23:45:02.123456789Z");
        for (int i = 0; i < EVENTS; i++) {
            events[i] = new Event<>(t.plusNanos(i * 1_234L), BenchWorkload.reading(1_000_000 + i));
        }
    }

    @Setup(Level.Iteration)
    public void open() throws IOException {
        Path parent = Path.of(dir.isEmpty() ? System.getProperty("java.io.tmpdir") : dir);
        root = Files.createTempDirectory(parent, "bussdcc-jmh-");
        sink = JsonlSink.builder(root).registry(BenchWorkload.registry()).build();
        sink.start(null);
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException {
        sink.stop();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Benchmark
    public void handle() throws IOException {
        sink.handle(events[next++ & (EVENTS - 1)]);
    }
}
