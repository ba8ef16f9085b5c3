package io.bussdcc.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * Temporary directories in {@code /dev/shm} where it exists: the properties write thousands of
 * small logs, and a JSONL sink fsyncs when it stops — about 10 ms on a disk, nothing in memory.
 * Elsewhere the default temporary directory is used.
 */
final class MemoryBackedTempDirs implements TempDirFactory {

    private static final Path SHM = Path.of("/dev/shm");

    @Override
    public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext extension) throws IOException {
        if (Files.isDirectory(SHM) && Files.isWritable(SHM)) {
            return Files.createTempDirectory(SHM, "bussdcc-replay-");
        }
        return Files.createTempDirectory("bussdcc-replay-");
    }
}
