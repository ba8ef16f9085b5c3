package io.bussdcc.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A device process SIGKILLed while it records and ships, ten times, restarted each time on the
 * same log; then a last run ships what is left. Everything recorded comes out of the topic once,
 * in order; the duplicates the crashes left in the topic are counted.
 */
class CrashTrialsTest {

    private static Path dir;
    private static Broker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        dir = Broker.tmp("crash");
        broker = Broker.start(dir.resolve("broker"), false);
        broker.createTopic("crash", 1);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
        Broker.cleanUp(dir);
    }

    private static Process device(Path log, long events) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx96m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", cp, DeviceMain.class.getName(), log.toString(),
                broker.bootstrap(), "crash", "crashy-1", Long.toString(events), "3000")
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("device.err").toFile()))
                .start();
    }

    @Test
    void tenKillsWhileShippingLoseNothing() throws Exception {
        Path log = dir.resolve("log");
        Random random = new Random(17);
        List<String> trials = new ArrayList<>();
        for (int trial = 1; trial <= 10; trial++) {
            Process p = device(log, 10_000_000);
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("recording", out.readLine(), "trial " + trial + ": the device booted");
            int before = LineLog.lines(log).size();
            long aliveMillis = 700 + random.nextInt(2_000);
            Thread.sleep(aliveMillis);
            p.destroyForcibly(); // SIGKILL
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            int after = LineLog.lines(log).size();
            Checkpoint cp = Checkpoint.read(log.resolve(".kafka-crash.checkpoint"));
            trials.add("trial " + trial + ": killed after " + aliveMillis + " ms, " + (after - before)
                    + " lines recorded in that run, checkpoint " + (cp == null ? "none" : cp.segment() + "@" + cp.offset()));
        }
        // Restart: the last run records no readings, ships what is left and stops cleanly.
        Process last = device(log, 0);
        assertTrue(last.waitFor(180, TimeUnit.SECONDS), "the last run caught up and stopped");
        String said = new String(last.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, last.exitValue(), said);

        List<String> all = LineLog.lines(log);
        List<String> in = LineLog.eventLines(log);
        Kafka.Read read = Kafka.read(broker.bootstrap(), "crash", Set.of("crashy-1"));
        trials.forEach(System.out::println);
        System.out.printf("crash trials: %d lines in the log (%d torn by a kill), %d events out of %d records,"
                + " %d duplicate records dropped, %d problems (the torn lines)%n", all.size(), all.size() - in.size(),
                read.lines().size(), read.counts().records(), read.counts().duplicates(), read.problems().size());
        Kafka.assertSameLines(in, read.lines(), "every recorded event came out once, in order");
        assertEquals(all.size() - in.size(), read.problems().size(), read.problems().toString());
        assertTrue(in.size() > 10 * 1_000, "the device recorded readings in every trial: " + in.size());
    }
}
