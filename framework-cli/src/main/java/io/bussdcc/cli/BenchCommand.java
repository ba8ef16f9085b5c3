package io.bussdcc.cli;

import io.bussdcc.api.Context;
import io.bussdcc.api.Event;
import io.bussdcc.api.EventSink;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.Process;
import io.bussdcc.cli.bench.BenchWorkload;
import io.bussdcc.console.ConsoleSink;
import io.bussdcc.jsonl.JsonlSink;
import io.bussdcc.jsonl.JsonlSource;
import io.bussdcc.replay.ReplayClock;
import io.bussdcc.replay.ReplayProgress;
import io.bussdcc.replay.ReplayRuntime;
import io.bussdcc.runtime.Runtime;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code bussdcc bench}: measures one case of the benchmark workload ({@link BenchWorkload}) in
 * this process and prints the result as one JSON line. Each case builds and boots a fresh
 * runtime; boot is not timed. See {@code BENCHMARKS.md} for the method and the figures.
 */
final class BenchCommand implements Command {

    private static final Option CASE = Option.value("--case", "CASE", "dispatch, jsonl, replay, console or boot");
    private static final Option EVENTS = Option.value("--events", "N", "how many events (not for boot)");
    private static final Option DIR = Option.value("--dir", "DIR",
            "the JSONL log that jsonl writes (DIR must be empty or new) and replay reads");

    /** The cases, in the order the help lists them. */
    enum Case { DISPATCH, JSONL, REPLAY, CONSOLE, BOOT;

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What one case measured.
     *
     * @param bytes the log's size in bytes for {@code jsonl} (written) and {@code replay}
     *              (read); {@code -1} when no file is involved
     */
    record Result(Case benchCase, long events, long nanos, long bytes) {

        /** {@code {"case":"jsonl","events":N,"seconds":…,"events_per_s":…,"bytes":…}} */
        String toJson() {
            double seconds = nanos / 1e9;
            long perSecond = events == 0 ? 0 : Math.round(events / seconds);
            return String.format(Locale.ROOT, "{\"case\":\"%s\",\"events\":%d,\"seconds\":%.6f,\"events_per_s\":%d,\"bytes\":%s}",
                    benchCase.word(), events, seconds, perSecond, bytes < 0 ? "null" : Long.toString(bytes));
        }
    }

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "measure event throughput (dispatch, JSONL write, replay, console) or boot time";
    }

    @Override
    public String usage() {
        return "bussdcc bench --case dispatch|jsonl|replay|console|boot [--events N] [--dir DIR]";
    }

    @Override
    public String description() {
        return """
                Runs one case of the benchmark workload (N SensorReading messages, each built in the
                timed loop) through a freshly booted runtime with one process counting them, and
                prints one JSON line: {"case":…,"events":N,"seconds":…,"events_per_s":…,"bytes":…}.
                Boot is not timed; the time runs until the runtime has shut down.
                  dispatch  emit and dispatch, no sinks
                  jsonl     the same with a JSONL sink writing under --dir (bytes: the log's size)
                  replay    replay the log jsonl wrote under --dir at max speed (bytes: read)
                  console   the same with the console sink on stdout (redirect it to /dev/null);
                            the result line goes to stderr then
                  boot      boot and shut down a runtime with nothing in it (events 0)
                Fails (exit status 1) if the counting process did not see every event.""";
    }

    @Override
    public List<Option> options() {
        return List.of(CASE, EVENTS, DIR);
    }

    @Override
    public int run(Arguments args, Io io) throws Exception {
        args.noPositionals();
        Case benchCase = parseCase(args);
        long events = 0;
        if (benchCase == Case.BOOT) {
            if (args.has(EVENTS.name())) {
                throw new UsageException("--case boot takes no --events");
            }
        } else {
            events = parseEvents(args.value(EVENTS.name())
                    .orElseThrow(() -> new UsageException("--events N is needed for --case " + benchCase.word())));
        }
        boolean needsDir = benchCase == Case.JSONL || benchCase == Case.REPLAY;
        if (needsDir && !args.has(DIR.name())) {
            throw new UsageException("--dir DIR is needed for --case " + benchCase.word());
        }
        if (!needsDir && args.has(DIR.name())) {
            throw new UsageException("--dir is only for --case jsonl and replay");
        }
        Path dir = args.value(DIR.name()).map(Path::of).orElse(null);

        Result result = switch (benchCase) {
            case DISPATCH -> live(benchCase, events, null);
            case JSONL -> jsonl(events, dir);
            case REPLAY -> replay(events, dir);
            case CONSOLE -> live(benchCase, events, new ConsoleSink());
            case BOOT -> boot();
        };
        // With the console case stdout carries the events (to /dev/null): the result goes to stderr.
        PrintStream to = benchCase == Case.CONSOLE ? io.err() : io.out();
        to.println(result.toJson());
        return Cli.OK;
    }

    private static Case parseCase(Arguments args) throws UsageException {
        String word = args.value(CASE.name()).orElseThrow(() -> new UsageException("--case CASE is needed"));
        for (Case c : Case.values()) {
            if (c.word().equals(word)) {
                return c;
            }
        }
        throw new UsageException("--case: '" + word + "' is not a case: dispatch, jsonl, replay, console or boot");
    }

    private static long parseEvents(String text) throws UsageException {
        long n;
        try {
            n = Long.parseLong(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException("--events: '" + text + "' is not a whole number");
        }
        if (n < 1) {
            throw new UsageException("--events: " + text + " is not at least 1");
        }
        return n;
    }

    /** {@code dispatch} (no sink), {@code jsonl} and {@code console}: emit N readings, then shut down. */
    private static Result live(Case benchCase, long events, EventSink sink) {
        ReadingCounter counter = new ReadingCounter();
        Runtime runtime = Runtime.builder().messageTypes(BenchWorkload.registry()).build();
        if (sink != null) {
            runtime.addSink(sink);
        }
        runtime.addProcess(counter);
        runtime.boot();
        Context ctx = runtime.context();

        long start = System.nanoTime();
        for (long i = 0; i < events; i++) {
            ctx.emit(BenchWorkload.reading(i));
        }
        runtime.shutdown("benchmark done");
        long nanos = System.nanoTime() - start;

        requireCounted(counter.readings(), events, "the counting process");
        return new Result(benchCase, events, nanos, -1);
    }

    private static Result jsonl(long events, Path dir) throws IOException {
        if (Files.exists(dir) && (!Files.isDirectory(dir) || !isEmpty(dir))) {
            throw new CliFailure("--dir " + dir + " is not an empty folder: jsonl writes a new log there "
                    + "(remove it or give another)");
        }
        Result live = live(Case.JSONL, events, new JsonlSink(dir));
        return new Result(Case.JSONL, events, live.nanos(), logBytes(dir));
    }

    private static Result replay(long events, Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new CliFailure("--dir " + dir + " is not a folder: write the log first with "
                    + "bussdcc bench --case jsonl --events " + events + " --dir " + dir);
        }
        MessageTypeRegistry types = BenchWorkload.registry();
        ReadingCounter counter = new ReadingCounter();
        ReplayRuntime replay = ReplayRuntime.builder()
                .speed(ReplayClock.MAX_SPEED)
                .registry(types)
                .addSource(JsonlSource.builder(dir).registry(types).build())
                .addProcess(counter)
                .build();

        long start = System.nanoTime();
        ReplayProgress done = replay.run();
        long nanos = System.nanoTime() - start;

        if (done.problems() > 0) {
            throw new CliFailure("the log under " + dir + " has " + done.problems() + " bad lines: "
                    + replay.problems().getFirst());
        }
        requireCounted(counter.readings(), events, "the replay of " + dir
                + " (was it written by --case jsonl with the same --events?)");
        return new Result(Case.REPLAY, events, nanos, logBytes(dir));
    }

    /** A runtime with nothing in it; in-process time of boot and shutdown. */
    private static Result boot() {
        Runtime runtime = new Runtime();
        long start = System.nanoTime();
        runtime.boot();
        runtime.shutdown("benchmark done");
        return new Result(Case.BOOT, 0, System.nanoTime() - start, -1);
    }

    private static void requireCounted(long counted, long events, String who) {
        if (counted != events) {
            throw new CliFailure(who + " saw " + counted + " SensorReadings, not " + events);
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    /** The size of the {@code .jsonl} files below {@code dir}. */
    private static long logBytes(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> (p.getFileName().toString().endsWith(".jsonl")
                            || p.getFileName().toString().endsWith(".jsonl.gz")) && Files.isRegularFile(p))
                    .mapToLong(p -> {
                        try {
                            return Files.size(p);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }).sum();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * The one process of every case: counts the {@link BenchWorkload.SensorReading}s it sees.
     * Called from the single emitting (or replaying) thread, which also reads the count after
     * shutdown.
     */
    private static final class ReadingCounter implements Process {
        private long readings;

        @Override
        public String name() {
            return "counter";
        }

        @Override
        public void handle(Context ctx, Event<?> event) {
            if (event.payload() instanceof BenchWorkload.SensorReading) {
                readings++;
            }
        }

        long readings() {
            return readings;
        }
    }
}
