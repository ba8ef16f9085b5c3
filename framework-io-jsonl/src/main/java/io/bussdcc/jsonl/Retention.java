package io.bussdcc.jsonl;

import io.bussdcc.codec.LogSegments;
import io.bussdcc.codec.LogSegments.Segment;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How much of a JSONL log to keep: segments older than a maximum age, and the oldest segments
 * beyond a total size, are removed — never the segment a sink writes or may still write into,
 * nor one a reader in this process holds ({@link LogSegments#hold}). The sink applies it at its
 * start and at each new segment; {@code bussdcc log prune} applies it on demand. Immutable.
 * Guide: docs/jsonl-log.md ("Retention and compression").
 */
public final class Retention {

    private static final Retention KEEP_ALL = new Retention(null, null);
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kKmMgGtT]?)(i?[bB])?");

    private final Duration maxAge;
    private final Long maxBytes;

    private Retention(Duration maxAge, Long maxBytes) {
        this.maxAge = maxAge;
        this.maxBytes = maxBytes;
    }

    /** Keeps everything: the default. */
    public static Retention keepAll() {
        return KEEP_ALL;
    }

    /**
     * This retention, also removing segments whose newest event is older than {@code age}.
     *
     * @throws IllegalArgumentException if {@code age} is zero or negative
     */
    public Retention maxAge(Duration age) {
        Objects.requireNonNull(age, "age");
        if (age.isZero() || age.isNegative()) {
            throw new IllegalArgumentException("a retention age must be positive (e.g. 30d): " + age);
        }
        return new Retention(age, maxBytes);
    }

    /**
     * This retention, also removing the oldest segments while all of them take more than
     * {@code bytes} on disk.
     *
     * @throws IllegalArgumentException if {@code bytes} is zero or negative
     */
    public Retention maxBytes(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("a retention size must be positive (e.g. 2G): " + bytes);
        }
        return new Retention(maxAge, bytes);
    }

    /** The maximum age, if one is set. */
    public Optional<Duration> maxAge() {
        return Optional.ofNullable(maxAge);
    }

    /** The maximum total size in bytes, if one is set. */
    public OptionalLong maxBytes() {
        return maxBytes == null ? OptionalLong.empty() : OptionalLong.of(maxBytes);
    }

    /** Whether this retention removes anything at all. */
    public boolean keepsAll() {
        return maxAge == null && maxBytes == null;
    }

    /**
     * Reads a size: {@code 500000}, {@code 512K}, {@code 200M}, {@code 2G}, {@code 1.5GB},
     * {@code 2GiB} (K, M, G, T are powers of 1024).
     *
     * @throws IllegalArgumentException naming the text when it is not a positive size
     */
    public static long parseBytes(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size: write e.g. 500M, 2G or 1073741824");
        }
        int shift = switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            case "T" -> 40;
            default -> 0;
        };
        double value = Double.parseDouble(m.group(1)) * (1L << shift);
        if (value < 1 || value >= Long.MAX_VALUE) {
            throw new IllegalArgumentException("a retention size must be positive and below 8 EiB: '" + text + "'");
        }
        return (long) value;
    }

    /** A segment to remove, and why. */
    public record Removal(Segment segment, String reason) {}

    /** What {@link #prune} did or, in a dry run, would do: removals, and segments kept although over the limits. */
    public record Outcome(List<Removal> removed, List<Removal> spared, long bytesBefore, long bytesAfter) {}

    /**
     * The segments to remove from {@code segments} (in time order) at {@code now}.
     *
     * @param keep segments never removed (the open one, those a reader holds); they still count
     *             towards the size
     */
    public Outcome plan(List<Segment> segments, Instant now, Predicate<Segment> keep) {
        List<Removal> removed = new ArrayList<>();
        List<Removal> spared = new ArrayList<>();
        long total = segments.stream().mapToLong(Segment::bytes).sum();
        long before = total;
        boolean[] gone = new boolean[segments.size()];
        if (maxAge != null) {
            Instant limit = now.minus(maxAge);
            for (int i = 0; i < segments.size(); i++) {
                Segment s = segments.get(i);
                // Its events are before the next segment's start, and before its file was last written.
                Instant end = modified(s);
                if (i + 1 < segments.size()) {
                    Instant next = Instant.ofEpochSecond(segments.get(i + 1).start());
                    end = end == null || next.isBefore(end) ? next : end;
                }
                if (end != null && !end.isAfter(limit)) {
                    if (keep.test(s)) {
                        spared.add(new Removal(s, "older than " + text(maxAge) + " but in use"));
                    } else {
                        gone[i] = true;
                        total -= s.bytes();
                        removed.add(new Removal(s, "older than " + text(maxAge) + " (its last event is before "
                                + end + ")"));
                    }
                }
            }
        }
        if (maxBytes != null) {
            for (int i = 0; i < segments.size() && total > maxBytes; i++) {
                Segment s = segments.get(i);
                if (gone[i]) {
                    continue;
                }
                if (keep.test(s)) {
                    spared.add(new Removal(s, "the log is over " + maxBytes + " bytes but this segment is in use"));
                    continue;
                }
                gone[i] = true;
                removed.add(new Removal(s, "the log took " + total + " bytes, more than " + maxBytes));
                total -= s.bytes();
            }
        }
        removed.sort(java.util.Comparator.comparingLong(r -> r.segment().start()));
        return new Outcome(List.copyOf(removed), List.copyOf(spared), before, total);
    }

    /**
     * Applies this retention to the log at {@code root}: removes (or, when {@code dryRun}, only
     * lists) what {@link #plan} selects, keeping also the segments {@code keep} names, those a
     * reader of this process holds and, while a sink writes into the root (it holds
     * {@code ROOT/.lock}), its two newest segments; then removes day folders left empty.
     *
     * @throws IOException if the log cannot be listed, or a segment cannot be removed (the
     *                     message names it; what was removed before it stays removed)
     */
    public Outcome prune(Path root, Instant now, Predicate<Segment> keep, boolean dryRun) throws IOException {
        List<Segment> segments = LogSegments.walk(root, false).segments();
        // A live writer may still write into its newest segment and, for a late event, the one before.
        long writable = RootLock.writer(root) == null || segments.isEmpty() ? Long.MAX_VALUE
                : segments.get(Math.max(0, segments.size() - 2)).start();
        Outcome plan = plan(segments, now, s -> s.start() >= writable || keep.test(s) || LogSegments.isHeld(s.file()));
        if (dryRun) {
            return plan;
        }
        List<Removal> removed = new ArrayList<>();
        List<Removal> spared = new ArrayList<>(plan.spared());
        long after = plan.bytesBefore();
        for (Removal r : plan.removed()) {
            Path file = r.segment().file();
            if (LogSegments.isHeld(file)) {
                spared.add(new Removal(r.segment(), r.reason() + ", but a reader took it meanwhile"));
                continue;
            }
            try {
                Files.deleteIfExists(file);
                if (!r.segment().compressed()) {
                    Files.deleteIfExists(LogSegments.compressedFile(file)); // a compression's complete copy
                }
            } catch (IOException e) {
                throw new IOException("cannot remove " + file + " (retention): " + e.getMessage(), e);
            }
            removed.add(r);
            after -= r.segment().bytes();
            Path day = file.getParent();
            if (!day.equals(root)) {
                try {
                    Files.deleteIfExists(day);
                } catch (DirectoryNotEmptyException | NoSuchFileException stillUsed) {
                    // other segments of the day remain
                }
            }
        }
        return new Outcome(List.copyOf(removed), List.copyOf(spared), plan.bytesBefore(), after);
    }

    private static Instant modified(Segment s) {
        try {
            return Files.getLastModifiedTime(s.file()).toInstant();
        } catch (IOException e) {
            return null;
        }
    }

    /** {@code 30d}, {@code 12h}, {@code 90m}, {@code 45s}: the largest whole unit. */
    static String text(Duration d) {
        long s = d.toSeconds();
        if (s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return d.toMillis() % 1000 == 0 ? s + "s" : d.toMillis() + "ms";
    }

    @Override
    public String toString() {
        if (keepsAll()) {
            return "keep all";
        }
        List<String> parts = new ArrayList<>();
        if (maxAge != null) {
            parts.add("max age " + text(maxAge));
        }
        if (maxBytes != null) {
            parts.add("max size " + maxBytes + " bytes");
        }
        return String.join(", ", parts);
    }
}
