package io.bussdcc.identity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Reads small system files below a filesystem root. Anything missing or unreadable reads as
 * {@code null}: identity discovery reports what it can and never fails.
 *
 * <p>Paths are resolved as if the root were {@code /}: symbolic links with absolute targets
 * (a real {@code /proc/device-tree} points to {@code /sys/firmware/devicetree/base}) stay inside
 * the root, so a tree copied from a real machine is read as that machine and never leaks the
 * host's files into the result.
 */
final class SystemFiles {

    /** Larger than {@code /proc/cpuinfo} of a 256-CPU server; a guard against odd files, not a limit in practice. */
    private static final int MAX_BYTES = 4 << 20;
    /** As Linux's own limit on links followed in one lookup. */
    private static final int MAX_LINKS = 40;

    private final Path root;
    private final boolean realRoot;

    SystemFiles(Path root) {
        this.root = root;
        Path absolute = root.toAbsolutePath().normalize();
        this.realRoot = absolute.getFileSystem() == FileSystems.getDefault() && absolute.getNameCount() == 0;
    }

    /** Whether the root is this machine's own filesystem root, so facts from the JVM describe the same machine. */
    boolean isRealRoot() {
        return realRoot;
    }

    /**
     * The text of the file at {@code absolutePath} (as seen from the root) with NUL bytes
     * removed, or {@code null} when it is missing or unreadable.
     */
    String text(String absolutePath) {
        try (InputStream in = Files.newInputStream(resolve(absolutePath))) {
            byte[] bytes = in.readNBytes(MAX_BYTES);
            return new String(bytes, StandardCharsets.UTF_8).replace("\0", "");
        } catch (IOException | SecurityException unreadable) {
            return null;
        }
    }

    /** The file's content as one value: see {@link #clean}. */
    String value(String absolutePath) {
        return clean(text(absolutePath));
    }

    /** The first of {@code absolutePaths} that holds a value, or {@code null}. */
    String firstValue(String... absolutePaths) {
        for (String path : absolutePaths) {
            String value = value(path);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /**
     * {@code raw} without NUL bytes (device-tree strings end in one) and surrounding whitespace
     * (files end in a newline); {@code null} when nothing is left.
     */
    static String clean(String raw) {
        if (raw == null) {
            return null;
        }
        String value = raw.replace("\0", "").strip();
        return value.isEmpty() ? null : value;
    }

    /** {@code absolutePath} below the root, following symbolic links as a chroot would. */
    Path resolve(String absolutePath) throws IOException {
        Deque<String> pending = new ArrayDeque<>(List.of(absolutePath.split("/")));
        List<String> resolved = new ArrayList<>();
        int links = 0;
        while (!pending.isEmpty()) {
            String part = pending.removeFirst();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!resolved.isEmpty()) {
                    resolved.removeLast(); // ".." at the root stays at the root
                }
                continue;
            }
            Path candidate = join(resolved).resolve(part);
            if (!Files.isSymbolicLink(candidate)) {
                resolved.add(part);
                continue;
            }
            if (++links > MAX_LINKS) {
                throw new FileSystemException(candidate.toString(), null, "too many levels of symbolic links");
            }
            Path target = Files.readSymbolicLink(candidate);
            if (target.isAbsolute()) {
                resolved.clear();
            }
            List<String> targetParts = new ArrayList<>();
            target.forEach(name -> targetParts.add(name.toString()));
            for (int i = targetParts.size() - 1; i >= 0; i--) {
                pending.addFirst(targetParts.get(i));
            }
        }
        return join(resolved);
    }

    private Path join(List<String> parts) {
        Path path = root;
        for (String part : parts) {
            path = path.resolve(part);
        }
        return path;
    }
}
