package io.bussdcc.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.cli.Image;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A replay at real-time speed waiting on a gap of a billion years, stopped by a signal, still says what it did. */
class LongGapsIT {

    @TempDir
    Path dir;

    @Test
    void aReplayStoppedInAnEndlessGapPrintsItsWholeSummary() throws Exception {
        Files.writeString(dir.resolve("far.jsonl"), HostileFoldersIT.line("2026-01-01T00:00:00Z", 1)
                + HostileFoldersIT.line("2026-01-01T00:00:00.2Z", 2) + HostileFoldersIT.line("+999999999-01-01T00:00:00Z", 3));
        for (String signal : new String[] {"TERM", "INT"}) {
            Image.Running replay = Image.start(dir, Map.of(), "replay", "far.jsonl");
            replay.awaitStderr("far.jsonl:1: unknown type", Duration.ofSeconds(30));
            Trials.signal(replay.process, signal); // the third event is due in a billion years
            Image.Result r = replay.await(Duration.ofSeconds(30));
            assertTrue(r.stderr().matches("(?s).*\nreplayed [0-9]+ events? from far\\.jsonl in [0-9.]+ s \\(replay stopped\\);"
                    + " 1 problem reported above\n"), signal + ": " + r);
        }
    }
}
