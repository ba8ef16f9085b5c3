package io.bussdcc.replay;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The determinism contract of replay on SQL tables: recorded with {@code SqlSink} into SQLite
 * files, replayed from {@code SqlSource} — the same properties the JSONL log and memory pass.
 */
class SqliteReplayProperties extends DeterminismContract {

    @TempDir(factory = MemoryBackedTempDirs.class)
    Path dir;
    private LogStore store;

    @Override
    LogStore store() {
        if (store == null) {
            store = SqlLogStores.sqlite(dir, Fixtures.registry());
        }
        return store;
    }
}
