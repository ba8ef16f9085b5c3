package io.bussdcc.replay;

import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.Timeline;
import io.bussdcc.jsonl.JsonlSource;
import io.bussdcc.replay.Fixtures.StateKeeper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures what the timeline of {@code bussdcc replay --web} costs on a big log: reading it
 * (JSONL, decoded once), the density strip, and seek latency — the time from the seek until the
 * state at the instant is there (the state snapshot taken, as {@code /api/state} does) — at
 * the start, middle and end, going forward (the run goes on) and back (rebuilt from the
 * start), with a state-keeping process writing four state paths per event. Not a unit test:
 * run it by hand (BENCHMARKS.md).
 *
 * <pre>
 * TimelineBenchmark [events] [rounds] [dir]
 * </pre>
 */
public final class TimelineBenchmark {

    private TimelineBenchmark() {}

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("timeline-benchmark");
        MessageTypeRegistry types = Fixtures.registry();
        Path log = dir.resolve("log");
        long written = ReplayThroughput.write(log, events, types);
        System.out.printf("log: %,d events, %d MB in %s%n", written, ReplayThroughput.size(log) / 1_000_000, log);

        for (int round = 1; round <= rounds; round++) {
            long t0 = System.nanoTime();
            try (ReplayTimeline t = ReplayTimeline.builder(JsonlSource.builder(log).registry(types).build())
                    .registry(types).components(r -> r.addProcess(new StateKeeper())).open()) {
                long opened = System.nanoTime() - t0;
                Timeline.Range range = t.range();
                Instant start = range.start();
                Instant middle = start.plus(Duration.between(start, range.end()).dividedBy(2));
                Instant end = range.end();

                List<Long> density = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    long d0 = System.nanoTime();
                    t.density(1000);
                    density.add(System.nanoTime() - d0);
                }
                StringBuilder line = new StringBuilder(String.format("round %d: open (read + decode) %,.0f ms; density(1000) %s ms;",
                        round, opened / 1e6, millis(density)));
                line.append(" seek");
                line.append(" start→start ").append(seek(t, start));
                line.append(", →middle (forward) ").append(seek(t, middle));
                line.append(", →end (forward) ").append(seek(t, end));
                line.append(", →middle (back) ").append(seek(t, middle));
                line.append(", →start (back) ").append(seek(t, start));
                line.append(", →end (from start) ").append(seek(t, end));
                line.append(" ms; runs ").append(t.runs());
                System.out.println(line);
            }
        }
        ReplayThroughput.delete(dir);
    }

    private static String seek(ReplayTimeline t, Instant at) {
        long s0 = System.nanoTime();
        t.seek(at);
        int size = t.state().snapshot().size();
        long took = System.nanoTime() - s0;
        if (size == 0) {
            throw new IllegalStateException("no state after the seek to " + at);
        }
        return String.format("%,.1f", took / 1e6);
    }

    private static String millis(List<Long> nanos) {
        return String.join("/", nanos.stream().map(n -> String.format("%.1f", n / 1e6)).toList());
    }
}
