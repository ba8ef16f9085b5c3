package io.bussdcc.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Event;
import io.bussdcc.api.SourceProblem;
import io.bussdcc.api.message.RuntimeBooting;
import io.bussdcc.api.message.RuntimeShutdown;
import io.bussdcc.cli.Image;
import io.bussdcc.cli.reliability.LoadPlugin.Load;
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
 * Restarts on one events root: stop and boot again within one segment interval (after a
 * graceful stop and after a SIGKILL), and a second process started on the root while the first
 * records. Nothing is lost, no line is interleaved, the refused process says why.
 */
class RestartIT {

    @TempDir
    static Path dir;
    static Path plugins;

    @BeforeAll
    static void buildPlugin() throws Exception {
        plugins = LoadPlugin.build(dir);
    }

    private static List<String> loaded(String run) {
        List<String> args = new ArrayList<>(List.of("--no-web", "--set", "service.load.run=" + run));
        args.addAll(Trials.quiet());
        return args;
    }

    @Test
    void aGracefulStopAndABootWithinOneSegmentIntervalLoseNothing() throws Exception {
        Path work = Files.createDirectories(dir.resolve("graceful"));
        Path events = work.resolve("events");
        for (String run : List.of("A", "B", "C")) {
            Image.Running r = Trials.startLoaded(work, plugins, events, work.resolve("progress-" + run), loaded(run));
            Thread.sleep(300);
            Trials.signal(r.process, "TERM");
            Image.Result result = r.await(Duration.ofSeconds(10));
            assertEquals(0, result.exitCode(), result.toString());
        }
        Log log = Log.read(events);
        assertEquals(List.of(), log.badLines(), "no bad line after three graceful runs");
        int[] boots = indexes(log.events(), RuntimeBooting.class);
        int[] shutdowns = indexes(log.events(), RuntimeShutdown.class);
        assertEquals(3, boots.length);
        assertEquals(3, shutdowns.length);
        for (int k = 0; k < 3; k++) {
            String run = List.of("A", "B", "C").get(k);
            long n = Trials.assertContiguous(log.loadSeqs(run), "run " + run);
            assertEquals(Progress.read(work.resolve("progress-" + run)).seq() + 1, n, "run " + run + " lost nothing");
            assertTrue(boots[k] < shutdowns[k] && (k == 0 || shutdowns[k - 1] < boots[k]),
                    "each run's events follow the previous run's RuntimeShutdown");
            for (Event<?> e : log.events().subList(boots[k], shutdowns[k] + 1)) {
                assertTrue(!(e.payload() instanceof Load l) || l.run().equals(run), "runs do not interleave: " + e);
            }
        }
        System.out.println("graceful restarts: 3 runs, " + log.load().size() + " load events in " + log.files().size()
                + " segment file(s), none lost");
    }

    @Test
    void aBootRightAfterASigkillEndsTheTornLineAndLosesNothingItRecords() throws Exception {
        int n = Trials.count(10);
        long seed = Trials.SEED ^ 0x5E5;
        System.out.println("SIGKILL-then-restart trials: " + n + ", seed " + seed);
        List<Outcome<String>> outcomes = Trials.run(n, i -> () -> killThenRestart(i, new Random(seed + i).nextInt(800)));
        outcomes.forEach(o -> System.out.println(o.result() != null ? o.result() : "trial " + o.index() + ": FAILED " + o.failure()));
        Trials.assertAllPassed("SIGKILL-then-restart", outcomes);
    }

    private static String killThenRestart(int i, long delayMillis) throws Exception {
        Path work = Files.createDirectories(dir.resolve("kill-restart-" + i));
        Path events = work.resolve("events");
        Image.Running a = Trials.startLoaded(work, plugins, events, work.resolve("progress-A"), loaded("A"));
        Thread.sleep(delayMillis);
        a.process.destroyForcibly();
        assertTrue(a.process.waitFor(10, TimeUnit.SECONDS));
        Image.Running b = Trials.startLoaded(work, plugins, events, work.resolve("progress-B"), loaded("B"));
        Thread.sleep(200);
        Trials.signal(b.process, "TERM");
        Image.Result result = b.await(Duration.ofSeconds(10));
        assertEquals(0, result.exitCode(), result.toString());

        Log log = Log.read(events);
        List<SourceProblem> bad = log.badLines();
        assertTrue(bad.size() <= 1, "at most A's torn last line: " + bad);
        int[] boots = indexes(log.events(), RuntimeBooting.class); // A's may be lost, if killed before its first write
        int bootB = boots[boots.length - 1];
        if (!bad.isEmpty()) {
            // The torn line stays one bad line, ended by B with a newline; B's first line follows it.
            SourceProblem torn = bad.get(0);
            assertTrue(torn.reason().startsWith("truncated JSON") || torn.reason().startsWith("malformed JSON"),
                    "the torn line ended by the restart: " + torn);
            List<String> lines = Files.readAllLines(Path.of(torn.source()), StandardCharsets.UTF_8);
            String next = lines.get((int) torn.line());
            assertTrue(next.contains("\"type\":\"bussdcc.message.runtime:RuntimeBooting\""),
                    "B's RuntimeBooting is the line after the torn one: " + next);
        }
        long onDiskA = Trials.assertContiguous(log.loadSeqs("A"), "run A");
        long onDiskB = Trials.assertContiguous(log.loadSeqs("B"), "run B");
        assertEquals(Progress.read(work.resolve("progress-B")).seq() + 1, onDiskB, "B lost nothing");
        for (Event<?> e : log.events().subList(bootB, log.events().size())) {
            assertFalse(e.payload() instanceof Load l && l.run().equals("A"), "nothing of A after B booted: " + e);
        }
        Trials.delete(work);
        return String.format("trial %2d: A killed %3d ms into the load with %,d events on disk, %s; B recorded %,d events after it",
                i, delayMillis, onDiskA, bad.isEmpty() ? "no torn line" : "its torn line ended by B", onDiskB);
    }

    @Test
    void aSecondProcessOnTheSameRootIsRefusedClearlyAndTheFirstLogIsIntact() throws Exception {
        int n = Trials.count(5);
        List<Outcome<String>> outcomes = Trials.run(n, i -> () -> secondWriter(i));
        outcomes.forEach(o -> System.out.println(o.result() != null ? o.result() : "trial " + o.index() + ": FAILED " + o.failure()));
        Trials.assertAllPassed("second writer", outcomes);
    }

    private static String secondWriter(int i) throws Exception {
        Path work = Files.createDirectories(dir.resolve("second-writer-" + i));
        Path events = work.resolve("events");
        Image.Running a = Trials.startLoaded(work, plugins, events, work.resolve("progress-A"), loaded("A"));
        Image.Result refused;
        try {
            Image.Running b = Trials.start(work, plugins, events, work.resolve("progress-B"), loaded("B"));
            refused = b.await(Duration.ofSeconds(30));
            assertTrue(a.process.isAlive(), "the first process goes on");
            Thread.sleep(100);
            Trials.signal(a.process, "TERM");
            Image.Result first = a.await(Duration.ofSeconds(10));
            assertEquals(0, first.exitCode(), first.toString());
        } finally {
            a.kill();
        }
        assertEquals(1, refused.exitCode(), refused.toString());
        String lastLine = refused.stderr().strip().lines().reduce((x, y) -> y).orElse("");
        assertTrue(lastLine.startsWith("bussdcc run: sink 'jsonl' failed to start: ")
                && lastLine.contains("another process (pid " + a.process.pid() + ", since "),
                "one clear line naming the holder: " + lastLine);
        assertTrue(lastLine.contains("is writing events into " + events), lastLine);
        assertEquals(Progress.read(work.resolve("progress-B")).seq(), -1L, "the refused process emitted nothing");

        Log log = Log.read(events);
        assertEquals(List.of(), log.badLines(), "no interleaved or partial line");
        assertEquals(1, indexes(log.events(), RuntimeBooting.class).length, "only the first process recorded");
        assertEquals(List.of(), log.loadSeqs("B"));
        long n = Trials.assertContiguous(log.loadSeqs("A"), "run A");
        assertEquals(Progress.read(work.resolve("progress-A")).seq() + 1, n, "the first process lost nothing");
        assertTrue(log.events().get(log.events().size() - 1).payload() instanceof RuntimeShutdown);
        Trials.delete(work);
        return "trial " + i + ": the second process exited 1 saying: " + lastLine;
    }

    private static int[] indexes(List<Event<?>> events, Class<?> type) {
        return java.util.stream.IntStream.range(0, events.size()).filter(k -> type.isInstance(events.get(k).payload())).toArray();
    }
}
