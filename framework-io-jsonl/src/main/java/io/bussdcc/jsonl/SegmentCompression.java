package io.bussdcc.jsonl;

import io.bussdcc.codec.LogSegments;
import io.bussdcc.codec.SegmentInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPOutputStream;

/**
 * Compresses closed segments with the JDK's gzip, so that a crash at any moment leaves every
 * segment readable, plain or compressed, never neither: the gzip file is written as
 * {@code X.jsonl.gz.part}, fsynced, renamed to {@code X.jsonl.gz} (atomic), the folder fsynced,
 * and only then is {@code X.jsonl} removed. While both exist, readers take the plain file;
 * {@link #recover} (at the sink's start) settles what an interrupted compression left. The
 * sink does this itself ({@link JsonlSink.Builder#compress}); {@link #compressClosed} is
 * {@code bussdcc log compress}. Guide: docs/jsonl-log.md ("Retention and compression").
 */
public final class SegmentCompression {

    private static final System.Logger LOG = System.getLogger(SegmentCompression.class.getName());

    private SegmentCompression() {}

    /**
     * Compresses the plain segment {@code plain} into {@code plain.gz} and removes it.
     *
     * @param stop asked between blocks: when it says true the work is abandoned (the partial file removed)
     * @return the size of the compressed file, or -1 when stopped
     * @throws IOException naming the file when it cannot be read or written (the plain file stays)
     */
    public static long compress(Path plain, BooleanSupplier stop) throws IOException {
        Path gz = LogSegments.compressedFile(plain);
        Path part = plain.resolveSibling(plain.getFileName() + ".gz.part");
        boolean done = false;
        try {
            try (InputStream in = Files.newInputStream(plain, LinkOption.NOFOLLOW_LINKS);
                    FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                            StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS)) {
                GZIPOutputStream gzip = new GZIPOutputStream(Channels.newOutputStream(out), 1 << 16);
                try {
                    byte[] block = new byte[1 << 16];
                    for (int n; (n = in.read(block)) > 0; ) {
                        if (stop.getAsBoolean()) {
                            return -1;
                        }
                        gzip.write(block, 0, n);
                    }
                    gzip.finish();
                    out.force(true);
                } finally {
                    gzip.close(); // ends the deflater too
                }
            }
            // The compressed file keeps the plain one's time: retention reads a segment's age from it.
            Files.setLastModifiedTime(part, Files.getLastModifiedTime(plain, LinkOption.NOFOLLOW_LINKS));
            Files.move(part, gz, StandardCopyOption.ATOMIC_MOVE);
            syncFolder(plain.getParent());
            Files.delete(plain);
            syncFolder(plain.getParent());
            done = true;
            return Files.size(gz);
        } catch (IOException e) {
            throw new IOException("cannot compress " + plain + ": " + e.getMessage(), e);
        } finally {
            if (!done) {
                Files.deleteIfExists(part);
            }
        }
    }

    /**
     * Settles what interrupted compressions left below {@code root}: removes every
     * {@code .jsonl.gz.part}; where a segment is there both plain and compressed, removes the
     * plain file when the compressed one holds exactly its bytes, else the compressed one.
     *
     * @return one sentence per file removed
     */
    public static List<String> recover(Path root) throws IOException {
        List<String> done = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return done;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path p, BasicFileAttributes attrs) throws IOException {
                String name = p.getFileName().toString();
                if (!attrs.isRegularFile()) {
                    return FileVisitResult.CONTINUE;
                }
                if (name.endsWith(LogSegments.PARTIAL_SUFFIX)) {
                    Files.deleteIfExists(p);
                    done.add("removed " + p + " (an interrupted compression)");
                } else if (name.endsWith(LogSegments.GZIP_SUFFIX)) {
                    Path plain = p.resolveSibling(name.substring(0, name.length() - 3));
                    if (Files.isRegularFile(plain, LinkOption.NOFOLLOW_LINKS)) {
                        if (sameBytes(plain, p)) {
                            Files.delete(plain);
                            done.add("removed " + plain + " (its compressed copy " + p.getFileName() + " is complete)");
                        } else {
                            Files.delete(p);
                            done.add("removed " + p + " (it does not hold the bytes of " + plain.getFileName()
                                    + ", which is kept)");
                        }
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path p, IOException e) {
                return FileVisitResult.CONTINUE; // the source reports what cannot be read
            }
        });
        return done;
    }

    /**
     * What {@link #compressClosed} did.
     *
     * @param settled    sentences about what interrupted compressions had left
     * @param segments   the segments compressed
     * @param bytesIn    their plain size
     * @param bytesOut   their compressed size
     */
    public record Outcome(List<String> settled, int segments, long bytesIn, long bytesOut) {}

    /**
     * Compresses every plain segment of the log at {@code root} except, while a sink writes into
     * it, its two newest (which it may still append to); first settles what interrupted
     * compressions left ({@link #recover}).
     *
     * @throws IOException naming the file that cannot be compressed (those before it are done)
     */
    public static Outcome compressClosed(Path root) throws IOException {
        List<String> settled = recover(root);
        List<LogSegments.Segment> segments = LogSegments.list(root);
        long writable = RootLock.writer(root) == null || segments.isEmpty() ? Long.MAX_VALUE
                : segments.get(Math.max(0, segments.size() - 2)).start();
        int n = 0;
        long in = 0;
        long out = 0;
        for (LogSegments.Segment s : segments) {
            if (!s.compressed() && s.start() < writable) {
                in += s.bytes();
                out += compress(s.file(), () -> false);
                n++;
            }
        }
        return new Outcome(settled, n, in, out);
    }

    /** Whether the gzip file {@code gz} decompresses to exactly the bytes of {@code plain}. */
    static boolean sameBytes(Path plain, Path gz) {
        try (InputStream a = Files.newInputStream(plain, LinkOption.NOFOLLOW_LINKS);
                SegmentInput b = SegmentInput.open(gz)) {
            byte[] x = new byte[1 << 16];
            byte[] y = new byte[1 << 16];
            while (true) {
                int n = a.readNBytes(x, 0, x.length);
                int m = b.readNBytes(y, 0, y.length);
                if (n != m || b.torn() != null || !Arrays.equals(x, 0, n, y, 0, m)) {
                    return false;
                }
                if (n == 0) {
                    return true;
                }
            }
        } catch (NoSuchFileException gone) {
            return false;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot compare " + plain + " with " + gz + ": " + e.getMessage());
            return false;
        }
    }

    private static void syncFolder(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            if (e instanceof InterruptedIOException) {
                throw e;
            }
            // some file systems cannot fsync a folder; the rename is still atomic
        }
    }
}
