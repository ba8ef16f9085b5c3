package io.bussdcc.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Event;
import io.bussdcc.api.message.RuntimeShutdown;
import io.bussdcc.api.message.RuntimeShuttingDown;
import io.bussdcc.api.message.SystemReload;
import io.bussdcc.cli.Image;
import io.bussdcc.cli.Logs;
import io.bussdcc.cli.reliability.LoadPlugin.Progress;
import io.bussdcc.cli.reliability.Trials.Log;
import io.bussdcc.cli.reliability.Trials.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGINT, SIGTERM and SIGHUP at random moments while the image runs its default composition
 * (web interface, greenhouse example, identity) plus a full-speed load generator: a graceful
 * shutdown within 2 s, status 0, nothing lost, {@code RuntimeShutdown} the log's last line. A
 * process that does not end in time is asked for a thread dump (SIGQUIT: the image has no
 * jcmd), which the failure shows.
 */
class SignalTrialsIT {

    static final Duration BOUND = Duration.ofSeconds(2);

    @TempDir
    static Path dir;
    static Path plugins;

    @BeforeAll
    static void buildPlugin() throws Exception {
        plugins = LoadPlugin.build(dir);
    }

    /** One trial's figures. */
    record Stopped(int trial, String signal, long delayMillis, long shutdownMillis, long loadEvents, int reloads) {

        @Override
        public String toString() {
            return String.format("trial %2d: SIG%s %4d ms into the load; exited %4d ms later; %,9d load events, all on disk%s",
                    trial, signal, delayMillis, shutdownMillis, loadEvents, reloads > 0 ? "; " + reloads + " SystemReload" : "");
        }
    }

    @Test
    void sigintUnderLoadShutsDownGracefullyWithinTwoSeconds() throws Exception {
        trials("INT", Trials.count(50), 0);
    }

    @Test
    void sigtermUnderLoadShutsDownGracefullyWithinTwoSeconds() throws Exception {
        trials("TERM", Trials.count(50), 0);
    }

    @Test
    void sighupUnderLoadEmitsSystemReloadAndNeverHangs() throws Exception {
        trials("TERM", Trials.count(10), 3);
    }

    /** {@code n} trials of {@code signal}, each after up to {@code hups} SIGHUPs at random moments. */
    private static void trials(String signal, int n, int hups) throws Exception {
        String what = "SIG" + signal + (hups > 0 ? " after SIGHUPs" : "");
        long seed = Trials.SEED ^ what.hashCode();
        System.out.println(what + " trials: " + n + " trials, seed " + seed);
        List<Outcome<Stopped>> outcomes = Trials.run(n, i -> {
            Random random = new Random(seed + i);
            int reloads = hups == 0 ? 0 : 1 + random.nextInt(hups);
            long[] delays = new long[reloads + 1];
            for (int k = 0; k < delays.length; k++) {
                delays[k] = random.nextInt(1000 / delays.length);
            }
            return () -> trial(signal, i, delays);
        });
        List<Stopped> passed = new ArrayList<>();
        for (Outcome<Stopped> o : outcomes) {
            System.out.println(o.result() != null ? o.result() : "trial " + o.index() + ": FAILED " + o.failure());
            if (o.result() != null) {
                passed.add(o.result());
            }
        }
        if (!passed.isEmpty()) {
            List<Long> times = passed.stream().map(Stopped::shutdownMillis).sorted().toList();
            System.out.printf("%s summary: %d trials, %d failed; exit after the signal: median %d ms, max %d ms; "
                    + "%,d load events in all, none lost%n", what, n, n - passed.size(), times.get(times.size() / 2),
                    times.get(times.size() - 1), passed.stream().mapToLong(Stopped::loadEvents).sum());
        }
        Trials.assertAllPassed(what, outcomes);
    }

    /** Waits {@code delays[k]} before each SIGHUP, the last delay before the final signal. */
    private static Stopped trial(String signal, int i, long[] delays) throws Exception {
        Path work = Files.createDirectories(dir.resolve("sig" + signal + (delays.length > 1 ? "-hup" : "") + "-" + i));
        List<String> args = List.of("--web", "127.0.0.1:0");
        Image.Running run = Trials.startLoaded(work, plugins, args);
        long took;
        try {
            for (int k = 0; k < delays.length - 1; k++) {
                Thread.sleep(delays[k]);
                Trials.signal(run.process, "HUP");
            }
            Thread.sleep(delays[delays.length - 1]);
            long t0 = System.nanoTime();
            Trials.signal(run.process, signal);
            boolean ended = run.process.waitFor(BOUND.toMillis(), TimeUnit.MILLISECONDS);
            took = (System.nanoTime() - t0) / 1_000_000;
            if (!ended) {
                String dump = Trials.dumpAndKill(run);
                throw new AssertionError("no exit within " + BOUND.toMillis() + " ms of SIG" + signal + "\n--- stderr\n"
                        + run.stderrText() + "\n--- thread dump (SIGQUIT)\n" + dump);
            }
        } finally {
            run.kill();
        }
        String stderr = run.stderrText();
        assertEquals(0, run.process.exitValue(), "exit status after SIG" + signal + "\n--- stderr\n" + stderr);
        assertTrue(stderr.contains("stopped: SIG" + signal), stderr);

        Log log = Log.read(work.resolve("events"));
        assertEquals(List.of(), log.badLines(), "a graceful shutdown leaves no bad line");
        String lastLine = log.lastLine();
        assertTrue(Logs.decode(lastLine).payload() instanceof RuntimeShutdown, "the log's last line: " + lastLine);
        Event<?> last = log.events().get(log.events().size() - 1);
        assertTrue(last.payload() instanceof RuntimeShutdown, "the last event read: " + last);
        assertEquals(1, log.events().stream().filter(e -> e.payload() instanceof RuntimeShutdown).count());
        assertTrue(log.events().stream().anyMatch(e -> e.payload() instanceof RuntimeShuttingDown s
                && ("SIG" + signal).equals(s.reason())), "RuntimeShuttingDown names the signal");
        long events = Trials.assertContiguous(log.loadSeqs(), "trial " + i);
        Progress progress = Progress.read(work.resolve("progress"));
        assertEquals(progress.seq() + 1, events, "every load event emitted is on disk");
        long reloads = log.events().stream().filter(e -> e.payload() instanceof SystemReload).count();
        assertEquals(delays.length - 1, reloads, "one SystemReload per SIGHUP");
        Stopped s = new Stopped(i, signal, delays[delays.length - 1], took, events, (int) reloads);
        Trials.delete(work);
        return s;
    }

    @SuppressWarnings("unused")
    private static String text(Path p) throws java.io.IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}
