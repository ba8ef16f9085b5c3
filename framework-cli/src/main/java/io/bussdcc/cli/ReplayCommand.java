package io.bussdcc.cli;

import io.bussdcc.api.Config;
import io.bussdcc.api.Event;
import io.bussdcc.api.SafeText;
import io.bussdcc.api.EventSink;
import io.bussdcc.api.EventSource;
import io.bussdcc.api.Severity;
import io.bussdcc.api.SourceProblem;
import io.bussdcc.api.spi.SinkProvider;
import io.bussdcc.replay.ReplayClock;
import io.bussdcc.replay.ReplayListener;
import io.bussdcc.replay.ReplayProgress;
import io.bussdcc.replay.ReplayRuntime;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** {@code bussdcc replay}: re-lives a recorded log through sinks, at a chosen speed. */
final class ReplayCommand implements Command {

    private static final Option SPEED = Option.value("--speed", "X|max",
            "how many times faster than recorded: 1 real time (default), 10, 0.5, max (no waiting)");
    private static final Option MAX_GAP = Option.value("--max-gap", "DURATION",
            "wait at most DURATION of recorded time between two events: longer idle gaps are shortened to it (10s, 1m)");
    private static final Option OUT = Option.value("--out", "DIR", "record the replayed events as JSONL under DIR");
    private static final Option CONSOLE = Option.flag("--console", "print every replayed event on stdout");
    static final Option WEB = Option.optionalValue("--web", "HOST:PORT",
            "serve the dashboard fed by the replay, with a timeline to play, pause, step and seek (127.0.0.1:5000 by default)");

    private static final DateTimeFormatter VIRTUAL_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Override
    public String name() {
        return "replay";
    }

    @Override
    public String summary() {
        return "replay a recorded log through sinks (JSONL to --out, console)";
    }

    @Override
    public String usage() {
        return "bussdcc replay SOURCE [--speed X|max] [--max-gap DURATION] [--from TIME] [--to TIME] [--type NAME]... [--out DIR] [--console] "
                + "[--web [HOST:PORT]] [--plugins DIR] [--config FILE] [--set KEY=VALUE]...";
    }

    @Override
    public String description() {
        return """
                Re-lives the events recorded in SOURCE (a JSONL log folder such as ./events, or one
                .jsonl file) with their recorded times, paced by --speed, through the sinks asked
                for: --out DIR writes them as a new JSONL log, --console prints them. Types this
                program does not know pass through unchanged. At the end a summary goes to stderr
                (events replayed, bad lines as file:line: reason); on a terminal a progress line
                shows events done, virtual time and percentage while it runs (not with --console).
                Ctrl-C stops the replay cleanly.

                With --web the replay feeds the dashboard (and the application's pages and
                widgets) instead: it opens paused before the first event, and a timeline bar plays,
                pauses, steps and seeks it, running the application's processes again to show the
                state as of the cursor. It serves until Ctrl-C. See docs/replay.md#timeline.""";
    }

    @Override
    public List<Option> options() {
        return List.of(SPEED, MAX_GAP, Recording.FROM, Recording.TO, Recording.TYPE, OUT, CONSOLE, WEB, Setup.PLUGINS,
                Setup.CONFIG, Setup.SET);
    }

    @Override
    public int run(Arguments args, Io io) throws Exception {
        double speed = 1.0;
        if (args.has(SPEED.name())) {
            try {
                speed = ReplayClock.parseSpeed(args.value(SPEED.name()).orElseThrow());
            } catch (IllegalArgumentException e) {
                throw new UsageException("--speed: " + e.getMessage());
            }
        }
        Duration maxGap = null;
        if (args.has(MAX_GAP.name())) {
            try {
                maxGap = Config.parseDuration(args.value(MAX_GAP.name()).orElseThrow());
            } catch (IllegalArgumentException e) {
                throw new UsageException("--max-gap: " + e.getMessage());
            }
        }
        Map<String, String> flags = new LinkedHashMap<>();
        if (args.has(WEB.name())) {
            for (Option other : List.of(OUT, CONSOLE, MAX_GAP)) {
                if (args.has(other.name())) {
                    throw new UsageException(other.name() + " cannot be used with --web (the timeline replays the log "
                            + "again at each seek back)");
                }
            }
            WebReplay.listenFlags(args.value(WEB.name()).orElse(""), flags);
            return WebReplay.run(Recording.open(args, flags), speed, io);
        }
        args.value(OUT.name()).ifPresent(dir -> flags.put("sink.jsonl.dir", dir));
        Recording recording = Recording.open(args, flags);
        if (args.has(OUT.name())) {
            refuseOverlap(Path.of(args.value(OUT.name()).orElseThrow()), Path.of(recording.location));
        }

        AtomicLong problems = new AtomicLong();
        Reporter reporter = new Reporter(io, problems);
        ReplayRuntime.Builder builder = ReplayRuntime.builder()
                .speed(speed)
                .maxGap(maxGap)
                .registry(recording.registry)
                .config(recording.config)
                .addSource(filtered(recording))
                .listener(reporter);
        recording.from.ifPresent(builder::from);
        recording.to.ifPresent(builder::to);
        if (args.has(OUT.name())) {
            builder.addSink(sink(recording, "jsonl", "--out"));
        }
        if (args.has(CONSOLE.name())) {
            builder.addSink(sink(recording, "console", "--console"));
        }
        ReplayRuntime replay;
        try {
            replay = builder.build();
        } catch (IllegalArgumentException e) {
            throw new CliFailure(e.getMessage(), e); // e.g. --out inside the log it reads
        }

        // SIGINT and SIGTERM end the replay cleanly: sinks flush and close, and the JVM waits
        // for the summary line (it ends when the hook returns, cutting off the main thread).
        CountDownLatch summarised = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            replay.stop();
            try {
                if (replay.awaitFinished(Duration.ofSeconds(10))) {
                    summarised.await(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bussdcc-replay-stop");
        java.lang.Runtime.getRuntime().addShutdownHook(hook);

        long started = System.nanoTime();
        ReplayProgress done = null;
        // With --console the events themselves scroll by; a progress line would only garble them.
        boolean showProgress = io.interactive() && !args.has(CONSOLE.name());
        Counter counter = showProgress ? new Counter(recording.source) : null;
        try (ProgressLine progress = showProgress ? new ProgressLine(io.err(), () -> status(replay.progress(), counter)) : null) {
            reporter.progress = progress;
            done = replay.run();
        } catch (IOException e) {
            throw new CliFailure("cannot read " + recording.location + ": " + e.getMessage(), e);
        } finally {
            try {
                java.lang.Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException exiting) {
                // the JVM is shutting down and runs the hook
            }
            if (counter != null) {
                counter.interrupt();
            }
            if (done == null) {
                summarised.countDown(); // no summary comes: the failure is the last word
            }
        }
        try {
            double seconds = (System.nanoTime() - started) / 1e9;
            long shortened = replay.clock().gapsShortened();
            io.err().printf("replayed %s from %s in %.2f s (%s)%s%s%s%n",
                    Cli.count(done.eventsReplayed(), "event"), recording.location, seconds,
                    done.finishReason().orElse("finished"),
                    problems.get() > 0 ? "; " + Cli.count(problems.get(), "problem") + " reported above" : "",
                    shortened == 0 ? "" : "; " + Cli.count(shortened, "idle gap") + " shortened to "
                            + args.value(MAX_GAP.name()).orElseThrow(),
                    args.value(OUT.name()).map(d -> "; written to " + d).orElse(""));
            if (done.failures() > 0) {
                io.err().println(Cli.count(done.failures(), "failure") + " while replaying (see above)");
            }
            io.err().flush();
        } finally {
            summarised.countDown();
        }
        return done.finishReason().filter(r -> r.startsWith("replay failed")).isPresent() ? Cli.FAILED : Cli.OK;
    }

    /**
     * Writing the replay into the log it reads would feed it its own output; the replay runtime
     * refuses sinks that say they write there, and this catches it before anything starts.
     */
    private static void refuseOverlap(Path out, Path source) {
        Path o = out.toAbsolutePath().normalize();
        Path s = source.toAbsolutePath().normalize();
        if (o.startsWith(s) || s.startsWith(o)) {
            throw new CliFailure("--out " + out + " overlaps the log it replays (" + source + "): choose another folder");
        }
    }

    /** The sink of provider {@code name}, configured from {@code sink.<name>.*}; an error naming {@code flag} if there is none. */
    private static EventSink sink(Recording recording, String name, String flag) {
        SinkProvider provider = Recording.load(recording.layer, SinkProvider.class).stream()
                .filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new CliFailure(flag + " needs the '" + name + "' sink provider, which is not on the module path"));
        Config section = recording.config.section("sink." + name);
        try {
            return provider.create(section);
        } catch (Exception e) {
            throw new CliFailure("sink '" + name + "' (" + flag + ") cannot be created: " + e.getMessage(), e);
        }
    }

    /** The recording's source with the command's type patterns applied, whatever the source does with them. */
    static EventSource filtered(Recording r) {
        if (r.types.acceptsAll()) {
            return r.source;
        }
        EventSource source = r.source;
        return new EventSource() {
            @Override
            public String describe() {
                return source.describe();
            }

            @Override
            public Stream<Event<?>> open(Consumer<SourceProblem> problems) throws IOException {
                return source.open(problems).filter(e -> r.types.accepts(r.registry.nameOf(e.payload())));
            }

            @Override
            public OptionalLong knownSize() {
                return source.knownSize();
            }

            @Override
            public List<Path> readsFrom() {
                return source.readsFrom();
            }
        };
    }

    private static String status(ReplayProgress p, Counter counter) {
        StringBuilder b = new StringBuilder("replaying: ").append(p.eventsReplayed()).append(" events");
        p.virtualTime().ifPresent(t -> b.append(" · ").append(VIRTUAL_TIME.format(t)));
        OptionalLong total = p.eventsTotal().isPresent() ? p.eventsTotal() : counter == null ? OptionalLong.empty() : counter.total();
        if (total.isPresent()) {
            long all = total.getAsLong();
            double share = all == 0 ? 1.0 : Math.min(1.0, (double) p.eventsRead() / all);
            b.append(String.format(" · %.0f%%", share * 100));
        }
        return b.toString();
    }

    /** Reports problem lines and the replay's own failures as they happen, above the progress line if there is one. */
    private static final class Reporter implements ReplayListener {
        private final Io io;
        private final AtomicLong problems;
        volatile ProgressLine progress;

        Reporter(Io io, AtomicLong problems) {
            this.io = io;
            this.problems = problems;
        }

        @Override
        public void problem(SourceProblem problem) {
            problems.incrementAndGet();
            say(problem.toString());
        }

        @Override
        public void runtimeEvent(Event<?> event) {
            if (event.severity().isAtLeast(Severity.WARNING)) {
                say(event.severity() + " while replaying: " + event.payload());
            }
        }

        private void say(String text) {
            String line = SafeText.escape(text); // problems and payloads hold what the log holds
            ProgressLine p = progress;
            if (p != null) {
                p.println(line);
            } else {
                io.err().println(line);
            }
        }
    }

    /**
     * Counts a source's events on a background thread when it does not know its size, so that
     * an interactive replay can show a percentage once the count is in.
     */
    private static final class Counter {
        private final Thread thread;
        private volatile long total = -1;

        Counter(EventSource source) {
            OptionalLong known = source.knownSize();
            if (known.isPresent()) {
                total = known.getAsLong();
                thread = null;
                return;
            }
            thread = Thread.ofPlatform().daemon().name("bussdcc-replay-count").start(() -> {
                try (Stream<Event<?>> events = source.open(problem -> { })) {
                    long n = 0;
                    var it = events.iterator();
                    while (it.hasNext() && !Thread.currentThread().isInterrupted()) {
                        it.next();
                        n++;
                    }
                    if (!Thread.currentThread().isInterrupted()) {
                        total = n;
                    }
                } catch (IOException | RuntimeException e) {
                    // no percentage then
                }
            });
        }

        OptionalLong total() {
            long t = total;
            return t < 0 ? OptionalLong.empty() : OptionalLong.of(t);
        }

        void interrupt() {
            if (thread != null) {
                thread.interrupt();
            }
        }
    }
}
