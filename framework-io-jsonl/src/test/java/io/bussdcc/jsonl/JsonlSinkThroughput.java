package io.bussdcc.jsonl;

import io.bussdcc.api.Event;
import io.bussdcc.jsonl.Greenhouse.SensorReading;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A quick throughput harness, not a test: one thread handles pre-built SensorReading events
 * (a new event time every microsecond) into a JsonlSink with the default durability, and
 * reports events per second. Run: {@code java --module-path … --patch-module
 * io.bussdcc.jsonl=target/test-classes -m io.bussdcc.jsonl/io.bussdcc.jsonl.JsonlSinkThroughput [DIR] [EVENTS]}.
 */
public final class JsonlSinkThroughput {

    private JsonlSinkThroughput() {}

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("jsonl-throughput");
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 3_000_000;
        Event<?>[] events = new Event<?>[1 << 16];
        Instant t0 = Instant.parse("2026-03-09T23:45:00Z");
        for (int i = 0; i < events.length; i++) {
            events[i] = new Event<>(t0, new SensorReading("sensor-" + (i % 7), i, i * 0.31, "kPa", i % 5 == 0 ? "calibrated" : null));
        }
        for (int round = 0; round < 5; round++) {
            Path root = dir.resolve("round-" + round);
            JsonlSink sink = JsonlSink.builder(root).registry(Greenhouse.registry()).build();
            sink.start(null);
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Event<?> e = events[i & (events.length - 1)];
                sink.handle(new Event<>(t0.plusNanos(i * 1_000L), e.payload()));
            }
            sink.stop();
            long nanos = System.nanoTime() - start;
            long bytes;
            try (Stream<Path> files = Files.walk(root)) {
                bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
            }
            System.out.printf("round %d: %,d events in %.2f s = %,.0f events/s, %.0f MB/s (%d bytes/event)%n", round, n,
                    nanos / 1e9, n / (nanos / 1e9), bytes / (nanos / 1e9) / 1e6, bytes / n);
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
