package io.bussdcc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bussdcc bench} through the image's launcher, as BENCHMARKS.md runs it: every case, small counts. */
class BenchIT {

    private static final Pattern RESULT = Pattern.compile(
            "\\{\"case\":\"(\\w+)\",\"events\":(\\d+),\"seconds\":[0-9.]+,\"events_per_s\":\\d+,\"bytes\":(null|\\d+)}\n");

    @TempDir
    Path dir;

    private static Matcher result(String text) {
        Matcher m = RESULT.matcher(text);
        assertTrue(m.matches(), "one result line: " + text);
        return m;
    }

    @Test
    void everyCaseRunsThroughTheLauncher() throws Exception {
        Image.Result dispatch = Image.run(dir, "bench", "--case", "dispatch", "--events", "5000");
        assertEquals(0, dispatch.exitCode(), dispatch.toString());
        assertEquals("dispatch", result(dispatch.stdout()).group(1));

        String log = dir.resolve("log").toString();
        Image.Result jsonl = Image.run(dir, "bench", "--case", "jsonl", "--events", "5000", "--dir", log);
        assertEquals(0, jsonl.exitCode(), jsonl.toString());
        Matcher written = result(jsonl.stdout());
        assertEquals("5000", written.group(2));

        Image.Result replay = Image.run(dir, "bench", "--case", "replay", "--events", "5000", "--dir", log);
        assertEquals(0, replay.exitCode(), replay.toString());
        assertEquals(written.group(3), result(replay.stdout()).group(3), "bytes read = bytes written");

        Image.Result console = Image.run(dir, "bench", "--case", "console", "--events", "5000");
        assertEquals(0, console.exitCode(), console.toString());
        assertEquals("console", result(console.stderr()).group(1));
        assertEquals(5000, console.stdoutLines().stream().filter(l -> l.contains("\"type\":\"bench:SensorReading\"")).count());

        Image.Result boot = Image.run(dir, "bench", "--case", "boot");
        assertEquals(0, boot.exitCode(), boot.toString());
        assertEquals("0", result(boot.stdout()).group(2));
    }
}
