package io.bussdcc.jsonl;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.OptionalLong;

/** The segment layout: {@code ROOT/YYYY-MM-DD/HH-MM-SS.jsonl}, named by the segment's start in UTC. */
final class Segments {

    static final String SUFFIX = ".jsonl";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu-MM-dd");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH-mm-ss");
    private static final DateTimeFormatter BOTH = DateTimeFormatter.ofPattern("uuuu-MM-dd/HH-mm-ss");

    private Segments() {}

    /** The start (epoch second) of the segment holding {@code epochSecond}. */
    static long startOf(long epochSecond, long intervalSeconds) {
        return Math.floorDiv(epochSecond, intervalSeconds) * intervalSeconds;
    }

    // The seconds a name can hold: years -999,999,999 to +999,999,999 (an Instant goes one year further).
    private static final long FIRST_NAMED = LocalDateTime.MIN.toEpochSecond(ZoneOffset.UTC);
    private static final long LAST_NAMED = LocalDateTime.MAX.toEpochSecond(ZoneOffset.UTC);

    /**
     * The file of the segment starting at {@code startSecond}. A start beyond the years a name
     * can hold is named for the first or last second that can be named, which still sorts
     * before or after every other segment.
     */
    static Path file(Path root, long startSecond) {
        long named = Math.max(FIRST_NAMED, Math.min(LAST_NAMED, startSecond));
        LocalDateTime t = LocalDateTime.ofEpochSecond(named, 0, ZoneOffset.UTC);
        return root.resolve(DAY.format(t)).resolve(TIME.format(t) + SUFFIX);
    }

    /** The start of the segment a file is named for, if its last two path elements follow the layout. */
    static OptionalLong startOf(Path file) {
        int n = file.getNameCount();
        String name = file.getFileName().toString();
        if (n < 2 || !name.endsWith(SUFFIX)) {
            return OptionalLong.empty();
        }
        String text = file.getName(n - 2) + "/" + name.substring(0, name.length() - SUFFIX.length());
        try {
            return OptionalLong.of(LocalDateTime.parse(text, BOTH).toEpochSecond(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return OptionalLong.empty();
        }
    }
}
