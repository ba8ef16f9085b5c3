package io.bussdcc.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes a machine's system files below a test directory, as they sit below {@code /}. */
final class FixtureTree {

    private final Path root;

    FixtureTree(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** Writes {@code content} to {@code absolutePath} (as seen from the root). */
    FixtureTree file(String absolutePath, String content) {
        Path path = at(absolutePath);
        try {
            Files.createDirectories(path.getParent());
            Files.writeString(path, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Makes {@code absolutePath} a symbolic link to {@code target}, written as given (absolute or relative). */
    FixtureTree symlink(String absolutePath, String target) {
        Path path = at(absolutePath);
        try {
            Files.createDirectories(path.getParent());
            Files.createSymbolicLink(path, Path.of(target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Makes {@code absolutePath} a directory, where a file is expected. */
    FixtureTree directory(String absolutePath) {
        try {
            Files.createDirectories(at(absolutePath));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /**
     * Writes {@code content} to {@code absolutePath} and takes every permission away, as
     * {@code product_serial} is for anyone but root. Root reads such files anyway, so when the
     * test runs as root the file is replaced by a directory, which nobody can read as a file.
     *
     * @return whether permissions alone made it unreadable
     */
    boolean unreadable(String absolutePath, String content) {
        file(absolutePath, content);
        Path path = at(absolutePath);
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("---------"));
            try {
                Files.readAllBytes(path);
            } catch (AccessDeniedException denied) {
                return true;
            }
            Files.delete(path);
            Files.createDirectory(path);
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path at(String absolutePath) {
        return root.resolve(absolutePath.substring(1));
    }

    /** {@code count} processor blocks of an x86 {@code /proc/cpuinfo}. */
    static String x86CpuInfo(int count, String modelName) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append("processor\t: ").append(i).append('\n')
                    .append("vendor_id\t: GenuineIntel\n")
                    .append("cpu family\t: 6\n")
                    .append("model\t\t: 85\n")
                    .append("model name\t: ").append(modelName).append('\n')
                    .append("stepping\t: 7\n")
                    .append("cpu MHz\t\t: 2100.000\n")
                    .append("cache size\t: 28160 KB\n")
                    .append("physical id\t: ").append(i / 20).append('\n')
                    .append("flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr\n")
                    .append('\n');
        }
        return text.toString();
    }
}
