package io.bussdcc.jsonl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The exclusive claim of one writer on a log root: an OS file lock on {@code ROOT/.lock}. Two
 * writers appending to the same segment would interleave partial lines, so a second writer —
 * another process or another sink in this one — is refused. The OS releases the lock when the
 * process dies, so a crash never leaves the log locked. The file itself stays (deleting it
 * would let two writers hold locks on different files of the same name).
 */
final class RootLock implements AutoCloseable {

    static final String FILE_NAME = ".lock";

    private final FileChannel channel;
    private final FileLock lock;

    private RootLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Claims {@code root}.
     *
     * @throws IOException naming the holder when another writer has it
     */
    static RootLock acquire(Path root) throws IOException {
        Path file = root.resolve(FILE_NAME);
        LogFolders.refuseLink(file);
        FileChannel channel;
        try {
            // NOFOLLOW_LINKS: a link put there since the check is refused, not written through
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        } catch (FileSystemException e) {
            LogFolders.refuseLink(file);
            throw e;
        }
        try {
            LogFolders.requireRegularFile(file);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            channel.close();
            throw new IOException("another JsonlSink in this process is already writing events into " + root
                    + "; two writers would interleave their lines: stop it first or give this sink another directory");
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            String holder = readHolder(channel);
            channel.close();
            throw new IOException("another process" + (holder.isEmpty() ? "" : " (" + holder + ")")
                    + " is writing events into " + root + " (it holds " + file + "); two writers would interleave"
                    + " their lines: stop it or give this sink another directory");
        }
        try {
            byte[] me = ("pid " + ProcessHandle.current().pid() + ", since " + Instant.now() + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(me), 0);
        } catch (IOException e) {
            lock.release();
            channel.close();
            throw e;
        }
        return new RootLock(channel, lock);
    }

    /**
     * Refuses {@code root} when a folder above it is the root of a log another writer is
     * recording into: the two logs' segments would mix ({@code run --events ROOT/2026-12-01}).
     * A log above with no live writer is no obstacle.
     *
     * @throws IOException naming the live log and its writer
     */
    static void refuseInsideLiveLog(Path root) throws IOException {
        for (Path above = root.toRealPath().getParent(); above != null; above = above.getParent()) {
            Path file = above.resolve(FILE_NAME);
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            String holder;
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                FileLock probe;
                try {
                    probe = channel.tryLock(0, Long.MAX_VALUE, true); // shared: only fails if a writer holds it
                } catch (OverlappingFileLockException e) {
                    probe = null; // a sink in this process holds it
                }
                if (probe != null) {
                    probe.release();
                    continue;
                }
                holder = readHolder(channel);
            } catch (IOException e) {
                continue; // cannot tell: the lock of ROOT itself still keeps two writers apart
            }
            throw new IOException("refusing to write events into " + root + ": it is inside the log " + above
                    + ", which another writer" + (holder.isEmpty() ? "" : " (" + holder + ")") + " is recording into;"
                    + " the two logs would mix their segments: give a folder outside it");
        }
    }

    /**
     * The writer holding {@code root} ("pid 1234, since …", or "a sink in this process"), or
     * {@code null} when no writer holds it.
     */
    static String writer(Path root) {
        Path file = root.resolve(FILE_NAME);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            FileLock probe;
            try {
                probe = channel.tryLock(0, Long.MAX_VALUE, true);
            } catch (OverlappingFileLockException e) {
                return "a sink in this process";
            }
            if (probe != null) {
                probe.release();
                return null;
            }
            String holder = readHolder(channel);
            return holder.isEmpty() ? "another process" : holder;
        } catch (IOException e) {
            return null;
        }
    }

    private static String readHolder(FileChannel channel) {
        try {
            ByteBuffer b = ByteBuffer.allocate(200);
            channel.read(b, 0);
            return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
