package io.bussdcc.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.bussdcc.cli.Image;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image recording 20,000 events/s onto a 2 MiB tmpfs until it is full (needs root and
 * {@code mount}; skipped with a message where mounting is not permitted, except under CI):
 * {@code /api/health} says DOWN with the reason, the sink's buffer stays bounded, one error is
 * reported, and the run exits 1 naming the loss. The figures go to RELIABILITY.md.
 */
class DiskFullIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern STATUS = Pattern.compile("\"status\":\"(\\w+)\"");
    private static final Pattern SINK = Pattern.compile("\"sink.jsonl\":\\{\"status\":\"(\\w+)\"(?:,\"reason\":\"([^\"]*)\")?,"
            + "\"counts\":\\{\"lost\":(\\d+),\"outages\":(\\d+),\"bufferedBytes\":(\\d+),\"bytesWritten\":(\\d+)\\}");

    @TempDir
    Path dir;

    @Test
    void aFullDiskIsDownInHealthBoundedAndTheRunExitsOne() throws Exception {
        Path mount = Files.createDirectories(dir.resolve("small-disk"));
        String why = run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mount.toString());
        if (why != null) {
            String message = "cannot mount a 2 MiB tmpfs, so the full-disk trial is skipped: " + why;
            if (System.getenv("CI") != null) {
                fail(message);
            }
            Assumptions.assumeTrue(false, message);
        }
        try {
            trial(mount);
        } finally {
            String umount = run("umount", mount.toString());
            if (umount != null) {
                throw new IllegalStateException("umount " + mount + ": " + umount);
            }
        }
    }

    private void trial(Path mount) throws Exception {
        Path plugins = LoadPlugin.build(dir);
        Path events = mount.resolve("events");
        Path progress = dir.resolve("progress");
        List<String> extra = new ArrayList<>(Trials.quiet());
        extra.addAll(List.of("--web", "127.0.0.1:0", "--set", "service.load.rate=20000"));
        Image.Running run = Trials.startLoaded(dir, plugins, events, progress, extra);
        try {
            String err = run.awaitStderr("dashboard: http://", Duration.ofSeconds(30));
            Matcher url = Pattern.compile("dashboard: (http://\\S+?)/?\\s").matcher(err);
            assertTrue(url.find(), err);
            URI health = URI.create(url.group(1) + "/api/health");
            long rssBefore = rssKiB(run.process);

            long started = System.nanoTime();
            String body = get(health);
            while (!body.contains("\"status\":\"DOWN\"")) {
                if (System.nanoTime() - started > Duration.ofSeconds(120).toNanos() || !run.process.isAlive()) {
                    fail("health never said DOWN: " + body + "\n--- stderr\n" + run.stderrText());
                }
                Thread.sleep(100);
                body = get(health);
            }
            double secondsToFull = (System.nanoTime() - started) / 1e9;
            long seqAtDown = LoadPlugin.Progress.read(progress).seq();
            long rssAtDown = rssKiB(run.process);
            Matcher m = STATUS.matcher(body);
            assertTrue(m.find() && m.group(1).equals("DOWN"), body);
            Matcher sink = SINK.matcher(body);
            assertTrue(sink.find(), body);
            assertEquals("DOWN", sink.group(1), body);
            assertTrue(sink.group(2).contains("No space left on device"), body);

            // 20 s on the full disk: memory and the sink's buffer stay bounded, the load goes on.
            long rssMax = rssAtDown;
            long bufferedMax = 0;
            long outageStart = System.nanoTime();
            while (System.nanoTime() - outageStart < Duration.ofSeconds(20).toNanos()) {
                Thread.sleep(500);
                rssMax = Math.max(rssMax, rssKiB(run.process));
                Matcher s = SINK.matcher(get(health));
                assertTrue(s.find());
                bufferedMax = Math.max(bufferedMax, Long.parseLong(s.group(5)));
            }
            long seqAfter = LoadPlugin.Progress.read(progress).seq();
            double outageRate = (seqAfter - seqAtDown) / ((System.nanoTime() - outageStart) / 1e9);
            Matcher last = SINK.matcher(get(health));
            assertTrue(last.find());
            long lostSoFar = Long.parseLong(last.group(3));
            assertTrue(bufferedMax <= 1 << 20, "the buffer holds at most 1 MiB: " + bufferedMax);
            assertEquals("1", last.group(4), "one outage");

            Trials.signal(run.process, "TERM");
            Image.Result r = run.await(Duration.ofSeconds(60));
            assertEquals(1, r.exitCode(), r.toString());
            assertTrue(r.stderr().contains("the run failed: sink 'jsonl': sink jsonl into ") && r.stderr().contains("events lost"),
                    r.stderr());
            assertTrue(r.stderr().contains("stopped: SIGTERM"), r.stderr());
            long emitted = LoadPlugin.Progress.read(progress).seq() + 1;

            Trials.Log log = Trials.Log.read(events);
            List<Long> seqs = log.loadSeqs();
            long onDisk = seqs.size();
            assertTrue(log.badLines().size() <= 1, "at most the last line is torn: " + log.badLines());
            Trials.assertContiguous(seqs, "the load events on disk");
            long sinkErrors = log.events().stream()
                    .filter(e -> e.payload().getClass().getSimpleName().equals("SinkHandlerError")).count();
            System.out.printf("full disk trial: full after %.1f s; health DOWN (%s); RSS %d MiB before, %d MiB when full,"
                    + " %d MiB max over 20 s full; sink buffer max %d KiB; load during the outage %.0f ev/s;"
                    + " emitted %d load events, %d on disk (0..%d), %d events lost by the time of the last health"
                    + " sample; %d SinkHandlerError on disk; exit %d; %s%n",
                    secondsToFull, sink.group(2), rssBefore >> 10, rssAtDown >> 10, rssMax >> 10, bufferedMax >> 10,
                    outageRate, emitted, onDisk, onDisk - 1, lostSoFar, sinkErrors, r.exitCode(),
                    r.stderr().lines().filter(l -> l.startsWith("bussdcc: ") || l.contains("the run failed"))
                            .findFirst().orElse(""));
        } finally {
            run.kill();
        }
    }

    private static String get(URI uri) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    private static long rssKiB(Process process) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    /** Runs a command; null when it worked, else its output. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return p.waitFor() == 0 ? null : "exit " + p.exitValue() + ": " + out;
    }
}
