package io.bussdcc.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Event;
import io.bussdcc.api.SourceProblem;
import io.bussdcc.cli.Image;
import io.bussdcc.cli.reliability.LoadPlugin.Progress;
import io.bussdcc.cli.reliability.Trials.Log;
import io.bussdcc.cli.reliability.Trials.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL at a random moment while the image records under load: every log reads back, at
 * most one torn line per trial and only at the end of a file, no gap before the last event on
 * disk, and what is lost is within the durability policy (docs/jsonl-log.md): the events
 * handled in the last flush period, plus the flusher's scheduling delay.
 *
 * <p>Loss is measured from the generator's own progress, which it writes after every emit into
 * a memory-mapped file that survives the kill: its last number and time against the last
 * number and time on disk.
 */
class KillTrialsIT {

    /** Scheduling delay allowed on top of the policy's period: two trials share two cores. */
    static final Duration SLACK = Duration.ofMillis(Long.getLong("reliability.kill.slackMillis", 300));

    @TempDir
    static Path dir;
    static Path plugins;

    @BeforeAll
    static void buildPlugin() throws Exception {
        plugins = LoadPlugin.build(dir);
    }

    /** One trial's figures. */
    record Killed(int trial, long delayMillis, long eventsOnDisk, long lostEvents, long lostMillis, long sinceLastMillis,
            int tornLines, long bytes) {

        @Override
        public String toString() {
            return String.format("trial %2d: killed %4d ms into the load; %,9d load events on disk (%,d bytes), lost %,d events"
                    + " = %d ms (last on disk %d ms before the kill), %d torn line(s)", trial, delayMillis, eventsOnDisk, bytes,
                    lostEvents, lostMillis, sinceLastMillis, tornLines);
        }
    }

    @Test
    void sigkillAtFullSpeedWithTheDefaultPolicyLosesAtMostTheLastFlushPeriod() throws Exception {
        trials("default policy, full speed", Trials.count(50), Duration.ofMillis(200), 1000, List.of());
    }

    @Test
    void sigkillAtAModestRateWithTheDefaultPolicyLosesAtMostTheLastFlushPeriod() throws Exception {
        // 2,000 events a second never fill the buffer within a period: the flusher's timer decides.
        trials("default policy, 2,000 events/s", Trials.count(10), Duration.ofMillis(200), 1500,
                List.of("--set", "service.load.rate=2000"));
    }

    @Test
    void sigkillWithTheFsyncPolicyLosesAtMostItsPeriod() throws Exception {
        trials("fsync every 500 ms, full speed", Trials.count(10), Duration.ofMillis(500), 1000,
                List.of("--set", "sink.jsonl.durability=fsync", "--set", "sink.jsonl.flush-interval=500ms"));
        trials("fsync every 500 ms, 2,000 events/s", Trials.count(10), Duration.ofMillis(500), 1500,
                List.of("--set", "sink.jsonl.durability=fsync", "--set", "sink.jsonl.flush-interval=500ms",
                        "--set", "service.load.rate=2000"));
    }

    private static void trials(String what, int n, Duration period, int maxDelayMillis, List<String> policy) throws Exception {
        long seed = Trials.SEED ^ what.hashCode();
        System.out.println("SIGKILL trials, " + what + ": " + n + " trials, seed " + seed);
        List<Outcome<Killed>> outcomes = Trials.run(n, i -> () -> trial(what, i, new Random(seed + i).nextInt(maxDelayMillis),
                period, policy));
        List<Killed> passed = new ArrayList<>();
        for (Outcome<Killed> o : outcomes) {
            System.out.println(o.result() != null ? o.result() : "trial " + o.index() + ": FAILED " + o.failure());
            if (o.result() != null) {
                passed.add(o.result());
            }
        }
        if (!passed.isEmpty()) {
            System.out.printf("SIGKILL summary, %s: %d trials, %d failed; worst loss %d ms / %,d events; "
                    + "torn lines %d (in %d trials); %,d load events on disk in all%n", what, n, n - passed.size(),
                    passed.stream().mapToLong(Killed::lostMillis).max().orElse(0),
                    passed.stream().mapToLong(Killed::lostEvents).max().orElse(0),
                    passed.stream().mapToInt(Killed::tornLines).sum(),
                    passed.stream().filter(k -> k.tornLines() > 0).count(),
                    passed.stream().mapToLong(Killed::eventsOnDisk).sum());
        }
        Trials.assertAllPassed("SIGKILL (" + what + ")", outcomes);
    }

    private static Killed trial(String what, int i, long delayMillis, Duration period, List<String> policy) throws Exception {
        Path work = Files.createDirectories(dir.resolve("kill-" + what.replaceAll("\\W+", "-") + "-" + i));
        List<String> args = new ArrayList<>(List.of("--no-web"));
        args.addAll(Trials.quiet());
        args.addAll(policy);
        Image.Running run = Trials.startLoaded(work, plugins, args);
        Log log;
        Progress progress;
        Instant killedAt;
        try {
            Thread.sleep(delayMillis);
            killedAt = Instant.now();
            run.process.destroyForcibly(); // SIGKILL: no handler, no hook, no final flush
            assertTrue(run.process.waitFor(10, TimeUnit.SECONDS), "the killed process ended");
            assertEquals(137, run.process.exitValue(), "killed by SIGKILL");
            progress = Progress.read(work.resolve("progress"));
            log = Log.read(work.resolve("events"));
        } finally {
            run.kill();
        }

        // Only a torn last line of a file, at most one.
        List<SourceProblem> bad = log.badLines();
        assertTrue(bad.size() <= 1, "at most one bad line: " + bad);
        for (SourceProblem p : bad) {
            assertTrue(p.reason().startsWith("torn last line"), "only a torn last line: " + p);
            Path file = Path.of(p.source());
            assertEquals(log.lineCounts().get(file), p.line(), "the torn line is the last of its file: " + p);
            assertEquals(log.files().get(log.files().size() - 1), file, "and of the last file: " + p);
        }
        // No gap: every load event up to the last one on disk is there, in order.
        long onDisk = Trials.assertContiguous(log.loadSeqs(), "trial " + i);
        List<Event<?>> load = log.load();
        long lostEvents = progress.seq() + 1 - onDisk;
        assertTrue(lostEvents >= 0, "the generator got to " + progress.seq() + ", the log holds " + onDisk);
        // The span of the lost events: from the last one on disk (or, with none, the first
        // emitted) to the last one emitted. An upper bound of how long they waited in memory.
        long lostFromNanos = onDisk == 0 ? progress.firstEpochNanos() : epochNanos(load.get(load.size() - 1).time());
        long lostMillis = lostEvents == 0 ? 0 : Math.max(0, (progress.epochNanos() - lostFromNanos) / 1_000_000);
        long sinceLast = (epochNanos(killedAt) - lostFromNanos) / 1_000_000;
        Killed k = new Killed(i, delayMillis, onDisk, lostEvents, lostMillis, sinceLast, bad.size(), log.bytes());
        assertTrue(lostMillis <= period.plus(SLACK).toMillis(), "lost " + lostMillis + " ms of events; the policy allows "
                + period.toMillis() + " ms plus " + SLACK.toMillis() + " ms of scheduling delay: " + k);
        Trials.delete(work);
        return k;
    }

    private static long epochNanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
