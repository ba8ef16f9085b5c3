package io.bussdcc.kafka;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The segments of a local JSONL log, as docs/jsonl-log.md lays them out:
 * {@code ROOT/YYYY-MM-DD/HH-MM-SS.jsonl}, named by their start in UTC, so that the order of
 * their relative paths is the order of time. Anything else below the root ({@code .lock}, the
 * shipper's checkpoint, stray files) is not a segment.
 *
 * <p>This is a deliberately small second reader of that layout (the JSONL module's source is
 * the other): plugins do not depend on each other, and the shipper only needs the file names
 * and their bytes, never decoded events.
 */
final class LogSegments {

    private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern SEGMENT = Pattern.compile("\\d{2}-\\d{2}-\\d{2}\\.jsonl");

    private LogSegments() {}

    /**
     * The segments below {@code root}, as relative paths with {@code /} ({@code 2026-03-09/23-40-00.jsonl}),
     * sorted; empty when the root does not exist yet (the log has not started).
     */
    static List<String> list(Path root) throws IOException {
        List<String> found = new ArrayList<>();
        try (DirectoryStream<Path> days = Files.newDirectoryStream(root)) {
            for (Path day : days) {
                String d = day.getFileName().toString();
                if (!DAY.matcher(d).matches() || !Files.isDirectory(day)) {
                    continue;
                }
                try (DirectoryStream<Path> files = Files.newDirectoryStream(day)) {
                    for (Path f : files) {
                        String name = f.getFileName().toString();
                        if (SEGMENT.matcher(name).matches() && Files.isRegularFile(f)) {
                            found.add(d + "/" + name);
                        }
                    }
                } catch (NoSuchFileException gone) {
                    // removed while listing
                }
            }
        } catch (NoSuchFileException | NotDirectoryException notYet) {
            return List.of();
        }
        found.sort(null);
        return found;
    }

    /** The first segment after {@code segment} in {@code segments} (sorted), or {@code null}. */
    static String after(List<String> segments, String segment) {
        for (String s : segments) {
            if (s.compareTo(segment) > 0) {
                return s;
            }
        }
        return null;
    }

    /** Whether {@code name} is a segment's relative path as {@link #list} gives them. */
    static boolean isSegmentName(String name) {
        int slash = name.indexOf('/');
        return slash > 0 && DAY.matcher(name.substring(0, slash)).matches()
                && SEGMENT.matcher(name.substring(slash + 1)).matches();
    }
}
