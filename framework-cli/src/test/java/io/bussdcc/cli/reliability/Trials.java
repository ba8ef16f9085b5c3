package io.bussdcc.cli.reliability;

import io.bussdcc.api.Event;
import io.bussdcc.api.SourceProblem;
import io.bussdcc.cli.Image;
import io.bussdcc.cli.reliability.LoadPlugin.Load;
import io.bussdcc.cli.reliability.LoadPlugin.Progress;
import io.bussdcc.jsonl.JsonlSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/** Runs the image under load as a child process, signals it, and reads back what it recorded. */
final class Trials {

    /** The fixed seed of the random moments; {@code -Dreliability.seed=N} replays another run. */
    static final long SEED = Long.getLong("reliability.seed", 20261125L);
    /** How many trials run at once (the machine has 2 cores). */
    static final int PARALLEL = Integer.getInteger("reliability.parallel", 2);

    private Trials() {}

    /** How many trials of a kind to run: {@code default}, or {@code -Dreliability.trials=N}. */
    static int count(int defaultCount) {
        return Integer.getInteger("reliability.trials", defaultCount);
    }

    /** Everything but the load: no example, no identity, no web unless asked. */
    static List<String> quiet() {
        return List.of("--set", "device.greenhouse.enabled=false", "--set", "service.greenhouse.enabled=false",
                "--set", "process.greenhouse.enabled=false", "--set", "service.identity.enabled=false");
    }

    /**
     * Starts {@code bussdcc run} in {@code dir} with the load plugin recording into
     * {@code dir/events}, the progress file {@code dir/progress}, and {@code extra} arguments;
     * returns once the generator has emitted its first event.
     */
    static Image.Running startLoaded(Path dir, Path plugins, List<String> extra) throws Exception {
        return startLoaded(dir, plugins, dir.resolve("events"), dir.resolve("progress"), extra);
    }

    /** As {@link #startLoaded(Path, Path, List)}, recording into {@code events} with the progress file {@code progress}. */
    static Image.Running startLoaded(Path dir, Path plugins, Path events, Path progress, List<String> extra) throws Exception {
        Image.Running run = start(dir, plugins, events, progress, extra);
        run.awaitStderr("running;", Duration.ofSeconds(60));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.exists(progress) || Files.size(progress) < Progress.SIZE || Progress.read(progress).seq() < 0) {
            if (System.nanoTime() > deadline || !run.process.isAlive()) {
                throw new AssertionError("the load generator did not start; alive=" + run.process.isAlive()
                        + "\n--- stderr\n" + run.stderrText());
            }
            Thread.sleep(5);
        }
        return run;
    }

    /** Starts {@code bussdcc run} with the load plugin and returns at once. */
    static Image.Running start(Path dir, Path plugins, Path events, Path progress, List<String> extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "--plugins", plugins.toString(), "--events", events.toString(),
                "--set", "service.load.progress=" + progress));
        args.addAll(extra);
        return Image.start(dir, Map.of(), args.toArray(String[]::new));
    }

    /** Sends {@code signal} (INT, TERM, HUP, QUIT, KILL) to the process. */
    static void signal(Process process, String signal) throws Exception {
        int status = new ProcessBuilder("kill", "-s", signal, Long.toString(process.pid())).start().waitFor();
        if (status != 0 && process.isAlive()) {
            throw new IllegalStateException("kill -s " + signal + " " + process.pid() + " failed: " + status);
        }
    }

    /**
     * A thread dump of a process that did not end: SIGQUIT makes the JVM print one on its stdout
     * (the image has no jcmd/jstack); then it is killed.
     */
    static String dumpAndKill(Image.Running run) throws Exception {
        String dump = "(no thread dump: the process ended)";
        if (run.process.isAlive()) {
            long before = Files.size(run.stdout);
            signal(run.process, "QUIT");
            Thread.sleep(1000);
            byte[] out = Files.readAllBytes(run.stdout);
            dump = new String(out, (int) Math.min(before, out.length), (int) (out.length - Math.min(before, out.length)),
                    StandardCharsets.UTF_8);
        }
        run.kill();
        run.process.waitFor(10, TimeUnit.SECONDS);
        return dump;
    }

    /** What a log holds: events, problems, and per file its line count. */
    record Log(List<Event<?>> events, List<SourceProblem> problems, List<Path> files, Map<Path, Long> lineCounts) {

        static Log read(Path root) throws IOException {
            List<SourceProblem> problems = new ArrayList<>();
            JsonlSource source = JsonlSource.builder(root).registry(LoadPlugin.registry()).build();
            List<Event<?>> events;
            try (Stream<Event<?>> s = source.open(problems::add)) {
                events = s.toList();
            }
            List<Path> files = source.files();
            Map<Path, Long> lines = new java.util.LinkedHashMap<>();
            for (Path f : files) {
                lines.put(f, countLines(f));
            }
            return new Log(events, problems, files, lines);
        }

        /** Problems other than the notes on lines delivered out of time order (several threads emit). */
        List<SourceProblem> badLines() {
            return problems.stream().filter(p -> !p.reason().startsWith("out of order: ")).toList();
        }

        /** The load events' numbers, in log order. */
        List<Long> loadSeqs() {
            return events.stream().filter(e -> e.payload() instanceof Load).map(e -> ((Load) e.payload()).seq()).toList();
        }

        /** The numbers of the load events of the generator run named {@code run}, in log order. */
        List<Long> loadSeqs(String run) {
            return events.stream().filter(e -> e.payload() instanceof Load l && l.run().equals(run))
                    .map(e -> ((Load) e.payload()).seq()).toList();
        }

        List<Event<?>> load() {
            return events.stream().filter(e -> e.payload() instanceof Load).toList();
        }

        /** The last line of the file that sorts last, as text. */
        String lastLine() throws IOException {
            Path last = files.get(files.size() - 1);
            List<String> all = Files.readAllLines(last, StandardCharsets.UTF_8);
            return all.isEmpty() ? "" : all.get(all.size() - 1);
        }

        long bytes() throws IOException {
            long n = 0;
            for (Path f : files) {
                n += Files.size(f);
            }
            return n;
        }

        private static long countLines(Path file) throws IOException {
            byte[] bytes = Files.readAllBytes(file);
            long n = 0;
            for (byte b : bytes) {
                if (b == '\n') {
                    n++;
                }
            }
            return bytes.length > 0 && bytes[bytes.length - 1] != '\n' ? n + 1 : n;
        }
    }

    /** Asserts that the load events are exactly 0..n-1 in order; returns n. */
    static long assertContiguous(List<Long> seqs, String what) {
        for (int i = 0; i < seqs.size(); i++) {
            if (seqs.get(i) != i) {
                throw new AssertionError(what + ": load event " + i + " of the log is number " + seqs.get(i)
                        + " (a gap, a duplicate or a reordering); around it: "
                        + seqs.subList(Math.max(0, i - 3), Math.min(seqs.size(), i + 3)));
            }
        }
        return seqs.size();
    }

    /**
     * Runs {@code n} trials, {@link #PARALLEL} at a time, each from {@code trial.apply(i)};
     * returns their outcomes in order. A trial that throws becomes a failed outcome; nothing
     * stops the others.
     */
    static <R> List<Outcome<R>> run(int n, IntFunction<Trial<R>> trial) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            List<Future<R>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Trial<R> t = trial.apply(i);
                futures.add(pool.submit(t::run));
            }
            List<Outcome<R>> outcomes = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                try {
                    outcomes.add(new Outcome<>(i, futures.get(i).get(), null));
                } catch (java.util.concurrent.ExecutionException e) {
                    outcomes.add(new Outcome<>(i, null, e.getCause()));
                }
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(60, TimeUnit.SECONDS);
        }
    }

    /** One trial's work. */
    @FunctionalInterface
    interface Trial<R> {
        R run() throws Exception;
    }

    /** A trial's result, or its failure. */
    record Outcome<R>(int index, R result, Throwable failure) {}

    /** Fails with every failed trial's message (the first one's stack trace as cause). */
    static void assertAllPassed(String what, List<? extends Outcome<?>> outcomes) {
        List<? extends Outcome<?>> failed = outcomes.stream().filter(o -> o.failure() != null).toList();
        if (failed.isEmpty()) {
            return;
        }
        StringBuilder b = new StringBuilder(failed.size() + " of " + outcomes.size() + " " + what + " trials failed (seed "
                + SEED + "):");
        for (Outcome<?> o : failed) {
            b.append("\n--- trial ").append(o.index()).append(": ").append(o.failure());
        }
        throw new AssertionError(b.toString(), failed.get(0).failure());
    }

    static <T extends Comparable<T>> T max(List<T> values) {
        return values.stream().max(Comparator.naturalOrder()).orElseThrow();
    }

    /** Deletes a trial's folder (a full-speed log is large). */
    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
