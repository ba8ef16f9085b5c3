package io.bussdcc.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.cli.Image;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Log folders someone else has been into, through the image: a link to {@code /etc/passwd}
 * inside a log, a day folder the reader may not open, a second writer nesting inside a live
 * log, and a default {@code ./events} that is a link.
 */
class HostileFoldersIT {

    @TempDir
    Path dir;

    static String line(String time, int seq) {
        return "{\"time\":\"" + time + "\",\"type\":\"other.app:Thing\",\"data\":{\"seq\":" + seq + "}}\n";
    }

    @Test
    void catReadsNoLinkInsideALogAndEchoesNothingOfItsTarget() throws Exception {
        Path day = Files.createDirectories(dir.resolve("events/2026-12-01"));
        Files.writeString(day.resolve("00-00-00.jsonl"), line("2026-12-01T00:00:01Z", 1));
        Files.createSymbolicLink(day.resolve("00-10-00.jsonl"), Path.of("/etc/passwd"));
        Image.Result r = Image.run(dir, "cat", "events");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(1, r.stdoutLines().size(), r.toString());
        assertTrue(r.stderr().contains("events/2026-12-01/00-10-00.jsonl:0: not read: a symbolic link to /etc/passwd"),
                r.toString());
        assertFalse(r.stderr().contains("root:"), "nothing of the target is echoed:\n" + r);
    }

    /** Runs the image as user nobody (the tests run as root, whom no permission stops). */
    private Image.Result runAsNobody(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                Image.LAUNCHER.toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("nobody-out.txt");
        Path err = dir.resolve("nobody-err.txt");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "cat as nobody did not end");
        return new Image.Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void aDayFolderThatCannotBeOpenedIsReportedAndTheRestIsRead() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path root = Files.createDirectories(dir.resolve("events"));
        for (int d = 1; d <= 3; d++) {
            Path day = Files.createDirectories(root.resolve("2026-12-0" + d));
            Files.writeString(day.resolve("00-00-00.jsonl"), line("2026-12-0" + d + "T00:00:01Z", d));
        }
        Files.setPosixFilePermissions(root.resolve("2026-12-02"), PosixFilePermissions.fromString("---------"));
        try {
            Image.Result r = runAsNobody("cat", "events");
            assertEquals(0, r.exitCode(), r.toString());
            assertEquals(2, r.stdoutLines().size(), r.toString());
            assertTrue(r.stdoutLines().get(1).contains("\"seq\":3"), r.toString());
            assertTrue(r.stderr().contains("events/2026-12-02:0: cannot be read, left out: java.nio.file.AccessDeniedException"),
                    r.toString());
        } finally {
            Files.setPosixFilePermissions(root.resolve("2026-12-02"), PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void aSecondWriterNestingInsideALiveLogIsRefused() throws Exception {
        Path root = dir.resolve("events");
        Image.Running outer = Image.start(dir, Map.of(), "run", "--no-web", "--events", root.toString());
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!(Files.exists(root.resolve(".lock")) && Files.size(root.resolve(".lock")) > 0)) {
                assertTrue(outer.process.isAlive() && System.nanoTime() < deadline, "the first run did not start:\n"
                        + outer.stderrText());
                Thread.sleep(20);
            }
            Image.Result nested = Image.run(dir, "run", "--no-web", "--for", "1s", "--events",
                    root.resolve("2026-12-01").toString());
            assertEquals(1, nested.exitCode(), nested.toString());
            assertTrue(nested.stderr().contains("it is inside the log " + root.toRealPath() + ", which another writer (pid "
                    + outer.process.pid() + ", since "), nested.toString());
            assertTrue(outer.process.isAlive(), "the first run goes on");
        } finally {
            Trials.signal(outer.process, "TERM");
            outer.await(Duration.ofSeconds(20));
        }
    }

    @Test
    void aDefaultEventsFolderThatIsALinkIsRefusedAndANamedOneFollowed() throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.createSymbolicLink(dir.resolve("events"), elsewhere);
        Image.Result byDefault = Image.run(dir, "run", "--no-web", "--for", "1s");
        assertEquals(1, byDefault.exitCode(), byDefault.toString());
        assertTrue(byDefault.stderr().contains("its default, ./events, is a symbolic link"), byDefault.toString());
        try (Stream<Path> files = Files.list(elsewhere)) {
            assertEquals(List.of(), files.toList());
        }
        Image.Result named = Image.run(dir, "run", "--no-web", "--for", "1s", "--events", "events");
        assertEquals(0, named.exitCode(), named.toString());
        try (Stream<Path> files = Files.walk(elsewhere)) {
            assertTrue(files.anyMatch(p -> p.toString().endsWith(".jsonl")), "the named link is followed");
        }
    }
}
