package io.bussdcc.replay;

import io.bussdcc.api.Event;
import io.bussdcc.api.EventSink;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.jsonl.JsonlSink;
import io.bussdcc.jsonl.JsonlSource;
import io.bussdcc.replay.Fixtures.Alarm;
import io.bussdcc.replay.Fixtures.Reading;
import io.bussdcc.replay.Fixtures.StateKeeper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Measures replay throughput: writes a JSONL log of N events (default 1,000,000) with
 * {@link JsonlSink}, then replays it at max speed, several rounds each, in three set-ups:
 * the replay alone (a counting sink), the replay re-recording into a JSONL sink, and the
 * replay with a state-keeping process. Not a unit test: run it by hand (see docs/replay.md).
 *
 * <pre>
 * ReplayThroughput [events] [rounds] [dir]
 * </pre>
 */
public final class ReplayThroughput {

    private ReplayThroughput() {}

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("replay-throughput");
        MessageTypeRegistry types = Fixtures.registry();
        Path log = dir.resolve("log");
        long written = write(log, events, types);
        System.out.printf("log: %d events, %d MB in %s%n", written, size(log) / 1_000_000, log);

        for (int round = 1; round <= rounds; round++) {
            AtomicLong seen = new AtomicLong();
            EventSink counter = e -> seen.incrementAndGet();
            report("replay, counting sink", round, seen, run(log, types, b -> b.addSink(counter)));
        }
        for (int round = 1; round <= rounds; round++) {
            Path out = dir.resolve("out-" + round);
            AtomicLong seen = new AtomicLong(-1);
            report("replay, JSONL sink", round, seen,
                    run(log, types, b -> b.addSink(JsonlSink.builder(out).registry(types).build())));
            delete(out);
        }
        for (int round = 1; round <= rounds; round++) {
            AtomicLong seen = new AtomicLong(-1);
            report("replay, state-keeping process", round, seen, run(log, types, b -> b.addProcess(new StateKeeper())));
        }
        delete(dir);
    }

    interface Setup {
        void apply(ReplayRuntime.Builder builder);
    }

    record Run(ReplayProgress progress, long nanos) {}

    static Run run(Path log, MessageTypeRegistry types, Setup setup) throws IOException {
        ReplayRuntime.Builder b = ReplayRuntime.builder().speed(ReplayClock.MAX_SPEED).registry(types)
                .addSource(JsonlSource.builder(log).registry(types).build());
        setup.apply(b);
        ReplayRuntime replay = b.build();
        long start = System.nanoTime();
        ReplayProgress done = replay.run();
        return new Run(done, System.nanoTime() - start);
    }

    static void report(String what, int round, AtomicLong seen, Run run) {
        long replayed = run.progress().eventsReplayed();
        System.out.printf("%-32s round %d: %,d events in %,.0f ms = %,.0f events/s%s%n", what, round, replayed,
                run.nanos() / 1e6, replayed / (run.nanos() / 1e9), seen.get() >= 0 ? " (sink saw " + seen.get() + ")" : "");
    }

    /** A greenhouse-like log: readings 1 ms apart from 7 sensors, an alarm on every 50th. */
    static long write(Path log, int events, MessageTypeRegistry types) throws IOException {
        JsonlSink sink = JsonlSink.builder(log).registry(types).build();
        sink.start(null);
        Instant t = Instant.parse("2026-03-09T23:50:00Z");
        long n = 0;
        for (int i = 0; n < events; i++) {
            Instant at = t.plusMillis(i);
            sink.handle(new Event<>(at, new Reading("sensor-0" + (i % 7), i, Math.round(i * 0.31 * 100) / 100.0,
                    List.of("C", "kPa", "%RH", "V").get(i % 4), i % 5 == 0 ? "calibrated" : null)));
            n++;
            if (i % 50 == 49 && n < events) {
                sink.handle(new Event<>(at, new Alarm("sensor-0" + (i % 7), 2, List.of("hot", "C"))));
                n++;
            }
        }
        sink.stop();
        return n;
    }

    static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
