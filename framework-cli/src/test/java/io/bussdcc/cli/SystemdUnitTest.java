package io.bussdcc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bussdcc.api.Config;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/bussdcc.service: the settings docs/operations.md promises, and systemd's own check of the file. */
class SystemdUnitTest {

    private static final Path UNIT = Path.of("..", "docs", "bussdcc.service").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private static Map<String, String> service() throws Exception {
        Map<String, String> keys = new LinkedHashMap<>();
        String section = "";
        for (String line : Files.readAllLines(UNIT, StandardCharsets.UTF_8)) {
            String l = line.strip();
            if (l.startsWith("[")) {
                section = l;
            } else if (section.equals("[Service]") && !l.isEmpty() && !l.startsWith("#")) {
                int eq = l.indexOf('=');
                String key = l.substring(0, eq);
                keys.merge(key, l.substring(eq + 1), (a, b) -> a + "\n" + b);
            }
        }
        return keys;
    }

    @Test
    void theUnitRestartsOnFailureWaitsLongerThanOurShutdownAndLogsToTheJournal() throws Exception {
        Map<String, String> s = service();
        assertEquals("on-failure", s.get("Restart"));
        assertEquals("SIGTERM", s.get("KillSignal"));
        Duration stop = Config.parseDuration(s.get("TimeoutStopSec"));
        // services get 1 s each to stop, the Kafka shipper 5 s; the signal trials saw < 1 s in all
        assertTrue(stop.compareTo(Duration.ofSeconds(10)) >= 0, "TimeoutStopSec " + stop);
        assertEquals("journal", s.get("StandardError"));
        assertTrue(s.get("ExecStart").startsWith("/opt/bussdcc/bin/bussdcc run"), s.get("ExecStart"));
        for (String env : s.get("Environment").split("\n")) {
            String key = env.substring(0, env.indexOf('='));
            assertTrue(key.equals("JAVA_OPTS") || List.of("BUSSDCC_SINK_JSONL_DIR", "BUSSDCC_SINK_JSONL_COMPRESS",
                    "BUSSDCC_SINK_JSONL_RETENTION_MAX__AGE", "BUSSDCC_SINK_JSONL_RETENTION_MAX__SIZE").contains(key),
                    "a variable the configuration reads (dashes as __): " + key);
        }
    }

    @Test
    void systemdAnalyzeVerifyAcceptsTheUnit() throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        assumeTrue(Files.isExecutable(analyze), "systemd-analyze is not installed");
        // verify checks that ExecStart's program exists: point it at one that does
        String text = Files.readString(UNIT, StandardCharsets.UTF_8).replace("/opt/bussdcc/bin/bussdcc", "/bin/true");
        Path unit = Files.writeString(dir.resolve("bussdcc.service"), text);
        Process p = new ProcessBuilder(analyze.toString(), "verify", unit.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(!out.contains("Unknown key") && !out.contains("Unknown section") && !out.contains("Failed to parse"),
                out);
    }
}
