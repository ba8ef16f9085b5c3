package io.bussdcc.codec;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The bytes of one log file, plain or gzip ({@code .jsonl.gz}), read the same way. A gzip file
 * cut short (a crash while it was written, a copy broken off) ends the stream where its data
 * ends instead of failing: {@link #torn()} then says why, and everything before it is read.
 * A file named {@code .gz} that is not gzip fails at {@link #open}, naming it.
 */
public final class SegmentInput extends InputStream {

    private final Path file;
    private final InputStream in;
    private final boolean compressed;
    private String torn;
    private long position;

    private SegmentInput(Path file, InputStream in, boolean compressed) {
        this.file = file;
        this.in = in;
        this.compressed = compressed;
    }

    /**
     * Opens {@code file}; one named {@code .gz} is decompressed. When a plain segment is gone
     * (compressed meanwhile) its {@code .gz} is opened instead.
     *
     * @throws IOException naming the file when it cannot be opened, or is named {@code .gz} but
     *                     does not hold gzip
     */
    public static SegmentInput open(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (name.endsWith(".gz")) {
            return openCompressed(file);
        }
        try {
            return new SegmentInput(file, Files.newInputStream(file), false);
        } catch (NoSuchFileException gone) {
            Path gz = LogSegments.compressedFile(file);
            if (name.endsWith(LogSegments.SUFFIX) && Files.isRegularFile(gz, LinkOption.NOFOLLOW_LINKS)) {
                return openCompressed(gz); // compressed since it was listed
            }
            throw gone;
        }
    }

    private static SegmentInput openCompressed(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            return new SegmentInput(file, new GZIPInputStream(raw, 1 << 16), true);
        } catch (ZipException | EOFException e) {
            raw.close();
            throw new IOException(file + " is named .gz but is not gzip (" + e.getMessage() + "); it was not read:"
                    + " rename it to .jsonl if it holds plain lines, or restore it from a copy", e);
        } catch (IOException e) {
            raw.close();
            throw e;
        }
    }

    /** The file read. */
    public Path file() {
        return file;
    }

    /** Whether the file is gzip. */
    public boolean compressed() {
        return compressed;
    }

    /** The bytes (uncompressed) delivered so far. */
    public long position() {
        return position;
    }

    /** Why the data ended early, when a compressed file was cut short; {@code null} otherwise. */
    public String torn() {
        return torn;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (torn != null) {
            return -1;
        }
        try {
            int n = in.read(b, off, len);
            if (n > 0) {
                position += n;
            }
            return n;
        } catch (EOFException | ZipException e) {
            if (!compressed) {
                throw e;
            }
            torn = "the compressed file ends early (" + e.getMessage() + ") after " + position
                    + " bytes of lines: the rest of the segment is lost";
            return -1;
        }
    }

    /** Skips {@code n} bytes of data (uncompressed); the number skipped, fewer at the end. */
    @Override
    public long skip(long n) throws IOException {
        byte[] scratch = new byte[(int) Math.min(n, 1 << 16)];
        long skipped = 0;
        while (skipped < n) {
            int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
