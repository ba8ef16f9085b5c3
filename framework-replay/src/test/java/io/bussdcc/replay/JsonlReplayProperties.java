package io.bussdcc.replay;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The determinism contract on JSONL logs: recorded with {@code JsonlSink}, replayed from {@code JsonlSource}. */
class JsonlReplayProperties extends DeterminismContract {

    @TempDir(factory = MemoryBackedTempDirs.class)
    Path dir;
    private LogStore store;

    @Override
    LogStore store() {
        if (store == null) {
            store = LogStore.jsonl(dir, Fixtures.registry());
        }
        return store;
    }
}
