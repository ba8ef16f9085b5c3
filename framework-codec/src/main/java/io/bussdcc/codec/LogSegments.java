package io.bussdcc.codec;

import io.bussdcc.api.SourceProblem;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The one reader of the JSONL log's layout, shared by the JSONL module and the Kafka shipper
 * (plugins do not depend on each other): {@code ROOT/YYYY-MM-DD/HH-MM-SS.jsonl}, named by the
 * segment's start in UTC, or {@code HH-MM-SS.jsonl.gz} once compressed. A segment keeps its
 * {@linkplain Segment#name() name} ({@code 2026-03-09/23-40-00.jsonl}) when it is compressed:
 * checkpoints and offsets refer to its uncompressed lines. Layout and lifecycle: docs/jsonl-log.md.
 *
 * <p>It also keeps, for this process, the segments readers still need ({@link #hold}): retention
 * never deletes one of those.
 */
public final class LogSegments {

    /** The suffix of a segment being written or not yet compressed. */
    public static final String SUFFIX = ".jsonl";
    /** The suffix of a compressed segment. */
    public static final String GZIP_SUFFIX = ".jsonl.gz";
    /** The suffix of a compressed segment being written: never a segment, removed at the sink's start. */
    public static final String PARTIAL_SUFFIX = ".jsonl.gz.part";

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu-MM-dd");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH-mm-ss");
    private static final DateTimeFormatter BOTH = DateTimeFormatter.ofPattern("uuuu-MM-dd/HH-mm-ss");
    // The seconds a name can hold: years -999,999,999 to +999,999,999 (an Instant goes one year further).
    private static final long FIRST_NAMED = LocalDateTime.MIN.toEpochSecond(ZoneOffset.UTC);
    private static final long LAST_NAMED = LocalDateTime.MAX.toEpochSecond(ZoneOffset.UTC);

    private LogSegments() {}

    /**
     * One segment of a log.
     *
     * @param name       its path below the root with {@code /}, always ending {@code .jsonl}
     * @param start      its start, epoch second
     * @param file       the file that holds it now: {@code .jsonl} or {@code .jsonl.gz}
     * @param compressed whether that file is gzip
     * @param bytes      the file's size on disk
     */
    public record Segment(String name, long start, Path file, boolean compressed, long bytes) {}

    /** What a walk of a log folder found: the segments in time order, other {@code .jsonl} files, and what it refused. */
    public record Listing(List<Segment> segments, List<Path> others, List<SourceProblem> refused) {

        /** Every file to read: the segments in time order, then the other files by relative path. */
        public List<Path> files() {
            List<Path> all = new ArrayList<>(segments.size() + others.size());
            segments.forEach(s -> all.add(s.file()));
            all.addAll(others);
            return all;
        }

        /** The bytes of all segments on disk. */
        public long bytes() {
            return segments.stream().mapToLong(Segment::bytes).sum();
        }
    }

    /** The start (epoch second) of the segment holding {@code epochSecond}. */
    public static long startOf(long epochSecond, long intervalSeconds) {
        return Math.floorDiv(epochSecond, intervalSeconds) * intervalSeconds;
    }

    /**
     * The plain file of the segment starting at {@code startSecond}. A start beyond the years a
     * name can hold is named for the first or last second that can be named, which still sorts
     * before or after every other segment.
     */
    public static Path file(Path root, long startSecond) {
        return root.resolve(name(startSecond));
    }

    /** The name of the segment starting at {@code startSecond}: {@code 2026-03-09/23-40-00.jsonl}. */
    public static String name(long startSecond) {
        long named = Math.max(FIRST_NAMED, Math.min(LAST_NAMED, startSecond));
        LocalDateTime t = LocalDateTime.ofEpochSecond(named, 0, ZoneOffset.UTC);
        return DAY.format(t) + "/" + TIME.format(t) + SUFFIX;
    }

    /** The compressed file of a plain segment file: {@code X.jsonl} → {@code X.jsonl.gz}. */
    public static Path compressedFile(Path plain) {
        return plain.resolveSibling(plain.getFileName() + ".gz");
    }

    /**
     * The start of the segment a file is named for, if its last two path elements follow the
     * layout ({@code .jsonl} or {@code .jsonl.gz}).
     */
    public static OptionalLong startOf(Path file) {
        int n = file.getNameCount();
        if (n < 2) {
            return OptionalLong.empty();
        }
        return startOfName(file.getName(n - 2) + "/" + file.getFileName());
    }

    /** Whether {@code name} is a segment's name as {@link Segment#name()} gives them. */
    public static boolean isSegmentName(String name) {
        return name.endsWith(SUFFIX) && startOfName(name).isPresent();
    }

    private static OptionalLong startOfName(String name) {
        String stem;
        if (name.endsWith(SUFFIX)) {
            stem = name.substring(0, name.length() - SUFFIX.length());
        } else if (name.endsWith(GZIP_SUFFIX)) {
            stem = name.substring(0, name.length() - GZIP_SUFFIX.length());
        } else {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(LocalDateTime.parse(stem, BOTH).toEpochSecond(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * The segments of the layout below {@code root}, in time order; empty when the
     * root does not exist yet. Links are never followed. When a segment is there both plain and
     * compressed (a compression was interrupted after its file was complete), the plain file is
     * the segment: the sink removes the other at its next start.
     */
    public static List<Segment> list(Path root) throws IOException {
        try {
            return walk(root, false).segments();
        } catch (NoSuchFileException | NotDirectoryException notYet) {
            return List.of();
        }
    }

    /**
     * Walks a log folder: segments of the layout, any other {@code .jsonl} or {@code .jsonl.gz}
     * file below it ({@code others} only when {@code withOthers}), and, as problems of line 0,
     * symbolic links naming a segment or folder (never followed) and folders that cannot be
     * listed. The root itself is followed when it is a link.
     *
     * @throws IOException if the root does not exist or cannot be listed
     */
    public static Listing walk(Path root, boolean withOthers) throws IOException {
        Path start = root.toRealPath();
        Map<String, Segment> plain = new HashMap<>();
        Map<String, Segment> compressed = new HashMap<>();
        List<Path> others = new ArrayList<>();
        List<SourceProblem> refused = new ArrayList<>();
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            private Path named(Path p) {
                return root.resolve(start.relativize(p).toString());
            }

            @Override
            public FileVisitResult visitFile(Path p, BasicFileAttributes attrs) {
                String fileName = p.getFileName().toString();
                boolean logName = fileName.endsWith(SUFFIX) || fileName.endsWith(GZIP_SUFFIX);
                if (attrs.isSymbolicLink()) {
                    if (logName || Files.isDirectory(p)) {
                        refused.add(new SourceProblem(named(p).toString(), 0, "not read: a symbolic link" + target(p)
                                + " (a log folder holds no links; copy what it points to into the log to read it)"));
                    }
                    return FileVisitResult.CONTINUE;
                }
                if (!logName || !attrs.isRegularFile()) {
                    return FileVisitResult.CONTINUE;
                }
                Path relative = start.relativize(p);
                OptionalLong segmentStart = startOf(relative);
                if (segmentStart.isPresent()) {
                    boolean gz = fileName.endsWith(GZIP_SUFFIX);
                    String path = relativeName(start, p);
                    String name = gz ? path.substring(0, path.length() - 3) : path;
                    (gz ? compressed : plain).put(name, new Segment(name, segmentStart.getAsLong(), named(p), gz,
                            attrs.size()));
                } else if (withOthers) {
                    others.add(named(p));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path p, IOException e) throws IOException {
                if (p.equals(start)) {
                    throw e;
                }
                if (!(e instanceof NoSuchFileException)) { // removed while walking: not a problem
                    refused.add(new SourceProblem(named(p).toString(), 0, "cannot be read, left out: " + e));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    if (d.equals(start)) {
                        throw e;
                    }
                    refused.add(new SourceProblem(named(d).toString(), 0, "cannot be listed completely: " + e));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        Map<String, Segment> all = new LinkedHashMap<>(compressed);
        all.putAll(plain); // the plain file wins: it is the original, complete until it is removed
        List<Segment> segments = new ArrayList<>(all.values());
        segments.sort(Comparator.comparingLong(Segment::start).thenComparing(Segment::name));
        others.sort(Comparator.comparing(p -> relativeName(root, p)));
        return new Listing(segments, others, refused);
    }

    /** The first segment after the one named {@code name} in {@code segments} (in time order), or {@code null}. */
    public static Segment after(List<Segment> segments, String name) {
        OptionalLong start = startOfName(name);
        for (Segment s : segments) {
            if (start.isPresent() ? s.start() > start.getAsLong() : s.name().compareTo(name) > 0) {
                return s;
            }
        }
        return null;
    }

    private static String relativeName(Path root, Path file) {
        StringBuilder b = new StringBuilder();
        for (Path part : root.relativize(file)) {
            if (!b.isEmpty()) {
                b.append('/');
            }
            b.append(part);
        }
        return b.toString();
    }

    private static String target(Path link) {
        try {
            return " to " + Files.readSymbolicLink(link);
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }

    // ---- segments readers of this process still need ----------------------------------------

    // Process-wide by necessity: the sink's retention must see the readers of every module in
    // this JVM (a replay's source, the Kafka shipper), which share nothing else.
    private static final Map<Path, Integer> HELD = new HashMap<>();

    /** A claim on a segment; {@link #close} releases it. */
    public static final class Hold implements AutoCloseable {
        private final Path key;
        private boolean released;

        private Hold(Path key) {
            this.key = key;
        }

        @Override
        public void close() {
            synchronized (HELD) {
                if (!released) {
                    released = true;
                    HELD.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1);
                }
            }
        }
    }

    /**
     * Claims the segment of {@code file} (plain or compressed) for a reader of this process:
     * until released, retention does not delete it.
     */
    public static Hold hold(Path file) {
        Path key = key(file);
        synchronized (HELD) {
            HELD.merge(key, 1, Integer::sum);
        }
        return new Hold(key);
    }

    /** Whether a reader of this process holds the segment of {@code file}. */
    public static boolean isHeld(Path file) {
        Path key = key(file);
        synchronized (HELD) {
            return HELD.containsKey(key);
        }
    }

    private static Path key(Path file) {
        Objects.requireNonNull(file, "file");
        String name = file.getFileName().toString();
        Path plain = name.endsWith(GZIP_SUFFIX) ? file.resolveSibling(name.substring(0, name.length() - 3)) : file;
        Path absolute = plain.toAbsolutePath().normalize();
        try {
            Path parent = absolute.getParent().toRealPath();
            return parent.resolve(absolute.getFileName());
        } catch (IOException | RuntimeException e) {
            return absolute;
        }
    }
}
