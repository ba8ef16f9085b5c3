package io.bussdcc.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Event;
import io.bussdcc.api.SourceProblem;
import io.bussdcc.sql.Samples.Reading;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recorder killed with SIGKILL in the middle of its commits, 20 times: the SQLite file opens
 * and passes its integrity check, every event reported committed is there, the rows are an
 * unbroken prefix of what was emitted (a batch is in whole or not at all), and what is lost is
 * younger than the commit interval (plus an allowance for the child being scheduled late on a
 * busy machine, as the JSONL crash test allows).
 */
class CrashTrialsTest {

    static final int TRIALS = 20;
    static final Duration INTERVAL = Duration.ofMillis(250);
    static final Duration ALLOWED_LOSS = INTERVAL.plusSeconds(2);

    @TempDir
    Path dir;

    private Process child;

    @AfterEach
    void killChild() throws InterruptedException {
        if (child != null && child.isAlive()) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRecorderKilledMidCommitLosesOnlyWhatWasNotCommittedAndAtMostTheInterval() throws Exception {
        Random random = new Random(20261201L);
        List<String> figures = new ArrayList<>();
        long maxLossMs = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            String url = "jdbc:sqlite:" + dir.resolve("trial-" + trial + ".db");
            AtomicLong reported = new AtomicLong();
            BufferedReader out = startChild(url);
            // Kill after a random number of committed events: at a random point of the commit cycle.
            long killAfter = 2_000 + random.nextInt(10_000);
            Thread reader = Thread.ofPlatform().daemon().start(() -> readCommits(out, reported));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (reported.get() < killAfter && System.nanoTime() < end) {
                Thread.sleep(1);
            }
            Thread.sleep(random.nextInt((int) INTERVAL.toMillis() + 50)); // anywhere in the commit cycle
            long reportedBeforeKill = reported.get();
            Instant killedAt = Instant.now();
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no last commit
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            reader.join(5_000);
            assertTrue(reportedBeforeKill >= killAfter, "trial " + trial + ": the child committed " + reportedBeforeKill);

            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                rs.next();
                assertEquals("ok", rs.getString(1), "trial " + trial);
            }
            List<SourceProblem> problems = new ArrayList<>();
            List<Event<?>> events;
            try (Stream<Event<?>> s = SqlSource.builder(url).registry(Samples.registry()).build().open(problems::add)) {
                events = s.toList();
            }
            assertEquals(List.of(), problems, "trial " + trial);
            for (int i = 0; i < events.size(); i++) {
                assertEquals(i, ((Reading) events.get(i).payload()).seq(), "trial " + trial + ": a gap at row " + i);
            }
            assertTrue(events.size() >= reported.get(), "trial " + trial + ": " + reported.get()
                    + " events were reported committed, " + events.size() + " are in the file");
            Duration loss = Duration.between(events.get(events.size() - 1).time(), killedAt);
            maxLossMs = Math.max(maxLossMs, loss.toMillis());
            figures.add(events.size() + " rows/" + loss.toMillis() + " ms");
            assertTrue(loss.compareTo(ALLOWED_LOSS) <= 0, "trial " + trial + ": the newest row is " + loss.toMillis()
                    + " ms older than the kill; the commit interval is " + INTERVAL.toMillis() + " ms");
        }
        System.out.println("crash trials: " + TRIALS + " kills, " + TRIALS + " files opened and intact, 0 committed"
                + " events lost; loss (newest row to kill) at most " + maxLossMs + " ms with a " + INTERVAL.toMillis()
                + " ms commit interval; per trial: " + figures);
    }

    private static void readCommits(BufferedReader out, AtomicLong reported) {
        try {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("committed ")) {
                    reported.set(Long.parseLong(line.substring("committed ".length())));
                }
            }
        } catch (IOException e) {
            // the child was killed
        }
    }

    /** Starts {@link CrashRecorder} on this test's module path and waits for "started". */
    private BufferedReader startChild(String url) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String modulePath = System.getProperty("jdk.module.path");
        Path testClasses = Path.of(CrashRecorder.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        List<String> command = List.of(java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "--enable-native-access=org.xerial.sqlitejdbc",
                "--module-path", modulePath,
                "--patch-module", "io.bussdcc.sql=" + testClasses,
                "-m", "io.bussdcc.sql/io.bussdcc.sql.CrashRecorder", url, String.valueOf(INTERVAL.toMillis()));
        child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("started", out.readLine(), "the child did not start: " + command);
        return out;
    }
}
